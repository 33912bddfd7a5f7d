/* Golden test program: one thread unlocks a mutex it never locked. */
#include <pthread.h>

int main(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_unlock(&m); /* line 7: not locked */
    return 0;
}
