/* One program checked under every selected tool: what check and crosscheck share. */
#ifndef RACECHECK_CHECK_H
#define RACECHECK_CHECK_H

#include "build.h"
#include "frame_filter.h"
#include "report.h"
#include "tools.h"

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
};

/* What a report points into, kept until check_state_free. */
struct check_state {
    char workdir[4096];
    char plain[4200], tsan[4200], error[4300];
    char skip_reason[TOOL_COUNT][200];
    struct frame_filter filter;
    struct tool_job *jobs;
    int njobs;
};

/* "lockgraph,tsan" -> tool bits; -1 for an unknown or empty list. */
int parse_tools(const char *list, unsigned *bits);

int check_run(const struct check_options *o, char **sources, size_t nsources, char **program_argv,
              struct check_state *st, struct report *r);
void check_state_free(struct check_state *st);

#endif
