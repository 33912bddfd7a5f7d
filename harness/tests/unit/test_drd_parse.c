/* Unit tests for drd_parse_xml, DRD's reading of Valgrind's XML, on real
 * Valgrind 3.19 DRD XML recorded from the programs in tests/fixtures/programs
 * (tests/fixtures/drd): every finding is DRD's, each kind mapped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tools/drd_parse.h"
#include "test_support.h"

#define PROG "/work/main/harness/tests/fixtures/programs/"

/* The findings of fixture drd/NAME.xml; how many, checked against the count returned. */
static size_t parse_fixture(const char *name, struct finding_list *out)
{
    char rel[256];
    size_t len;
    snprintf(rel, sizeof rel, "drd/%s.xml", name);
    char *xml = fixture_load(rel, &len);
    int n = drd_parse_xml(xml, len, NULL, out);
    free(xml);
    assert_int_equal((size_t)n, out->count);
    return out->count;
}

/* The one finding of fixture NAME is KIND, DRD's, at PROG NAME.c:line in function. */
static void assert_only(const char *name, enum finding_kind kind, int line, const char *function)
{
    struct finding_list l = {0};
    assert_int_equal(parse_fixture(name, &l), 1);
    const struct finding *f = &l.items[0];
    if (f->kind != kind)
        fail_msg("%s: '%s' is %s, wanted %s", name, f->summary, finding_kind_name(f->kind),
                 finding_kind_name(kind));
    assert_int_equal(f->tools, 1u << TOOL_DRD);
    char file[512];
    snprintf(file, sizeof file, PROG "%s.c", name);
    assert_loc(f, 0, file, line, function);
    finding_list_free(&l);
}

static void test_race_is_a_data_race_of_drd(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* the load and the store of counter++, both on the for line */
    assert_int_equal(parse_fixture("race_counter", &l), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(l.items[i].kind, KIND_DATA_RACE);
        assert_int_equal(l.items[i].tools, 1u << TOOL_DRD);
        assert_loc(&l.items[i], 0, PROG "race_counter.c", 10, "worker");
    }
    assert_string_equal(l.items[0].summary, "data race: load in worker at race_counter.c:10");
    assert_summary_has(&l.items[1], "store in worker");
    finding_list_free(&l);
}

static void test_mutex_errors(void **state)
{
    (void)state;
    assert_only("double_lock", KIND_DOUBLE_LOCK, 13, "main");
    assert_only("unlock_foreign", KIND_BAD_UNLOCK, 9, "intruder");
    assert_only("destroy_locked", KIND_DESTROY_LOCKED, 9, "main");
}

static void test_lock_held_at_thread_exit_is_a_lock_leak(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("lock_leak", &l), 1);
    assert_int_equal(l.items[0].kind, KIND_LOCK_LEAK);
    assert_summary_has(&l.items[0], "still locked at thread exit");
    finding_list_free(&l);
}

static void test_wait_without_the_mutex_is_cond_misuse(void **state)
{
    (void)state;
    /* DRD says "Mutex not locked by calling thread" from inside pthread_cond_timedwait */
    assert_only("cond_nomutex", KIND_COND_MISUSE, 20, "main");
}

/* the two misuses only DRD sees */
static void test_reinitialised_mutex_and_uninitialised_cond_are_misuse(void **state)
{
    (void)state;
    assert_only("mutex_reinit", KIND_MISUSE, 8, "main");
    assert_only("cond_uninit", KIND_MISUSE, 10, "main");
    struct finding_list l = {0};
    parse_fixture("mutex_reinit", &l);
    assert_summary_has(&l.items[0], "Mutex reinitialization");
    finding_list_free(&l);
    parse_fixture("cond_uninit", &l);
    assert_summary_has(&l.items[0], "has not been initialized");
    finding_list_free(&l);
}

static void test_nothing_where_drd_sees_nothing(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* DRD has no lock-order analysis */
    assert_int_equal(parse_fixture("abba", &l), 0);
    assert_int_equal(parse_fixture("thread_leak", &l), 0);
}

static void test_signal_without_the_mutex_is_a_note(void **state)
{
    (void)state;
    struct finding_list l = {0};
    /* CondRaceErr for the signal after the unlock (36); DRD does not mind
     * the broadcast while another thread holds the mutex (40) */
    assert_int_equal(parse_fixture("signal_unlocked", &l), 1);
    assert_loc(&l.items[0], 0, PROG "signal_unlocked.c", 36, "main");
    assert_summary_has(&l.items[0], "not locked by the signalling thread");
    assert_int_equal(l.items[0].level, LEVEL_NOTE);
    assert_string_equal(l.items[0].note, "POSIX allows signalling without holding the mutex");
    finding_list_free(&l);
    /* DRD's other condition-variable misuse stays an error */
    assert_int_equal(parse_fixture("cond_uninit", &l), 1);
    assert_int_equal(l.items[0].level, LEVEL_ERROR);
    finding_list_free(&l);
}

static void test_fatal_signal_is_a_crash(void **state)
{
    (void)state;
    struct finding_list l = {0};
    assert_int_equal(parse_fixture("segv", &l), 1);
    assert_int_equal(l.items[0].kind, KIND_CRASH);
    assert_int_equal(l.items[0].tools, 1u << TOOL_DRD);
    assert_summary_has(&l.items[0], "SIGSEGV");
    finding_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_race_is_a_data_race_of_drd),
        cmocka_unit_test(test_mutex_errors),
        cmocka_unit_test(test_lock_held_at_thread_exit_is_a_lock_leak),
        cmocka_unit_test(test_wait_without_the_mutex_is_cond_misuse),
        cmocka_unit_test(test_reinitialised_mutex_and_uninitialised_cond_are_misuse),
        cmocka_unit_test(test_nothing_where_drd_sees_nothing),
        cmocka_unit_test(test_signal_without_the_mutex_is_a_note),
        cmocka_unit_test(test_fatal_signal_is_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
