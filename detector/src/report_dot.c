/* The lock-order graph as Graphviz DOT: one node per lock that has an edge,
 * keyed by the lock's identity (two locks with one label stay two boxes) and
 * labelled with its name, one arrow per "held A while taking B", cycles that
 * were reported in red. */
#include "lockgraph.h"
#include "memory.h"
#include "report.h"

#include <string.h>

#define DOT_MAX_EDGES 5000

/* A bit per lock id: declared in this graph. Mapped once, cleared per graph
 * (a forked child writes its own). */
static uint8_t *declared;
static uint32_t capacity;

/* Declares lock id once. */
static void node(struct lg_out *o, uint32_t id)
{
    if (declared && id < capacity) {
        if (declared[id / 8] & (1u << (id % 8)))
            return;
        declared[id / 8] |= (uint8_t)(1u << (id % 8));
    }
    lg_out_printf(o, "  n%u [label=", id);
    lg_out_json_str(o, lg_lock_label(id));
    lg_out_str(o, "];\n");
}

void lg_print_dot(struct lg_out *o)
{
    uint32_t n = atomic_load(&lg_graph.nedges);
    if (!declared) {
        capacity = (uint32_t)lg_opt.max_locks + 1;
        declared = lg_map(capacity / 8 + 1);
    } else {
        memset(declared, 0, capacity / 8 + 1);
    }
    lg_out_str(o, "digraph lockgraph {\n  node [shape=box, fontname=\"monospace\"];\n");
    if (n > DOT_MAX_EDGES)
        lg_out_printf(o, "  // %u edges: only the first %d and every reported cycle are drawn\n",
                      n, DOT_MAX_EDGES);
    for (uint32_t id = 1; id <= n; id++) {
        const struct lg_edge *e = lg_graph_edge(&lg_graph, id);
        int in_cycle = lg_edge_in_reported_cycle(e->from, e->to);
        if (id > DOT_MAX_EDGES && !in_cycle)
            continue;
        node(o, e->from);
        node(o, e->to);
        lg_out_printf(o, "  n%u -> n%u", e->from, e->to);
        if (in_cycle)
            lg_out_str(o, " [color=red, penwidth=2]");
        else if (!(atomic_load(&e->flags) & LG_EDGE_WRITE))
            lg_out_str(o, " [style=dashed]");
        lg_out_str(o, ";\n");
    }
    lg_out_str(o, "}\n");
}
