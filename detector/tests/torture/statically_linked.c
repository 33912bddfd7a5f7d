// A statically linked program ignores LD_PRELOAD: racecheck run must say so
// and fail (exit 3) rather than report a clean run.
// build: -static
// refused: statically linked
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_unlock(&m);   /* a bug that a clean report would hide */
    printf("ran\n");
    return 0;
}
