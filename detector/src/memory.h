/* Memory the detector maps itself (memory.c), never malloc: the watched
 * program may replace malloc with an allocator that takes locks. Apart from
 * lockgraph.h so that the lock-order graph, a plain data structure, can use
 * it too. */
#ifndef LOCKGRAPH_MEMORY_H
#define LOCKGRAPH_MEMORY_H

#include <stddef.h>

/* zeroed, reserved lazily */
void *lg_map(size_t bytes) __attribute__((visibility("hidden")));

#endif
