// The program closes its standard error, then makes a mistake: the finding
// still reaches the report file, and the detector does not take over the
// freed descriptor 2 for good (what the program writes there later stays
// out of the report, and the report stays valid).
// expect: bad-unlock @unlock
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    close(2);
    pthread_mutex_unlock(&m);       // @unlock: not locked
    /* the lowest free descriptor is 2 again, unless the detector kept it */
    int fd = open("/dev/null", O_WRONLY);
    printf("reopened descriptor: %d\n", fd);
    write(2, "program's own line\n", 19);
    return 0;
}
