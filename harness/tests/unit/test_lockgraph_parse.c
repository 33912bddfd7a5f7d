/* Unit tests for lockgraph_parse, on real reports of this repository's
 * detector (tests/fixtures/lockgraph/NAME.json), recorded with
 *   gcc -g -O1 -pthread -o NAME SRC.c
 *   racecheck run --format=json --output=NAME.json --hang-timeout=1 -- ./NAME
 * from tests/fixtures/programs/NAME.c (the programs of the TSan and Helgrind
 * fixtures: abba, cycle3, unlock_foreign, destroy_locked, lock_leak,
 * cond_nomutex, double_lock; race_counter and two_races are clean reports:
 * the detector does not look for races) and from /work/main/detector/tests/integration/NAME.c
 * (abba_deadlock, hang_lost_wakeup, join_detached, join_holding_lock,
 * cond_two_mutexes, recursive_ok, rwlock_upgrade, three_cycle). Cut copies:
 * note_waiter.json is a cycle the detector ruled out (a note), from
 * detector/tests/integration/note_waiter.c.
 * abba_deadlock_truncated.json (inside the second finding's stacks: 1 left),
 * header_truncated.json (before "findings": unparseable). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/lockgraph_parse.h"
#include "test_support.h"

#define PROG "/work/main/harness/tests/fixtures/programs/"
#define INTEG "/work/main/detector/tests/integration/"

static char *load(const char *rel, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "lockgraph/%s", rel);
    return fixture_load(path, len);
}

static int parse_fixture(const char *rel, struct finding_list *out)
{
    size_t len, before = out->count;
    char *text = load(rel, &len);
    int n = lockgraph_parse_json(text, len, NULL, out);
    free(text);
    if (n >= 0)
        assert_int_equal((size_t)n, out->count - before);
    else
        assert_int_equal(out->count, before);
    return n;
}

static int parse_string(const char *text, struct finding_list *out)
{
    return lockgraph_parse_json(text, strlen(text), NULL, out);
}

static void assert_lg_loc(const struct finding *f, size_t i, const char *file, int line,
                       const char *function)
{
    if (i >= f->nlocations)
        fail_msg("finding '%s' has %zu locations, wanted #%zu", f->summary, f->nlocations, i);
    const struct location *l = &f->locations[i];
    if (file)
        assert_string_equal(l->file, file);
    else
        assert_null(l->file);
    assert_int_equal(l->line, line);
    if (function)
        assert_string_equal(l->function, function);
    else
        assert_null(l->function);
}

static void assert_lockgraph(const struct finding *f, enum finding_kind kind)
{
    assert_int_equal(f->kind, kind);
    assert_int_equal(f->tools, 1u << TOOL_LOCKGRAPH);
    assert_int_equal(f->runs[TOOL_LOCKGRAPH], 1);
    for (int t = 0; t < TOOL_COUNT; t++)
        if (t != TOOL_LOCKGRAPH)
            assert_int_equal(f->runs[t], 0);
}

static void test_abba_inversion(void **state)
{
    (void)state;
    struct finding_list l = {0};
    struct lockgraph_info info;
    size_t len;
    char *text = load("abba.json", &len);
    assert_int_equal(lockgraph_parse_json_ex(text, len, NULL, &l, &info), 1);
    free(text);
    const struct finding *f = &l.items[0];
    assert_lockgraph(f, KIND_LOCK_ORDER_INVERSION);
    assert_string_equal(f->summary,
                        "lock order mu_first -> mu_second in worker_a, mu_second -> mu_first in worker_b");
    assert_int_equal(f->nlocations, 2);
    assert_lg_loc(f, 0, PROG "abba.c", 14, "worker_a");
    assert_lg_loc(f, 1, PROG "abba.c", 26, "worker_b");
    assert_int_equal(info.complete, 1);
    assert_int_equal(info.truncated, 0);
    assert_int_equal(info.nwarnings, 0);
    assert_true(info.pid > 0);
    finding_list_free(&l);
}

static void test_deadlock_and_inversion(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("abba_deadlock.json", &l), 2);
    assert_lockgraph(&l.items[0], KIND_LOCK_ORDER_INVERSION);
    assert_string_equal(l.items[0].summary, "lock order m1 -> m2 in a, m2 -> m1 in b");
    assert_lg_loc(&l.items[0], 0, INTEG "abba_deadlock.c", 12, "a");
    assert_lg_loc(&l.items[0], 1, INTEG "abba_deadlock.c", 18, "b");
    assert_lockgraph(&l.items[1], KIND_DEADLOCK);
    assert_string_equal(l.items[1].summary,
                        "T1 waits for m2 holding m1 in a, T2 waits for m1 holding m2 in b");
    assert_int_equal(l.items[1].nlocations, 2);
    assert_lg_loc(&l.items[1], 0, INTEG "abba_deadlock.c", 12, "a");
    assert_lg_loc(&l.items[1], 1, INTEG "abba_deadlock.c", 18, "b");
    finding_list_free(&l);
}

/* abba_deadlock_flow.json: the same program recorded by a detector whose
 * stacks say whose step each is (thread, event, lock, holding) */
static void test_flow(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("abba_deadlock_flow.json", &l), 2);
    const struct finding *inv = &l.items[0], *dl = &l.items[1];
    assert_lockgraph(inv, KIND_LOCK_ORDER_INVERSION);
    /* threads in order, each one's first lock before what it took holding it */
    assert_int_equal(inv->nflow, 4);
    assert_step(inv, 0, "T1 (a)", "acquires m1", "abba_deadlock.c", 10);
    assert_step(inv, 1, "T1 (a)", "acquires m2 while holding m1", "abba_deadlock.c", 12);
    assert_step(inv, 2, "T2 (b)", "acquires m2", "abba_deadlock.c", 16);
    assert_step(inv, 3, "T2 (b)", "acquires m1 while holding m2", "abba_deadlock.c", 18);
    assert_int_equal(inv->flow_tool, TOOL_LOCKGRAPH);
    assert_int_equal(inv->flow_kind, KIND_LOCK_ORDER_INVERSION);
    assert_lockgraph(dl, KIND_DEADLOCK);
    assert_int_equal(dl->nflow, 4);
    assert_step(dl, 0, "T1 (a)", "acquires m1", "abba_deadlock.c", 10);
    assert_step(dl, 1, "T1 (a)", "waits for m2", "abba_deadlock.c", 12);
    assert_step(dl, 2, "T2 (b)", "acquires m2", "abba_deadlock.c", 16);
    assert_step(dl, 3, "T2 (b)", "waits for m1", "abba_deadlock.c", 18);
    /* the matched locations are unchanged, and say their step */
    assert_int_equal(dl->nlocations, 2);
    assert_string_equal(dl->locations[0].step, "waits for m1");
    assert_string_equal(dl->locations[0].thread, "T2 (b)");
    /* the older recording has no step fields: no flow, nothing invented */
    struct finding_list old = {0};
    assert_int_equal(parse_fixture("abba_deadlock.json", &old), 2);
    assert_int_equal(old.items[0].nflow, 0);
    assert_int_equal(old.items[1].nflow, 0);
    finding_list_free(&old);
    finding_list_free(&l);
}

static void test_hang(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("hang_lost_wakeup.json", &l), 1);
    assert_lockgraph(&l.items[0], KIND_HANG);
    assert_non_null(strstr(l.items[0].summary, "every thread blocked"));
    assert_lg_loc(&l.items[0], 0, INTEG "hang_lost_wakeup.c", 20, "main");
    assert_lg_loc(&l.items[0], 1, INTEG "hang_lost_wakeup.c", 10, "consumer");
    finding_list_free(&l);
}

static void test_cycles(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("three_cycle.json", &l), 1);
    assert_lockgraph(&l.items[0], KIND_LOCK_ORDER_INVERSION);
    assert_int_equal(l.items[0].nlocations, 3);
    assert_lg_loc(&l.items[0], 0, INTEG "three_cycle.c", 7, "t1");
    assert_lg_loc(&l.items[0], 2, INTEG "three_cycle.c", 9, "t3");
    /* three edges at one line: one location, not three */
    assert_int_equal(parse_fixture("cycle3.json", &l), 1);
    assert_int_equal(l.items[1].nlocations, 1);
    assert_lg_loc(&l.items[1], 0, PROG "cycle3.c", 13, "take_two");
    finding_list_free(&l);
}

/* one finding per fixture: its kind and first location */
static void test_misuse_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *fixture;
        enum finding_kind kind;
        const char *file;
        int line;
        const char *function;
        const char *summary_part;
    } cases[] = {
        {"unlock_foreign.json", KIND_BAD_UNLOCK, PROG "unlock_foreign.c", 9, "intruder", "held by another thread"},
        {"destroy_locked.json", KIND_DESTROY_LOCKED, PROG "destroy_locked.c", 9, "main", "destroy of a locked mutex"},
        {"lock_leak.json", KIND_LOCK_LEAK, PROG "lock_leak.c", 9, "forgetful", "holding 1 lock"},
        {"cond_nomutex.json", KIND_COND_MISUSE, PROG "cond_nomutex.c", 20, "main", "without holding its mutex"},
        {"double_lock.json", KIND_DOUBLE_LOCK, PROG "double_lock.c", 13, "main", "already holds"},
        {"join_detached.json", KIND_MISUSE, INTEG "join_detached.c", 10, "main", "join of a detached thread"},
        {"join_holding_lock.json", KIND_DEADLOCK, INTEG "join_holding_lock.c", 7, "worker", "holding m in main"},
        {"cond_two_mutexes.json", KIND_COND_MISUSE, INTEG "cond_two_mutexes.c", 13, "timed_wait", "two different mutexes"},
        {"recursive_ok.json", KIND_DOUBLE_LOCK, INTEG "recursive_ok.c", 20, "main", "non-recursive"},
        {"rwlock_upgrade.json", KIND_DEADLOCK, INTEG "rwlock_upgrade.c", 9, "main", "waits for rw holding rw"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct finding_list l = {0};
        if (parse_fixture(cases[i].fixture, &l) != 1)
            fail_msg("%s: %zu findings", cases[i].fixture, l.count);
        assert_lockgraph(&l.items[0], cases[i].kind);
        assert_lg_loc(&l.items[0], 0, cases[i].file, cases[i].line, cases[i].function);
        if (!strstr(l.items[0].summary, cases[i].summary_part))
            fail_msg("%s: summary '%s' lacks '%s'", cases[i].fixture, l.items[0].summary,
                     cases[i].summary_part);
        finding_list_free(&l);
    }
}

static void test_clean_report(void **state)
{
    (void)state;
    struct finding_list l = {0};
    struct lockgraph_info info;
    size_t len;
    char *text = load("two_races.json", &len);
    assert_int_equal(lockgraph_parse_json_ex(text, len, NULL, &l, &info), 0);
    free(text);
    assert_int_equal(info.complete, 1);
    assert_int_equal(parse_fixture("race_counter.json", &l), 0);
    assert_int_equal(l.count, 0);
}

static void test_appends(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("abba.json", &l), 1);
    assert_int_equal(parse_fixture("abba_deadlock.json", &l), 2);
    assert_int_equal(l.count, 3);
    assert_int_equal(l.items[2].kind, KIND_DEADLOCK);
    finding_list_free(&l);
}

static void test_truncated(void **state)
{
    (void)state;
    struct finding_list l = {0};
    struct lockgraph_info info;
    size_t len;
    char *text = load("abba_deadlock_truncated.json", &len);
    assert_int_equal(lockgraph_parse_json_ex(text, len, NULL, &l, &info), 1);
    free(text);
    assert_int_equal(info.truncated, 1);
    assert_int_equal(info.complete, 0);
    assert_lockgraph(&l.items[0], KIND_LOCK_ORDER_INVERSION);
    assert_lg_loc(&l.items[0], 1, INTEG "abba_deadlock.c", 18, "b");
    finding_list_free(&l);

    /* cut before "findings": nothing to go by */
    assert_int_equal(parse_fixture("header_truncated.json", &l), -1);
    assert_int_equal(l.count, 0);
}

/* every prefix of a real report: never a crash, never more than it has,
 * and -1 only before the findings array starts */
static void test_every_prefix(void **state)
{
    (void)state;
    size_t len;
    char *text = load("abba_deadlock.json", &len);
    const char *arr = strstr(text, "\"findings\":[");
    assert_non_null(arr);
    size_t arr_at = (size_t)(arr - text) + strlen("\"findings\":[");
    for (size_t cut = 0; cut <= len; cut++) {
        struct finding_list l = {0};
        char *copy = malloc(cut ? cut : 1);
        memcpy(copy, text, cut);
        int n = lockgraph_parse_json(copy, cut, NULL, &l);
        free(copy);
        if (n < -1 || n > 2 || (n >= 0 && (size_t)n != l.count))
            fail_msg("cut at %zu: %d findings", cut, n);
        if (cut >= arr_at && n < 0)
            fail_msg("cut at %zu (after the array start): -1", cut);
        if (cut < arr_at && n >= 0)
            fail_msg("cut at %zu (before the array): %d", cut, n);
        finding_list_free(&l);
    }
    free(text);
}

/* random damage (deterministic): flipped, deleted and inserted bytes */
static void test_damaged(void **state)
{
    (void)state;
    size_t len;
    char *text = load("abba_deadlock.json", &len);
    uint32_t seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 8))
    static const char specials[] = "{}[]\",:\\\0\xff\xc3 0-";
    for (int iter = 0; iter < 3000; iter++) {
        char *copy = malloc(len + 8);
        memcpy(copy, text, len);
        size_t n = len;
        int edits = 1 + (int)(RND() % 4);
        for (int e = 0; e < edits && n > 0; e++) {
            size_t at = RND() % n;
            switch (RND() % 3) {
            case 0:
                copy[at] = (RND() & 1) ? (char)(RND() & 0xff) : specials[RND() % (sizeof specials - 1)];
                break;
            case 1:
                memmove(copy + at, copy + at + 1, n - at - 1);
                n--;
                break;
            default:
                memmove(copy + at + 1, copy + at, n - at);
                copy[at] = specials[RND() % (sizeof specials - 1)];
                n++;
                break;
            }
        }
        struct finding_list l = {0};
        int r = lockgraph_parse_json(copy, n, NULL, &l);
        if (r < -1 || r > 2 || (r >= 0 && (size_t)r != l.count) || (r < 0 && l.count))
            fail_msg("iteration %d: %d findings, list %zu", iter, r, l.count);
        for (size_t i = 0; i < l.count; i++)
            assert_true((unsigned)l.items[i].kind < KIND_COUNT);
        finding_list_free(&l);
        free(copy);
    }
    free(text);
}

static void test_garbage(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "",
        "hello world",
        "{}",
        "[1,2,3]",
        "{\"racecheck\":2,\"findings\":[]}",
        "{\"racecheck\":\"1\",\"findings\":[]}",
        "{\"racecheck\":1}",
        "{\"racecheck\":1,\"findings\":{}}",
        "{\"racecheck\":1,\"findings\":",
        "{\"racecheck\"",
        "{{{{{{{{{{{{{{{{{{{{",
        "\xff\xfe\x00\x01",
        "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        struct finding_list l = {0};
        if (parse_string(inputs[i], &l) != -1 || l.count)
            fail_msg("input #%zu was not rejected", i);
    }
    struct finding_list l = {0};
    assert_int_equal(lockgraph_parse_json(NULL, 0, NULL, &l), -1);
    assert_int_equal(lockgraph_parse_json("{\"racecheck\":1,\"findings\":[]}", 0, NULL, &l), -1);
    /* deep nesting is no crash */
    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 64);
    strcpy(deep, "{\"racecheck\":1,\"findings\":[");
    size_t n = strlen(deep);
    memset(deep + n, '[', depth);
    n += depth;
    assert_true(lockgraph_parse_json(deep, n, NULL, &l) <= 0);
    free(deep);
    assert_int_equal(l.count, 0);
}

/* the document inside other stderr output, as with no --output */
static void test_surrounding_text(void **state)
{
    (void)state;
    size_t len;
    char *doc = load("abba.json", &len);
    const char *pre = "worker a done {not json}\nlockgraph: note {\"x\":1}\n";
    const char *post = "worker b done\n}]";
    size_t total = strlen(pre) + len + strlen(post);
    char *text = malloc(total);
    memcpy(text, pre, strlen(pre));
    memcpy(text + strlen(pre), doc, len);
    memcpy(text + strlen(pre) + len, post, strlen(post));
    struct finding_list l = {0};
    assert_int_equal(lockgraph_parse_json(text, total, NULL, &l), 1);
    assert_lg_loc(&l.items[0], 1, PROG "abba.c", 26, "worker_b");
    free(text);
    free(doc);
    finding_list_free(&l);
}

static void test_odd_fields(void **state)
{
    (void)state;
    const char *doc =
        "{\"racecheck\":1,\"target\":\"x\",\"complete\":false,"
        "\"warnings\":[\"lock table full\",3],\"findings\":["
        "{\"kind\":\"no-such-kind\",\"summary\":\"s\",\"locations\":[]},"
        "7,"
        "{\"kind\":\"data-race\"},"
        "{\"kind\":\"lock-leak\",\"summary\":\"bad \xff byte\",\"locations\":["
        "  {\"file\":\"\",\"line\":-3,\"function\":\"??\"},"
        "  \"not an object\","
        "  {\"file\":\"/src/a.c\",\"line\":99999999999,\"function\":\"f\"},"
        "  {\"file\":\"/src/a.c\",\"line\":5,\"function\":\"f\"},"
        "  {\"file\":\"/src/a.c\",\"line\":5,\"function\":\"f\"},"
        "  {\"file\":\"/src/a.c\",\"line\":\"6\"}]}"
        "]}";
    struct finding_list l = {0};
    struct lockgraph_info info;
    assert_int_equal(lockgraph_parse_json_ex(doc, strlen(doc), NULL, &l, &info), 2);
    assert_int_equal(info.complete, 0);
    assert_int_equal(info.truncated, 0);
    assert_int_equal(info.nwarnings, 1);
    assert_string_equal(info.warnings[0], "lock table full");
    /* no summary: the kind's name; no locations */
    assert_lockgraph(&l.items[0], KIND_DATA_RACE);
    assert_string_equal(l.items[0].summary, "data-race");
    assert_int_equal(l.items[0].nlocations, 0);
    const struct finding *f = &l.items[1];
    assert_lockgraph(f, KIND_LOCK_LEAK);
    assert_string_equal(f->summary, "bad ? byte");
    assert_int_equal(f->nlocations, 4);
    assert_lg_loc(f, 0, NULL, 0, NULL);
    assert_lg_loc(f, 1, "/src/a.c", 0, "f");
    assert_lg_loc(f, 2, "/src/a.c", 5, "f");
    assert_lg_loc(f, 3, "/src/a.c", 0, NULL);
    finding_list_free(&l);
}

/* a ruled-out cycle is a proven note with lockgraph's reason; others stay errors */
static void test_note(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("note_waiter.json", &l), 1);
    const struct finding *f = &l.items[0];
    assert_lockgraph(f, KIND_LOCK_ORDER_INVERSION);
    assert_int_equal(f->level, LEVEL_NOTE);
    assert_int_equal(f->proven, 1);
    assert_string_equal(f->note, "ruled out by lockgraph: every edge is taken under gate lock "
                                 "`waiter`, so only one thread at a time can be inside the cycle");
    assert_lg_loc(f, 0, INTEG "note_waiter.c", 17, "philosopher");
    assert_int_equal(parse_fixture("abba.json", &l), 1);
    assert_int_equal(l.items[1].level, LEVEL_ERROR);
    assert_null(l.items[1].note);
    assert_int_equal(l.items[1].proven, 0);
    finding_list_free(&l);

    const char *doc =
        "{\"racecheck\":1,\"findings\":["
        "{\"kind\":\"lock-order-inversion\",\"level\":\"note\",\"summary\":\"s\"},"
        "{\"kind\":\"lock-order-inversion\",\"level\":\"error\",\"note\":\"n\"},"
        "{\"kind\":\"lock-order-inversion\",\"level\":7,\"note\":\"n\"}]}";
    assert_int_equal(parse_string(doc, &l), 3);
    /* a note without its text still says who ruled it out */
    assert_int_equal(l.items[0].level, LEVEL_NOTE);
    assert_string_equal(l.items[0].note, "ruled out by lockgraph");
    assert_int_equal(l.items[1].level, LEVEL_ERROR);
    assert_null(l.items[1].note);
    assert_int_equal(l.items[2].level, LEVEL_ERROR);
    finding_list_free(&l);
}

static void test_filter(void **state)
{
    (void)state;
    const char *doc =
        "{\"racecheck\":1,\"findings\":[{\"kind\":\"lock-leak\",\"summary\":\"s\",\"locations\":["
        "{\"file\":\"./nptl/pthread_create.c\",\"line\":442,\"function\":\"start_thread\"},"
        "{\"file\":\"/home/st/hw/worker.c\",\"line\":9,\"function\":\"worker\"}]},"
        "{\"kind\":\"misuse\",\"summary\":\"t\",\"locations\":["
        "{\"file\":\"./nptl/pthread_join.c\",\"line\":20,\"function\":\"pthread_join\"}]}]}";
    struct finding_list l = {0};
    /* no filter: as the detector gave them */
    assert_int_equal(lockgraph_parse_json(doc, strlen(doc), NULL, &l), 2);
    assert_int_equal(l.items[0].nlocations, 2);
    finding_list_free(&l);

    /* a filter without program files drops glibc's frames */
    struct frame_filter any = {0};
    assert_int_equal(lockgraph_parse_json(doc, strlen(doc), &any, &l), 2);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_lg_loc(&l.items[0], 0, "/home/st/hw/worker.c", 9, "worker");
    /* ... but never all of them */
    assert_int_equal(l.items[1].nlocations, 1);
    assert_lg_loc(&l.items[1], 0, "./nptl/pthread_join.c", 20, "pthread_join");
    finding_list_free(&l);

    /* the program's files by name */
    const char *files[] = {"hw/worker.c"};
    struct frame_filter prog = {files, 1};
    assert_int_equal(lockgraph_parse_json(doc, strlen(doc), &prog, &l), 2);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_lg_loc(&l.items[0], 0, "/home/st/hw/worker.c", 9, "worker");
    finding_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abba_inversion),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_deadlock_and_inversion),
        cmocka_unit_test(test_hang),
        cmocka_unit_test(test_cycles),
        cmocka_unit_test(test_misuse_kinds),
        cmocka_unit_test(test_clean_report),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_surrounding_text),
        cmocka_unit_test(test_odd_fields),
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
