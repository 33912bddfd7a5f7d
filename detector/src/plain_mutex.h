/* Plain mutexes taken and let go by the inline wrappers themselves.
 *
 * A plain mutex is glibc's kind 0 (PTHREAD_MUTEX_NORMAL or DEFAULT, private,
 * not robust, priority-inheriting, priority-protected or elided). For one
 * that is free, glibc's lock does nothing but this on the fields of
 * pthread_mutex_t, which are part of the ABI (static initialisers fill
 * them): the lock word goes from 0 to 1 (2: taken, with waiters), the owner
 * becomes the caller's tid and the user count grows by one; its unlock undoes
 * that and wakes a waiter when the word was 2. Doing the same here leaves the
 * mutex exactly as glibc's functions would, so the two mix freely (condition
 * variables, other libraries, the general paths), and saves a call into
 * glibc on each side: about 40 of the detector's 110 instructions per lock
 * and unlock on random-pairs (make bench-instructions).
 *
 * Only that case: a taken mutex, or any other kind, goes to glibc's functions
 * as before (a blocking wait is announced first, as ever). lg_plain_check
 * runs glibc's own lock, trylock and unlock on a mutex at start and leaves
 * this off unless they keep this very protocol (another glibc, or elision
 * forced by a tunable, which changes the kind on the first lock). */
#ifndef LOCKGRAPH_PLAIN_MUTEX_H
#define LOCKGRAPH_PLAIN_MUTEX_H

#include "lockgraph.h"

#include <sys/single_threaded.h>

/* The kind of the mutexes taken here: 0 once lg_plain_check passed, else -1,
 * which no mutex has (one compare tests both). */
extern int lg_plain_kind LG_HIDDEN;
/* Called once, with the real functions resolved; sets lg_plain_kind. */
void lg_plain_check(void) LG_HIDDEN;
/* The futex wake of glibc's unlock, for a word that was 2 (errno kept). */
void lg_plain_wake(pthread_mutex_t *m) LG_HIDDEN;

static inline atomic_int *lg_plain_word(pthread_mutex_t *m)
{
    return (atomic_int *)&m->__data.__lock;
}

/* Takes m for thread tid when it is plain and free, as glibc's lock would; false:
 * not done, m is as it was. One thread in the process (glibc's own flag)
 * needs no atomic step, as in glibc. */
static inline bool lg_plain_take(int tid, pthread_mutex_t *m)
{
    if (m->__data.__kind != lg_plain_kind)
        return false;
    atomic_int *word = lg_plain_word(m);
    if (__libc_single_threaded) {
        if (atomic_load_explicit(word, memory_order_relaxed) != 0)
            return false;
        atomic_store_explicit(word, 1, memory_order_relaxed);
    } else {
        int free = 0;
        if (!atomic_compare_exchange_strong_explicit(word, &free, 1, memory_order_acquire,
                                                     memory_order_relaxed))
            return false;
    }
    m->__data.__owner = tid;
    m->__data.__nusers++;
    return true;
}

/* Lets go of m, held by the caller, when it is plain, as glibc's unlock
 * would; false: not done (call glibc's). */
static inline bool lg_plain_give(pthread_mutex_t *m)
{
    if (m->__data.__kind != lg_plain_kind)
        return false;
    m->__data.__owner = 0;
    m->__data.__nusers--;
    atomic_int *word = lg_plain_word(m);
    if (__libc_single_threaded)
        atomic_store_explicit(word, 0, memory_order_release);
    else if (LG_UNLIKELY(atomic_exchange_explicit(word, 0, memory_order_release) > 1))
        lg_plain_wake(m);
    return true;
}

#endif
