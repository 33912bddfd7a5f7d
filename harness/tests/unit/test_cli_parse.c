/* Unit tests of the command-line grammar (src/cli/): every value form, the
 * same ranges in every command, repeats, "--", run's PROGRAM, and errors
 * that name the option. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "sys/exit_status.h"

/* Parses the words of line (split on spaces) by command's grammar; stderr
 * (the error messages) goes to err. */
static int parse(const char *command, const char *line, struct cli_args *a, char *err, size_t errlen)
{
    static char buf[1024];
    static char *argv[64];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s %s", command, line);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && argc < 63; w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    argv[argc] = NULL;
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 2);
    int rc = cli_parse(cli_command_find(command), argc, argv, a);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(err, 1, errlen - 1, tmp);
    err[n] = '\0';
    fclose(tmp);
    return rc;
}

static void equals_and_space_are_the_same(void **state)
{
    (void)state;
    struct cli_args a;
    char err[512];
    assert_int_equal(parse("check", "--timeout=7 --repeat 3 -j2 --format json x.c", &a, err, sizeof err), 0);
    assert_true(cli_seconds(&a, OPT_TIMEOUT) == 7);
    assert_int_equal(cli_int(&a, OPT_REPEAT), 3);
    assert_int_equal(cli_int(&a, OPT_JOBS), 2);
    assert_string_equal(cli_text(&a, OPT_FORMAT), "json");
    assert_int_equal(a.noperands, 1);
    assert_string_equal(a.operands[0], "x.c");
    cli_args_free(&a);
    assert_int_equal(parse("check", "-j 4 --jobs=5 x.c", &a, err, sizeof err), 0);
    assert_int_equal(cli_int(&a, OPT_JOBS), 5); /* the last one counts */
    cli_args_free(&a);
}

static void defaults_are_the_commands_own(void **state)
{
    (void)state;
    struct cli_args a;
    char err[512];
    assert_int_equal(parse("check", "x.c", &a, err, sizeof err), 0);
    assert_true(cli_seconds(&a, OPT_TIMEOUT) == 30);
    assert_false(cli_is_set(&a, OPT_JOBS));
    assert_string_equal(cli_text(&a, OPT_TOOLS), "lockgraph,tsan,helgrind");
    cli_args_free(&a);
    assert_int_equal(parse("crosscheck", "", &a, err, sizeof err), 0);
    assert_true(cli_seconds(&a, OPT_TIMEOUT) == 10);
    cli_args_free(&a);
}

static void a_range_is_the_same_everywhere(void **state)
{
    (void)state;
    struct cli_args a;
    char first[512] = "", err[512];
    const char *commands[] = {"check", "crosscheck", "audit"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(parse(commands[i], "--jobs=65", &a, err, sizeof err), EXIT_USAGE);
        cli_args_free(&a);
        const char *msg = strstr(err, "--jobs");
        assert_non_null(msg);
        if (i == 0)
            snprintf(first, sizeof first, "%s", msg);
        else
            assert_string_equal(msg, first);
    }
    assert_non_null(strstr(first, "from 1 to 64"));
}

static void errors_name_the_option(void **state)
{
    (void)state;
    struct cli_args a;
    char err[512];
    assert_int_equal(parse("check", "--frob", &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "unknown option '--frob'"));
    cli_args_free(&a);
    assert_int_equal(parse("check", "--output", &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "--output needs a value"));
    cli_args_free(&a);
    assert_int_equal(parse("audit", "--no-sandbox=yes d", &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "--no-sandbox takes no value"));
    cli_args_free(&a);
    assert_int_equal(parse("check", "--tools=lockgraph,bogus x.c", &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "--tools takes a comma-separated list of lockgraph, tsan, helgrind, drd"));
    cli_args_free(&a);
    assert_int_equal(parse("check", "--report=xml:f x.c", &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "--report takes FORMAT:FILE"));
    cli_args_free(&a);
}

static void repeatable_options_keep_every_value(void **state)
{
    (void)state;
    struct cli_args a;
    char err[512];
    assert_int_equal(parse("check", "--report=json:a --report sarif:b x.c", &a, err, sizeof err), 0);
    assert_int_equal(a.ngiven[OPT_REPORT], 2);
    assert_string_equal(a.given[OPT_REPORT][1], "sarif:b");
    cli_args_free(&a);
    char line[400] = "";
    for (int i = 0; i < 9; i++)
        strcat(line, "--report=json:f ");
    strcat(line, "x.c");
    assert_int_equal(parse("check", line, &a, err, sizeof err), EXIT_USAGE);
    assert_non_null(strstr(err, "--report may be given at most 8 times"));
    cli_args_free(&a);
}

static void double_dash_and_run_program(void **state)
{
    (void)state;
    struct cli_args a;
    char err[512];
    assert_int_equal(parse("check", "x.c -- --timeout=1 arg", &a, err, sizeof err), 0);
    assert_true(a.has_rest);
    assert_int_equal(a.nrest, 2);
    assert_string_equal(a.rest[0], "--timeout=1");
    assert_true(cli_seconds(&a, OPT_TIMEOUT) == 30);
    cli_args_free(&a);
    /* run: the program ends the options, its own flags are its own */
    assert_int_equal(parse("run", "--hang-timeout 2 ./prog --hang_timeout=9", &a, err, sizeof err), 0);
    assert_int_equal(a.nrest, 2);
    assert_string_equal(a.rest[0], "./prog");
    assert_string_equal(cli_text(&a, OPT_LG_hang_timeout), "2");
    cli_args_free(&a);
    /* a detector key's own spelling is still accepted: --log-path is --output's old name */
    assert_int_equal(parse("run", "--log_path=/tmp/x -- ./prog", &a, err, sizeof err), 0);
    assert_string_equal(cli_text(&a, OPT_LG_log_path), "/tmp/x");
    cli_args_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equals_and_space_are_the_same),
        cmocka_unit_test(defaults_are_the_commands_own),
        cmocka_unit_test(a_range_is_the_same_everywhere),
        cmocka_unit_test(errors_name_the_option),
        cmocka_unit_test(repeatable_options_keep_every_value),
        cmocka_unit_test(double_dash_and_run_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
