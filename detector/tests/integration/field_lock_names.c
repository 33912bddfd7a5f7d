// Locks inside structs, named the way the program names them: a field of an
// element of a global array of structs, two locks of one global struct, a
// lock in an array inside a nested struct, heap locks named by the argument
// of the init call (two of them on one line), and a local of main. Eight
// threads, one after another, each take two of them: one cycle through all
// eight, found without being run.
// expect: lock-order-inversion @second
// lock-name: accts[1].lock
// lock-name: pair.a
// lock-name: pair.b
// lock-name: bank.branch[1].mutex
// lock-name: ledger->lock (initialised at field_lock_names.c:@init_ledger)
// lock-name: audit->first (initialised at field_lock_names.c:@init_audit)
// lock-name: audit->second (initialised at field_lock_names.c:@init_audit)
// lock-name: journal (main's local)
// dot-nodes: 8
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
struct account { long balance; pthread_mutex_t lock; };
struct account accts[3];
struct pair { pthread_mutex_t a, b; } pair = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
struct bank { int n; struct { long id; pthread_mutex_t mutex; } branch[2]; } bank;
struct ledger { char name[16]; pthread_mutex_t lock; } *ledger;
struct audit { pthread_mutex_t first, second; } *audit;
static pthread_mutex_t *journal_lock;     /* main's local */
static void both(pthread_mutex_t *a, pthread_mutex_t *b, int order)
{
    usleep((useconds_t)order * 20000);  /* one thread at a time: the cycle is found, never run */
    pthread_mutex_lock(a);
    pthread_mutex_lock(b); /* @second */
    pthread_mutex_unlock(b);
    pthread_mutex_unlock(a);
}
static void *t1(void *x) { both(&accts[1].lock, &pair.a, 0); return x; }
static void *t2(void *x) { both(&pair.a, &pair.b, 1); return x; }
static void *t3(void *x) { both(&pair.b, &bank.branch[1].mutex, 2); return x; }
static void *t4(void *x) { both(&bank.branch[1].mutex, &ledger->lock, 3); return x; }
static void *t5(void *x) { both(&ledger->lock, &audit->first, 4); return x; }
static void *t6(void *x) { both(&audit->first, &audit->second, 5); return x; }
static void *t7(void *x) { both(&audit->second, journal_lock, 6); return x; }
static void *t8(void *x) { both(journal_lock, &accts[1].lock, 7); return x; }
int main(void)
{
    pthread_mutex_t journal;
    pthread_mutex_init(&journal, NULL);
    journal_lock = &journal;
    for (int i = 0; i < 3; i++)
        pthread_mutex_init(&accts[i].lock, NULL);
    for (int i = 0; i < 2; i++)
        pthread_mutex_init(&bank.branch[i].mutex, NULL);
    ledger = calloc(1, sizeof *ledger);
    audit = calloc(1, sizeof *audit);
    pthread_mutex_init(&ledger->lock, NULL); /* @init_ledger */
    pthread_mutex_init(&audit->first, NULL); pthread_mutex_init(&audit->second, NULL); /* @init_audit */
    void *(*body[])(void *) = {t1, t2, t3, t4, t5, t6, t7, t8};
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, body[i], NULL);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    free(ledger);
    free(audit);
    return 0;
}
