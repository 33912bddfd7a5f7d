// posix_spawn while threads hold and take locks: the spawned program runs and
// its status comes back; nothing is reported.
// expect: none
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *busy(void *arg) {
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "spawned")) {
        printf("spawned program ran\n");
        return 7;
    }
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, busy, NULL);
    for (int i = 0; i < 3; i++) {
        pid_t pid;
        char *child_argv[] = {argv[0], "spawned", NULL};
        fflush(stdout);
        if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, child_argv, environ) != 0)
            return 1;
        int status;
        waitpid(pid, &status, 0);
        printf("spawn %d exited %d\n", i, WEXITSTATUS(status));
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter %d\n", counter);
    return 0;
}
