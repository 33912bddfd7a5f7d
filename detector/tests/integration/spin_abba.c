// The latent ABBA with spinlocks.
// expect: lock-order-inversion @a2 @b2
#include <pthread.h>
#include <unistd.h>
static pthread_spinlock_t s1, s2;
static void *a(void *x) {
    pthread_spin_lock(&s1); pthread_spin_lock(&s2); // @a2
    pthread_spin_unlock(&s2); pthread_spin_unlock(&s1);
    return x;
}
static void *b(void *x) {
    usleep(50000);
    pthread_spin_lock(&s2); pthread_spin_lock(&s1); // @b2
    pthread_spin_unlock(&s1); pthread_spin_unlock(&s2);
    return x;
}
int main(void) {
    pthread_t t1, t2;
    pthread_spin_init(&s1, 0);
    pthread_spin_init(&s2, 0);
    pthread_create(&t1, 0, a, 0);
    pthread_create(&t2, 0, b, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return 0;
}
