/* racecheck check: build one program, run it under every selected tool (in
 * parallel, each run bounded), merge what they found and judge. */
#include "baseline.h"
#include "check.h"
#include "commands.h"
#include "merge.h"
#include "paths.h"
#include "proc.h"
#include "report.h"
#include "suppressions.h"
#include "tools.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void usage(FILE *f)
{
    fprintf(f,
            "usage: racecheck check [OPTIONS] FILE.c... [-- ARGS...]\n"
            "       racecheck check [OPTIONS] -- PROGRAM [ARGS...]\n\n"
            "Builds the program (plain -g -O1 -pthread, and with -fsanitize=thread), runs it\n"
            "under each tool, merges what they find into one report and verdict.\n\n"
            "Options:\n"
            "  --tools=LIST      lockgraph,tsan,helgrind (default), drd too\n"
            "  --format=FORMAT   text (default), json, sarif or junit\n"
            "  --output=FILE     write the report to FILE instead of standard output\n"
            "  --report=FORMAT:FILE  also write the same report in FORMAT to FILE (repeatable):\n"
            "                    one run gives e.g. the JSON, SARIF and JUnit files of a CI job\n"
            "  --suppressions=FILE  waive the findings its rules match (KIND:FUNCTION_GLOB,\n"
            "                    KIND:file=PATH_GLOB; see ci/README.md): reported, not counted\n"
            "  --baseline=FILE   waive findings already in FILE, an earlier --format=json report\n"
            "                    (or an array of them): only new findings count\n"
            "  --timeout=S       wall-clock limit of each run, in seconds (default 30)\n"
            "  --repeat=N        run each tool N times; findings say in how many runs\n"
            "  -j N, --jobs=N    tool runs at once (default: the number of CPUs)\n"
            "  --stdin=FILE      the program's standard input (default /dev/null)\n"
            "  --cc=CC           compiler of the plain build (default gcc)\n"
            "  --cflags=FLAGS    extra compiler flags; --ldflags=FLAGS extra linker flags\n"
            "  --help            this text\n\n"
            "Exit status: 0 clean, 1 findings, 2 usage error or bad input, 3 a tool or the build failed.\n");
}

int parse_tools(const char *list, unsigned *bits)
{
    char *copy = strdup(list), *save = NULL;
    *bits = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int id = tool_from_name(t);
        if (id < 0) {
            free(copy);
            return -1;
        }
        *bits |= 1u << id;
    }
    free(copy);
    return *bits ? 0 : -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- running the jobs in parallel ---- */
struct pool {
    struct tool_job *jobs;
    int count;
    int next;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->next < p->count ? p->next++ : -1;
        pthread_mutex_unlock(&p->lock);
        if (i < 0)
            return NULL;
        tool_job_run(&p->jobs[i]);
    }
}

static void run_jobs(struct tool_job *jobs, int count, int parallel)
{
    struct pool p = {jobs, count, 0, PTHREAD_MUTEX_INITIALIZER};
    if (parallel < 1)
        parallel = 1;
    if (parallel > count)
        parallel = count;
    pthread_t threads[64];
    int started = 0;
    for (int i = 0; i < parallel && i < 64; i++)
        if (pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    if (started == 0)
        worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* status of a tool over all its runs: the worst one */
static int status_rank(const char *s)
{
    return !strcmp(s, "failed") ? 3 : !strcmp(s, "timeout") ? 2 : !strcmp(s, "ran") ? 1 : 0;
}

/* Builds and runs one program under every selected tool into r (which it
 * initialises). Returns 0, or EXIT_USAGE / EXIT_TOOL_FAILED when it could not
 * start. st keeps what r points into until check_state_free. */
int check_run(const struct check_options *op, char **sources, size_t nsources, char **program_argv,
              struct check_state *st, struct report *r)
{
    struct check_options o = *op;
    memset(st, 0, sizeof *st);
    const char *tmp = getenv("TMPDIR");
    snprintf(st->workdir, sizeof st->workdir, "%s/racecheck.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(st->workdir)) {
        fprintf(stderr, "racecheck: error: cannot make a temporary directory: %s\n", strerror(errno));
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

    if (nsources) {
        args = program_argv;
        o.build.sources = sources;
        o.build.nsources = nsources;
        o.build.dir = st->workdir;
        snprintf(plain, sizeof st->plain, "%s/program", st->workdir);
        if (build_program(&o.build, 0, "program", diagnostics, sizeof diagnostics) != 0) {
            snprintf(error, sizeof st->error, "the program does not build: %s", diagnostics);
            r->error_message = error;
        } else if (o.tools & (1u << TOOL_TSAN)) {
            if (build_program(&o.build, 1, "program.tsan", diagnostics, sizeof diagnostics) == 0) {
                snprintf(tsan, sizeof st->tsan, "%s/program.tsan", st->workdir);
                tsan_binary = tsan;
            } else {
                snprintf(skip_reason[TOOL_TSAN], sizeof skip_reason[0],
                         "the ThreadSanitizer build failed: %.150s", diagnostics);
            }
        }
    } else {
        args = program_argv + 1;
        switch (binary_inspect(program_argv[0], plain, sizeof st->plain)) {
        case BINARY_MISSING:
            return usage_error("check: %s: no such program", program_argv[0]);
        case BINARY_NOT_ELF:
            return usage_error("check: %s: not an executable this machine runs", program_argv[0]);
        case BINARY_STATIC:
            snprintf(skip_reason[TOOL_LOCKGRAPH], sizeof skip_reason[0],
                     "the program is statically linked: a preloaded detector cannot watch it");
            snprintf(skip_reason[TOOL_TSAN], sizeof skip_reason[0], "needs the sources to rebuild");
            break;
        case BINARY_TSAN:
            tsan_binary = plain;
            snprintf(skip_reason[TOOL_LOCKGRAPH], sizeof skip_reason[0],
                     "the program is built with ThreadSanitizer");
            snprintf(skip_reason[TOOL_HELGRIND], sizeof skip_reason[0],
                     "the program is built with ThreadSanitizer");
            snprintf(skip_reason[TOOL_DRD], sizeof skip_reason[0],
                     "the program is built with ThreadSanitizer");
            break;
        case BINARY_DYNAMIC:
            if (o.tsan_binary)
                tsan_binary = o.tsan_binary;
            else
                snprintf(skip_reason[TOOL_TSAN], sizeof skip_reason[0], "%s",
                         o.tsan_skip_reason ? o.tsan_skip_reason
                         : "needs the sources: a prebuilt binary is not built with -fsanitize=thread");
            break;
        }
    }

    st->filter = (struct frame_filter){(const char *const *)sources, nsources};
    struct frame_filter *filterp = &st->filter;
    struct tool_job *jobs = st->jobs = calloc((size_t)TOOL_COUNT * (size_t)o.repeat, sizeof *jobs);
    int njobs = 0;
    if (!r->error_message) {
        for (int run = 1; run <= o.repeat; run++) {
            for (int t = 0; t < TOOL_COUNT; t++) {
                if (!(o.tools & (1u << t)) || skip_reason[t][0])
                    continue;
                jobs[njobs++] = (struct tool_job){
                    .tool = (enum tool_id)t, .plain_binary = plain, .tsan_binary = tsan_binary,
                    .args = args, .stdin_path = o.stdin_path, .workdir = st->workdir,
                    .timeout = o.timeout, .run = run, .filter = filterp,
                    .lockgraph_graph = o.lockgraph_graph};
            }
        }
        run_jobs(jobs, njobs, o.jobs);
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
            report_set_tool(r, (enum tool_id)t, "skipped", skip_reason[t]);
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
    /* a run that never ended and that no finding explains is a hang */
    unsigned timed_out = 0;
    for (int j = 0; j < njobs; j++)
        if (!strcmp(jobs[j].status, "timeout"))
            timed_out |= 1u << jobs[j].tool;
    if (timed_out && !finding_list_has_kind(&r->findings, KIND_DEADLOCK) && !finding_list_has_kind(&r->findings, KIND_HANG) &&
        !finding_list_has_kind(&r->findings, KIND_LOCK_ORDER_INVERSION)) {
        char summary[200];
        snprintf(summary, sizeof summary,
                 "no progress: the program did not finish within %g s and no tool found why",
                 o.timeout);
        struct finding_list hang = {0};
        for (int t = 0; t < TOOL_COUNT; t++)
            if (timed_out & (1u << t))
                finding_list_add(&hang, KIND_HANG, (enum tool_id)t, summary);
        merge_findings(&r->findings, &hang);
        finding_list_free(&hang);
    }
    /* endless output: the program never got to its end, so a clean verdict is
     * one nobody can vouch for, and a hang beside it is only a slower tool
     * (Helgrind) stopped at the time limit by the same flood */
    int flooded = 0, only_hangs = 1;
    for (int j = 0; j < njobs; j++)
        flooded |= jobs[j].output_limited;
    for (size_t i = 0; i < r->findings.count; i++)
        only_hangs &= r->findings.items[i].kind == KIND_HANG;
    if (flooded && only_hangs) {
        finding_list_free(&r->findings);
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
    if (st->workdir[0])
        nftw(st->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int is_format(const char *f)
{
    return !strcmp(f, "text") || !strcmp(f, "json") || !strcmp(f, "sarif") || !strcmp(f, "junit");
}

/* --report=FORMAT:FILE: a report written beside the main one */
struct extra_report {
    char format[8];
    const char *path;
};

/* Writes r in format to path; 0, or EXIT_TOOL_FAILED when it cannot. */
static int write_report_file(const struct report *r, const char *format, const char *path)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "racecheck: error: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_TOOL_FAILED;
    }
    int bad = report_write(out, r, format) != 0;
    if (fclose(out) != 0 || bad) {
        fprintf(stderr, "racecheck: error: cannot write %s\n", path);
        return EXIT_TOOL_FAILED;
    }
    return 0;
}

int cmd_check(int argc, char **argv)
{
    struct check_options o = {.tools = (1u << TOOL_LOCKGRAPH) | (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND),
                              .format = "text", .timeout = 30, .repeat = 1,
                              .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN)};
    char **sources = calloc((size_t)argc + 1, sizeof *sources);
    size_t nsources = 0;
    char **program_argv = NULL;     /* after "--" */
    struct suppressions suppressions = {0};
    struct baseline baseline = {0};
    const char *baseline_path = NULL;
    struct extra_report extra[8];
    int nextra = 0;
    char error[600];
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--")) {
            program_argv = &argv[i + 1];
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(sources);
            return EXIT_CLEAN;
        }
        char *v;
        if (!strncmp(a, "--tools=", 8)) {
            if (parse_tools(a + 8, &o.tools) != 0)
                return usage_error("check: --tools takes a list of lockgraph,tsan,helgrind,drd");
        } else if (!strncmp(a, "--format=", 9)) {
            o.format = a + 9;
            if (!is_format(o.format))
                return usage_error("check: --format must be text, json, sarif or junit");
        } else if (!strncmp(a, "--output=", 9)) {
            o.output = a + 9;
        } else if (!strncmp(a, "--report=", 9)) {
            const char *colon = strchr(a + 9, ':');
            size_t n = colon ? (size_t)(colon - (a + 9)) : 0;
            if (!colon || !colon[1] || n >= sizeof extra[0].format || nextra == 8)
                return usage_error("check: --report takes FORMAT:FILE, at most 8 times");
            memcpy(extra[nextra].format, a + 9, n);
            extra[nextra].format[n] = '\0';
            if (!is_format(extra[nextra].format))
                return usage_error("check: --report: the format must be text, json, sarif or junit");
            extra[nextra++].path = colon + 1;
        } else if (!strncmp(a, "--suppressions=", 15)) {
            if (suppressions_load(&suppressions, a + 15, error, sizeof error) != 0)
                return usage_error("check: %s", error);
        } else if (!strncmp(a, "--baseline=", 11)) {
            baseline_free(&baseline);
            if (baseline_load(&baseline, a + 11, error, sizeof error) != 0)
                return usage_error("check: %s", error);
            baseline_path = a + 11;
        } else if (!strncmp(a, "--stdin=", 8)) {
            o.stdin_path = a + 8;
            if (access(o.stdin_path, R_OK) != 0)
                return usage_error("check: --stdin: cannot read %s", o.stdin_path);
        } else if (!strncmp(a, "--timeout=", 10)) {
            o.timeout = strtod(a + 10, &v);
            if (*v || o.timeout <= 0)
                return usage_error("check: --timeout needs a positive number of seconds");
        } else if (!strncmp(a, "--repeat=", 9)) {
            o.repeat = (int)strtol(a + 9, &v, 10);
            if (*v || o.repeat < 1 || o.repeat > 1000)
                return usage_error("check: --repeat needs a number from 1 to 1000");
        } else if (!strncmp(a, "-j", 2) || !strncmp(a, "--jobs=", 7)) {
            const char *n = !strcmp(a, "-j") ? (i + 1 < argc ? argv[++i] : "") : a[1] == 'j' ? a + 2 : a + 7;
            o.jobs = (int)strtol(n, &v, 10);
            if (*v || o.jobs < 1 || o.jobs > 64)
                return usage_error("check: -j needs a number from 1 to 64");
        } else if (!strncmp(a, "--cc=", 5)) {
            o.build.cc = a + 5;
        } else if (!strncmp(a, "--cflags=", 9)) {
            o.build.cflags = a + 9;
        } else if (!strncmp(a, "--ldflags=", 10)) {
            o.build.ldflags = a + 10;
        } else if (a[0] == '-') {
            return usage_error("check: unknown option '%s' (see racecheck check --help)", a);
        } else {
            if (!ends_with(a, ".c"))
                return usage_error("check: %s is not a .c file (for a binary: racecheck check -- PROGRAM)", a);
            if (access(a, R_OK) != 0)
                return usage_error("check: %s: %s", a, strerror(errno));
            sources[nsources++] = a;
        }
    }
    if (!nsources && (!program_argv || !program_argv[0]))
        return usage_error("check: nothing to check (racecheck check FILE.c... or -- PROGRAM)");

    proc_install_signal_forwarding();
    struct check_state st;
    struct report r;
    int rc = check_run(&o, sources, nsources, program_argv, &st, &r);
    if (rc != 0) {
        check_state_free(&st);
        free(sources);
        return rc;
    }
    /* suppressions first: a deliberate rule says more than "it was there before" */
    suppressions_apply(&suppressions, &r.findings);
    if (baseline_path) {
        baseline_apply(&baseline, &r.findings);
        r.baseline = baseline_path;
    }
    FILE *out = stdout;
    if (o.output && !(out = fopen(o.output, "w"))) {
        fprintf(stderr, "racecheck: error: cannot write %s: %s\n", o.output, strerror(errno));
        out = stdout;
    }
    report_write(out, &r, o.format);
    if (out != stdout)
        fclose(out);
    int code = report_exit_code(&r);
    for (int i = 0; i < nextra; i++)
        if (write_report_file(&r, extra[i].format, extra[i].path) != 0)
            code = EXIT_TOOL_FAILED;
    report_free(&r);
    suppressions_free(&suppressions);
    baseline_free(&baseline);
    check_state_free(&st);
    free(sources);
    return code;
}
