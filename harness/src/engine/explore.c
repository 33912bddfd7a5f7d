#include "engine/explore.h"
#include "engine/job_pool.h"
#include "findings/merge.h"
#include "tools/lockgraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seed_run {
    char schedule[32];
    long seed;
    char options[96];           /* its LOCKGRAPH_OPTIONS */
};

struct explore_ctx {
    struct job_stop *stops;     /* one per seed: a failure stops the later seeds only */
    int count;
    const struct report *known;
    int reference_exit;
    struct tool_job *jobs;
    int failed;                 /* index of the first failing seed, -1 */
};

/* The known finding f matches, or NULL; a deadlock matches the predicted
 * inversion of its cycle (it confirms it). */
static struct finding *known_as(const struct report *known, const struct finding *f)
{
    for (size_t k = 0; k < known->findings.count; k++)
        if (findings_same_bug(&known->findings.items[k], f))
            return &known->findings.items[k];
    return NULL;
}

static int confirms(const struct finding *known, const struct finding *f)
{
    return known && f->kind == KIND_DEADLOCK && known->kind == KIND_LOCK_ORDER_INVERSION &&
           known->confirmed != CONFIRM_DEADLOCKED;
}

/* known, a predicted inversion, happened for real under how (a schedule) */
static void confirm(struct finding *known, const char *schedule, long seed, const char *command,
                    const char *how)
{
    char *summary = NULL;
    if (asprintf(&summary, "%s; confirmed: it deadlocked %s", known->summary ? known->summary : "",
                 how) < 0)
        abort();
    free(known->summary);
    known->summary = summary;
    known->confirmed = CONFIRM_DEADLOCKED;
    finding_make_error(known);      /* it happened: no proof from another run stands */
    finding_set_replay(known, schedule, seed, command);
}

/* 1 when the run shows something the check did not: a finding that counts
 * and is new, or an exit status of its own that differs */
static int run_failed(const struct tool_job *job, const struct explore_ctx *c)
{
    if (strcmp(job->status, "ran") && strcmp(job->status, "timeout"))
        return 0;               /* stopped, or lockgraph itself broke: no answer */
    int findings = 0;
    for (size_t i = 0; i < job->findings.count; i++) {
        const struct finding *f = &job->findings.items[i];
        if (f->level != LEVEL_ERROR)
            continue;
        findings = 1;
        const struct finding *known = known_as(c->known, f);
        /* new, a confirmation, or lockgraph showing what only another tool saw */
        if (!known || confirms(known, f) || !(known->tools & (1u << TOOL_LOCKGRAPH)))
            return 1;
    }
    return !findings && !strcmp(job->status, "ran") && c->reference_exit >= 0 &&
           job->exit_status != c->reference_exit;
}

static void after_seed(struct tool_job *job, void *arg)
{
    struct explore_ctx *c = arg;
    int i = (int)(job - c->jobs);
    if ((c->failed >= 0 && c->failed < i) || !run_failed(job, c))
        return;
    /* the lowest failing seed is the answer, whatever finished first: the
     * earlier seeds still running go on, the later ones stop */
    c->failed = i;
    for (int k = i + 1; k < c->count; k++) {
        snprintf(c->stops[k].why, sizeof c->stops[k].why, "schedule exploration: an earlier seed failed");
        __atomic_store_n(&c->stops[k].requested, 1, __ATOMIC_RELEASE);
    }
}

static void plan_seed(const struct explore_plan *plan, int i, struct seed_run *s)
{
    s->seed = plan->first_seed + i;
    /* pct by default: one thread at a time, so a seed replays exactly;
     * random's delays leave the rest to the machine */
    snprintf(s->schedule, sizeof s->schedule, "%s", plan->schedule ? plan->schedule : "pct");
    /* the command line checked the schedule */
    lockgraph_schedule_options(s->schedule, s->options, sizeof s->options - 24);
    size_t n = strlen(s->options);
    snprintf(s->options + n, sizeof s->options - n, ":seed=%ld", s->seed);
}

/* What the failing run found that the check did not, into r with its replay. */
static void report_failure(struct tool_job *job, const struct seed_run *s, const struct explore_plan *plan,
                           int reference_exit, struct report *r)
{
    char *command = NULL;
    if (asprintf(&command, "racecheck check --schedule=%s --seed=%ld%s", s->schedule, s->seed,
                 plan->replay_args) < 0)
        abort();
    int any = 0;
    size_t kept = 0;
    for (size_t i = 0; i < job->findings.count; i++) {
        struct finding *f = &job->findings.items[i];
        any |= f->level == LEVEL_ERROR;
        struct finding *known = known_as(r, f);
        if (confirms(known, f)) {
            /* the deadlock is the prediction's own: it confirms it, no finding of its own */
            char how[80];
            snprintf(how, sizeof how, "under %s seed %ld", s->schedule, s->seed);
            confirm(known, s->schedule, s->seed, command, how);
            finding_free(f);
            continue;
        }
        job->findings.items[kept++] = *f;
    }
    job->findings.count = kept;
    if (!any) {
        /* the program itself says something went wrong under this schedule */
        char summary[300];
        snprintf(summary, sizeof summary,
                 "the result depends on the schedule: exit status %d under %s seed %ld, %d with the "
                 "threads run one after another (a race condition: a check and its act, or an order "
                 "between threads, not protected as one)", job->exit_status, s->schedule, s->seed, reference_exit);
        finding_list_add(&job->findings, KIND_DATA_RACE, TOOL_LOCKGRAPH, summary);
    }
    merge_findings(&r->findings, &job->findings);
    /* what the run found, new or seen by another tool without exploration:
     * now with lockgraph's replay */
    for (size_t i = 0; i < job->findings.count; i++) {
        struct finding *known = known_as(r, &job->findings.items[i]);
        if (known && !known->replay.command)
            finding_set_replay(known, s->schedule, s->seed, command);
    }
    r->explore.failed_seed = s->seed;
    snprintf(r->explore.failed_schedule, sizeof r->explore.failed_schedule, "%s", s->schedule);
    free(command);
}

/* Steers one run toward each predicted inversion lockgraph gave sites for. */
static void confirm_inversions(const struct explore_plan *plan, const struct tool_job *base, int jobs,
                               struct report *r)
{
    enum { MAX_STEERED = 8 };
    struct tool_job runs[MAX_STEERED];
    struct finding *targets[MAX_STEERED];
    char options[MAX_STEERED][4300];
    int n = 0;
    for (size_t i = 0; i < r->findings.count && n < MAX_STEERED; i++) {
        struct finding *f = &r->findings.items[i];
        if (f->kind != KIND_LOCK_ORDER_INVERSION || !f->steer || f->level != LEVEL_ERROR)
            continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/steer-%d", base->workdir, n);
        FILE *out = fopen(path, "w");
        if (!out || fputs(f->steer, out) < 0 || fclose(out) != 0)
            continue;   /* the prediction stays untried */
        snprintf(options[n], sizeof options[n], "steer=%s", path);
        runs[n] = *base;
        runs[n].run = 900 + n;
        runs[n].lockgraph_graph = 0;
        runs[n].lockgraph_options = options[n];
        runs[n].stop = NULL;
        runs[n].findings = (struct finding_list){0};
        runs[n].output = NULL;
        targets[n++] = f;
    }
    run_jobs(runs, n, jobs, NULL, NULL);
    char *command = NULL;
    if (n && asprintf(&command, "racecheck check --explore=1%s", plan->replay_args) < 0)
        abort();
    for (int i = 0; i < n; i++) {
        targets[i]->confirmed = CONFIRM_NOT_REACHED;
        if (finding_list_has_kind(&runs[i].findings, KIND_DEADLOCK))
            confirm(targets[i], "steer", 0, command, "in a run steered toward it");
        finding_list_free(&runs[i].findings);
    }
    free(command);
}

/* The program's own result, against which a seed's exit status is judged:
 * with its threads run one after another (pct of depth 1: no priority
 * change, the same order every time), which a free run does not give for
 * sure (on a busy machine the overdraw example overdraws in a free run now
 * and then, and its seed then looked no different). The free run's status
 * (free_exit) when the serial run did not end by itself or found something. */
static int serial_exit(const struct tool_job *base, int free_exit)
{
    char options[96];
    struct job_stop stop = {0};
    struct tool_job serial = *base;
    if (lockgraph_schedule_options("pct:1", options, sizeof options - 16) != 0)
        return free_exit;
    strcat(options, ":seed=1");
    serial.run = 999;           /* its own log files */
    serial.lockgraph_graph = 0;
    serial.lockgraph_options = options;
    serial.stop = &stop;
    serial.findings = (struct finding_list){0};
    serial.output = NULL;
    run_jobs(&serial, 1, 1, NULL, NULL);
    int found = 0;
    for (size_t i = 0; i < serial.findings.count; i++)
        found |= serial.findings.items[i].level == LEVEL_ERROR;
    finding_list_free(&serial.findings);
    return !strcmp(serial.status, "ran") && !found ? serial.exit_status : free_exit;
}

int explore_run(const struct explore_plan *plan, const struct tool_job *base, int jobs,
                int reference_exit, struct report *r)
{
    if (plan->count <= 0)
        return 0;
    if (reference_exit >= 0)
        reference_exit = serial_exit(base, reference_exit);
    if (plan->confirm)
        confirm_inversions(plan, base, jobs, r);
    struct tool_job *runs = calloc((size_t)plan->count, sizeof *runs);
    struct seed_run *seeds = calloc((size_t)plan->count, sizeof *seeds);
    if (!runs || !seeds)
        abort();
    struct job_stop *stops = calloc((size_t)plan->count, sizeof *stops);
    if (!stops)
        abort();
    struct explore_ctx c = {.stops = stops, .count = plan->count, .known = r,
                            .reference_exit = reference_exit, .jobs = runs, .failed = -1};
    for (int i = 0; i < plan->count; i++) {
        plan_seed(plan, i, &seeds[i]);
        runs[i] = *base;
        runs[i].run = 1000 + i;  /* its own log files */
        runs[i].lockgraph_graph = plan->seed_graphs ? base->lockgraph_graph : 0;
        runs[i].lockgraph_options = seeds[i].options;
        runs[i].stop = &stops[i];
        runs[i].findings = (struct finding_list){0};
        runs[i].output = NULL;
    }
    run_jobs(runs, plan->count, jobs, after_seed, &c);
    r->explore.count = plan->count;
    r->explore.schedule = plan->schedule;
    for (int i = 0; i < plan->count; i++)
        r->explore.seeds_run += strcmp(runs[i].status, "stopped") != 0;
    int failed_run = 0;
    if (c.failed >= 0) {
        report_failure(&runs[c.failed], &seeds[c.failed], plan, reference_exit, r);
        failed_run = runs[c.failed].run;
    }
    for (int i = 0; i < plan->count; i++)
        finding_list_free(&runs[i].findings);
    free(runs);
    free(seeds);
    free(stops);
    return failed_run;
}
