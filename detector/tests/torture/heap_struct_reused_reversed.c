// Two accounts, each a heap struct with a mutex set by a static initialiser
// (no pthread_mutex_init, no _destroy), are freed and new ones allocated in
// their memory; the new ones are locked in the opposite order. The two
// threads that take the two orders both live throughout, but the old accounts
// no longer exist when the new ones are locked: a lock in freed memory is not
// the lock later made there, so there is no inversion.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct account { long balance; pthread_mutex_t lock; };

static pthread_barrier_t step;
static struct account *from, *to;

static struct account *account_new(long balance) {
    struct account *a = malloc(sizeof *a);
    *a = (struct account){balance, PTHREAD_MUTEX_INITIALIZER};
    return a;
}

static void transfer(struct account *x, struct account *y, long amount) {
    pthread_mutex_lock(&x->lock);
    pthread_mutex_lock(&y->lock);
    x->balance -= amount;
    y->balance += amount;
    pthread_mutex_unlock(&y->lock);
    pthread_mutex_unlock(&x->lock);
}

// Round r: the first worker moves money from -> to, then main replaces both
// accounts, then the second worker moves money to -> from on the new ones.
static void *first(void *arg) {
    for (int r = 0; r < 200; r++) {
        pthread_barrier_wait(&step);
        transfer(from, to, 1);
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);
    }
    return arg;
}

static void *second(void *arg) {
    for (int r = 0; r < 200; r++) {
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);
        transfer(to, from, 1);
        pthread_barrier_wait(&step);
    }
    return arg;
}

int main(void) {
    pthread_barrier_init(&step, NULL, 3);
    pthread_t a, b;
    pthread_create(&a, NULL, first, NULL);
    pthread_create(&b, NULL, second, NULL);
    long total = 0, reused = 0;
    for (int r = 0; r < 200; r++) {
        from = account_new(100);
        to = account_new(100);
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);     /* first has locked from -> to */
        void *old_from = from, *old_to = to;
        total += from->balance + to->balance;
        free(to);
        free(from);
        /* malloc hands back the last freed block first: the new from is at
         * the old to's address and the other way round */
        to = account_new(100);
        from = account_new(100);
        reused += (void *)to == old_from && (void *)from == old_to;
        pthread_barrier_wait(&step);     /* second locks to -> from */
        pthread_barrier_wait(&step);
        total += from->balance + to->balance;
        free(to);
        free(from);
    }
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("total %ld, memory reused: %s\n", total, reused > 100 ? "yes" : "no");
    return 0;
}
