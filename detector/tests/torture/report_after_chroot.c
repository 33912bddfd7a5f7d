// A program confines itself with chroot into an empty folder, then makes a
// mistake: it unlocks a mutex it does not hold. Its binary and the
// symbolizer are out of reach from the new root, yet the report names the
// line. (Without the right to chroot, the call fails and changes nothing.)
// expect: bad-unlock @unlock
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    char dir[] = "/tmp/racecheck-chroot-XXXXXX";
    int tmp = open("/tmp", O_DIRECTORY | O_RDONLY);   /* to remove dir from inside */
    if (tmp < 0 || !mkdtemp(dir))
        return 1;
    int jailed = chroot(dir) == 0 && chdir("/") == 0;
    (void)jailed;
    pthread_mutex_unlock(&m); // @unlock
    puts("done");
    unlinkat(tmp, strrchr(dir, '/') + 1, AT_REMOVEDIR);
    return 0;
}
