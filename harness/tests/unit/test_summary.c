/* Unit tests for the class summary: an audit output directory made by hand in
 * a temporary directory (a lock-order inversion with its source and lock
 * graph, a clean one, a hostile name and hostile strings, a malformed and a
 * missing report, a build error, a broken and a booby-trapped DOT graph),
 * then summary_write and the csv, md and html it wrote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "summary/summary.h"
#include "summary_test_support.h"

#define HOSTILE "<script>alert(1),\"q\""

static const char main_c[] =
    "#include <pthread.h>\n"
    "static pthread_mutex_t a, b;\n"
    "void *one(void *p) { pthread_mutex_lock(&a); pthread_mutex_lock(&b); /* A then B */\n"
    "    return p; }\n"
    "void *two(void *p) { pthread_mutex_lock(&b); pthread_mutex_lock(&a); /* B then <A> & */\n"
    "    return p; }\n";

static void make_class(const char *out)
{
    put_report(out, "alice", "buggy",
               "[{\"kind\": \"lock-order-inversion\", \"tools\": [\"lockgraph\", \"tsan\"],"
               "  \"summary\": \"lock order a -> b in one, b -> a in two\","
               "  \"locations\": [{\"file\": \"main.c\", \"line\": 7, \"function\": \"two\"},"
               "                  {\"file\": \"main.c\", \"line\": 3, \"function\": \"one\"},"
               "                  {\"file\": \"main.c\", \"line\": 5, \"function\": \"two\"}]}]");
    put_file(out, "submissions/alice/src/main.c", main_c);
    put_file(out, "submissions/alice/lockgraph.dot",
             "digraph lockgraph {\n  \"lock_a\" -> \"lock_b\" [color=red, penwidth=2, URL=\"javascript:alert(2)\"];\n"
             "  \"lock_b\" -> \"lock_a\" [color=red, penwidth=2];\n  \"lock_b\" -> \"lock_c\" [style=dashed];\n"
             "  n7 [label=\"fork_lock[3]\"];\n  n8 [label=<<b>html</b>>];\n  n7 -> n8;\n}\n");
    put_report(out, "bob", "clean", "[]");
    put_report(out, HOSTILE, "buggy",
               "[{\"kind\": \"data-race\", \"tools\": [\"tsan\"],"
               "  \"summary\": \"race | on *x* [l](javascript:x) <b>bold</b>\","
               "  \"locations\": [{\"file\": \"../../../etc/passwd\", \"line\": 1,"
               "                   \"function\": \"<img src=x onerror=alert(3)>\"}]},"
               " {\"kind\": \"data-race\", \"tools\": [\"tsan\"], \"summary\": \"second\", \"locations\": []}]");
    put_file(out, "submissions/carol/report.json", "{\"verdict\": \"buggy\", \"findings\": [");
    put_file(out, "submissions/carol/report.txt", "half a report\n");
    put_file(out, "submissions/dave/src/main.c", "int main(void) { return 0; }\n");
    put_file(out, "submissions/erin/report.json",
             "{\"racecheck\": 1, \"target\": \"main.c\", \"verdict\": \"error\", \"tools\": [],"
             " \"findings\": [], \"error\": \"the program did not build: main.c:1: error\"}\n");
    put_report(out, "frank", "buggy",
               "[{\"kind\": \"deadlock\", \"tools\": [\"lockgraph\"], \"summary\": \"deadlock\","
               "  \"locations\": [{\"file\": \"gone.c\", \"line\": 9, \"function\": \"f\"}]}]");
    put_file(out, "submissions/frank/lockgraph.dot", "digraph { \"a\" -> ;; }\n");
}

static int setup(void **state)
{
    char *out = make_temp_dir();
    make_class(out);
    char err[256] = "";
    if (summary_write(out, err, sizeof err) != 0)
        fail_msg("summary_write: %s", err);
    *state = out;
    return 0;
}

static int teardown(void **state)
{
    remove_tree(*state);
    return 0;
}

static void test_csv_rows(void **state)
{
    char *csv = get_file(*state, "summary.csv");
    const char *lines[] = {
        "submission,verdict,findings,data-race,lock-order-inversion,deadlock,hang,double-lock,bad-unlock,"
        "destroy-locked,cond-misuse,lock-leak,misuse,crash,tools,error\r\n",
        "\"<script>alert(1),\"\"q\"\"\",buggy,2,2,0,0,0,0,0,0,0,0,0,0,\"lockgraph tsan\",\"\"\r\n",
        "\"alice\",buggy,1,0,1,0,0,0,0,0,0,0,0,0,\"lockgraph tsan\",\"\"\r\n",
        "\"bob\",clean,0,0,0,0,0,0,0,0,0,0,0,0,\"lockgraph tsan\",\"\"\r\n",
        "\"carol\",error,0,0,0,0,0,0,0,0,0,0,0,0,\"\",\"unreadable report\"\r\n",
        "\"dave\",error,0,0,0,0,0,0,0,0,0,0,0,0,\"\",\"unreadable report\"\r\n",
        "\"erin\",error,0,0,0,0,0,0,0,0,0,0,0,0,\"\",\"the program did not build: main.c:1: error\"\r\n",
        "\"frank\",buggy,1,0,0,1,0,0,0,0,0,0,0,0,\"lockgraph tsan\",\"\"\r\n",
    };
    size_t want = 0;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        assert_has(csv, lines[i]);
        want += strlen(lines[i]);
    }
    assert_int_equal(strlen(csv), want);   /* those rows and nothing else */
    free(csv);
}

static void test_csv_formula_guard(void **state)
{
    (void)state;
    char *out = make_temp_dir();
    put_report(out, "=HYPERLINK(1)", "clean", "[]");
    char err[256];
    assert_int_equal(summary_write(out, err, sizeof err), 0);
    char *csv = get_file(out, "summary.csv");
    assert_has(csv, "\r\n\"'=HYPERLINK(1)\",clean,");
    free(csv);
    remove_tree(out);
}

static void test_md_table(void **state)
{
    char *md = get_file(*state, "summary.md");
    assert_has(md, "| submission | verdict | findings | kinds | tools that ran | error |\n");
    assert_has(md, "| alice | buggy | 1 | lock-order-inversion 1 | lockgraph tsan |  |\n");
    assert_has(md, "| bob | clean | 0 |  | lockgraph tsan |  |\n");
    assert_has(md, "| carol | error | 0 |  |  | unreadable report |\n");
    assert_has(md, "| \\<script\\>alert(1),\"q\" | buggy | 2 | data-race 2 |");
    assert_lacks(md, "<script>");
    assert_has(md, "**Totals:** 7 submissions: 3 buggy, 1 clean, 3 error.\n");
    assert_has(md, "Findings by kind: data-race 2, lock-order-inversion 1, deadlock 1.\n");
    /* every row has the header's seven pipes */
    for (const char *line = strstr(md, "| alice"); line && *line == '|'; line = strchr(line, '\n') + 1) {
        size_t pipes = 0;
        for (const char *p = line; *p != '\n'; p++)
            pipes += *p == '|' && p[-1] != '\\';
        assert_int_equal(pipes, 7);
    }
    free(md);
}

static void test_html_every_submission(void **state)
{
    char *html = get_file(*state, "summary.html");
    const char *names[] = {"alice", "bob", "carol", "dave", "erin", "frank",
                           "&lt;script&gt;alert(1),&quot;q&quot;"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char cell[200];
        snprintf(cell, sizeof cell, "\">%s</a></td>", names[i]);   /* its table row */
        assert_has(html, cell);
    }
    assert_int_equal(count_of(html, "<tr data-order="), 7);
    assert_int_equal(count_of(html, "<section id=\"s-"), 7);
    assert_has(html, "<span>7 submissions</span><span class=\"v v-buggy\">3 buggy</span>"
                     "<span class=\"v v-clean\">1 clean</span><span class=\"v v-error\">3 error</span>");
    assert_has(html, "<th data-key=\"data-race\" data-type=\"num\"");
    assert_has(html, "unreadable report");
    assert_has(html, "the program did not build: main.c:1: error");
    assert_has(html, "<a href=\"submissions/alice/report.txt\">report.txt</a>");
    assert_has(html, "<a href=\"submissions/%3Cscript%3Ealert%281%29%2C%22q%22/report.json\">");
    free(html);
}

static void test_html_source_lines(void **state)
{
    char *html = get_file(*state, "summary.html");
    assert_has(html, "<mark><span class=\"ln\">    3</span> void *one(void *p) { pthread_mutex_lock(&amp;a); "
                     "pthread_mutex_lock(&amp;b); /* A then B */</mark>\n");
    assert_has(html, "<mark><span class=\"ln\">    5</span> void *two(void *p) { pthread_mutex_lock(&amp;b); "
                     "pthread_mutex_lock(&amp;a); /* B then &lt;A&gt; &amp; */</mark>\n");
    assert_has(html, "<span class=\"ln\">    1</span> #include &lt;pthread.h&gt;\n");   /* context */
    assert_has(html, "source not shown: the file is outside the submitted sources");
    assert_has(html, "source not shown: the file is not among the submitted sources");   /* frank's gone.c */
    assert_has(html, "source not shown: line 7 is past the end of the file (6 lines)");
    free(html);
}

static void test_html_escaping(void **state)
{
    char *html = get_file(*state, "summary.html");
    assert_int_equal(count_of(html, "<script"), 1);   /* the page's own script only */
    assert_lacks(html, "<img");
    assert_lacks(html, "<b>bold");
    assert_lacks(html, "javascript:alert(2)");
    assert_has(html, "&lt;img src=x onerror=alert(3)&gt;");
    assert_has(html, "race | on *x* [l](javascript:x) &lt;b&gt;bold&lt;/b&gt;");
    assert_has(html, "default-src 'none'");   /* no network even if something slipped */
    free(html);
}

static void test_html_lock_graph(void **state)
{
    char *html = get_file(*state, "summary.html");
    char *alice = strstr(html, "<section id=\"s-1\"");   /* sorted: the hostile name first */
    assert_non_null(alice);
    assert_has(alice, "<div class=\"graph\"><svg");
    assert_has(alice, "<title>lock_a&#45;&gt;lock_b</title>");
    assert_has(alice, "stroke=\"red\"");
    assert_has(alice, ">fork_lock[3]</text>");     /* a node keyed by id shows its label */
    assert_lacks(alice, "<b>html</b>");            /* an HTML label is not copied */
    assert_int_equal(count_of(html, "<svg"), 1);   /* bob and others have no cycle */
    assert_has(html, "the lock graph could not be drawn: the lock graph is not valid DOT");
    free(html);
}

/* Files a student controls cannot point the summary elsewhere, and large
 * inputs are cut with a note instead of flooding the page. */
static void test_hostile_files_and_caps(void **state)
{
    (void)state;
    char *out = make_temp_dir();
    char path[4096], *findings = malloc(200000);
    assert_non_null(findings);
    /* 60 findings whose source file is a symlink to /etc/passwd */
    size_t len = (size_t)sprintf(findings, "[");
    for (int i = 0; i < 60; i++)
        len += (size_t)sprintf(findings + len,
                               "%s{\"kind\": \"deadlock\", \"summary\": \"finding %d\","
                               " \"locations\": [{\"file\": \"evil.c\", \"line\": 1}]}",
                               i ? "," : "", i);
    sprintf(findings + len, "]");
    put_report(out, "mallory", "buggy", findings);
    put_file(out, "submissions/mallory/src/keep", "");
    join_path(path, sizeof path, out, "submissions/mallory/src/evil.c");
    assert_int_equal(symlink("/etc/passwd", path), 0);
    /* a lock graph of 300 edges in a chain, with one reported cycle of two */
    FILE *dot = fopen(strcat(strcpy(path, out), "/submissions/mallory/lockgraph.dot"), "w");
    assert_non_null(dot);
    fputs("digraph lockgraph {\n", dot);
    for (int i = 0; i < 300; i++)
        fprintf(dot, "  \"L%d\" -> \"L%d\";\n", i, i + 1);
    fputs("  \"big_a\" -> \"big_b\" [color=red];\n  \"big_b\" -> \"big_a\" [color=red];\n}\n", dot);
    fclose(dot);
    /* a report.json that is a symlink to another submission's report */
    put_report(out, "bob", "clean", "[]");
    join_path(path, sizeof path, out, "submissions/trudy/report.json");
    put_file(out, "submissions/trudy/x", "");
    assert_int_equal(symlink("../bob/report.json", path), 0);

    char err[256];
    assert_int_equal(summary_write(out, err, sizeof err), 0);
    char *html = get_file(out, "summary.html");
    assert_lacks(html, "root:");   /* nothing of /etc/passwd */
    assert_has(html, "source not shown: the file is outside the submitted sources");
    assert_int_equal(count_of(html, "<div class=\"finding\">"), 50);
    assert_has(html, "and 10 more findings: see the report");
    assert_has(html, "only the reported cycles are drawn: the whole graph is too large");
    assert_has(html, "<title>big_a&#45;&gt;big_b</title>");
    assert_lacks(html, "<title>L1</title>");
    char *csv = get_file(out, "summary.csv");
    assert_has(csv, "\r\n\"mallory\",buggy,60,0,0,60,");
    assert_has(csv, "\r\n\"trudy\",error,0,");
    free(csv);
    free(html);
    free(findings);
    remove_tree(out);
}

static void test_missing_out_dir(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(summary_write("/nonexistent/racecheck-out", err, sizeof err), -1);
    assert_has(err, "cannot read /nonexistent/racecheck-out/submissions");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_rows, setup, teardown),
        cmocka_unit_test(test_csv_formula_guard),
        cmocka_unit_test_setup_teardown(test_md_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_every_submission, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_source_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_lock_graph, setup, teardown),
        cmocka_unit_test(test_hostile_files_and_caps),
        cmocka_unit_test(test_missing_out_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
