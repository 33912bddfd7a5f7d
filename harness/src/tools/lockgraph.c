/* lockgraph, racecheck's own detector: liblockgraph.so preloaded into the
 * plain build, its JSON report read back (lockgraph_parse.c). The only tool
 * that proves a deadlock or a hang by watching it happen; it does not track
 * memory accesses, so it never sees a data race. */
#include "tools/lockgraph.h"
#include "tools/lockgraph_parse.h"
#include "tools/tool.h"
#include "sys/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lockgraph_prepare(const struct tool_job *job, struct tool_invocation *inv, char *reason,
                             size_t len)
{
    char lib[2048];
    if (detector_library(lib, sizeof lib) != 0) {
        snprintf(reason, len, "liblockgraph.so not found");
        return -1;
    }
    snprintf(inv->log, sizeof inv->log, "%s/lockgraph-%d.json", job->workdir, job->run);
    inv->env[inv->nenv++] = tool_keep(inv, 0, "LD_PRELOAD=%s", lib);
    /* time_limit: a hang that something outside the program might still end
     * is reported just before the run is stopped (docs/hangs.md) */
    char graph[2100] = "";
    if (job->lockgraph_graph)
        snprintf(graph, sizeof graph, ":graph_path=%s/lockgraph-%d.dot", job->workdir, job->run);
    inv->env[inv->nenv++] = tool_keep(inv, 1, "LOCKGRAPH_OPTIONS=format=json:log_path=%s:time_limit=%g%s%s%s",
                                      inv->log, job->timeout, graph, job->lockgraph_options ? ":" : "",
                                      job->lockgraph_options ? job->lockgraph_options : "");
    return 0;
}

int lockgraph_schedule_options(const char *schedule, char *out, size_t len)
{
    const char *depth = strncmp(schedule, "pct:", 4) == 0 ? schedule + 4 : NULL;
    int n;
    if (depth && *depth && strspn(depth, "0123456789") == strlen(depth) && atoi(depth) >= 1)
        n = snprintf(out, len, "schedule=pct:pct_depth=%s", depth);
    else if (!strcmp(schedule, "pct") || !strcmp(schedule, "random"))
        n = snprintf(out, len, "schedule=%s", schedule);
    else
        return -1;
    return n >= 0 && (size_t)n < len ? 0 : -1;
}

static int lockgraph_read(struct tool_job *job, const struct tool_invocation *inv,
                          const struct proc_result *res)
{
    (void)res;
    size_t len = 0;
    char *text = tool_read_file(inv->log, &len);
    if (text)
        lockgraph_parse_json(text, len, job->filter, &job->findings);
    free(text);
    return 0;
}

static const char *const lockgraph_objects[] = {"liblockgraph", NULL};
static const char *const lockgraph_files[] = {"liblockgraph", "/detector/src/", NULL};

const struct tool tool_lockgraph = {
    .name = "lockgraph",
    .preloads = 1,
    .sees = ALL_KINDS & ~KIND_BIT(KIND_DATA_RACE),
    .address_space_mb = 16384,
    .time_scale = 1,
    /* its watchdog reports a program whose threads are all blocked before then */
    .at_time_limit = "not blocked: some thread was still running",
    .own_objects = lockgraph_objects,
    .own_files = lockgraph_files,
    .prepare = lockgraph_prepare,
    .read = lockgraph_read,
};
