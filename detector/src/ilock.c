/* The detector's own lock: a three-state futex mutex (Drepper, "Futexes Are
 * Tricky"). It never calls a pthread function, so it works before the real
 * functions are resolved, inside wrappers, and right after fork. */
#include "lockgraph.h"

#include <linux/futex.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <unistd.h>

static void futex(atomic_int *addr, int op, int val)
{
    syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

/* While the process has one thread (glibc's own flag, cleared before the
 * first pthread_create starts a thread) nothing else can hold the lock, and
 * no section creates a thread, so a free lock is left as it is and its
 * unlock finds it still free: no atomic instruction, which on a first use of
 * a lock would wait for the stores of its fresh node and edge to drain. */
void lg_ilock_lock(lg_ilock *l)
{
    if (__libc_single_threaded && atomic_load_explicit(&l->state, memory_order_relaxed) == 0)
        return;
    int c = 0;
    if (atomic_compare_exchange_strong(&l->state, &c, 1))
        return;
    if (c != 2)
        c = atomic_exchange(&l->state, 2);
    while (c != 0) {
        futex(&l->state, FUTEX_WAIT, 2);
        c = atomic_exchange(&l->state, 2);
    }
}

void lg_ilock_unlock(lg_ilock *l)
{
    if (atomic_load_explicit(&l->state, memory_order_relaxed) == 0)
        return;     /* taken while single-threaded */
    if (atomic_fetch_sub(&l->state, 1) != 1) {
        atomic_store(&l->state, 0);
        futex(&l->state, FUTEX_WAKE, 1);
    }
}
