// Two heap-allocated accounts locked in both orders: the locks have no
// variable name, so each is named by the argument of the init call and the
// line that initialised it.
// expect: lock-order-inversion @ab @ba
// lock-name: from->lock (initialised at heap_lock_names.c:@init_from)
// lock-name: to->lock (initialised at heap_lock_names.c:@init_to)
// dot-nodes: 2
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
struct account { long balance; pthread_mutex_t lock; };
static struct account *from, *to;
static void *t1(void *x) { pthread_mutex_lock(&from->lock); pthread_mutex_lock(&to->lock); /* @ab */ pthread_mutex_unlock(&to->lock); pthread_mutex_unlock(&from->lock); return x; }
static void *t2(void *x) { usleep(50000); pthread_mutex_lock(&to->lock); pthread_mutex_lock(&from->lock); /* @ba */ pthread_mutex_unlock(&from->lock); pthread_mutex_unlock(&to->lock); return x; }
int main(void)
{
    from = calloc(1, sizeof *from);
    to = calloc(1, sizeof *to);
    pthread_mutex_init(&from->lock, NULL); /* @init_from */
    pthread_mutex_init(&to->lock, NULL); /* @init_to */
    pthread_t a, b;
    pthread_create(&a, 0, t1, 0);
    pthread_create(&b, 0, t2, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    free(from);
    free(to);
    return 0;
}
