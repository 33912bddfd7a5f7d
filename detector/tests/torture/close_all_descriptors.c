// After a first finding the program closes every descriptor above 2 (as
// daemons and shells do) and opens its own file, which gets the lowest
// number; a second finding follows. The detector must not write into the
// program's file, and the second finding is reported too.
// expect: bad-unlock @first
// expect: bad-unlock @second
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_unlock(&m);   // @first
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    char path[] = "/tmp/torture-fdsXXXXXX";
    int mine = mkstemp(path);
    int other = open("/dev/null", O_RDONLY);
    pthread_mutex_unlock(&m);   // @second
    struct stat st;
    fstat(mine, &st);
    printf("my file holds %lld bytes\n", (long long)st.st_size);
    close(mine);
    close(other);
    unlink(path);
    return 0;
}
