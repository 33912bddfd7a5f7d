// C11 threads: thrd_create (which glibc runs without passing through
// pthread_create), mtx_* of every type, cnd_wait and cnd_timedwait, call_once
// and tss; the threads end by return and by thrd_exit, and main ends with
// thrd_exit while a detached thread is still blocked on a mutex. The process
// must end when its last thread does.
// expect: none
#include <stdio.h>
#include <threads.h>
#include <time.h>

static mtx_t plain, recursive, timed, gate;
static cnd_t ready;
static once_flag once = ONCE_FLAG_INIT;
static tss_t key;
static int started, inits;
static long counter;

static void init_once(void) { inits++; }

static int worker(void *arg) {
    call_once(&once, init_once);
    tss_set(key, arg);
    for (int i = 0; i < 1000; i++) {
        mtx_lock(&plain);
        mtx_lock(&recursive);
        mtx_lock(&recursive);
        counter++;
        mtx_unlock(&recursive);
        mtx_unlock(&recursive);
        mtx_unlock(&plain);
    }
    mtx_lock(&plain);
    started++;
    cnd_broadcast(&ready);
    mtx_unlock(&plain);
    if (tss_get(key) != arg)
        return 1;
    if ((long)arg % 2)
        thrd_exit(0);
    return 0;
}

static int last(void *arg) {
    (void)arg;
    mtx_lock(&gate);              /* main holds gate until it exits */
    mtx_unlock(&gate);
    mtx_lock(&plain);
    printf("last thread: counter %ld, %d init\n", counter, inits);
    mtx_unlock(&plain);
    return 0;
}

int main(void) {
    mtx_init(&plain, mtx_plain);
    mtx_init(&recursive, mtx_plain | mtx_recursive);
    mtx_init(&timed, mtx_timed);
    mtx_init(&gate, mtx_plain);
    cnd_init(&ready);
    tss_create(&key, NULL);
    thrd_t t[4];
    for (long i = 0; i < 4; i++)
        thrd_create(&t[i], worker, (void *)(i + 1));
    mtx_lock(&plain);
    while (started < 4)
        cnd_wait(&ready, &plain);
    struct timespec soon;
    timespec_get(&soon, TIME_UTC);
    soon.tv_nsec += 50 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) { soon.tv_sec++; soon.tv_nsec -= 1000000000; }
    int r = cnd_timedwait(&ready, &plain, &soon);
    mtx_unlock(&plain);
    printf("cnd_timedwait: %s\n", r == thrd_timedout ? "timed out" : "other");
    int results = 0;
    for (int i = 0; i < 4; i++) {
        int res;
        thrd_join(t[i], &res);
        results += res;
    }
    printf("workers failed: %d\n", results);
    mtx_lock(&timed);
    mtx_unlock(&timed);
    mtx_lock(&gate);
    thrd_t l;
    thrd_create(&l, last, NULL);
    thrd_detach(l);
    fflush(stdout);
    mtx_unlock(&gate);
    thrd_exit(0);
}
