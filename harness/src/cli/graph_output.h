/* --graph=FILE of racecheck run and check: the lock-order graph the detector
 * wrote, as DOT, SVG or PNG by FILE's extension (reports/lock_graph_draw.h). */
#ifndef RACECHECK_GRAPH_OUTPUT_H
#define RACECHECK_GRAPH_OUTPUT_H

#include <stdio.h>

#include "cli/cli.h"

/* Before the work: path's format (.dot, .svg, .png, else a usage error,
 * EXIT_USAGE) and the file opened for writing (else EXIT_TOOL_FAILED, said,
 * as --output). Returns 0 with *out and *format set. */
int cli_graph_open(const struct cli_command *cmd, const char *path, FILE **out, int *format);

/* After it: the graph the detector wrote at dot_path (NULL or missing: a
 * graph that says there is none, and a warning) written into out, which is
 * closed. Returns 0, or EXIT_TOOL_FAILED with a one-line error. */
int cli_graph_close(FILE *out, const char *path, int format, const char *dot_path);

/* Closes and removes it when the command failed before any graph was made. */
void cli_graph_discard(FILE *out, const char *path);

#endif
