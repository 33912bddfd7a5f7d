/* engine/judge.c: which lone reports of a lock cycle become notes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "engine/judge.h"

/* a report where lockgraph and TSan have the given statuses, with one lock
 * cycle reported by tools */
static enum finding_level judged(const char *lockgraph, const char *tsan, unsigned tools)
{
    struct report r;
    report_init(&r, "x.c");
    report_set_tool(&r, TOOL_LOCKGRAPH, lockgraph, NULL);
    report_set_tool(&r, TOOL_TSAN, tsan, NULL);
    report_set_tool(&r, TOOL_HELGRIND, "ran", NULL);
    struct finding *f = finding_list_add(&r.findings, KIND_LOCK_ORDER_INVERSION, TOOL_HELGRIND, "s");
    f->tools = tools;
    judge_lock_order(&r);
    enum finding_level level = r.findings.items[0].level;
    report_free(&r);
    return level;
}

static void test_helgrind_alone(void **state)
{
    (void)state;
    const unsigned hg = 1u << TOOL_HELGRIND, ts = 1u << TOOL_TSAN;
    /* Helgrind alone, both lock-order watchers ran to the end: a note */
    assert_int_equal(judged("ran", "ran", hg), LEVEL_NOTE);
    /* a watcher that did not finish, or was not there, proves nothing */
    assert_int_equal(judged("timeout", "ran", hg), LEVEL_ERROR);
    assert_int_equal(judged("ran", "stopped", hg), LEVEL_ERROR);
    assert_int_equal(judged("ran", "skipped", hg), LEVEL_ERROR);
    /* TSan's report stands: its run may have taken a path lockgraph's did not */
    assert_int_equal(judged("ran", "ran", ts), LEVEL_ERROR);
    assert_int_equal(judged("ran", "ran", ts | hg), LEVEL_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helgrind_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
