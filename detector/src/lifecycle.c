/* Misuse at the ends of a lock's life, which glibc does not diagnose:
 * initialising again a lock that a thread holds or waits for (its state is
 * wiped under the threads' feet), and destroying a condition variable that
 * threads still wait on (glibc's destroy then waits for them, for ever if
 * nobody wakes them). */
#include "lockgraph.h"

#include <stdio.h>
#include <time.h>

/* glibc counts a condition variable's waiters in __wrefs, from bit 3. */
static unsigned cond_waiters(const pthread_cond_t *c)
{
    return atomic_load_explicit((const atomic_uint *)&c->__data.__wrefs, memory_order_acquire) >> 3;
}

static bool blocked_on_lock(uint32_t id)
{
    int n = lg_thread_slots();
    for (int i = 0; i < n; i++) {
        struct lg_thread *t = lg_thread_slot(i);
        if (atomic_load(&t->in_use) && t->block == LG_BLOCK_LOCK && t->block_obj == id)
            return true;
    }
    return false;
}

void lg_check_reinit(uintptr_t addr, const char *what)
{
    struct lg_lock *l = lg_lock_find(addr);
    if (!l)
        return;
    char sentence[96];
    uintptr_t held_at = lg_holder_pc(l, NULL);
    if (held_at) {
        snprintf(sentence, sizeof sentence, "initialisation of a %s that a thread holds", what);
        lg_report_misuse(LG_K_MISUSE, sentence, lg_self(), l, held_at);
    } else if (blocked_on_lock(l->id)) {
        snprintf(sentence, sizeof sentence, "initialisation of a %s that a thread waits for", what);
        lg_report_misuse(LG_K_MISUSE, sentence, lg_self(), l, 0);
    }
}

void lg_check_cond_init(pthread_cond_t *c)
{
    if (cond_waiters(c))
        lg_report_misuse(LG_K_MISUSE, "initialisation of a condition variable that threads wait on",
                         lg_self(), lg_lock_find((uintptr_t)c), 0);
}

bool lg_check_cond_destroy(pthread_cond_t *c)
{
    if (!cond_waiters(c))
        return false;
    /* Waiters already signalled leave within microseconds (they confirm the
     * wakeup before taking their mutex back), so only ones nobody woke are
     * left after a second; glibc's destroy would wait for them just the same. */
    for (int i = 0; i < 1000 && cond_waiters(c); i++) {
        struct timespec ms = {0, 1000 * 1000};
        nanosleep(&ms, NULL);
    }
    if (!cond_waiters(c))
        return false;
    lg_report_misuse(LG_K_MISUSE, "destroy of a condition variable that threads wait on",
                     lg_self(), lg_lock_find((uintptr_t)c), 0);
    return true;
}
