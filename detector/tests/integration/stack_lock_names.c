// Two threads each initialise a local mutex of one function, so the two locks
// sit at the same offset in stacks 8 MiB apart (given here explicitly, side by
// side, as glibc's default stacks usually are); then each takes its own and
// the other's, in opposite orders. Both are named as locals: the table of
// init sites must not give the two one slot (a hash of the address bits below
// 512 KiB did, and the first lock lost its name), and a thread's local is
// found although the detector's own frame calls the thread's start routine.
// expect: lock-order-inversion @second
// lock-name: mine (worker's local)
// lock-name: mine (worker's local) #2
// dot-nodes: 2
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#define STACK (8u << 20)
static pthread_mutex_t *lock_of[2];
static pthread_barrier_t ready, done;
static void *worker(void *arg)
{
    long i = (long)arg;
    pthread_mutex_t mine;
    pthread_mutex_init(&mine, NULL);
    lock_of[i] = &mine;
    pthread_barrier_wait(&ready);
    usleep((useconds_t)i * 50000);      /* one thread at a time: the cycle is found, never run */
    pthread_mutex_lock(lock_of[i]);
    pthread_mutex_lock(lock_of[1 - i]); /* @second */
    pthread_mutex_unlock(lock_of[1 - i]);
    pthread_mutex_unlock(lock_of[i]);
    pthread_barrier_wait(&done);        /* the other thread's lock lives until both are done */
    pthread_mutex_destroy(&mine);
    return NULL;
}
int main(void)
{
    char *stacks = mmap(NULL, 2 * STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stacks == MAP_FAILED)
        return 1;
    pthread_barrier_init(&ready, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_t t[2];
    for (long i = 0; i < 2; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstack(&attr, stacks + i * STACK, STACK);
        pthread_create(&t[i], &attr, worker, (void *)i);
        pthread_attr_destroy(&attr);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
