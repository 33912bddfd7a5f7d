/* Submission "deadlocking": two transfers lock the accounts in opposite
 * orders; a barrier makes both hold their first lock, so it always deadlocks. */
#include <pthread.h>
static pthread_mutex_t from = PTHREAD_MUTEX_INITIALIZER, to = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both;
static void *pay(void *arg)
{
    pthread_mutex_lock(&from);
    pthread_barrier_wait(&both);
    pthread_mutex_lock(&to);
    return arg;
}
static void *refund(void *arg)
{
    pthread_mutex_lock(&to);
    pthread_barrier_wait(&both);
    pthread_mutex_lock(&from);
    return arg;
}
int main(void)
{
    pthread_t a, b;
    pthread_barrier_init(&both, NULL, 2);
    pthread_create(&a, NULL, pay, NULL);
    pthread_create(&b, NULL, refund, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
