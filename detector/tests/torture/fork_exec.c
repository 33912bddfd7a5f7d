// fork + exec while another thread holds a lock: the new program (this one,
// run again with an argument) runs under the detector too and must not
// replace the parent's report; a child with a finding reports it in its own
// report (FILE.PID). That child exits with the detector's exitcode (66), by
// design, so only "exited normally" is printed; the parent has no finding and
// exits 0.
// expect: bad-unlock @unlock
// exit: 0
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, a = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t holding, done;

static void *holder(void *arg) {
    pthread_mutex_lock(&m);
    pthread_barrier_wait(&holding);
    pthread_barrier_wait(&done);
    pthread_mutex_unlock(&m);
    return arg;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "exec-child")) {
        pthread_mutex_unlock(&a);        /* @unlock: the exec'd program's own bug */
        printf("exec'd child ran\n");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "exec-true")) {
        printf("second exec'd child ran\n");
        return 0;
    }
    pthread_t t;
    pthread_barrier_init(&holding, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_create(&t, NULL, holder, NULL);
    pthread_barrier_wait(&holding);
    const char *modes[] = {"exec-child", "exec-true"};
    for (int i = 0; i < 2; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], modes[i], (char *)NULL);
            _exit(127);
        }
        int status;
        waitpid(pid, &status, 0);
        printf("child %d exited normally: %s\n", i, WIFEXITED(status) ? "yes" : "no");
    }
    pthread_barrier_wait(&done);
    pthread_join(t, NULL);
    return 0;
}
