// Two threads each lock a table of 300 mutexes in index order for a
// snapshot, 20 times, and update single entries in between: every order
// agrees, so nothing is reported, and the locks held deeper than the
// detector's direct ones are kept as one record per held list, not made into
// edges: about 4 edges per lock (making them all would give some 17,000).
// expect: none
// edges-at-most: 2000
#include <pthread.h>
#define LOCKS 300
static pthread_mutex_t lock[LOCKS];
static unsigned long value[LOCKS];
static void *worker(void *arg) {
    unsigned seed = (unsigned)(unsigned long)arg;
    unsigned long sum = 0;
    for (int round = 0; round < 20; round++) {
        for (int n = 0; n < 100; n++) {
            seed = seed * 1103515245u + 12345u;
            int i = (int)((seed >> 16) % LOCKS);
            pthread_mutex_lock(&lock[i]);
            value[i]++;
            pthread_mutex_unlock(&lock[i]);
        }
        for (int i = 0; i < LOCKS; i++) {
            pthread_mutex_lock(&lock[i]);
            sum += value[i];
        }
        for (int i = LOCKS - 1; i >= 0; i--)
            pthread_mutex_unlock(&lock[i]);
    }
    return (void *)sum;
}
int main(void) {
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&lock[i], 0);
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], 0, worker, (void *)(i + 1));
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], 0);
    return 0;
}
