// A shared library loaded with dlopen creates threads and locks (its own
// static and heap locks, nested in one order), then is closed and loaded
// again. The same file is the library (built with -DTORTURE_LIBRARY) and the
// program, which gets the library's path as its argument.
// expect: none
// library:
// build: -ldl
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef TORTURE_LIBRARY
static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static long lib_counter;

static void *lib_worker(void *arg) {
    pthread_mutex_t *own = arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lib_lock);
        pthread_mutex_lock(own);
        lib_counter++;
        pthread_mutex_unlock(own);
        pthread_mutex_unlock(&lib_lock);
    }
    return NULL;
}

long library_run(int threads) {
    pthread_t *t = malloc(sizeof *t * (size_t)threads);
    pthread_mutex_t *own = malloc(sizeof *own);
    pthread_mutex_init(own, NULL);
    lib_counter = 0;
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, lib_worker, own);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_destroy(own);
    free(own);
    free(t);
    return lib_counter;
}
#else
#include <dlfcn.h>

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    for (int round = 0; round < 3; round++) {
        void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            printf("dlopen failed\n");
            return 1;
        }
        long (*run)(int) = (long (*)(int))dlsym(h, "library_run");
        printf("round %d: %ld\n", round, run(4));
        dlclose(h);
    }
    return 0;
}
#endif
