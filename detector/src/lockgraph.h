/* liblockgraph: private internals shared by the detector's files.
 *
 * Layers, each in its own files:
 *   intercept_*.c  the exported pthread/C11/fork wrappers (thin)
 *   events.c       what an acquire, release or wait means to the detector
 *   lock_table.c   lock address -> lock node (lock-free lookups)
 *   threads.c      per-thread state: held locks, blocked state, lifetimes
 *   lock_graph.c   the lock-order graph with an incremental topological order
 *   order.c        turning new edges into lock-order-inversion findings
 *   waitfor.c      wait-for cycles (deadlock) and the hang watchdog
 *   findings.c     the finding model, kept in memory and written as made
 *   report_*.c     printers: text, JSON, DOT
 * Everything here uses only the real pthread functions (real.c) or its own
 * futex lock (ilock.c), never the wrappers. */
#ifndef LOCKGRAPH_H
#define LOCKGRAPH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"

#define LG_HIDDEN __attribute__((visibility("hidden")))
#define LG_LIKELY(x) __builtin_expect(!!(x), 1)
#define LG_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LG_CALLER_PC() ((uintptr_t)__builtin_return_address(0))

/* ---- options (options.inc is the one list) ---- */
struct lg_options {
#define LG_OPT_INT(name, def, help) long name;
#define LG_OPT_DBL(name, def, help) double name;
#define LG_OPT_STR(name, def, help) char name[512];
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
};
extern struct lg_options lg_opt LG_HIDDEN;
#define LG_MAX_HANG_TIMEOUT 1000000 /* seconds, 11.6 days */
/* Parses text into opts; on error writes a message into err and returns -1. */
int lg_options_parse(struct lg_options *opts, const char *text, char *err, size_t errlen) LG_HIDDEN;
void lg_options_defaults(struct lg_options *opts) LG_HIDDEN;

/* ---- internal lock: a futex mutex that never goes through the wrappers ---- */
typedef struct { atomic_int state; } lg_ilock;
void lg_ilock_lock(lg_ilock *l) LG_HIDDEN;
void lg_ilock_unlock(lg_ilock *l) LG_HIDDEN;
static inline void lg_ilock_reset(lg_ilock *l) { atomic_store(&l->state, 0); }
/* Every internal lock, for the fork handlers. A thread takes them only in
 * this order: check, report, graph, depot; the others are never held while
 * taking another. */
extern lg_ilock lg_check_lock, lg_report_lock, lg_graph_lock, lg_depot_lock, lg_table_lock,
    lg_map_lock, lg_infos_lock, lg_arena_lock LG_HIDDEN;

/* ---- memory the detector maps itself (never malloc) ---- */
#include "memory.h"
void *lg_arena_alloc(size_t bytes) LG_HIDDEN;   /* small, zeroed, never freed */

/* ---- stacks ---- */
#define LG_MAX_FRAMES 64
typedef uint32_t lg_stack_id;                  /* 0 = no stack */
lg_stack_id lg_stack_capture(void) LG_HIDDEN;
/* Returns the number of frames, *frames points into the depot. */
int lg_stack_get(lg_stack_id id, const uintptr_t **frames) LG_HIDDEN;
lg_stack_id lg_stack_from_pc(uintptr_t pc) LG_HIDDEN;
/* Frames with their canonical frame addresses, for rebuilding the stack of an
 * acquisition made in a frame that is still live. */
int lg_stack_capture_cfa(uintptr_t *frames, uintptr_t *cfas, int max) LG_HIDDEN;
/* The innermost frame outside the detector: its call site (*pc) and its own
 * canonical frame address (*cfa). 0, or -1 when the unwinder gives neither. */
int lg_stack_caller(uintptr_t *pc, uintptr_t *cfa) LG_HIDDEN;
lg_stack_id lg_stack_put(const uintptr_t *frames, int n) LG_HIDDEN;
/* Whether frames/cfas, captured earlier in this thread by an acquiring
 * wrapper called with the same lg_tls.call_cfa, are still the current stack:
 * 2 they are, 1 all but the innermost frame's return address are (frames[0]
 * is then made the current one), 0 they are not (capture again). */
int lg_stack_refresh(uintptr_t *frames, const uintptr_t *cfas, int n) LG_HIDDEN;
void lg_stack_init(void) LG_HIDDEN;

/* ---- lock nodes ---- */
enum lg_lock_kind { LG_MUTEX = 1, LG_RWLOCK, LG_SPIN, LG_C11_MUTEX, LG_COND };
enum lg_mutex_type { LG_TYPE_NORMAL, LG_TYPE_RECURSIVE, LG_TYPE_ERRORCHECK };

struct lg_lock {
    uintptr_t addr;
    uint32_t id;                  /* graph node id, never reused */
    uint8_t kind;                 /* enum lg_lock_kind */
    uint8_t type;                 /* enum lg_mutex_type */
    atomic_uchar dead;            /* destroyed: the address may hold a new lock */
    atomic_uchar typed;           /* type has been read from the lock itself */
    uintptr_t created_pc;         /* init call, or first use */
};  /* 24 bytes: the table walks one per lock operation; rarer fields are by id elsewhere */
_Static_assert(sizeof(struct lg_lock) == 24, "small lock nodes");
struct lg_lock *lg_lock_get(uintptr_t addr, enum lg_lock_kind kind, uintptr_t pc) LG_HIDDEN;
/* The table itself, for the inline lookup below (lock_table.c owns it). */
struct lg_lock_table {
    atomic_uint *slots;          /* node ids, 0 = empty */
    uint32_t mask;
    struct lg_lock *nodes;       /* by id; id 0 unused */
    atomic_uintptr_t *cond_mutex; /* by id, for LG_COND: the mutex it is used with */
    /* Live nodes by the 64-byte line (4 counts of 16 bits, one per 16-byte
     * grain, in one word) and by the 4 KiB block of their address, each
     * direct-mapped (aliases only add to a count): a freed range where these
     * are zero holds no lock, which is what nearly every free() finds. A
     * grain holds the starts of at most 4 locks, so its count never carries
     * into the next before 16,384 aliases (1 TiB of address space). */
    atomic_ullong *line_locks;
    atomic_uint *block_locks;
};
#define LG_LINE_SLOTS (1u << 20)     /* 64 MiB of address space before lines alias */
#define LG_BLOCK_SLOTS (1u << 18)    /* 1 GiB before blocks alias */
extern struct lg_lock_table lg_locks LG_HIDDEN;
/* True when [lo, hi) may hold a live lock node (false: it holds none): its
 * 4 KiB blocks first, then the lines of the blocks that hold locks. */
static inline bool lg_range_may_hold_locks(uintptr_t lo, uintptr_t hi)
{
    for (uintptr_t b = lo >> 12; b <= (hi - 1) >> 12; b++) {
        if (!atomic_load_explicit(&lg_locks.block_locks[b & (LG_BLOCK_SLOTS - 1)],
                                  memory_order_relaxed))
            continue;
        uintptr_t from = b << 12 > lo ? b << 12 : lo, to = (b + 1) << 12 < hi ? (b + 1) << 12 : hi;
        for (uintptr_t l = from >> 6; l <= (to - 1) >> 6; l++)
            if (atomic_load_explicit(&lg_locks.line_locks[l & (LG_LINE_SLOTS - 1)],
                                     memory_order_relaxed))
                return true;
    }
    return false;
}
/* Locks near each other in memory get slots near each other: the 4 KiB
 * block of the address picks a hashed place, the offset in the block a
 * distinct slot there (xor is one-to-one). A program walking many locks in
 * the order it allocated them then walks the table in order too, instead of
 * taking a cache and TLB miss per lock. */
static inline uint32_t lg_addr_hash(uintptr_t a)
{
    uint64_t block = (uint64_t)(a >> 12) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(block >> 32) ^ (uint32_t)((a >> 2) & 0x3ff);
}
/* Lock-free, on every lock operation: the live node for addr, or NULL. */
static inline struct lg_lock *lg_lock_find(uintptr_t addr)
{
    atomic_uint *slots = lg_locks.slots;
    if (!slots)
        return NULL;
    for (uint32_t i = lg_addr_hash(addr) & lg_locks.mask;; i = (i + 1) & lg_locks.mask) {
        uint32_t id = atomic_load_explicit(&slots[i], memory_order_acquire);
        if (!id)
            return NULL;
        struct lg_lock *n = &lg_locks.nodes[id];
        if (n->addr == addr)
            return atomic_load_explicit(&n->dead, memory_order_relaxed) ? NULL : n;
    }
}
struct lg_lock *lg_lock_by_id(uint32_t id) LG_HIDDEN;
/* A lock at addr was (re)initialised or destroyed: later use is a new node. */
void lg_lock_forget(uintptr_t addr) LG_HIDDEN;
/* Node n is dead (its lock destroyed, or its memory freed); once only. */
void lg_lock_kill(struct lg_lock *n) LG_HIDDEN;
/* The memory [lo, hi) was freed: every lock node in it made no later than
 * node max_id is dead. */
void lg_lock_forget_range(uintptr_t lo, uintptr_t hi, uint32_t max_id) LG_HIDDEN;
void lg_lock_table_init(void) LG_HIDDEN;
/* True once a lock was refused for want of room: from then on a lock missing
 * from the table may be one that was never tracked, not one never locked. */
bool lg_lock_table_full(void) LG_HIDDEN;
uint32_t lg_lock_count(void) LG_HIDDEN;
/* Init sites (init_sites.c): the init and destroy wrappers note them; reports
 * ask for the caller pc of the init that made node l (0: unknown) and, for a
 * lock on the initialising function's stack, that function's CFA (else 0). */
void lg_init_sites_init(void) LG_HIDDEN;
void lg_init_site_note(uintptr_t addr, uintptr_t pc) LG_HIDDEN;
void lg_init_site_end(uintptr_t addr) LG_HIDDEN;
uintptr_t lg_init_site_of(const struct lg_lock *l, uintptr_t *frame_cfa) LG_HIDDEN;

/* ---- threads ---- */
#define LG_MAX_HELD 64
#define LG_FINAL_SETS 1024            /* a power of two; 3 edges each */
struct lg_final_set {
    uint64_t owner;               /* final_tag of the thread (and era) the keys are for */
    uint64_t key[3];              /* newest first */
};
enum lg_mode { LG_WRITE = 0, LG_READ = 1 };
enum lg_block { LG_NOT_BLOCKED, LG_BLOCK_LOCK, LG_BLOCK_COND, LG_BLOCK_JOIN,
                LG_BLOCK_BARRIER, LG_BLOCK_SEM, LG_BLOCK_SPIN };

struct lg_held {
    struct lg_lock *lock;
    uintptr_t pc;                 /* where it was acquired */
    uintptr_t cfa;                /* the caller's stack pointer at that call */
    /* The lock chain up to here: a hash of the thread's era (final_tag) and
     * the ids of held[0..this], in order (lg_chain_mix); held[0]'s is not
     * kept (lg_chain_of). Only the owning thread reads it. */
    uint64_t chain;
    uint32_t depth;               /* recursion count for recursive mutexes */
    uint8_t mode;                 /* enum lg_mode */
    /* Taken with no edges from the locks held then (a trylock, or a mutex a
     * condition wait took back): deeper locks may not reach it (order.c). */
    uint8_t unlinked;
};
/* Lock chains (lockdep's chain cache): a thread that acquired lock L with
 * exactly the held list H, in the same era, and found every edge H -> L
 * covering it, has nothing to check or record when it does so again: edge
 * flags and threads only grow and gate locks only shrink, and the gates were
 * a subset of H. One probe then replaces one per held lock (a snapshot loop
 * over a big lock table holds up to LG_MAX_HELD). Chains are 64-bit hashes:
 * two held lists that collide would let one skip its edges, with odds of
 * about 2^-64 per pair (lockdep takes the same odds). */
#define LG_CHAIN_SETS 4096            /* a power of two; 2 chains each */
#define LG_MUTEX_CACHE 256            /* a power of two */
extern uint64_t lg_no_chains[LG_CHAIN_SETS][2] LG_HIDDEN;

/* The stack of the last new lock-order edge a thread made, with each frame's
 * CFA; reused while it is still the current one (hand-over-hand code makes
 * many edges from one place). id 0: none. from_id: the acquisition stack last
 * built from these frames, for a held lock taken at from_pc in the frame
 * from_cfa (0: none; cleared when the frames are captured again). */
struct lg_edge_stack {
    int n;
    uintptr_t frames[LG_MAX_FRAMES], cfas[LG_MAX_FRAMES];
    lg_stack_id id;
    lg_stack_id from_id;
    uintptr_t from_pc, from_cfa;
};

/* Cache-line aligned: each thread writes its own slot on every lock, and
 * must not share a line with the next one's. */
struct __attribute__((aligned(64))) lg_thread {
    atomic_int in_use;
    uint32_t serial;              /* unique over the process's life; 1 = main */
    atomic_uint version;          /* seqlock over held[] and blocked state */
    int nheld;
    int overflow;                 /* acquisitions not tracked because held[] was full */
    /* Counts the threads this one created and joined: its acquisitions in
     * era k came after its k-th such event and before the next (threads.c),
     * which orders them against the threads it created or joined. */
    uint32_t era;
    int tid;                      /* the kernel's, as glibc writes into mutexes it takes */
    struct lg_held held[LG_MAX_HELD];
    /* Names the thread in its current era, unique over the process's life:
     * its final edges (below) are for this tag, so a new era, which must
     * tell every edge it uses again, starts with none. */
    uint64_t final_tag;
    /* blocked state, written by the thread itself */
    int block;                    /* enum lg_block */
    uintptr_t block_obj;          /* lock node id for locks, address otherwise */
    uint8_t block_mode;
    uintptr_t block_pc;
    lg_stack_id block_stack;
    uint64_t block_since_ns;
    pthread_t pthread;
    /* The detector's working memory for the thread: here, in memory mapped
     * once and reused by later threads, not in TLS that each new thread
     * would have to clear. Only the owning thread touches it. */
    struct lg_finding scratch;          /* a misuse or leak report being made */
    struct lg_edge_stack edge_stack;    /* order.c */
    /* order.c: edges from -> to (key from << 32 | to, 0 = empty) that can no
     * longer change for this thread: they exist, have the write flag, know
     * this thread in its current era (or many threads) and have no gate
     * left. Lock ids are never reused, so an entry never goes stale; each set
     * says which thread and era (final_tag) made its entries, so a reused
     * slot or a new era needs no clearing. */
    struct lg_final_set final_edges[LG_FINAL_SETS];
    /* Chains known to need nothing (see struct lg_held), 0 = empty; mapped
     * at the slot's first chain (most threads never nest locks; the table
     * reserves no room for them), kept when the slot is reused; until then
     * lg_no_chains, so lookups need no test. The era is in every chain, so
     * a reused slot or a new era needs no clearing. */
    uint64_t (*chains)[2];
    /* Recently used mutex nodes by address (intercept_mutex.c), to skip the
     * table: a slot holds a node that was live and typed, and any live node
     * at an address is the one the table holds, so a slot needs no reset
     * when the thread slot changes hands. */
    struct lg_lock *mutex_cache[LG_MUTEX_CACHE];
    /* With held[] full and more locks held untracked (overflow), a filter of
     * the held nodes tells most releases of an untracked lock without a walk
     * of held[] (events.c): valid while version is bloom_version, as held[]
     * cannot change from full without a version step. */
    bool bloom_valid;
    unsigned bloom_version;
    uint64_t held_bloom[16];
};

/* The detector's words for the calling thread, in one TLS block, so a
 * wrapper finds them all through one offset. */
struct lg_tls {
    struct lg_thread *self;     /* the thread's state; NULL until registered */
    int in_detector;            /* re-entry guard: the detector's own calls go straight through */
    uintptr_t call_cfa;         /* set by each acquiring wrapper: its caller's stack pointer */
};
extern __thread struct lg_tls lg_tls __attribute__((tls_model("initial-exec"))) LG_HIDDEN;
struct lg_thread *lg_self_register(void) LG_HIDDEN;
/* The calling thread's state; registers it on first use (NULL when untracked). */
static inline struct lg_thread *lg_self(void)
{
    struct lg_thread *t = lg_tls.self;
    return LG_LIKELY(t != NULL) ? t : lg_self_register();
}
struct lg_thread *lg_thread_slot(int index) LG_HIDDEN;
int lg_thread_slots(void) LG_HIDDEN;                 /* slots ever used */
void lg_thread_exit(struct lg_thread *t) LG_HIDDEN;  /* slot may be reused */
/* A thread ends: reports the locks it still holds, then lg_thread_exit. */
void lg_thread_end(void *thread) LG_HIDDEN;
void lg_threads_after_fork_child(void) LG_HIDDEN;
void lg_threads_init(void) LG_HIDDEN;
/* lifetimes by serial, for the thread-order filter */
uint32_t lg_thread_new_serial(void) LG_HIDDEN;
/* Called by the creating thread before the real pthread_create, and by the
 * joining thread after the real join returned: each starts a new era of the
 * calling thread. */
void lg_thread_note_created(uint32_t serial) LG_HIDDEN;
void lg_thread_note_joined(uint32_t serial) LG_HIDDEN;
bool lg_threads_may_overlap(uint32_t a, uint32_t b) LG_HIDDEN;
/* True when every acquisition thread a made in its era a_era happens before
 * every acquisition thread b made in era b_era (or later), through thread
 * creation and join: a created b (or an ancestor of b) after that era, or a
 * was joined by b (or by a thread that then created b's ancestor...) before. */
bool lg_threads_ordered(uint32_t a, uint32_t a_era, uint32_t b, uint32_t b_era) LG_HIDDEN;

static inline void lg_thread_write_begin(struct lg_thread *t)
{
    atomic_store_explicit(&t->version, atomic_load_explicit(&t->version, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
}
static inline void lg_thread_write_end(struct lg_thread *t)
{
    atomic_store_explicit(&t->version, atomic_load_explicit(&t->version, memory_order_relaxed) + 1,
                          memory_order_release);
}
static inline struct lg_held *lg_held_find(struct lg_thread *t, struct lg_lock *lock)
{
    for (int i = t->nheld - 1; i >= 0; i--)
        if (t->held[i].lock == lock)
            return &t->held[i];
    return NULL;
}
/* t's scratch finding, zeroed; NULL for a thread the detector does not track. */
struct lg_finding *lg_thread_scratch(struct lg_thread *t) LG_HIDDEN;

extern atomic_int lg_state LG_HIDDEN;   /* 0 not started, 1 initialising, 2 ready, 3 exiting */
void lg_init(void) LG_HIDDEN;
/* Nonzero when the inline lock and unlock paths may run: the detector is
 * ready (lg_state 2), no schedule is explored and no trace is recorded (both
 * want every operation). One word, so those paths test one flag instead of
 * three; set when the detector becomes ready and again in a fork child. */
extern atomic_int lg_inline_on LG_HIDDEN;
void lg_inline_update(void) LG_HIDDEN;
/* The calling thread, when a wrapper may take a fast path: it is
 * registered, the detector is ready and this is not one of the detector's own
 * calls. NULL: go the general way (lg_active, lg_self). */
static inline struct lg_thread *lg_fast_self(void)
{
    struct lg_thread *t = lg_tls.self;
    return LG_LIKELY(t && atomic_load_explicit(&lg_state, memory_order_acquire) == 2 &&
                     !lg_tls.in_detector)
               ? t
               : NULL;
}
/* The same for the inline lock and unlock paths, which also step aside
 * under schedule exploration and the trace (lg_inline_on). */
static inline struct lg_thread *lg_inline_self(void)
{
    struct lg_thread *t = lg_tls.self;
    return LG_LIKELY(t && atomic_load_explicit(&lg_inline_on, memory_order_acquire) &&
                     !lg_tls.in_detector)
               ? t
               : NULL;
}
/* True when a wrapper should do its work; false means: call the real function only. */
static inline bool lg_active(void)
{
    if (LG_UNLIKELY(atomic_load_explicit(&lg_state, memory_order_acquire) != 2)) {
        if (atomic_load(&lg_state) == 0 && !lg_tls.in_detector)
            lg_init();
        if (atomic_load(&lg_state) != 2)
            return false;
    }
    return lg_tls.in_detector == 0;
}

/* ---- lock chains (see struct lg_held) ---- */
static inline uint64_t lg_chain_mix(uint64_t chain, uint32_t id)
{
    /* the multiply mixes low bits upwards only: the rotation brings the
     * high ones down for the next lock's multiply (one instruction where a
     * shift and xor fold took three) */
    uint64_t c = (chain ^ id) * 0x9e3779b97f4a7c15ull;
    return ((c >> 29) | (c << 35)) | 1;       /* never 0, an empty cache entry */
}
/* The chain of t's first n held locks. The first one's is made here, not
 * kept: most locks are taken outermost, and never need it. */
static inline uint64_t lg_chain_of(const struct lg_thread *t, int n)
{
    return n > 1 ? t->held[n - 1].chain
                 : n ? lg_chain_mix(t->final_tag, t->held[0].lock->id) : t->final_tag;
}
static inline uint64_t *lg_chain_set(struct lg_thread *t, uint64_t chain)
{
    return t->chains[(chain >> 40) & (LG_CHAIN_SETS - 1)];
}
static inline bool lg_chain_known(struct lg_thread *t, uint64_t chain)
{
    const uint64_t *s = lg_chain_set(t, chain);
    return s[0] == chain || s[1] == chain;
}
static inline void lg_chain_note(struct lg_thread *t, uint64_t chain)
{
    if (LG_UNLIKELY(t->chains == lg_no_chains)) {
        uint64_t (*mine)[2] = lg_map(sizeof(uint64_t[LG_CHAIN_SETS][2]));
        if (!mine)
            return;         /* no cache: chains are checked edge by edge */
        t->chains = mine;
    }
    uint64_t *s = lg_chain_set(t, chain);
    if (s[0] != chain) {
        s[1] = s[0];
        s[0] = chain;
    }
}
/* held[from..] moved, or the era changed: their chains again. */
static inline void lg_held_rechain(struct lg_thread *t, int from)
{
    for (int i = from > 1 ? from : 1; i < t->nheld; i++)
        t->held[i].chain = lg_chain_mix(lg_chain_of(t, i), t->held[i].lock->id);
}

static inline void lg_push_held_chain(struct lg_thread *t, struct lg_lock *lock, int mode,
                                      bool unlinked, uintptr_t pc, uint64_t chain);
/* A new held lock (not a recursive re-lock), innermost. */
static inline void lg_push_held(struct lg_thread *t, struct lg_lock *lock, int mode, bool unlinked,
                                uintptr_t pc)
{
    if (LG_UNLIKELY(t->nheld == LG_MAX_HELD)) {
        t->overflow++;
        return;
    }
    int n = t->nheld;
    lg_push_held_chain(t, lock, mode, unlinked, pc, n ? lg_chain_mix(lg_chain_of(t, n), lock->id) : 0);
}
/* The same, with the chain of held + lock already made; t->nheld < LG_MAX_HELD. */
static inline void lg_push_held_chain(struct lg_thread *t, struct lg_lock *lock, int mode,
                                      bool unlinked, uintptr_t pc, uint64_t chain)
{
    lg_thread_write_begin(t);
    t->held[t->nheld] = (struct lg_held){lock, pc, lg_tls.call_cfa, chain, 1, (uint8_t)mode, unlinked};
    t->nheld++;
    lg_thread_write_end(t);
}

/* held[] changed only in its count, by t itself: the version moves two
 * steps (even to even) with release order. Only t writes its version, so on
 * x86 one add to memory does it (stores are released in order there; the
 * clobber keeps the compiler from moving the held[] writes after it) where
 * an atomic load and store took three instructions. */
static inline void lg_thread_version_step2(struct lg_thread *t)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("addl $2, %0" : "+m"(t->version) : : "memory");
#else
    atomic_store_explicit(&t->version, atomic_load_explicit(&t->version, memory_order_relaxed) + 2,
                          memory_order_release);
#endif
}

/* The common release, inline in unlock wrappers: the innermost held lock,
 * at addr, held once, found by address (no table lookup). Its record stays
 * as it is, only the count drops, so one version step (even to even) tells
 * a reader it moved. False means: not that case, use lg_release_addr. */
static inline bool lg_pop_innermost(struct lg_thread *t, uintptr_t addr)
{
    int n = t->nheld;
    if (n <= 0)
        return false;
    const struct lg_held *h = &t->held[n - 1];
    /* a live node at addr is the one the lock table would return */
    if (h->lock->addr != addr || h->depth != 1 ||
        atomic_load_explicit(&h->lock->dead, memory_order_relaxed))
        return false;
    t->nheld = n - 1;
    lg_thread_version_step2(t);
    return true;
}

/* ---- per-thread cache of final lock-order edges (filled by order.c) ---- */
static inline uint64_t lg_edge_key(uint32_t from, uint32_t to)
{
    return ((uint64_t)from << 32) | to;
}
/* The set where key may be (one multiply: the high bits mix all of key). */
static inline uint32_t lg_final_slot(uint64_t key)
{
    return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 40) & (LG_FINAL_SETS - 1);
}
/* Whether edge key is known final for t. */
static inline bool lg_edge_final(const struct lg_thread *t, uint64_t key)
{
    const struct lg_final_set *s = &t->final_edges[lg_final_slot(key)];
    return s->owner == t->final_tag && (s->key[0] == key || s->key[1] == key || s->key[2] == key);
}
/* True when t does not hold lock yet and every edge held -> lock is already
 * final for t: acquiring it then has nothing to check or record but the
 * held lock itself. */
static inline bool lg_order_all_final(const struct lg_thread *t, const struct lg_lock *lock)
{
    for (int i = 0; i < t->nheld; i++) {
        const struct lg_lock *h = t->held[i].lock;
        if (h == lock || !lg_edge_final(t, lg_edge_key(h->id, lock->id)))
            return false;
    }
    return true;
}

/* ---- the lock-order graph (pure data structure, unit tested) ---- */
#include "lock_graph.h"
extern struct lg_graph lg_graph LG_HIDDEN;

/* ---- events (what wrappers call) ---- */
/* Before a blocking or try acquisition of lock: records lock-order edges.
 * True when every edge from the held locks to lock now covers t (its chain
 * may be noted as needing nothing). */
bool lg_before_acquire(struct lg_thread *t, struct lg_lock *lock, int mode, bool by_try,
                       uintptr_t pc) LG_HIDDEN;
/* unlinked: no lg_before_acquire came first (a trylock, a condition wait's
 * mutex taken back) */
void lg_after_acquire(struct lg_thread *t, struct lg_lock *lock, int mode, bool unlinked,
                      uintptr_t pc) LG_HIDDEN;
/* A release found by address in the held list, without a table lookup (hand
 * over hand code lets go of an outer lock); false: not held once there, use
 * lg_release. */
bool lg_release_addr(struct lg_thread *t, uintptr_t addr, uintptr_t pc) LG_HIDDEN;
/* Returns false when the thread did not hold the lock (a bad unlock, reported). */
bool lg_release(struct lg_thread *t, struct lg_lock *lock, uintptr_t pc) LG_HIDDEN;
/* Blocking waits: announce, then lg_block_end when the call returns. */
void lg_block_begin(struct lg_thread *t, int kind, uintptr_t obj, int mode, uintptr_t pc,
                    bool capture_stack) LG_HIDDEN;
void lg_block_end(struct lg_thread *t) LG_HIDDEN;
/* Checks the wait-for graph from t (which is blocked on a lock); on a cycle,
 * reports a deadlock and ends the process. */
void lg_deadlock_check(struct lg_thread *t) LG_HIDDEN;
void lg_watchdog_start(void) LG_HIDDEN;
void lg_watchdog_after_fork_child(void) LG_HIDDEN;
void lg_watchdog_note_start(void) LG_HIDDEN;   /* the run's start, for time_limit */
/* main called pthread_exit: the kernel keeps counting it until the process ends */
extern atomic_int lg_main_exited LG_HIDDEN;
extern atomic_ulong lg_progress LG_HIDDEN;

/* ---- steering a predicted cycle into a deadlock (steer.c) ---- */
extern bool lg_steer_on LG_HIDDEN;
void lg_steer_init(void) LG_HIDDEN;
/* t, holding its locks, is about to lock at pc: may wait for the cycle's other threads. */
void lg_steer_before_acquire(struct lg_thread *t, uintptr_t pc) LG_HIDDEN;

/* A fork child's condition variables have no waits in progress (intercept_cond.c). */
void lg_conds_after_fork_child(void) LG_HIDDEN;

/* ---- the ends of a lock's life (lifecycle.c); call with the detector active ---- */
/* Before (re)initialising the lock at addr ("mutex", "rwlock", ...). */
void lg_check_reinit(uintptr_t addr, const char *what) LG_HIDDEN;
void lg_check_cond_init(pthread_cond_t *c) LG_HIDDEN;
/* Before destroying c: true when threads nobody woke still wait on it (reported). */
bool lg_check_cond_destroy(pthread_cond_t *c) LG_HIDDEN;

/* ---- findings ---- */
void lg_report_misuse(enum lg_kind kind, const char *what, struct lg_thread *t,
                      struct lg_lock *lock, uintptr_t lock_pc) LG_HIDDEN;
uintptr_t lg_holder_pc(struct lg_lock *lock, uint32_t *serial) LG_HIDDEN;
struct lg_thread *lg_thread_start(uint32_t serial) LG_HIDDEN;

/* time */
uint64_t lg_now_ns(void) LG_HIDDEN;
/* How often a spinning wait re-checks for deadlock. */
#define LG_SLICE_NS (100ull * 1000 * 1000)

#endif
