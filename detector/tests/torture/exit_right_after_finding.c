// _exit right after a finding: no destructor, no atexit, no stdio flush runs,
// yet the finding is in the report file; the exit status is the program's.
// expect: double-lock @second
// exit: 9
// native-exit: 9
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;

int main(void) {
    pthread_mutex_lock(&m);
    pthread_mutex_lock(&m);       // @second: EDEADLK
    write(1, "about to _exit\n", 15);
    _exit(9);
}
