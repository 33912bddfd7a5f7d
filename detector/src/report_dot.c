/* The lock-order graph as Graphviz DOT: one node per lock that has an edge,
 * one arrow per "held A while taking B", cycles that were reported in red. */
#include "lockgraph.h"
#include "report.h"

#define DOT_MAX_EDGES 5000

void lg_print_dot(struct lg_out *o)
{
    uint32_t n = atomic_load(&lg_graph.nedges);
    lg_out_str(o, "digraph lockgraph {\n  node [shape=box, fontname=\"monospace\"];\n");
    if (n > DOT_MAX_EDGES)
        lg_out_printf(o, "  // %u edges: only the first %d and every reported cycle are drawn\n",
                      n, DOT_MAX_EDGES);
    for (uint32_t id = 1; id <= n; id++) {
        const struct lg_edge *e = lg_graph_edge(&lg_graph, id);
        int in_cycle = lg_edge_in_reported_cycle(e->from, e->to);
        if (id > DOT_MAX_EDGES && !in_cycle)
            continue;
        lg_out_str(o, "  ");
        lg_out_json_str(o, lg_lock_label(e->from));
        lg_out_str(o, " -> ");
        lg_out_json_str(o, lg_lock_label(e->to));
        if (in_cycle)
            lg_out_str(o, " [color=red, penwidth=2]");
        else if (!(atomic_load(&e->flags) & LG_EDGE_WRITE))
            lg_out_str(o, " [style=dashed]");
        lg_out_str(o, ";\n");
    }
    lg_out_str(o, "}\n");
}
