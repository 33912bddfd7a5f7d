// The shared library half of globals.c: a module loaded at an address of its own.
#include <pthread.h>
#include "query.h"

struct registry { const char *name; struct { int used; pthread_mutex_t slot_lock; } slots[5]; };
struct registry registry;

void lib_queries(void)
{
    QUERY(registry.slots[4].slot_lock, "registry.slots[4].slot_lock");
}
