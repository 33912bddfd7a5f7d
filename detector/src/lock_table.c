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
    lg_locks.line_locks = lg_map(LG_LINE_SLOTS * sizeof *lg_locks.line_locks);
    lg_locks.block_locks = lg_map(LG_BLOCK_SLOTS * sizeof *lg_locks.block_locks);
    lg_init_sites_init();
}

/* Counts a node made (+1) or dead (-1) at addr in the range summaries. */
static void count_live(uintptr_t addr, int delta)
{
    /* the grain's 16-bit lane of its line's word; a count never goes below
     * zero, so the 64-bit add never borrows from the next lane */
    atomic_fetch_add_explicit(&lg_locks.line_locks[(addr >> 6) & (LG_LINE_SLOTS - 1)],
                              (unsigned long long)(long long)delta << (16 * ((addr >> 4) & 3)),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&lg_locks.block_locks[(addr >> 12) & (LG_BLOCK_SLOTS - 1)],
                              (unsigned)delta, memory_order_relaxed);
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
    if (!lg_locks.slots || !lg_locks.nodes || !lg_locks.cond_mutex || !lg_locks.line_locks ||
        !lg_locks.block_locks)
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
    count_live(addr, 1);
    atomic_store(&nnodes, id);
    atomic_store_explicit(&lg_locks.slots[i], id, memory_order_release);
    lg_ilock_unlock(&lg_table_lock);
    return fresh;
}

void lg_lock_kill(struct lg_lock *n)
{
    if (!atomic_exchange(&n->dead, 1))
        count_live(n->addr, -1);
}

void lg_lock_forget(uintptr_t addr)
{
    struct lg_lock *n = lg_lock_find(addr);
    if (n)
        lg_lock_kill(n);
}

/* Kills the live nodes in [lo, hi) that start in the 16-byte grain at
 * grain_addr. Its 4 four-byte addresses hash to one aligned group of 4 slots
 * (the offset in the block is xor-ed into the block's hash, see
 * lg_addr_hash), and linear probing moves a node only onward from its home
 * through occupied slots, which never empty: the group and the run of
 * occupied slots after it hold every node of the grain. */
static void forget_grain(uintptr_t grain_addr, uintptr_t lo, uintptr_t hi, uint32_t max_id)
{
    const uint32_t group = 4;
    uint32_t mask = lg_locks.mask;
    uint32_t start = lg_addr_hash(grain_addr) & mask & ~(group - 1), end = start + group;
    if (lo < grain_addr)
        lo = grain_addr;
    if (hi > grain_addr + 16)
        hi = grain_addr + 16;
    if (lo >= hi)
        return;     /* a grain of the range's first or last line outside it */
    for (uint32_t k = start;; k++) {
        uint32_t id = atomic_load_explicit(&lg_locks.slots[k & mask], memory_order_acquire);
        if (k >= end && (!id || k - start > mask))
            return;
        if (!id || id > max_id)
            continue;
        struct lg_lock *n = &lg_locks.nodes[id];
        if (n->addr >= lo && n->addr < hi && !atomic_load_explicit(&n->dead, memory_order_relaxed))
            lg_lock_kill(n);
    }
}

/* The grains of line l (counts: its word) that hold locks. */
__attribute__((noinline)) static void forget_line(uintptr_t l, unsigned long long counts,
                                                  uintptr_t lo, uintptr_t hi, uint32_t max_id)
{
    for (int g = 0; counts; g++, counts >>= 16)
        if (counts & 0xffff)
            forget_grain((l << 6) + 16 * (uintptr_t)g, lo, hi, max_id);
}

void lg_lock_forget_range(uintptr_t lo, uintptr_t hi, uint32_t max_id)
{
    if (!lg_locks.slots || hi <= lo)
        return;
    const atomic_ullong *lines = lg_locks.line_locks;
    for (uintptr_t b = lo >> 12; b <= (hi - 1) >> 12; b++) {
        if (!atomic_load_explicit(&lg_locks.block_locks[b & (LG_BLOCK_SLOTS - 1)],
                                  memory_order_relaxed))
            continue;
        uintptr_t from = b << 12 > lo ? b << 12 : lo, to = (b + 1) << 12 < hi ? (b + 1) << 12 : hi;
        uintptr_t last = (to - 1) >> 6;
        for (uintptr_t l = from >> 6; l <= last; l++) {
            unsigned long long counts =
                atomic_load_explicit(&lines[l & (LG_LINE_SLOTS - 1)], memory_order_relaxed);
            if (LG_UNLIKELY(counts != 0))
                forget_line(l, counts, lo, hi, max_id);
        }
    }
}
