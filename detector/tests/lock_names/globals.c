// Globals of every shape lockgraph-namer must name (lock_names.test): each
// QUERY prints the question for one lock and the path expected, and the
// library (globals_lib.c) adds its own.
#include <pthread.h>
#include <stdint.h>
#include <threads.h>
#include "query.h"

struct account { long balance; pthread_mutex_t lock; };
struct account accts[3];                        /* an array of structs */
struct bank { int n; struct account accounts[4]; pthread_mutex_t big; } bank; /* nested */
typedef struct { long x; pthread_rwlock_t stripes[8]; } table_t;
const volatile table_t table;                   /* typedef, const, volatile */
struct two { pthread_mutex_t a, b; } two;       /* two locks in one struct */
struct anon {
    int k;
    struct { int z; pthread_spinlock_t spin; }; /* anonymous struct */
    union { pthread_mutex_t um; char pad[64]; };/* anonymous union, one lock */
} anon;
pthread_mutex_t grid[2][3];                     /* two dimensions */
union either { pthread_mutex_t m; pthread_rwlock_t rw; } either; /* told apart by size */
mtx_t c11[2];
typedef pthread_mutex_t my_lock_t;              /* the program's own name for a lock */
struct { my_lock_t guard; } wrapped;
static pthread_mutex_t file_static;
int not_a_lock;

void lib_queries(void);

int main(void)
{
    static pthread_mutex_t function_static;
    QUERY(accts[1].lock, "accts[1].lock");
    QUERY(accts[0].lock, "accts[0].lock");
    QUERY(bank.accounts[2].lock, "bank.accounts[2].lock");
    QUERY(bank.big, "bank.big");
    QUERY(table.stripes[7], "table.stripes[7]");
    QUERY(two.a, "two.a");
    QUERY(two.b, "two.b");
    QUERY(anon.spin, "anon.spin");
    QUERY(anon.um, "anon.um");
    QUERY(grid[1][1], "grid[1][1]");
    QUERY(either.m, "either.m");
    QUERY(either.rw, "either.rw");
    QUERY(c11[1], "c11[1]");
    QUERY(wrapped.guard, "wrapped.guard");
    QUERY(file_static, "file_static");
    QUERY(function_static, "function_static");
    /* no lock there: no answer */
    query((const char *)&accts[1].lock + 8, sizeof(pthread_mutex_t), "");
    query(&accts[1].balance, sizeof(pthread_mutex_t), "");
    query(&not_a_lock, sizeof(pthread_mutex_t), "");
    lib_queries();
    return 0;
}
