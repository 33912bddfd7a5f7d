// More findings than the report keeps (run with max_findings=3): the first
// three are reported, one warning says later ones are only counted, and the
// program runs on unchanged.
// run: --max-findings=3
// warning: more than max_findings
// expect: bad-unlock @u1
// expect: bad-unlock @u2
// expect: bad-unlock @u3
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_unlock(&m); // @u1
    pthread_mutex_unlock(&m); // @u2
    pthread_mutex_unlock(&m); // @u3
    pthread_mutex_unlock(&m); // @u4
    pthread_mutex_unlock(&m); // @u5
    pthread_mutex_unlock(&m); // @u6
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    printf("still running\n");
    return 0;
}
