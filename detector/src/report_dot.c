/* The lock-order graph as Graphviz DOT: one node per lock that has an edge,
 * keyed by the lock's identity (two locks with one label stay two boxes) and
 * labelled with its name, one arrow per "held A while taking B" labelled with
 * the thread that made it and where it took B ("T2 thread2 abba.c:46"), the
 * reported cycles and their locks in red and bold. A deadlock the detector
 * saw adds its wait-for graph as a cluster of its own: thread -> lock it
 * waits for -> thread that holds it, around the cycle.
 *
 * Runs at exit or when a deadlock ends the process, under lg_report_lock
 * and lg_graph_lock: no malloc (the scratch is mapped), bounded output. */
#include "lockgraph.h"
#include "memory.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

#define DOT_MAX_EDGES 5000
#define SITE_SLOTS 512          /* acquisition sites remembered, by stack id */
#define SITE_TEXT 120

/* A bit per lock id: declared in this graph. Mapped once, cleared per graph
 * (a forked child writes its own). */
static uint8_t *declared;
static uint32_t capacity;

/* Many edges share an acquisition site (one loop, many locks): its text is
 * made once per graph, not symbolized again per edge. */
struct site {
    uint32_t stack;
    int fnlen;                  /* the function's part of text */
    char text[SITE_TEXT];
};
static struct site *sites;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Symbolizer queries one graph may make: past them, edges name the thread
 * only (a graph of thousands of distinct call sites must still end quickly);
 * a reported cycle's edges and a deadlock's threads are always named. */
#define SITE_QUERIES 2000
static int queries_left;

/* "thread2 abba.c:46": the first frame of stack in the program's own code,
 * symbolized frame by frame only as far as that frame. */
static const struct site *site_of(uint32_t stack, bool always)
{
    struct site *s = sites ? &sites[stack % SITE_SLOTS] : NULL;
    if (s && s->stack == stack && stack)
        return s;
    static struct site alone;
    static struct lg_sym syms[8];
    struct site *out = s ? s : &alone;
    out->text[0] = '\0';
    out->fnlen = 0;
    const uintptr_t *pcs;
    int n = stack ? lg_stack_get(stack, &pcs) : 0;
    const struct lg_sym *found = NULL;
    int i = 0;
    for (; i < n && !found && (always || queries_left > 0); i++, queries_left--) {
        int got = lg_symbolize(pcs[i], syms, 8);
        for (int j = 0; j < got && !found; j++)
            if (!lg_sym_is_system(&syms[j]))
                found = &syms[j];
    }
    if (found) {
        const char *fn = found->function[0] ? found->function : "?";
        int len = snprintf(out->text, SITE_TEXT, "%.60s", fn);
        out->fnlen = len < SITE_TEXT ? len : SITE_TEXT - 1;
        snprintf(out->text + out->fnlen, SITE_TEXT - (size_t)out->fnlen, " %.40s:%d",
                 base_name(found->file), found->line);
    }
    /* remembered once known: a search cut short by the budget is not, so a
     * cycle's edge at the same site is still named */
    out->stack = found || i == n ? stack : 0;
    return out;
}

/* Whether lock id is an end of an edge of a reported lock-order cycle. */
static bool in_reported_cycle(const struct lg_finding *kept, int nkept, uint32_t id)
{
    for (int i = 0; i < nkept; i++) {
        if (kept[i].kind != LG_K_LOCK_ORDER_INVERSION)
            continue;
        for (int j = 0; j < kept[i].nedges; j++)
            if (kept[i].edges[j].from == id || kept[i].edges[j].to == id)
                return true;
    }
    return false;
}

/* Declares lock id once; red and bold when it is in a reported cycle. */
static void node(struct lg_out *o, uint32_t id, const struct lg_finding *kept, int nkept)
{
    if (declared && id < capacity) {
        if (declared[id / 8] & (1u << (id % 8)))
            return;
        declared[id / 8] |= (uint8_t)(1u << (id % 8));
    }
    lg_out_printf(o, "  n%u [label=", id);
    lg_out_json_str(o, lg_lock_label(id));
    if (in_reported_cycle(kept, nkept, id))
        lg_out_str(o, ", color=red, fontcolor=red, style=bold, penwidth=2");
    lg_out_str(o, "];\n");
}

/* "T2 thread2 abba.c:46", quoted. */
static void edge_label(struct lg_out *o, uint32_t thread, uint32_t stack, bool in_cycle)
{
    char tl[16], label[SITE_TEXT + 24];
    lg_thread_label(thread, tl, sizeof tl);
    const char *site = site_of(stack, in_cycle)->text;
    snprintf(label, sizeof label, "%s%s%s", tl, site[0] ? " " : "", site);
    lg_out_json_str(o, label);
}

static void thread_node(struct lg_out *o, int k, const struct lg_finding_thread *t)
{
    char tl[16], label[SITE_TEXT + 24];
    lg_thread_label(t->serial, tl, sizeof tl);
    /* where it waits names the thread for a student: "T1 thread1" */
    const struct site *site = site_of(t->stack, true);
    snprintf(label, sizeof label, "%s%s%.*s", tl, site->fnlen ? " " : "", site->fnlen, site->text);
    lg_out_printf(o, "    d%dt%u [shape=ellipse, color=red, fontcolor=red, style=bold, label=", k,
                  t->serial);
    lg_out_json_str(o, label);
    lg_out_str(o, "];\n");
}

/* Deadlock number k (1, 2, ...) as a cluster: each thread waits for a lock
 * (or joins a thread) that the next thread of the cycle holds. */
static void wait_for_cluster(struct lg_out *o, int k, const struct lg_finding *f)
{
    lg_out_printf(o, "  subgraph cluster_deadlock_%d {\n", k);
    lg_out_str(o, "    label=\"deadlock: wait-for graph (thread -> lock it waits for -> thread "
                  "holding it)\";\n    color=red;\n");
    for (int i = 0; i < f->nthreads; i++)
        thread_node(o, k, &f->threads[i]);
    for (int i = 0; i < f->nthreads; i++) {
        const struct lg_finding_thread *t = &f->threads[i];
        if (t->block == LG_BLOCK_JOIN) {
            lg_out_printf(o, "    d%dt%u -> d%dt%u [label=\"joins\", color=red, fontcolor=red, "
                             "style=bold, penwidth=2];\n", k, t->serial, k, (uint32_t)t->waits_obj);
            continue;
        }
        if (t->block != LG_BLOCK_LOCK || !t->waits_lock)
            continue;
        lg_out_printf(o, "    d%dl%u [shape=box, color=red, fontcolor=red, style=bold, label=", k,
                      t->waits_lock);
        lg_out_json_str(o, lg_lock_label(t->waits_lock));
        lg_out_str(o, "];\n");
        lg_out_printf(o, "    d%dt%u -> d%dl%u [label=\"waits for\", color=red, fontcolor=red, "
                         "style=bold, penwidth=2];\n", k, t->serial, k, t->waits_lock);
        for (int j = 0; j < f->nthreads; j++)
            for (uint32_t h = 0; h < f->threads[j].nheld && h < 8; h++)
                if (f->threads[j].held[h] == t->waits_lock)
                    lg_out_printf(o, "    d%dl%u -> d%dt%u [label=\"held by\", color=red, "
                                     "fontcolor=red, style=bold, penwidth=2];\n",
                                  k, t->waits_lock, k, f->threads[j].serial);
    }
    lg_out_str(o, "  }\n");
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
    queries_left = SITE_QUERIES;
    if (!sites)
        sites = lg_map(sizeof *sites * SITE_SLOTS);
    else
        memset(sites, 0, sizeof *sites * SITE_SLOTS);
    int nkept;
    const struct lg_finding *kept = lg_findings_kept(&nkept);
    lg_out_str(o, "digraph lockgraph {\n  node [shape=box, fontname=\"monospace\"];\n"
                  "  edge [fontname=\"monospace\", fontsize=10];\n");
    if (n > DOT_MAX_EDGES)
        lg_out_printf(o, "  // %u edges: only the first %d and every reported cycle are drawn\n",
                      n, DOT_MAX_EDGES);
    for (uint32_t id = 1; id <= n; id++) {
        const struct lg_edge *e = lg_graph_edge(&lg_graph, id);
        int in_cycle = lg_edge_in_reported_cycle(e->from, e->to);
        if (id > DOT_MAX_EDGES && !in_cycle)
            continue;
        node(o, e->from, kept, nkept);
        node(o, e->to, kept, nkept);
        lg_out_printf(o, "  n%u -> n%u [label=", e->from, e->to);
        edge_label(o, atomic_load(&e->thread), e->to_stack, in_cycle);
        if (in_cycle)
            lg_out_str(o, ", color=red, fontcolor=red, style=bold, penwidth=2");
        else if (!(atomic_load(&e->flags) & LG_EDGE_WRITE))
            lg_out_str(o, ", style=dashed");
        lg_out_str(o, "];\n");
    }
    for (int i = 0, k = 0; i < nkept; i++)
        if (kept[i].kind == LG_K_DEADLOCK)
            wait_for_cluster(o, ++k, &kept[i]);
    lg_out_str(o, "}\n");
}
