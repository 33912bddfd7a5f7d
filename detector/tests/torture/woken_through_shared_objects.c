// The only thread blocks, each time longer than the hang timeout, on objects
// that another process (double-forked: not a child) releases after 3 s: a
// named semaphore it posts, a process-shared mutex it holds, a process-shared
// condition variable it signals. Another process can end these waits: not a
// hang, never killed.
// seconds: 25
// build: -lrt
// expect: none
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    pthread_mutex_t m;
    pthread_cond_t c;
    int ready, done;
};
static struct shared *sh;
static char sem_name[64];

/* runs fn in a process that is not our child */
static void in_other_process(void (*fn)(void)) {
    fflush(stdout);
    pid_t middle = fork();
    if (middle == 0) {
        if (fork() == 0) {
            fn();
            _exit(0);
        }
        _exit(0);
    }
    waitpid(middle, NULL, 0);
}

static void post_later(void) {
    sem_t *s = sem_open(sem_name, 0);
    usleep(3000 * 1000);
    sem_post(s);
}

static void hold_mutex(void) {
    pthread_mutex_lock(&sh->m);
    __atomic_store_n(&sh->ready, 1, __ATOMIC_RELEASE);
    usleep(3000 * 1000);
    pthread_mutex_unlock(&sh->m);
}

static void signal_later(void) {
    usleep(3000 * 1000);
    pthread_mutex_lock(&sh->m);
    sh->done = 1;
    pthread_cond_signal(&sh->c);
    pthread_mutex_unlock(&sh->m);
}

int main(void) {
    snprintf(sem_name, sizeof sem_name, "/racecheck-torture-%d", (int)getpid());
    sem_t *s = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0);
    in_other_process(post_later);
    printf("named semaphore: %d\n", sem_wait(s));
    sem_close(s);
    sem_unlink(sem_name);

    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->m, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&sh->c, &ca);

    in_other_process(hold_mutex);
    while (!__atomic_load_n(&sh->ready, __ATOMIC_ACQUIRE))
        usleep(1000);
    printf("process-shared mutex: %d\n", pthread_mutex_lock(&sh->m));
    pthread_mutex_unlock(&sh->m);

    in_other_process(signal_later);
    pthread_mutex_lock(&sh->m);
    while (!sh->done)
        pthread_cond_wait(&sh->c, &sh->m);
    pthread_mutex_unlock(&sh->m);
    printf("process-shared condition variable: signalled\n");
    return 0;
}
