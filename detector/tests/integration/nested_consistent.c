// Thousands of nested acquisitions from four threads, always in one order
// (by index): a large acyclic graph, nothing to report.
// expect: none
#include <pthread.h>
#define N 64
static pthread_mutex_t locks[N];
static void *worker(void *arg) {
    unsigned seed = (unsigned)(long)arg;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245 + 12345;
        int a = (seed >> 8) % (N - 2);
        int b = a + 1 + (seed >> 20) % (N - a - 2);
        int c = b + 1 + (seed >> 4) % (N - b - 1);
        pthread_mutex_lock(&locks[a]);
        pthread_mutex_lock(&locks[b]);
        pthread_mutex_lock(&locks[c]);
        pthread_mutex_unlock(&locks[c]);
        pthread_mutex_unlock(&locks[b]);
        pthread_mutex_unlock(&locks[a]);
    }
    return 0;
}
int main(void) {
    pthread_t t[4];
    for (int i = 0; i < N; i++) pthread_mutex_init(&locks[i], 0);
    for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    return 0;
}
