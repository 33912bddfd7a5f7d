/* Unit tests for what racecheck audit writes per submission (audit_output.c):
 * the report document with "submission", "sandbox" and a one-line "error",
 * the files of OUT/submissions/<name>/, and a worker's document that does not
 * hold up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "audit/audit_copy.h"
#include "reports/report.h"
#include "audit/sandbox.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/racecheck-test-audit-output.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(dir);
}

static json_t *load(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return json_load_file(path, 0, NULL);
}

static void test_report_fields(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "alice");
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    struct finding *f = finding_list_add(&r.findings, KIND_DATA_RACE, TOOL_TSAN, "race on x");
    finding_add_location(f, "main.c", 7, "worker");
    struct sandbox_status sb = {.network_isolated = 1, .filesystem_isolated = 0};
    snprintf(sb.note, sizeof sb.note, "filesystem: not isolated (unshare: EPERM)");

    json_t *doc = audit_report_json(&r, "alice", &sb, NULL);
    assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "buggy");
    assert_string_equal(json_string_value(json_object_get(doc, "submission")), "alice");
    json_t *box = json_object_get(doc, "sandbox");
    assert_string_equal(json_string_value(json_object_get(box, "network")), "isolated");
    assert_string_equal(json_string_value(json_object_get(box, "filesystem")), "not isolated");
    assert_non_null(strstr(json_string_value(json_object_get(box, "note")), "EPERM"));
    assert_null(json_object_get(doc, "error"));
    json_t *loc = json_array_get(json_object_get(json_array_get(json_object_get(doc, "findings"), 0), "locations"), 0);
    assert_string_equal(json_string_value(json_object_get(loc, "file")), "main.c");
    json_decref(doc);
    report_free(&r);

    /* a build error: the multi-line message of check becomes the given line */
    report_init(&r, "bob");
    r.error_message = "the program does not build: gcc: main.c: In function 'main':\nmain.c:5: error: x";
    doc = audit_report_json(&r, "bob", &sb, "the program does not build: main.c:5: error: x");
    assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "error");
    assert_string_equal(json_string_value(json_object_get(doc, "error")),
                        "the program does not build: main.c:5: error: x");
    json_decref(doc);
    report_free(&r);
}

static void test_write_error(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(audit_write_error(dir, "carol", "the sandboxed check did not finish within 70 s", NULL, err, sizeof err), 0);
    json_t *doc = load("report.json");
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "error");
    assert_string_equal(json_string_value(json_object_get(doc, "submission")), "carol");
    assert_non_null(strstr(json_string_value(json_object_get(doc, "error")), "did not finish"));
    assert_true(json_is_object(json_object_get(doc, "sandbox")));
    json_decref(doc);
    char path[512];
    snprintf(path, sizeof path, "%s/report.txt", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[256], all[4096] = "";
    while (fgets(line, sizeof line, f))
        strncat(all, line, sizeof all - strlen(all) - 1);
    fclose(f);
    assert_non_null(strstr(all, "verdict: error"));
    snprintf(path, sizeof path, "%s/lockgraph.dot", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    /* Gradescope's results.json: not built, no score, the reason shown */
    doc = load("results.json");
    assert_non_null(doc);
    assert_true(json_number_value(json_object_get(doc, "score")) == 0.0);
    json_t *build = json_array_get(json_object_get(doc, "tests"), 0);
    assert_string_equal(json_string_value(json_object_get(build, "status")), "failed");
    assert_non_null(strstr(json_string_value(json_object_get(build, "output")), "did not finish"));
    json_decref(doc);
}

static void test_write_result(void **state)
{
    (void)state;
    char err[256];
    json_t *good = json_pack("{s:{s:s, s:s, s:[]}, s:s, s:s, s:{s:f, s:[]}}", "report", "verdict", "clean",
                             "submission", "someone-else", "findings", "text", "verdict: clean\n",
                             "dot", "digraph lockgraph {}\n", "gradescope", "score", 7.0, "tests");
    assert_int_equal(audit_write_result(dir, "dave", good, NULL, err, sizeof err), 0);
    json_decref(good);
    json_t *doc = load("report.json");
    /* the name is the audit's, not what the document claimed */
    assert_string_equal(json_string_value(json_object_get(doc, "submission")), "dave");
    assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "clean");
    json_decref(doc);
    char path[512];
    snprintf(path, sizeof path, "%s/lockgraph.dot", dir);
    assert_int_equal(access(path, F_OK), 0);
    doc = load("results.json");
    assert_true(json_number_value(json_object_get(doc, "score")) == 7.0);
    json_decref(doc);

    /* a document that does not hold up is an error of its own */
    json_t *bad = json_pack("{s:{s:s, s:[]}, s:s}", "report", "verdict", "excellent", "findings",
                            "text", "");
    assert_int_equal(audit_write_result(dir, "eve", bad, NULL, err, sizeof err), 0);
    json_decref(bad);
    doc = load("report.json");
    assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "error");
    assert_non_null(strstr(json_string_value(json_object_get(doc, "error")), "malformed"));
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_fields),
        cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_result, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
