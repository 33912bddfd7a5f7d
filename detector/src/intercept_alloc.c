/* free and realloc: locks in freed heap memory die with it. A lock the
 * program makes without an init call (a C++ std::mutex, which libstdc++ never
 * initialises or destroys, or a static initialiser written into malloc'd
 * memory) would otherwise keep the identity, and the lock-order edges, of
 * whatever lock lived at that address before; a sorted list whose nodes are
 * freed and reused elsewhere in it then shows false inversions.
 *
 * free is hot: the wrapper reads the block's size (from glibc's chunk header,
 * the word glibc's free reads first anyway) and two direct-mapped counts of
 * live locks per 64-byte line or 4 KiB block (lock_table.c); only a block
 * whose lines hold locks looks at the lock table. C++ operator delete calls
 * free through the PLT, so it comes here too. A program that defines its own
 * malloc and free never calls these; an allocator in a library loaded after
 * us is the next free, and its malloc_usable_size gives the size. */
#include "intercept.h"

#include <dlfcn.h>
#include <stdlib.h>

static void (*real_free)(void *);
static void *(*real_realloc)(void *, size_t);
static size_t (*real_usable_size)(void *);
/* How a block's size is known: from glibc's chunk header, from the
 * allocator's malloc_usable_size, or not at all (then nothing is forgotten). */
static enum { SIZE_NONE, SIZE_GLIBC, SIZE_USABLE } size_source;
/* The inline case of free may run: glibc's heap, and the lock table ready
 * (set by the first free after both hold; the table then stays). */
static atomic_int fast_ready;
/* dlsym can itself free: a free from inside the lookup cannot be done yet */
static __thread int resolving __attribute__((tls_model("initial-exec")));

static void resolve(void)
{
    resolving = 1;
    void *f = dlsym(RTLD_NEXT, "free");
    void *r = dlsym(RTLD_NEXT, "realloc");
    void *u = dlsym(RTLD_NEXT, "malloc_usable_size");
    if (f && f == dlsym(RTLD_DEFAULT, "__libc_free")) {
        size_source = SIZE_GLIBC;
    } else if (f && u) {
        /* only an allocator's own malloc_usable_size knows its blocks */
        Dl_info fi, ui;
        if (dladdr(f, &fi) && dladdr(u, &ui) && fi.dli_fbase == ui.dli_fbase) {
            real_usable_size = (size_t (*)(void *))u;
            size_source = SIZE_USABLE;
        }
    }
    real_realloc = (void *(*)(void *, size_t))r;
    atomic_thread_fence(memory_order_release);
    real_free = (void (*)(void *))f;
    resolving = 0;
}

/* The usable size of live block p (at least what the program may use). */
static inline size_t block_size(void *p)
{
    if (LG_LIKELY(size_source == SIZE_GLIBC)) {
        /* glibc's chunk header: size with 3 flag bits, IS_MMAPPED = 2; an
         * mmapped chunk has a two-word header, others use the next chunk's
         * first word too */
        size_t word = ((const size_t *)p)[-1];
        return (word & ~(size_t)7) - (word & 2 ? 2 : 1) * sizeof(size_t);
    }
    return size_source == SIZE_USABLE ? real_usable_size(p) : 0;
}

/* Whether frees should look for locks: the detector runs, this is not its
 * own call, and it knows block sizes. */
static inline bool watching_frees(void)
{
    return atomic_load_explicit(&lg_state, memory_order_relaxed) == 2 && !lg_tls.in_detector &&
           size_source != SIZE_NONE;
}

/* free but its common case: the real function still to resolve, a block that
 * is not glibc's or spans more than two 4 KiB blocks, or one whose blocks
 * hold locks. */
__attribute__((noinline)) static void free_general(void *p)
{
    if (!real_free) {
        if (resolving)
            return;     /* a block dlsym frees while we look free up: left allocated */
        resolve();
        if (!real_free)
            return;
    }
    if (size_source == SIZE_GLIBC && atomic_load(&lg_state) == 2)
        atomic_store_explicit(&fast_ready, 1, memory_order_relaxed);
    if (p && watching_frees()) {
        uintptr_t lo = (uintptr_t)p, hi = lo + block_size(p);
        /* before the real free: until it returns, no other thread can have
         * this memory and make a lock in it */
        lg_lock_forget_range(lo, hi, UINT32_MAX);   /* looks at the lines holding locks only */
    }
    real_free(p);
}

LG_EXPORT void free(void *p)
{
    /* Inline: a glibc block within two 4 KiB blocks that hold no lock, which
     * is nearly every free of nearly every program. */
    /* (the detector's own frees need no exception: forgetting locks takes
     * no lock, and its own memory holds none of the program's) */
    if (LG_LIKELY(atomic_load_explicit(&fast_ready, memory_order_relaxed) && p)) {
        /* the block's last byte, or (mmapped: its header is a word longer)
         * a little past it: the 4 KiB blocks only need to cover the block */
        size_t word = ((const size_t *)p)[-1];
        uintptr_t b0 = (uintptr_t)p >> 12;
        uintptr_t b1 = ((uintptr_t)p + (word & ~(size_t)7) - sizeof(size_t) - 1) >> 12;
        if (LG_LIKELY(b1 - b0 <= 1 &&
                      !(atomic_load_explicit(&lg_locks.block_locks[b0 & (LG_BLOCK_SLOTS - 1)],
                                             memory_order_relaxed) |
                        atomic_load_explicit(&lg_locks.block_locks[b1 & (LG_BLOCK_SLOTS - 1)],
                                             memory_order_relaxed))))
            return real_free(p);
    }
    free_general(p);
}

LG_EXPORT void *realloc(void *p, size_t n)
{
    if (LG_UNLIKELY(!real_realloc)) {
        if (resolving)
            return NULL;    /* dlsym does not grow memory; nothing to do meanwhile */
        resolve();
        if (!real_realloc)
            return NULL;
    }
    if (!p || !watching_frees())
        return real_realloc(p, n);
    /* read before the call: once the block moves, its memory is another's */
    uintptr_t lo = (uintptr_t)p, hi = lo + block_size(p);
    bool locks = hi > lo && lg_range_may_hold_locks(lo, hi);
    uint32_t made = locks ? lg_lock_count() : 0;
    void *q = real_realloc(p, n);
    /* moved (or freed by realloc(p, 0)): the old block's locks are gone; not
     * those made since the call, which may be new locks another thread made
     * in that memory after it was freed */
    if (locks && q != p && (q || n == 0))
        lg_lock_forget_range(lo, hi, made);
    return q;
}
