/* pthread_spin_*: the wrapper spins on trylock itself, so a spinning thread
 * can still be found in a deadlock and a self-relock ends instead of spinning. */
#include "intercept.h"
#include "schedule.h"

#include <errno.h>
#include <sched.h>

LG_EXPORT int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
    bool active = lg_active();
    if (active)
        lg_check_reinit((uintptr_t)s, "spinlock");
    int r = REAL(pthread_spin_init)(s, pshared);
    if (r == 0 && active) {
        lg_lock_forget((uintptr_t)s);
        lg_init_site_note((uintptr_t)s, LG_CALLER_PC());
    }
    return r;
}

LG_EXPORT int pthread_spin_destroy(pthread_spinlock_t *s)
{
    if (lg_active()) {
        struct lg_lock *l = lg_lock_find((uintptr_t)s);
        uintptr_t held_at = l ? lg_holder_pc(l, NULL) : 0;
        if (held_at)
            lg_report_misuse(LG_K_DESTROY_LOCKED, "destroy of a locked spinlock", lg_self(), l,
                             held_at);
        lg_lock_forget((uintptr_t)s);
        lg_init_site_end((uintptr_t)s);
    }
    return REAL(pthread_spin_destroy)(s);
}

LG_EXPORT int pthread_spin_lock(pthread_spinlock_t *s)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("locks");
    if (!lg_active())
        return REAL(pthread_spin_lock)(s);
    uintptr_t pc = LG_CALLER_PC();
    struct lg_thread *t = lg_self();
    struct lg_lock *l = t ? lg_lock_get((uintptr_t)s, LG_SPIN, pc) : NULL;
    if (!l)
        return REAL(pthread_spin_lock)(s);
    struct lg_held *mine = lg_held_find(t, l);
    if (mine) {
        lg_report_misuse(LG_K_DOUBLE_LOCK, "lock of a spinlock the thread already holds", t, l,
                         mine->pc);
        lg_end_process();   /* it would spin forever */
    }
    lg_before_acquire(t, l, LG_WRITE, false, pc);
    if (REAL(pthread_spin_trylock)(s) != 0) {
        lg_block_begin(t, LG_BLOCK_LOCK, l->id, LG_WRITE, pc, true);
        lg_deadlock_check(t);
        uint64_t next_check = lg_now_ns() + LG_SLICE_NS;
        for (unsigned spins = 1; REAL(pthread_spin_trylock)(s) != 0; spins++) {
            if (spins % 1024 == 0) {
                sched_yield();
                if (lg_now_ns() >= next_check) {
                    lg_deadlock_check(t);
                    next_check = lg_now_ns() + LG_SLICE_NS;
                }
            }
        }
        lg_block_end(t);
    }
    lg_after_acquire(t, l, LG_WRITE, false, pc);
    return 0;
}

LG_EXPORT int pthread_spin_trylock(pthread_spinlock_t *s)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("trylocks");
    if (!lg_active())
        return REAL(pthread_spin_trylock)(s);
    uintptr_t pc = LG_CALLER_PC();
    struct lg_thread *t = lg_self();
    struct lg_lock *l = t ? lg_lock_get((uintptr_t)s, LG_SPIN, pc) : NULL;
    int r = REAL(pthread_spin_trylock)(s);
    if (r == 0 && l)
        lg_after_acquire(t, l, LG_WRITE, true, pc);
    return r;
}

LG_EXPORT int pthread_spin_unlock(pthread_spinlock_t *s)
{
    lg_sched_point("unlocks");
    if (!lg_active())
        return REAL(pthread_spin_unlock)(s);
    struct lg_thread *t = lg_self();
    if (t) {
        struct lg_lock *l = lg_lock_find((uintptr_t)s);
        if (l ? !lg_release(t, l, LG_CALLER_PC()) : !lg_lock_table_full())
            lg_report_misuse(LG_K_BAD_UNLOCK, "unlock of a spinlock the thread does not hold", t,
                             l, l ? lg_holder_pc(l, NULL) : 0);
    }
    return REAL(pthread_spin_unlock)(s);
}
