/* Unit tests for tsan_parse, on real clang 14 ThreadSanitizer output recorded
 * from the programs in tests/fixtures/programs (see tests/fixtures/README). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/tsan_parse.h"
#include "test_support.h"

/* The source paths as they were recorded in the fixtures. */
#define PROG "/work/main/harness/tests/fixtures/programs/"

static int parse_fixture(const char *rel, const struct frame_filter *filter,
                         struct finding_list *out)
{
    size_t len, before = out->count;
    char *text = fixture_load(rel, &len);
    int n = tsan_parse(text, len, filter, out);
    free(text);
    assert_int_equal((size_t)n, out->count - before);
    return n;
}

static int parse_string(const char *text, struct finding_list *out)
{
    return tsan_parse(text, strlen(text), NULL, out);
}

static void assert_tsan(const struct finding *f, enum finding_kind kind)
{
    assert_int_equal(f->kind, kind);
    assert_int_equal(f->tools, 1u << TOOL_TSAN);
    assert_int_equal(f->runs[TOOL_TSAN], 1);
}

/* ---- real recordings ------------------------------------------------------- */

static void test_race_counter(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/race_counter.txt", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_tsan(f, KIND_DATA_RACE);
    /* current and previous access are both counter++ in worker: deduplicated */
    assert_int_equal(f->nlocations, 1);
    assert_loc(f, 0, PROG "race_counter.c", 11, "worker");
    assert_string_equal(f->summary, "data race on 'counter': write in worker at race_counter.c:11, "
                                    "previous write in worker at race_counter.c:11");
    finding_list_free(&l);
}

static void test_two_races(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/two_races.txt", NULL, &l), 2);
    assert_tsan(&l.items[0], KIND_DATA_RACE);
    assert_int_equal(l.items[0].nlocations, 2);
    assert_loc(&l.items[0], 0, PROG "two_races.c", 28, "main");
    assert_loc(&l.items[0], 1, PROG "two_races.c", 11, "writer_alpha");
    assert_summary_has(&l.items[0], "'alpha'");
    assert_summary_has(&l.items[0], "read in main at two_races.c:28");
    assert_summary_has(&l.items[0], "previous write in writer_alpha at two_races.c:11");
    /* the second report carries an "As if synchronized via sleep" stack: not an access */
    assert_tsan(&l.items[1], KIND_DATA_RACE);
    assert_int_equal(l.items[1].nlocations, 2);
    assert_loc(&l.items[1], 0, PROG "two_races.c", 30, "main");
    assert_loc(&l.items[1], 1, PROG "two_races.c", 18, "writer_beta");
    assert_summary_has(&l.items[1], "'beta'");
    finding_list_free(&l);
}

static void test_abba(void **state)
{
    (void)state;
    /* plain, and with TSAN_OPTIONS=second_deadlock_stack=1 */
    static const char *const files[] = {"tsan/abba.txt", "tsan/abba_second_stack.txt"};
    for (size_t i = 0; i < 2; i++) {
        struct finding_list l = {0};
        assert_int_equal(parse_fixture(files[i], NULL, &l), 1);
        const struct finding *f = &l.items[0];
        assert_tsan(f, KIND_LOCK_ORDER_INVERSION);
        /* one location per edge: where the second lock was taken; the
         * second_deadlock_stack "previously acquired" stacks are not edges */
        assert_int_equal(f->nlocations, 2);
        assert_loc(f, 0, PROG "abba.c", 14, "worker_a");
        assert_loc(f, 1, PROG "abba.c", 26, "worker_b");
        assert_string_equal(f->summary, "lock order M0 -> M1 in worker_a, M1 -> M0 in worker_b");
        /* the interleaving: each thread's first lock (second_deadlock_stack
         * only), then the other while holding it */
        size_t k = 0;
        if (i == 1)
            assert_step(f, k++, "T1 (worker_a)", "acquires M0", "abba.c", 13);
        assert_step(f, k++, "T1 (worker_a)", "acquires M1 while holding M0", "abba.c", 14);
        if (i == 1)
            assert_step(f, k++, "T2 (worker_b)", "acquires M1", "abba.c", 25);
        assert_step(f, k++, "T2 (worker_b)", "acquires M0 while holding M1", "abba.c", 26);
        assert_int_equal(f->nflow, k);
        assert_int_equal(f->flow_tool, TOOL_TSAN);
        finding_list_free(&l);
    }
}

static void test_cycle3(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/cycle3.txt", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_tsan(f, KIND_LOCK_ORDER_INVERSION);
    /* all three edges take their second lock in take_two at line 13 */
    assert_int_equal(f->nlocations, 1);
    assert_loc(f, 0, PROG "cycle3.c", 13, "take_two");
    assert_string_equal(f->summary,
                        "lock order M0 -> M1 in take_two called from worker_ab, "
                        "M1 -> M2 in take_two called from worker_bc, "
                        "M2 -> M0 in take_two called from worker_ca");
    finding_list_free(&l);
}

static void test_unlock_foreign(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/unlock_foreign.txt", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_tsan(f, KIND_BAD_UNLOCK);
    assert_int_equal(f->nlocations, 1);
    assert_loc(f, 0, PROG "unlock_foreign.c", 9, "intruder");
    assert_string_equal(f->summary, "unlock of an unlocked mutex (or by a wrong thread) on 'owned' "
                                    "in intruder at unlock_foreign.c:9");
    finding_list_free(&l);
}

static void test_destroy_locked(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* the recording starts with an "LLVMSymbolizer: error" line */
    assert_int_equal(parse_fixture("tsan/destroy_locked.txt", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_tsan(f, KIND_DESTROY_LOCKED);
    assert_int_equal(f->nlocations, 1);
    assert_loc(f, 0, PROG "destroy_locked.c", 9, "main");
    assert_string_equal(f->summary, "destroy of a locked mutex in main at destroy_locked.c:9");
    finding_list_free(&l);
}

static void test_cond_nomutex(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* TSan sees the wait's internal unlock of a mutex nobody holds */
    assert_int_equal(parse_fixture("tsan/cond_nomutex.txt", NULL, &l), 1);
    assert_tsan(&l.items[0], KIND_BAD_UNLOCK);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, PROG "cond_nomutex.c", 20, "main");
    assert_summary_has(&l.items[0], "'cm'");
    finding_list_free(&l);
}

static void test_thread_leak(void **state)
{
    (void)state;
    size_t len;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/thread_leak.txt", NULL, &l), 1);
    assert_tsan(&l.items[0], KIND_MISUSE);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, PROG "thread_leak.c", 13, "main");
    assert_string_equal(l.items[0].summary, "thread leak in main at thread_leak.c:13");
    /* the leaked thread had "finished": a leak of its resources, a note */
    assert_int_equal(l.items[0].level, LEVEL_NOTE);
    assert_non_null(l.items[0].note);
    assert_non_null(strstr(l.items[0].note, "not a threading bug"));
    assert_false(finding_counts(&l.items[0]));
    finding_list_free(&l);
    /* a thread still running when main returned stays an error */
    char *text = fixture_load("tsan/thread_leak.txt", &len);
    char *at = strstr(text, ", finished)");
    assert_non_null(at);
    memcpy(at, ", running) ", 11);
    assert_int_equal(tsan_parse(text, len, NULL, &l), 1);
    assert_int_equal(l.items[0].level, LEVEL_ERROR);
    free(text);
    finding_list_free(&l);
}

static void test_use_after_free(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/uaf.txt", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    /* an access racing with free(): nothing died of a signal */
    assert_tsan(f, KIND_DATA_RACE);
    assert_int_equal(f->level, LEVEL_ERROR);
    /* the use, then the free (the free's top frame is libc's free: skipped) */
    assert_int_equal(f->nlocations, 2);
    assert_loc(f, 0, PROG "uaf.c", 13, "reader");
    assert_loc(f, 1, PROG "uaf.c", 22, "main");
    assert_string_equal(f->summary, "use after free: read in reader at uaf.c:13, "
                                    "freed in main at uaf.c:22");
    finding_list_free(&l);
}

static void test_segv(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/segv.txt", NULL, &l), 1);
    assert_tsan(&l.items[0], KIND_CRASH);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, PROG "segv.c", 10, "crasher");
    assert_string_equal(l.items[0].summary,
                        "SEGV on unknown address 0x000000000000 in crasher at segv.c:10");
    finding_list_free(&l);
}

/* TSan's own failures: the runtime's words, one line; never the program's */
static void test_tsan_broke(void **state)
{
    (void)state;
    char why[160];
    size_t len;
    /* 70 locks held at once (programs/many_locks.c): CHECK failed, then TSan hangs */
    char *text = fixture_load("tsan/check_failed.txt", &len);
    assert_true(tsan_broke(text, len, why, sizeof why));
    assert_non_null(strstr(why, "ThreadSanitizer: CHECK failed: sanitizer_deadlock_detector.h:67"));
    assert_null(strchr(why, '\n'));
    struct finding_list l = {0};
    assert_int_equal(tsan_parse(text, len, NULL, &l), 0);
    free(text);
    /* the shadow memory could not be mapped (stderr, "==PID==" cut off) */
    text = fixture_load("tsan/mmap_failed.txt", &len);
    assert_true(tsan_broke(text, len, why, sizeof why));
    assert_string_equal(why, "ERROR: ThreadSanitizer failed to allocate 0xf0000000000 (16492674416640) "
                             "bytes at address 10000000000 (errno: 12)");
    free(text);
    /* malloc of 512 GiB (programs/huge_malloc.c): natively NULL, under TSan death */
    text = fixture_load("tsan/allocator_oom.txt", &len);
    assert_true(tsan_broke(text, len, why, sizeof why));
    assert_string_equal(why, "ERROR: ThreadSanitizer: allocator is out of memory trying to allocate "
                             "0x8000000000 bytes");
    free(text);
    /* reports of the program's bugs are not TSan breaking */
    static const char *const fine[] = {"tsan/race_counter.txt", "tsan/uaf.txt", "tsan/segv.txt",
                                       "tsan/thread_leak.txt", "tsan/empty.txt"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        text = fixture_load(fine[i], &len);
        assert_false(tsan_broke(text, len, why, sizeof why));
        free(text);
    }
    assert_false(tsan_broke(NULL, 0, why, sizeof why));
}

static void test_silent_recordings(void **state)
{
    (void)state;
    /* TSan says nothing about an errorcheck relock or a thread exiting with a lock */
    static const char *const files[] = {"tsan/double_lock.txt", "tsan/lock_leak.txt",
                                        "tsan/empty.txt"};
    for (size_t i = 0; i < 3; i++) {
        struct finding_list l = {0};
        assert_int_equal(parse_fixture(files[i], NULL, &l), 0);
        finding_list_free(&l);
    }
}

static void test_program_files_filter(void **state)
{
    (void)state;
    /* a filter naming the program's file gives the same frames */
    const char *const files[] = {"fixtures/programs/cycle3.c"};
    struct frame_filter filter = {files, 1};
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("tsan/cycle3.txt", &filter, &l), 1);
    assert_loc(&l.items[0], 0, PROG "cycle3.c", 13, "take_two");
    finding_list_free(&l);
    /* a filter naming an unrelated file: no program frame, so the first frame with a file */
    const char *const other[] = {"other.c"};
    struct frame_filter none = {other, 1};
    assert_int_equal(parse_fixture("tsan/segv.txt", &none, &l), 1);
    assert_loc(&l.items[0], 0, PROG "segv.c", 10, "crasher");
    finding_list_free(&l);
    assert_int_equal(parse_fixture("tsan/abba.txt", &none, &l), 1);
    assert_loc(&l.items[0], 0, PROG "abba.c", 14, "worker_a");
    finding_list_free(&l);
}

static void test_appends_to_existing_list(void **state)
{
    (void)state;
    struct finding_list l = {0};
    finding_list_add(&l, KIND_HANG, TOOL_LOCKGRAPH, "already there");
    assert_int_equal(parse_fixture("tsan/two_races.txt", NULL, &l), 2);
    assert_int_equal(l.count, 3);
    assert_string_equal(l.items[0].summary, "already there");
    assert_int_equal(l.items[1].kind, KIND_DATA_RACE);
    assert_int_equal(l.items[2].kind, KIND_DATA_RACE);
    finding_list_free(&l);
}

/* ---- truncation ---------------------------------------------------------------- */

static void test_truncated(void **state)
{
    (void)state;
    struct finding_list l = {0};
    size_t len;
    char *text = fixture_load("tsan/two_races_truncated.txt", &len);
    /* cut inside the second report: the first one only */
    assert_int_equal(tsan_parse(text, len, NULL, &l), 1);
    assert_loc(&l.items[0], 0, PROG "two_races.c", 28, "main");
    assert_loc(&l.items[0], 1, PROG "two_races.c", 11, "writer_alpha");
    finding_list_free(&l);
    free(text);
    /* cut inside a report's stacks, and cut just before its SUMMARY line */
    text = fixture_load("tsan/abba_truncated.txt", &len);
    assert_int_equal(tsan_parse(text, len, NULL, &l), 0);
    free(text);
    text = fixture_load("tsan/race_counter_truncated.txt", &len);
    assert_int_equal(tsan_parse(text, len, NULL, &l), 0);
    free(text);
    assert_int_equal(l.count, 0);
}

/* ---- format variants (synthetic, in the formats TSan documents) ------------------- */

static void test_report_ended_without_summary(void **state)
{
    (void)state;
    /* print_summary=0: the report ends at the separator; the next WARNING also
     * ends a report; program output is interleaved; CRLF line ends */
    const char *text =
        "hello from the program\r\n"
        "==================\r\n"
        "WARNING: ThreadSanitizer: data race (pid=1)\r\n"
        "  Atomic write of size 4 at 0x1 by thread T1 (mutexes: write M3):\r\n"
        "    #0 inc /src/a.c:5:3 (a.out+0x1)\r\n"
        "    #1 std::function<void (int)>::operator()(int) const /src/b.cc:9 (a.out+0x2)\r\n"
        "\r\n"
        "  Previous read of size 4 at 0x1 by main thread:\r\n"
        "    #0 __tsan_read4 /build/llvm/compiler-rt/lib/tsan/rtl/tsan_rtl.cpp:10:1 (a.out+0x3)\r\n"
        "    #1 0x4a8b2c in get /src/a.c:9 (a.out+0x4)\r\n"
        "\r\n"
        "==================\r\n"
        "some more program output\n"
        "WARNING: ThreadSanitizer: signal-unsafe call inside of a signal (pid=1)\n"
        "    #0 malloc <null> (a.out+0x5)\n"
        "    #1 handler /src/sig.c:7:2 (a.out+0x6)\n"
        "\n"
        "WARNING: ThreadSanitizer: double lock of a mutex (pid=1)\n"
        "    #0 pthread_mutex_lock <null> (a.out+0x7)\n"
        "    #1 relock /src/d.c:12 (a.out+0x8) (BuildId: 1234)\n"
        "SUMMARY: ThreadSanitizer: double lock of a mutex in relock\n";
    struct finding_list l = {0};
    assert_int_equal(parse_string(text, &l), 3);
    assert_int_equal(l.items[0].kind, KIND_DATA_RACE);
    assert_int_equal(l.items[0].nlocations, 2);
    assert_loc(&l.items[0], 0, "/src/a.c", 5, "inc");
    assert_loc(&l.items[0], 1, "/src/a.c", 9, "get");
    assert_summary_has(&l.items[0], "atomic write in inc at a.c:5");
    assert_summary_has(&l.items[0], "previous read in get at a.c:9");
    assert_int_equal(l.items[1].kind, KIND_MISUSE);
    assert_loc(&l.items[1], 0, "/src/sig.c", 7, "handler");
    assert_summary_has(&l.items[1], "signal-unsafe call inside of a signal");
    assert_int_equal(l.items[2].kind, KIND_DOUBLE_LOCK);
    assert_loc(&l.items[2], 0, "/src/d.c", 12, "relock");
    finding_list_free(&l);
}

static void test_kind_mapping(void **state)
{
    (void)state;
    static const struct {
        const char *title;
        enum finding_kind kind;
    } cases[] = {
        {"data race", KIND_DATA_RACE},
        {"data race on vptr (ctor/dtor vs virtual call)", KIND_DATA_RACE},
        {"lock-order-inversion (potential deadlock)", KIND_LOCK_ORDER_INVERSION},
        {"unlock of an unlocked mutex (or by a wrong thread)", KIND_BAD_UNLOCK},
        {"destroy of a locked mutex", KIND_DESTROY_LOCKED},
        {"double lock of a mutex", KIND_DOUBLE_LOCK},
        {"thread leak", KIND_MISUSE},
        {"heap-use-after-free", KIND_DATA_RACE},
        {"heap-use-after-free (virtual call vs free)", KIND_DATA_RACE},
        {"signal-unsafe call inside of a signal", KIND_MISUSE},
        {"signal handler spoils errno", KIND_MISUSE},
        {"use of an invalid mutex (e.g. uninitialized or destroyed)", KIND_MISUSE},
        {"read lock of a write locked mutex", KIND_MISUSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "==================\nWARNING: ThreadSanitizer: %s (pid=42)\n"
                 "    #0 f /src/k.c:%zu:1 (k+0x1)\n\nSUMMARY: ThreadSanitizer: %s\n"
                 "==================\n",
                 cases[i].title, i + 1, cases[i].title);
        struct finding_list l = {0};
        assert_int_equal(parse_string(text, &l), 1);
        if (l.items[0].kind != cases[i].kind)
            fail_msg("'%s' -> %s", cases[i].title, finding_kind_name(l.items[0].kind));
        assert_summary_has(&l.items[0], cases[i].title);
        assert_true(strstr(l.items[0].summary, "(pid=") == NULL);
        assert_loc(&l.items[0], 0, "/src/k.c", (int)i + 1, "f");
        finding_list_free(&l);
    }
    /* an ERROR: line that is not a deadly signal is not a report */
    struct finding_list l = {0};
    assert_int_equal(parse_string("==1==ERROR: ThreadSanitizer: unexpected memory mapping 0x1-0x2\n"
                                  "SUMMARY: ThreadSanitizer: x\n", &l), 0);
    assert_int_equal(parse_string("==7==ERROR: ThreadSanitizer: stack-overflow on address 0x1 "
                                  "(pc 0x2 bp 0x3 sp 0x4 T7)\n"
                                  "    #0 recurse /src/r.c:3:5 (r+0x1)\n"
                                  "SUMMARY: ThreadSanitizer: stack-overflow /src/r.c:3:5 in recurse\n",
                                  &l), 1);
    assert_int_equal(l.items[0].kind, KIND_CRASH);
    assert_loc(&l.items[0], 0, "/src/r.c", 3, "recurse");
    finding_list_free(&l);
}

static void test_no_program_frame(void **state)
{
    (void)state;
    /* only runtime frames: first frame with a file; no file at all: no location */
    const char *text =
        "WARNING: ThreadSanitizer: thread leak (pid=1)\n"
        "  Thread T1 (tid=2, finished) created by main thread at:\n"
        "    #0 pthread_create <null> (a+0x1)\n"
        "    #1 start nptl/./nptl/pthread_create.c:442:8 (libc.so.6+0x2)\n"
        "SUMMARY: ThreadSanitizer: thread leak\n"
        "WARNING: ThreadSanitizer: thread leak (pid=1)\n"
        "    #0 pthread_create <null> (a+0x1)\n"
        "    #1 <null> <null> (a+0x2)\n"
        "    #2 0x1234 (a+0x3)\n"
        "SUMMARY: ThreadSanitizer: thread leak\n"
        "WARNING: ThreadSanitizer: data race (pid=1)\n"
        "  Write of size 8 at 0x1 by thread T2:\n"
        "    #0 w /s/r.c:4:2 (a+0x1)\n"
        "\n"
        "  Previous write of size 8 at 0x1 by thread T1:\n"
        "    [failed to restore the stack]\n"
        "\n"
        "SUMMARY: ThreadSanitizer: data race /s/r.c:4:2 in w\n";
    struct finding_list l = {0};
    assert_int_equal(parse_string(text, &l), 3);
    assert_int_equal(l.items[2].nlocations, 1);
    assert_loc(&l.items[2], 0, "/s/r.c", 4, "w");
    assert_string_equal(l.items[2].summary, "data race: write in w at r.c:4, "
                                            "previous write at an unknown location");
    assert_loc(&l.items[0], 0, "nptl/./nptl/pthread_create.c", 442, "start");
    assert_int_equal(l.items[1].nlocations, 0);
    assert_string_equal(l.items[1].summary, "thread leak");
    finding_list_free(&l);
}

static void test_garbage(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(tsan_parse(NULL, 10, NULL, &l), 0);
    assert_int_equal(tsan_parse("x", 0, NULL, &l), 0);
    assert_int_equal(parse_string("", &l), 0);
    assert_int_equal(parse_string("Segmentation fault (core dumped)\n", &l), 0);
    assert_int_equal(parse_string("<?xml version=\"1.0\"?>\n<valgrindoutput/>\n", &l), 0);
    assert_int_equal(parse_string("==================\n==================\n#0 #1 #\n", &l), 0);
    assert_int_equal(parse_string("WARNING: ThreadSanitizer: ", &l), 0); /* cut: incomplete */
    /* a NUL inside the text does not end it */
    const char with_nul[] = "junk\0WARNING: ThreadSanitizer: data race (pid=1)\n"
                            "  Write of size 1 at 0x1 by main thread:\n"
                            "    #0 f /s/x.c:1:1 (x+0x1)\n"
                            "SUMMARY: ThreadSanitizer: data race\n";
    assert_int_equal(tsan_parse(with_nul, sizeof with_nul - 1, NULL, &l), 1);
    assert_loc(&l.items[0], 0, "/s/x.c", 1, "f");
    finding_list_free(&l);
    /* a warning without a title still has a summary (found by fuzz_tsan) */
    assert_int_equal(parse_string("WARNING: ThreadSanitizer:  (pid=1)\nSUMMARY: ThreadSanitizer:\n", &l),
                     1);
    assert_string_equal(l.items[0].summary, "ThreadSanitizer warning");
    finding_list_free(&l);
}

/* ---- a report cut short ---- */

static const char *const all_fixtures[] = {
    "tsan/abba.txt", "tsan/abba_second_stack.txt", "tsan/abba_truncated.txt",
    "tsan/cond_nomutex.txt", "tsan/cycle3.txt", "tsan/destroy_locked.txt",
    "tsan/double_lock.txt", "tsan/empty.txt", "tsan/lock_leak.txt",
    "tsan/race_counter.txt", "tsan/race_counter_truncated.txt", "tsan/segv.txt",
    "tsan/thread_leak.txt", "tsan/two_races.txt", "tsan/two_races_truncated.txt",
    "tsan/uaf.txt", "tsan/unlock_foreign.txt", "tsan/check_failed.txt", "tsan/mmap_failed.txt",
    "tsan/allocator_oom.txt",
    /* the other parser's input must not trouble this one */
    "helgrind/abba.xml", "helgrind/two_races.xml",
};

static void test_truncations_monotonic(void **state)
{
    (void)state;
    assert_truncations_monotonic(tsan_parse, all_fixtures, sizeof all_fixtures / sizeof *all_fixtures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_race_counter),
        cmocka_unit_test(test_two_races),
        cmocka_unit_test(test_abba),
        cmocka_unit_test(test_cycle3),
        cmocka_unit_test(test_unlock_foreign),
        cmocka_unit_test(test_destroy_locked),
        cmocka_unit_test(test_cond_nomutex),
        cmocka_unit_test(test_thread_leak),
        cmocka_unit_test(test_use_after_free),
        cmocka_unit_test(test_segv),
        cmocka_unit_test(test_tsan_broke),
        cmocka_unit_test(test_silent_recordings),
        cmocka_unit_test(test_program_files_filter),
        cmocka_unit_test(test_appends_to_existing_list),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_report_ended_without_summary),
        cmocka_unit_test(test_kind_mapping),
        cmocka_unit_test(test_no_program_frame),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_truncations_monotonic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
