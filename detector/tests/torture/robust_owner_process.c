// A process-shared robust mutex and condition variable in shared memory. A
// child process takes the mutex and dies holding it; the parent gets
// EOWNERDEAD, makes it consistent, and the two processes then ping-pong through
// the condition variable. Nothing is wrong, nothing is reported.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    pthread_mutex_t m;
    pthread_cond_t c;
    int turn;       /* 0: parent's turn, 1: child's */
    int count;
};

int main(void) {
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&s->m, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&s->c, &ca);

    pid_t dying = fork();
    if (dying == 0) {
        pthread_mutex_lock(&s->m);
        _exit(0);                   /* dies holding it */
    }
    waitpid(dying, NULL, 0);
    int r = pthread_mutex_lock(&s->m);
    printf("after the owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : "other");
    if (r == EOWNERDEAD)
        pthread_mutex_consistent(&s->m);
    pthread_mutex_unlock(&s->m);

    fflush(stdout);
    pid_t peer = fork();
    int me = peer == 0 ? 1 : 0;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&s->m);
        while (s->turn != me)
            pthread_cond_wait(&s->c, &s->m);
        s->count++;
        s->turn = !me;
        pthread_cond_broadcast(&s->c);
        pthread_mutex_unlock(&s->m);
    }
    if (peer == 0)
        _exit(0);
    int status;
    waitpid(peer, &status, 0);
    printf("count %d, peer exited %d\n", s->count, WEXITSTATUS(status));
    return 0;
}
