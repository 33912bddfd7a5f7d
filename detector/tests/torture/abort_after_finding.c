// abort() right after a finding: the process dies of SIGABRT (status 134 as
// the shell and racecheck show it) and the finding is in the report.
// expect: bad-unlock @unlock
// exit: 134
// native-exit: 134
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_unlock(&m);     // @unlock
    write(1, "about to abort\n", 15);
    abort();
}
