/* Per-thread state. Each thread owns one slot of a table the detector maps
 * itself; other threads read it (wait-for checks, hang watch) under the slot's
 * seqlock. Lifetimes are kept by serial number for the thread-order filter. */
#include "lockgraph.h"
#include "schedule.h"

#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 8192
#define MAX_SERIALS (1u << 20)

__thread struct lg_tls lg_tls __attribute__((tls_model("initial-exec")));
/* the thread ended, or was refused a slot: it is not registered (again) */
static __thread int tls_ended __attribute__((tls_model("initial-exec")));

static struct lg_thread *table;
static atomic_int high_water;
static atomic_uint next_serial;
static atomic_int table_full_warned;

struct lifetime {
    atomic_ullong created;  /* global sequence at pthread_create, 0 = from the start */
    atomic_ullong joined;   /* global sequence when a join returned, 0 = not joined */
    /* Happens-before through create and join: the creator (serial, 0 when
     * not created through our pthread_create) and its era when it created
     * this thread (what it did in that era and before came first); the
     * joiner and its era from the join on (what it does then comes after). */
    atomic_uint parent, parent_era;
    atomic_uint joiner, joiner_era;
};
static struct lifetime *lifetimes;
static atomic_ullong sequence;
static atomic_ullong final_tags;

uint64_t lg_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A thread that did not start through our pthread_create (thrd_create runs
 * glibc's internal one) ends without our cleanup handler: a thread-specific
 * value's destructor frees its slot instead, on return, pthread_exit and
 * thrd_exit alike. A slot left in use would keep the watchdog, and with it
 * the process, alive after main's pthread_exit. */
static pthread_key_t lazy_exit_key;
static bool lazy_exit_key_made;

static void lazy_thread_end(void *slot)
{
    lg_thread_end(slot);
}

void lg_threads_init(void)
{
    table = lg_map(sizeof(struct lg_thread) * MAX_THREADS);
    lifetimes = lg_map(sizeof(struct lifetime) * MAX_SERIALS);
    lazy_exit_key_made = pthread_key_create(&lazy_exit_key, lazy_thread_end) == 0;
}

uint32_t lg_thread_new_serial(void)
{
    return atomic_fetch_add(&next_serial, 1) + 1;
}

/* t starts a new era: what it acquires from now on must be told to every
 * edge again (its final edges were for the old era). */
static void new_era(struct lg_thread *t)
{
    if (t->era != UINT32_MAX)
        t->era++;
    t->final_tag = atomic_fetch_add(&final_tags, 1) + 1;
    lg_held_rechain(t, 0);      /* the chains of the new era */
}

void lg_thread_note_created(uint32_t serial)
{
    struct lg_thread *me = lg_self();   /* a thread that has not locked yet counts too */
    if (lifetimes && serial < MAX_SERIALS) {
        atomic_store(&lifetimes[serial].created, atomic_fetch_add(&sequence, 1) + 1);
        if (me) {
            /* before the thread runs: its checks may read these at once */
            atomic_store(&lifetimes[serial].parent_era, me->era);
            atomic_store(&lifetimes[serial].parent, me->serial);
        }
    }
    if (me)
        new_era(me);
}

void lg_thread_note_joined(uint32_t serial)
{
    struct lg_thread *me = lg_self();
    if (me)
        new_era(me);
    if (lifetimes && serial < MAX_SERIALS) {
        atomic_store(&lifetimes[serial].joined, atomic_fetch_add(&sequence, 1) + 1);
        if (me && me->era != UINT32_MAX) {
            atomic_store(&lifetimes[serial].joiner_era, me->era);
            atomic_store(&lifetimes[serial].joiner, me->serial);
        }
    }
}

/* Points in a thread's life: 2e + 1 is its acquisitions in era e, 2e + 2 the
 * create or join that ends era e. True when a's point pa happens before b's
 * point pb through the create and join events the detector saw: program
 * order within a thread, then b's line of creators back to the one a's point
 * came before, or a's line of joiners forward. Other paths (a thread a created
 * that b then joined, ...) are not followed: then they may overlap, which
 * only keeps a report. */
static bool point_before(uint32_t a, uint64_t pa, uint32_t b, uint64_t pb, int *budget)
{
    if (a == b)
        return pa < pb;
    /* each step may follow two ways: a bound on the steps keeps deep lines
     * of creators and joiners cheap (not finding an order keeps a report) */
    if (--*budget < 0 || a >= MAX_SERIALS || b >= MAX_SERIALS)
        return false;
    /* all of b comes after its creator's create event */
    uint32_t parent = atomic_load_explicit(&lifetimes[b].parent, memory_order_acquire);
    if (parent && point_before(a, pa, parent,
                               2 * (uint64_t)atomic_load_explicit(&lifetimes[b].parent_era,
                                                                  memory_order_relaxed) + 2,
                               budget))
        return true;
    /* all of a comes before its joiner's join event, which starts its era j */
    uint32_t joiner = atomic_load_explicit(&lifetimes[a].joiner, memory_order_acquire);
    if (joiner && point_before(joiner,
                               2 * (uint64_t)atomic_load_explicit(&lifetimes[a].joiner_era,
                                                                  memory_order_relaxed),
                               b, pb, budget))
        return true;
    return false;
}

bool lg_threads_ordered(uint32_t a, uint32_t a_era, uint32_t b, uint32_t b_era)
{
    if (!lifetimes || a == b || a_era == UINT32_MAX)
        return false;   /* (an era that no longer counts has no end) */
    int budget = 64;
    return point_before(a, 2 * (uint64_t)a_era + 1, b, 2 * (uint64_t)b_era + 1, &budget);
}

bool lg_threads_may_overlap(uint32_t a, uint32_t b)
{
    if (a == b || !lifetimes || a >= MAX_SERIALS || b >= MAX_SERIALS)
        return true;
    uint64_t ja = atomic_load(&lifetimes[a].joined), jb = atomic_load(&lifetimes[b].joined);
    uint64_t ca = atomic_load(&lifetimes[a].created), cb = atomic_load(&lifetimes[b].created);
    if (ja && ja < cb)
        return false;   /* a was joined before b was created */
    if (jb && jb < ca)
        return false;
    return true;
}

/* The chain cache of a thread that has noted none: all empty, never
 * written, so lookups need not test for a missing cache. */
uint64_t lg_no_chains[LG_CHAIN_SETS][2];

static struct lg_thread *claim_slot(uint32_t serial)
{
    if (!table)
        return NULL;
    for (int i = 0; i < MAX_THREADS; i++) {
        int expected = 0;
        if (atomic_load_explicit(&table[i].in_use, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_strong(&table[i].in_use, &expected, 1)) {
            struct lg_thread *t = &table[i];
            lg_thread_write_begin(t);
            t->serial = serial;
            t->era = 0;
            t->final_tag = atomic_fetch_add(&final_tags, 1) + 1;
            t->nheld = 0;
            t->overflow = 0;
            t->bloom_valid = false;
            t->block = LG_NOT_BLOCKED;
            t->pthread = pthread_self();
            t->tid = (int)syscall(SYS_gettid);
            t->edge_stack.id = 0;   /* the last owner's, on a stack that may be gone */
            if (!t->chains)         /* a slot's own cache is mapped at its first chain */
                t->chains = lg_no_chains;
            lg_thread_write_end(t);
            int hw = atomic_load(&high_water);
            while (hw < i + 1 && !atomic_compare_exchange_weak(&high_water, &hw, i + 1))
                ;
            return t;
        }
    }
    if (!atomic_exchange(&table_full_warned, 1))
        lg_warn("thread table full (%d live threads): further threads are not tracked; "
                "coverage is reduced", MAX_THREADS);
    return NULL;
}

/* For threads that did not start through our pthread_create (main, or
 * threads that existed before the detector loaded). */
struct lg_thread *lg_self_register(void)
{
    struct lg_thread *t = lg_tls.self;
    if (t != NULL || tls_ended)
        return t;
    t = claim_slot(lg_thread_new_serial());
    lg_tls.self = t;
    /* refused: untracked for life, never tracked from the middle of what it does */
    tls_ended = !t && table;
    if (t && lazy_exit_key_made)
        pthread_setspecific(lazy_exit_key, t);
    return t;
}

/* Called first thing in a thread created by our pthread_create. */
struct lg_thread *lg_thread_start(uint32_t serial)
{
    struct lg_thread *t = claim_slot(serial);
    lg_tls.self = t;
    /* refused (table full): it holds locks the detector never saw, so it must
     * not be registered later, when a slot frees up, and report their unlocks */
    tls_ended = !t && table;
    return t;
}

void lg_thread_exit(struct lg_thread *t)
{
    if (!t)
        return;
    if (lg_sched_mode)
        lg_sched_thread_end(t);
    if (lazy_exit_key_made)
        pthread_setspecific(lazy_exit_key, NULL);   /* ends once, not again in the destructor */
    lg_tls.self = NULL;
    tls_ended = 1;
    lg_thread_write_begin(t);
    t->nheld = 0;
    t->block = LG_NOT_BLOCKED;
    t->serial = 0;
    lg_thread_write_end(t);
    atomic_fetch_add(&lg_progress, 1);
    atomic_store_explicit(&t->in_use, 0, memory_order_release);
}

struct lg_thread *lg_thread_slot(int index)
{
    return table ? &table[index] : NULL;
}

int lg_thread_slots(void)
{
    return atomic_load(&high_water);
}

/* In a fork child only the forking thread exists. */
void lg_threads_after_fork_child(void)
{
    struct lg_thread *me = lg_tls.self;
    int n = lg_thread_slots();
    for (int i = 0; i < n; i++) {
        struct lg_thread *t = &table[i];
        if (t != me && atomic_load(&t->in_use)) {
            t->nheld = 0;
            t->block = LG_NOT_BLOCKED;
            t->serial = 0;
            atomic_store(&t->version, 0);
            atomic_store(&t->in_use, 0);
        }
    }
    if (me) {
        me->bloom_valid = false;        /* its version starts again at 0 */
        atomic_store(&me->version, 0);
        me->pthread = pthread_self();
        me->tid = (int)syscall(SYS_gettid);
    }
}

/* A finding being built lives in the thread's slot (memory the detector
 * maps), never on the stack or in TLS: small thread stacks have no room. */
struct lg_finding *lg_thread_scratch(struct lg_thread *t)
{
    if (!t)
        return NULL;
    memset(&t->scratch, 0, sizeof t->scratch);
    return &t->scratch;
}
