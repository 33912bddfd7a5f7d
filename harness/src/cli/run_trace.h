/* racecheck run --trace=FILE: the detector's trace_path for the run, and
 * after it the picture (FILE.svg, FILE.html) drawn from the JSON it wrote. */
#ifndef RACECHECK_RUN_TRACE_H
#define RACECHECK_RUN_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"

struct run_trace {
    const char *file;           /* --trace's FILE; NULL: no trace asked for */
    char json[4096];            /* where the detector writes: FILE.json, or a temporary file */
    bool picture, html;
};

/* Checks FILE and adds trace_path to the detector's options (size bytes at
 * options). 0, or a usage error's exit status, said. */
int run_trace_begin(const struct cli_command *cmd, const char *file, char *options, size_t size,
                    struct run_trace *tr);
/* After the run (status: its exit status): says when no trace was written,
 * draws the picture. The status racecheck run exits with. */
int run_trace_end(struct run_trace *tr, int status);

#endif
