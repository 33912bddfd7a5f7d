/* LOCKGRAPH_OPTIONS parsing: both separators, every type, strict errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lockgraph.h"

atomic_int lg_state;
void lg_init(void) {}

static void parses_keys_with_both_separators(void **state)
{
    (void)state;
    struct lg_options o;
    char err[256];
    lg_options_defaults(&o);
    assert_int_equal(o.exitcode, 66);
    assert_string_equal(o.format, "text");
    assert_int_equal(lg_options_parse(&o, "exitcode=7:format=json,log_path=/tmp/x.json:hang_timeout=0.5",
                                      err, sizeof err), 0);
    assert_int_equal(o.exitcode, 7);
    assert_string_equal(o.format, "json");
    assert_string_equal(o.log_path, "/tmp/x.json");
    assert_true(o.hang_timeout > 0.49 && o.hang_timeout < 0.51);
}

static void rejects_unknown_keys_and_bad_values(void **state)
{
    (void)state;
    struct lg_options o;
    char err[256];
    lg_options_defaults(&o);
    assert_int_equal(lg_options_parse(&o, "exitcod=1", err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown option 'exitcod'"));
    assert_int_equal(lg_options_parse(&o, "exitcode=abc", err, sizeof err), -1);
    assert_non_null(strstr(err, "bad value"));
    assert_int_equal(lg_options_parse(&o, "format=xml", err, sizeof err), -1);
    assert_int_equal(lg_options_parse(&o, "stack_depth=0", err, sizeof err), -1);
    assert_int_equal(lg_options_parse(&o, "novalue", err, sizeof err), -1);
    assert_int_equal(lg_options_parse(&o, "hang_timeout=-1", err, sizeof err), -1);
    assert_int_equal(lg_options_parse(&o, "hang_timeout=inf", err, sizeof err), -1);
    assert_int_equal(lg_options_parse(&o, "hang_timeout=1e30", err, sizeof err), -1);
    lg_options_defaults(&o); /* the failed calls above left values in o */
    assert_int_equal(lg_options_parse(&o, "full_stacks=2", err, sizeof err), -1);
    assert_non_null(strstr(err, "full_stacks must be 0 or 1"));
    lg_options_defaults(&o);
    assert_int_equal(lg_options_parse(&o, "hang_timeout=1000000", err, sizeof err), 0);
    assert_int_equal(lg_options_parse(&o, "novalue\nlockgraph: forged", err, sizeof err), -1);
    assert_null(strchr(err, '\n'));
}

static void empty_and_missing_text_keep_defaults(void **state)
{
    (void)state;
    struct lg_options o;
    char err[256];
    lg_options_defaults(&o);
    assert_int_equal(lg_options_parse(&o, NULL, err, sizeof err), 0);
    assert_int_equal(lg_options_parse(&o, "", err, sizeof err), 0);
    assert_int_equal(lg_options_parse(&o, "::,", err, sizeof err), 0);
    assert_int_equal(o.stack_depth, 16);
    assert_int_equal(o.full_stacks, 0);     /* slide-ready stacks unless asked */
    assert_int_equal(lg_options_parse(&o, "full_stacks=1", err, sizeof err), 0);
    assert_int_equal(o.full_stacks, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_keys_with_both_separators),
        cmocka_unit_test(rejects_unknown_keys_and_bad_values),
        cmocka_unit_test(empty_and_missing_text_keep_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
