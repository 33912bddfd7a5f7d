/* Unit tests for the lock graph drawer (reports/lock_graph_draw.c): the
 * format from a file name, a detector-like DOT with edge labels, a red cycle
 * and a wait-for cluster drawn with all of them, and a hostile DOT whose
 * URLs, images, HTML labels, fonts and long labels never reach the SVG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/lock_graph_draw.h"

static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/test_lock_graph_draw.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_format_of(void **state)
{
    (void)state;
    assert_int_equal(lock_graph_format_of("a/b.dot"), LOCK_GRAPH_DOT);
    assert_int_equal(lock_graph_format_of("x.SVG"), LOCK_GRAPH_SVG);
    assert_int_equal(lock_graph_format_of("slides/fig.png"), LOCK_GRAPH_PNG);
    assert_int_equal(lock_graph_format_of("graph.gif"), -1);
    assert_int_equal(lock_graph_format_of("graph"), -1);
    assert_int_equal(lock_graph_format_of("dir.svg/graph"), -1);
}

static const char detector_dot[] =
    "digraph lockgraph {\n"
    "  node [shape=box, fontname=\"monospace\"];\n"
    "  n2 [label=\"lock_b\", color=red, fontcolor=red, style=bold, penwidth=2];\n"
    "  n1 [label=\"lock_a\", color=red, fontcolor=red, style=bold, penwidth=2];\n"
    "  n3 [label=\"log_lock\"];\n"
    "  n2 -> n1 [label=\"T2 thread2 abba.c:46\", color=red, fontcolor=red, style=bold, penwidth=2];\n"
    "  n1 -> n2 [label=\"T1 thread1 abba.c:33\", color=red, fontcolor=red, style=bold, penwidth=2];\n"
    "  n1 -> n3 [label=\"T1 thread1 abba.c:35\", style=dashed];\n"
    "  subgraph cluster_deadlock_1 {\n"
    "    label=\"deadlock: wait-for graph\";\n    color=red;\n"
    "    d1t2 [shape=ellipse, color=red, label=\"T1 thread1\"];\n"
    "    d1l2 [shape=box, color=red, label=\"lock_b\"];\n"
    "    d1t2 -> d1l2 [label=\"waits for\", color=red];\n"
    "  }\n"
    "}\n";

static void test_detector_graph(void **state)
{
    (void)state;
    char *path = write_temp(detector_dot);
    char why[200];
    size_t len = 0;
    char *svg = lock_graph_draw(path, LOCK_GRAPH_SVG, &len, why, sizeof why);
    assert_non_null(svg);
    assert_string_equal(why, "");
    assert_int_equal(strlen(svg), len);
    assert_non_null(strstr(svg, "T2 thread2 abba.c:46"));
    assert_non_null(strstr(svg, "T1 thread1 abba.c:35"));
    assert_non_null(strstr(svg, "deadlock: wait&#45;for graph"));
    assert_non_null(strstr(svg, "waits for"));
    assert_non_null(strstr(svg, "<ellipse"));         /* the thread */
    assert_non_null(strstr(svg, "stroke=\"red\""));
    assert_non_null(strstr(svg, "stroke-dasharray"));  /* the read acquisition */
    assert_non_null(strstr(svg, "class=\"cluster\""));
    free(svg);
    char *png = lock_graph_draw(path, LOCK_GRAPH_PNG, &len, why, sizeof why);
    assert_non_null(png);
    assert_true(len > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(png);
    /* DOT is the detector's own text */
    char *dot = lock_graph_for_file(path, LOCK_GRAPH_DOT, &len, why, sizeof why);
    assert_non_null(dot);
    assert_int_equal(len, strlen(detector_dot));
    assert_memory_equal(dot, detector_dot, len);
    free(dot);
    unlink(path);
    free(path);
}

static void test_hostile_graph(void **state)
{
    (void)state;
    char long_label[400];
    memset(long_label, 'x', sizeof long_label - 1);
    long_label[sizeof long_label - 1] = '\0';
    char text[2000];
    snprintf(text, sizeof text,
             "digraph g {\n"
             "  a [label=<<b>html</b>>, URL=\"javascript:alert(1)\", image=\"/etc/passwd\", "
             "fontname=\"evil\", shape=\"custom\"];\n"
             "  a -> b [label=<<i>edge</i>>, href=\"http://x\", color=red];\n"
             "  b -> c [label=\"%s\", labelURL=\"javascript:x\", style=\"invis\"];\n"
             "  subgraph cluster_x { label=<<script>x</script>>; URL=\"http://y\"; b; }\n"
             "}\n", long_label);
    char *path = write_temp(text);
    char why[200];
    size_t len = 0;
    char *svg = lock_graph_draw(path, LOCK_GRAPH_SVG, &len, why, sizeof why);
    assert_non_null(svg);
    assert_null(strstr(svg, "javascript"));
    assert_null(strstr(svg, "http://x"));
    assert_null(strstr(svg, "http://y"));
    assert_null(strstr(svg, "passwd"));
    assert_null(strstr(svg, "evil"));
    assert_null(strstr(svg, "<image"));
    assert_null(strstr(svg, "<a "));
    assert_null(strstr(svg, "xxxxxxxxxx"));   /* over the label cap: not copied */
    assert_null(strstr(svg, "script"));
    assert_null(strstr(svg, ">edge<"));
    assert_null(strstr(svg, "visibility"));
    free(svg);
    unlink(path);
    free(path);
}

static void test_no_graph(void **state)
{
    (void)state;
    char note[300];
    size_t len = 0;
    char *dot = lock_graph_for_file("/nonexistent/lockgraph.dot", LOCK_GRAPH_DOT, &len, note, sizeof note);
    assert_non_null(dot);
    assert_non_null(strstr(dot, "no lock graph"));
    assert_non_null(strstr(note, "no lock graph"));
    free(dot);
    char *svg = lock_graph_for_file(NULL, LOCK_GRAPH_SVG, &len, note, sizeof note);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "<svg"));
    assert_non_null(strstr(svg, "no lock graph"));
    free(svg);
    /* no edges: drawn for a file, not for the summary */
    char *path = write_temp("digraph lockgraph {\n}\n");
    svg = lock_graph_for_file(path, LOCK_GRAPH_SVG, &len, note, sizeof note);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "no lock&#45;order edges"));
    free(svg);
    assert_null(lock_graph_draw(path, LOCK_GRAPH_SVG, &len, note, sizeof note));
    assert_string_equal(note, "the lock graph has no edges");
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_of),
        cmocka_unit_test(test_detector_graph),
        cmocka_unit_test(test_hostile_graph),
        cmocka_unit_test(test_no_graph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
