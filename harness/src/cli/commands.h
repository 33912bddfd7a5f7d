/* The commands. Each reads its command line with cli_parse (cli.h) by its
 * grammar in commands.c. */
#ifndef RACECHECK_COMMANDS_H
#define RACECHECK_COMMANDS_H

#include "sys/exit_status.h"

#include <stdio.h>

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_crosscheck(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* racecheck run's closing note (text format): what lockgraph does not look
 * for (data races) and which command does (run_scope.c). */
extern const char run_scope_note[];
void run_say_scope(FILE *out);

#endif
