// A server started as root drops its privileges (setgid, setgroups, setuid
// to nobody) and then makes a mistake: a thread ends holding a lock. The
// report file lies in a folder only root may write, yet the finding must be
// in it. (Run as another user, the calls fail and change nothing: the
// finding is the same.)
// expect: lock-leak @taken
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    pthread_mutex_lock(&m); // @taken
    return arg;
}

int main(void) {
    gid_t none[1] = {65534};
    int dropped = setgroups(1, none) == 0 && setgid(65534) == 0 && setuid(65534) == 0;
    (void)dropped;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    puts("done");
    return 0;
}
