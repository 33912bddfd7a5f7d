/* The checking engine: one program built, run under every selected tool (in
 * parallel, each run bounded), what they found merged and judged into a
 * report. check, crosscheck and the audit's worker all call it; it prints
 * nothing, and says why it could not start in its state. */
#include "engine/check.h"
#include "engine/early_stop.h"
#include "engine/job_pool.h"
#include "engine/judge.h"
#include "tools/tool.h"
#include "findings/merge.h"
#include "sys/exit_status.h"
#include "sys/paths.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* status of a tool over all its runs: the worst one */
static int status_rank(const char *s)
{
    return !strcmp(s, "failed") ? 4 : !strcmp(s, "timeout") ? 3 : !strcmp(s, "stopped") ? 2
         : !strcmp(s, "ran") ? 1 : 0;
}

/* Schedule exploration, like the first lockgraph run; its exit status is
 * the program's own when it found nothing. Returns the failing seed's run
 * number, 0 when none failed. */
static int explore_after(const struct check_options *o, const struct tool_job *jobs, int njobs,
                         struct report *r)
{
    for (int j = 0; o->explore.count > 0 && j < njobs; j++) {
        const struct tool_job *lg = &jobs[j];
        if (lg->tool != TOOL_LOCKGRAPH || lg->run != 1)
            continue;
        int found = 0;
        for (size_t i = 0; i < lg->findings.count; i++)
            found |= lg->findings.items[i].level == LEVEL_ERROR;
        int reference = !strcmp(lg->status, "ran") && !found ? lg->exit_status : -1;
        return explore_run(&o->explore, lg, o->jobs, reference, r);
    }
    return 0;
}

/* st->graph: the failing seed's lock graph, else the first lockgraph run's
 * that the detector got to write (a run stopped early may have none). */
static void pick_graph(struct check_state *st, const struct tool_job *jobs, int njobs, int failed_run)
{
    st->graph[0] = '\0';
    if (failed_run) {
        snprintf(st->graph, sizeof st->graph, "%s/lockgraph-%d.dot", st->workdir, failed_run);
        if (access(st->graph, F_OK) == 0)
            return;
    }
    for (int run = 1; run <= njobs; run++) {
        for (int j = 0; j < njobs; j++) {
            if (jobs[j].tool != TOOL_LOCKGRAPH || jobs[j].run != run)
                continue;
            snprintf(st->graph, sizeof st->graph, "%s/lockgraph-%d.dot", st->workdir, run);
            if (access(st->graph, F_OK) == 0)
                return;
        }
    }
    st->graph[0] = '\0';
}

int check_run(const struct check_options *op, char **sources, size_t nsources, char **program_argv,
              struct check_state *st, struct report *r)
{
    struct check_options o = *op;
    memset(st, 0, sizeof *st);
    const char *tmp = getenv("TMPDIR");
    snprintf(st->workdir, sizeof st->workdir, "%s/racecheck.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(st->workdir)) {
        snprintf(st->error, sizeof st->error, "cannot make a temporary directory: %s", strerror(errno));
        st->workdir[0] = '\0';
        return EXIT_TOOL_FAILED;
    }

    report_init(r, nsources ? sources[0] : program_argv[0]);
    r->repeat = o.repeat;
    char diagnostics[4096] = "";
    char *plain = st->plain, *tsan = st->tsan, *error = st->error;
    const char *tsan_binary = NULL;
    char *const *args = NULL;
    char (*skip_reason)[200] = st->skip_reason;
    char no_tsan[300] = "";
    int tsan_build_failed = 0;      /* a build one compiler rejects fails the tool, not the check */
    struct program_facts facts = {0};
    int wants_tsan_build = 0;
    for (int t = 0; t < TOOL_COUNT; t++)
        if (o.tools & (1u << t))
            wants_tsan_build |= tool_of((enum tool_id)t)->runs_tsan_build;

    if (nsources) {
        args = program_argv;
        o.build.sources = sources;
        o.build.nsources = nsources;
        o.build.dir = st->workdir;
        snprintf(plain, sizeof st->plain, "%s/program", st->workdir);
        if (build_program(&o.build, 0, "program", diagnostics, sizeof diagnostics) != 0) {
            snprintf(error, sizeof st->error, "the program does not build: %s", diagnostics);
            r->error_message = error;
        } else if (wants_tsan_build) {
            if (build_program(&o.build, 1, "program.tsan", diagnostics, sizeof diagnostics) == 0) {
                snprintf(tsan, sizeof st->tsan, "%s/program.tsan", st->workdir);
                tsan_binary = tsan;
            } else {
                snprintf(no_tsan, sizeof no_tsan, "the ThreadSanitizer build failed: %.150s", diagnostics);
                tsan_build_failed = 1;
            }
        }
    } else {
        args = program_argv + 1;
        switch (binary_inspect(program_argv[0], plain, sizeof st->plain)) {
        case BINARY_MISSING:
            snprintf(st->error, sizeof st->error, "%s: no such program", program_argv[0]);
            return EXIT_USAGE;
        case BINARY_NOT_ELF:
            snprintf(st->error, sizeof st->error, "%s: not an executable this machine runs",
                     program_argv[0]);
            return EXIT_USAGE;
        case BINARY_STATIC:
            facts.is_static = 1;
            snprintf(no_tsan, sizeof no_tsan, "needs the sources to rebuild");
            break;
        case BINARY_TSAN:
            facts.is_tsan_build = 1;
            tsan_binary = plain;
            break;
        case BINARY_DYNAMIC:
            if (o.tsan_binary)
                tsan_binary = o.tsan_binary;
            else
                snprintf(no_tsan, sizeof no_tsan, "%s",
                         o.tsan_skip_reason ? o.tsan_skip_reason
                         : "needs the sources: a prebuilt binary is not built with -fsanitize=thread");
            break;
        }
    }
    /* each tool says whether it can check this program */
    facts.tsan_binary = tsan_binary;
    facts.no_tsan_reason = no_tsan;
    for (int t = 0; t < TOOL_COUNT; t++) {
        const char *why = tool_skip_reason((enum tool_id)t, &facts);
        if (why && (o.tools & (1u << t)))
            snprintf(skip_reason[t], sizeof skip_reason[t], "%s", why);
    }

    st->filter = (struct frame_filter){(const char *const *)sources, nsources};
    struct frame_filter *filterp = &st->filter;
    struct tool_job *jobs = st->jobs = calloc((size_t)TOOL_COUNT * (size_t)o.repeat, sizeof *jobs);
    st->outputs = o.keep_output ? calloc((size_t)TOOL_COUNT * (size_t)o.repeat, sizeof *st->outputs) : NULL;
    int njobs = 0;
    st->stop = (struct job_stop){0};
    if (!r->error_message) {
        for (int run = 1; run <= o.repeat; run++) {
            for (int t = 0; t < TOOL_COUNT; t++) {
                if (!(o.tools & (1u << t)) || skip_reason[t][0])
                    continue;
                struct program_output *output = st->outputs ? &st->outputs[njobs] : NULL;
                jobs[njobs++] = (struct tool_job){
                    .tool = (enum tool_id)t, .plain_binary = plain, .tsan_binary = tsan_binary,
                    .args = args, .stdin_path = o.stdin_path, .workdir = st->workdir,
                    .timeout = o.timeout, .run = run, .filter = filterp,
                    .lockgraph_graph = o.lockgraph_graph, .stop = &st->stop,
                    .output = output};
            }
        }
        run_jobs(jobs, njobs, o.jobs, early_stop_after, &st->stop);
    }
    st->njobs = njobs;

    /* tool statuses, then findings run by run */
    for (int t = 0; t < TOOL_COUNT; t++) {
        if (!(o.tools & (1u << t)))
            continue;
        if (r->error_message) {
            report_set_tool(r, (enum tool_id)t, "skipped", "the program did not build");
            continue;
        }
        if (skip_reason[t][0]) {
            int failed = tsan_build_failed && tool_of((enum tool_id)t)->runs_tsan_build;
            report_set_tool(r, (enum tool_id)t, failed ? "failed" : "skipped", skip_reason[t]);
            continue;
        }
        const struct tool_job *worst = NULL;
        double seconds = 0;
        int runs = 0;
        for (int j = 0; j < njobs; j++) {
            if (jobs[j].tool != (enum tool_id)t)
                continue;
            seconds += jobs[j].seconds;
            runs++;
            if (!worst || status_rank(jobs[j].status) > status_rank(worst->status))
                worst = &jobs[j];
        }
        if (!worst)
            continue;
        struct tool_run *tr = report_set_tool(r, (enum tool_id)t, worst->status,
                                              worst->reason[0] ? worst->reason : NULL);
        tr->exit_status = worst->exit_status;
        tr->seconds = seconds;
        tr->runs = runs;
    }
    for (int j = 0; j < njobs; j++)
        merge_findings(&r->findings, &jobs[j].findings);
    judge_lock_order(r);
    int failed_run = explore_after(&o, jobs, njobs, r);
    if (o.lockgraph_graph)
        pick_graph(st, jobs, njobs, failed_run);
    for (size_t i = 0; o.count_notes && i < r->findings.count; i++)
        finding_make_error(&r->findings.items[i]);
    /* endless output: the program never got to its end, so a clean verdict is
     * one nobody can vouch for */
    int flooded = 0;
    for (int j = 0; j < njobs; j++)
        flooded |= jobs[j].output_limited;
    if (flooded && report_counted_findings(r) == 0) {
        snprintf(st->error, sizeof st->error,
                 "the program wrote far too much output (over 16 MiB) and was stopped: endless output?");
        r->error_message = st->error;
    }
    findings_sort(&r->findings);

    return 0;
}

void check_state_free(struct check_state *st)
{
    for (int j = 0; j < st->njobs; j++)
        finding_list_free(&st->jobs[j].findings);
    free(st->jobs);
    st->jobs = NULL;
    free(st->outputs);
    st->outputs = NULL;
    if (st->workdir[0])
        nftw(st->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
