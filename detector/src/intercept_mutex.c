/* pthread_mutex_* and C11 mtx_* (glibc's mtx_t is a pthread_mutex_t). */
#include "intercept.h"
#include "plain_mutex.h"
#include "schedule.h"
#include "trace.h"

#include <errno.h>
#include <sys/single_threaded.h>
#include <threads.h>

/* glibc keeps "process-shared" in the mutex kind (PTHREAD_MUTEX_PSHARED_BIT) */
#define PSHARED_BIT 128

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

static inline int mutex_word(const pthread_mutex_t *m)
{
    return atomic_load_explicit((const atomic_int *)&m->__data.__lock, memory_order_relaxed);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* A holder of a small critical section lets go within a few hundred
 * nanoseconds: wait that long before calling it blocking, which costs a stack
 * and a deadlock check. Only reading the lock word while waiting keeps its
 * cache line shared. */
#define SPIN_TRIES 64

/* The mutex is taken: spin a little, then wait as a blocked thread. */
static int contended_lock(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m, uintptr_t pc)
{
    int r = EBUSY;
    for (int spin = 0; r == EBUSY && spin < SPIN_TRIES; spin++) {
        cpu_relax();
        if (mutex_word(m) == 0)
            r = REAL(pthread_mutex_trylock)(m);
    }
    if (r != EBUSY)
        return r;
    /* The wait itself is the real, untimed one: a cycle that closes after
     * this check is found by the watchdog, which looks every 100 ms. */
    lg_block_begin(t, LG_BLOCK_LOCK, l->id, LG_WRITE, pc, true);
    lg_deadlock_check(t);
    r = REAL(pthread_mutex_lock)(m);
    lg_block_end(t);
    return r;
}

static inline int blocking_lock(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m,
                                uintptr_t pc)
{
    int r = REAL(pthread_mutex_trylock)(m);
    return LG_LIKELY(r != EBUSY) ? r : contended_lock(t, l, m, pc);
}

/* An acquisition by tracked thread t of mutex m, whose node is l. */
static int acquire_known(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m, uintptr_t pc,
                         enum lg_how how, clockid_t clock, const struct timespec *abstime)
{
    struct lg_held *mine = t->nheld ? lg_held_find(t, l) : NULL;
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
    /* covered: every edge from the held locks covers t, so this chain needs
     * nothing next time (not under steering, which looks at each one) */
    bool covered = t->nheld && how != LG_TRY && !mine;
    if (covered && !lg_order_all_final(t, l))
        covered = lg_before_acquire(t, l, LG_WRITE, false, pc);
    uint64_t chain = covered ? lg_chain_mix(lg_chain_of(t, t->nheld), l->id) : 0;
    int r;
    if (how == LG_TRY)
        r = REAL(pthread_mutex_trylock)(m);
    else if (how == LG_TIMED)
        r = REAL(pthread_mutex_clocklock)(m, clock, abstime);
    else
        r = blocking_lock(t, l, m, pc);
    if (r == 0 || r == EOWNERDEAD) {
        if (chain && !lg_steer_on)
            lg_chain_note(t, chain);
        lg_after_acquire(t, l, LG_WRITE, how == LG_TRY, pc);
    }
    return r;
}

int lg_mutex_acquire(pthread_mutex_t *m, uintptr_t pc, enum lg_how how, clockid_t clock,
                     const struct timespec *abstime)
{
    struct lg_thread *t = lg_self();
    struct lg_lock *l = t ? mutex_node(m, pc, LG_MUTEX) : NULL;
    if (l)
        return acquire_known(t, l, m, pc, how, clock, abstime);
    if (how == LG_TRY)
        return REAL(pthread_mutex_trylock)(m);
    if (how == LG_TIMED)
        return REAL(pthread_mutex_clocklock)(m, clock, abstime);
    return REAL(pthread_mutex_lock)(m);
}

int lg_mutex_release(pthread_mutex_t *m, uintptr_t pc)
{
    struct lg_thread *t = lg_self();
    /* with untracked locks held (overflow), most releases are of those: the
     * node and lg_release's filter tell them without walking held[] twice */
    if (t && (t->overflow > 0 || !lg_release_addr(t, (uintptr_t)m, pc))) {
        struct lg_lock *l = lg_lock_find((uintptr_t)m);
        if (l ? !lg_release(t, l, pc) : !lg_lock_table_full()) {
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
    bool active = lg_active();
    if (active)
        lg_check_reinit((uintptr_t)m, "mutex");
    int r = REAL(pthread_mutex_init)(m, attr);
    if (r == 0 && active) {
        lg_lock_forget((uintptr_t)m);   /* a new lock, even at an old address */
        lg_init_site_note((uintptr_t)m, LG_CALLER_PC());
    }
    return r;
}

LG_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{
    if (!lg_active())
        return REAL(pthread_mutex_destroy)(m);
    struct lg_thread *t = lg_self();
    struct lg_lock *l = lg_lock_find((uintptr_t)m);
    /* a thread we record as holding it holds it really, so the lock word
     * alone tells (no scan of every thread's held locks) */
    if (t && m->__data.__lock != 0)
        lg_report_misuse(LG_K_DESTROY_LOCKED, "destroy of a locked mutex", t, l,
                         l ? lg_holder_pc(l, NULL) : 0);
    int r = REAL(pthread_mutex_destroy)(m);
    if (r == 0 && l)
        lg_lock_kill(l);   /* what lg_lock_forget would do, without a second lookup */
    if (r == 0)
        lg_init_site_end((uintptr_t)m);
    return r;
}

/* The node of mutex m, known and typed, for thread t: from the thread's
 * small cache of mutexes without a table lookup, or the table's; NULL for a
 * mutex the general path must see first. */
static inline bool node_is(const struct lg_lock *l, const pthread_mutex_t *m)
{
    return l && l->addr == (uintptr_t)m && !atomic_load_explicit(&l->dead, memory_order_relaxed);
}

static inline struct lg_lock **mutex_cache_slot(struct lg_thread *t, const pthread_mutex_t *m)
{
    uint64_t h = (uint64_t)(uintptr_t)m * 0x9e3779b97f4a7c15ull;
    return &t->mutex_cache[h >> 56 & (LG_MUTEX_CACHE - 1)];
}

static inline struct lg_lock *known_mutex(struct lg_thread *t, pthread_mutex_t *m)
{
    /* a small cache before the table: a few instructions instead of a hash
     * and a probe (a live node at the address is the one the table holds) */
    struct lg_lock **slot = mutex_cache_slot(t, m);
    struct lg_lock *l = *slot;
    if (LG_LIKELY(node_is(l, m)))
        return l;
    l = lg_lock_find((uintptr_t)m);
    if (!l || !atomic_load_explicit(&l->typed, memory_order_acquire))
        return NULL;
    *slot = l;
    return l;
}

/* Kinds the single-thread path leaves to trylock: robust, priority
 * inheritance, priority protection (whose lock can fail) and process-shared
 * (another process can hold it). */
#define SPECIAL_KINDS (16 | 32 | 64 | PSHARED_BIT)

/* One thread in the process (glibc's own flag) and a plain mutex that is
 * free: locking m can neither fail nor block, and no other thread reads
 * held[] (so no seqlock). The lock is then recorded first, and the real lock
 * becomes a tail call, as cheap as glibc's own single-thread lock. */
static inline bool lock_cannot_block(const struct lg_thread *t, const pthread_mutex_t *m)
{
    return __libc_single_threaded && mutex_word(m) == 0 && !(m->__data.__kind & SPECIAL_KINDS) &&
           t->nheld < LG_MAX_HELD;
}

static inline int record_and_lock(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m,
                                  int n, uintptr_t pc, uintptr_t cfa, uint64_t chain);

/* pthread_mutex_lock but its inline case; out of line, so that the inline
 * case needs no saved registers. */
__attribute__((noinline)) static int mutex_lock_general(pthread_mutex_t *m, uintptr_t pc,
                                                        uintptr_t cfa)
{
    lg_tls.call_cfa = cfa;
    /* Traced, every lock goes the way that records it (the inline case in
     * pthread_mutex_lock comes here too). */
    if (LG_UNLIKELY(lg_trace_on))
        return lg_active() ? lg_mutex_acquire(m, pc, LG_BLOCKING, 0, NULL)
                           : REAL(pthread_mutex_lock)(m);
    struct lg_thread *t = lg_fast_self();
    struct lg_lock *l = t ? known_mutex(t, m) : NULL;
    if (!l)
        return lg_active() ? lg_mutex_acquire(m, pc, LG_BLOCKING, 0, NULL)
                           : REAL(pthread_mutex_lock)(m);
    /* A known mutex the thread does not hold, taken outermost or with a
     * chain of held locks known to need nothing (or every edge from them
     * already final), has nothing to record but the held lock: that is most
     * locks of most programs. */
    int n = t->nheld;
    uint64_t chain = n ? lg_chain_mix(lg_chain_of(t, n), l->id) : 0;
    if (n && !lg_chain_known(t, chain)) {
        if (!lg_order_all_final(t, l))
            return acquire_known(t, l, m, pc, LG_BLOCKING, 0, NULL);
        if (!lg_steer_on)
            lg_chain_note(t, chain);
    }
    /* the inline case's way, for a mutex it did not find in its cache */
    if (LG_LIKELY(n < LG_MAX_HELD))
        return record_and_lock(t, l, m, n, pc, cfa, chain);
    int r = blocking_lock(t, l, m, pc);
    if (LG_LIKELY(r == 0 || r == EOWNERDEAD))
        t->overflow++;
    return r;
}

/* Under schedule exploration: the point first, then the usual way. Reached
 * by a tail call, so the usual way saves no registers for it. */
__attribute__((noinline)) static int mutex_lock_scheduled(pthread_mutex_t *m, uintptr_t pc,
                                                          uintptr_t cfa)
{
    lg_sched_point_slow("locks");
    return mutex_lock_general(m, pc, cfa);
}

/* The trylock of the inline case failed (busy, or a robust mutex's owner
 * died): the record it wrote in held[nheld] says which lock and where. */
__attribute__((noinline)) static int mutex_lock_busy(struct lg_thread *t, pthread_mutex_t *m, int r)
{
    struct lg_held rec = t->held[t->nheld];
    if (r == EBUSY)
        r = contended_lock(t, rec.lock, m, rec.pc);
    if (r == 0 || r == EOWNERDEAD) {
        lg_thread_write_begin(t);
        t->held[t->nheld] = rec;
        t->nheld++;
        lg_thread_write_end(t);
    }
    return r;
}

/* The record of l, acquired at pc by t holding n locks, then the lock. The
 * record is written in held[n] before the acquisition, where no reader looks
 * (they read held[0..nheld)), so only t and m live across the real call;
 * publishing it after is one count and one version step (even to even), as
 * lg_pop_innermost does. The real lock is a trylock: when it fails the
 * thread would block, and a blocking wait must be announced (deadlock and
 * hang checks) before it begins. It is no extra call: it takes the lock, for
 * what glibc's lock costs (3 instructions more, measured). */
static inline int record_and_lock(struct lg_thread *t, struct lg_lock *l, pthread_mutex_t *m,
                                  int n, uintptr_t pc, uintptr_t cfa, uint64_t chain)
{
    t->held[n] = (struct lg_held){l, pc, cfa, chain, 1, LG_WRITE, false};
    /* a plain free mutex: taken here, as glibc would (plain_mutex.h) */
    if (LG_LIKELY(lg_plain_take(t->tid, m))) {
        t->nheld = n + 1;
        lg_thread_version_step2(t);
        return 0;
    }
    /* one thread, a plain free mutex: nobody reads held[], the lock cannot
     * block, and the real lock becomes a tail call */
    if (lock_cannot_block(t, m)) {
        t->nheld = n + 1;
        return REAL_READY(pthread_mutex_lock)(m);
    }
    int r = REAL_READY(pthread_mutex_trylock)(m);
    if (LG_UNLIKELY(r != 0))
        return mutex_lock_busy(t, m, r);
    t->nheld++;
    lg_thread_version_step2(t);
    return 0;
}

/* The inline case with a chain not in the cache: when every edge from the
 * held locks to l is final for t all the same, the chain is noted and the
 * lock taken here (more chains than the cache holds, as when three locks of
 * 64 nest, end here rather than in the general path); else the general path.
 * Out of line, so the inline case saves no registers for it. */
__attribute__((noinline)) static int lock_new_chain(struct lg_thread *t, struct lg_lock *l,
                                                    pthread_mutex_t *m, uintptr_t pc,
                                                    uintptr_t cfa, uint64_t chain)
{
    if (!lg_order_all_final(t, l))
        return mutex_lock_general(m, pc, cfa);
    if (!lg_steer_on)
        lg_chain_note(t, chain);
    return record_and_lock(t, l, m, t->nheld, pc, cfa, chain);
}

/* The inline case with held[] full (a snapshot loop over a big lock table):
 * a lock whose chain is known to need nothing and that is plain and free is
 * taken here and counted, not recorded, as the general path would. */
__attribute__((noinline)) static int lock_past_held(struct lg_thread *t, struct lg_lock *l,
                                                    pthread_mutex_t *m, uintptr_t pc,
                                                    uintptr_t cfa)
{
    uint64_t chain = lg_chain_mix(lg_chain_of(t, t->nheld), l->id);
    if (!lg_chain_known(t, chain) || !lg_plain_take(t->tid, m))
        return mutex_lock_general(m, pc, cfa);
    t->overflow++;
    return 0;
}

/* The inline case: a mutex in this thread's small cache, taken outermost or
 * with a chain of held locks known to need nothing. */
LG_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
    struct lg_thread *t = lg_inline_self();
    uintptr_t pc = LG_CALLER_PC(), cfa = (uintptr_t)__builtin_dwarf_cfa();
    /* traced or scheduled, every lock goes the general way (lg_inline_self
     * is NULL), which records it or makes it a scheduling point */
    if (LG_UNLIKELY(!t))
        goto general;
    struct lg_lock *l = *mutex_cache_slot(t, m);
    if (!node_is(l, m))
        goto general;
    int n = t->nheld;
    uint64_t chain = 0;         /* the first held lock's chain is made when needed */
    if (n) {
        if (LG_UNLIKELY(n >= LG_MAX_HELD))
            return lock_past_held(t, l, m, pc, cfa);
        chain = lg_chain_mix(lg_chain_of(t, n), l->id);
        if (!lg_chain_known(t, chain))
            return lock_new_chain(t, l, m, pc, cfa, chain);
    }
    return record_and_lock(t, l, m, n, pc, cfa, chain);
general:
    if (LG_UNLIKELY(lg_sched_mode))
        return mutex_lock_scheduled(m, pc, cfa);
    return mutex_lock_general(m, pc, cfa);
}

LG_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("trylocks");
    if (!lg_active())
        return REAL(pthread_mutex_trylock)(m);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TRY, 0, NULL);
}

LG_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("locks");
    if (!lg_active())
        return REAL(pthread_mutex_timedlock)(m, abstime);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TIMED, CLOCK_REALTIME, abstime);
}

LG_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
                                      const struct timespec *abstime)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("locks");
    if (!lg_active())
        return REAL(pthread_mutex_clocklock)(m, clock, abstime);
    return lg_mutex_acquire(m, LG_CALLER_PC(), LG_TIMED, clock, abstime);
}

/* pthread_mutex_unlock but its inline case, out of line (no saved registers
 * in the inline case). */
__attribute__((noinline)) static int mutex_unlock_general(pthread_mutex_t *m, uintptr_t pc)
{
    lg_sched_point("unlocks");
    return lg_active() ? lg_mutex_release(m, pc) : REAL(pthread_mutex_unlock)(m);
}

LG_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
    struct lg_thread *t = lg_inline_self();
    if (LG_LIKELY(t && lg_pop_innermost(t, (uintptr_t)m))) {
        /* a plain mutex: let go here, as glibc would (plain_mutex.h) */
        if (LG_LIKELY(lg_plain_give(m)))
            return 0;
        return REAL_READY(pthread_mutex_unlock)(m);
    }
    return mutex_unlock_general(m, LG_CALLER_PC());
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
    bool active = lg_active();
    if (active)
        lg_check_reinit((uintptr_t)m, "mutex");
    int r = REAL(mtx_init)(m, type);
    if (r == thrd_success && active) {
        lg_lock_forget((uintptr_t)m);
        lg_init_site_note((uintptr_t)m, LG_CALLER_PC());
    }
    return r;
}

LG_EXPORT void mtx_destroy(mtx_t *m)
{
    if (lg_active()) {
        lg_lock_forget((uintptr_t)m);
        lg_init_site_end((uintptr_t)m);
    }
    REAL(mtx_destroy)(m);
}

LG_EXPORT int mtx_lock(mtx_t *m)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("locks");
    if (!lg_active())
        return REAL(mtx_lock)(m);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_BLOCKING, 0, NULL));
}

LG_EXPORT int mtx_trylock(mtx_t *m)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("trylocks");
    if (!lg_active())
        return REAL(mtx_trylock)(m);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_TRY, 0, NULL));
}

LG_EXPORT int mtx_timedlock(mtx_t *__restrict m, const struct timespec *__restrict abstime)
{
    LG_NOTE_CALL_SITE();
    lg_sched_point("locks");
    if (!lg_active())
        return REAL(mtx_timedlock)(m, abstime);
    return c11_result(lg_mutex_acquire((pthread_mutex_t *)m, LG_CALLER_PC(), LG_TIMED,
                                       CLOCK_REALTIME, abstime));
}

LG_EXPORT int mtx_unlock(mtx_t *m)
{
    lg_sched_point("unlocks");
    if (!lg_active())
        return REAL(mtx_unlock)(m);
    return c11_result(lg_mutex_release((pthread_mutex_t *)m, LG_CALLER_PC()));
}
