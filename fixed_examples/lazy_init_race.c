/*
 * lazy_init_race.c (fixed) -- a registry table created on first use.
 *
 * Bug: Two threads both see `table == NULL` and both create the table (check-then-act), so one registration is lost.
 * Category: AV (atomicity violation)
 *
 * Fix: the check and the act now happen under one lock, table_lock. The
 * first caller creates the table while holding it; the second blocks until
 * the table exists, then sees it (the unlock/lock pair also publishes the
 * table's contents). pthread_once(&once, create) is the other standard
 * fix; it is correct too, but Helgrind cannot see the synchronisation inside
 * glibc's pthread_once and reports a false race, so this twin uses a mutex.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lazy_init_race.svg -- build/examples/fixed_examples/lazy_init_race
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct table {
    pthread_mutex_t lock;
    int count;
    const char *names[8];
};

static struct table *table;     /* created lazily, on first use */
static int tables_built;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static struct table *table_create(void)
{
    struct table *t = calloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    usleep(20000);              /* slow set-up */
    tables_built++;
    return t;
}

static struct table *get_table(void)
{
    struct table *t;
    pthread_mutex_lock(&table_lock);    /* FIX: check and act in one critical section */
    if (table == NULL)
        table = table_create();
    t = table;
    pthread_mutex_unlock(&table_lock);
    return t;
}

static void *registrar(void *name)
{
    struct table *t = get_table();
    pthread_mutex_lock(&t->lock);
    t->names[t->count++] = name;
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, registrar, "alice");
    pthread_create(&b, NULL, registrar, "bob");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("tables built: %d (expected 1), names in table: %d (expected 2)\n",
           tables_built, table->count);
    return tables_built == 1 && table->count == 2 ? 0 : 1;
}
