/* Condition variables. A wait releases its mutex and takes it back inside
 * glibc, where no wrapper sees it, so the wait is modelled as unlock, wait,
 * lock. Untimed waits are not cut into slices: returning early would be a
 * spurious wakeup the program did not have. */
#include "intercept.h"
#include "schedule.h"
#include "trace.h"

#include <errno.h>
#include <threads.h>

/* The mutex a condition variable is used with, and how many waits with it
 * are in progress, in one word (lg_locks.cond_mutex by the cond's id): the
 * count in the top 16 bits, the mutex address below (user addresses fit in
 * 48 bits on x86-64). POSIX binds a condition variable to a mutex only while
 * threads wait on it: once the last wait returns, another mutex may follow. */
#define WAITER_ONE ((uintptr_t)1 << 48)
#define WAITER_ADDR (WAITER_ONE - 1)
static atomic_long waits_in_progress;  /* counted waits, all condition variables */

/* A wait with mutex m begins. False when other waits are in progress with
 * another mutex (a misuse), or the word cannot count this one: the wait is
 * then not counted, and wait_unbind must not be called for it. */
static bool wait_bind(atomic_uintptr_t *word, uintptr_t m, bool *misuse)
{
    *misuse = false;
    if (m & ~WAITER_ADDR)
        return false;
    uintptr_t old = atomic_load(word);
    for (;;) {
        uintptr_t n = old >> 48;
        if (n && (old & WAITER_ADDR) != m) {
            *misuse = true;
            return false;
        }
        if (n == 0xffff)
            return false;       /* 65535 waits at once: this one goes uncounted */
        uintptr_t next = ((n + 1) << 48) | m;
        if (atomic_compare_exchange_weak(word, &old, next)) {
            atomic_fetch_add(&waits_in_progress, 1);
            return true;
        }
    }
}

/* A wait counted by wait_bind has returned (or was cancelled). */
static void wait_unbind(atomic_uintptr_t *word)
{
    atomic_fetch_sub(word, WAITER_ONE);
    atomic_fetch_sub(&waits_in_progress, 1);
}

/* In a fork child the waiting threads are gone, and so are their waits (the
 * forking thread is in none). Only scanned when some wait was in progress. */
void lg_conds_after_fork_child(void)
{
    if (!atomic_load(&waits_in_progress) || !lg_locks.cond_mutex)
        return;
    uint32_t n = lg_lock_count();
    for (uint32_t id = 1; id <= n; id++)
        if (atomic_load_explicit(&lg_locks.cond_mutex[id], memory_order_relaxed) >> 48)
            atomic_fetch_and(&lg_locks.cond_mutex[id], WAITER_ADDR);
    atomic_store(&waits_in_progress, 0);
}

/* What a wait must undo when it ends, normally or by cancellation. */
struct wait_end {
    struct lg_thread *t;
    struct lg_lock *mutex;   /* NULL when the detector does not follow this wait */
    bool blocked;            /* untimed: announced as blocked */
    uintptr_t pc;
    atomic_uintptr_t *bound; /* the cond's binding word, when this wait is counted in it */
};

/* A thread cancelled in a condition wait gets its mutex back before its
 * cleanup handlers run (POSIX), and those commonly unlock it: record it as
 * held again first, or that unlock would look like a bad unlock. */
static void wait_cancelled(void *arg)
{
    struct wait_end *e = arg;
    if (e->bound)
        wait_unbind(e->bound);
    if (!e->mutex)
        return;
    if (e->blocked)
        lg_block_end(e->t);
    else if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_WAIT_END, e->t->serial, 0, 0, 0);
    lg_after_acquire(e->t, e->mutex, LG_WRITE, true, e->pc);
}

int lg_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t pc, clockid_t clock,
                 const struct timespec *abstime, int timed_kind)
{
    lg_sched_point("waits");
    struct lg_thread *t = lg_self();
    struct lg_lock *ml = t ? lg_lock_get((uintptr_t)m, LG_MUTEX, pc) : NULL;
    struct lg_lock *cl = t ? lg_lock_get((uintptr_t)c, LG_COND, pc) : NULL;
    bool held = false;
    atomic_uintptr_t *bound = NULL;
    if (ml && cl) {
        held = lg_held_find(t, ml) != NULL;
        if (!held)
            lg_report_misuse(LG_K_COND_MISUSE,
                             "wait on a condition variable without holding its mutex", t, ml, 0);
        bool misuse;
        if (wait_bind(&lg_locks.cond_mutex[cl->id], (uintptr_t)m, &misuse))
            bound = &lg_locks.cond_mutex[cl->id];
        if (misuse)
            lg_report_misuse(LG_K_COND_MISUSE,
                             "one condition variable used with two different mutexes at once", t,
                             ml, 0);
        if (held)
            lg_release(t, ml, pc);
        if (timed_kind == LG_COND_UNTIMED)
            lg_block_begin(t, LG_BLOCK_COND, (uintptr_t)c, LG_WRITE, pc, false);
        else if (LG_UNLIKELY(lg_trace_on))      /* a timed wait is a wait in the trace too */
            lg_trace_wait(t, LG_BLOCK_COND, (uintptr_t)c, pc);
    }
    int r;
    struct wait_end end = {t, ml && cl ? ml : NULL, timed_kind == LG_COND_UNTIMED, pc, bound};
    /* built with -fexceptions: this runs when cancellation unwinds the wait */
    pthread_cleanup_push(wait_cancelled, &end);
    if (timed_kind != LG_COND_UNTIMED && t)
        lg_sched_block(t);      /* untimed waits: in lg_block_begin */
    switch (timed_kind) {
    case LG_COND_TIMEDWAIT: r = REAL(pthread_cond_timedwait)(c, m, abstime); break;
    case LG_COND_CLOCKWAIT: r = REAL(pthread_cond_clockwait)(c, m, clock, abstime); break;
    default: r = REAL(pthread_cond_wait)(c, m); break;
    }
    if (timed_kind != LG_COND_UNTIMED && t)
        lg_sched_unblock(t);
    pthread_cleanup_pop(0);
    if (bound)
        wait_unbind(bound);
    if (ml && cl) {
        if (timed_kind == LG_COND_UNTIMED)
            lg_block_end(t);
        else if (LG_UNLIKELY(lg_trace_on))
            lg_trace_record(LG_TR_WAIT_END, t->serial, 0, 0, 0);
        /* glibc returns holding the mutex, even from EINVAL (a bad time or
         * clock is refused before it lets go), but for EPERM (the caller did
         * not own it) and ENOTRECOVERABLE */
        bool retaken = held ? r != EPERM && r != ENOTRECOVERABLE
                            : r == 0 || r == ETIMEDOUT || r == EOWNERDEAD;
        if (retaken)
            lg_after_acquire(t, ml, LG_WRITE, true, pc);
    }
    return r;
}

LG_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
    bool active = lg_active();
    if (active)
        lg_check_cond_init(c);
    int r = REAL(pthread_cond_init)(c, attr);
    if (r == 0 && active)
        lg_lock_forget((uintptr_t)c);
    return r;
}

LG_EXPORT int pthread_cond_destroy(pthread_cond_t *c)
{
    if (!lg_active())
        return REAL(pthread_cond_destroy)(c);
    struct lg_thread *t = lg_self();
    bool waited_on = lg_check_cond_destroy(c);
    lg_lock_forget((uintptr_t)c);
    /* glibc waits for the waiters: a wait like any other for the watchdog */
    if (waited_on && t)
        lg_block_begin(t, LG_BLOCK_COND, (uintptr_t)c, LG_WRITE, LG_CALLER_PC(), true);
    int r = REAL(pthread_cond_destroy)(c);
    if (waited_on && t)
        lg_block_end(t);
    return r;
}

LG_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_cond_wait)(c, m);
    return lg_cond_wait(c, m, LG_CALLER_PC(), 0, NULL, LG_COND_UNTIMED);
}

LG_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                     const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_cond_timedwait)(c, m, abstime);
    return lg_cond_wait(c, m, LG_CALLER_PC(), 0, abstime, LG_COND_TIMEDWAIT);
}

LG_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
                                     const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_cond_clockwait)(c, m, clock, abstime);
    return lg_cond_wait(c, m, LG_CALLER_PC(), clock, abstime, LG_COND_CLOCKWAIT);
}

LG_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
    lg_sched_point("signals");
    return REAL(pthread_cond_signal)(c);
}

LG_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
    lg_sched_point("broadcasts");
    return REAL(pthread_cond_broadcast)(c);
}

/* ---- C11 ---- */

LG_EXPORT int cnd_wait(cnd_t *c, mtx_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(cnd_wait)(c, m);
    int r = lg_cond_wait((pthread_cond_t *)c, (pthread_mutex_t *)m, LG_CALLER_PC(), 0, NULL,
                         LG_COND_UNTIMED);
    return r == 0 ? thrd_success : thrd_error;
}

LG_EXPORT int cnd_timedwait(cnd_t *__restrict c, mtx_t *__restrict m,
                            const struct timespec *__restrict abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(cnd_timedwait)(c, m, abstime);
    int r = lg_cond_wait((pthread_cond_t *)c, (pthread_mutex_t *)m, LG_CALLER_PC(), 0, abstime,
                         LG_COND_TIMEDWAIT);
    return r == 0 ? thrd_success : r == ETIMEDOUT ? thrd_timedout : thrd_error;
}
