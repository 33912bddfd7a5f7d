/* The one runner of every tool: the tool's declaration (tool.h) makes the
 * command and reads what the run wrote; what is the same for every tool (the
 * environment, the limits, a run stopped at its time limit or by a signal)
 * is here. */
#include "tools/tool.h"
#include "sys/paths.h"
#include "sys/proc.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

#define MAX_ARGS 256

const struct tool *tool_of(enum tool_id id)
{
    static const struct tool *const table[TOOL_COUNT] = {
#define TOOL(id, name) [TOOL_##id] = &tool_##name,
#include "tools/tool_list.inc"
#undef TOOL
    };
    return (unsigned)id < TOOL_COUNT ? table[id] : NULL;
}

const char *tool_skip_reason(enum tool_id id, const struct program_facts *p)
{
    const struct tool *t = tool_of(id);
    if (t->runs_tsan_build)
        return p->tsan_binary ? NULL : p->no_tsan_reason;
    if (p->is_tsan_build)
        return "the program is built with ThreadSanitizer";
    if (p->is_static && t->preloads)
        return "the program is statically linked: a preloaded detector cannot watch it";
    return NULL;
}

static int listed(const char *const *parts, const char *s, int prefix)
{
    for (; s && parts && *parts; parts++)
        if (prefix ? strncmp(s, *parts, strlen(*parts)) == 0 : strstr(s, *parts) != NULL)
            return 1;
    return 0;
}

int tool_owns_frame(const char *object, const char *file)
{
    const char *base = object ? strrchr(object, '/') : NULL;
    base = base ? base + 1 : object;
    for (int t = 0; t < TOOL_COUNT; t++)
        if (listed(tool_of((enum tool_id)t)->own_objects, base, 1) ||
            listed(tool_of((enum tool_id)t)->own_files, file, 0))
            return 1;
    return 0;
}

char *tool_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= (64u << 20))
                break;      /* a report this big is cut, not read whole */
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger)
                break;
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

const char *tool_keep(struct tool_invocation *inv, int slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(inv->text[slot], sizeof inv->text[slot], fmt, ap);
    va_end(ap);
    return inv->text[slot];
}

/* environ without the variables a tool run sets itself, plus the tool's own */
static char **tool_environment(const struct tool_invocation *inv)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 8, sizeof *env);
    if (!env)
        abort();
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11) && strncmp(environ[i], "LOCKGRAPH_OPTIONS=", 18) &&
            strncmp(environ[i], "TSAN_OPTIONS=", 13))
            env[k++] = environ[i];
    for (int i = 0; i < inv->nenv; i++)
        env[k++] = (char *)inv->env[i];
    env[k] = NULL;
    return env;
}

static int command_exists(const char *name)
{
    char path[4096];
    return binary_inspect(name, path, sizeof path) != BINARY_MISSING;
}

/* The signal we sent to stop a run is not a crash of the program. (A tool
 * that reports the locks a dying process's threads held drops those itself:
 * valgrind_xml.c.) */
static void drop_stop_signal(struct tool_job *job)
{
    size_t kept = 0;
    for (size_t i = 0; i < job->findings.count; i++) {
        struct finding *f = &job->findings.items[i];
        if (f->kind == KIND_CRASH) {
            finding_free(f);
            continue;
        }
        job->findings.items[kept++] = *f;
    }
    job->findings.count = kept;
}

static int stop_requested(const struct tool_job *job)
{
    return job->stop && __atomic_load_n(&job->stop->requested, __ATOMIC_ACQUIRE);
}

/* The last PROGRAM_OUTPUT_TAIL - 1 bytes of a stream, from a line's start when one is near. */
static void keep_tail(const char *text, size_t len, char *out, int *cut)
{
    size_t start = 0;
    *cut = 0;
    if (!text) {
        out[0] = '\0';
        return;
    }
    if (len > PROGRAM_OUTPUT_TAIL - 1) {
        start = len - (PROGRAM_OUTPUT_TAIL - 1);
        const char *nl = memchr(text + start, '\n', len - start);
        if (nl && (size_t)(nl - text) < start + 512)
            start = (size_t)(nl - text) + 1;
        *cut = 1;
    }
    memcpy(out, text + start, len - start);
    out[len - start] = '\0';
}

void tool_job_run(struct tool_job *job)
{
    const struct tool *t = tool_of(job->tool);
    memset(&job->findings, 0, sizeof job->findings);
    job->status = "ran";
    job->reason[0] = '\0';
    job->output_limited = 0;
    if (stop_requested(job)) {
        job->status = "stopped";
        snprintf(job->reason, sizeof job->reason, "%s", job->stop->why);
        return;
    }
    if (t->needs && !command_exists(t->needs)) {
        job->status = "skipped";
        snprintf(job->reason, sizeof job->reason, "%s is not installed", t->needs);
        return;
    }
    const char *program = t->runs_tsan_build ? job->tsan_binary : job->plain_binary;
    struct tool_invocation *inv = calloc(1, sizeof *inv);
    if (!inv)
        abort();
    if (!program || t->prepare(job, inv, job->reason, sizeof job->reason) != 0) {
        job->status = "failed";
        if (!program)
            snprintf(job->reason, sizeof job->reason, "no program to run");
        free(inv);
        return;
    }
    char *argv[MAX_ARGS + 32];
    int argc = 0;
    for (int i = 0; i < inv->argc; i++)
        argv[argc++] = (char *)inv->argv[i];
    argv[argc++] = (char *)program;
    for (int i = 0; job->args && job->args[i] && i < MAX_ARGS; i++)
        argv[argc++] = job->args[i];
    argv[argc] = NULL;

    char **env = tool_environment(inv);
    /* tool.h, time_scale: the program's own wall-clock limit; or a slower
     * tool's CPU time budget, with twice that in wall time, and the
     * program's own limit for waiting without using the CPU at all */
    double limit = job->timeout * (t->time_scale > 1 ? t->time_scale : 1);
    int cpu_budget = t->time_scale > 1;
    struct proc_spec spec = {
        .argv = argv, .envp = env, .cwd = job->workdir, .stdin_path = job->stdin_path,
        .capture = 1, .timeout = cpu_budget ? 2 * limit : limit, .kill_at_once = 1,
        .cancel = job->stop ? &job->stop->requested : NULL,
        .idle_timeout = cpu_budget ? job->timeout : 0,
        .cpu_seconds = cpu_budget ? (long)(limit + 0.999) : (long)(limit * 2 + 10),
        .address_space_mb = t->address_space_mb,
        .max_processes = 4096, .file_size_mb = 256, .open_files = 1024,
    };
    struct proc_result res;
    proc_run(&spec, &res);
    free(env);
    job->seconds = res.seconds;
    job->output_limited = res.output_limited;
    job->exit_status = res.exited ? res.exit_status : res.signaled ? 128 + res.signal : -1;
    if (!res.started) {
        job->status = "failed";
        snprintf(job->reason, sizeof job->reason, "%s", res.error);
        proc_result_free(&res);
        free(inv);
        return;
    }
    if (job->output) {
        keep_tail(res.out, res.out_len, job->output->stdout_tail, &job->output->stdout_cut);
        keep_tail(res.err, res.err_len, job->output->stderr_tail, &job->output->stderr_cut);
    }
    /* the tool's own failure is the tool's: never a timeout, hang or crash of the program */
    int tool_failed = t->read(job, inv, &res) != 0;
    free(inv);

    int stopped = res.timed_out || res.output_limited || res.cancelled;
    if (stopped || tool_failed)
        drop_stop_signal(job);
    if (tool_failed) {
        job->status = "failed";
    } else if (res.cancelled) {
        job->status = "stopped";
        snprintf(job->reason, sizeof job->reason, "%s", job->stop->why);
    } else if (res.timed_out) {
        /* inconclusive: a slow program is not a stuck one */
        job->status = "timeout";
        if (res.idle)
            snprintf(job->reason, sizeof job->reason,
                     "still waiting after %g s without using the CPU: blocked, or asleep", job->timeout);
        else if (cpu_budget)
            snprintf(job->reason, sizeof job->reason,
                     "still running at its limit: %g s of CPU time or %g s in all (%d x --timeout)",
                     limit, 2 * limit, t->time_scale);
        else
            snprintf(job->reason, sizeof job->reason, "still running after %g s%s%s", limit,
                     t->at_time_limit ? ", " : "", t->at_time_limit ? t->at_time_limit : "");
    } else if (res.output_limited) {
        job->status = "stopped";    /* it never got to its end */
        snprintf(job->reason, sizeof job->reason, "stopped: the program wrote far too much output");
    } else if (res.signaled && !finding_list_has_kind(&job->findings, KIND_CRASH)) {
        char summary[160];
        snprintf(summary, sizeof summary, "the program died of signal %d (%s)", res.signal,
                 strsignal(res.signal));
        finding_list_add(&job->findings, KIND_CRASH, job->tool, summary);
    }
    proc_result_free(&res);
}
