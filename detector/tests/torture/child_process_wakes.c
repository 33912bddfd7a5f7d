// Every thread of the parent waits, longer than the hang timeout, on a
// process-shared semaphore and condition variable that only its child process
// will post and signal. That is not a hang: the child is alive and wakes it.
// seconds: 15
// expect: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared { sem_t sem; pthread_mutex_t m; pthread_cond_t c; int flag; };

int main(void) {
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sem_init(&s->sem, 1, 0);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->m, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&s->c, &ca);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        sleep(3);                 /* longer than the hang timeout (2 s here) */
        sem_post(&s->sem);
        sleep(3);
        pthread_mutex_lock(&s->m);
        s->flag = 1;
        pthread_cond_signal(&s->c);
        pthread_mutex_unlock(&s->m);
        _exit(0);
    }
    sem_wait(&s->sem);
    printf("posted by the child\n");
    pthread_mutex_lock(&s->m);
    while (!s->flag)
        pthread_cond_wait(&s->c, &s->m);
    pthread_mutex_unlock(&s->m);
    printf("signalled by the child\n");
    waitpid(pid, NULL, 0);
    return 0;
}
