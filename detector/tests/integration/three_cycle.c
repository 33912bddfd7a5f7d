// A cycle through three locks and three threads, run one after another.
// expect: lock-order-inversion @ab @bc @ca
#include <pthread.h>
#include <unistd.h>
static pthread_mutex_t ma = PTHREAD_MUTEX_INITIALIZER, mb = PTHREAD_MUTEX_INITIALIZER,
                       mc = PTHREAD_MUTEX_INITIALIZER;
static void *t1(void *x) { pthread_mutex_lock(&ma); pthread_mutex_lock(&mb); /* @ab */ pthread_mutex_unlock(&mb); pthread_mutex_unlock(&ma); return x; }
static void *t2(void *x) { usleep(50000); pthread_mutex_lock(&mb); pthread_mutex_lock(&mc); /* @bc */ pthread_mutex_unlock(&mc); pthread_mutex_unlock(&mb); return x; }
static void *t3(void *x) { usleep(100000); pthread_mutex_lock(&mc); pthread_mutex_lock(&ma); /* @ca */ pthread_mutex_unlock(&ma); pthread_mutex_unlock(&mc); return x; }
int main(void) {
    pthread_t a, b, c;
    pthread_create(&a, 0, t1, 0);
    pthread_create(&b, 0, t2, 0);
    pthread_create(&c, 0, t3, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    pthread_join(c, 0);
    return 0;
}
