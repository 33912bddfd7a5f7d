/* Shared by the wrapper files: calling the real function, and the
 * exported-symbol attribute. */
#ifndef LOCKGRAPH_INTERCEPT_H
#define LOCKGRAPH_INTERCEPT_H

#include "lockgraph.h"
#include "real.h"

#define LG_EXPORT __attribute__((visibility("default")))
/* The real function, resolving the table first if a wrapper runs very early. */
#define REAL(name) (LG_LIKELY(lg_real.name != NULL) ? lg_real.name : (lg_real_resolve(), lg_real.name))

/* The same, on a wrapper's inline fast path, which runs only once the
 * detector is ready and so every real function is resolved. */
#define REAL_READY(name) (lg_real.name)

/* First thing in an acquiring wrapper: remember the caller's frame, so a
 * later report can rebuild this acquisition's whole stack. */
#define LG_NOTE_CALL_SITE() (lg_tls.call_cfa = (uintptr_t)__builtin_dwarf_cfa())

enum lg_how { LG_BLOCKING, LG_TRY, LG_TIMED };

/* Mutex acquisition shared by pthread_mutex_* and C11 mtx_*. */
int lg_mutex_acquire(pthread_mutex_t *m, uintptr_t pc, enum lg_how how, clockid_t clock,
                     const struct timespec *abstime) LG_HIDDEN;
int lg_mutex_release(pthread_mutex_t *m, uintptr_t pc) LG_HIDDEN;
int lg_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t pc, clockid_t clock,
                 const struct timespec *abstime, int timed_kind) LG_HIDDEN;
enum { LG_COND_UNTIMED, LG_COND_TIMEDWAIT, LG_COND_CLOCKWAIT };

#endif
