/* Unit tests for suppression files: the format (rules, comments, reasons,
 * tools=), one-line errors that name FILE:LINE, and matching against real
 * findings parsed from the recorded tool output of tests/fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/lockgraph_parse.h"
#include "findings/suppressions.h"
#include "test_support.h"
#include "tools/tsan_parse.h"

static int parse_text(struct suppressions *s, const char *text, char *error, size_t len)
{
    memset(s, 0, sizeof *s);
    error[0] = '\0';
    return suppressions_parse(s, "test.supp", text, strlen(text), error, len);
}

/* expects text to fail with a message that contains part */
static void assert_bad(const char *text, const char *part)
{
    struct suppressions s;
    char error[300];
    if (parse_text(&s, text, error, sizeof error) == 0)
        fail_msg("'%s' was accepted", text);
    if (!strstr(error, part))
        fail_msg("error '%s' lacks '%s'", error, part);
    assert_null(strchr(error, '\n'));
    suppressions_free(&s);
}

/* the findings of lockgraph (name.json) or tsan (name.txt) fixtures */
static void load(enum tool_id tool, const char *name, struct finding_list *out)
{
    char rel[256];
    snprintf(rel, sizeof rel, tool == TOOL_TSAN ? "tsan/%s.txt" : "lockgraph/%s.json", name);
    size_t len;
    char *text = fixture_load(rel, &len);
    memset(out, 0, sizeof *out);
    if (tool == TOOL_TSAN)
        tsan_parse(text, len, NULL, out);
    else
        lockgraph_parse_json(text, len, NULL, out);
    free(text);
    assert_true(out->count > 0);
}

static void test_format(void **state)
{
    (void)state;
    struct suppressions s;
    char error[300];
    const char *text = "# known problems\n"
                       "\n"
                       "   data-race:worker   # the lesson's race\r\n"
                       "lock-order-inversion:file=abba.c tools=tsan,helgrind\n"
                       "*:file=*/vendor/*\n"
                       "deadlock:*";  /* no newline at the end */
    assert_int_equal(parse_text(&s, text, error, sizeof error), 0);
    assert_int_equal(s.count, 4);
    assert_int_equal(s.rules[0].kind, KIND_DATA_RACE);
    assert_int_equal(s.rules[0].match_file, 0);
    assert_string_equal(s.rules[0].glob, "worker");
    assert_int_equal(s.rules[0].tools, 0);
    assert_string_equal(s.rules[0].origin, "test.supp:3: data-race:worker   # the lesson's race");
    assert_int_equal(s.rules[1].kind, KIND_LOCK_ORDER_INVERSION);
    assert_int_equal(s.rules[1].match_file, 1);
    assert_string_equal(s.rules[1].glob, "abba.c");
    assert_int_equal(s.rules[1].tools, (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND));
    assert_int_equal(s.rules[2].kind, -1);
    assert_string_equal(s.rules[2].glob, "*/vendor/*");
    assert_int_equal(s.rules[3].kind, KIND_DEADLOCK);
    assert_string_equal(s.rules[3].origin, "test.supp:6: deadlock:*");
    suppressions_free(&s);
}

static void test_errors(void **state)
{
    (void)state;
    assert_bad("data-race:ok\nrace:worker\n", "test.supp:2: unknown finding kind 'race'");
    assert_bad("data-race\n", "test.supp:1: expected KIND:GLOB");
    assert_bad("data-race:\n", "test.supp:1: empty function glob");
    assert_bad("data-race:file=\n", "test.supp:1: empty file glob");
    assert_bad("\n\n\ndata-race:f tools=valgrind\n", "test.supp:4: tools= takes");
    assert_bad("data-race:f tools=\n", "tools= takes");
    assert_bad("data-race:f tools=tsan,\n", "tools= takes");
    assert_bad("data-race:f tools=tsan tools=helgrind\n", "unexpected 'tools=helgrind'");
    assert_bad("data-race:f extra\n", "test.supp:1: unexpected 'extra'");
    /* an escape sequence the error message would have sent to the terminal */
    assert_bad("data-race:f\x1b[2J\n", "test.supp:1: a control character (byte 0x1b)");
    /* a NUL byte: not text */
    struct suppressions s = {0};
    char error[300];
    assert_int_equal(suppressions_parse(&s, "bin.supp", "data-race:a\n\0x\n", 15, error, sizeof error), -1);
    assert_non_null(strstr(error, "bin.supp:2: a NUL byte"));
    suppressions_free(&s);
    assert_int_equal(suppressions_load(&s, "/nonexistent/x.supp", error, sizeof error), -1);
    assert_non_null(strstr(error, "cannot read suppression file /nonexistent/x.supp"));
}

static void test_load_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_suppressions.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# header\nhang:*\n", f);
    fclose(f);
    struct suppressions s = {0};
    char error[300];
    assert_int_equal(suppressions_load(&s, path, error, sizeof error), 0);
    assert_int_equal(s.count, 1);
    assert_non_null(strstr(s.rules[0].origin, ":2: hang:*"));
    suppressions_free(&s);
    remove(path);
}

/* the rules of text that match the first finding of list: a string of '1'
 * and '0', one per rule */
static void assert_matches(const char *text, const struct finding *f, const char *want)
{
    struct suppressions s;
    char error[300], got[32] = "";
    assert_int_equal(parse_text(&s, text, error, sizeof error), 0);
    for (size_t i = 0; i < s.count && i < sizeof got - 1; i++) {
        struct suppressions one = {.rules = &s.rules[i], .count = 1};
        got[i] = suppressions_match(&one, f) ? '1' : '0';
        got[i + 1] = '\0';
    }
    if (strcmp(got, want) != 0)
        fail_msg("rules\n%s\nmatched %s, wanted %s", text, got, want);
    suppressions_free(&s);
}

static void test_match_functions_and_files(void **state)
{
    (void)state;
    struct finding_list abba;
    load(TOOL_LOCKGRAPH, "abba", &abba); /* worker_a and worker_b in .../programs/abba.c */
    const struct finding *f = &abba.items[0];
    assert_int_equal(f->kind, KIND_LOCK_ORDER_INVERSION);
    assert_matches("lock-order-inversion:worker_b\n"     /* any location's function */
                   "lock-order-inversion:worker_?\n"
                   "lock-order-inversion:worker\n"       /* a glob matches whole names */
                   "data-race:worker_a\n"                /* another kind */
                   "*:worker_a\n"
                   "lock-order-inversion:file=abba.c\n"  /* the basename */
                   "lock-order-inversion:file=*.c\n"
                   "lock-order-inversion:file=*/programs/abba.c\n" /* the path */
                   "lock-order-inversion:file=programs/abba.c\n"   /* a path glob is whole */
                   "lock-order-inversion:file=worker_a\n"          /* files, not functions */
                   "lock-order-inversion:abba.c\n"                 /* functions, not files */
                   "lock-order-inversion:*\n",
                   f, "110011110001");
    finding_list_free(&abba);
}

static void test_match_tools(void **state)
{
    (void)state;
    struct finding_list race;
    load(TOOL_TSAN, "race_counter", &race); /* seen by tsan only */
    const struct finding *f = &race.items[0];
    assert_int_equal(f->tools, 1u << TOOL_TSAN);
    assert_matches("data-race:worker tools=tsan\n"
                   "data-race:worker tools=tsan,helgrind\n"
                   "data-race:worker tools=helgrind\n"   /* tsan saw it: not waived */
                   "data-race:worker tools=lockgraph\n",
                   f, "1100");
    /* once lockgraph sees it too, a rule for tsan's false positive no longer fits */
    race.items[0].tools |= 1u << TOOL_LOCKGRAPH;
    assert_matches("data-race:worker tools=tsan\ndata-race:worker tools=tsan,lockgraph\n", f, "01");
    finding_list_free(&race);
}

static void test_star_matches_findings_without_locations(void **state)
{
    (void)state;
    struct finding_list list = {0};
    finding_list_add(&list, KIND_HANG, TOOL_LOCKGRAPH, "no progress");
    assert_matches("hang:*\nhang:main\nhang:file=*\n*:*\n", &list.items[0], "1011");
    finding_list_free(&list);
}

static void test_apply(void **state)
{
    (void)state;
    struct finding_list list;
    load(TOOL_TSAN, "two_races", &list);
    struct finding_list abba;
    load(TOOL_LOCKGRAPH, "abba", &abba);
    finding_list_add(&list, KIND_HANG, TOOL_LOCKGRAPH, "no progress");
    size_t before = list.count;
    struct finding *extra = finding_list_add(&list, abba.items[0].kind, TOOL_LOCKGRAPH, "cycle");
    finding_add_location(extra, "abba.c", 14, "worker_a");
    finding_list_free(&abba);

    struct suppressions s;
    char error[300];
    assert_int_equal(parse_text(&s, "# only the cycle\nlock-order-inversion:worker_a # ok\n", error,
                                sizeof error), 0);
    assert_int_equal(suppressions_apply(&s, &list), 1);
    for (size_t i = 0; i < list.count; i++) {
        const struct finding *f = &list.items[i];
        if (i == before) {
            assert_int_equal(f->waiver, WAIVER_SUPPRESSED);
            assert_string_equal(f->waived_by, "test.supp:2: lock-order-inversion:worker_a # ok");
            assert_false(finding_counts(f));
        } else {
            assert_int_equal(f->waiver, WAIVER_NONE);
            assert_true(finding_counts(f));
        }
    }
    /* a waived finding is not waived again */
    assert_int_equal(suppressions_apply(&s, &list), 0);
    suppressions_free(&s);
    finding_list_free(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_match_functions_and_files),
        cmocka_unit_test(test_match_tools),
        cmocka_unit_test(test_star_matches_findings_without_locations),
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
