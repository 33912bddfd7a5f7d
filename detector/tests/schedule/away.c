// Threads that hold the turn under schedule=pct without coming back to a
// point: one spins on a plain flag, one computes, one blocks in a read() the
// detector does not see. Each waits for another thread's act after that
// thread's next lock; the scheduler must see the holder is away (it uses CPU,
// or sleeps in the kernel) and let the others go, or the program never ends.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static atomic_int flag;
static int pipe_fds[2];
static volatile unsigned long sink;

static void *spinner(void *arg)
{
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    while (!atomic_load_explicit(&flag, memory_order_relaxed))
        ;                                   /* no point: a plain spin */
    return arg;
}

static void *reader(void *arg)
{
    char c;
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    if (read(pipe_fds[0], &c, 1) != 1)      /* sleeps where the detector does not see */
        perror("read");
    return arg;
}

static void *computer(void *arg)
{
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    for (unsigned long i = 0; i < 200000000ul && !atomic_load(&flag); i++)
        sink += i;                          /* long work between points */
    return arg;
}

static void *releaser(void *arg)
{
    pthread_mutex_lock(&m);
    atomic_store(&flag, 1);
    pthread_mutex_unlock(&m);
    if (write(pipe_fds[1], "x", 1) != 1)
        perror("write");
    return arg;
}

int main(void)
{
    pthread_t t[4];
    void *(*fns[4])(void *) = {spinner, reader, computer, releaser};
    if (pipe(pipe_fds) != 0)
        return 2;
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, fns[i], NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    puts("done");
    return 0;
}
