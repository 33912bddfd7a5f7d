/* The entry points of schedule exploration (schedule.c) that find the calling
 * thread, and sched_yield and the sleeps: scheduling points under pct, plain
 * calls to libc otherwise. The detector's own sleeps (watchdog, steering) go
 * straight through: they run with in_detector set. */
#include "intercept.h"
#include "schedule.h"

#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

void lg_sched_point_slow(const char *what)
{
    struct lg_thread *t = lg_active() ? lg_self() : NULL;
    if (t)
        lg_sched_point_thread(t, what);
}

static bool exploring(void)
{
    return LG_UNLIKELY(lg_sched_mode == LG_SCHED_PCT) && !lg_tls.in_detector;
}

LG_EXPORT int sched_yield(void)
{
    struct lg_thread *t = exploring() && lg_active() ? lg_self() : NULL;
    if (t)
        lg_sched_yield_thread(t);
    return REAL(sched_yield)();
}

/* A sleep under pct: the turn is given up for its length, errno kept. */
#define SLEEP_WRAPPER(ret, name, params, args)                                  \
    LG_EXPORT ret name params                                                   \
    {                                                                           \
        if (!exploring())                                                       \
            return REAL(name) args;                                             \
        struct lg_thread *t = lg_active() ? lg_self() : NULL;                   \
        if (t)                                                                  \
            lg_sched_block_slow(t);                                             \
        ret r = REAL(name) args;                                                \
        int saved = errno;                                                      \
        if (t)                                                                  \
            lg_sched_unblock_slow(t);                                           \
        errno = saved;                                                          \
        return r;                                                               \
    }

SLEEP_WRAPPER(int, nanosleep, (const struct timespec *req, struct timespec *rem), (req, rem))
SLEEP_WRAPPER(int, clock_nanosleep,
              (clockid_t clock, int flags, const struct timespec *req, struct timespec *rem),
              (clock, flags, req, rem))
SLEEP_WRAPPER(int, usleep, (useconds_t usec), (usec))
SLEEP_WRAPPER(unsigned, sleep, (unsigned seconds), (seconds))
