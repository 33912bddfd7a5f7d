// The detector takes and lets go of plain mutexes itself (plain_mutex.h): a
// mutex must hold exactly what glibc's own functions leave in it, every step
// of the way, and glibc's other users of it (condition variables, trylock,
// timedlock) must work with it. The printed fields and counts must equal the
// native run's; four threads contend on one mutex (waiters are woken by the
// unlock), a condition variable hands items over, errno stays as it was.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static long counter, queued, taken;

static void show(const char *when) {
    int self = (int)syscall(SYS_gettid);
    printf("%s: lock=%d owner=%s users=%u kind=%d\n", when, m.__data.__lock,
           m.__data.__owner == 0 ? "none" : m.__data.__owner == self ? "me" : "other",
           m.__data.__nusers, m.__data.__kind);
}

static void *contend(void *arg) {
    errno = 42;
    for (int i = 0; i < 100000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    return (void *)(long)(errno == 42);
}

static void *consume(void *arg) {
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&m);
        while (queued == 0)
            pthread_cond_wait(&ready, &m);
        queued--;
        taken++;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void) {
    show("fresh");
    for (int i = 0; i < 2; i++) {   /* the detector learns m (its general path) */
        pthread_mutex_lock(&m);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);     /* and now takes it itself */
    show("locked");
    printf("trylock while held: %s\n", pthread_mutex_trylock(&m) == EBUSY ? "EBUSY" : "other");
    pthread_mutex_unlock(&m);
    show("unlocked");

    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, contend, NULL);
    int errno_kept = 1;
    for (int i = 0; i < 4; i++) {
        void *kept;
        pthread_join(t[i], &kept);
        errno_kept = errno_kept && kept;
    }
    printf("counter %ld, errno kept: %s\n", counter, errno_kept ? "yes" : "no");
    show("after contention");

    pthread_t c;
    pthread_create(&c, NULL, consume, NULL);
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&m);
        queued++;
        pthread_cond_signal(&ready);
        pthread_mutex_unlock(&m);
    }
    pthread_join(c, NULL);
    printf("taken %ld, left %ld\n", taken, queued);
    show("after the condition variable");
    pthread_mutex_lock(&m);     /* with threads: the atomic way */
    show("locked again");
    pthread_mutex_unlock(&m);

    struct timespec soon;
    clock_gettime(CLOCK_REALTIME, &soon);
    soon.tv_sec += 5;
    printf("timedlock: %d\n", pthread_mutex_timedlock(&m, &soon));
    show("timedlocked");
    pthread_mutex_unlock(&m);
    printf("trylock: %d\n", pthread_mutex_trylock(&m));
    show("trylocked");
    pthread_mutex_unlock(&m);
    show("end");
    return 0;
}
