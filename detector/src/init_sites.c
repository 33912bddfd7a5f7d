/* Where each lock was initialised, for naming heap and stack locks in
 * reports ("lock initialised at bank.c:20"), and for a lock on the stack the
 * canonical frame address of the function that initialised it, so that
 * llvm-symbolizer's FRAME answer can name the local ("em (main's local)").
 * Written by the init and destroy wrappers only, never on the lock path; read
 * at report time. A direct-mapped table: a lock whose slot another lock took
 * is named by its first use instead. The node counter at init and at destroy
 * binds an entry to the nodes made in between, so a later lock at the same
 * address does not inherit the name. The table (2.5 MiB) is mapped lazily and
 * costs the pages its slots touch: nearby locks get nearby slots (slot_of),
 * so 1,024 mutexes in an array touch about 25 of its 640 pages. */
#include "lockgraph.h"
#include "memory.h"

#define SITE_BITS 16          /* log2 of the slots */
#define SITE_SLOTS (1u << SITE_BITS)
#define SITE_GRAIN 4          /* log2 of the bytes per slot */
#define SITE_REGION (SITE_BITS + SITE_GRAIN)  /* a region's slots cover the table once */

struct init_site {
    atomic_int busy;          /* a writer's claim: a second writer skips */
    uint32_t after;           /* node count at init: the lock's node id is above */
    uint32_t until;           /* node count at destroy (0: not destroyed) */
    uintptr_t addr;
    uintptr_t pc;
    uintptr_t cfa;            /* the caller's frame, for a lock on this stack; else 0 */
};

static struct init_site *sites;

void lg_init_sites_init(void)
{
    sites = lg_map(SITE_SLOTS * sizeof *sites);
}

/* Linear within a 1 MiB region, so the locks of an array or of heap
 * neighbours share pages of the table; 16 bytes a slot, so that distinct
 * mutexes (40 bytes), rwlocks (56) and spinlocks 16 bytes apart (a spinlock
 * and a pointer) keep slots of their own (spinlocks packed closer share one).
 * Each region starts at a slot of its own (Fibonacci hashing of its number),
 * so locks at one offset in different regions, such as a local of one
 * function on thread stacks 8 MiB apart, do not take each other's slot. */
static struct init_site *slot_of(uintptr_t addr)
{
    if (!sites)
        return NULL;
    uint64_t region = (uint64_t)addr >> SITE_REGION;
    uint32_t start = (uint32_t)((region * 0x9e3779b97f4a7c15ull) >> (64 - SITE_BITS));
    return &sites[((addr >> SITE_GRAIN) + start) & (SITE_SLOTS - 1)];
}

/* The CFA of the caller of the init wrapper when addr lies just above this
 * frame, on this thread's stack (the stack grows down, the caller's locals are
 * above us); 0 otherwise. One unwind of the detector's frames and the
 * caller's, made only for such locks. */
static uintptr_t caller_cfa(uintptr_t addr, uintptr_t pc)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (addr <= here || addr - here > (1u << 20))
        return 0;
    uintptr_t caller, cfa;
    if (lg_stack_caller(&caller, &cfa) != 0 || caller != pc - 1 || addr >= cfa)
        return 0;
    return cfa;
}

void lg_init_site_note(uintptr_t addr, uintptr_t pc)
{
    uintptr_t cfa = caller_cfa(addr, pc);
    struct init_site *s = slot_of(addr);
    if (!s || atomic_exchange(&s->busy, 1))
        return;
    s->addr = addr;
    s->pc = pc;
    s->cfa = cfa;
    s->after = lg_lock_count();
    s->until = 0;
    atomic_store_explicit(&s->busy, 0, memory_order_release);
}

void lg_init_site_end(uintptr_t addr)
{
    struct init_site *s = slot_of(addr);
    if (!s || atomic_exchange(&s->busy, 1))
        return;
    if (s->addr == addr && !s->until)
        s->until = lg_lock_count();
    atomic_store_explicit(&s->busy, 0, memory_order_release);
}

uintptr_t lg_init_site_of(const struct lg_lock *l, uintptr_t *frame_cfa)
{
    struct init_site *s = slot_of(l->addr);
    *frame_cfa = 0;
    if (!s || atomic_exchange(&s->busy, 1))
        return 0;
    uintptr_t pc = 0;
    if (s->addr == l->addr && l->id > s->after && (!s->until || l->id <= s->until)) {
        pc = s->pc;
        *frame_cfa = s->cfa;
    }
    atomic_store_explicit(&s->busy, 0, memory_order_release);
    return pc;
}
