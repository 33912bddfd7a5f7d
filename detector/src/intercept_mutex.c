/* pthread_mutex_* and C11 mtx_* (glibc's mtx_t is a pthread_mutex_t). */
#include "intercept.h"

#include <errno.h>
#include <threads.h>

struct timespec lg_slice_deadline(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += (long)(LG_SLICE_NS % 1000000000ull);
    ts.tv_sec += (time_t)(LG_SLICE_NS / 1000000000ull) + ts.tv_nsec / 1000000000;
    ts.tv_nsec %= 1000000000;
    return ts;
}

static struct lg_lock *mutex_node(pthread_mutex_t *m, uintptr_t pc, int kind)
{
    struct lg_lock *l = lg_lock_get((uintptr_t)m, kind, pc);
    if (l && !atomic_load_explicit(&l->typed, memory_order_acquire)) {
        /* glibc keeps the type in the mutex itself, also for static initialisers */
        switch (m->__data.__kind & 3) {
        case PTHREAD_MUTEX_RECURSIVE: l->type = LG_TYPE_RECURSIVE; break;
        case PTHREAD_MUTEX_ERRORCHECK: l->type = LG_TYPE_ERRORCHECK; break;
        default: l->type = LG_TYPE_NORMAL; break;
        }
        atomic_store_explicit(&l->typed, 1, memory_order_release);
    }
    return l;
}

static int blocking_lock(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m, uintptr_t pc)
{
    int r = REAL(pthread_mutex_trylock)(m);
    if (r != EBUSY)
        return r;
    lg_block_begin(t, LG_BLOCK_LOCK, l->id, LG_WRITE, pc, true);
    lg_deadlock_check(t);
    for (;;) {
        struct timespec until = lg_slice_deadline();
        r = REAL(pthread_mutex_clocklock)(m, CLOCK_MONOTONIC, &until);
        if (r == ETIMEDOUT) {
            lg_deadlock_check(t);
            continue;
        }
        if (r == EINVAL) /* a mutex kind without timed waits (priority inheritance) */
            r = REAL(pthread_mutex_lock)(m);
        break;
    }
    lg_block_end(t);
    return r;
}

int lg_mutex_acquire(pthread_mutex_t *m, uintptr_t pc, enum lg_how how, clockid_t clock,
                     const struct timespec *abstime)
{
    struct lg_thread *t = lg_self();
    struct lg_lock *l = t ? mutex_node(m, pc, LG_MUTEX) : NULL;
    if (!l) {
        if (how == LG_TRY)
            return REAL(pthread_mutex_trylock)(m);
        if (how == LG_TIMED)
            return REAL(pthread_mutex_clocklock)(m, clock, abstime);
        return REAL(pthread_mutex_lock)(m);
    }
    struct lg_held *mine = lg_held_find(t, l);
    if (mine && l->type != LG_TYPE_RECURSIVE && how != LG_TRY) {
        uintptr_t first = mine->pc;
        lg_report_misuse(LG_K_DOUBLE_LOCK, "lock of a non-recursive mutex the thread already holds",
                         t, l, first);
        /* a normal mutex would block this thread forever */
        if (l->type == LG_TYPE_NORMAL && how == LG_BLOCKING)
            lg_end_process();
        if (l->type == LG_TYPE_ERRORCHECK)   /* fails at once with EDEADLK */
            return how == LG_TIMED ? REAL(pthread_mutex_clocklock)(m, clock, abstime)
                                   : REAL(pthread_mutex_lock)(m);
    }
    lg_before_acquire(t, l, LG_WRITE, how == LG_TRY, pc);
    int r;
    if (how == LG_TRY)
        r = REAL(pthread_mutex_trylock)(m);
    else if (how == LG_TIMED)
        r = REAL(pthread_mutex_clocklock)(m, clock, abstime);
    else
        r = blocking_lock(t, l, m, pc);
    if (r == 0 || r == EOWNERDEAD)
        lg_after_acquire(t, l, LG_WRITE, how == LG_TRY, pc);
    return r;
}

int lg_mutex_release(pthread_mutex_t *m, uintptr_t pc)
{
    struct lg_thread *t = lg_self();
    if (t) {
        struct lg_lock *l = lg_lock_find((uintptr_t)m);
        if (l ? !lg_release(t, l, pc) : lg_lock_unknown_is_bad()) {
            uint32_t owner = 0;
            uintptr_t held_at = l ? lg_holder_pc(l, &owner) : 0;
            lg_report_misuse(LG_K_BAD_UNLOCK,
                             owner ? "unlock of a mutex held by another thread"
                                   : "unlock of a mutex that is not locked",
                             t, l, held_at);
        }
    }
    return REAL(pthread_mutex_unlock)(m);
}

LG_EXPORT int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    int r = REAL(pthread_mutex_init)(m, attr);
    if (r == 0 && lg_active())
        lg_lock_forget((uintptr_t)m);   /* a new lock, even at an old address */
    return r;
}

LG_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{
    if (!lg_active())
        return REAL(pthread_mutex_destroy)(m);
    struct lg_thread *t = lg_self();
    struct lg_lock *l = lg_lock_find((uintptr_t)m);
    if (t && (m->__data.__lock != 0 || (l && lg_holder_pc(l, NULL))))
        lg_report_misuse(LG_K_DESTROY_LOCKED, "destroy of a locked mutex", t, l,
                         l ? lg_holder_pc(l, NULL) : 0);
    int r = REAL(pthread_mutex_destroy)(m);
    if (r == 0)
        lg_lock_forget((uintptr_t)m);
    return r;
}

LG_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_mutex_lock)(m);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_BLOCKING, 0, NULL);
}

LG_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_mutex_trylock)(m);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TRY, 0, NULL);
}

LG_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_mutex_timedlock)(m, abstime);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TIMED, CLOCK_REALTIME, abstime);
}

LG_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
                                      const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(pthread_mutex_clocklock)(m, clock, abstime);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TIMED, clock, abstime);
}

LG_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (!lg_active())
        return REAL(pthread_mutex_unlock)(m);
    return lg_mutex_release(m, LG_CALLER_PC());
}

/* ---- C11 ---- */

static int c11_result(int r)
{
    switch (r) {
    case 0: case EOWNERDEAD: return thrd_success;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    case ENOMEM: return thrd_nomem;
    default: return thrd_error;
    }
}

LG_EXPORT int mtx_init(mtx_t *m, int type)
{
    int r = REAL(mtx_init)(m, type);
    if (r == thrd_success && lg_active())
        lg_lock_forget((uintptr_t)m);
    return r;
}

LG_EXPORT void mtx_destroy(mtx_t *m)
{
    if (lg_active())
        lg_lock_forget((uintptr_t)m);
    REAL(mtx_destroy)(m);
}

LG_EXPORT int mtx_lock(mtx_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(mtx_lock)(m);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_BLOCKING, 0, NULL));
}

LG_EXPORT int mtx_trylock(mtx_t *m)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(mtx_trylock)(m);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_TRY, 0, NULL));
}

LG_EXPORT int mtx_timedlock(mtx_t *__restrict m, const struct timespec *__restrict abstime)
{
    LG_NOTE_CALL_SITE();
    if (!lg_active())
        return REAL(mtx_timedlock)(m, abstime);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_TIMED,
                                       CLOCK_REALTIME, abstime));
}

LG_EXPORT int mtx_unlock(mtx_t *m)
{
    if (!lg_active())
        return REAL(mtx_unlock)(m);
    return c11_result(lg_mutex_release((pthread_mutex_t *)m, LG_CALLER_PC()));
}
