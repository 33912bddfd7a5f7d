// Two accounts in one heap array, each with a mutex set by a static
// initialiser, are locked in one order; the array then grows with realloc,
// which moves it and frees the old block inside glibc (no free() call), and
// new accounts are allocated in the old block and locked in the opposite
// order. The two threads that take the two orders both live throughout, but
// the old locks moved away before the new ones were made: no inversion.
// expect: none
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct account { long balance; pthread_mutex_t lock; };

static pthread_barrier_t step;
static struct account *pair;

static struct account *pair_new(void) {
    struct account *p = malloc(2 * sizeof *p);
    p[0] = (struct account){100, PTHREAD_MUTEX_INITIALIZER};
    p[1] = (struct account){100, PTHREAD_MUTEX_INITIALIZER};
    return p;
}

static void transfer(struct account *x, struct account *y, long amount) {
    pthread_mutex_lock(&x->lock);
    pthread_mutex_lock(&y->lock);
    x->balance -= amount;
    y->balance += amount;
    pthread_mutex_unlock(&y->lock);
    pthread_mutex_unlock(&x->lock);
}

static void *first(void *arg) {
    for (int r = 0; r < 200; r++) {
        pthread_barrier_wait(&step);
        transfer(&pair[0], &pair[1], 1);
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
        transfer(&pair[1], &pair[0], 1);
        pthread_barrier_wait(&step);
    }
    return arg;
}

int main(void) {
    /* a fixed threshold: glibc no longer raises it when a mmapped block is freed */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    pthread_barrier_init(&step, NULL, 3);
    pthread_t a, b;
    pthread_create(&a, NULL, first, NULL);
    pthread_create(&b, NULL, second, NULL);
    long total = 0, reused = 0;
    for (int r = 0; r < 200; r++) {
        pair = pair_new();
        pthread_barrier_wait(&step);
        pthread_barrier_wait(&step);     /* first has locked pair[0] -> pair[1] */
        void *old = pair;
        /* to a mmapped block (the heap never holds 1 MiB free): moves */
        struct account *grown = realloc(pair, 1 << 20);
        total += grown[0].balance + grown[1].balance;
        pair = pair_new();                /* in the block realloc let go of */
        reused += (void *)pair == old && (void *)grown != old;
        pthread_barrier_wait(&step);     /* second locks pair[1] -> pair[0] */
        pthread_barrier_wait(&step);
        total += pair[0].balance + pair[1].balance;
        free(grown);
        free(pair);
    }
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("total %ld, memory reused: %s\n", total, reused > 100 ? "yes" : "no");
    return 0;
}
