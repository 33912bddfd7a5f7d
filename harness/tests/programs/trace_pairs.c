/* For trace.test: a known number of acquisitions per thread. Two workers
 * meet at a barrier (one wait each), then each takes account_lock and,
 * inside it, audit_lock ROUNDS times: 2 * ROUNDS held-lock slices per
 * worker, properly nested. main then locks hand over hand (take the next,
 * let go of the previous) HANDS times: 2 * HANDS slices, of which HANDS
 * overlap without nesting and must go on an extra track. */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 40
#define HANDS 3

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_line;
static long balance, audits;

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (int r = 0; r < ROUNDS; r++) {
        pthread_mutex_lock(&account_lock);
        balance++;
        pthread_mutex_lock(&audit_lock);
        audits++;
        pthread_mutex_unlock(&audit_lock);
        pthread_mutex_unlock(&account_lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    pthread_barrier_init(&start_line, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int h = 0; h < HANDS; h++) {
        pthread_mutex_lock(&account_lock);
        pthread_mutex_lock(&audit_lock);
        pthread_mutex_unlock(&account_lock);     /* hand over hand: the outer one first */
        pthread_mutex_unlock(&audit_lock);
    }
    printf("balance %ld audits %ld\n", balance, audits);
    return balance == 2 * ROUNDS && audits == 2 * ROUNDS ? 0 : 1;
}
