/* Submission "racy": two threads add to a shared total without a lock. */
#include <pthread.h>
#include <stdio.h>
static long total;
static void *add(void *arg) { for (int i = 0; i < 100000; i++) total++; return arg; }
int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, add, NULL);
    pthread_create(&b, NULL, add, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("total %ld\n", total);
    return 0;
}
