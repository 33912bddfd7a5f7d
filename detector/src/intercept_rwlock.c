/* pthread_rwlock_*: read acquisitions are recorded as such, so a cycle of
 * readers only is not a deadlock (glibc's default rwlock prefers readers). */
#include "intercept.h"
#include "schedule.h"

#include <errno.h>

static int rw_try(pthread_rwlock_t *rw, int mode)
{
    return mode == LG_READ ? REAL(pthread_rwlock_tryrdlock)(rw) : REAL(pthread_rwlock_trywrlock)(rw);
}

static int rw_blocking(struct lg_thread *t, struct lg_lock *l, pthread_rwlock_t *rw, int mode,
                       uintptr_t pc)
{
    int r = rw_try(rw, mode);
    if (r != EBUSY)
        return r;
    lg_block_begin(t, LG_BLOCK_LOCK, l->id, mode, pc, true);
    lg_deadlock_check(t);   /* later cycles: the watchdog */
    r = mode == LG_READ ? REAL(pthread_rwlock_rdlock)(rw) : REAL(pthread_rwlock_wrlock)(rw);
    lg_block_end(t);
    return r;
}

static int rw_acquire(pthread_rwlock_t *rw, int mode, enum lg_how how, clockid_t clock,
                      const struct timespec *abstime, uintptr_t pc)
{
    lg_sched_point(mode == LG_READ ? "read-locks" : "write-locks");
    struct lg_thread *t = lg_self();
    struct lg_lock *l = t ? lg_lock_get((uintptr_t)rw, LG_RWLOCK, pc) : NULL;
    if (l)
        lg_before_acquire(t, l, mode, how == LG_TRY, pc);
    int r;
    if (how == LG_TRY)
        r = rw_try(rw, mode);
    else if (how == LG_TIMED)
        r = mode == LG_READ ? REAL(pthread_rwlock_clockrdlock)(rw, clock, abstime)
                            : REAL(pthread_rwlock_clockwrlock)(rw, clock, abstime);
    else if (l)
        r = rw_blocking(t, l, rw, mode, pc);
    else
        r = mode == LG_READ ? REAL(pthread_rwlock_rdlock)(rw) : REAL(pthread_rwlock_wrlock)(rw);
    if (r == 0 && l)
        lg_after_acquire(t, l, mode, how == LG_TRY, pc);
    return r;
}

LG_EXPORT int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
    bool active = lg_active();
    if (active)
        lg_check_reinit((uintptr_t)rw, "rwlock");
    int r = REAL(pthread_rwlock_init)(rw, attr);
    if (r == 0 && active) {
        lg_lock_forget((uintptr_t)rw);
        lg_init_site_note((uintptr_t)rw, LG_CALLER_PC());
    }
    return r;
}

LG_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
    if (!lg_active())
        return REAL(pthread_rwlock_destroy)(rw);
    struct lg_lock *l = lg_lock_find((uintptr_t)rw);
    uintptr_t held_at = l ? lg_holder_pc(l, NULL) : 0;
    if (held_at)
        lg_report_misuse(LG_K_DESTROY_LOCKED, "destroy of a locked rwlock", lg_self(), l, held_at);
    int r = REAL(pthread_rwlock_destroy)(rw);
    if (r == 0) {
        lg_lock_forget((uintptr_t)rw);
        lg_init_site_end((uintptr_t)rw);
    }
    return r;
}

#define RW_WRAPPER(name, mode, how) \
    LG_EXPORT int name(pthread_rwlock_t *rw) \
    { \
        LG_NOTE_CALL_SITE(); \
        if (!lg_active()) \
            return REAL(name)(rw); \
        return rw_acquire(rw, mode, how, 0, NULL, LG_CALLER_PC()); \
    }
RW_WRAPPER(pthread_rwlock_rdlock, LG_READ, LG_BLOCKING)
RW_WRAPPER(pthread_rwlock_wrlock, LG_WRITE, LG_BLOCKING)
RW_WRAPPER(pthread_rwlock_tryrdlock, LG_READ, LG_TRY)
RW_WRAPPER(pthread_rwlock_trywrlock, LG_WRITE, LG_TRY)

LG_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_rwlock_timedrdlock)(rw, abstime);
    return rw_acquire(rw, LG_READ, LG_TIMED, CLOCK_REALTIME, abstime, LG_CALLER_PC());
}

LG_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_rwlock_timedwrlock)(rw, abstime);
    return rw_acquire(rw, LG_WRITE, LG_TIMED, CLOCK_REALTIME, abstime, LG_CALLER_PC());
}

LG_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
                                         const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_rwlock_clockrdlock)(rw, clock, abstime);
    return rw_acquire(rw, LG_READ, LG_TIMED, clock, abstime, LG_CALLER_PC());
}

LG_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
                                         const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_rwlock_clockwrlock)(rw, clock, abstime);
    return rw_acquire(rw, LG_WRITE, LG_TIMED, clock, abstime, LG_CALLER_PC());
}

LG_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
    lg_sched_point("unlocks");
    if (!lg_active())
        return REAL(pthread_rwlock_unlock)(rw);
    struct lg_thread *t = lg_self();
    if (t) {
        struct lg_lock *l = lg_lock_find((uintptr_t)rw);
        if (l ? !lg_release(t, l, LG_CALLER_PC()) : !lg_lock_table_full())
            lg_report_misuse(LG_K_BAD_UNLOCK, "unlock of an rwlock the thread does not hold", t, l,
                             l ? lg_holder_pc(l, NULL) : 0);
    }
    return REAL(pthread_rwlock_unlock)(rw);
}
