/*
 * lazy_init_race.c -- a registry table created on first use.
 *
 * Bug: Two threads both see `table == NULL` and both create the table (check-then-act), so one registration is lost.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: "if (table == NULL) table = create();" is a check and an
 * act with a gap between them. Creating the table takes a while (it would
 * read a file; here a usleep stands in for that and widens the gap), so both
 * threads pass the check, each builds its own table and registers into it,
 * and the second assignment throws the first table away (and leaks it).
 *
 * How to see it: run it; it prints how many tables were built (expected 1)
 * and how many names the final table holds (expected 2).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lazy_init_race.svg -- build/examples/buggy_examples/lazy_init_race
 */
// expect: data-race tsan helgrind

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

static struct table *table_create(void)
{
    struct table *t = calloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    usleep(20000);              /* slow set-up; widens the check-then-act gap */
    tables_built++;
    return t;
}

static struct table *get_table(void)
{
    if (table == NULL)          /* BUG: check ...                        */
        table = table_create(); /*      ... then act, without any lock   */
    return table;
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
