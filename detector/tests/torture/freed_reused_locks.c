// Locks in heap memory that is freed and reused for new locks 20,000 times:
// each new pair is taken in the opposite order from the pair that lived at
// the same addresses before it. A new lock is a new lock: no inversion.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node { pthread_mutex_t lock; long value; };

int main(void) {
    long sum = 0, reused = 0;
    void *last_a = NULL;
    for (int i = 0; i < 20000; i++) {
        struct node *a = malloc(sizeof *a), *b = malloc(sizeof *b);
        reused += a == last_a;
        last_a = a;
        pthread_mutex_init(&a->lock, NULL);
        pthread_mutex_init(&b->lock, NULL);
        struct node *first = i % 2 ? a : b, *second = i % 2 ? b : a;
        pthread_mutex_lock(&first->lock);
        pthread_mutex_lock(&second->lock);
        a->value = i;
        b->value = 1;
        sum += a->value + b->value;
        pthread_mutex_unlock(&second->lock);
        pthread_mutex_unlock(&first->lock);
        pthread_mutex_destroy(&a->lock);
        pthread_mutex_destroy(&b->lock);
        free(b);
        free(a);
    }
    printf("sum %ld, addresses reused: %s\n", sum, reused > 1000 ? "yes" : "no");
    return 0;
}
