// A pipe is open when the first finding is made (and the detector starts its
// symbolizer); the program then closes the pipe's write end and reads until
// end-of-file. The detector's helper must not hold the pipe open.
// expect: bad-unlock @unlock
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    write(fds[1], "hello\n", 6);
    pthread_mutex_unlock(&m);   // @unlock
    close(fds[1]);
    char buf[64];
    ssize_t n, total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        total += n;
    printf("read %zd bytes, then end-of-file\n", total);
    return 0;
}
