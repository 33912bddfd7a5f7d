// A helper locks a normal mutex the caller already holds: the program would
// hang forever; the detector reports a double lock and ends it.
// expect: double-lock @second
// exit: 66
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static void bump(void) {
    pthread_mutex_lock(&m); // @second
    counter++;
    pthread_mutex_unlock(&m);
}
int main(void) {
    pthread_mutex_lock(&m);
    bump();
    pthread_mutex_unlock(&m);
    return counter;
}
