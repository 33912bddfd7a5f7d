/* Stop when the answer is known: lockgraph's run can settle a check before
 * the slower tools end. */
#ifndef RACECHECK_EARLY_STOP_H
#define RACECHECK_EARLY_STOP_H

#include "tools/job.h"

/* Called after each finished job (run_jobs' done): when it is a lockgraph
 * run that proved a bug where the program would hang (a deadlock, a hang, a
 * double lock: kind_hangs_natively), or that was still running, not
 * blocked, at the program's own time limit, requests stop (a struct
 * job_stop) with why. */
void early_stop_after(struct tool_job *job, void *stop);

#endif
