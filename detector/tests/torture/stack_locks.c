// Locks on the stacks of threads that exit: each wave of threads puts a mutex
// on its stack (the next wave's stacks reuse the same memory), nests it with a
// global lock, in the opposite order from the wave before. The waves never
// overlap, so no deadlock is possible and none is reported.
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg) {
    long wave = (long)arg;
    pthread_mutex_t mine;
    if (wave % 3 == 0) {
        pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;   /* never initialised */
        mine = fresh;
    } else {
        pthread_mutex_init(&mine, NULL);
    }
    for (int i = 0; i < 100; i++) {
        pthread_mutex_t *first = wave % 2 ? &mine : &global, *second = wave % 2 ? &global : &mine;
        pthread_mutex_lock(first);
        pthread_mutex_lock(second);
        counter++;
        pthread_mutex_unlock(second);
        pthread_mutex_unlock(first);
    }
    return NULL;    /* mine is never destroyed: its memory just goes away */
}

int main(void) {
    for (long wave = 0; wave < 60; wave++) {
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, worker, (void *)wave);
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
    }
    printf("counter %ld\n", counter);
    return 0;
}
