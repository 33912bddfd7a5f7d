/* The tool table: every tool of tool_list.inc has a whole declaration under
 * its own name, and the generic rules decide when each is skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/tool.h"

static void every_tool_is_declared_whole(void **state)
{
    (void)state;
    for (int t = 0; t < TOOL_COUNT; t++) {
        const struct tool *d = tool_of((enum tool_id)t);
        assert_non_null(d);
        assert_string_equal(d->name, tool_name((enum tool_id)t));
        assert_int_equal(tool_from_name(d->name), t);
        assert_non_null(d->prepare);
        assert_non_null(d->read);
        assert_true(d->sees != 0);
        assert_true((d->sees & ~ALL_KINDS) == 0);
    }
    assert_null(tool_of(TOOL_COUNT));
}

static void what_each_tool_can_see(void **state)
{
    (void)state;
    /* lockgraph tracks locks, not memory; DRD has no lock order */
    assert_false(tool_of(TOOL_LOCKGRAPH)->sees & KIND_BIT(KIND_DATA_RACE));
    assert_true(tool_of(TOOL_LOCKGRAPH)->sees & KIND_BIT(KIND_DEADLOCK));
    assert_true(tool_of(TOOL_DRD)->sees & KIND_BIT(KIND_DATA_RACE));
    assert_false(tool_of(TOOL_DRD)->sees & KIND_BIT(KIND_LOCK_ORDER_INVERSION));
    assert_true(tool_of(TOOL_DRD)->sees & KIND_BIT(KIND_MISUSE));
}

static void skip_rules(void **state)
{
    (void)state;
    struct program_facts built = {.tsan_binary = "/tmp/p.tsan"};
    for (int t = 0; t < TOOL_COUNT; t++)
        assert_null(tool_skip_reason((enum tool_id)t, &built));

    struct program_facts no_tsan = {.no_tsan_reason = "needs the sources"};
    assert_string_equal(tool_skip_reason(TOOL_TSAN, &no_tsan), "needs the sources");
    assert_null(tool_skip_reason(TOOL_DRD, &no_tsan));

    /* a static program cannot take a preloaded detector; Valgrind runs it */
    struct program_facts is_static = {.is_static = 1, .no_tsan_reason = "needs the sources to rebuild"};
    assert_non_null(strstr(tool_skip_reason(TOOL_LOCKGRAPH, &is_static), "statically linked"));
    assert_null(tool_skip_reason(TOOL_HELGRIND, &is_static));
    assert_null(tool_skip_reason(TOOL_DRD, &is_static));

    /* a program built with TSan runs only under TSan */
    struct program_facts tsan_built = {.is_tsan_build = 1, .tsan_binary = "/tmp/p"};
    assert_null(tool_skip_reason(TOOL_TSAN, &tsan_built));
    for (int t = 0; t < TOOL_COUNT; t++)
        if (!tool_of((enum tool_id)t)->runs_tsan_build)
            assert_non_null(strstr(tool_skip_reason((enum tool_id)t, &tsan_built), "ThreadSanitizer"));
}

static void own_frames_are_the_tools(void **state)
{
    (void)state;
    assert_true(tool_owns_frame("/usr/libexec/valgrind/vgpreload_drd-amd64-linux.so", NULL));
    assert_true(tool_owns_frame(NULL, "/build/valgrind/drd/drd_pthread_intercepts.c"));
    assert_true(tool_owns_frame("/usr/lib/x86_64-linux-gnu/libtsan.so.2", NULL));
    assert_true(tool_owns_frame("/opt/racecheck/lib/liblockgraph.so", NULL));
    assert_false(tool_owns_frame("/home/student/a.out", "/home/student/main.c"));
}

static void the_default_set_names_known_tools(void **state)
{
    (void)state;
    unsigned bits;
    assert_int_equal(tool_set_parse(TOOL_DEFAULT_SET, &bits), 0);
    assert_int_equal(bits, (1u << TOOL_LOCKGRAPH) | (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND));
    assert_int_equal(tool_set_parse("drd,nosuch", &bits), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_tool_is_declared_whole),
        cmocka_unit_test(what_each_tool_can_see),
        cmocka_unit_test(skip_rules),
        cmocka_unit_test(own_frames_are_the_tools),
        cmocka_unit_test(the_default_set_names_known_tools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
