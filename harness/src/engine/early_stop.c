#include "engine/early_stop.h"
#include "findings/kind_rules.h"

#include <stdio.h>
#include <string.h>

void early_stop_after(struct tool_job *job, void *ctx)
{
    struct job_stop *stop = ctx;
    if (job->tool != TOOL_LOCKGRAPH || __atomic_load_n(&stop->requested, __ATOMIC_ACQUIRE))
        return;
    enum finding_kind proved = KIND_COUNT;
    for (size_t i = 0; i < job->findings.count && proved == KIND_COUNT; i++)
        if (kind_hangs_natively(job->findings.items[i].kind))
            proved = job->findings.items[i].kind;
    if (proved != KIND_COUNT)
        snprintf(stop->why, sizeof stop->why, "lockgraph proved a %s, where the program would hang: "
                 "the verdict was decided", finding_kind_name(proved));
    else if (!strcmp(job->status, "timeout"))
        /* the slower tools cannot finish what the program itself does not */
        snprintf(stop->why, sizeof stop->why,
                 "the program was still running under lockgraph at its %g s limit", job->timeout);
    else
        return;
    __atomic_store_n(&stop->requested, 1, __ATOMIC_RELEASE);
}
