// Four threads each create and join short-lived threads in a loop. glibc
// reuses a joined thread's descriptor (its pthread_t) for the next thread
// created, often by another creator, while the first join is still returning.
// Every join is legitimate and must succeed; nothing is reported (a join map
// keyed by pthread_t alone marked the new thread joined, then refused its
// join with ESRCH and reported it as joined twice).
// The library, linked to the program, stands between the detector and libc's
// join (the detector finds libc's functions with RTLD_NEXT, and a library
// linked to the program comes before libc): it widens the window after a join
// returns, where the descriptor is already free for reuse.
// expect: none
// library:
// link: library
// build: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef TORTURE_LIBRARY
int pthread_join(pthread_t t, void **ret) {
    int (*real)(pthread_t, void **) = (int (*)(pthread_t, void **))dlsym(RTLD_NEXT, "pthread_join");
    int r = real(t, ret);
    usleep(300);
    return r;
}

int pthread_tryjoin_np(pthread_t t, void **ret) {
    int (*real)(pthread_t, void **) =
        (int (*)(pthread_t, void **))dlsym(RTLD_NEXT, "pthread_tryjoin_np");
    int r = real(t, ret);
    if (r == 0)
        usleep(300);
    return r;
}
#else
#define CREATORS 4
#define ROUNDS 1000

static void *child(void *arg) { return arg; }

static void *creator(void *arg) {
    long failed = 0;
    for (long i = 0; i < ROUNDS; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, child, (void *)i) != 0) {
            failed++;
            continue;
        }
        if (i % 2)
            usleep(300);    /* join after another creator's join returned */
        void *ret = NULL;
        int r = pthread_join(t, &ret);
        if (r != 0 || ret != (void *)i) {
            fprintf(stderr, "join failed: %s\n", strerror(r));
            failed++;
        }
    }
    return (void *)failed;
}

int main(void) {
    pthread_t c[CREATORS];
    for (int i = 0; i < CREATORS; i++)
        pthread_create(&c[i], NULL, creator, NULL);
    long failed = 0;
    for (int i = 0; i < CREATORS; i++) {
        void *f;
        pthread_join(c[i], &f);
        failed += (long)f;
    }
    printf("%d joins, %ld failed\n", CREATORS * ROUNDS, failed);
    return failed != 0;
}
#endif
