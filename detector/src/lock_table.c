/* Lock address -> lock node. Lookups are lock-free; creating a node (first use
 * of a lock, or first use after init/destroy) takes table_lock. A destroyed
 * lock's slot is reused by the next lock at that address, as a new node, so
 * memory reused for a new lock never inherits the old lock's edges. */
#include "lockgraph.h"

struct lg_lock_table lg_locks;
static atomic_uint nnodes;
static uint32_t max_nodes;
lg_ilock lg_table_lock;
static atomic_int full_warned;

void lg_lock_table_init(void)
{
    max_nodes = (uint32_t)lg_opt.max_locks;
    uint32_t size = 1;
    while (size < 2 * (uint64_t)max_nodes)
        size <<= 1;
    lg_locks.mask = size - 1;
    lg_locks.slots = lg_map((size_t)size * sizeof *lg_locks.slots);
    lg_locks.nodes = lg_map(((size_t)max_nodes + 1) * sizeof *lg_locks.nodes);
    lg_locks.cond_mutex = lg_map(((size_t)max_nodes + 1) * sizeof *lg_locks.cond_mutex);
}

struct lg_lock *lg_lock_by_id(uint32_t id)
{
    return id && id <= atomic_load(&nnodes) ? &lg_locks.nodes[id] : NULL;
}

uint32_t lg_lock_count(void)
{
    return atomic_load(&nnodes);
}

bool lg_lock_table_full(void)
{
    return atomic_load_explicit(&full_warned, memory_order_relaxed) != 0;
}

static void warn_full(void)
{
    if (!atomic_exchange(&full_warned, 1))
        lg_warn("lock table full (max_locks=%ld): locks first used from now on are not "
                "tracked; coverage is reduced", lg_opt.max_locks);
}

struct lg_lock *lg_lock_get(uintptr_t addr, enum lg_lock_kind kind, uintptr_t pc)
{
    struct lg_lock *n = lg_lock_find(addr);
    if (LG_LIKELY(n != NULL))
        return n;
    if (!lg_locks.slots || !lg_locks.nodes || !lg_locks.cond_mutex)
        return NULL;
    lg_ilock_lock(&lg_table_lock);
    uint32_t i = lg_addr_hash(addr) & lg_locks.mask;
    for (;; i = (i + 1) & lg_locks.mask) {
        uint32_t old = atomic_load(&lg_locks.slots[i]);
        n = old ? &lg_locks.nodes[old] : NULL;
        if (!n || n->addr == addr)
            break;
    }
    if (n && !atomic_load(&n->dead)) {          /* made by another thread meanwhile */
        lg_ilock_unlock(&lg_table_lock);
        return n;
    }
    uint32_t id = atomic_load(&nnodes) + 1;
    if (id > max_nodes || (!n && id > lg_locks.mask / 2 + 1)) {
        lg_ilock_unlock(&lg_table_lock);
        warn_full();
        return NULL;
    }
    struct lg_lock *fresh = &lg_locks.nodes[id];
    fresh->addr = addr;
    fresh->id = id;
    fresh->kind = (uint8_t)kind;
    fresh->created_pc = pc;
    atomic_store(&nnodes, id);
    atomic_store_explicit(&lg_locks.slots[i], id, memory_order_release);
    lg_ilock_unlock(&lg_table_lock);
    return fresh;
}

void lg_lock_forget(uintptr_t addr)
{
    struct lg_lock *n = lg_lock_find(addr);
    if (n)
        atomic_store(&n->dead, 1);
}
