/* gcc accepts it (a warning); clang rejects it, so the ThreadSanitizer build fails. */
#include <pthread.h>
static int answer(void) { return; }
static void *work(void *x) { return x; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    pthread_join(t, 0);
    answer();
    return 0;
}
