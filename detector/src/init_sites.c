/* Where each lock was initialised, for naming heap and stack locks in
 * reports ("lock initialised at bank.c:20"), and for a lock on the stack the
 * canonical frame address of the function that initialised it, so that
 * llvm-symbolizer's FRAME answer can name the local ("em (main's local)").
 * Written by the init and destroy wrappers only, never on the lock path; read
 * at report time. A direct-mapped table: a lock whose slot another lock took
 * is named by its first use instead. The node counter at init and at destroy
 * binds an entry to the nodes made in between, so a later lock at the same
 * address does not inherit the name. */
#include "lockgraph.h"
#include "memory.h"

#define SITE_SLOTS (1u << 16)

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

static struct init_site *slot_of(uintptr_t addr)
{
    return sites ? &sites[(addr >> 3) * 2654435761u % SITE_SLOTS] : NULL;
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
    /* the unwinder gives each frame the CFA of the one it called: the
     * caller's own is the one given to the frame above it */
    uintptr_t frames[2], cfas[2];
    if (lg_stack_capture_cfa(frames, cfas, 2) != 2 || frames[0] != pc - 1 || addr >= cfas[1])
        return 0;
    return cfas[1];
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
