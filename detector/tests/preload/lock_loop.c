// 1,000 locks and unlocks of one plain mutex by each of two threads.
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long count;

static void *loop(void *arg)
{
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&m);
        count++;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, loop, NULL);
    loop(NULL);
    pthread_join(t, NULL);
    return count != 2000;
}
