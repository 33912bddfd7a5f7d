// fork() while other threads hold locks: the child takes sibling locks (never
// the held ones, which stay locked forever in the child) and exits; the parent
// goes on and uses every lock.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t held[4], sibling[4];
static pthread_barrier_t all_holding, may_release;

static void *holder(void *arg) {
    long i = (long)arg;
    pthread_mutex_lock(&held[i]);
    pthread_barrier_wait(&all_holding);    /* every held[] is locked from here */
    pthread_barrier_wait(&may_release);    /* until the fork is done */
    pthread_mutex_unlock(&held[i]);
    return NULL;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        pthread_mutex_init(&held[i], NULL);
        pthread_mutex_init(&sibling[i], NULL);
    }
    pthread_barrier_init(&all_holding, NULL, 5);
    pthread_barrier_init(&may_release, NULL, 5);
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, holder, (void *)i);
    pthread_barrier_wait(&all_holding);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int sum = 0;
        for (int round = 0; round < 100; round++)
            for (int i = 0; i < 4; i++) {     /* always in the same order */
                pthread_mutex_lock(&sibling[i]);
                if (i + 1 < 4) pthread_mutex_lock(&sibling[i + 1]);
                sum++;
                if (i + 1 < 4) pthread_mutex_unlock(&sibling[i + 1]);
                pthread_mutex_unlock(&sibling[i]);
            }
        printf("child: %d\n", sum);
        fflush(stdout);
        _exit(sum == 400 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    pthread_barrier_wait(&may_release);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        pthread_mutex_lock(&held[i]);
        pthread_mutex_lock(&sibling[i]);
        pthread_mutex_unlock(&sibling[i]);
        pthread_mutex_unlock(&held[i]);
    }
    printf("parent: child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
