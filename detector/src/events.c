/* What acquisitions, releases and blocking waits mean to the detector. The
 * wrappers call these around the real functions. */
#include "lockgraph.h"
#include "schedule.h"
#include "order.h"
#include "trace.h"

#include <stdio.h>
#include <string.h>

atomic_ulong lg_progress;

bool lg_before_acquire(struct lg_thread *t, struct lg_lock *lock, int mode, bool by_try,
                       uintptr_t pc)
{
    /* a trylock cannot block, so it cannot be part of a deadlock */
    if (by_try || t->nheld == 0)
        return false;
    lg_tls.in_detector++;
    bool covered = lg_order_note_acquire(t, lock, mode);
    if (LG_UNLIKELY(lg_steer_on)) {
        lg_steer_before_acquire(t, pc);
        covered = false;        /* steering looks at every acquisition */
    }
    lg_tls.in_detector--;
    return covered;
}

void lg_after_acquire(struct lg_thread *t, struct lg_lock *lock, int mode, bool unlinked,
                      uintptr_t pc)
{
    lg_trace_acquire(t, lock, mode, pc);
    struct lg_held *h = (lock->kind == LG_MUTEX || lock->kind == LG_C11_MUTEX) &&
                                lock->type == LG_TYPE_RECURSIVE
                            ? lg_held_find(t, lock)
                            : NULL;
    if (h) {
        h->depth++;
        return;
    }
    lg_push_held(t, lock, mode, unlinked, pc);
}

/* Takes held[i] out of t's list; removed before the real unlock, so what we
 * record as held is always held. */
static void remove_held(struct lg_thread *t, int i)
{
    lg_thread_write_begin(t);
    /* a loop, not memmove: hand-over-hand code moves one record */
    for (int j = i; j < t->nheld - 1; j++)
        t->held[j] = t->held[j + 1];
    t->nheld--;
    lg_held_rechain(t, i);
    lg_thread_write_end(t);
}

bool lg_release_addr(struct lg_thread *t, uintptr_t addr, uintptr_t pc)
{
    for (int i = t->nheld - 1; i >= 0; i--) {
        const struct lg_held *h = &t->held[i];
        if (h->lock->addr != addr)
            continue;
        /* a live node at addr is the one the lock table would return */
        if (h->depth != 1 || atomic_load_explicit(&h->lock->dead, memory_order_relaxed))
            return false;
        lg_trace_release(t, h->lock, pc);
        remove_held(t, i);
        return true;
    }
    return false;
}

static unsigned bloom_bit(const struct lg_lock *lock)
{
    return (unsigned)(((uintptr_t)lock * 0x9e3779b97f4a7c15ull) >> 54);   /* 0..1023 */
}

/* False when t's full held[] surely lacks lock (see held_bloom). */
static bool held_may_have(struct lg_thread *t, const struct lg_lock *lock)
{
    unsigned v = atomic_load_explicit(&t->version, memory_order_relaxed);
    if (!t->bloom_valid || t->bloom_version != v) {
        memset(t->held_bloom, 0, sizeof t->held_bloom);
        for (int i = 0; i < t->nheld; i++) {
            unsigned b = bloom_bit(t->held[i].lock);
            t->held_bloom[b / 64] |= 1ull << (b % 64);
        }
        t->bloom_version = v;
        t->bloom_valid = true;
    }
    unsigned b = bloom_bit(lock);
    return t->held_bloom[b / 64] >> (b % 64) & 1;
}

bool lg_release(struct lg_thread *t, struct lg_lock *lock, uintptr_t pc)
{
    /* a snapshot loop over a big lock table lets go of hundreds of locks
     * taken past the end of held[]: each would walk all of it */
    if (t->overflow > 0 && t->nheld == LG_MAX_HELD && !held_may_have(t, lock)) {
        t->overflow--;
        return true;
    }
    for (int i = t->nheld - 1; i >= 0; i--) {
        if (t->held[i].lock != lock)
            continue;
        lg_trace_release(t, lock, pc);
        if (t->held[i].depth > 1) {
            t->held[i].depth--;
            return true;
        }
        remove_held(t, i);
        return true;
    }
    if (t->overflow > 0) {
        t->overflow--;
        return true;        /* one we could not track */
    }
    return false;
}

void lg_block_begin(struct lg_thread *t, int kind, uintptr_t obj, int mode, uintptr_t pc,
                    bool capture_stack)
{
    lg_tls.in_detector++;
    /* only the pc on the common path: the report makes it a frame */
    lg_stack_id stack = capture_stack ? lg_stack_capture() : 0;
    lg_watchdog_start();
    lg_thread_write_begin(t);
    t->block = kind;
    t->block_obj = obj;
    t->block_mode = (uint8_t)mode;
    t->block_pc = pc;
    t->block_stack = stack;
    t->block_since_ns = lg_now_ns();
    lg_thread_write_end(t);
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_wait(t, kind, obj, pc);
    lg_tls.in_detector--;
    lg_sched_block(t);      /* the turn goes to another thread while this one waits */
}

void lg_block_end(struct lg_thread *t)
{
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_WAIT_END, t->serial, 0, 0, 0);
    lg_thread_write_begin(t);
    t->block = LG_NOT_BLOCKED;
    lg_thread_write_end(t);
    atomic_fetch_add_explicit(&lg_progress, 1, memory_order_relaxed);
    lg_sched_unblock(t);
}

void lg_report_misuse(enum lg_kind kind, const char *what, struct lg_thread *t,
                      struct lg_lock *lock, uintptr_t lock_pc)
{
    /* a thread the detector does not track (its table was full, or the
     * thread has ended) has no scratch finding: it is not checked */
    struct lg_finding *f = lg_thread_scratch(t);
    if (!f)
        return;
    lg_tls.in_detector++;
    f->kind = kind;
    snprintf(f->what, sizeof f->what, "%s", what);
    f->thread = t->serial;
    f->stack = lg_stack_capture();
    f->lock = lock ? lock->id : 0;
    f->lock_stack = lock_pc ? lg_stack_from_pc(lock_pc) : 0;
    lg_report(f);
    lg_tls.in_detector--;
}

/* The thread holding lock (any mode), for reports: its acquisition pc. */
uintptr_t lg_holder_pc(struct lg_lock *lock, uint32_t *serial)
{
    int n = lg_thread_slots();
    for (int i = 0; i < n; i++) {
        struct lg_thread *t = lg_thread_slot(i);
        if (!atomic_load(&t->in_use))
            continue;
        for (int h = 0; h < t->nheld && h < LG_MAX_HELD; h++) {
            if (t->held[h].lock == lock) {
                if (serial)
                    *serial = t->serial;
                return t->held[h].pc;
            }
        }
    }
    return 0;
}

/* Also the end of a thread that did not start through our pthread_create
 * (threads.c calls it from a thread-specific destructor). */
/* A robust mutex is made for its owner to die holding it: the next locker
 * is told (EOWNERDEAD) and repairs it. Its memory is live: it is held. */
#define GLIBC_MUTEX_ROBUST_BIT 16     /* PTHREAD_MUTEX_ROBUST_NORMAL_NP in the mutex kind */
static bool robust_mutex(const struct lg_lock *l)
{
    return (l->kind == LG_MUTEX || l->kind == LG_C11_MUTEX) &&
           (((const pthread_mutex_t *)l->addr)->__data.__kind & GLIBC_MUTEX_ROBUST_BIT);
}

void lg_thread_end(void *arg)
{
    struct lg_thread *t = arg;
    if (!t)
        return;
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_END, t->serial, 0, 0, 0);
    int leaked = 0, first = -1;
    for (int i = 0; i < t->nheld; i++) {
        if (!robust_mutex(t->held[i].lock)) {
            leaked++;
            first = first < 0 ? i : first;
        }
    }
    struct lg_finding *f = leaked > 0 ? lg_thread_scratch(t) : NULL;
    if (f) {
        lg_tls.in_detector++;
        f->kind = LG_K_LOCK_LEAK;
        snprintf(f->what, sizeof f->what, "thread ended while holding %d lock%s", leaked,
                 leaked > 1 ? "s" : "");
        f->thread = t->serial;
        /* where the leaked lock was taken is where the bug is */
        f->stack = lg_stack_from_pc(t->held[first].pc);
        f->lock = t->held[first].lock->id;
        lg_report(f);
        lg_tls.in_detector--;
    }
    lg_thread_exit(t);
}
