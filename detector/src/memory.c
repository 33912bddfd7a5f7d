/* Memory the detector maps itself: never malloc, which the watched program may
 * replace with an allocator that takes locks. */
#include "lockgraph.h"

#include <sys/mman.h>

void *lg_map(size_t bytes)
{
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

#define ARENA_CHUNK (4u << 20)
lg_ilock lg_arena_lock;
static char *arena_next, *arena_end;

void *lg_arena_alloc(size_t bytes)
{
    bytes = (bytes + 15) & ~(size_t)15;
    lg_ilock_lock(&lg_arena_lock);
    if (!arena_next || (size_t)(arena_end - arena_next) < bytes) {
        size_t chunk = bytes > ARENA_CHUNK ? bytes : ARENA_CHUNK;
        char *p = lg_map(chunk);
        if (!p) {
            lg_ilock_unlock(&lg_arena_lock);
            return NULL;
        }
        arena_next = p;
        arena_end = p + chunk;
    }
    void *result = arena_next;
    arena_next += bytes;
    lg_ilock_unlock(&lg_arena_lock);
    return result;
}
