// A library's constructor registers fork handlers before the detector's own
// (jemalloc does this in redis-server): its prepare handler locks a mutex,
// its parent and child handlers unlock it. A threaded program forks a few
// times; parent and child both go on locking. The detector's handlers must
// run after the foreign prepare and before the foreign parent/child handlers,
// or the foreign handler's lock waits for an internal lock the forking thread
// already holds and the process freezes.
// expect: none
// library:
// link: library
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef TORTURE_LIBRARY
static pthread_mutex_t arena = PTHREAD_MUTEX_INITIALIZER;
static int prepared;

static void prepare(void) { pthread_mutex_lock(&arena); prepared++; }
static void parent(void) { pthread_mutex_unlock(&arena); }
static void child(void) { pthread_mutex_unlock(&arena); }

__attribute__((constructor)) static void register_handlers(void) {
    pthread_atfork(prepare, parent, child);
}

int library_allocations(void) {
    pthread_mutex_lock(&arena);
    int n = prepared;
    pthread_mutex_unlock(&arena);
    return n;
}
#else
int library_allocations(void);
static pthread_mutex_t work = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t child_only = PTHREAD_MUTEX_INITIALIZER;  /* never held at fork */
static long counter;

static void *worker(void *arg) {
    for (int i = 0; i < 100000; i++) {
        pthread_mutex_lock(&work);
        counter++;
        pthread_mutex_unlock(&work);
    }
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (int round = 0; round < 5; round++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            pthread_mutex_lock(&child_only);
            pthread_mutex_unlock(&child_only);
            _exit(library_allocations() == round + 1 ? 0 : 1);
        }
        int status;
        waitpid(pid, &status, 0);
        printf("round %d: child exit %d\n", round, WEXITSTATUS(status));
    }
    pthread_join(t, NULL);
    printf("counter %ld, forks prepared %d\n", counter, library_allocations());
    return 0;
}
#endif
