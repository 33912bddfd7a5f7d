/* Schedule exploration (check --explore=N, or --schedule and --seed): the
 * program under lockgraph with seeded schedules until one fails; what it
 * found carries the command that makes it happen again (docs/exploration.md). */
#ifndef RACECHECK_EXPLORE_H
#define RACECHECK_EXPLORE_H

#include "reports/report.h"
#include "tools/job.h"

struct explore_plan {
    const char *schedule;       /* "pct", "pct:DEPTH", "random"; NULL: pct */
    long first_seed;
    int count;                  /* seeds to try; 0: no exploration */
    const char *replay_args;    /* racecheck check's arguments after the schedule and
                                   seed, quoted for a shell */
    int confirm;                /* first steer a run toward each predicted lock-order
                                   inversion (--explore) */
    int seed_graphs;            /* the seeds write lock graphs like base (check --graph
                                   shows the failing seed's); else none, which is cheaper */
};

/* With plan->confirm, first steers a run toward each lock-order inversion
 * lockgraph predicted (its sites): one that deadlocks is confirmed, with its
 * replay. Then runs the plan's seeds (jobs at once) like base, a lockgraph
 * job, and stops at the first that fails: a finding r does not have yet (a
 * deadlock of a predicted cycle confirms it), or the program's exit status
 * other than reference_exit (-1: unknown). That run's new findings go into
 * r, each with its replay; r->explore says what ran. Returns the failing
 * run's number (its log and graph files in base's workdir), 0 when none failed. */
int explore_run(const struct explore_plan *plan, const struct tool_job *base, int jobs,
                 int reference_exit, struct report *r);

#endif
