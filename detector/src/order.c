#include "order.h"
#include "deep_uses.h"

#include <string.h>

struct lg_graph lg_graph;
lg_ilock lg_graph_lock;

/* ---- the fast path: is this acquisition already fully described? ---- */

static bool held_has_lock_id(const struct lg_thread *t, uint32_t id)
{
    for (int i = 0; i < t->nheld; i++)
        if (t->held[i].lock->id == id)
            return true;
    return false;
}

static unsigned edge_ngate(const struct lg_graph *g, uint32_t id, unsigned flags)
{
    if (!(flags & LG_EDGE_GATED))
        return 0;
    unsigned n = atomic_load_explicit(&lg_graph_edge_more(g, id)->ngate, memory_order_relaxed);
    return n < LG_EDGE_GATES ? n : LG_EDGE_GATES;
}

static uint32_t edge_gate(const struct lg_graph *g, uint32_t id, unsigned k)
{
    return atomic_load_explicit(&lg_graph_edge_more(g, id)->gate[k], memory_order_relaxed);
}

static unsigned edge_flags(const struct lg_graph *g, uint32_t id)
{
    return atomic_load_explicit(&lg_graph_edge(g, id)->flags, memory_order_relaxed);
}

/* ---- eras: when each thread used an edge ---- */

/* The maker's era when it made the edge, as the flags keep it. */
static uint32_t maker_first(unsigned flags)
{
    return flags >> LG_EDGE_ERA_SHIFT;
}

static unsigned era_bits(uint32_t era)
{
    return (era < LG_EDGE_ERA_MAX ? era : LG_EDGE_ERA_MAX) << LG_EDGE_ERA_SHIFT;
}

/* An edge's parts: part 0 is the maker (e->thread, its first era in the
 * flags, its last in more->last[0] with LG_EDGE_LATER), part k > 0 is
 * more->threads[k - 1], first[k - 1], last[k]. One thread may have several
 * parts, one per era it used the edge in while there is room: its uses
 * before it created a thread and after it joined them are then apart. */
static uint32_t part_serial(const struct lg_graph *g, uint32_t id, int k)
{
    return k == 0 ? atomic_load(&lg_graph_edge(g, id)->thread)
                  : atomic_load(&lg_graph_edge_more(g, id)->threads[k - 1]);
}

static uint32_t part_first(const struct lg_graph *g, uint32_t id, unsigned flags, int k)
{
    return k == 0 ? maker_first(flags) : atomic_load(&lg_graph_edge_more(g, id)->first[k - 1]);
}

/* The era of part k's last use of edge id. */
static uint32_t part_last(const struct lg_graph *g, uint32_t id, unsigned flags, int k)
{
    if (k > 0 || (flags & LG_EDGE_LATER)) {
        uint32_t last = atomic_load(&lg_graph_edge_more(g, id)->last[k]);
        if (last)
            return last - 1;
    }
    return part_first(g, id, flags, k);
}

static int edge_nparts(unsigned flags)
{
    return flags & LG_EDGE_SHARED ? LG_EDGE_THREADS : 1;
}

/* Whether thread s's uses of edge id include era: lock-free, so a part is
 * read between two reads of its thread, which a part reused for another
 * thread changes (record_edge empties it first). */
static bool edge_knows_part(const struct lg_graph *g, uint32_t id, unsigned flags, uint32_t s,
                            uint32_t era)
{
    for (int k = 0; k < edge_nparts(flags); k++)
        if (part_serial(g, id, k) == s && part_last(g, id, flags, k) == era &&
            part_serial(g, id, k) == s)
            return true;
    return false;
}

static inline bool edge_knows(const struct lg_graph *g, uint32_t id, unsigned flags, uint32_t s,
                              uint32_t era)
{
    /* most edges: made by this thread in this era, used in no other */
    if (atomic_load_explicit(&lg_graph_edge(g, id)->thread, memory_order_relaxed) == s &&
        !(flags & LG_EDGE_LATER) && maker_first(flags) == era)
        return true;
    return edge_knows_part(g, id, flags, s, era);
}

static bool edge_covers(uint32_t id, const struct lg_thread *t, int mode)
{
    unsigned flags = edge_flags(&lg_graph, id);
    if (mode == LG_WRITE && !(flags & LG_EDGE_WRITE))
        return false;
    if (!(flags & LG_EDGE_MANY_THREADS)) {
        /* the edge must know this thread in its current era */
        if (!edge_knows(&lg_graph, id, flags, t->serial, t->era))
            return false;
    }
    unsigned ngate = edge_ngate(&lg_graph, id, flags);
    for (unsigned i = 0; i < ngate; i++)
        if (!held_has_lock_id(t, edge_gate(&lg_graph, id, i)))
            return false;
    return true;
}

/* Remembers edge id (from -> to, found covering t) when it can no longer
 * change for t: flags and threads only grow and gates only shrink. */
static void note_if_final(struct lg_thread *t, uint32_t id, uint32_t from, uint32_t to)
{
    unsigned flags = edge_flags(&lg_graph, id);
    if (!(flags & LG_EDGE_WRITE) || edge_ngate(&lg_graph, id, flags) != 0)
        return;
    /* edge_covers saw this thread among the edge's unless MANY_THREADS was set */
    uint64_t key = lg_edge_key(from, to);
    struct lg_final_set *s = &t->final_edges[lg_final_slot(key)];
    if (s->owner != t->final_tag) {
        *s = (struct lg_final_set){t->final_tag, {key, 0, 0}};   /* a former owner's or era's */
    } else if (!lg_edge_final(t, key)) {
        s->key[2] = s->key[1];      /* the oldest goes */
        s->key[1] = s->key[0];
        s->key[0] = key;
    }
}

/* ---- the cycle filter ---- */

/* One thread's part in an edge: the thread, the eras of its first and last use. */
struct part {
    uint32_t serial, first, last;
};

/* The threads edge id remembers; false when many threads made it (then any
 * thread will do: a wildcard). */
static bool edge_parts(const struct lg_graph *g, uint32_t id, struct part *parts, int *n)
{
    *n = 0;
    unsigned flags = edge_flags(g, id);
    if (flags & LG_EDGE_MANY_THREADS)
        return false;
    for (int k = 0; k < edge_nparts(flags); k++) {
        uint32_t s = part_serial(g, id, k);
        if (s)
            parts[(*n)++] = (struct part){s, part_first(g, id, flags, k), part_last(g, id, flags, k)};
    }
    return true;
}

struct assign {
    struct lg_graph *g;
    const uint32_t *edges;
    int n;
    uint32_t *witness;
    struct part chosen[LG_MAX_CYCLE + 1];
    long budget;
};

/* Whether two edges' uses by parts x and y can hold their locks at once:
 * different threads that lived at the same time, neither's uses ordered
 * before the other's by thread creation or join. */
static bool parts_may_overlap(const struct part *x, const struct part *y)
{
    return x->serial != y->serial && lg_threads_may_overlap(x->serial, y->serial) &&
           !lg_threads_ordered(x->serial, x->last, y->serial, y->first) &&
           !lg_threads_ordered(y->serial, y->last, x->serial, x->first);
}

/* Distinct threads, each pair able to run at the same time. 0 = wildcard. */
static bool assign_threads(struct assign *a, int i)
{
    if (i == a->n)
        return true;
    if (a->budget-- <= 0)
        return true;        /* too many combinations: do not hide a real cycle */
    struct part choices[LG_EDGE_THREADS];
    int nchoices;
    if (!edge_parts(a->g, a->edges[i], choices, &nchoices)) {
        a->witness[i] = 0;      /* many threads made it: any one will do */
        return assign_threads(a, i + 1);
    }
    for (int c = 0; c < nchoices; c++) {
        bool fits = true;
        for (int j = 0; j < i && fits; j++) {
            if (a->witness[j] == 0)
                continue;
            fits = parts_may_overlap(&a->chosen[j], &choices[c]);
        }
        if (!fits)
            continue;
        a->witness[i] = choices[c].serial;
        a->chosen[i] = choices[c];
        if (assign_threads(a, i + 1))
            return true;
    }
    a->witness[i] = 0;
    return false;
}

/* With every assignment failed: why, in the words of the note. Parts are
 * read again per pair rather than kept: this runs on the program's stack. */
static enum lg_note_why why_no_threads(struct lg_graph *g, const uint32_t *edges, int n)
{
    struct part x[LG_EDGE_THREADS], y[LG_EDGE_THREADS];
    int nx, ny;
    uint32_t one = 0;
    bool one_thread = true;
    for (int i = 0; i < n; i++) {
        if (!edge_parts(g, edges[i], x, &nx))
            return LG_NOTE_FEW_THREADS;
        for (int k = 0; k < nx; k++) {
            one_thread = one_thread && (!one || one == x[k].serial);
            one = x[k].serial;
        }
    }
    if (one_thread)
        return LG_NOTE_ONE_THREAD;
    for (int i = 0; i < n; i++) {
        edge_parts(g, edges[i], x, &nx);
        for (int j = i + 1; j < n; j++) {
            edge_parts(g, edges[j], y, &ny);
            for (int p = 0; p < nx; p++)
                for (int q = 0; q < ny; q++)
                    if (parts_may_overlap(&x[p], &y[q]))
                        return LG_NOTE_FEW_THREADS;
        }
    }
    return LG_NOTE_LIFETIMES;
}

enum lg_note_why lg_cycle_why_not(struct lg_graph *g, const uint32_t *edges, int n,
                                  uint32_t *witness, uint32_t *gate_out)
{
    /* only read acquisitions: readers do not exclude each other */
    bool any_write = false;
    for (int i = 0; i < n && !any_write; i++)
        any_write = atomic_load(&lg_graph_edge(g, edges[i])->flags) & LG_EDGE_WRITE;
    if (!any_write)
        return LG_NOTE_READ_ONLY;
    /* a gate lock held across every edge serialises them */
    unsigned ngate = edge_ngate(g, edges[0], edge_flags(g, edges[0]));
    for (unsigned k = 0; k < ngate; k++) {
        uint32_t gate = edge_gate(g, edges[0], k);
        bool everywhere = true;
        for (int i = 1; i < n && everywhere; i++) {
            unsigned m = edge_ngate(g, edges[i], edge_flags(g, edges[i]));
            bool has = false;
            for (unsigned j = 0; j < m && !has; j++)
                has = edge_gate(g, edges[i], j) == gate;
            everywhere = has;
        }
        if (everywhere) {
            *gate_out = gate;
            return LG_NOTE_GATE;
        }
    }
    /* one thread per edge, all different, all able to overlap */
    if (n > LG_MAX_CYCLE + 1)
        return LG_NOTE_NONE;
    struct assign a = {.g = g, .edges = edges, .n = n, .witness = witness, .budget = 10000};
    memset(witness, 0, sizeof(uint32_t) * (size_t)n);
    return assign_threads(&a, 0) ? LG_NOTE_NONE : why_no_threads(g, edges, n);
}

bool lg_cycle_can_deadlock(struct lg_graph *g, const uint32_t *edges, int n, uint32_t *witness)
{
    uint32_t gate;
    return lg_cycle_why_not(g, edges, n, witness, &gate) == LG_NOTE_NONE;
}

/* ---- ruled-out cycles, kept for the JSON report as notes ---- */

/* Under lg_graph_lock. A note lives while its cycle stays ruled out: a
 * change to one of its edges makes it stale, and the search that follows
 * keeps it only if it rules the cycle out again (a search that stops at a
 * real cycle first drops it: an error must never hide behind a note). */
struct ruled_out {
    uint64_t key;
    int n;
    bool stale;
    enum lg_note_why why;
    uint32_t gate;
    uint32_t edges[LG_MAX_CYCLE + 1];
};
static struct ruled_out ruled[LG_MAX_NOTES];
static int nruled;
static bool ruled_changed;

/* Same lock pairs, same edges: the key does not depend on their order. */
static uint64_t cycle_key(const uint32_t *edges, int n)
{
    uint64_t sum = 0, x = 0;
    for (int i = 0; i < n; i++) {
        uint64_t h = (edges[i] + 1ull) * 0x9e3779b97f4a7c15ull;
        sum += h;
        x ^= h >> 7;
    }
    return sum ^ (x << 1) ^ (uint64_t)n;
}

static bool cycle_has_edge(const struct ruled_out *r, uint32_t id)
{
    for (int i = 0; i < r->n; i++)
        if (r->edges[i] == id)
            return true;
    return false;
}

static int find_ruled(const uint32_t *edges, int n)
{
    uint64_t key = cycle_key(edges, n);
    for (int i = 0; i < nruled; i++) {
        if (ruled[i].key != key || ruled[i].n != n)
            continue;
        bool same = true;
        for (int k = 0; k < n && same; k++)
            same = cycle_has_edge(&ruled[i], edges[k]);
        if (same)
            return i;
    }
    return -1;
}

static void drop_ruled(int i)
{
    ruled[i] = ruled[--nruled];
    ruled_changed = true;
}

static void keep_ruled(const uint32_t *edges, int n, enum lg_note_why why, uint32_t gate)
{
    if (strcmp(lg_opt.format, "json") != 0)
        return;     /* notes go only into the JSON report */
    int i = find_ruled(edges, n);
    if (i < 0) {
        if (nruled == LG_MAX_NOTES)
            return;
        i = nruled++;
        ruled[i].key = cycle_key(edges, n);
        ruled[i].n = n;
        memcpy(ruled[i].edges, edges, sizeof(uint32_t) * (size_t)n);
        ruled[i].why = LG_NOTE_NONE;
    }
    ruled[i].stale = false;
    if (ruled[i].why != why || ruled[i].gate != gate)
        ruled_changed = true;
    ruled[i].why = why;
    ruled[i].gate = gate;
}

/* ---- finding cycles after a change ---- */

struct cycle_search {
    uint32_t closing;                 /* the edge that closes the cycle */
    bool found;
    struct lg_finding *finding;
};

static void fill_finding(struct lg_finding *f, const uint32_t *edges, int n, const uint32_t *witness)
{
    memset(f, 0, sizeof *f);
    f->kind = LG_K_LOCK_ORDER_INVERSION;
    /* start at the smallest lock id, so one cycle always reads the same way */
    int start = 0;
    for (int i = 1; i < n; i++)
        if (lg_graph_edge(&lg_graph, edges[i])->from < lg_graph_edge(&lg_graph, edges[start])->from)
            start = i;
    for (int k = 0; k < n && k < 32; k++) {
        int i = (start + k) % n;
        const struct lg_edge *e = lg_graph_edge(&lg_graph, edges[i]);
        struct lg_finding_edge *fe = &f->edges[f->nedges++];
        fe->from = e->from;
        fe->to = e->to;
        fe->thread = witness[i] ? witness[i] : atomic_load(&e->thread);
        fe->from_stack = e->from_stack;
        fe->to_stack = e->to_stack;
        fe->read = !(atomic_load(&e->flags) & LG_EDGE_WRITE);
    }
}

static bool visit_path(const uint32_t *path, int len, void *ctx)
{
    struct cycle_search *s = ctx;
    uint32_t cycle[LG_MAX_CYCLE + 1], witness[LG_MAX_CYCLE + 1];
    if (len + 1 > LG_MAX_CYCLE)
        return false;
    memcpy(cycle, path, sizeof(uint32_t) * (size_t)len);
    cycle[len] = s->closing;
    uint32_t gate = 0;
    enum lg_note_why why = lg_cycle_why_not(&lg_graph, cycle, len + 1, witness, &gate);
    if (why != LG_NOTE_NONE) {
        keep_ruled(cycle, len + 1, why, gate);
        return false;
    }
    int r = find_ruled(cycle, len + 1);
    if (r >= 0)
        drop_ruled(r);
    fill_finding(s->finding, cycle, len + 1, witness);
    s->found = true;
    return true;
}

/* Cycles made by back edge b with a DAG path b.to ~> b.from. */
static bool check_back_edge(uint32_t b, struct lg_finding *out)
{
    const struct lg_edge *e = lg_graph_edge(&lg_graph, b);
    struct cycle_search s = {b, false, out};
    lg_graph_paths(&lg_graph, e->to, e->from, 64, visit_path, &s);
    return s.found;
}

/* After edge id (from -> to) appeared or changed: any new deadlockable cycle? */
static bool search_after_change(uint32_t id, struct lg_finding *out)
{
    const struct lg_edge *e = lg_graph_edge(&lg_graph, id);
    if (!(atomic_load(&e->flags) & LG_EDGE_IN_DAG))
        return check_back_edge(id, out);
    /* a DAG edge closes cycles only together with a back edge u -> v whose
     * path v ~> u passes through it: v before from, to before u */
    for (uint32_t i = 0; i < lg_graph.nback; i++) {
        const struct lg_edge *b = lg_graph_edge(&lg_graph, lg_graph.back[i]);
        if (lg_graph.ord[b->to] <= lg_graph.ord[e->from] && lg_graph.ord[e->to] <= lg_graph.ord[b->from] &&
            check_back_edge(lg_graph.back[i], out))
            return true;
    }
    return false;
}

static bool find_cycle_after_change(uint32_t id, struct lg_finding *out)
{
    for (int i = 0; i < nruled; i++)
        ruled[i].stale = ruled[i].stale || cycle_has_edge(&ruled[i], id);
    bool found = search_after_change(id, out);
    for (int i = nruled - 1; i >= 0; i--)
        if (ruled[i].stale)
            drop_ruled(i);
    return found;
}

int lg_order_notes(struct lg_finding *out, int max)
{
    static uint32_t none[LG_MAX_CYCLE + 1];     /* no witness: each edge's maker */
    lg_ilock_lock(&lg_graph_lock);
    int n = 0;
    for (int i = 0; i < nruled && n < max; i++, n++) {
        fill_finding(&out[n], ruled[i].edges, ruled[i].n, none);
        out[n].note = ruled[i].why;
        out[n].note_lock = ruled[i].gate;
    }
    lg_ilock_unlock(&lg_graph_lock);
    return n;
}

static atomic_int warned_full;

/* The stack where held lock h was taken: its call site, then the frames of
 * the current stack that were already live then. cfas[i] is frame i's stack
 * pointer at its outgoing call, so the frame that took h has cfas[i] equal to
 * h->cfa (it has moved on since: its own pc is h->pc), and older frames have
 * larger ones. */
static lg_stack_id build_acquisition_stack(const struct lg_held *h, const uintptr_t *frames,
                                           const uintptr_t *cfas, int nframes)
{
    uintptr_t buf[LG_MAX_FRAMES];
    int n = 0, max = (int)lg_opt.stack_depth;
    buf[n++] = h->pc - 1;
    if (h->cfa) {
        int j = 0;
        while (j < nframes && cfas[j] < h->cfa)
            j++;
        if (j < nframes && cfas[j] == h->cfa)
            j++;
        for (; j < nframes && n < max; j++)
            buf[n++] = frames[j];
    }
    return lg_stack_put(buf, n);
}

/* The same, reusing the last one built from these frames for a lock taken at
 * the same place: hand-over-hand code asks for one stack many times. */
static lg_stack_id acquisition_stack(const struct lg_held *h, struct lg_edge_stack *now)
{
    if (now->from_id && now->from_pc == h->pc && now->from_cfa == h->cfa)
        return now->from_id;
    now->from_id = build_acquisition_stack(h, now->frames, now->cfas, now->n);
    now->from_pc = h->pc;
    now->from_cfa = h->cfa;
    return now->from_id;
}


/* Under lg_graph_lock: frees a part of edge id for another thread by
 * merging two parts of one thread into one, its eras from the first's to
 * the last's (a thread's later parts are of later eras). Returns the freed
 * part, or -1 when every part is a different thread. */
static int merge_parts(uint32_t id, unsigned flags)
{
    struct lg_edge_more *m = lg_graph_edge_more(&lg_graph, id);
    for (int p = 0; p < LG_EDGE_THREADS; p++) {
        for (int q = p + 1; q < LG_EDGE_THREADS; q++) {
            uint32_t s = part_serial(&lg_graph, id, p);
            if (!s || part_serial(&lg_graph, id, q) != s)
                continue;
            uint32_t last = part_last(&lg_graph, id, flags, q);
            if (part_last(&lg_graph, id, flags, p) > last)
                last = part_last(&lg_graph, id, flags, p);
            if (p > 0 && part_first(&lg_graph, id, flags, q) < part_first(&lg_graph, id, flags, p))
                atomic_store(&m->first[p - 1], part_first(&lg_graph, id, flags, q));
            atomic_store(&m->last[p], last == UINT32_MAX ? UINT32_MAX : last + 1);
            if (p == 0)
                atomic_fetch_or(&lg_graph_edge(&lg_graph, id)->flags, LG_EDGE_LATER);
            atomic_store(&m->threads[q - 1], 0);
            return q;
        }
    }
    return -1;
}

/* Under lg_graph_lock: edge id learns that thread serial uses it in era, as
 * a part of its own while there is room (one can be made by merging two
 * parts of one thread), else by widening its latest part, else (it has none)
 * by counting it among many threads. */
static void note_part(uint32_t id, unsigned flags, uint32_t serial, uint32_t era)
{
    struct lg_edge *e = lg_graph_edge(&lg_graph, id);
    struct lg_edge_more *m = lg_graph_edge_more(&lg_graph, id);
    int latest = -1;
    for (int k = 0; k < edge_nparts(flags); k++)
        if (part_serial(&lg_graph, id, k) == serial &&
            (latest < 0 || part_last(&lg_graph, id, flags, k) > part_last(&lg_graph, id, flags, latest)))
            latest = k;
    int room = -1;
    for (int k = 1; k < LG_EDGE_THREADS && room < 0; k++)
        if (!part_serial(&lg_graph, id, k))
            room = k;
    if (room < 0 && latest < 0)
        room = merge_parts(id, flags);
    if (room > 0) {
        /* the thread shows last, over a part that reads as empty */
        atomic_store(&m->first[room - 1], era);
        atomic_store(&m->last[room], 0);
        atomic_store(&m->threads[room - 1], serial);
        atomic_fetch_or(&e->flags, LG_EDGE_SHARED);
    } else if (latest >= 0) {
        atomic_store(&m->last[latest], era == UINT32_MAX ? UINT32_MAX : era + 1);
        if (latest == 0)
            atomic_fetch_or(&e->flags, LG_EDGE_LATER);
    } else {
        atomic_fetch_or(&e->flags, LG_EDGE_MANY_THREADS);
    }
}

/* One acquisition's use of edge from -> to: the thread and its era, the
 * mode, the locks held then (the gates come from them) and where each end
 * was taken. A live acquisition gives its thread (held = t->held; the
 * source's stack is built only for a new edge), a kept one (deep_uses.h)
 * its list. */
struct edge_use {
    uint32_t serial, era, from, to;
    int mode;
    const struct lg_thread *t;          /* live: t->held */
    const struct lg_held *from_held;    /* live: the source's record */
    struct lg_edge_stack *now;          /* live: this acquisition's stack */
    const uint32_t *held;               /* kept: the held lock ids */
    int nheld;
    lg_stack_id from_stack, to_stack;   /* kept */
};

static uint32_t use_held(const struct edge_use *u, int i)
{
    return u->t ? u->t->held[i].lock->id : u->held[i];
}

static bool use_holds(const struct edge_use *u, uint32_t id)
{
    for (int i = 0; i < u->nheld; i++)
        if (use_held(u, i) == id)
            return true;
    return false;
}

/* Under lg_graph_lock: deep uses are kept, not made into edges, while the
 * graph has no cycle (then every cycle of the edges they stand for would be
 * one of the graph too: they add no path). */
static atomic_bool deep_kept = true;  /* written under lg_graph_lock, once */
static bool deep_lost;          /* a kept use found the graph full */
/* lg_graph.back[unsearched .. unsearched_end): cycles closed by kept uses
 * made into edges, each still to be searched (make_kept_edges) */
static uint32_t unsearched, unsearched_end;
static void make_kept_edges(void);

/* Under lg_graph_lock: adds or widens edge from -> to. Returns its id, 0 if none. */
static uint32_t record_edge(const struct edge_use *u, bool *changed)
{
    *changed = false;
    uint32_t id = lg_graph_find_edge(&lg_graph, u->from, u->to);
    if (!id) {
        bool closes;
        id = lg_graph_add_edge(&lg_graph, u->from, u->to, &closes);
        if (!id)
            return 0;   /* full: the caller warns once the graph lock is released */
        struct lg_edge *e = lg_graph_edge(&lg_graph, id);
        struct lg_edge_more *m = lg_graph_edge_more(&lg_graph, id);
        e->to_stack = u->t ? u->now->id : u->to_stack;
        e->from_stack = u->t ? acquisition_stack(u->from_held, u->now) : u->from_stack;
        atomic_store(&e->thread, u->serial);
        unsigned ngate = 0, flags = (u->mode == LG_WRITE ? LG_EDGE_WRITE : 0) | era_bits(u->era);
        for (int i = 0; i < u->nheld && ngate < LG_EDGE_GATES; i++) {
            uint32_t g = use_held(u, i);
            if (g != u->from && g != u->to)
                atomic_store(&m->gate[ngate++], g);
        }
        if (ngate) {
            atomic_store(&m->ngate, ngate);
            flags |= LG_EDGE_GATED;
        }
        if (flags)
            atomic_fetch_or(&e->flags, flags);
        *changed = true;
        /* the first cycle: the search that follows must see every edge */
        if (closes && atomic_load(&deep_kept))
            make_kept_edges();
        return id;
    }
    struct lg_edge *e = lg_graph_edge(&lg_graph, id);
    struct lg_edge_more *m = lg_graph_edge_more(&lg_graph, id);
    unsigned flags = atomic_load(&e->flags);
    if (u->mode == LG_WRITE && !(flags & LG_EDGE_WRITE)) {
        atomic_fetch_or(&e->flags, LG_EDGE_WRITE);
        *changed = true;
    }
    if (!(flags & LG_EDGE_MANY_THREADS) && !edge_knows(&lg_graph, id, flags, u->serial, u->era)) {
        note_part(id, flags, u->serial, u->era);
        *changed = true;
    }
    unsigned ngate = edge_ngate(&lg_graph, id, flags), kept = 0;
    for (unsigned i = 0; i < ngate; i++) {
        uint32_t g = atomic_load(&m->gate[i]);
        if (use_holds(u, g))
            atomic_store(&m->gate[kept++], g);
    }
    if (kept != ngate) {
        atomic_store(&m->ngate, kept);
        *changed = true;
    }
    return id;
}

/* Under lg_graph_lock, once: every kept use becomes the edges it stands for,
 * in the order they were kept, as record_edge would have made them then.
 * Most agree with the order (they run along a path of edges made before),
 * but a use kept by an acquisition whose own direct edges are still to come
 * (this one, or another thread's between its two steps) may close a cycle
 * of its own: those are searched after the one that called for them. From
 * now on deep edges are made at once. */
static void make_kept_edges(void)
{
    atomic_store(&deep_kept, false);
    unsearched = lg_graph.nback;
    for (uint32_t i = 1; i <= lg_deep_nuses(); i++) {
        const struct lg_deep_use *k = lg_deep_use(i);
        const struct lg_deep_list *l = lg_deep_list(k->list);
        const uint32_t *ids = lg_deep_ids(l);
        const lg_stack_id *stacks = lg_deep_stacks(l);
        struct edge_use u = {.serial = l->serial, .era = l->era, .to = k->to, .mode = k->mode,
                             .held = ids, .nheld = (int)l->n, .to_stack = k->to_stack};
        for (int j = 0; j < (int)l->n - (int)lg_opt.direct_held; j++) {
            if (ids[j] == k->to)
                continue;
            u.from = ids[j];
            u.from_stack = stacks[j];
            bool changed;
            if (!record_edge(&u, &changed))
                deep_lost = true;
        }
    }
    unsearched_end = lg_graph.nback;
}

static struct lg_finding found;   /* guarded by lg_graph_lock */

/* Under lg_graph_lock, after edge id appeared or changed: the cycle it
 * closes that can deadlock, copied to t's scratch (not the stack: 2.6 KB),
 * or NULL; *notes_changed says whether the ruled-out cycles changed. Both go
 * out with report_search once the lock is released. */
static struct lg_finding *search_change(struct lg_thread *t, uint32_t id, bool *notes_changed)
{
    struct lg_finding *report = NULL;
    if (find_cycle_after_change(id, &found)) {
        report = lg_thread_scratch(t);
        if (report)
            *report = found;
    }
    *notes_changed = ruled_changed;
    ruled_changed = false;
    return report;
}

static void report_search(struct lg_finding *report, bool notes_changed)
{
    if (report)
        lg_report(report);
    if (notes_changed)
        lg_findings_notes_changed();
}

/* Searches the cycles kept uses closed when they became edges, one at a
 * time, reporting each that can deadlock. */
static void search_unsearched(struct lg_thread *t)
{
    for (;;) {
        lg_ilock_lock(&lg_graph_lock);
        if (unsearched >= unsearched_end) {
            lg_ilock_unlock(&lg_graph_lock);
            return;
        }
        bool notes_changed;
        struct lg_finding *report = search_change(t, lg_graph.back[unsearched++], &notes_changed);
        lg_ilock_unlock(&lg_graph_lock);
        report_search(report, notes_changed);
    }
}

/* This acquisition's stack into t->edge_stack, once per acquisition. */
static void capture_stack(struct lg_edge_stack *now, bool *captured)
{
    if (*captured)
        return;
    *captured = true;
    int same = now->id ? lg_stack_refresh(now->frames, now->cfas, now->n) : 0;
    if (same == 0)
        now->n = lg_stack_capture_cfa(now->frames, now->cfas, (int)lg_opt.stack_depth);
    if (same < 2) {
        now->id = lg_stack_put(now->frames, now->n);
        now->from_id = 0;
    }
}

/* t holds more than direct_held locks, the innermost one taken with edges
 * from every lock held then, so each deeper one already reaches lock along
 * edges: while the graph has no cycle, this use of the deeper ones is kept
 * (once per held list, lock and mode) rather than made into edges. True
 * when it is kept; false: make its edges now. */
static bool keep_deep_use(struct lg_thread *t, struct lg_lock *lock, int mode, bool *captured)
{
    int deep = t->nheld - (int)lg_opt.direct_held;
    if (deep <= 0 || t->held[t->nheld - 1].unlinked ||
        !atomic_load_explicit(&deep_kept, memory_order_relaxed))
        return false;
    for (int i = 0; i < deep; i++)
        if (t->held[i].lock == lock)
            return false;
    uint64_t chain = lg_chain_of(t, t->nheld);
    uint64_t key = lg_deep_use_key(chain, lock->id, mode);
    /* kept before (if made into edges since, they cover it as well) */
    if (lg_deep_has_use(key))
        return true;
    struct lg_edge_stack *now = &t->edge_stack;
    capture_stack(now, captured);
    bool kept = false;
    lg_ilock_lock(&lg_graph_lock);
    if (atomic_load(&deep_kept)) {
        /* lists and uses with this chain are this thread's own: none appeared meanwhile */
        uint32_t list = lg_deep_find_list(chain);
        if (!list && (list = lg_deep_add_list(chain, t->serial, t->era, (uint32_t)t->nheld))) {
            const struct lg_deep_list *l = lg_deep_list(list);
            uint32_t *ids = lg_deep_ids(l);
            lg_stack_id *stacks = lg_deep_stacks(l);
            for (int i = 0; i < t->nheld; i++) {
                ids[i] = t->held[i].lock->id;
                stacks[i] = i < deep ? acquisition_stack(&t->held[i], now) : 0;
            }
        }
        struct lg_deep_use u = {key, list, lock->id, now->id, (uint8_t)mode};
        kept = list && lg_deep_add_use(&u);
    }
    lg_ilock_unlock(&lg_graph_lock);
    return kept;
}

bool lg_order_note_acquire(struct lg_thread *t, struct lg_lock *lock, int mode)
{
    struct lg_edge_stack *now = &t->edge_stack;
    bool captured = false, covered = true;
    int first = keep_deep_use(t, lock, mode, &captured) ? t->nheld - (int)lg_opt.direct_held : 0;
    for (int i = first; i < t->nheld; i++) {
        const struct lg_held *h = &t->held[i];
        if (h->lock == lock) {
            covered = false;
            continue;
        }
        if (lg_edge_final(t, lg_edge_key(h->lock->id, lock->id)))
            continue;
        uint32_t id = lg_graph_find_edge(&lg_graph, h->lock->id, lock->id);
        if (LG_LIKELY(id && edge_covers(id, t, mode))) {
            note_if_final(t, id, h->lock->id, lock->id);
            continue;
        }
        /* slow path: new edge, or one this thread/mode/gate set widens; only
         * a new edge keeps a stack (edges are never removed, so one found
         * now is still there under the lock) */
        if (!id)
            capture_stack(now, &captured);
        struct lg_finding *report = NULL;
        struct edge_use u = {.serial = t->serial, .era = t->era, .from = h->lock->id, .to = lock->id,
                             .mode = mode, .t = t, .from_held = h, .now = now, .nheld = t->nheld};
        bool changed, notes_changed = false;
        lg_ilock_lock(&lg_graph_lock);
        uint32_t edge = record_edge(&u, &changed);
        if (edge && changed)
            report = search_change(t, edge, &notes_changed);
        bool lost = deep_lost, more = unsearched < unsearched_end;
        lg_ilock_unlock(&lg_graph_lock);
        covered = covered && edge;
        if ((!edge || lost) && !atomic_exchange(&warned_full, 1))
            lg_warn("lock-order graph full (max_edges=%ld or max_locks=%ld): new lock "
                    "orders are not checked; coverage is reduced", lg_opt.max_edges, lg_opt.max_locks);
        report_search(report, notes_changed);
        if (more)
            search_unsearched(t);
    }
    return covered;
}
