/* Unit tests for helgrind_parse_xml, on real Valgrind 3.19 Helgrind XML
 * recorded from the programs in tests/fixtures/programs. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/helgrind_parse.h"
#include "tools/valgrind_xml.h"
#include "test_support.h"

/* The source directory as Helgrind recorded it (<dir>) */
#define PROG "/work/main/harness/tests/fixtures/programs/"

static int parse_fixture(const char *rel, const struct frame_filter *filter,
                         struct finding_list *out)
{
    size_t len, before = out->count;
    char *xml = fixture_load(rel, &len);
    int n = helgrind_parse_xml(xml, len, filter, out);
    free(xml);
    assert_int_equal((size_t)n, out->count - before);
    return n;
}

static int parse_string(const char *xml, struct finding_list *out)
{
    return helgrind_parse_xml(xml, strlen(xml), NULL, out);
}

static void assert_hg(const struct finding *f, enum finding_kind kind)
{
    if (f->kind != kind)
        fail_msg("'%s' is %s, wanted %s", f->summary, finding_kind_name(f->kind),
                 finding_kind_name(kind));
    assert_int_equal(f->tools, 1u << TOOL_HELGRIND);
    assert_int_equal(f->runs[TOOL_HELGRIND], 1);
}

/* ---- real recordings ------------------------------------------------------- */

static void test_race_counter(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* two errors: the read and the write of counter++ (gcc -O1 puts both on the for line) */
    assert_int_equal(parse_fixture("helgrind/race_counter.xml", NULL, &l), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_hg(&l.items[i], KIND_DATA_RACE);
        assert_int_equal(l.items[i].nlocations, 1);
        assert_loc(&l.items[i], 0, PROG "race_counter.c", 10, "worker");
    }
    assert_string_equal(l.items[0].summary, "data race on 'counter': read in worker at "
                                            "race_counter.c:10, previous write in worker at "
                                            "race_counter.c:10");
    assert_summary_has(&l.items[1], "'counter': write in worker");
    finding_list_free(&l);
}

static void test_two_races(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/two_races.xml", NULL, &l), 2);
    assert_hg(&l.items[0], KIND_DATA_RACE);
    assert_int_equal(l.items[0].nlocations, 2);
    assert_loc(&l.items[0], 0, PROG "two_races.c", 28, "main");
    assert_loc(&l.items[0], 1, PROG "two_races.c", 11, "writer_alpha");
    assert_string_equal(l.items[0].summary, "data race on 'alpha': read in main at two_races.c:28, "
                                            "previous write in writer_alpha at two_races.c:11");
    assert_hg(&l.items[1], KIND_DATA_RACE);
    assert_int_equal(l.items[1].nlocations, 2);
    /* gcc -O1 moved the load of beta to its use in printf (line 31) */
    assert_loc(&l.items[1], 0, PROG "two_races.c", 31, "main");
    assert_loc(&l.items[1], 1, PROG "two_races.c", 18, "writer_beta");
    assert_summary_has(&l.items[1], "'beta'");
    finding_list_free(&l);
}

static void test_abba(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/abba.xml", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_hg(f, KIND_LOCK_ORDER_INVERSION);
    /* the violating acquisition, the second acquisition of the established
     * order, then the other acquisition sites Helgrind gives (deduplicated) */
    assert_int_equal(f->nlocations, 3);
    assert_loc(f, 0, PROG "abba.c", 26, "worker_b");
    assert_loc(f, 1, PROG "abba.c", 14, "worker_a");
    assert_loc(f, 2, PROG "abba.c", 13, "worker_a");
    assert_string_equal(f->summary,
                        "lock order 0x10C0C0 -> 0x10C080 in worker_a, 0x10C080 -> 0x10C0C0 in worker_b");
    /* the thread that set the order, then the one that broke it (Helgrind
     * numbers only the latter, and does not say where it took its first lock) */
    assert_int_equal(f->nflow, 3);
    assert_step(f, 0, "another thread (worker_a)", "acquires 0x10C0C0", "abba.c", 13);
    assert_step(f, 1, "another thread (worker_a)", "acquires 0x10C080 while holding 0x10C0C0",
                "abba.c", 14);
    assert_step(f, 2, "thread #3 (worker_b)", "acquires 0x10C0C0 while holding 0x10C080", "abba.c",
                26);
    assert_string_equal(f->locations[0].step, "acquires 0x10C0C0 while holding 0x10C080");
    finding_list_free(&l);
}

static void test_cycle3(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/cycle3.xml", NULL, &l), 1);
    const struct finding *f = &l.items[0];
    assert_hg(f, KIND_LOCK_ORDER_INVERSION);
    assert_int_equal(f->nlocations, 2);
    assert_loc(f, 0, PROG "cycle3.c", 13, "take_two");
    assert_loc(f, 1, PROG "cycle3.c", 12, "take_two");
    /* for a longer cycle Helgrind gives no "established by" stacks */
    assert_string_equal(f->summary, "lock order 0x10C060 -> 0x10C0E0 in take_two called from "
                                    "worker_ca, violating the earlier order 0x10C0E0 -> 0x10C060");
    finding_list_free(&l);
}

static void test_unlock_foreign(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/unlock_foreign.xml", NULL, &l), 2);
    assert_hg(&l.items[0], KIND_BAD_UNLOCK);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, PROG "unlock_foreign.c", 9, "intruder");
    assert_string_equal(l.items[0].summary, "Thread #2 unlocked lock at 0x10C060 currently held by "
                                            "thread #1 in intruder at unlock_foreign.c:9");
    /* main still holds the lock when it exits: the stack is all glibc, no
     * place of the bug (the merge joins it with lockgraph's placed leak) */
    assert_hg(&l.items[1], KIND_LOCK_LEAK);
    assert_int_equal(l.items[1].nlocations, 0);
    assert_summary_has(&l.items[1], "_exit.c:30");
    finding_list_free(&l);
}

static void test_destroy_locked(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/destroy_locked.xml", NULL, &l), 2);
    assert_hg(&l.items[0], KIND_DESTROY_LOCKED);
    assert_loc(&l.items[0], 0, PROG "destroy_locked.c", 9, "main");
    assert_string_equal(l.items[0].summary,
                        "pthread_mutex_destroy of a locked mutex in main at destroy_locked.c:9");
    /* the EBUSY the destroy returned: a PthAPIerror, i.e. misuse */
    assert_hg(&l.items[1], KIND_MISUSE);
    assert_loc(&l.items[1], 0, PROG "destroy_locked.c", 9, "main");
    assert_summary_has(&l.items[1], "pthread_mutex_destroy failed with error code 16 (EBUSY");
    finding_list_free(&l);
}

static void test_double_lock(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/double_lock.xml", NULL, &l), 2);
    /* Misc "Attempt to re-lock ..." and PthAPIerror EDEADLK: both a double lock */
    for (size_t i = 0; i < 2; i++) {
        assert_hg(&l.items[i], KIND_DOUBLE_LOCK);
        assert_int_equal(l.items[i].nlocations, 1);
        assert_loc(&l.items[i], 0, PROG "double_lock.c", 13, "main");
    }
    assert_string_equal(l.items[0].summary, "Attempt to re-lock a non-recursive lock I already "
                                            "hold in main at double_lock.c:13");
    assert_summary_has(&l.items[1], "pthread_mutex_lock failed with error code 35 (EDEADLK");
    finding_list_free(&l);
}

static void test_lock_leak(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/lock_leak.xml", NULL, &l), 1);
    assert_hg(&l.items[0], KIND_LOCK_LEAK);
    /* only glibc frames where the thread exits: no place of the bug */
    assert_int_equal(l.items[0].nlocations, 0);
    assert_summary_has(&l.items[0], "Exiting thread still holds 1 lock");
    finding_list_free(&l);
}

static void test_cond_nomutex(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/cond_nomutex.xml", NULL, &l), 2);
    assert_hg(&l.items[0], KIND_COND_MISUSE);
    assert_loc(&l.items[0], 0, PROG "cond_nomutex.c", 20, "main");
    assert_string_equal(l.items[0].summary, "pthread_cond_{timed}wait called with un-held mutex "
                                            "in main at cond_nomutex.c:20");
    /* the program's unlock after the wait: the wait's re-lock failed, glibc saw no owner */
    assert_hg(&l.items[1], KIND_BAD_UNLOCK);
    assert_loc(&l.items[1], 0, PROG "cond_nomutex.c", 21, "main");
    finding_list_free(&l);
}

static void test_fatal_signal(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/segv.xml", NULL, &l), 1);
    assert_hg(&l.items[0], KIND_CRASH);
    assert_loc(&l.items[0], 0, PROG "segv.c", 10, "crasher");
    assert_string_equal(l.items[0].summary, "killed by SIGSEGV (Access not within mapped region "
                                            "at 0x0) in crasher at segv.c:10");
    finding_list_free(&l);
}

static void test_signal_without_the_mutex_is_a_note(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* signal after the unlock (36), broadcast while another thread holds it (40) */
    assert_int_equal(parse_fixture("helgrind/signal_unlocked.xml", NULL, &l), 2);
    static const int lines[] = {36, 40};
    for (size_t i = 0; i < 2; i++) {
        assert_loc(&l.items[i], 0, PROG "signal_unlocked.c", lines[i], "main");
        assert_int_equal(l.items[i].level, LEVEL_NOTE);
        assert_string_equal(l.items[i].note, "POSIX allows signalling without holding the mutex");
        assert_false(finding_counts(&l.items[i]));
    }
    assert_summary_has(&l.items[0], "not held by any thread");
    finding_list_free(&l);
    /* the other misuses stay errors */
    assert_int_equal(parse_fixture("helgrind/cond_nomutex.xml", NULL, &l), 2);
    assert_int_equal(l.items[0].level, LEVEL_ERROR);
    assert_int_equal(l.items[1].level, LEVEL_ERROR);
    finding_list_free(&l);
}

/* valgrind_broke on a finished run of fixture xml (NULL: none written),
 * with stderr err and how the run ended */
static int broke(const char *xml_rel, const char *err, int signal, int exit_status, char *why)
{
    size_t len;
    char *xml = xml_rel ? fixture_load(xml_rel, &len) : NULL;
    struct proc_result res = {.started = 1, .exited = !signal, .exit_status = exit_status,
                              .signaled = signal != 0, .signal = signal, .err = (char *)err};
    int r = valgrind_broke(xml, &res, why, 200);
    free(xml);
    return r;
}

static void test_valgrind_broke(void **state)
{
    (void)state;
    char why[200];
    /* the program's own death, recorded as a <fatal_signal>: not Valgrind's */
    assert_false(broke("helgrind/segv.xml", "", SIGSEGV, 0, why));
    assert_false(broke("helgrind/race_counter.xml", "", 0, 0, why));
    /* a program's SIGKILL of itself: no <fatal_signal>, but the report finished */
    assert_false(broke("helgrind/kill_self.xml", "", SIGKILL, 0, why));
    /* fork() at the process limit (programs/fork_limit.c): Valgrind dies of
     * SIGSEGV and records no fatal signal (a child finished the report) */
    assert_true(broke("helgrind/fork_limit_crash.xml", "", SIGSEGV, 0, why));
    assert_string_equal(why, "valgrind crashed: killed by signal 11 (Segmentation fault), not the program");
    /* the same signal as the program's would be, yet no report at all */
    assert_true(broke(NULL, "", SIGSEGV, 0, why));
    assert_non_null(strstr(why, "before writing its report"));
    /* its own out of memory (prlimit --as=100M), exit 1, report cut */
    size_t len;
    char *err = fixture_load("helgrind/oom.stderr", &len);
    assert_true(broke("helgrind/oom.xml", err, 0, 1, why));
    free(err);
    assert_string_equal(why, "Valgrind's memory management: out of memory: "
                             "newSuperblock's request for 4194304 bytes failed.");
    /* its internal error and panic (m_signals.c, m_libcassert.c), as printed */
    assert_true(broke("helgrind/race_counter.xml",
                      "--5953-- VALGRIND INTERNAL ERROR: Valgrind received a signal 11 (SIGSEGV) - exiting\n"
                      "--5953-- si_code=1;  Faulting address: 0x0;  sp: 0x802cadef0\n\n"
                      "valgrind: the 'impossible' happened:\n   Killed by fatal signal\n", 0, 1, why));
    assert_string_equal(why, "VALGRIND INTERNAL ERROR: Valgrind received a signal 11 (SIGSEGV) - exiting");
    assert_true(broke(NULL, "\nvalgrind: the 'impossible' happened:\n   Killed by fatal signal\n", 0, 1, why));
    assert_string_equal(why, "valgrind: the 'impossible' happened: Killed by fatal signal");
    /* a startup error: no report, its "valgrind: " line */
    assert_true(broke(NULL, "valgrind: Unknown option: --bogus\n"
                            "valgrind: Use --help for more information or consult the user manual.\n", 0, 1, why));
    assert_string_equal(why, "valgrind: Unknown option: --bogus");
    /* a run we stopped at its limit: a cut report is not Valgrind breaking */
    struct proc_result stopped = {.started = 1, .timed_out = 1, .err = ""};
    assert_false(valgrind_broke(NULL, &stopped, why, sizeof why));
}

static void test_clean_runs(void **state)
{
    (void)state;
    /* Helgrind misses the freed box (no race under its model) and the unjoined thread */
    static const char *const files[] = {"helgrind/uaf.xml", "helgrind/thread_leak.xml",
                                        "helgrind/empty.xml"};
    for (size_t i = 0; i < 3; i++) {
        struct finding_list l = {0};
        assert_int_equal(parse_fixture(files[i], NULL, &l), 0);
        assert_int_equal(l.count, 0);
    }
}

static void test_program_files_filter(void **state)
{
    (void)state;
    const char *const files[] = {"programs/abba.c"};
    struct frame_filter filter = {files, 1};
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("helgrind/abba.xml", &filter, &l), 1);
    assert_loc(&l.items[0], 0, PROG "abba.c", 26, "worker_b");
    finding_list_add(&l, KIND_HANG, TOOL_LOCKGRAPH, "x");
    assert_int_equal(parse_fixture("helgrind/two_races.xml", &filter, &l), 2);
    /* two_races.c is not listed: the first frame with a file (still the program's here) */
    assert_int_equal(l.count, 4);
    assert_loc(&l.items[2], 0, PROG "two_races.c", 28, "main");
    finding_list_free(&l);
}

/* ---- truncation ---------------------------------------------------------------- */

static void test_truncated(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* cut inside the second <error>: the first only */
    assert_int_equal(parse_fixture("helgrind/two_races_truncated.xml", NULL, &l), 1);
    assert_loc(&l.items[0], 0, PROG "two_races.c", 28, "main");
    assert_loc(&l.items[0], 1, PROG "two_races.c", 11, "writer_alpha");
    finding_list_free(&l);
    /* cut right after the first </error> */
    assert_int_equal(parse_fixture("helgrind/race_counter_truncated.xml", NULL, &l), 1);
    assert_loc(&l.items[0], 0, PROG "race_counter.c", 10, "worker");
    finding_list_free(&l);
    /* cut inside a tag name in the second error */
    assert_int_equal(parse_fixture("helgrind/unlock_foreign_truncated.xml", NULL, &l), 1);
    assert_int_equal(l.items[0].kind, KIND_BAD_UNLOCK);
    finding_list_free(&l);
    /* cut inside the only error's stacks */
    assert_int_equal(parse_fixture("helgrind/abba_truncated.xml", NULL, &l), 0);
}

/* ---- synthetic variants ----------------------------------------------------------- */

#define HEAD "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n" \
             "<protocoltool>helgrind</protocoltool>\n"
#define FRAME(fn, dir, file, line)                                                          \
    "<frame><ip>0x1</ip><obj>/bin/p</obj><fn>" fn "</fn><dir>" dir "</dir><file>" file     \
    "</file><line>" #line "</line></frame>"
#define LIBC_FRAME "<frame><ip>0x2</ip><obj>/usr/lib/x86_64-linux-gnu/libc.so.6</obj>" \
                   "<fn>start_thread</fn><dir>./nptl/./nptl</dir><file>pthread_create.c</file>" \
                   "<line>442</line></frame>"
#define ERROR(kind, what, rest)                                                             \
    "<error><unique>0x1</unique><tid>1</tid><kind>" kind "</kind><xwhat><text>" what       \
    "</text><hthreadid>1</hthreadid></xwhat>" rest "</error>\n"

static void test_kind_mapping(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *what;
        enum finding_kind want;
    } cases[] = {
        {"Race", "Possible data race during write of size 4 at 0x1 by thread #2", KIND_DATA_RACE},
        {"LockOrder", "Thread #2: lock order \"0x1 before 0x2\" violated", KIND_LOCK_ORDER_INVERSION},
        {"UnlockUnlocked", "Thread #1 unlocked a not-locked lock at 0x1", KIND_BAD_UNLOCK},
        {"UnlockForeign", "Thread #2 unlocked lock at 0x1 currently held by thread #1", KIND_BAD_UNLOCK},
        {"UnlockBogus", "Thread #1 unlocked an invalid lock at 0x1", KIND_BAD_UNLOCK},
        {"Misc", "Thread #2: Exiting thread still holds 2 locks", KIND_LOCK_LEAK},
        {"Misc", "Thread #1: pthread_mutex_destroy of a locked mutex", KIND_DESTROY_LOCKED},
        {"Misc", "Thread #1: pthread_rwlock_destroy of a locked mutex", KIND_DESTROY_LOCKED},
        {"Misc", "Thread #1: pthread_cond_{timed}wait called with un-held mutex", KIND_COND_MISUSE},
        {"Misc", "Thread #1: pthread_cond_{timed}wait called with invalid mutex", KIND_COND_MISUSE},
        {"Misc", "Thread #1: pthread_cond_{timed}wait called with mutex held by a different thread",
         KIND_COND_MISUSE},
        {"Misc", "Thread #1: pthread_cond_{timed}wait: cond is associated with a different mutex",
         KIND_COND_MISUSE},
        {"Misc", "Thread #1: Attempt to re-lock a non-recursive lock I already hold", KIND_DOUBLE_LOCK},
        {"PthAPIerror", "Thread #1: Attempt to re-lock a non-recursive lock I already hold",
         KIND_DOUBLE_LOCK},
        {"Misc", "Thread #1: pthread_cond_destroy: destruction of unknown cond var", KIND_MISUSE},
        {"PthAPIerror", "Thread #1's call to pthread_join failed", KIND_MISUSE},
        {"Whatever", "something new", KIND_MISUSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char xml[2048];
        snprintf(xml, sizeof xml,
                 HEAD "<error><kind>%s</kind><xwhat><text>%s</text></xwhat>"
                      "<stack>" LIBC_FRAME FRAME("f", "/src", "k.c", 7) "</stack></error>\n"
                      "</valgrindoutput>\n",
                 cases[i].kind, cases[i].what);
        struct finding_list l = {0};
        assert_int_equal(parse_string(xml, &l), 1);
        assert_hg(&l.items[0], cases[i].want);
        assert_loc(&l.items[0], 0, "/src/k.c", 7, "f");
        finding_list_free(&l);
    }
    /* PthAPIerror EDEADLK on a lock call, vs. EDEADLK elsewhere */
    struct finding_list l = {0};
    assert_int_equal(parse_string(HEAD ERROR("PthAPIerror", "Thread #1's call to pthread_mutex_timedlock failed",
                                             "<what>with error code 35 (EDEADLK: Resource deadlock would occur)</what>")
                                  ERROR("PthAPIerror", "Thread #1's call to pthread_join failed",
                                        "<what>with error code 35 (EDEADLK: Resource deadlock would occur)</what>")
                                  "</valgrindoutput>", &l), 2);
    assert_int_equal(l.items[0].kind, KIND_DOUBLE_LOCK);
    assert_int_equal(l.items[0].nlocations, 0); /* no stack */
    assert_string_equal(l.items[0].summary, "pthread_mutex_timedlock failed with error code 35 "
                                            "(EDEADLK: Resource deadlock would occur)");
    assert_int_equal(l.items[1].kind, KIND_MISUSE);
    finding_list_free(&l);
}

static void test_structure_variants(void **state)
{
    (void)state;
    /* <frame> without <dir>, entities in names, a frame with no file, a race
     * without its conflicting stack, auxwhat texts without stacks, an
     * absolute <file> that must not be joined to <dir> */
    const char *xml =
        HEAD
        ERROR("Race", "Possible data race during write of size 8 at 0x1 by thread #3",
              "<stack><frame><ip>0x1</ip><obj>/bin/p</obj></frame>"
              "<frame><ip>0x2</ip><fn>operator&lt;&lt;</fn><file>w.cc</file><line>4</line></frame>"
              "</stack><auxwhat>Locks held: none</auxwhat>"
              "<auxwhat>Address 0x1 is 0 bytes inside a block of size 8 alloc'd</auxwhat>"
              "<stack>" FRAME("mk", "/src", "w.cc", 2) "</stack>")
        ERROR("Misc", "Thread #1: Exiting thread still holds 1 lock",
              "<stack><frame><fn>start_thread</fn><dir>/x</dir><file>/abs/t.c</file><line>5</line></frame></stack>")
        "<error><kind>Race</kind><xwhat><text/></xwhat><stack/></error>\n"
        "<error/>\n"
        "</valgrindoutput>\n";
    struct finding_list l = {0};
    assert_int_equal(parse_string(xml, &l), 3);
    assert_int_equal(l.items[0].kind, KIND_DATA_RACE);
    assert_int_equal(l.items[0].nlocations, 1);
    assert_loc(&l.items[0], 0, "w.cc", 4, "operator<<");
    assert_string_equal(l.items[0].summary, "data race: write in operator<< at w.cc:4");
    assert_loc(&l.items[1], 0, "/abs/t.c", 5, "start_thread");
    assert_int_equal(l.items[2].kind, KIND_DATA_RACE);
    assert_int_equal(l.items[2].nlocations, 0);
    finding_list_free(&l);
}

static void test_garbage(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(helgrind_parse_xml(NULL, 5, NULL, &l), 0);
    assert_int_equal(helgrind_parse_xml("<a/>", 0, NULL, &l), 0);
    assert_int_equal(parse_string("", &l), 0);
    assert_int_equal(parse_string("not xml at all\n", &l), 0);
    assert_int_equal(parse_string("==123== Helgrind, a thread error detector\n", &l), 0);
    assert_int_equal(parse_string("<html><body><error>x</error></body></html>", &l), 0);
    assert_int_equal(parse_string("<?xml version=\"1.0\"?><valgrindoutput><error><kind>Race", &l), 0);
    assert_int_equal(parse_string("</error></error><error>", &l), 0);
    /* TSan text is not XML */
    size_t len;
    char *text = fixture_load("tsan/two_races.txt", &len);
    assert_int_equal(helgrind_parse_xml(text, len, NULL, &l), 0);
    free(text);
    /* an entity bomb is neither expanded nor fatal */
    assert_true(parse_string("<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"aaaaaaaaaa\">"
                             "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                             "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                             "<valgrindoutput><error><kind>Misc</kind><xwhat><text>&c;&c;&c;</text>"
                             "</xwhat></error></valgrindoutput>", &l) <= 1);
    finding_list_free(&l);
    /* deep nesting: fine below libxml2's depth limit, no crash beyond it */
    static const int depths[] = {100, 300};
    for (size_t d = 0; d < 2; d++) {
        char deep[8192];
        size_t n = 0;
        n += (size_t)snprintf(deep + n, sizeof deep - n, "<valgrindoutput><error><kind>Race</kind>");
        for (int i = 0; i < depths[d]; i++)
            n += (size_t)snprintf(deep + n, sizeof deep - n, "<stack>");
        for (int i = 0; i < depths[d]; i++)
            n += (size_t)snprintf(deep + n, sizeof deep - n, "</stack>");
        snprintf(deep + n, sizeof deep - n, "</error></valgrindoutput>");
        int got = parse_string(deep, &l);
        if (d == 0)
            assert_int_equal(got, 1);
        else
            assert_true(got <= 1);
        finding_list_free(&l);
    }
}

/* ---- a report cut short ---- */

static const char *const all_fixtures[] = {
    "helgrind/abba.xml", "helgrind/abba_truncated.xml", "helgrind/cond_nomutex.xml",
    "helgrind/cycle3.xml", "helgrind/destroy_locked.xml", "helgrind/double_lock.xml",
    "helgrind/empty.xml", "helgrind/lock_leak.xml", "helgrind/race_counter.xml",
    "helgrind/race_counter_truncated.xml", "helgrind/segv.xml", "helgrind/thread_leak.xml",
    "helgrind/two_races.xml", "helgrind/two_races_truncated.xml", "helgrind/uaf.xml",
    "helgrind/unlock_foreign.xml", "helgrind/unlock_foreign_truncated.xml",
    "helgrind/signal_unlocked.xml", "helgrind/fork_limit_crash.xml", "helgrind/kill_self.xml",
    "helgrind/oom.xml",
    "tsan/abba.txt", "tsan/segv.txt",
};

static void test_truncations_monotonic(void **state)
{
    (void)state;
    assert_truncations_monotonic(helgrind_parse_xml, all_fixtures, sizeof all_fixtures / sizeof *all_fixtures);
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
        cmocka_unit_test(test_double_lock),
        cmocka_unit_test(test_lock_leak),
        cmocka_unit_test(test_cond_nomutex),
        cmocka_unit_test(test_fatal_signal),
        cmocka_unit_test(test_signal_without_the_mutex_is_a_note),
        cmocka_unit_test(test_valgrind_broke),
        cmocka_unit_test(test_clean_runs),
        cmocka_unit_test(test_program_files_filter),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_kind_mapping),
        cmocka_unit_test(test_structure_variants),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_truncations_monotonic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
