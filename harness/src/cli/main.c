/* racecheck: finds data races, lock-order inversions, deadlocks, hangs and
 * pthread misuse in C programs. This file only dispatches to the commands;
 * their grammar is commands.c. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "sys/version.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
} commands[] = {
    {"run", cmd_run},
    {"check", cmd_check},
    {"crosscheck", cmd_crosscheck},
    {"audit", cmd_audit},
    {"merge", cmd_merge},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *a = argv[1];
    if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help")) {
        cli_print_overview(stdout);
        return EXIT_CLEAN;
    }
    if (!strcmp(a, "--version")) {
        printf("racecheck %s\n", RACECHECK_VERSION);
        return EXIT_CLEAN;
    }
    /* the build writes the man pages with this (harness/Makefile) */
    if (!strncmp(a, "--man-page=", 11)) {
        if (cli_write_man(stdout, a + 11) != 0)
            return cli_error(NULL, "no man page '%s'", a + 11);
        return EXIT_CLEAN;
    }
    /* and the shell completion (harness/Makefile; `source <(racecheck --completion=bash)`) */
    if (!strncmp(a, "--completion=", 13)) {
        if (cli_write_completion(stdout, a + 13) != 0)
            return cli_error(NULL, "no completion for the shell '%s' (bash)", a + 13);
        return EXIT_CLEAN;
    }
    /* README.md's table of finding kinds is this output (make readme-kinds) */
    if (!strcmp(a, "--finding-kinds=markdown")) {
        cli_write_kinds_markdown(stdout);
        return EXIT_CLEAN;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(a, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    return cli_error(NULL, "unknown command '%s' (see racecheck --help)", a);
}
