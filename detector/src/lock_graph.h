/* The lock-order graph: nodes are lock ids, edges "held A while acquiring B".
 * Cycles are detected as edges arrive with an incremental topological order
 * (Pearce & Kelly, "A dynamic topological sort algorithm for directed acyclic
 * graphs", JEA 2006): an edge that agrees with the order costs nothing, one that
 * does not searches only the nodes whose order lies between its two ends, and
 * when the side that must come first is a few nodes, only moves those
 * (place_before in lock_graph.c).
 * An edge that closes a cycle is kept, but outside the acyclic part (the "DAG"),
 * as a back edge; cycles are then read as a DAG path plus that back edge.
 *
 * Lookups of existing edges are lock-free; every other call needs the caller
 * to serialise (the detector holds lg_graph_lock). */
#ifndef LOCK_GRAPH_H
#define LOCK_GRAPH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define LG_EDGE_THREADS 4    /* distinct threads remembered per edge (the maker, then more->threads) */
#define LG_EDGE_GATES 4      /* locks held across every use of the edge */
#define LG_MAX_CYCLE 32      /* longest cycle reported */

enum {
    LG_EDGE_IN_DAG = 1u << 0,
    LG_EDGE_WRITE = 1u << 1,        /* the target was taken for writing at least once */
    LG_EDGE_MANY_THREADS = 1u << 2, /* more threads than the edge remembers */
    LG_EDGE_HASHED = 1u << 3,       /* in the hash (its target has many in-edges) */
    LG_EDGE_SHARED = 1u << 4,       /* a thread besides the maker: see more->threads */
    LG_EDGE_GATED = 1u << 5,        /* made with gate locks held: see more->gate */
    LG_EDGE_LATER = 1u << 6,        /* the maker used it in a later era too: see more->last[0] */
};
/* The bits above these flags: the maker's era when it made the edge (see
 * struct lg_thread's era), up to LG_EDGE_ERA_MAX (then at least that). */
#define LG_EDGE_ERA_SHIFT 8
#define LG_EDGE_ERA_MAX 0xffffffu

/* 32 bytes, two per cache line: most edges are made by one thread with no
 * other lock held, and then their struct lg_edge_more is never touched. */
struct lg_edge {
    uint32_t from, to;
    uint32_t next_out, next_in;     /* lists of all edges by endpoint */
    atomic_uint flags;
    atomic_uint thread;             /* serial of the thread that made it */
    uint32_t to_stack;              /* where the target was acquired */
    uint32_t from_stack;            /* where the source was acquired */
};
_Static_assert(sizeof(struct lg_edge) == 32, "two edges per cache line");

/* The rest of an edge, by the same id, read only when its flags say so. */
struct lg_edge_more {
    atomic_uint threads[LG_EDGE_THREADS - 1]; /* other thread serials, 0 = empty */
    atomic_uint ngate;
    atomic_uint gate[LG_EDGE_GATES];          /* lock ids */
    /* Eras (struct lg_thread) in which the threads used the edge: the first
     * of each of threads[] (the maker's is in the flags), and the last one
     * plus 1 of the maker (with LG_EDGE_LATER) and of threads[] (0: the
     * first). Acquisitions ordered by thread creation and join cannot deadlock. */
    atomic_uint first[LG_EDGE_THREADS - 1];
    atomic_uint last[LG_EDGE_THREADS];
};

#define LG_ORD_SPACING (1ull << 16)

/* Labels in use that are not multiples of LG_ORD_SPACING: open addressing,
 * 0 empty, UINT64_MAX a removed one; doubled when half used. */
struct lg_label_set {
    uint64_t *slot;
    uint32_t mask, used;            /* used: labels and removed ones */
};

struct lg_edge_hash {
    uint32_t mask;
    atomic_uint slot[];
};

struct lg_graph {
    uint32_t max_nodes, max_edges;
    uint32_t nnodes;                /* node ids are 1 .. nnodes */
    atomic_uint nedges;             /* edge ids are 1 .. nedges */
    /* ord: each node's place in the topological order, unique. A new node
     * takes the next multiple of LG_ORD_SPACING; the labels between are for
     * moving a few nodes just before another (lock_graph.c: place_before),
     * and placed_labels says which of those are taken. */
    uint64_t next_ord;
    uint64_t *ord;
    uint32_t *out_head, *in_head, *mark;
    uint32_t epoch;
    struct lg_edge *edges;
    struct lg_edge_more *more;      /* by edge id, beside edges */
    /* edge ids by (from, to) of the edges into nodes with many in-edges (the
     * others are found by their target's in-list), open addressing; replaced
     * by one twice the size when half full. Old tables stay mapped: a lock-free reader may still be
     * in one, and finding no edge there only sends it to the locked path. */
    struct lg_edge_hash *_Atomic hash;
    uint32_t *work, *fwd, *bwd;      /* scratch, max_nodes each */
    uint64_t *ords;                 /* scratch, max_nodes */
    struct lg_label_set placed_labels;
    uint32_t place_max;             /* most nodes moved by placing (0: always reorder) */
    uint32_t *count;                /* scratch of the radix sort */
    uint32_t nfwd, nbwd;
    uint32_t nhashed;               /* edges in the hash */
    uint32_t *back;                 /* ids of back edges */
    uint32_t nback, max_back;
};

/* Maps the graph's tables; 0 on success. */
int lg_graph_init(struct lg_graph *g, uint32_t max_nodes, uint32_t max_edges);
/* Makes node ids up to and including node usable; false when over capacity. */
bool lg_graph_add_node(struct lg_graph *g, uint32_t node);
/* Lock-free: the id of edge from->to, or 0. */
uint32_t lg_graph_find_edge(const struct lg_graph *g, uint32_t from, uint32_t to);
/* Adds from->to (not already present, from != to). Returns its id, or 0 when
 * the edge table is full. *closes_cycle says whether a path to ~> from existed,
 * in which case the edge became a back edge. */
uint32_t lg_graph_add_edge(struct lg_graph *g, uint32_t from, uint32_t to, bool *closes_cycle);
/* Calls visit for up to max_paths distinct DAG paths src ~> dst (edge ids, in
 * order), stopping early when visit returns true. Returns the number visited. */
typedef bool (*lg_path_fn)(const uint32_t *edges, int len, void *ctx);
int lg_graph_paths(struct lg_graph *g, uint32_t src, uint32_t dst, int max_paths,
                   lg_path_fn visit, void *ctx);
static inline struct lg_edge *lg_graph_edge(const struct lg_graph *g, uint32_t id)
{
    return &g->edges[id];
}
static inline struct lg_edge_more *lg_graph_edge_more(const struct lg_graph *g, uint32_t id)
{
    return &g->more[id];
}
/* For tests: true when ord is a topological order of the DAG edges. */
bool lg_graph_order_is_valid(const struct lg_graph *g);

#endif
