// The latent ABBA with C11 threads.h mutexes.
// expect: lock-order-inversion @a2 @b2
#include <threads.h>
#include <time.h>
static mtx_t m1, m2;
static int a(void *x) {
    (void)x;
    mtx_lock(&m1); mtx_lock(&m2); // @a2
    mtx_unlock(&m2); mtx_unlock(&m1);
    return 0;
}
static int b(void *x) {
    (void)x;
    thrd_sleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    mtx_lock(&m2); mtx_lock(&m1); // @b2
    mtx_unlock(&m1); mtx_unlock(&m2);
    return 0;
}
int main(void) {
    thrd_t t1, t2;
    mtx_init(&m1, mtx_plain);
    mtx_init(&m2, mtx_plain);
    thrd_create(&t1, a, 0);
    thrd_create(&t2, b, 0);
    thrd_join(t1, 0);
    thrd_join(t2, 0);
    return 0;
}
