/* Lock address -> lock node. Lookups are lock-free; creating a node (first use
 * of a lock, or first use after init/destroy) takes table_lock. A destroyed
 * lock's slot is reused by the next lock at that address, as a new node, so
 * memory reused for a new lock never inherits the old lock's edges. */
#include "lockgraph.h"

static atomic_uintptr_t *slots;     /* struct lg_lock *, 0 = empty */
static uint32_t slot_mask;
static struct lg_lock *nodes;       /* by id; id 0 unused */
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
    slot_mask = size - 1;
    slots = lg_map((size_t)size * sizeof *slots);
    nodes = lg_map(((size_t)max_nodes + 1) * sizeof *nodes);
}

static inline uint32_t addr_hash(uintptr_t a)
{
    uint64_t k = a >> 3;
    k ^= k >> 31;
    k *= 0x7fb5d329728ea185ull;
    k ^= k >> 27;
    return (uint32_t)k;
}

struct lg_lock *lg_lock_find(uintptr_t addr)
{
    if (!slots)
        return NULL;
    for (uint32_t i = addr_hash(addr) & slot_mask;; i = (i + 1) & slot_mask) {
        struct lg_lock *n = (struct lg_lock *)atomic_load_explicit(&slots[i], memory_order_acquire);
        if (!n)
            return NULL;
        if (n->addr == addr)
            return atomic_load_explicit(&n->dead, memory_order_relaxed) ? NULL : n;
    }
}

struct lg_lock *lg_lock_by_id(uint32_t id)
{
    return id && id <= atomic_load(&nnodes) ? &nodes[id] : NULL;
}

uint32_t lg_lock_count(void)
{
    return atomic_load(&nnodes);
}

bool lg_lock_unknown_is_bad(void)
{
    return !atomic_load(&full_warned);
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
    if (!slots || !nodes)
        return NULL;
    lg_ilock_lock(&lg_table_lock);
    uint32_t i = addr_hash(addr) & slot_mask;
    for (;; i = (i + 1) & slot_mask) {
        n = (struct lg_lock *)atomic_load(&slots[i]);
        if (!n || n->addr == addr)
            break;
    }
    if (n && !atomic_load(&n->dead)) {          /* made by another thread meanwhile */
        lg_ilock_unlock(&lg_table_lock);
        return n;
    }
    uint32_t id = atomic_load(&nnodes) + 1;
    if (id > max_nodes || (!n && id > slot_mask / 2 + 1)) {
        lg_ilock_unlock(&lg_table_lock);
        warn_full();
        return NULL;
    }
    struct lg_lock *fresh = &nodes[id];
    fresh->addr = addr;
    fresh->id = id;
    fresh->kind = (uint8_t)kind;
    fresh->created_pc = pc;
    atomic_store(&nnodes, id);
    atomic_store_explicit(&slots[i], (uintptr_t)fresh, memory_order_release);
    lg_ilock_unlock(&lg_table_lock);
    return fresh;
}

void lg_lock_forget(uintptr_t addr)
{
    struct lg_lock *n = lg_lock_find(addr);
    if (n)
        atomic_store(&n->dead, 1);
}
