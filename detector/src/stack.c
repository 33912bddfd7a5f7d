/* Call stacks: captured with the unwinder only on slow paths (new edges,
 * blocking waits, reports) and kept once each in a depot, by content hash. */
#include "lockgraph.h"

#include <link.h>
#include <string.h>
#include <unwind.h>

#define DEPOT_SLOTS (1u << 16)
#define DEPOT_BYTES (32u << 20)

struct depot_entry {
    uint32_t hash;
    uint32_t nframes;
    uintptr_t frames[];
};

lg_ilock lg_depot_lock;
static atomic_uintptr_t depot_slot[DEPOT_SLOTS]; /* entry addresses, open addressing */
static char *depot_mem;
static size_t depot_used;
static uint32_t depot_count;
/* Stack ids are offsets into depot_mem + 1, so they stay 32-bit and stable. */

struct unwind_state {
    uintptr_t *frames;
    uintptr_t *cfas;        /* optional: each frame's canonical frame address */
    int n, max;
};

/* The detector's own code, whose frames never start a reported stack. */
static uintptr_t self_lo, self_hi;

static int find_self(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    uintptr_t me = (uintptr_t)arg;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (me >= lo && me < hi) {
            self_lo = lo;
            self_hi = hi;
            return 1;
        }
    }
    return 0;
}

static _Unwind_Reason_Code unwind_one(struct _Unwind_Context *ctx, void *arg)
{
    struct unwind_state *s = arg;
    uintptr_t pc = _Unwind_GetIP(ctx);
    if (!pc)
        return _URC_END_OF_STACK;
    if (pc >= self_lo && pc < self_hi)
        return _URC_NO_REASON;     /* the detector's own frames */
    /* return addresses point after the call: step back into it */
    if (s->cfas)
        s->cfas[s->n] = _Unwind_GetCFA(ctx);
    s->frames[s->n++] = pc - 1;
    return s->n >= s->max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

void lg_stack_init(void)
{
    depot_mem = lg_map(DEPOT_BYTES);
    dl_iterate_phdr(find_self, (void *)(uintptr_t)lg_stack_init);
    /* warm up the unwinder now: its first use may allocate and lock */
    uintptr_t frames[4];
    struct unwind_state s = {frames, NULL, 0, 4};
    _Unwind_Backtrace(unwind_one, &s);
}

static uint32_t hash_frames(const uintptr_t *f, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) {
        h ^= f[i];
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static lg_stack_id depot_put(const uintptr_t *frames, int n)
{
    if (n <= 0 || !depot_mem)
        return 0;
    uint32_t h = hash_frames(frames, n);
    lg_stack_id id = 0;
    lg_ilock_lock(&lg_depot_lock);
    for (uint32_t i = h & (DEPOT_SLOTS - 1), probes = 0; probes < DEPOT_SLOTS;
         i = (i + 1) & (DEPOT_SLOTS - 1), probes++) {
        struct depot_entry *e = (struct depot_entry *)atomic_load(&depot_slot[i]);
        if (!e) {
            size_t bytes = sizeof *e + (size_t)n * sizeof(uintptr_t);
            if (depot_used + bytes > DEPOT_BYTES || depot_count >= DEPOT_SLOTS * 3 / 4)
                break;
            e = (struct depot_entry *)(depot_mem + depot_used);
            e->hash = h;
            e->nframes = n;
            memcpy(e->frames, frames, n * sizeof(uintptr_t));
            id = (lg_stack_id)(depot_used + 1);
            depot_used += bytes;
            depot_count++;
            atomic_store(&depot_slot[i], (uintptr_t)e);
            break;
        }
        if (e->hash == h && e->nframes == (uint32_t)n &&
            memcmp(e->frames, frames, n * sizeof(uintptr_t)) == 0) {
            id = (lg_stack_id)((char *)e - depot_mem + 1);
            break;
        }
    }
    lg_ilock_unlock(&lg_depot_lock);
    return id;
}

lg_stack_id lg_stack_capture(void)
{
    uintptr_t frames[LG_MAX_FRAMES];
    struct unwind_state s = {frames, NULL, 0, (int)lg_opt.stack_depth};
    if (s.max < 1 || s.max > LG_MAX_FRAMES)
        s.max = 16;
    _Unwind_Backtrace(unwind_one, &s);
    return depot_put(frames, s.n);
}

int lg_stack_capture_cfa(uintptr_t *frames, uintptr_t *cfas, int max)
{
    struct unwind_state s = {frames, cfas, 0, max};
    _Unwind_Backtrace(unwind_one, &s);
    return s.n;
}

/* The unwinder gives each frame the CFA of the frame it called: the caller's
 * own CFA comes with the frame above it, which may be the detector's (a
 * thread's start routine is called by the detector's), so it is taken from
 * that frame whoever's it is. */
struct caller_state {
    uintptr_t pc, cfa;
};

static _Unwind_Reason_Code unwind_caller(struct _Unwind_Context *ctx, void *arg)
{
    struct caller_state *s = arg;
    if (s->pc) {
        s->cfa = _Unwind_GetCFA(ctx);
        return _URC_END_OF_STACK;
    }
    uintptr_t pc = _Unwind_GetIP(ctx);
    if (!pc)
        return _URC_END_OF_STACK;
    if (pc < self_lo || pc >= self_hi)
        s->pc = pc - 1;
    return _URC_NO_REASON;
}

int lg_stack_caller(uintptr_t *pc, uintptr_t *cfa)
{
    struct caller_state s = {0, 0};
    _Unwind_Backtrace(unwind_caller, &s);
    *pc = s.pc;
    *cfa = s.cfa;
    return s.pc && s.cfa ? 0 : -1;
}

int lg_stack_refresh(uintptr_t *frames, const uintptr_t *cfas, int n)
{
#if defined(__x86_64__)
    /* A call pushes its return address right below the caller's stack
     * pointer, the callee's CFA: the unwinder's frame i, at return address
     * frames[i] + 1, has that address stored at cfas[i] - 8, and frame 0's
     * CFA is the wrapper's own. Reading them back (a few loads from this
     * thread's live stack) tells whether the callers are the ones unwound
     * before, as long as the innermost frame still sits where it did. That
     * frame may since call from another place (hand-over-hand code takes
     * one lock in its loop and another where it links a new node): its
     * return address, read the same way, is then the new frames[0], the
     * one an unwind would find. */
    if (n < 1 || !lg_tls.call_cfa || cfas[0] != lg_tls.call_cfa)
        return 0;
    for (int i = 1; i < n; i++)
        if (*(const uintptr_t *)(cfas[i] - 8) != frames[i] + 1)
            return 0;
    uintptr_t innermost = *(const uintptr_t *)(cfas[0] - 8) - 1;
    if (innermost == frames[0])
        return 2;
    frames[0] = innermost;
    return 1;
#else
    (void)frames, (void)cfas, (void)n;
    return 0;
#endif
}

lg_stack_id lg_stack_put(const uintptr_t *frames, int n)
{
    return depot_put(frames, n);
}

lg_stack_id lg_stack_from_pc(uintptr_t pc)
{
    uintptr_t frame = pc - 1;
    return depot_put(&frame, 1);
}

int lg_stack_get(lg_stack_id id, const uintptr_t **frames)
{
    if (id == 0 || !depot_mem || id > depot_used) {
        *frames = NULL;
        return 0;
    }
    struct depot_entry *e = (struct depot_entry *)(depot_mem + id - 1);
    *frames = e->frames;
    return (int)e->nframes;
}
