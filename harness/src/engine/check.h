/* The checking engine: one program checked under every selected tool, what
 * check, crosscheck and the audit's worker share. */
#ifndef RACECHECK_CHECK_H
#define RACECHECK_CHECK_H

#include "engine/build.h"
#include "engine/explore.h"
#include "tools/frame_filter.h"
#include "reports/report.h"
#include "tools/job.h"

struct check_options {
    unsigned tools;             /* bits of enum tool_id */
    const char *format, *output, *stdin_path;
    double timeout;
    int repeat, jobs;
    struct build_options build;
    /* racecheck audit: a prebuilt program's ThreadSanitizer twin (built with
     * the submission's own Makefile), or why there is none; and the detector
     * also writes its lock-order graph (workdir/lockgraph-RUN.dot) */
    const char *tsan_binary, *tsan_skip_reason;
    int lockgraph_graph;
    int keep_output;            /* each run keeps the end of the program's output (st->outputs) */
    int count_notes;            /* --count-notes: notes count as errors */
    struct explore_plan explore; /* --explore, --schedule and --seed; count 0: none */
};

/* What a report points into, kept until check_state_free. */
struct check_state {
    char workdir[4096];
    char plain[4200], tsan[4200], error[4300];
    char skip_reason[TOOL_COUNT][200];
    struct frame_filter filter;
    struct tool_job *jobs;
    struct program_output *outputs; /* keep_output: one per job, else NULL */
    int njobs;
    struct job_stop stop;       /* set when lockgraph settled the check early */
    /* with lockgraph_graph: the lock graph worth showing, the failing explored
     * seed's or else the first lockgraph run's that wrote one; "" when none */
    char graph[4300];
};

/* Builds and runs one program under every selected tool into r (which it
 * initialises). Returns 0; or EXIT_USAGE (a prebuilt program that is missing
 * or not one this machine runs) or EXIT_TOOL_FAILED (no temporary directory),
 * with why in st->error and r not initialised. st keeps what r points into
 * until check_state_free, which is due either way. */
int check_run(const struct check_options *o, char **sources, size_t nsources, char **program_argv,
              struct check_state *st, struct report *r);
void check_state_free(struct check_state *st);

#endif
