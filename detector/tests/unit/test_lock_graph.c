/* The lock-order graph against a brute-force oracle: random edge insertions,
 * each answer about "closes a cycle" checked by a plain search, the
 * topological order checked after every insertion, and reported paths checked
 * edge by edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lock_graph.h"

#define NODES 40

static int adj[NODES + 1][NODES + 1];   /* the DAG edges the oracle knows */

static int reach(int from, int to, int *seen)
{
    if (from == to)
        return 1;
    seen[from] = 1;
    for (int w = 1; w <= NODES; w++)
        if (adj[from][w] && !seen[w] && reach(w, to, seen))
            return 1;
    return 0;
}

static int oracle_path(int from, int to)
{
    int seen[NODES + 1] = {0};
    return reach(from, to, seen);
}

struct path_check {
    struct lg_graph *g;
    uint32_t src, dst;
    int seen;
};

static bool check_path(const uint32_t *edges, int len, void *ctx)
{
    struct path_check *c = ctx;
    assert_true(len >= 1);
    assert_int_equal(lg_graph_edge(c->g, edges[0])->from, c->src);
    assert_int_equal(lg_graph_edge(c->g, edges[len - 1])->to, c->dst);
    for (int i = 1; i < len; i++)
        assert_int_equal(lg_graph_edge(c->g, edges[i - 1])->to, lg_graph_edge(c->g, edges[i])->from);
    c->seen++;
    return false;
}

/* place_max: 0 reorders every time (Pearce-Kelly alone), 2 places only the
 * smallest sets, 64 is the detector's */
static const uint32_t place_maxes[] = {0, 2, 64};

static void random_insertions_match_brute_force(void **state)
{
    (void)state;
    for (unsigned run = 0; run < 90; run++) {
        unsigned seed = 1 + run / 3;
        struct lg_graph g;
        assert_int_equal(lg_graph_init(&g, NODES, 4000), 0);
        g.place_max = place_maxes[run % 3];
        memset(adj, 0, sizeof adj);
        srand(seed);
        for (int step = 0; step < 400; step++) {
            uint32_t a = 1 + rand() % NODES, b = 1 + rand() % NODES;
            if (a == b || lg_graph_find_edge(&g, a, b))
                continue;
            int expect_cycle = oracle_path((int)b, (int)a);
            bool closes;
            uint32_t id = lg_graph_add_edge(&g, a, b, &closes);
            assert_true(id != 0);
            assert_int_equal(closes, expect_cycle);
            assert_int_equal(lg_graph_find_edge(&g, a, b), id);
            if (!closes)
                adj[a][b] = 1;
            else {
                /* the cycle is readable as a DAG path b ~> a plus the new edge */
                struct path_check c = {&g, b, a, 0};
                lg_graph_paths(&g, b, a, 8, check_path, &c);
                assert_true(c.seen >= 1);
            }
            assert_true(lg_graph_order_is_valid(&g));
        }
    }
}

static void simple_cycle_is_found_and_kept_out_of_the_dag(void **state)
{
    (void)state;
    struct lg_graph g;
    assert_int_equal(lg_graph_init(&g, 16, 64), 0);
    bool closes;
    uint32_t ab = lg_graph_add_edge(&g, 1, 2, &closes);
    assert_false(closes);
    uint32_t bc = lg_graph_add_edge(&g, 2, 3, &closes);
    assert_false(closes);
    uint32_t ca = lg_graph_add_edge(&g, 3, 1, &closes);
    assert_true(closes);
    assert_true(atomic_load(&lg_graph_edge(&g, ab)->flags) & LG_EDGE_IN_DAG);
    assert_true(atomic_load(&lg_graph_edge(&g, bc)->flags) & LG_EDGE_IN_DAG);
    assert_false(atomic_load(&lg_graph_edge(&g, ca)->flags) & LG_EDGE_IN_DAG);
    assert_int_equal(g.nback, 1);
    struct path_check c = {&g, 1, 3, 0};
    assert_int_equal(lg_graph_paths(&g, 1, 3, 8, check_path, &c), 1);
}

static void edges_against_the_order_reorder_instead_of_cycling(void **state)
{
    (void)state;
    struct lg_graph g;
    assert_int_equal(lg_graph_init(&g, 16, 64), 0);
    bool closes;
    /* nodes are created in order 1..5; 5 -> 1 goes against it without a cycle */
    lg_graph_add_node(&g, 5);
    lg_graph_add_edge(&g, 5, 1, &closes);
    assert_false(closes);
    lg_graph_add_edge(&g, 4, 5, &closes);
    assert_false(closes);
    assert_true(lg_graph_order_is_valid(&g));
    lg_graph_add_edge(&g, 1, 4, &closes);
    assert_true(closes);
}

/* Nodes inserted at random places of a list, each new one linked from its
 * predecessor and to its successor (a hand-over-hand list): every new node
 * starts last in the order, so its edge to its successor goes against it.
 * Reordering moves long runs of nodes (the radix sort of the reorder, not
 * only its insertion sort); placing moves the new node alone, to a free
 * label just below its successor. */
#define LIST_NODES 3000
static uint32_t list_order[LIST_NODES];

static uint32_t placed_nodes(const struct lg_graph *g)
{
    uint32_t n = 0;
    for (uint32_t i = 1; i <= g->nnodes; i++)
        n += g->ord[i] % LG_ORD_SPACING != 0;
    return n;
}

static void list_insertions_keep_the_order(uint32_t place_max)
{
    struct lg_graph g;
    assert_int_equal(lg_graph_init(&g, LIST_NODES + 1, 4 * LIST_NODES), 0);
    g.place_max = place_max;
    uint32_t len = 0;
    bool closes;
    srand(7);
    for (uint32_t node = 1; node <= LIST_NODES; node++) {
        uint32_t at = len ? (uint32_t)rand() % (len + 1) : 0;
        if (at > 0) {
            lg_graph_add_edge(&g, list_order[at - 1], node, &closes);
            assert_false(closes);
        }
        if (at < len) {
            lg_graph_add_edge(&g, node, list_order[at], &closes);
            assert_false(closes);
        }
        memmove(&list_order[at + 1], &list_order[at], (len - at) * sizeof list_order[0]);
        list_order[at] = node;
        len++;
        if (node % 500 == 0)
            assert_true(lg_graph_order_is_valid(&g));
    }
    assert_true(lg_graph_order_is_valid(&g));
    for (uint32_t i = 1; i < len; i++)
        assert_true(g.ord[list_order[i - 1]] < g.ord[list_order[i]]);
    if (place_max)
        assert_true(placed_nodes(&g) > LIST_NODES / 2);
    else
        assert_int_equal(placed_nodes(&g), 0);
    /* the list's last node before its first: a cycle through all of it */
    lg_graph_add_edge(&g, list_order[len - 1], list_order[0], &closes);
    assert_true(closes);
}

static void long_reorders_keep_the_order(void **state)
{
    (void)state;
    list_insertions_keep_the_order(0);
}

static void placed_insertions_keep_the_order(void **state)
{
    (void)state;
    list_insertions_keep_the_order(64);
}

/* Every new node in front of the last one, after the same head: each is
 * placed in what is left of the same gap, which runs out after a few hundred;
 * from then on the edges reorder (as they all did before placing). */
#define FRONT_NODES 3000

static void placing_in_one_spot_runs_out_and_reorders(void **state)
{
    (void)state;
    struct lg_graph g;
    assert_int_equal(lg_graph_init(&g, FRONT_NODES, 3 * FRONT_NODES), 0);
    bool closes;
    lg_graph_add_edge(&g, 1, 2, &closes);
    for (uint32_t node = 3; node <= FRONT_NODES; node++) {
        lg_graph_add_edge(&g, 1, node, &closes);
        assert_false(closes);
        lg_graph_add_edge(&g, node, node - 1, &closes);
        assert_false(closes);
    }
    assert_true(lg_graph_order_is_valid(&g));
    for (uint32_t node = 3; node <= FRONT_NODES; node++)
        assert_true(g.ord[1] < g.ord[node] && g.ord[node] < g.ord[node - 1]);
    assert_true(placed_nodes(&g) >= 100);
    lg_graph_add_edge(&g, 2, FRONT_NODES, &closes);
    assert_true(closes);
}

static void full_table_refuses_edges(void **state)
{
    (void)state;
    struct lg_graph g;
    assert_int_equal(lg_graph_init(&g, 8, 2), 0);
    bool closes;
    assert_true(lg_graph_add_edge(&g, 1, 2, &closes));
    assert_true(lg_graph_add_edge(&g, 2, 3, &closes));
    assert_int_equal(lg_graph_add_edge(&g, 3, 4, &closes), 0);
    assert_int_equal(lg_graph_add_edge(&g, 1, 9, &closes), 0);   /* node over capacity */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_insertions_match_brute_force),
        cmocka_unit_test(simple_cycle_is_found_and_kept_out_of_the_dag),
        cmocka_unit_test(edges_against_the_order_reorder_instead_of_cycling),
        cmocka_unit_test(long_reorders_keep_the_order),
        cmocka_unit_test(placed_insertions_keep_the_order),
        cmocka_unit_test(placing_in_one_spot_runs_out_and_reorders),
        cmocka_unit_test(full_table_refuses_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
