/* Barriers and semaphores: no owner, so no lock order; they matter for hangs. */
#include "intercept.h"
#include "schedule.h"

#include <errno.h>

LG_EXPORT int pthread_barrier_wait(pthread_barrier_t *b)
{
    lg_sched_point("waits at a barrier");
    if (!lg_active())
        return REAL(pthread_barrier_wait)(b);
    struct lg_thread *t = lg_self();
    if (t)
        lg_block_begin(t, LG_BLOCK_BARRIER, (uintptr_t)b, LG_WRITE, LG_CALLER_PC(), true);
    int r = REAL(pthread_barrier_wait)(b);
    if (t)
        lg_block_end(t);
    return r;
}

LG_EXPORT int sem_wait(sem_t *s)
{
    lg_sched_point("waits on a semaphore");
    if (!lg_active())
        return REAL(sem_wait)(s);
    struct lg_thread *t = lg_self();
    if (!t)
        return REAL(sem_wait)(s);
    int saved = errno;
    if (REAL(sem_trywait)(s) == 0)
        return 0;
    if (errno != EAGAIN)
        return REAL(sem_wait)(s);
    errno = saved;
    /* the real, untimed wait: a timed one would return EINTR where sem_wait
     * restarts after an SA_RESTART handler; the caller's pc names the wait */
    lg_block_begin(t, LG_BLOCK_SEM, (uintptr_t)s, LG_WRITE, LG_CALLER_PC(), false);
    int r = REAL(sem_wait)(s);
    saved = errno;
    lg_block_end(t);
    errno = saved;
    return r;
}

LG_EXPORT int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
    if (LG_LIKELY(!lg_sched_mode))
        return REAL(sem_timedwait)(s, abstime);
    lg_sched_point("waits on a semaphore");
    struct lg_thread *t = lg_active() ? lg_self() : NULL;
    if (t)
        lg_sched_block(t);
    int r = REAL(sem_timedwait)(s, abstime);
    int saved = errno;
    if (t)
        lg_sched_unblock(t);
    errno = saved;
    return r;
}

LG_EXPORT int sem_post(sem_t *s)
{
    lg_sched_point("posts");
    return REAL(sem_post)(s);
}
