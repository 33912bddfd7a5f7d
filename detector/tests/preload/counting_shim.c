// Another pthread wrapper preloaded after the detector (as libtsan, mutrace
// or a user's shim would be): counts the lock and unlock calls it sees and
// prints them at exit.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static long locks, unlocks;

int pthread_mutex_lock(pthread_mutex_t *m)
{
    static int (*real)(pthread_mutex_t *);
    if (!real)
        real = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_lock");
    __atomic_add_fetch(&locks, 1, __ATOMIC_RELAXED);
    return real(m);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    static int (*real)(pthread_mutex_t *);
    if (!real)
        real = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_trylock");
    int r = real(m);
    if (r == 0)
        __atomic_add_fetch(&locks, 1, __ATOMIC_RELAXED);
    return r;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    static int (*real)(pthread_mutex_t *);
    if (!real)
        real = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_unlock");
    __atomic_add_fetch(&unlocks, 1, __ATOMIC_RELAXED);
    return real(m);
}

__attribute__((destructor)) static void report(void)
{
    fprintf(stderr, "shim: %ld locks, %ld unlocks\n", locks, unlocks);
}
