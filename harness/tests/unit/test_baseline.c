/* Unit tests for baselines: the fingerprint (kind, file basenames and
 * functions; not lines, not directories), reading a report or an array of
 * reports, one-line errors for what is not a racecheck report, and a report
 * written by report_write_json read back as a baseline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "findings/baseline.h"
#include "reports/report.h"
#include "test_support.h"
#include "tools/tsan_parse.h"

static struct finding *add(struct finding_list *list, enum finding_kind kind, const char *file,
                           int line, const char *function)
{
    struct finding *f = finding_list_add(list, kind, TOOL_TSAN, "summary");
    if (file || function)
        finding_add_location(f, file, line, function);
    return f;
}

static void assert_fingerprint(const struct finding *f, const char *want)
{
    char *fp = baseline_fingerprint(f);
    assert_string_equal(fp, want);
    free(fp);
}

static void test_fingerprint(void **state)
{
    (void)state;
    struct finding_list list = {0};
    struct finding *a = add(&list, KIND_DATA_RACE, "/home/ci/src/racy.c", 11, "inc");
    finding_add_location(a, "/home/ci/src/racy.c", 30, "main");
    finding_add_location(a, "racy.c", 12, "inc"); /* the same key again counts once */
    assert_fingerprint(&list.items[0], "data-race|racy.c:inc|racy.c:main");
    /* another checkout, other lines, another order: the same fingerprint */
    struct finding *b = add(&list, KIND_DATA_RACE, "/tmp/build/racy.c", 40, "main");
    finding_add_location(b, "racy.c", 99, "inc");
    assert_fingerprint(&list.items[1], "data-race|racy.c:inc|racy.c:main");
    /* unknown file or function, no location at all */
    add(&list, KIND_CRASH, NULL, 0, "worker");
    assert_fingerprint(&list.items[2], "crash|:worker");
    add(&list, KIND_HANG, NULL, 0, NULL);
    assert_fingerprint(&list.items[3], "hang");
    finding_list_free(&list);
}

static void parse_ok(struct baseline *b, const char *json)
{
    char error[300] = "";
    if (baseline_parse(b, "base.json", json, strlen(json), error, sizeof error) != 0)
        fail_msg("rejected: %s", error);
}

static void assert_bad(const char *json, const char *part)
{
    struct baseline b;
    char error[300] = "";
    if (baseline_parse(&b, "base.json", json, strlen(json), error, sizeof error) == 0)
        fail_msg("'%s' was accepted", json);
    if (!strstr(error, part))
        fail_msg("error '%s' lacks '%s'", error, part);
    assert_null(strchr(error, '\n'));
    assert_non_null(strstr(error, "base.json: not a racecheck JSON report"));
    baseline_free(&b);
}

static void test_parse_and_know(void **state)
{
    (void)state;
    struct baseline b;
    parse_ok(&b, "{\"racecheck\": 1, \"target\": \"racy.c\", \"verdict\": \"buggy\", \"tools\": [],"
                 " \"findings\": [{\"kind\": \"data-race\", \"tools\": [\"tsan\"], \"summary\": \"s\","
                 "  \"locations\": [{\"file\": \"/old/racy.c\", \"line\": 5, \"function\": \"inc\"}]},"
                 " {\"kind\": \"hang\", \"locations\": []},"
                 " {\"kind\": \"crash\", \"locations\": [{\"file\": null, \"line\": 0, \"function\": \"boom\"}]}]}");
    assert_int_equal(b.count, 3);
    struct finding_list list = {0};
    add(&list, KIND_DATA_RACE, "/new/dir/racy.c", 17, "inc");   /* moved lines: known */
    add(&list, KIND_DATA_RACE, "/new/dir/racy.c", 17, "dec");   /* another function: new */
    add(&list, KIND_LOCK_ORDER_INVERSION, "racy.c", 5, "inc");  /* another kind: new */
    add(&list, KIND_HANG, NULL, 0, NULL);                         /* known */
    add(&list, KIND_CRASH, NULL, 0, "boom");                      /* known */
    add(&list, KIND_DATA_RACE, "/new/dir/other.c", 5, "inc");   /* another file: new */
    const int known[] = {1, 0, 0, 1, 1, 0};
    for (size_t i = 0; i < list.count; i++)
        assert_int_equal(baseline_knows(&b, &list.items[i]), known[i]);
    /* a finding a suppression already waived stays suppressed */
    finding_waive(&list.items[3], WAIVER_SUPPRESSED, "x.supp:1: hang:*");
    assert_int_equal(baseline_apply(&b, &list), 2);
    assert_int_equal(list.items[0].waiver, WAIVER_BASELINE);
    assert_string_equal(list.items[0].waived_by, "known from the baseline base.json");
    assert_int_equal(list.items[3].waiver, WAIVER_SUPPRESSED);
    assert_int_equal(list.items[4].waiver, WAIVER_BASELINE);
    assert_true(finding_counts(&list.items[1]));
    assert_true(finding_counts(&list.items[5]));
    finding_list_free(&list);
    baseline_free(&b);
}

static void test_array_of_reports(void **state)
{
    (void)state;
    struct baseline b;
    parse_ok(&b, "[{\"findings\": [{\"kind\": \"deadlock\", \"locations\": [{\"file\": \"a.c\", \"function\": \"f\"}]}]},"
                 " {\"findings\": []},"
                 " {\"findings\": [{\"kind\": \"misuse\"}]}]");
    assert_int_equal(b.count, 2);
    struct finding_list list = {0};
    add(&list, KIND_DEADLOCK, "x/a.c", 3, "f");
    add(&list, KIND_MISUSE, NULL, 0, NULL);
    assert_true(baseline_knows(&b, &list.items[0]));
    assert_true(baseline_knows(&b, &list.items[1]));
    finding_list_free(&list);
    baseline_free(&b);
    parse_ok(&b, "[]");
    assert_int_equal(b.count, 0);
    baseline_free(&b);
}

static void test_errors(void **state)
{
    (void)state;
    assert_bad("", "not JSON");
    assert_bad("{\"findings\": [", "not JSON");
    assert_bad("42", "not JSON (line 1: '[' or '{' expected");
    /* jansson quotes a bad token as it is; an escape sequence is cut to '?' */
    assert_bad("[\x1b[2J]", "not JSON (line 1: invalid token near '?'");
    assert_bad("{\"verdict\": \"clean\"}", "report 1 has no \"findings\" array");
    assert_bad("[{\"findings\": []}, 7]", "report 2 has no \"findings\" array");
    assert_bad("{\"findings\": [{\"kind\": \"race\"}]}", "report 1, finding 1: no known \"kind\"");
    assert_bad("{\"findings\": [3]}", "finding 1: no known \"kind\"");
    assert_bad("{\"findings\": [{\"kind\": \"hang\", \"locations\": {}}]}", "\"locations\" is not an array");
    assert_bad("{\"findings\": [{\"kind\": \"hang\"}, {\"kind\": \"hang\", \"locations\": [{\"file\": 1}]}]}",
               "report 1, finding 2: location 1 is not");
    struct baseline b;
    char error[300];
    assert_int_equal(baseline_load(&b, "/nonexistent/base.json", error, sizeof error), -1);
    assert_non_null(strstr(error, "cannot read baseline /nonexistent/base.json"));
    baseline_free(&b);
}

/* what `racecheck check --format=json` writes is a baseline */
static void test_report_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *text = fixture_load("tsan/two_races.txt", &len);
    struct report r;
    report_init(&r, "two_races.c");
    report_set_tool(&r, TOOL_TSAN, "ran", NULL);
    tsan_parse(text, len, NULL, &r.findings);
    free(text);
    assert_true(r.findings.count >= 2);
    char *json = NULL;
    size_t json_len = 0;
    FILE *m = open_memstream(&json, &json_len);
    assert_int_equal(report_write_json(m, &r), 0);
    fclose(m);
    struct baseline b;
    char error[300];
    assert_int_equal(baseline_parse(&b, "report.json", json, json_len, error, sizeof error), 0);
    free(json);
    assert_int_equal(baseline_apply(&b, &r.findings), r.findings.count);
    assert_string_equal(report_verdict(&r), "clean");
    assert_int_equal(report_exit_code(&r), 0);
    baseline_free(&b);
    report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint),
        cmocka_unit_test(test_parse_and_know),
        cmocka_unit_test(test_array_of_reports),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_report_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
