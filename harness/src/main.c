/* racecheck: finds data races, lock-order inversions, deadlocks, hangs and
 * pthread misuse in C programs. This file only dispatches to subcommands. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"run", cmd_run, "run a binary under the lockgraph detector only"},
    {"check", cmd_check, "build a program, run it under every tool, merge, judge"},
    {"crosscheck", cmd_crosscheck, "the catalogue: every example under every tool, against expectations"},
    {"audit", cmd_audit, "every submission of a class directory, each sandboxed, one summary"},
    {"merge", cmd_merge, "combine the outputs of sharded audits into one summary"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: racecheck COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'racecheck COMMAND --help' describes each command's options.\n"
               "Exit status: 0 clean, 1 findings, 2 usage error or bad input, 3 a tool or the build failed.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    return usage_error("unknown command '%s' (see racecheck --help)", argv[1]);
}
