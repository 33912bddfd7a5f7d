/* Two producers push into one queue. */
#include <pthread.h>
#include <stdio.h>
#include "queue.h"
static void *produce(void *arg)
{
    for (int i = 0; i < 10000; i++)
        queue_push(i);
    return arg;
}
int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, produce, NULL);
    pthread_create(&b, NULL, produce, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("length %d\n", queue_length());
    return 0;
}
