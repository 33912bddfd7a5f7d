/* Runs tool jobs in parallel. */
#ifndef RACECHECK_JOB_POOL_H
#define RACECHECK_JOB_POOL_H

#include "tools/job.h"

/* Runs every job, at most parallel (1-64) at once; returns when all ended.
 * done (may be NULL) is called after each job, one call at a time. */
void run_jobs(struct tool_job *jobs, int count, int parallel,
              void (*done)(struct tool_job *job, void *ctx), void *ctx);

#endif
