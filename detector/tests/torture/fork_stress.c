// 100 forks while four threads take and release nested locks as fast as they
// can (so the detector's own tables are being changed at every fork): each
// child takes the same locks in the same order, starts a thread of its own,
// and exits; the parent goes on. Nothing is reported; no child hangs.
// seconds: 20
// expect: none
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stop;
static long counter;

static void *churn(void *arg) {
    while (!atomic_load(&stop)) {
        pthread_mutex_lock(&a);
        pthread_mutex_lock(&b);
        counter++;
        pthread_mutex_unlock(&b);
        pthread_mutex_unlock(&a);
    }
    return arg;
}

static void *child_thread(void *arg) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    return arg;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, churn, NULL);
    int ok = 0;
    for (int i = 0; i < 100; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            /* the churning threads are gone; their locks may have been held
               at the fork, so the child re-initialises them first */
            pthread_mutex_init(&a, NULL);
            pthread_mutex_init(&b, NULL);
            pthread_t c;
            pthread_create(&c, NULL, child_thread, NULL);
            pthread_join(c, NULL);
            _exit(7);
        }
        int status;
        waitpid(pid, &status, 0);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 7;
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%d of 100 children exited normally\n", ok);
    return 0;
}
