#include "lock_graph.h"
#include "memory.h"

#include <string.h>
#include <sys/mman.h>

/* MurmurHash3's 64-bit finaliser: both multiplications are needed, with one
 * the low bits of small ids collide and probe chains grow long. */
#define RADIX_BITS 11                /* the reorder's radix sort: 2 passes up to 4M locks */
#define RADIX_SIZE (1u << RADIX_BITS)

static inline uint32_t edge_hash(uint32_t from, uint32_t to)
{
    uint64_t k = ((uint64_t)from << 32) | to;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return (uint32_t)k;
}

static struct lg_edge_hash *new_hash(uint32_t size)
{
    struct lg_edge_hash *h = lg_map(sizeof *h + (size_t)size * sizeof(atomic_uint));
    if (h)
        h->mask = size - 1;
    return h;
}

static void hash_insert(struct lg_edge_hash *h, const struct lg_edge *e, uint32_t id)
{
    for (uint32_t i = edge_hash(e->from, e->to) & h->mask;; i = (i + 1) & h->mask) {
        if (atomic_load_explicit(&h->slot[i], memory_order_relaxed) == 0) {
            atomic_store_explicit(&h->slot[i], id, memory_order_release);
            return;
        }
    }
}

/* Edges into one node that lg_graph_find_edge walks before it asks the hash.
 * Only the edges of nodes with more in-edges than this are in the hash. */
#define SHORT_IN_LIST 4

/* Before up to n more edges go in: keeps the table at most half full. False
 * when no bigger table can be mapped (then the edge is not added). */
static bool hash_make_room(struct lg_graph *g, uint32_t n)
{
    struct lg_edge_hash *h = atomic_load_explicit(&g->hash, memory_order_relaxed);
    if ((uint64_t)(g->nhashed + n) * 2 <= (uint64_t)h->mask + 1)
        return true;
    struct lg_edge_hash *bigger = new_hash((h->mask + 1) * 2);
    if (!bigger)
        return false;
    uint32_t last = atomic_load_explicit(&g->nedges, memory_order_relaxed);
    for (uint32_t old = 1; old <= last; old++)
        if (atomic_load_explicit(&g->edges[old].flags, memory_order_relaxed) & LG_EDGE_HASHED)
            hash_insert(bigger, &g->edges[old], old);
    atomic_store_explicit(&g->hash, bigger, memory_order_release);
    return true;
}

static void hash_add(struct lg_graph *g, uint32_t id)
{
    atomic_fetch_or_explicit(&g->edges[id].flags, LG_EDGE_HASHED, memory_order_relaxed);
    g->nhashed++;
    hash_insert(atomic_load_explicit(&g->hash, memory_order_relaxed), &g->edges[id], id);
}

/* New edge id heads its target's in-list: into the hash when the list is
 * long, with the older ones when it has just become long. */
static void hash_if_long(struct lg_graph *g, uint32_t id)
{
    uint32_t e = id;
    for (int n = 0; n < SHORT_IN_LIST && e; n++)
        e = g->edges[e].next_in;
    if (!e)
        return;
    if (!(atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_HASHED))
        for (uint32_t old = g->edges[id].next_in; old; old = g->edges[old].next_in)
            hash_add(g, old);
    hash_add(g, id);
}

static bool label_set_init(struct lg_label_set *x, uint32_t size);

int lg_graph_init(struct lg_graph *g, uint32_t max_nodes, uint32_t max_edges)
{
    memset(g, 0, sizeof *g);
    g->max_nodes = max_nodes;
    g->max_edges = max_edges;
    size_t n = (size_t)max_nodes + 1;
    g->ord = lg_map(n * sizeof(uint64_t));
    g->out_head = lg_map(n * sizeof(uint32_t));
    g->in_head = lg_map(n * sizeof(uint32_t));
    g->mark = lg_map(n * sizeof(uint32_t));
    g->work = lg_map(n * sizeof(uint32_t) * 2);
    g->fwd = lg_map(n * sizeof(uint32_t));
    g->bwd = lg_map(n * sizeof(uint32_t));
    g->ords = lg_map(n * sizeof(uint64_t));
    g->place_max = 64;
    g->count = lg_map(RADIX_SIZE * sizeof(uint32_t));
    g->edges = lg_map(((size_t)max_edges + 1) * sizeof(struct lg_edge));
    g->more = lg_map(((size_t)max_edges + 1) * sizeof(struct lg_edge_more));
    atomic_store(&g->hash, new_hash(1024));
    g->max_back = max_edges < 65536 ? max_edges : 65536;
    g->back = lg_map(((size_t)g->max_back + 1) * sizeof(uint32_t));
    if (!g->ord || !g->out_head || !g->in_head || !g->mark || !g->work || !g->fwd ||
        !g->bwd || !g->ords || !g->count || !g->edges || !g->more || !g->hash || !g->back ||
        !label_set_init(&g->placed_labels, 256))
        return -1;
    return 0;
}

bool lg_graph_add_node(struct lg_graph *g, uint32_t node)
{
    if (node == 0 || node > g->max_nodes)
        return false;
    while (g->nnodes < node) {
        g->nnodes++;
        g->ord[g->nnodes] = ++g->next_ord * LG_ORD_SPACING;
    }
    return true;
}

uint32_t lg_graph_find_edge(const struct lg_graph *g, uint32_t from, uint32_t to)
{
    /* Most nodes have few edges in, and a lock just created has none: the
     * walk of its in-list reads memory near recent work, where a hash slot is
     * a cache miss anywhere in the table. */
    if (to == 0 || to > g->max_nodes)
        return 0;
    uint32_t e = __atomic_load_n(&g->in_head[to], __ATOMIC_ACQUIRE);
    for (int n = 0; e && n < SHORT_IN_LIST; n++, e = g->edges[e].next_in)
        if (g->edges[e].from == from)
            return e;
    if (!e)
        return 0;
    struct lg_edge_hash *h = atomic_load_explicit(&g->hash, memory_order_acquire);
    for (uint32_t i = edge_hash(from, to) & h->mask;; i = (i + 1) & h->mask) {
        uint32_t id = atomic_load_explicit(&h->slot[i], memory_order_acquire);
        if (id == 0)
            return 0;
        const struct lg_edge *e = &g->edges[id];
        if (e->from == from && e->to == to)
            return id;
    }
}

static bool new_epoch(struct lg_graph *g)
{
    if (++g->epoch == 0) {
        memset(g->mark, 0, ((size_t)g->nnodes + 1) * sizeof(uint32_t));
        g->epoch = 1;
    }
    return true;
}

/* Forward search from start over DAG edges, through nodes ordered before ub.
 * Returns true when target is reached. Visited nodes go to g->fwd. */
static bool search_forward(struct lg_graph *g, uint32_t start, uint32_t target, uint64_t ub)
{
    uint32_t top = 0;
    g->nfwd = 0;
    g->work[top++] = start;
    g->mark[start] = g->epoch;
    while (top) {
        uint32_t n = g->work[--top];
        g->fwd[g->nfwd++] = n;
        for (uint32_t e = g->out_head[n]; e; e = g->edges[e].next_out) {
            if (!(atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_IN_DAG))
                continue;
            uint32_t w = g->edges[e].to;
            if (w == target)
                return true;
            if (g->mark[w] != g->epoch && g->ord[w] < ub) {
                g->mark[w] = g->epoch;
                g->work[top++] = w;
            }
        }
    }
    return false;
}

static void search_backward(struct lg_graph *g, uint32_t start, uint64_t lb)
{
    uint32_t top = 0;
    g->nbwd = 0;
    g->work[top++] = start;
    g->mark[start] = g->epoch;
    while (top) {
        uint32_t n = g->work[--top];
        g->bwd[g->nbwd++] = n;
        for (uint32_t e = g->in_head[n]; e; e = g->edges[e].next_in) {
            if (!(atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_IN_DAG))
                continue;
            uint32_t w = g->edges[e].from;
            if (g->mark[w] != g->epoch && g->ord[w] > lb) {
                g->mark[w] = g->epoch;
                g->work[top++] = w;
            }
        }
    }
}

/* Sorts a[0..n) by their ord: insertion sort for a few, else an LSD radix
 * sort through tmp (room for n) and g->count, in the number of 11-bit
 * passes the largest ord needs. A reorder can move thousands of nodes (a
 * hand-over-hand list whose nodes die and are made anew reaches far), where
 * a comparison sort took most of the time. No allocation, bounded stack. */
static void sort_by_ord(struct lg_graph *g, uint32_t *a, uint32_t n, uint32_t *tmp)
{
    const uint64_t *key = g->ord;
    if (n < 48) {
        for (uint32_t i = 1; i < n; i++) {
            uint32_t x = a[i], j = i;
            uint64_t k = key[x];
            for (; j > 0 && key[a[j - 1]] > k; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    uint64_t max = 0;
    for (uint32_t i = 0; i < n; i++)
        if (key[a[i]] > max)
            max = key[a[i]];
    uint32_t *from = a, *to = tmp;
    for (unsigned shift = 0; shift < 64 && (max >> shift) != 0; shift += RADIX_BITS) {
        uint32_t *count = g->count;
        memset(count, 0, RADIX_SIZE * sizeof *count);
        for (uint32_t i = 0; i < n; i++)
            count[(key[from[i]] >> shift) & (RADIX_SIZE - 1)]++;
        for (uint32_t d = 0, sum = 0; d < RADIX_SIZE; d++) {
            uint32_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (uint32_t i = 0; i < n; i++)
            to[count[(key[from[i]] >> shift) & (RADIX_SIZE - 1)]++] = from[i];
        uint32_t *t = from;
        from = to;
        to = t;
    }
    if (from != a)
        memcpy(a, from, n * sizeof *a);
}

/* Pearce-Kelly reorder: the nodes that must come before from (bwd) take the
 * smallest of the freed positions, those reachable from to (fwd) the rest.
 * The positions are the two sets' ords, each sorted with its set: merged. */
static void reorder(struct lg_graph *g)
{
    sort_by_ord(g, g->bwd, g->nbwd, g->work);
    sort_by_ord(g, g->fwd, g->nfwd, g->work);
    uint32_t n = 0, i = 0, j = 0;
    while (i < g->nbwd || j < g->nfwd) {
        if (j == g->nfwd || (i < g->nbwd && g->ord[g->bwd[i]] < g->ord[g->fwd[j]]))
            g->ords[n++] = g->ord[g->bwd[i++]];
        else
            g->ords[n++] = g->ord[g->fwd[j++]];
    }
    n = 0;
    for (i = 0; i < g->nbwd; i++)
        g->ord[g->bwd[i]] = g->ords[n++];
    for (i = 0; i < g->nfwd; i++)
        g->ord[g->fwd[i]] = g->ords[n++];
}

/* ---- the placed labels: which non-multiples of LG_ORD_SPACING are taken ---- */

#define LABEL_GONE UINT64_MAX

static bool label_set_init(struct lg_label_set *x, uint32_t size)
{
    x->slot = lg_map(size * sizeof *x->slot);
    x->mask = size - 1;
    x->used = 0;
    return x->slot != NULL;
}

static uint32_t label_slot(uint64_t label)
{
    return (uint32_t)((label * 0x9e3779b97f4a7c15ull) >> 32);
}

static bool label_taken(const struct lg_label_set *x, uint64_t label)
{
    for (uint32_t i = label_slot(label) & x->mask;; i = (i + 1) & x->mask) {
        if (x->slot[i] == label)
            return true;
        if (x->slot[i] == 0)
            return false;
    }
}

static void label_put(struct lg_label_set *x, uint64_t label)
{
    uint32_t i = label_slot(label) & x->mask;
    while (x->slot[i] != 0 && x->slot[i] != LABEL_GONE)
        i = (i + 1) & x->mask;
    if (x->slot[i] == 0)
        x->used++;
    x->slot[i] = label;
}

static void label_drop(struct lg_label_set *x, uint64_t label)
{
    if (label % LG_ORD_SPACING == 0)
        return;                     /* a new node's: never given out again */
    for (uint32_t i = label_slot(label) & x->mask; x->slot[i] != 0; i = (i + 1) & x->mask)
        if (x->slot[i] == label) {
            x->slot[i] = LABEL_GONE;
            return;
        }
}

/* Room for n more; removed ones are left behind when it grows. */
static bool label_room(struct lg_label_set *x, uint32_t n)
{
    if ((uint64_t)(x->used + n) * 2 <= (uint64_t)x->mask + 1)
        return true;
    uint32_t live = 0;
    for (uint32_t i = 0; i <= x->mask; i++)
        live += x->slot[i] != 0 && x->slot[i] != LABEL_GONE;
    uint32_t size = x->mask + 1;
    while ((uint64_t)(live + n) * 4 > size)
        size *= 2;
    struct lg_label_set bigger;
    if (!label_set_init(&bigger, size))
        return false;
    for (uint32_t i = 0; i <= x->mask; i++)
        if (x->slot[i] != 0 && x->slot[i] != LABEL_GONE)
            label_put(&bigger, x->slot[i]);
    munmap(x->slot, ((size_t)x->mask + 1) * sizeof *x->slot);
    *x = bigger;
    return true;
}

/* Edge from -> to goes against the order (ord[to] < ord[from]). When the
 * nodes that reach from with an order above to's are few (a new lock linked
 * in front of an old one: just itself), they move to free labels just below
 * to, in their order, above every other node that reaches them: then nothing
 * downstream of to is searched or moved (Pearce-Kelly would move all of it,
 * in a hand-over-hand list every node after the new one, freed ones too).
 * Returns 1 when placed, -1 when from is reachable from to (a cycle), 0 when
 * not possible here (too many, or no free labels): reorder instead. */
static int place_before(struct lg_graph *g, uint32_t from, uint32_t to)
{
    uint64_t lb = g->ord[to];
    uint32_t n = 0;
    g->bwd[n++] = from;
    g->mark[from] = g->epoch;
    for (uint32_t k = 0; k < n; k++) {
        for (uint32_t e = g->in_head[g->bwd[k]]; e; e = g->edges[e].next_in) {
            if (!(atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_IN_DAG))
                continue;
            uint32_t w = g->edges[e].from;
            if (w == to)
                return -1;
            if (g->mark[w] == g->epoch || g->ord[w] < lb)
                continue;
            if (n == g->place_max)
                return 0;
            g->mark[w] = g->epoch;
            g->bwd[n++] = w;
        }
    }
    /* the highest order among those that reach them from outside */
    uint64_t floor = 0;
    for (uint32_t k = 0; k < n; k++)
        for (uint32_t e = g->in_head[g->bwd[k]]; e; e = g->edges[e].next_in) {
            uint32_t w = g->edges[e].from;
            if ((atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_IN_DAG) &&
                g->mark[w] != g->epoch && g->ord[w] > floor)
                floor = g->ord[w];
        }
    /* free labels in (floor, lb): from a sixteenth of the way down, down,
     * then up. A node replaced again and again in one place (freed, a new
     * one linked in) takes the labels below its last, thousands of times;
     * a node placed between two placed ones still finds room many levels deep. */
    uint64_t *labels = g->ords, start = lb - 1 - (lb - floor - 1) / 16;
    uint32_t found = 0, probes = 4 * n + 64;
    for (uint64_t c = start; c > floor && found < n && probes; c--, probes--)
        if (c % LG_ORD_SPACING != 0 && !label_taken(&g->placed_labels, c))
            labels[found++] = c;
    for (uint64_t c = start + 1; c < lb && found < n && probes; c++, probes--)
        if (c % LG_ORD_SPACING != 0 && !label_taken(&g->placed_labels, c))
            labels[found++] = c;
    if (found < n || !label_room(&g->placed_labels, n))
        return 0;
    for (uint32_t i = 1; i < n; i++)          /* ascending (n is small) */
        for (uint32_t j = i; j > 0 && labels[j - 1] > labels[j]; j--) {
            uint64_t t = labels[j];
            labels[j] = labels[j - 1];
            labels[j - 1] = t;
        }
    sort_by_ord(g, g->bwd, n, g->work);
    for (uint32_t k = 0; k < n; k++) {
        label_drop(&g->placed_labels, g->ord[g->bwd[k]]);
        g->ord[g->bwd[k]] = labels[k];
        label_put(&g->placed_labels, labels[k]);
    }
    return 1;
}

uint32_t lg_graph_add_edge(struct lg_graph *g, uint32_t from, uint32_t to, bool *closes_cycle)
{
    *closes_cycle = false;
    uint32_t id = atomic_load_explicit(&g->nedges, memory_order_relaxed) + 1;
    if (id > g->max_edges || from == to || !lg_graph_add_node(g, from > to ? from : to) ||
        !hash_make_room(g, SHORT_IN_LIST + 1))
        return 0;
    struct lg_edge *e = &g->edges[id];
    e->from = from;
    e->to = to;
    e->next_out = g->out_head[from];
    e->next_in = g->in_head[to];
    g->out_head[from] = id;
    __atomic_store_n(&g->in_head[to], id, __ATOMIC_RELEASE);   /* read by lg_graph_find_edge */

    uint64_t lb = g->ord[to], ub = g->ord[from];
    unsigned flags = LG_EDGE_IN_DAG;
    int placed = 0;
    if (lb < ub && g->place_max) {
        new_epoch(g);
        placed = place_before(g, from, to);
    }
    if (lb < ub && placed <= 0) {
        new_epoch(g);
        if (placed < 0 || search_forward(g, to, from, ub)) {
            *closes_cycle = true;
            flags = 0;
            if (g->nback < g->max_back)
                g->back[g->nback++] = id;
        } else {
            search_backward(g, from, lb);
            reorder(g);
        }
    }
    atomic_fetch_or_explicit(&e->flags, flags, memory_order_relaxed);
    atomic_store_explicit(&g->nedges, id, memory_order_relaxed);
    /* publish last: lock-free readers see a complete edge */
    hash_if_long(g, id);
    return id;
}

struct path_state {
    uint32_t node;
    uint32_t next_edge;
};

int lg_graph_paths(struct lg_graph *g, uint32_t src, uint32_t dst, int max_paths,
                   lg_path_fn visit, void *ctx)
{
    if (src == 0 || dst == 0 || src > g->nnodes || dst > g->nnodes)
        return 0;
    uint64_t lo = g->ord[src], hi = g->ord[dst];
    if (src != dst && lo > hi)
        return 0;
    /* Depth-first over simple paths; in a DAG every path is simple. Nodes on
     * a path src ~> dst have orders in [lo, hi], which bounds the search. */
    struct path_state stack[LG_MAX_CYCLE];
    uint32_t path[LG_MAX_CYCLE];
    int depth = 0, found = 0;
    long budget = 100000;     /* edge visits: keeps pathological graphs cheap */
    stack[0] = (struct path_state){src, g->out_head[src]};
    while (depth >= 0 && found < max_paths && budget-- > 0) {
        struct path_state *s = &stack[depth];
        uint32_t e = s->next_edge;
        if (!e) {
            depth--;
            continue;
        }
        s->next_edge = g->edges[e].next_out;
        if (!(atomic_load_explicit(&g->edges[e].flags, memory_order_relaxed) & LG_EDGE_IN_DAG))
            continue;
        uint32_t w = g->edges[e].to;
        path[depth] = e;
        if (w == dst) {
            found++;
            if (visit(path, depth + 1, ctx))
                break;
            continue;
        }
        if (g->ord[w] > hi || depth + 1 >= LG_MAX_CYCLE - 1)
            continue;
        depth++;
        stack[depth] = (struct path_state){w, g->out_head[w]};
    }
    return found;
}

bool lg_graph_order_is_valid(const struct lg_graph *g)
{
    uint32_t n = atomic_load(&g->nedges);
    for (uint32_t id = 1; id <= n; id++) {
        const struct lg_edge *e = &g->edges[id];
        if ((atomic_load(&e->flags) & LG_EDGE_IN_DAG) && g->ord[e->from] >= g->ord[e->to])
            return false;
    }
    return true;
}
