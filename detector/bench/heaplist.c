/* heaplist [TRAVERSALS]: a list of 256 heap nodes, each with its own mutex.
 * Two threads walk it hand over hand (holding a node's lock while taking the
 * next one's), adding to each node; on every walk each thread also replaces
 * one node: unlinks it under its predecessor's lock, destroys and frees it,
 * and links in a freshly allocated one (whose memory is often the old
 * node's). Every edge agrees with the list order. */
#include "bench.h"

#include <pthread.h>

#define NODES 256
#define THREADS 2

struct node {
    pthread_mutex_t lock;
    unsigned long value;                /* guarded by lock */
    struct node *next;                  /* guarded by lock */
};

static struct node head = {PTHREAD_MUTEX_INITIALIZER, 0, NULL};   /* sentinel */
static long traversals;

struct worker {
    pthread_t thread;
    unsigned seed;
    unsigned long added;                /* increments this thread made */
    unsigned long retired;              /* values of the nodes it freed */
    long locks;
};

static struct node *new_node(struct node *next)
{
    struct node *n = malloc(sizeof *n);
    if (!n)
        abort();
    pthread_mutex_init(&n->lock, NULL);
    n->value = 0;
    n->next = next;
    return n;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    for (long t = 0; t < traversals; t++) {
        w->seed = w->seed * 1103515245u + 12345u;
        int victim = (int)((w->seed >> 16) % NODES);
        struct node *prev = &head;
        pthread_mutex_lock(&prev->lock);
        w->locks++;
        for (int i = 0; prev->next; i++) {
            struct node *cur = prev->next;
            pthread_mutex_lock(&cur->lock);
            w->locks++;
            if (i == victim) {
                /* nobody else can reach cur: they would need prev's lock */
                prev->next = cur->next;
                w->retired += cur->value;
                pthread_mutex_unlock(&cur->lock);
                pthread_mutex_destroy(&cur->lock);
                free(cur);
                prev->next = new_node(prev->next);
                cur = prev->next;
                pthread_mutex_lock(&cur->lock);
                w->locks++;
            }
            cur->value++;
            w->added++;
            pthread_mutex_unlock(&prev->lock);
            prev = cur;
        }
        pthread_mutex_unlock(&prev->lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    traversals = bench_arg(argc, argv, 1, 20000);
    if (traversals < 1)
        return 2;
    for (int i = 0; i < NODES; i++)
        head.next = new_node(head.next);
    static struct worker workers[THREADS];
    double start = bench_now();
    for (int i = 0; i < THREADS; i++) {
        workers[i].seed = 7919u * (unsigned)(i + 1);
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(workers[i].thread, NULL);
    double seconds = bench_now() - start;
    unsigned long got = 0, want = 0;
    long ops = 0;
    for (struct node *n = head.next, *next; n; n = next) {
        next = n->next;
        got += n->value;
        pthread_mutex_destroy(&n->lock);
        free(n);
    }
    for (int i = 0; i < THREADS; i++) {
        got += workers[i].retired;
        want += workers[i].added;
        ops += workers[i].locks;
    }
    return bench_result("heaplist", ops, seconds, got, want);
}
