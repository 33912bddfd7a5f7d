/* One run of the program under one tool, and what it found. */
#ifndef RACECHECK_TOOL_JOB_H
#define RACECHECK_TOOL_JOB_H

#include "findings/finding.h"
#include "tools/frame_filter.h"

/* Set once the verdict is known: runs still going are stopped, runs not yet
 * started do not start. */
struct job_stop {
    int requested;                  /* atomic: set after why */
    char why[200];
};

/* The end of what the program itself wrote (racecheck audit keeps it, so a
 * grader sees e.g. the errors of a write outside its folder). */
#define PROGRAM_OUTPUT_TAIL 4096
struct program_output {
    char stdout_tail[PROGRAM_OUTPUT_TAIL];
    char stderr_tail[PROGRAM_OUTPUT_TAIL];
    int stdout_cut, stderr_cut;     /* the start was left out */
};

struct tool_job {
    /* in */
    enum tool_id tool;
    const char *plain_binary;       /* for lockgraph and helgrind */
    const char *tsan_binary;        /* NULL when the program could not be rebuilt */
    char *const *args;              /* the program's arguments (after argv[0]) */
    const char *stdin_path;
    const char *workdir;            /* private: logs go here */
    double timeout;
    int run;                        /* 1..repeat, names the log files */
    const struct frame_filter *filter;
    int lockgraph_graph;            /* the detector writes workdir/lockgraph-RUN.dot */
    const char *lockgraph_options;  /* more LOCKGRAPH_OPTIONS (a schedule), or NULL */
    const struct job_stop *stop;    /* NULL: runs to its end */
    struct program_output *output;  /* NULL, or where the run keeps the end of the program's output */
    /* out */
    const char *status;             /* ran, skipped, timeout, stopped, failed */
    char reason[256];
    int exit_status;
    double seconds;
    int output_limited;             /* stopped because it wrote far too much */
    struct finding_list findings;
};

/* Runs the job to completion within its time limit; never fails to return. */
void tool_job_run(struct tool_job *job);

#endif
