/* The subcommands, and the exit codes DESIGN.md fixes. */
#ifndef RACECHECK_COMMANDS_H
#define RACECHECK_COMMANDS_H

enum {
    EXIT_CLEAN = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_TOOL_FAILED = 3,
};

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_crosscheck(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_merge(int argc, char **argv);
/* Prints "racecheck: error: ..." and returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
