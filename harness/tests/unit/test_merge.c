/* Unit tests for merge: the same-bug rule on real output of the three tools
 * for the same programs (tests/fixtures/{lockgraph,tsan,helgrind}/NAME.*, all
 * recorded from tests/fixtures/programs/NAME.c), --repeat counts, and sorting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/helgrind_parse.h"
#include "tools/lockgraph_parse.h"
#include "findings/merge.h"
#include "tools/tsan_parse.h"

#ifndef FIXTURES
#error "build with -DFIXTURES='\"/path/to/harness/tests/fixtures\"'"
#endif

#define PROG "/work/main/harness/tests/fixtures/programs/"
#define LG (1u << TOOL_LOCKGRAPH)
#define TS (1u << TOOL_TSAN)
#define HG (1u << TOOL_HELGRIND)

/* One tool's findings for program name; an absent fixture gives none. */
static void parse(enum tool_id tool, const char *name, struct finding_list *out)
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
    assert_non_null(buf);
    size_t len = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    int r = tool == TOOL_LOCKGRAPH ? lockgraph_parse_json(buf, len, NULL, out)
            : tool == TOOL_TSAN    ? tsan_parse(buf, len, NULL, out)
                                   : helgrind_parse_xml(buf, len, NULL, out);
    assert_true(r >= 0);
    free(buf);
}

/* merges the given tool's findings of name into into, as one batch */
static void merge_tool(struct finding_list *into, enum tool_id tool, const char *name)
{
    struct finding_list l = {0};
    parse(tool, name, &l);
    merge_findings(into, &l);
    finding_list_free(&l);
}

static void merge_all(struct finding_list *into, const char *name)
{
    merge_tool(into, TOOL_LOCKGRAPH, name);
    merge_tool(into, TOOL_TSAN, name);
    merge_tool(into, TOOL_HELGRIND, name);
    findings_sort(into);
}

static const struct finding *find(const struct finding_list *l, enum finding_kind kind,
                                  unsigned tools)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].kind == kind && l->items[i].tools == tools)
            return &l->items[i];
    fail_msg("no %s finding with tools %#x among %zu", finding_kind_name(kind), tools, l->count);
    return NULL;
}

static void assert_loc(const struct finding *f, size_t i, const char *file, int line)
{
    assert_true(i < f->nlocations);
    assert_string_equal(f->locations[i].file, file);
    assert_int_equal(f->locations[i].line, line);
}

/* lockgraph {14,26}, tsan {14,26}, helgrind {26,14,13}: one bug */
static void test_abba_all_three(void **state)
{
    (void)state;
    struct finding_list l = {0};
    merge_all(&l, "abba");
    assert_int_equal(l.count, 1);
    const struct finding *f = &l.items[0];
    assert_int_equal(f->kind, KIND_LOCK_ORDER_INVERSION);
    assert_int_equal(f->tools, LG | TS | HG);
    assert_int_equal(f->runs[TOOL_LOCKGRAPH], 1);
    assert_int_equal(f->runs[TOOL_TSAN], 1);
    assert_int_equal(f->runs[TOOL_HELGRIND], 1);
    /* lockgraph's words (lock names) and locations */
    assert_string_equal(f->summary,
                        "lock order mu_first -> mu_second in worker_a, mu_second -> mu_first in worker_b");
    assert_int_equal(f->nlocations, 2);
    assert_loc(f, 0, PROG "abba.c", 14);
    assert_loc(f, 1, PROG "abba.c", 26);
    finding_list_free(&l);
}

/* the order of merging does not change the result */
static void test_abba_any_order(void **state)
{
    (void)state;
    struct finding_list l = {0};
    merge_tool(&l, TOOL_HELGRIND, "abba");
    assert_int_equal(l.items[0].nlocations, 3);
    merge_tool(&l, TOOL_TSAN, "abba");
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].summary, "lock order M0 -> M1 in worker_a, M1 -> M0 in worker_b");
    assert_int_equal(l.items[0].nlocations, 2);
    merge_tool(&l, TOOL_LOCKGRAPH, "abba");
    assert_int_equal(l.count, 1);
    assert_int_equal(l.items[0].tools, LG | TS | HG);
    assert_non_null(strstr(l.items[0].summary, "mu_first -> mu_second"));
    finding_list_free(&l);
}

/* a finding at a.c:12 and a.c:18 whose flow has one step per line */
static void add_two_sites(struct finding_list *l, enum finding_kind kind, enum tool_id tool,
                          const char *step)
{
    struct finding *f = finding_list_add(l, kind, tool, "abba");
    finding_add_location(f, "/src/a.c", 12, "a");
    finding_add_location(f, "/src/a.c", 18, "b");
    finding_add_flow_step(f, tool, "T1 (a)", step, "/src/a.c", 12, "a");
    finding_add_flow_step(f, tool, "T2 (b)", step, "/src/a.c", 18, "b");
}

/* the merged finding's interleaving: one of its own kind first, then the
 * best tool's, in every order of merging */
static void test_flow_kept(void **state)
{
    (void)state;
    for (int order = 0; order < 2; order++) {
        struct finding_list tsan = {0}, lg = {0}, hg = {0}, into = {0};
        add_two_sites(&tsan, KIND_LOCK_ORDER_INVERSION, TOOL_TSAN, "tsan's step");
        add_two_sites(&lg, KIND_DEADLOCK, TOOL_LOCKGRAPH, "lockgraph's wait");
        add_two_sites(&hg, KIND_LOCK_ORDER_INVERSION, TOOL_HELGRIND, "helgrind's step");
        merge_findings(&into, order ? &lg : &tsan);
        merge_findings(&into, &hg);
        merge_findings(&into, order ? &tsan : &lg);
        assert_int_equal(into.count, 1);
        const struct finding *f = &into.items[0];
        assert_int_equal(f->kind, KIND_DEADLOCK);
        assert_int_equal(f->nflow, 2);
        assert_int_equal(f->flow_tool, TOOL_LOCKGRAPH);
        assert_int_equal(f->flow_kind, KIND_DEADLOCK);
        assert_string_equal(f->flow[1].step, "lockgraph's wait");
        assert_string_equal(f->locations[1].step, "lockgraph's wait");
        finding_list_free(&tsan);
        finding_list_free(&lg);
        finding_list_free(&hg);
        finding_list_free(&into);
    }
    /* inversions only: TSan's before Helgrind's, whichever came first */
    struct finding_list tsan = {0}, hg = {0}, into = {0};
    add_two_sites(&hg, KIND_LOCK_ORDER_INVERSION, TOOL_HELGRIND, "helgrind's step");
    add_two_sites(&tsan, KIND_LOCK_ORDER_INVERSION, TOOL_TSAN, "tsan's step");
    merge_findings(&into, &hg);
    merge_findings(&into, &tsan);
    assert_int_equal(into.items[0].flow_tool, TOOL_TSAN);
    assert_string_equal(into.items[0].flow[0].step, "tsan's step");
    finding_list_free(&tsan);
    finding_list_free(&hg);
    finding_list_free(&into);
}

/* 3-cycle: lockgraph {13}, tsan {13}, helgrind {13,12}: the subset rule */
static void test_cycle3_subset(void **state)
{
    (void)state;
    struct finding_list l = {0};
    merge_all(&l, "cycle3");
    assert_int_equal(l.count, 1);
    assert_int_equal(l.items[0].tools, LG | TS | HG);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, PROG "cycle3.c", 13);
    finding_list_free(&l);
}

/* two races: alpha {28,11} in both, beta tsan {30,18} / helgrind {31,18}:
 * one shared location is enough */
static void test_two_races(void **state)
{
    (void)state;
    struct finding_list l = {0};
    merge_all(&l, "two_races");
    assert_int_equal(l.count, 2);
    const struct finding *a = &l.items[0], *b = &l.items[1];
    assert_int_equal(a->tools, TS | HG);
    assert_int_equal(b->tools, TS | HG);
    assert_non_null(strstr(a->summary, "'alpha'"));
    assert_non_null(strstr(b->summary, "'beta'"));
    /* tsan's account (before helgrind's) */
    assert_loc(b, 0, PROG "two_races.c", 30);
    assert_loc(b, 1, PROG "two_races.c", 18);
    finding_list_free(&l);
}

/* race_counter: Helgrind's read and write reports (both line 10) are one bug
 * and one run; TSan's clang binary says line 11: the same global in the same
 * function, so still one finding, in TSan's words */
static void test_race_counter(void **state)
{
    (void)state;
    struct finding_list hg = {0};
    parse(TOOL_HELGRIND, "race_counter", &hg);
    assert_int_equal(hg.count, 2);
    struct finding_list l = {0};
    merge_all(&l, "race_counter");
    assert_int_equal(l.count, 1);
    const struct finding *f = find(&l, KIND_DATA_RACE, TS | HG);
    assert_int_equal(f->runs[TOOL_HELGRIND], 1);
    assert_int_equal(f->runs[TOOL_TSAN], 1);
    assert_loc(f, 0, PROG "race_counter.c", 11);
    assert_string_equal(f->object, "counter");
    finding_list_free(&l);
    finding_list_free(&hg);
}

/* the named-global rule: same name and function on other lines is one race;
 * another name, another function or no name is not */
static void test_race_by_name(void **state)
{
    (void)state;
    struct finding_list l = {0};
    const char *names[][2] = {{"counter", "counter"}, {"counter", "total"}, {"counter", NULL}};
    int want[] = {1, 0, 0};
    for (int i = 0; i < 3; i++) {
        struct finding *a = finding_list_add(&l, KIND_DATA_RACE, TOOL_TSAN, "s");
        finding_add_location(a, "r.c", 10, "bump");
        a->object = strdup(names[i][0]);
        struct finding *b = finding_list_add(&l, KIND_DATA_RACE, TOOL_HELGRIND, "s");
        finding_add_location(b, "r.c", 9, "bump");
        b->object = names[i][1] ? strdup(names[i][1]) : NULL;
        assert_int_equal(findings_same_bug(&l.items[l.count - 2], &l.items[l.count - 1]), want[i]);
        assert_int_equal(findings_same_bug(&l.items[l.count - 1], &l.items[l.count - 2]), want[i]);
    }
    struct finding *a = finding_list_add(&l, KIND_DATA_RACE, TOOL_TSAN, "s");
    finding_add_location(a, "r.c", 10, "bump");
    a->object = strdup("counter");
    struct finding *b = finding_list_add(&l, KIND_DATA_RACE, TOOL_HELGRIND, "s");
    finding_add_location(b, "r.c", 30, "report");
    finding_add_location(b, "r.c", 11, "bump");     /* shares only its other side's function */
    b->object = strdup("counter");
    assert_false(findings_same_bug(&l.items[l.count - 2], &l.items[l.count - 1]));
    /* a static of the same name in another file */
    a = finding_list_add(&l, KIND_DATA_RACE, TOOL_TSAN, "s");
    finding_add_location(a, "src/a.c", 10, "worker");
    a->object = strdup("count");
    b = finding_list_add(&l, KIND_DATA_RACE, TOOL_HELGRIND, "s");
    finding_add_location(b, "src/b.c", 12, "worker");
    b->object = strdup("count");
    assert_false(findings_same_bug(&l.items[l.count - 2], &l.items[l.count - 1]));
    finding_list_free(&l);
}

static void test_misuse_programs(void **state)
{
    (void)state;
    struct finding_list l = {0};

    /* destroy-locked seen by all three; Helgrind's EBUSY report stays its own kind */
    merge_all(&l, "destroy_locked");
    assert_int_equal(l.count, 2);
    find(&l, KIND_DESTROY_LOCKED, LG | TS | HG);
    find(&l, KIND_MISUSE, HG);
    finding_list_free(&l);

    /* double lock: Helgrind's two reports and lockgraph's are one bug */
    merge_all(&l, "double_lock");
    assert_int_equal(l.count, 1);
    const struct finding *f = find(&l, KIND_DOUBLE_LOCK, LG | HG);
    assert_int_equal(f->runs[TOOL_HELGRIND], 1);
    assert_int_equal(f->runs[TOOL_LOCKGRAPH], 1);
    finding_list_free(&l);

    /* bad unlock by all three; Helgrind's lock leak in _exit separate */
    merge_all(&l, "unlock_foreign");
    assert_int_equal(l.count, 2);
    find(&l, KIND_BAD_UNLOCK, LG | TS | HG);
    find(&l, KIND_LOCK_LEAK, HG);
    finding_list_free(&l);

    /* cond wait without the mutex: lockgraph and Helgrind say cond-misuse at
     * 20; TSan sees the unlock inside the wait (20), Helgrind the one after
     * it (21): different lines, two bad-unlock findings */
    merge_all(&l, "cond_nomutex");
    assert_int_equal(l.count, 3);
    find(&l, KIND_COND_MISUSE, LG | HG);
    find(&l, KIND_BAD_UNLOCK, TS);
    find(&l, KIND_BAD_UNLOCK, HG);
    finding_list_free(&l);

    /* lock leak: Helgrind sees it only where the thread exits, in glibc (no
     * place), lockgraph where the lock was taken: one leak */
    merge_all(&l, "lock_leak");
    assert_int_equal(l.count, 1);
    const struct finding *leak = find(&l, KIND_LOCK_LEAK, LG | HG);
    assert_true(leak->nlocations > 0);
    finding_list_free(&l);
}

/* a deadlock that happened and its lock-order cycle: one deadlock finding
 * whose summary also tells the cycle */
static void test_deadlock_carries_its_cycle(void **state)
{
    (void)state;
    struct finding_list l = {0};
    merge_tool(&l, TOOL_LOCKGRAPH, "abba_deadlock");
    assert_int_equal(l.count, 1);
    assert_int_equal(l.items[0].kind, KIND_DEADLOCK);
    assert_non_null(strstr(l.items[0].summary, "; its lock cycle: lock order"));
    finding_list_free(&l);
}

/* --repeat 3: lockgraph saw it every run, tsan in two of them */
static void test_repeat_counts(void **state)
{
    (void)state;
    struct finding_list l = {0};
    for (int run = 0; run < 3; run++) {
        struct finding_list batch = {0};
        parse(TOOL_LOCKGRAPH, "abba", &batch);
        if (run != 1)
            parse(TOOL_TSAN, "abba", &batch);
        parse(TOOL_HELGRIND, "race_counter", &batch); /* 2 reports of 1 race a run */
        merge_findings(&l, &batch);
        finding_list_free(&batch);
    }
    findings_sort(&l);
    assert_int_equal(l.count, 2);
    const struct finding *race = find(&l, KIND_DATA_RACE, HG);
    assert_int_equal(race->runs[TOOL_HELGRIND], 3);
    const struct finding *inv = find(&l, KIND_LOCK_ORDER_INVERSION, LG | TS);
    assert_int_equal(inv->runs[TOOL_LOCKGRAPH], 3);
    assert_int_equal(inv->runs[TOOL_TSAN], 2);
    assert_int_equal(inv->runs[TOOL_HELGRIND], 0);
    finding_list_free(&l);
}

/* from is copied, not moved; merging a list into itself does nothing */
static void test_copies(void **state)
{
    (void)state;
    struct finding_list from = {0}, into = {0};
    parse(TOOL_TSAN, "two_races", &from);
    merge_findings(&into, &from);
    assert_int_equal(into.count, 2);
    assert_ptr_not_equal(into.items[0].summary, from.items[0].summary);
    assert_ptr_not_equal(into.items[0].locations, from.items[0].locations);
    finding_list_free(&from);
    assert_non_null(strstr(into.items[0].summary, "alpha"));
    merge_findings(&into, &into);
    assert_int_equal(into.count, 2);
    assert_int_equal(into.items[0].runs[TOOL_TSAN], 1);
    struct finding_list empty = {0};
    merge_findings(&into, &empty);
    assert_int_equal(into.count, 2);
    finding_list_free(&into);
}

/* the rule itself, on made-up findings */
static struct finding *mk(struct finding_list *l, enum finding_kind kind, enum tool_id tool,
                          const char *locs /* "file:line file:line" */)
{
    struct finding *f = finding_list_add(l, kind, tool, "s");
    char buf[256];
    snprintf(buf, sizeof buf, "%s", locs);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        char *colon = strrchr(tok, ':');
        *colon = '\0';
        finding_add_location(f, tok, atoi(colon + 1), "fn");
    }
    return f;
}

static int same(enum finding_kind kind, const char *a, const char *b)
{
    struct finding_list l = {0};
    mk(&l, kind, TOOL_LOCKGRAPH, a);
    mk(&l, kind, TOOL_TSAN, b);
    int r = findings_same_bug(&l.items[0], &l.items[1]);
    assert_int_equal(r, findings_same_bug(&l.items[1], &l.items[0])); /* symmetric */
    finding_list_free(&l);
    return r;
}

static void test_rule(void **state)
{
    (void)state;
    /* exact sets: basename + line, order and repeats ignored, any kind */
    assert_true(same(KIND_HANG, "/a/x.c:3 /a/x.c:9", "b/x.c:9 x.c:3 x.c:9"));
    assert_false(same(KIND_HANG, "x.c:3 x.c:9", "x.c:3"));
    assert_false(same(KIND_HANG, "x.c:3", "y.c:3"));
    assert_true(same(KIND_MISUSE, "", ""));
    assert_false(same(KIND_MISUSE, "", "x.c:1"));
    assert_false(same(KIND_BAD_UNLOCK, "x.c:9", "x.c:9 x.c:10")); /* subset: cycles only */
    /* different kinds never, but for a deadlock and its cycle */
    struct finding_list l = {0};
    mk(&l, KIND_DEADLOCK, TOOL_LOCKGRAPH, "x.c:1 x.c:2");
    mk(&l, KIND_LOCK_ORDER_INVERSION, TOOL_LOCKGRAPH, "x.c:1 x.c:2");
    mk(&l, KIND_HANG, TOOL_LOCKGRAPH, "x.c:1 x.c:2");
    assert_true(findings_same_bug(&l.items[0], &l.items[1]));
    assert_false(findings_same_bug(&l.items[0], &l.items[2]));
    assert_false(findings_same_bug(&l.items[1], &l.items[2]));
    finding_list_free(&l);
    /* one crash a run: a place in common, or one without a place */
    assert_true(same(KIND_CRASH, "x.c:5", ""));
    assert_true(same(KIND_CRASH, "x.c:5", "x.c:5"));
    assert_false(same(KIND_CRASH, "x.c:5", "x.c:9"));

    /* cycles: two in common, or a subset */
    assert_true(same(KIND_LOCK_ORDER_INVERSION, "x.c:14 x.c:26", "x.c:26 x.c:14 x.c:13"));
    assert_true(same(KIND_DEADLOCK, "x.c:1 x.c:2 x.c:3", "x.c:2 x.c:3 x.c:4"));
    assert_true(same(KIND_LOCK_ORDER_INVERSION, "x.c:13", "x.c:13 x.c:12"));
    assert_false(same(KIND_LOCK_ORDER_INVERSION, "x.c:1 x.c:2", "x.c:2 x.c:3"));
    assert_false(same(KIND_LOCK_ORDER_INVERSION, "", "x.c:2 x.c:3"));
    assert_false(same(KIND_LOCK_ORDER_INVERSION, "x.c:0", "x.c:0 x.c:5")); /* unknown lines */
    assert_false(same(KIND_LOCK_ORDER_INVERSION, "x.c:0 x.c:7 y.c:1", "x.c:0 x.c:7 y.c:2"));

    /* races: one in common */
    assert_true(same(KIND_DATA_RACE, "r.c:30 r.c:18", "r.c:31 r.c:18"));
    assert_false(same(KIND_DATA_RACE, "r.c:11", "r.c:10"));
    assert_false(same(KIND_DATA_RACE, "r.c:0 r.c:5", "r.c:0 r.c:6"));
}

static void test_sort(void **state)
{
    (void)state;
    struct finding_list l = {0};
    mk(&l, KIND_MISUSE, TOOL_TSAN, "b.c:1");
    mk(&l, KIND_DATA_RACE, TOOL_TSAN, "b.c:5");
    mk(&l, KIND_DATA_RACE, TOOL_TSAN, "");
    mk(&l, KIND_DATA_RACE, TOOL_TSAN, "a.c:9");
    mk(&l, KIND_DATA_RACE, TOOL_TSAN, "b.c:2 a.c:1");
    mk(&l, KIND_LOCK_ORDER_INVERSION, TOOL_TSAN, "z.c:1");
    findings_sort(&l);
    static const struct {
        enum finding_kind kind;
        const char *file;
        int line;
    } want[] = {
        {KIND_DATA_RACE, "a.c", 9}, {KIND_DATA_RACE, "b.c", 2}, {KIND_DATA_RACE, "b.c", 5},
        {KIND_DATA_RACE, NULL, 0},  {KIND_LOCK_ORDER_INVERSION, "z.c", 1}, {KIND_MISUSE, "b.c", 1},
    };
    assert_int_equal(l.count, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(l.items[i].kind, want[i].kind);
        if (want[i].file)
            assert_loc(&l.items[i], 0, want[i].file, want[i].line);
        else
            assert_int_equal(l.items[i].nlocations, 0);
    }
    /* deterministic: real findings merged in two orders sort the same */
    struct finding_list a = {0}, b = {0};
    merge_tool(&a, TOOL_TSAN, "two_races");
    merge_tool(&a, TOOL_HELGRIND, "cond_nomutex");
    merge_tool(&b, TOOL_HELGRIND, "cond_nomutex");
    merge_tool(&b, TOOL_TSAN, "two_races");
    findings_sort(&a);
    findings_sort(&b);
    assert_int_equal(a.count, b.count);
    for (size_t i = 0; i < a.count; i++)
        assert_string_equal(a.items[i].summary, b.items[i].summary);
    finding_list_free(&a);
    finding_list_free(&b);
    finding_list_free(&l);
    findings_sort(&l); /* empty: fine */
}

/* merges one finding of each (tool, level) in order, returns the result's level */
static enum finding_level merged_level(int steps, const enum tool_id *tools, const int *notes,
                                       const int *proven, const enum finding_kind *kinds)
{
    struct finding_list into = {0};
    for (int i = 0; i < steps; i++) {
        struct finding_list one = {0};
        struct finding *f = mk(&one, kinds[i], tools[i], "x.c:1 x.c:2");
        if (notes[i])
            finding_make_note(f, "why", proven[i]);
        merge_findings(&into, &one);
        finding_list_free(&one);
    }
    assert_int_equal(into.count, 1);
    enum finding_level level = into.items[0].level;
    finding_list_free(&into);
    return level;
}

/* who wins: a proof from lockgraph over the other tools' reports; lockgraph
 * seeing the bug in another run, or a deadlock that happened, over a proof;
 * a proof of this run's schedule only over nothing */
static void test_levels(void **state)
{
    (void)state;
    const enum finding_kind loi2[2] = {KIND_LOCK_ORDER_INVERSION, KIND_LOCK_ORDER_INVERSION};
    const enum tool_id lg_ts[2] = {TOOL_LOCKGRAPH, TOOL_TSAN}, ts_lg[2] = {TOOL_TSAN, TOOL_LOCKGRAPH};
    const enum tool_id lg_lg[2] = {TOOL_LOCKGRAPH, TOOL_LOCKGRAPH};
    const int note_err[2] = {1, 0}, err_note[2] = {0, 1}, proof[2] = {1, 1}, no_proof[2] = {0, 0};
    /* lockgraph's proof, TSan's report (either order): a note */
    assert_int_equal(merged_level(2, lg_ts, note_err, proof, loi2), LEVEL_NOTE);
    assert_int_equal(merged_level(2, ts_lg, err_note, proof, loi2), LEVEL_NOTE);
    /* a proof of one run's schedule only does not outweigh TSan's report */
    assert_int_equal(merged_level(2, lg_ts, note_err, no_proof, loi2), LEVEL_ERROR);
    /* lockgraph proved it in one run and saw it in another (--repeat): an error */
    assert_int_equal(merged_level(2, lg_lg, note_err, proof, loi2), LEVEL_ERROR);
    assert_int_equal(merged_level(2, lg_lg, err_note, proof, loi2), LEVEL_ERROR);
    /* the cycle deadlocked for real: an error, and a deadlock */
    const enum finding_kind to_deadlock[2] = {KIND_LOCK_ORDER_INVERSION, KIND_DEADLOCK};
    assert_int_equal(merged_level(2, lg_lg, note_err, proof, to_deadlock), LEVEL_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abba_all_three),
        cmocka_unit_test(test_abba_any_order),
        cmocka_unit_test(test_flow_kept),
        cmocka_unit_test(test_cycle3_subset),
        cmocka_unit_test(test_two_races),
        cmocka_unit_test(test_race_counter),
        cmocka_unit_test(test_race_by_name),
        cmocka_unit_test(test_misuse_programs),
        cmocka_unit_test(test_deadlock_carries_its_cycle),
        cmocka_unit_test(test_repeat_counts),
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
