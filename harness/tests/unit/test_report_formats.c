/* Unit tests for the report model (verdict, exit code) and its four writers,
 * on reports built from the tools' real output (tests/fixtures). The JSON is
 * read back with jansson, the JUnit XML with libxml2, and the SARIF is
 * validated against the official SARIF 2.1.0 schema
 * (tests/fixtures/sarif-schema-2.1.0.json, from the OASIS sarif-spec
 * repository) with Debian's python3-jsonschema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "sys/version.h"
#include "tools/helgrind_parse.h"
#include "tools/lockgraph_parse.h"
#include "findings/merge.h"
#include "reports/report.h"
#include "tools/tsan_parse.h"

#ifndef FIXTURES
#error "build with -DFIXTURES='\"/path/to/harness/tests/fixtures\"'"
#endif

#define PROG "/work/main/harness/tests/fixtures/programs/"

static void merge_fixture(struct report *r, enum tool_id tool, const char *name)
{
    static const char *const fmt[] = {
        [TOOL_LOCKGRAPH] = "%s/lockgraph/%s.json",
        [TOOL_TSAN] = "%s/tsan/%s.txt",
        [TOOL_HELGRIND] = "%s/helgrind/%s.xml",
    };
    char path[1024];
    snprintf(path, sizeof path, fmt[tool], FIXTURES, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open fixture %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc(n > 0 ? (size_t)n : 1);
    size_t len = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    struct finding_list l = {0};
    int got = tool == TOOL_LOCKGRAPH ? lockgraph_parse_json(buf, len, NULL, &l)
              : tool == TOOL_TSAN    ? tsan_parse(buf, len, NULL, &l)
                                     : helgrind_parse_xml(buf, len, NULL, &l);
    assert_true(got >= 0);
    free(buf);
    merge_findings(&r->findings, &l);
    finding_list_free(&l);
}

/* abba and two_races under lockgraph and tsan, helgrind skipped */
static void build_report(struct report *r)
{
    report_init(r, "buggy_examples/abba.c");
    struct tool_run *t = report_set_tool(r, TOOL_LOCKGRAPH, "ran", NULL);
    t->exit_status = 66;
    t->seconds = 0.123;
    t = report_set_tool(r, TOOL_TSAN, "ran", NULL);
    t->exit_status = 66;
    t->seconds = 0.41;
    report_set_tool(r, TOOL_HELGRIND, "skipped", "valgrind is not installed");
    merge_fixture(r, TOOL_LOCKGRAPH, "abba");
    merge_fixture(r, TOOL_TSAN, "abba");
    merge_fixture(r, TOOL_TSAN, "two_races");
    findings_sort(&r->findings);
}

/* the writer's output as a NUL-terminated string */
static char *render(int (*writer)(FILE *, const struct report *), const struct report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(writer(m, r), 0);
    fclose(m);
    return buf;
}

static void assert_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("output lacks '%s':\n%s", part, text);
}

/* ---- model ---- */

static void test_verdict_and_exit_code(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "x.c");
    assert_string_equal(report_verdict(&r), "error"); /* no tool ran */
    assert_int_equal(report_exit_code(&r), 3);
    report_set_tool(&r, TOOL_HELGRIND, "skipped", "not installed");
    assert_string_equal(report_verdict(&r), "error");
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    assert_string_equal(report_verdict(&r), "clean");
    assert_int_equal(report_exit_code(&r), 0);
    /* a tool that did not get to its end beside a clean run: no verdict */
    char why[300];
    report_set_tool(&r, TOOL_TSAN, "failed", "clang not found");
    assert_string_equal(report_verdict(&r), "error");
    assert_int_equal(report_exit_code(&r), 3);
    report_error_text(&r, why, sizeof why);
    assert_non_null(strstr(why, "tsan failed (clang not found)"));
    report_set_tool(&r, TOOL_TSAN, "timeout", "600 s");
    assert_string_equal(report_verdict(&r), "error");
    report_set_tool(&r, TOOL_TSAN, "stopped", "lockgraph saw the deadlock");
    assert_string_equal(report_verdict(&r), "error");
    assert_int_equal(report_exit_code(&r), 3);
    assert_int_equal(r.ntools, 3); /* set again, not added */
    /* a note never decides */
    report_set_tool(&r, TOOL_TSAN, "ran", NULL);
    finding_make_note(finding_list_add(&r.findings, KIND_MISUSE, TOOL_TSAN, "thread leak"),
                      "a finished thread", 0);
    assert_string_equal(report_verdict(&r), "clean");
    assert_int_equal(report_exit_code(&r), 0);
    report_error_text(&r, why, sizeof why);
    assert_string_equal(why, "");
    report_set_tool(&r, TOOL_TSAN, "timeout", "600 s");
    /* findings outrank the failed tool */
    finding_list_add(&r.findings, KIND_DATA_RACE, TOOL_LOCKGRAPH, "s");
    assert_string_equal(report_verdict(&r), "buggy");
    assert_int_equal(report_exit_code(&r), 1);
    /* the build failed */
    r.error_message = "cc: error: x.c: No such file";
    assert_string_equal(report_verdict(&r), "error");
    assert_int_equal(report_exit_code(&r), 3);
    /* only a timed-out tool: no verdict */
    struct report t;
    report_init(&t, "y");
    report_set_tool(&t, TOOL_LOCKGRAPH, "timeout", NULL);
    assert_string_equal(report_verdict(&t), "error");
    assert_int_equal(report_exit_code(&t), 3);
    /* the verdict field, when set, is what writers print; report_verdict computes */
    t.verdict = "buggy";
    assert_string_equal(report_verdict(&t), "error");
    assert_string_equal(report_effective_verdict(&t), "buggy");
    assert_null(report_tool(&t, TOOL_TSAN));
    assert_non_null(report_tool(&t, TOOL_LOCKGRAPH));
    report_free(&r);
    report_free(&t);
    for (int k = 0; k < KIND_COUNT; k++) {
        assert_true(strlen(report_kind_title((enum finding_kind)k)) > 10);
        assert_true(strlen(report_kind_explanation((enum finding_kind)k)) > 100);
        assert_true(strlen(report_kind_help((enum finding_kind)k)) > 30);
    }
    assert_int_equal(report_write(stdout, &t, "yaml"), -2);
}

/* ---- text ---- */

static void test_text(void **state)
{
    (void)state;
    struct report r;
    build_report(&r);
    char *out = render(report_write_text, &r);
    assert_has(out, "racecheck report for buggy_examples/abba.c\n");
    assert_has(out, "verdict: buggy (3 findings)");
    assert_has(out, "helgrind  skipped  (valgrind is not installed)");
    assert_has(out, "tsan      ran      exit 66, 0.41 s");
    assert_has(out, "Finding 3 of 3: lock-order-inversion");
    assert_has(out, "lock order mu_first -> mu_second in worker_a,");
    assert_has(out, ":14 in worker_a\n");
    assert_has(out, "  found by: lockgraph, tsan\n");
    /* a race cannot be found by lockgraph: it is not listed as missing it */
    assert_has(out, "Finding 1 of 3: data-race");
    assert_has(out, "what it means: Two threads accessed the same memory");
    assert_has(out, "what it means: see finding 1.");
    assert_has(out, "how to fix it:");
    /* the closing line */
    const char *last = strrchr(out, '\n');
    assert_non_null(last);
    assert_true(last[1] == '\0');
    const char *line = out + strlen(out) - 1;
    while (line > out && line[-1] != '\n')
        line--;
    assert_string_equal(line, "buggy: 3 findings (2 data-race, 1 lock-order-inversion) in "
                              "buggy_examples/abba.c; ran: lockgraph, tsan; skipped: helgrind\n");
    /* no wrapped line longer than 80 columns (paths and the closing line are
     * not wrapped) */
    for (const char *p = out; *p;) {
        size_t n = strcspn(p, "\n");
        char *line_copy = strndup(p, n);
        int exempt = strstr(line_copy, ".c:") || strstr(line_copy, "buggy: 3 findings");
        free(line_copy);
        if (n > 80 && !exempt)
            fail_msg("long line: %.*s", (int)n, p);
        p += n + (p[n] != 0);
    }
    free(out);
    report_free(&r);
}

/* "not by" names only tools that ran and can see the kind; --repeat counts */
static void test_text_agreement_and_repeat(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "abba.c");
    r.repeat = 5;
    for (int t = 0; t < 3; t++) {
        struct tool_run *tr = report_set_tool(&r, (enum tool_id)t, "ran", NULL);
        tr->runs = 5;
    }
    for (int run = 0; run < 5; run++) {
        merge_fixture(&r, TOOL_LOCKGRAPH, "abba");
        if (run < 3)
            merge_fixture(&r, TOOL_TSAN, "abba");
    }
    findings_sort(&r.findings);
    char *out = render(report_write_text, &r);
    assert_has(out, "found by: lockgraph 5/5 runs, tsan 3/5 runs; not by: helgrind (0/5 runs)\n");
    assert_has(out, "each tool run 5 times");
    free(out);

    r.repeat = 1;
    out = render(report_write_text, &r);
    assert_has(out, "found by: lockgraph, tsan; not by: helgrind\n");
    free(out);
    report_free(&r);

    /* the build failed: the error, no tools */
    report_init(&r, "broken.c");
    r.error_message = "broken.c:3: error: expected ';'";
    out = render(report_write_text, &r);
    assert_has(out, "verdict: error\n");
    assert_has(out, "error: broken.c:3: error: expected ';'");
    assert_has(out, "  none ran\n");
    assert_has(out, "\nerror: 0 findings in broken.c\n");
    free(out);
    report_free(&r);
}

/* ---- JSON ---- */

static json_t *json_of(const struct report *r)
{
    char *out = render(report_write_json, r);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    if (!root)
        fail_msg("JSON does not parse: %s at %d\n%s", err.text, err.position, out);
    free(out);
    return root;
}

static void test_json(void **state)
{
    (void)state;
    struct report r;
    build_report(&r);
    json_t *root = json_of(&r);
    /* exactly DESIGN.md's top-level keys, the version among them */
    assert_int_equal(json_object_size(root), 6);
    assert_int_equal(json_integer_value(json_object_get(root, "racecheck")), 1);
    assert_string_equal(json_string_value(json_object_get(root, "version")), RACECHECK_VERSION);
    assert_string_equal(json_string_value(json_object_get(root, "target")), "buggy_examples/abba.c");
    assert_string_equal(json_string_value(json_object_get(root, "verdict")), "buggy");

    json_t *tools = json_object_get(root, "tools");
    assert_int_equal(json_array_size(tools), 3);
    json_t *lg = json_array_get(tools, 0);
    assert_string_equal(json_string_value(json_object_get(lg, "name")), "lockgraph");
    assert_string_equal(json_string_value(json_object_get(lg, "status")), "ran");
    assert_int_equal(json_integer_value(json_object_get(lg, "exit_status")), 66);
    assert_true(json_is_number(json_object_get(lg, "seconds")));
    assert_true(json_number_value(json_object_get(lg, "seconds")) > 0.12 &&
                json_number_value(json_object_get(lg, "seconds")) < 0.124);
    assert_null(json_object_get(lg, "reason"));
    json_t *hg = json_array_get(tools, 2);
    assert_string_equal(json_string_value(json_object_get(hg, "status")), "skipped");
    assert_string_equal(json_string_value(json_object_get(hg, "reason")), "valgrind is not installed");

    json_t *findings = json_object_get(root, "findings");
    assert_int_equal(json_array_size(findings), 3);
    json_t *inv = json_array_get(findings, 2);
    assert_string_equal(json_string_value(json_object_get(inv, "kind")), "lock-order-inversion");
    json_t *ftools = json_object_get(inv, "tools");
    assert_int_equal(json_array_size(ftools), 2);
    assert_string_equal(json_string_value(json_array_get(ftools, 0)), "lockgraph");
    assert_string_equal(json_string_value(json_array_get(ftools, 1)), "tsan");
    assert_string_equal(json_string_value(json_object_get(inv, "summary")),
                        "lock order mu_first -> mu_second in worker_a, mu_second -> mu_first in worker_b");
    json_t *locs = json_object_get(inv, "locations");
    assert_int_equal(json_array_size(locs), 2);
    json_t *l0 = json_array_get(locs, 0);
    assert_int_equal(json_object_size(l0), 3);
    assert_string_equal(json_string_value(json_object_get(l0, "file")), PROG "abba.c");
    assert_int_equal(json_integer_value(json_object_get(l0, "line")), 14);
    assert_string_equal(json_string_value(json_object_get(l0, "function")), "worker_a");
    assert_null(json_object_get(inv, "runs")); /* one run: no counts */
    json_t *race = json_array_get(findings, 0);
    assert_string_equal(json_string_value(json_object_get(race, "kind")), "data-race");
    json_decref(root);

    /* --repeat: runs per tool */
    r.repeat = 3;
    r.findings.items[2].runs[TOOL_LOCKGRAPH] = 3;
    r.findings.items[2].runs[TOOL_TSAN] = 2;
    root = json_of(&r);
    inv = json_array_get(json_object_get(root, "findings"), 2);
    json_t *runs = json_object_get(inv, "runs");
    assert_int_equal(json_object_size(runs), 2);
    assert_int_equal(json_integer_value(json_object_get(runs, "lockgraph")), 3);
    assert_int_equal(json_integer_value(json_object_get(runs, "tsan")), 2);
    json_decref(root);
    report_free(&r);
}

static void test_json_odd_strings(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "we\xffird \"target\"");
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    r.error_message = NULL;
    struct finding *f = finding_list_add(&r.findings, KIND_CRASH, TOOL_LOCKGRAPH, "bad \xc3 utf8\x01");
    finding_add_location(f, NULL, 0, NULL);
    json_t *root = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(root, "target")), "we?ird \"target\"");
    json_t *f0 = json_array_get(json_object_get(root, "findings"), 0);
    assert_string_equal(json_string_value(json_object_get(f0, "summary")), "bad ? utf8?");
    json_t *l0 = json_array_get(json_object_get(f0, "locations"), 0);
    assert_true(json_is_null(json_object_get(l0, "file")));
    assert_int_equal(json_integer_value(json_object_get(l0, "line")), 0);
    json_decref(root);
    report_free(&r);

    /* an error report says why */
    report_init(&r, "broken.c");
    r.error_message = "build failed";
    root = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(root, "verdict")), "error");
    assert_string_equal(json_string_value(json_object_get(root, "error")), "build failed");
    assert_int_equal(json_array_size(json_object_get(root, "tools")), 0);
    assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
    json_decref(root);
    report_free(&r);
}

/* ---- SARIF ---- */

/* writes r as SARIF to a temp file, validates it against the official
 * schema, and returns it parsed */
static json_t *sarif_of(const struct report *r)
{
    char path[] = "/tmp/racecheck-sarif-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_int_equal(report_write_sarif(fp, r), 0);
    fclose(fp);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import json,jsonschema,sys; "
             "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\" "
             "%s %s/sarif-schema-2.1.0.json",
             path, FIXTURES);
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("SARIF in %s does not validate against the SARIF 2.1.0 schema (%d)", path, rc);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    assert_non_null(root);
    unlink(path);
    return root;
}

static void test_sarif(void **state)
{
    (void)state;
    /* the recorded paths moved under the working directory, wherever the
     * checkout is: uris come out relative to it */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    struct report r;
    build_report(&r);
    for (size_t i = 0; i < r.findings.count; i++)
        for (size_t j = 0; j < r.findings.items[i].nlocations; j++) {
            char **file = &r.findings.items[i].locations[j].file;
            const char *rec = "/work/main/";
            if (*file && strncmp(*file, rec, strlen(rec)) == 0) {
                char *moved;
                assert_true(asprintf(&moved, "%s/%s", cwd, *file + strlen(rec)) > 0);
                free(*file);
                *file = moved;
            }
        }
    json_t *root = sarif_of(&r);
    assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
    assert_non_null(strstr(json_string_value(json_object_get(root, "$schema")), "sarif-schema-2.1.0.json"));
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    assert_string_equal(json_string_value(json_object_get(driver, "name")), "racecheck");
    assert_string_equal(json_string_value(json_object_get(driver, "version")), RACECHECK_VERSION);
    json_t *rules = json_object_get(driver, "rules");
    assert_int_equal(json_array_size(rules), KIND_COUNT);
    for (int k = 0; k < KIND_COUNT; k++) {
        json_t *rule = json_array_get(rules, (size_t)k);
        assert_string_equal(json_string_value(json_object_get(rule, "id")),
                            finding_kind_name((enum finding_kind)k));
        assert_non_null(json_string_value(json_object_get(json_object_get(rule, "shortDescription"), "text")));
        assert_non_null(json_string_value(json_object_get(json_object_get(rule, "fullDescription"), "text")));
        assert_non_null(json_string_value(json_object_get(json_object_get(rule, "help"), "text")));
        const char *level = json_string_value(
            json_object_get(json_object_get(rule, "defaultConfiguration"), "level"));
        assert_true(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0);
    }
    json_t *results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 3);
    json_t *inv = json_array_get(results, 2);
    assert_string_equal(json_string_value(json_object_get(inv, "ruleId")), "lock-order-inversion");
    assert_int_equal(json_integer_value(json_object_get(inv, "ruleIndex")), KIND_LOCK_ORDER_INVERSION);
    assert_string_equal(json_string_value(json_object_get(inv, "level")), "error");
    /* the summary, then a link to the related location (SARIF's "[text](id)") */
    char *want;
    assert_true(asprintf(&want, "%s; also [T2 (worker_b) acquires M0 while holding M1 at abba.c:26](1)",
                         r.findings.items[2].summary) > 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(inv, "message"), "text")),
                        want);
    free(want);
    /* lockgraph's recording says no steps, TSan's does: the merged finding
     * has TSan's interleaving, one thread flow per thread */
    json_t *tfs = json_object_get(json_array_get(json_object_get(inv, "codeFlows"), 0), "threadFlows");
    assert_int_equal(json_array_size(tfs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(tfs, 0), "id")), "T1 (worker_a)");
    assert_string_equal(json_string_value(json_object_get(json_array_get(tfs, 1), "id")), "T2 (worker_b)");
    json_t *locs = json_object_get(inv, "locations");
    assert_int_equal(json_array_size(locs), 1);
    json_t *phys = json_object_get(json_array_get(locs, 0), "physicalLocation");
    json_t *art = json_object_get(phys, "artifactLocation");
    assert_string_equal(json_string_value(json_object_get(art, "uri")),
                        "harness/tests/fixtures/programs/abba.c");
    assert_string_equal(json_string_value(json_object_get(art, "uriBaseId")), "%SRCROOT%");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 14);
    json_t *related = json_object_get(inv, "relatedLocations");
    assert_int_equal(json_array_size(related), 1);
    json_t *rel0 = json_array_get(related, 0);
    assert_int_equal(json_integer_value(json_object_get(rel0, "id")), 1);
    assert_non_null(json_string_value(json_object_get(json_object_get(rel0, "message"), "text")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(rel0, "physicalLocation"), "region"), "startLine")), 26);
    const char *fp = json_string_value(
        json_object_get(json_object_get(inv, "partialFingerprints"), "racecheckFindingHash/v1"));
    assert_non_null(fp);
    assert_int_equal(strlen(fp), 16);
    char fp_copy[17];
    strcpy(fp_copy, fp);
    /* the two races differ in fingerprint */
    const char *fp_a = json_string_value(json_object_get(json_object_get(json_array_get(results, 0), "partialFingerprints"), "racecheckFindingHash/v1"));
    const char *fp_b = json_string_value(json_object_get(json_object_get(json_array_get(results, 1), "partialFingerprints"), "racecheckFindingHash/v1"));
    assert_string_not_equal(fp_a, fp_b);
    json_decref(root);

    /* stable: the same bug with its locations in another order, in another
     * directory, has the same fingerprint */
    struct finding *f = &r.findings.items[2];
    struct location tmp = f->locations[0];
    f->locations[0] = f->locations[1];
    f->locations[1] = tmp;
    free(f->locations[0].file);
    f->locations[0].file = strdup("/elsewhere/abba.c");
    root = sarif_of(&r);
    inv = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results"), 2);
    assert_string_equal(json_string_value(json_object_get(json_object_get(inv, "partialFingerprints"), "racecheckFindingHash/v1")), fp_copy);
    /* outside the working directory: an absolute file URI */
    art = json_object_get(json_object_get(json_array_get(json_object_get(inv, "locations"), 0), "physicalLocation"), "artifactLocation");
    assert_string_equal(json_string_value(json_object_get(art, "uri")), "file:///elsewhere/abba.c");
    assert_null(json_object_get(art, "uriBaseId"));
    json_decref(root);
    report_free(&r);
}

static void test_sarif_edge_cases(void **state)
{
    (void)state;
    /* a clean run, an error run, and odd findings: all valid SARIF */
    struct report r;
    report_init(&r, "clean.c");
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    report_set_tool(&r, TOOL_TSAN, "timeout", "600 s");
    report_set_tool(&r, TOOL_HELGRIND, "skipped", NULL);
    json_t *root = sarif_of(&r);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    /* TSan did not finish: no verdict, the execution did not succeed */
    assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
    assert_int_equal(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 2);
    json_decref(root);

    r.error_message = "build <failed> & \"stopped\"";
    struct finding *f = finding_list_add(&r.findings, KIND_HANG, TOOL_LOCKGRAPH, NULL);
    finding_add_location(f, "odd dir/with space#and%.c", 0, NULL); /* no region */
    finding_add_location(f, NULL, 7, "fn");
    f = finding_list_add(&r.findings, KIND_MISUSE, TOOL_TSAN, "no \xff location");
    r.repeat = 2;
    root = sarif_of(&r);
    run = json_array_get(json_object_get(root, "runs"), 0);
    inv = json_array_get(json_object_get(run, "invocations"), 0);
    assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
    json_t *res = json_array_get(json_object_get(run, "results"), 0);
    json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
    assert_null(json_object_get(phys, "region"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
                        "odd%20dir/with%20space%23and%25.c");
    assert_string_equal(json_string_value(json_object_get(json_object_get(res, "message"), "text")),
                        "hang; also [fn](1)");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(res, "properties"), "runs"), "lockgraph")), 1);
    json_t *res2 = json_array_get(json_object_get(run, "results"), 1);
    assert_int_equal(json_array_size(json_object_get(res2, "locations")), 0);
    assert_string_equal(json_string_value(json_object_get(res2, "level")), "warning");
    json_decref(root);
    report_free(&r);
}

static void test_sarif_thread_flows(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "philosophers.c");
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    struct finding *f = finding_list_add(&r.findings, KIND_DEADLOCK, TOOL_LOCKGRAPH,
                                         "T1 waits for fork_lock[1] holding fork_lock[0]");
    finding_add_location(f, "/src/p.c", 20, "philosopher");
    finding_add_location(f, "/src/p.c", 21, "philosopher");
    finding_add_flow_step(f, TOOL_LOCKGRAPH, "T1 (philosopher)", "acquires fork_lock[0]", "/src/p.c", 19, "philosopher");
    finding_add_flow_step(f, TOOL_LOCKGRAPH, "T1 (philosopher)", "waits for fork_lock[1]", "/src/p.c", 20, "philosopher");
    finding_add_flow_step(f, TOOL_LOCKGRAPH, "T2 (philosopher)", "acquires fork_lock[1]", "/src/p.c", 19, "philosopher");
    finding_add_flow_step(f, TOOL_LOCKGRAPH, "T2 (philosopher)", "waits for fork_lock[0]", "/src/p.c", 21, "philosopher");
    finding_label_locations(f);
    json_t *root = sarif_of(&r);
    json_t *res = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results"), 0);
    /* the summary's own brackets are escaped, the link's are not */
    assert_string_equal(json_string_value(json_object_get(json_object_get(res, "message"), "text")),
                        "T1 waits for fork_lock\\[1\\] holding fork_lock\\[0\\]; also "
                        "[T2 (philosopher) waits for fork_lock\\[0\\] at p.c:21](1)");
    assert_string_equal(json_string_value(json_object_get(json_object_get(
                            json_array_get(json_object_get(res, "relatedLocations"), 0), "message"), "text")),
                        "T2 (philosopher) waits for fork_lock[0]");
    json_t *flows = json_object_get(res, "codeFlows");
    assert_int_equal(json_array_size(flows), 1);
    json_t *tfs = json_object_get(json_array_get(flows, 0), "threadFlows");
    assert_int_equal(json_array_size(tfs), 2);
    static const char *const ids[] = {"T1 (philosopher)", "T2 (philosopher)"};
    static const char *const steps[2][2] = {{"acquires fork_lock[0]", "waits for fork_lock[1]"},
                                            {"acquires fork_lock[1]", "waits for fork_lock[0]"}};
    static const int lines[2][2] = {{19, 20}, {19, 21}};
    for (size_t t = 0; t < 2; t++) {
        json_t *tf = json_array_get(tfs, t);
        assert_string_equal(json_string_value(json_object_get(tf, "id")), ids[t]);
        assert_string_equal(json_string_value(json_object_get(json_object_get(tf, "message"), "text")), ids[t]);
        json_t *locs = json_object_get(tf, "locations");
        assert_int_equal(json_array_size(locs), 2);
        for (size_t k = 0; k < 2; k++) {
            json_t *tfl = json_array_get(locs, k);
            /* both threads take their first fork, then both wait */
            assert_int_equal(json_integer_value(json_object_get(tfl, "executionOrder")), (long)(k * 2 + t + 1));
            json_t *loc = json_object_get(tfl, "location");
            assert_string_equal(json_string_value(json_object_get(json_object_get(loc, "message"), "text")), steps[t][k]);
            assert_int_equal(json_integer_value(json_object_get(json_object_get(
                                 json_object_get(loc, "physicalLocation"), "region"), "startLine")), lines[t][k]);
        }
    }
    json_decref(root);
    report_free(&r);
}

/* ---- JUnit ---- */

static long xcount(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    long n = o->type == XPATH_NUMBER ? (long)o->floatval
             : o->nodesetval         ? o->nodesetval->nodeNr
                                     : 0;
    xmlXPathFreeObject(o);
    return n;
}

static char *xstr(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    char *copy = strdup((const char *)s);
    xmlFree(s);
    return copy;
}

static void assert_xstr(xmlXPathContextPtr ctx, const char *expr, const char *want)
{
    char *got = xstr(ctx, expr);
    if (strcmp(got, want) != 0)
        fail_msg("%s = '%s', wanted '%s'", expr, got, want);
    free(got);
}

/* r as JUnit, parsed, and valid against the strict Ant schema */
static xmlDocPtr junit_of(const struct report *r, char **text)
{
    char *out = render(report_write_junit, r);
    xmlDocPtr doc = xmlReadMemory(out, (int)strlen(out), "junit.xml", NULL, XML_PARSE_NONET);
    if (!doc)
        fail_msg("JUnit XML does not parse:\n%s", out);
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(FIXTURES "/junit-ant-strict.xsd");
    xmlSchemaPtr schema = parser ? xmlSchemaParse(parser) : NULL;
    xmlSchemaValidCtxtPtr valid = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    assert_non_null(valid);
    if (xmlSchemaValidateDoc(valid, doc) != 0)
        fail_msg("JUnit XML is not valid against the strict Ant schema:\n%s", out);
    xmlSchemaFreeValidCtxt(valid);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(parser);
    if (text)
        *text = out;
    else
        free(out);
    return doc;
}

static void test_junit(void **state)
{
    (void)state;
    struct report r;
    build_report(&r);
    report_set_tool(&r, TOOL_HELGRIND, "failed", "valgrind: exit 1");
    report_set_tool(&r, TOOL_DRD, "skipped", "not asked for");
    /* a summary that needs escaping */
    free(r.findings.items[0].summary);
    r.findings.items[0].summary = strdup("race on a<b && \"x\" > 'y'");
    xmlDocPtr doc = junit_of(&r, NULL);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_int_equal(xcount(ctx, "/testsuite"), 1);
    assert_xstr(ctx, "/testsuite/@name", "racecheck");
    assert_xstr(ctx, "/testsuite/properties/property[@name='racecheck.version']/@value", RACECHECK_VERSION);
    /* a case per tool run and one per finding: an inversion two tools saw is one failure */
    assert_int_equal(xcount(ctx, "//testcase"), 7);
    assert_xstr(ctx, "/testsuite/@tests", "7");
    assert_xstr(ctx, "/testsuite/@failures", "3");
    assert_xstr(ctx, "/testsuite/@errors", "1");
    assert_xstr(ctx, "/testsuite/@skipped", "1");
    assert_int_equal(xcount(ctx, "/testsuite/@timestamp"), 1);
    assert_int_equal(xcount(ctx, "/testsuite/@hostname"), 1);
    /* no dot in a classname: Jenkins reads what follows the last as the class */
    assert_xstr(ctx, "//testcase[1]/@classname", "buggy_examples/abba_c");
    assert_xstr(ctx, "//testcase[1]/@name", "lockgraph");
    assert_int_equal(xcount(ctx, "//testcase[@name='lockgraph']/*"), 0);
    assert_int_equal(xcount(ctx, "//failure[@type='lock-order-inversion']"), 1);
    assert_int_equal(xcount(ctx, "//failure[@type='data-race']"), 2);
    char *inversion = xstr(ctx, "//failure[@type='lock-order-inversion']");
    assert_non_null(strstr(inversion, "found by: lockgraph tsan"));
    free(inversion);
#define ESCAPED "//failure[starts-with(@message, 'race on a<b &&')]"
    assert_int_equal(xcount(ctx, ESCAPED), 1);
    assert_xstr(ctx, ESCAPED "/@message", "race on a<b && \"x\" > 'y'");
    char *body = xstr(ctx, ESCAPED);
#undef ESCAPED
    assert_non_null(strstr(body, "race on a<b && \"x\" > 'y'"));
    assert_non_null(strstr(body, "two_races.c:28 in main"));
    assert_non_null(strstr(body, "found by: tsan"));
    free(body);
    assert_int_equal(xcount(ctx, "//testcase[@name='helgrind']/error"), 1);
    assert_xstr(ctx, "//testcase[@name='helgrind']/error/@type", "failed");
    assert_int_equal(xcount(ctx, "//testcase[@name='drd']/skipped"), 1);
    assert_xstr(ctx, "//testcase[@name='drd']/skipped/@message", "not asked for");
    assert_xstr(ctx, "//property[@name='verdict']/@value", "buggy");
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    report_free(&r);
}

static void test_junit_escaping_and_errors(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, "dir/<odd> & \"name\".c");
    r.error_message = "cc: error: <stdin> & \"quoted\"\nsecond line \x01\xff";
    char *text;
    xmlDocPtr doc = junit_of(&r, &text);
    /* the escapes, as written */
    assert_non_null(strstr(text, "classname=\"dir/&lt;odd&gt; &amp; &quot;name&quot;_c\""));
    assert_non_null(strstr(text, "&lt;stdin&gt; &amp; &quot;quoted&quot;"));
    free(text);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_int_equal(xcount(ctx, "//testcase"), 1);
    assert_xstr(ctx, "//testcase/@name", "build");
    assert_xstr(ctx, "//testcase/@classname", "dir/<odd> & \"name\"_c");
    assert_xstr(ctx, "//testcase/error/@message", "cc: error: <stdin> & \"quoted\"\nsecond line ??");
    assert_xstr(ctx, "/testsuite/@errors", "1");
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    r.error_message = NULL;

    /* a finding of a tool with no tool run entry still shows */
    report_set_tool(&r, TOOL_LOCKGRAPH, "ran", NULL);
    finding_list_add(&r.findings, KIND_CRASH, TOOL_HELGRIND, "killed by SIGSEGV");
    doc = junit_of(&r, NULL);
    ctx = xmlXPathNewContext(doc);
    assert_int_equal(xcount(ctx, "//testcase"), 2);
    assert_int_equal(xcount(ctx, "//testcase[@name='lockgraph']/failure"), 0);
    assert_xstr(ctx, "//testcase[@name='crash']/failure/@type", "crash");
    assert_xstr(ctx, "/testsuite/@failures", "1");
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_and_exit_code),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_agreement_and_repeat),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_odd_strings),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_sarif_edge_cases),
        cmocka_unit_test(test_sarif_thread_flows),
        cmocka_unit_test(test_junit),
        cmocka_unit_test(test_junit_escaping_and_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
