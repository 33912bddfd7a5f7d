// The program replaces malloc with its own allocator, which takes a pthread
// mutex on every call (as many allocators do), and then makes a mistake: the
// detector neither deadlocks on the allocator's lock nor counts it wrongly,
// and the finding is reported.
// expect: bad-unlock @unlock
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t never_locked = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(16) char heap[64 << 20];
static size_t heap_used;

void *malloc(size_t n) {
    pthread_mutex_lock(&heap_lock);
    size_t at = (heap_used + 15) & ~(size_t)15;
    void *p = NULL;
    if (at + n + 16 <= sizeof heap) {
        memcpy(heap + at, &n, sizeof n);
        p = heap + at + 16;
        heap_used = at + 16 + n;
    }
    pthread_mutex_unlock(&heap_lock);
    return p;
}
void free(void *p) { (void)p; }
void *calloc(size_t a, size_t b) { void *p = malloc(a * b); if (p) memset(p, 0, a * b); return p; }
void *realloc(void *old, size_t n) {
    void *p = malloc(n);
    if (p && old) {
        size_t was;
        memcpy(&was, (char *)old - 16, sizeof was);
        memcpy(p, old, was < n ? was : n);
    }
    return p;
}

static void *worker(void *arg) {
    for (int i = 0; i < 1000; i++)
        free(malloc(100));
    return arg;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    char *s = strdup("allocated by the program's own malloc");
    printf("%s\n", s);
    pthread_mutex_unlock(&never_locked);   // @unlock
    return 0;
}
