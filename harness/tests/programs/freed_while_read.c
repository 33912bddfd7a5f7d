/* A thread reads a heap int that main frees without waiting for it: a race
 * on freed memory. Helgrind sees it only with --free-is-write=yes. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int *shared;

static void *reader(void *arg)
{
    (void)arg;
    volatile int seen = *shared;
    (void)seen;
    return NULL;
}

int main(void)
{
    shared = malloc(sizeof *shared);
    *shared = 1;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    usleep(100000);     /* the read is done by now, but nothing says so */
    free(shared);
    pthread_join(t, NULL);
    return 0;
}
