#include "tools/tools.h"
#include "tools/helgrind_parse.h"
#include "tools/lockgraph_parse.h"
#include "sys/paths.h"
#include "sys/proc.h"
#include "tools/tsan_parse.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 256

static char *read_file(const char *path, size_t *len)
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

/* environ without the variables a tool run sets itself, plus extra ones */
static char **tool_environment(char *const *extra)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 8, sizeof *env);
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11) && strncmp(environ[i], "LOCKGRAPH_OPTIONS=", 18) &&
            strncmp(environ[i], "TSAN_OPTIONS=", 13))
            env[k++] = environ[i];
    for (int i = 0; extra && extra[i]; i++)
        env[k++] = extra[i];
    env[k] = NULL;
    return env;
}

static int command_exists(const char *name)
{
    char path[4096];
    return binary_inspect(name, path, sizeof path) != BINARY_MISSING;
}

static void parse_tsan_logs(struct tool_job *job, const char *prefix)
{
    DIR *d = opendir(job->workdir);
    if (!d)
        return;
    struct dirent *e;
    size_t plen = strlen(prefix);
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, plen) != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", job->workdir, e->d_name);
        size_t len;
        char *text = read_file(path, &len);
        if (text)
            tsan_parse(text, len, job->filter, &job->findings);
        free(text);
    }
    closedir(d);
}

void tool_job_run(struct tool_job *job)
{
    memset(&job->findings, 0, sizeof job->findings);
    job->status = "ran";
    job->reason[0] = '\0';
    job->output_limited = 0;
    char *argv[MAX_ARGS + 16], *extra[4] = {NULL};
    int argc = 0;
    char log[2048], opts[4400], lib[2048], preload[2100], xml_arg[2100];
    char tsan_prefix[64];
    snprintf(tsan_prefix, sizeof tsan_prefix, "tsan-%d.", job->run);

    switch (job->tool) {
    case TOOL_LOCKGRAPH:
        if (detector_library(lib, sizeof lib) != 0) {
            job->status = "failed";
            snprintf(job->reason, sizeof job->reason, "liblockgraph.so not found");
            return;
        }
        snprintf(log, sizeof log, "%s/lockgraph-%d.json", job->workdir, job->run);
        snprintf(preload, sizeof preload, "LD_PRELOAD=%s", lib);
        snprintf(opts, sizeof opts, "LOCKGRAPH_OPTIONS=format=json:log_path=%s", log);
        if (job->lockgraph_graph)
            snprintf(opts + strlen(opts), sizeof opts - strlen(opts), ":graph_path=%s/lockgraph-%d.dot",
                     job->workdir, job->run);
        extra[0] = preload;
        extra[1] = opts;
        argv[argc++] = (char *)job->plain_binary;
        break;
    case TOOL_TSAN:
        if (!job->tsan_binary) {
            job->status = "skipped";
            snprintf(job->reason, sizeof job->reason,
                     "needs the sources: a prebuilt binary is not built with -fsanitize=thread");
            return;
        }
        /* history_size=4 (512K accesses a thread, default 128K): clang 14's
         * TSan drops a race whose earlier access it can no longer find in
         * the thread's history, which on a busy machine, with the threads
         * taking turns on one core, lost list_push_race's race 7 runs in 10 */
        snprintf(opts, sizeof opts,
                 "TSAN_OPTIONS=second_deadlock_stack=1 halt_on_error=0 exitcode=66 history_size=4 "
                 "report_thread_leaks=1 log_path=%s/tsan-%d", job->workdir, job->run);
        extra[0] = opts;
        argv[argc++] = (char *)job->tsan_binary;
        break;
    case TOOL_HELGRIND:
    case TOOL_DRD:
        if (!command_exists("valgrind")) {
            job->status = "skipped";
            snprintf(job->reason, sizeof job->reason, "valgrind is not installed");
            return;
        }
        snprintf(log, sizeof log, "%s/%s-%d.xml", job->workdir, tool_name(job->tool), job->run);
        snprintf(xml_arg, sizeof xml_arg, "--xml-file=%s", log);
        argv[argc++] = "valgrind";
        argv[argc++] = job->tool == TOOL_DRD ? "--tool=drd" : "--tool=helgrind";
        argv[argc++] = "--xml=yes";
        argv[argc++] = xml_arg;
        argv[argc++] = "-q";
        argv[argc++] = (char *)job->plain_binary;
        break;
    case TOOL_COUNT:
        return;
    }
    for (int i = 0; job->args && job->args[i] && i < MAX_ARGS; i++)
        argv[argc++] = job->args[i];
    argv[argc] = NULL;

    char **env = tool_environment(extra);
    struct proc_spec spec = {
        .argv = argv, .envp = env, .cwd = job->workdir, .stdin_path = job->stdin_path,
        .capture = 1, .timeout = job->timeout, .kill_at_once = 1,
        .cpu_seconds = (long)(job->timeout * 2 + 10),
        /* ThreadSanitizer and Valgrind reserve far more address space than they use */
        .address_space_mb = job->tool == TOOL_LOCKGRAPH ? 16384 : 0,
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
        return;
    }

    size_t len = 0;
    char *text = NULL;
    switch (job->tool) {
    case TOOL_LOCKGRAPH:
        text = read_file(log, &len);
        if (text)
            lockgraph_parse_json(text, len, job->filter, &job->findings);
        break;
    case TOOL_TSAN:
        parse_tsan_logs(job, tsan_prefix);
        break;
    default:
        text = read_file(log, &len);
        if (text)
            helgrind_parse_xml(text, len, job->filter, &job->findings);
        else if (!res.timed_out) {
            job->status = "failed";
            snprintf(job->reason, sizeof job->reason, "valgrind wrote no report: %.200s", res.err);
        }
        break;
    }
    free(text);

    int stopped = res.timed_out || res.output_limited;
    if (stopped || res.signaled) {
        /* a process that dies of a signal takes its threads down holding their
         * locks: those lock leaks are not bugs of their own, nor is the signal
         * we sent to stop it */
        size_t kept = 0;
        for (size_t i = 0; i < job->findings.count; i++) {
            struct finding *f = &job->findings.items[i];
            if ((res.signaled && f->kind == KIND_LOCK_LEAK) || (stopped && f->kind == KIND_CRASH)) {
                finding_free(f);
                continue;
            }
            job->findings.items[kept++] = *f;
        }
        job->findings.count = kept;
    }
    if (res.timed_out) {
        /* the check as a whole decides whether a hang was explained */
        job->status = "timeout";
        snprintf(job->reason, sizeof job->reason, "stopped after %g s", job->timeout);
    } else if (res.output_limited) {
        snprintf(job->reason, sizeof job->reason, "stopped: the program wrote far too much output");
    } else if (res.signaled && !finding_list_has_kind(&job->findings, KIND_CRASH)) {
        char summary[160];
        snprintf(summary, sizeof summary, "the program died of signal %d (%s)", res.signal,
                 strsignal(res.signal));
        finding_list_add(&job->findings, KIND_CRASH, job->tool, summary);
    }
    proc_result_free(&res);
}
