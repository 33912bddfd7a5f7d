// Spinlocks guarding a counter, and one barrier reused over 200 rounds by 4
// threads (the serial thread of each round checks the round's total).
// expect: none
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 200
static pthread_spinlock_t spin;
static pthread_barrier_t barrier;
static long counter, bad_rounds, serial_waits;

static void *worker(void *arg) {
    (void)arg;
    for (int round = 1; round <= ROUNDS; round++) {
        for (int i = 0; i < 100; i++) {
            pthread_spin_lock(&spin);
            counter++;
            pthread_spin_unlock(&spin);
        }
        if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
            serial_waits++;
            if (counter != (long)round * THREADS * 100)
                bad_rounds++;
        }
        pthread_barrier_wait(&barrier);   /* nobody counts before the check */
    }
    return NULL;
}

int main(void) {
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&barrier, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld, %ld serial threads, %ld bad rounds\n", counter, serial_waits, bad_rounds);
    pthread_barrier_destroy(&barrier);
    pthread_spin_destroy(&spin);
    return 0;
}
