// Many readers and a writer on one rwlock, readers nesting a read lock inside
// another read lock of the same rwlock (glibc's default prefers readers), the
// writer checking that readers never see a half-written pair.
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t stats = PTHREAD_MUTEX_INITIALIZER;
static long a, b, torn, reads;

static void *reader(void *arg) {
    for (int i = 0; i < 5000; i++) {
        pthread_rwlock_rdlock(&rw);
        pthread_rwlock_rdlock(&rw);
        long bad = a != b;
        pthread_rwlock_unlock(&rw);
        pthread_rwlock_unlock(&rw);
        pthread_mutex_lock(&stats);
        torn += bad;
        reads++;
        pthread_mutex_unlock(&stats);
    }
    return arg;
}

static void *writer(void *arg) {
    for (int i = 0; i < 5000; i++) {
        pthread_rwlock_wrlock(&rw);
        a++;
        b++;
        pthread_rwlock_unlock(&rw);
    }
    return arg;
}

int main(void) {
    pthread_t t[9];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, reader, NULL);
    pthread_create(&t[8], NULL, writer, NULL);
    for (int i = 0; i < 9; i++)
        pthread_join(t[i], NULL);
    printf("a %ld b %ld, %ld reads, %ld torn\n", a, b, reads, torn);
    return 0;
}
