/* Unit tests for racecheck merge: two shard output directories made by hand
 * combine into one with every submission, one header (audit.json, every
 * shard's run) and one summary; a name in two shards, shards judged with
 * other options, or a shard without a header, is an error naming them that
 * copies nothing; bad arguments are usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/commands.h"
#include "summary_test_support.h"

/* cmd_merge with its stderr captured into *err (malloc'd). */
static int run_merge(int argc, char **argv, char **err)
{
    fflush(stderr);
    FILE *capture = tmpfile();
    assert_non_null(capture);
    int saved = dup(2);
    dup2(fileno(capture), 2);
    int rc = cmd_merge(argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long n = ftell(capture) >= 0 ? lseek(fileno(capture), 0, SEEK_END) : 0;
    *err = calloc((size_t)n + 1, 1);
    assert_non_null(*err);
    if (n > 0) {
        lseek(fileno(capture), 0, SEEK_SET);
        assert_int_equal(read(fileno(capture), *err, (size_t)n), n);
    }
    fclose(capture);
    return rc;
}

static void make_shards(const char *root)
{
    char shard[4096];
    snprintf(shard, sizeof shard, "%s/shard1", root);
    put_report(shard, "alice", "buggy",
               "[{\"kind\": \"data-race\", \"tools\": [\"tsan\"], \"summary\": \"race\", \"locations\": []}]");
    put_file(shard, "submissions/alice/src/main.c", "int main(void) { return 0; }\n");
    put_report(shard, "bob", "clean", "[]");
    put_header(shard, 10, "1/2");
    snprintf(shard, sizeof shard, "%s/shard2", root);
    put_report(shard, "carol", "clean", "[]");
    put_file(shard, "submissions/carol/lockgraph.dot", "digraph { a -> b; }\n");
    put_header(shard, 10, "2/2");   /* its overlay elsewhere, with the same content */
}

static void test_two_shards(void **state)
{
    (void)state;
    char *root = make_temp_dir();
    make_shards(root);
    char out[4200], s1[4200], s2[4200], opt[4300];
    snprintf(out, sizeof out, "%s/merged", root);
    snprintf(s1, sizeof s1, "%s/shard1", root);
    snprintf(s2, sizeof s2, "%s/shard2", root);
    snprintf(opt, sizeof opt, "--output=%s", out);
    char *argv[] = {"merge", opt, s1, s2, NULL}, *err;
    assert_int_equal(run_merge(4, argv, &err), EXIT_FINDINGS);   /* alice is buggy */
    assert_string_equal(err, "");
    assert_true(file_exists(out, "submissions/alice/src/main.c"));
    assert_true(file_exists(out, "submissions/bob/report.txt"));
    assert_true(file_exists(out, "submissions/carol/lockgraph.dot"));
    char *csv = get_file(out, "summary.csv");
    assert_int_equal(count_of(csv, "\r\n"), 4);   /* header and three rows */
    assert_has(csv, "\r\n\"alice\",buggy,1,1,");
    assert_has(csv, "\r\n\"bob\",clean,0,");
    assert_has(csv, "\r\n\"carol\",clean,0,");
    char *html = get_file(out, "summary.html");
    assert_int_equal(count_of(html, "<tr data-order="), 3);
    assert_true(file_exists(out, "summary.md"));
    /* the header once, with both shards' runs */
    assert_int_equal(count_of(html, "id=\"audit-header\""), 1);
    assert_has(html, "<td>option --timeout</td><td>10</td>");
    assert_has(html, "shard 1/2 on node-1/2");
    assert_has(html, "shard 2/2 on node-2/2");
    char *header = get_file(out, "audit.json");
    assert_has(header, "\"merged\": true");
    assert_has(header, "\"version\": \"0.0.1\"");
    free(header);
    free(csv);
    free(html);
    free(err);

    /* merging again into the same output would mix two merges */
    assert_int_equal(run_merge(4, argv, &err), EXIT_USAGE);
    assert_has(err, "already holds submissions");
    free(err);
    remove_tree(root);
}

static void test_duplicate_name(void **state)
{
    (void)state;
    char *root = make_temp_dir();
    make_shards(root);
    char out[4200], s1[4200], s2[4200], s3[4200], opt[4300];
    snprintf(s3, sizeof s3, "%s/shard3", root);
    put_report(s3, "bob", "buggy", "[]");
    put_header(s3, 10, "2/2");     /* shard 2 run twice, on two nodes */
    snprintf(out, sizeof out, "%s/merged", root);
    snprintf(s1, sizeof s1, "%s/shard1", root);
    snprintf(s2, sizeof s2, "%s/shard2", root);
    snprintf(opt, sizeof opt, "--output=%s", out);
    char *argv[] = {"merge", opt, s1, s2, s3, NULL}, *err;
    assert_int_equal(run_merge(5, argv, &err), EXIT_USAGE);
    char want[9000];
    snprintf(want, sizeof want, "submission 'bob' is in two shards: %s and %s\n", s1, s3);
    assert_has(err, want);
    assert_int_equal(count_of(err, "\n"), 1);   /* one line */
    assert_false(file_exists(out, "submissions"));   /* nothing copied */
    free(err);
    remove_tree(root);
}

/* Shards judged with another --timeout, or with no header: refused in one
 * line naming them, nothing copied. */
static void test_not_alike(void **state)
{
    (void)state;
    char *root = make_temp_dir();
    make_shards(root);
    char out[4200], s1[4200], s2[4200], opt[4300], want[9000];
    snprintf(out, sizeof out, "%s/merged", root);
    snprintf(s1, sizeof s1, "%s/shard1", root);
    snprintf(s2, sizeof s2, "%s/shard2", root);
    snprintf(opt, sizeof opt, "--output=%s", out);
    put_header(s2, 30, "2/2");
    char *argv[] = {"merge", opt, s1, s2, NULL}, *err;
    assert_int_equal(run_merge(4, argv, &err), EXIT_USAGE);
    snprintf(want, sizeof want, "%s and %s were not judged alike (--timeout: 10 and 30)", s1, s2);
    assert_has(err, want);
    assert_int_equal(count_of(err, "\n"), 1);
    assert_false(file_exists(out, "submissions"));
    free(err);

    char header[4300];
    snprintf(header, sizeof header, "%s/audit.json", s2);
    assert_int_equal(unlink(header), 0);
    assert_int_equal(run_merge(4, argv, &err), EXIT_USAGE);
    snprintf(want, sizeof want, "%s has no audit.json", s2);
    assert_has(err, want);
    assert_int_equal(count_of(err, "\n"), 1);
    assert_false(file_exists(out, "submissions"));
    free(err);
    remove_tree(root);
}

static void test_usage(void **state)
{
    (void)state;
    char *err;
    char *none[] = {"merge", NULL};
    assert_int_equal(run_merge(1, none, &err), EXIT_USAGE);
    assert_has(err, "name at least one shard");
    free(err);
    char *missing[] = {"merge", "--output=/tmp/never-written", "/nonexistent/shard", NULL};
    assert_int_equal(run_merge(3, missing, &err), EXIT_USAGE);
    assert_has(err, "/nonexistent/shard is not an audit output directory");
    free(err);
    char *bad[] = {"merge", "--frobnicate", NULL};
    assert_int_equal(run_merge(2, bad, &err), EXIT_USAGE);
    assert_has(err, "unknown option '--frobnicate'");
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_shards),
        cmocka_unit_test(test_duplicate_name),
        cmocka_unit_test(test_not_alike),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
