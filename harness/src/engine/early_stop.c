#include "engine/early_stop.h"

#include <stdio.h>
#include <string.h>

void early_stop_after(struct tool_job *job, void *ctx)
{
    struct job_stop *stop = ctx;
    if (job->tool != TOOL_LOCKGRAPH || __atomic_load_n(&stop->requested, __ATOMIC_ACQUIRE))
        return;
    if (finding_list_has_kind(&job->findings, KIND_DEADLOCK))
        snprintf(stop->why, sizeof stop->why, "lockgraph saw the deadlock happen: the verdict was decided");
    else if (finding_list_has_kind(&job->findings, KIND_HANG))
        snprintf(stop->why, sizeof stop->why,
                 "lockgraph saw every thread blocked for good: the verdict was decided");
    else if (!strcmp(job->status, "timeout"))
        /* the slower tools cannot finish what the program itself does not */
        snprintf(stop->why, sizeof stop->why,
                 "the program was still running under lockgraph at its %g s limit", job->timeout);
    else
        return;
    __atomic_store_n(&stop->requested, 1, __ATOMIC_RELEASE);
}
