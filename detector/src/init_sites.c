/* Where each lock was initialised, for naming heap and stack locks in
 * reports ("lock initialised at bank.c:20"). Written by the init and destroy
 * wrappers only, never on the lock path; read at report time. A direct-mapped
 * table: a lock whose slot another lock took is named by its first use instead.
 * The node counter at init and at destroy binds an entry to the nodes made in
 * between, so a later lock at the same address does not inherit the name. */
#include "lockgraph.h"
#include "memory.h"

#define SITE_SLOTS (1u << 16)

struct init_site {
    atomic_int busy;          /* a writer's claim: a second writer skips */
    uint32_t after;           /* node count at init: the lock's node id is above */
    uint32_t until;           /* node count at destroy (0: not destroyed) */
    uintptr_t addr;
    uintptr_t pc;
};

static struct init_site *sites;

void lg_init_sites_init(void)
{
    sites = lg_map(SITE_SLOTS * sizeof *sites);
}

static struct init_site *slot_of(uintptr_t addr)
{
    return sites ? &sites[(addr >> 3) * 2654435761u % SITE_SLOTS] : NULL;
}

void lg_init_site_note(uintptr_t addr, uintptr_t pc)
{
    struct init_site *s = slot_of(addr);
    if (!s || atomic_exchange(&s->busy, 1))
        return;
    s->addr = addr;
    s->pc = pc;
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

uintptr_t lg_init_site_of(const struct lg_lock *l)
{
    struct init_site *s = slot_of(l->addr);
    if (!s || atomic_exchange(&s->busy, 1))
        return 0;
    uintptr_t pc = 0;
    if (s->addr == l->addr && l->id > s->after && (!s->until || l->id <= s->until))
        pc = s->pc;
    atomic_store_explicit(&s->busy, 0, memory_order_release);
    return pc;
}
