// A C11 thread (thrd_create, which does not pass through pthread_create) ends
// holding a mutex: reported as a lock leak like a pthread would be.
// expect: lock-leak @taken
#include <stdio.h>
#include <threads.h>

static mtx_t m;

static int worker(void *arg) {
    mtx_lock(&m); // @taken
    return arg != NULL;
}

int main(void) {
    mtx_init(&m, mtx_plain);
    thrd_t t;
    thrd_create(&t, worker, NULL);
    int res;
    thrd_join(t, &res);
    printf("worker returned %d\n", res);
    return 0;
}
