// A table of 200 striped locks: a thread locks all stripes in index order for
// a snapshot, many times (more than the detector's 64 tracked held locks, and
// the same held lists again and again, which the detector then skips), then a
// second thread takes stripe 100 and, holding it, stripe 10: the inversion
// must still be reported, with the snapshot loop's acquisition as one side.
// The second thread waits for the first through a flag the detector does not
// see as ordering, so the run itself does not deadlock.
// expect: lock-order-inversion @snap @rev
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#define STRIPES 200
static pthread_mutex_t stripe[STRIPES];
static unsigned long value[STRIPES];
static atomic_int done;
static void *snapshots(void *x) {
    unsigned long sum = 0;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < STRIPES; i++) {
            pthread_mutex_lock(&stripe[i]); // @snap
            sum += value[i];
        }
        for (int i = STRIPES - 1; i >= 0; i--)
            pthread_mutex_unlock(&stripe[i]);
    }
    atomic_store(&done, 1);
    return (void *)sum;
}
static void *reverse(void *x) {
    while (!atomic_load(&done))
        sched_yield();
    pthread_mutex_lock(&stripe[100]);
    pthread_mutex_lock(&stripe[10]); // @rev
    value[10]++;
    pthread_mutex_unlock(&stripe[10]);
    pthread_mutex_unlock(&stripe[100]);
    return x;
}
int main(void) {
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&stripe[i], 0);
    pthread_t s, r;
    pthread_create(&s, 0, snapshots, 0);
    pthread_create(&r, 0, reverse, 0);
    pthread_join(s, 0);
    pthread_join(r, 0);
    return 0;
}
