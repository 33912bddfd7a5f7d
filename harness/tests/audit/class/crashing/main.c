/* Submission "crashing": a worker thread writes through a null pointer. */
#include <pthread.h>
#include <stddef.h>
static void *work(void *arg)
{
    volatile int *slot = arg;
    *slot = 1;
    return NULL;
}
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, work, NULL);
    pthread_join(t, NULL);
    return 0;
}
