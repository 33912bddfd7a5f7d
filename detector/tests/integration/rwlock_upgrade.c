// A reader asks for the write lock of the rwlock it holds for reading: it
// waits for itself. Reported as a deadlock; the run ends.
// expect: deadlock @upgrade
// exit: 66
#include <pthread.h>
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int main(void) {
    pthread_rwlock_rdlock(&rw);
    pthread_rwlock_wrlock(&rw); // @upgrade
    return 0;
}
