/* racecheck audit DIR: every submission of a class, each built and checked by
 * its own worker process in a sandbox (audit_worker.c), a few at once; the
 * results under OUT/submissions/<name>/ and the class summary (summary.h). */
#include "audit.h"
#include "audit_copy.h"
#include "check.h"
#include "commands.h"
#include "proc.h"
#include "summary.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_JOBS 64

static void usage(FILE *f)
{
    fprintf(f,
            "usage: racecheck audit [OPTIONS] DIR\n\n"
            "Checks every submission in DIR (each subdirectory, and each loose .c file) as\n"
            "'racecheck check' does, each in a sandbox of its own, and writes a report per\n"
            "submission and a class summary (summary.csv, summary.md, summary.html).\n"
            "A submission with a Makefile is built with it, else from all its .c files.\n\n"
            "Options:\n"
            "  --output=OUT        where the reports go (default: racecheck-audit)\n"
            "  --tools=LIST        lockgraph,tsan,helgrind (default), drd too\n"
            "  --timeout=S         wall-clock limit of each tool run, in seconds (default 30)\n"
            "  --build-timeout=S   limit of each build (default 120)\n"
            "  --args=\"A B\"        the program's arguments (split on spaces)\n"
            "  --stdin=FILE        the program's standard input (default /dev/null)\n"
            "  --make-target=T     the target to make (default: the Makefile's first)\n"
            "  --binary=PATH       the program the Makefile builds, relative to the submission\n"
            "                      (default: the one executable the build made)\n"
            "  -j N, --jobs=N      submissions at once (default: half the CPUs, at least 1)\n"
            "  --shard=I/N         only share I of N: sorted by name, the submissions whose\n"
            "                      position (from 0) modulo N is I-1\n"
            "  --max-processes=N   processes and threads of one submission (default 512)\n"
            "  --memory=MB         resident memory of one submission, all its processes\n"
            "                      together (default 4096); above it they are all killed\n"
            "  --no-sandbox        no namespaces (reports say the run was not isolated)\n"
            "  --help              this text\n\n"
            "Output: OUT/submissions/NAME/{report.json,report.txt,src/,lockgraph.dot} and\n"
            "OUT/summary.{csv,md,html}.\n"
            "Exit status: 3 when any submission's verdict is error (the audit could not judge\n"
            "it), else 1 when any is buggy, else 0; 2 for a usage error or a bad DIR.\n");
}

struct audit_run {
    const struct audit_options *o;
    const char *const *option_args;    /* passed on to every worker */
    int noption_args;
    struct submission *subs;
    long count, next, done;
    int clean, buggy, error;
    int slots;
    char self[4096];
    pthread_mutex_t lock;
};

/* The longest a worker may take: both builds and every tool run one after another. */
static double worker_budget(const struct audit_options *o)
{
    int tools = 0;
    for (unsigned t = o->tools; t; t >>= 1)
        tools += (int)(t & 1);
    return 2 * o->build_timeout + tools * (o->timeout + 10) + 30;
}

/* A one-line reason from what a failed worker said last. */
static void worker_failure(const struct proc_result *res, double budget, char *out, size_t len)
{
    if (!res->started) {
        snprintf(out, len, "the sandboxed check could not start: %s", res->error);
        return;
    }
    if (res->timed_out) {
        snprintf(out, len, "the sandboxed check did not finish within %g s: stopped", budget);
        return;
    }
    const char *err = res->err ? res->err : "";
    size_t n = strlen(err);
    while (n && err[n - 1] == '\n')
        n--;
    size_t start = n;
    while (start && err[start - 1] != '\n')
        start--;
    if (n > start)
        snprintf(out, len, "the sandboxed check failed: %.*s", (int)(n - start), err + start);
    else
        snprintf(out, len, "the sandboxed check failed (%s %d)", res->signaled ? "signal" : "exit",
                 res->signaled ? res->signal : res->exit_status);
}

static const char *audit_one(struct audit_run *a, const struct submission *s, int slot)
{
    const struct audit_options *o = a->o;
    char sub_dir[4400], src_dir[4500], err[512] = "";
    snprintf(sub_dir, sizeof sub_dir, "%s/submissions/%s", o->output, s->name);
    snprintf(src_dir, sizeof src_dir, "%s/src", sub_dir);
    remove_tree(sub_dir);
    if (mkdir(sub_dir, 0755) != 0) {
        fprintf(stderr, "racecheck: error: cannot create %s: %s\n", sub_dir, strerror(errno));
        return "error";
    }
    struct copy_limits lim = {.max_files = 200, .max_bytes = 8u << 20, .max_file = 1u << 20,
                              .max_depth = 8, .sources_only = 1};
    struct copy_stats stats;
    if (copy_tree(s->path, src_dir, &lim, &stats, err, sizeof err) != 0)
        fprintf(stderr, "racecheck: warning: %s: sources not kept: %s\n", s->name, err);

    char slot_arg[32];
    snprintf(slot_arg, sizeof slot_arg, "--worker=%d", slot);
    char *argv[64];
    int argc = 0;
    argv[argc++] = a->self;
    argv[argc++] = "audit";
    argv[argc++] = slot_arg;
    for (int i = 0; i < a->noption_args && argc < 58; i++)
        argv[argc++] = (char *)a->option_args[i];
    argv[argc++] = "--";
    argv[argc++] = (char *)s->name;
    argv[argc++] = (char *)s->path;
    argv[argc] = NULL;
    double budget = worker_budget(o);
    struct proc_spec spec = {.argv = argv, .capture = 1, .capture_cap = 32u << 20, .timeout = budget,
                             .kill_at_once = 1};
    struct proc_result res;
    proc_run(&spec, &res);

    const char *verdict = "error";
    json_t *doc = res.started && res.exited && res.exit_status == 0 && !res.out_truncated
                      ? json_loadb(res.out, res.out_len, 0, NULL) : NULL;
    int rc;
    if (doc) {
        rc = audit_write_result(sub_dir, s->name, doc, err, sizeof err);
        const char *v = json_string_value(json_object_get(json_object_get(doc, "report"), "verdict"));
        if (v && (!strcmp(v, "clean") || !strcmp(v, "buggy")))
            verdict = !strcmp(v, "clean") ? "clean" : "buggy";
        json_decref(doc);
    } else {
        char reason[600];
        if (res.out_truncated)
            snprintf(reason, sizeof reason, "the sandboxed check's report was too large");
        else
            worker_failure(&res, budget, reason, sizeof reason);
        rc = audit_write_error(sub_dir, s->name, reason, err, sizeof err);
    }
    if (rc != 0) {
        fprintf(stderr, "racecheck: error: %s\n", err);
        verdict = "error";
    }
    proc_result_free(&res);
    return verdict;
}

static void *audit_worker_thread(void *arg)
{
    struct audit_run *a = arg;
    pthread_mutex_lock(&a->lock);
    int slot = a->slots++;      /* as root, each slot runs as a uid of its own */
    pthread_mutex_unlock(&a->lock);
    for (;;) {
        pthread_mutex_lock(&a->lock);
        long i = a->next < a->count ? a->next++ : -1;
        pthread_mutex_unlock(&a->lock);
        if (i < 0)
            return NULL;
        const char *verdict = audit_one(a, &a->subs[i], slot);
        pthread_mutex_lock(&a->lock);
        a->done++;
        if (!strcmp(verdict, "clean"))
            a->clean++;
        else if (!strcmp(verdict, "buggy"))
            a->buggy++;
        else
            a->error++;
        fprintf(stderr, "audit: %ld/%ld done (%s: %s)\n", a->done, a->count, a->subs[i].name, verdict);
        pthread_mutex_unlock(&a->lock);
    }
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    return usage_error("audit: cannot create %s: %s", path, strerror(errno));
}

/* Parses one option into o; returns 1 when taken, 0 when not an option of
 * audit's, or EXIT_USAGE + 10 for a bad value (the message printed). */
static int parse_option(struct audit_options *o, const char *a)
{
    char *end;
    if (!strncmp(a, "--tools=", 8)) {
        if (parse_tools(a + 8, &o->tools) != 0)
            return usage_error("audit: --tools takes a list of lockgraph,tsan,helgrind,drd") + 10;
    } else if (!strncmp(a, "--timeout=", 10) || !strncmp(a, "--build-timeout=", 16)) {
        int build = a[2] == 'b';
        double v = strtod(a + (build ? 16 : 10), &end);
        if (*end || !(v > 0) || v > 86400)
            return usage_error("audit: %s needs a positive number of seconds", build ? "--build-timeout" : "--timeout") + 10;
        *(build ? &o->build_timeout : &o->timeout) = v;
    } else if (!strncmp(a, "--args=", 7)) {
        o->args = a + 7;
    } else if (!strncmp(a, "--stdin=", 8)) {
        o->stdin_path = a + 8;
    } else if (!strncmp(a, "--make-target=", 14)) {
        o->make_target = a + 14;
        if (!*o->make_target || o->make_target[0] == '-' || strchr(o->make_target, '='))
            return usage_error("audit: --make-target needs a target name") + 10;
    } else if (!strncmp(a, "--binary=", 9)) {
        o->binary = a + 9;
        if (!*o->binary || o->binary[0] == '/' || strstr(o->binary, ".."))
            return usage_error("audit: --binary needs a path inside the submission") + 10;
    } else if (!strncmp(a, "--output=", 9)) {
        o->output = a + 9;
        if (!*o->output)
            return usage_error("audit: --output needs a directory") + 10;
    } else if (!strncmp(a, "--jobs=", 7) || (!strncmp(a, "-j", 2) && a[2])) {
        long v = strtol(a + (a[1] == 'j' ? 2 : 7), &end, 10);
        if (*end || v < 1 || v > MAX_JOBS)
            return usage_error("audit: -j needs a number from 1 to %d", MAX_JOBS) + 10;
        o->jobs = (int)v;
    } else if (!strncmp(a, "--tool-jobs=", 12)) {
        long v = strtol(a + 12, &end, 10);
        if (*end || v < 1 || v > MAX_JOBS)
            return usage_error("audit: --tool-jobs needs a number from 1 to %d", MAX_JOBS) + 10;
        o->tool_jobs = (int)v;
    } else if (!strncmp(a, "--shard=", 8)) {
        long i = strtol(a + 8, &end, 10), n = 0;
        if (*end == '/')
            n = strtol(end + 1, &end, 10);
        if (*end || n < 1 || n > 100000 || i < 1 || i > n)
            return usage_error("audit: --shard needs I/N with 1 <= I <= N") + 10;
        o->shard_index = (int)i;
        o->shard_count = (int)n;
    } else if (!strncmp(a, "--max-processes=", 16)) {
        long v = strtol(a + 16, &end, 10);
        if (*end || v < 16 || v > 100000)
            return usage_error("audit: --max-processes needs a number from 16 to 100000") + 10;
        o->max_processes = v;
    } else if (!strncmp(a, "--memory=", 9)) {
        long v = strtol(a + 9, &end, 10);
        if (*end || v < 64 || v > 1048576)
            return usage_error("audit: --memory needs a number of MiB from 64 to 1048576") + 10;
        o->memory_mb = v;
    } else if (!strcmp(a, "--no-sandbox")) {
        o->sandbox = 0;
    } else {
        return 0;
    }
    return 1;
}

int cmd_audit(int argc, char **argv)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    struct audit_options o = {
        .tools = (1u << TOOL_LOCKGRAPH) | (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND),
        .timeout = 30, .build_timeout = 120, .output = "racecheck-audit",
        .jobs = cpus > 3 ? (int)(cpus / 2) : 1, .shard_index = 1, .shard_count = 1, .sandbox = 1,
        .max_processes = 512, .file_size_mb = 64, .tmp_mb = 512, .memory_mb = 4096};
    const char *dir = NULL;
    int worker_slot = -1;
    const char *worker_name = NULL, *worker_path = NULL;
    const char **option_args = calloc((size_t)argc + 4, sizeof *option_args);
    int noption_args = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(option_args);
            return EXIT_CLEAN;
        }
        if (!strncmp(a, "--worker=", 9)) {
            worker_slot = atoi(a + 9);
            continue;
        }
        if (!strcmp(a, "--") && worker_slot >= 0 && i + 2 < argc) {
            worker_name = argv[i + 1];
            worker_path = argv[i + 2];
            break;
        }
        if (!strcmp(a, "-j") && i + 1 < argc) {
            char joined[32];
            snprintf(joined, sizeof joined, "--jobs=%.20s", argv[++i]);
            int rc = parse_option(&o, joined);
            if (rc != 1) {
                free(option_args);
                return rc ? rc - 10 : EXIT_USAGE;
            }
            continue;
        }
        int rc = parse_option(&o, a);
        if (rc > 1) {
            free(option_args);
            return rc - 10;
        }
        if (rc == 1) {
            /* what each worker needs to know; the audit's own options stay here */
            if (strncmp(a, "--output=", 9) && strncmp(a, "--jobs=", 7) && strncmp(a, "-j", 2) &&
                strncmp(a, "--shard=", 8) && strncmp(a, "--stdin=", 8))
                option_args[noption_args++] = a;
            continue;
        }
        if (a[0] == '-') {
            free(option_args);
            return usage_error("audit: unknown option '%s' (see racecheck audit --help)", a);
        }
        if (dir) {
            free(option_args);
            return usage_error("audit: one class directory only (%s and %s)", dir, a);
        }
        dir = a;
    }
    if (worker_slot >= 0) {
        free(option_args);
        if (!worker_name)
            return usage_error("audit: --worker needs -- NAME PATH");
        return audit_worker(&o, worker_slot, worker_name, worker_path);
    }

    struct stat st;
    if (!dir) {
        free(option_args);
        return usage_error("audit: no class directory (racecheck audit [OPTIONS] DIR)");
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(option_args);
        return usage_error("audit: %s: %s", dir, stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
    }
    if (o.stdin_path && access(o.stdin_path, R_OK) != 0) {
        free(option_args);
        return usage_error("audit: --stdin: cannot read %s", o.stdin_path);
    }
    char tool_jobs_arg[48];
    if (!o.tool_jobs) {
        o.tool_jobs = (int)(cpus / o.jobs > 1 ? cpus / o.jobs : 1);
        snprintf(tool_jobs_arg, sizeof tool_jobs_arg, "--tool-jobs=%d", o.tool_jobs);
        option_args[noption_args++] = tool_jobs_arg;
    }

    /* the class first: a bad one leaves no output directory behind */
    char err[512];
    struct submission *subs = NULL;
    long count = audit_list(dir, o.output, o.shard_index, o.shard_count, &subs, err, sizeof err);
    if (count < 0) {
        free(option_args);
        return usage_error("audit: %s", err);
    }
    if (count == 0 && o.shard_count == 1) {
        free(subs);
        free(option_args);
        return usage_error("audit: %s has no submissions (no subdirectory, no .c file)", dir);
    }
    /* absolute paths: the workers run elsewhere */
    char out_abs[4096], stdin_abs[4096], stdin_arg[4200], out_sub[4200];
    if (make_dir(o.output) != 0 || !realpath(o.output, out_abs)) {
        free(subs);
        free(option_args);
        return EXIT_USAGE;
    }
    o.output = out_abs;
    snprintf(out_sub, sizeof out_sub, "%s/submissions", out_abs);
    if (make_dir(out_sub) != 0) {
        free(subs);
        free(option_args);
        return EXIT_USAGE;
    }
    char output_arg[4200];
    snprintf(output_arg, sizeof output_arg, "--output=%s", out_abs);
    option_args[noption_args++] = output_arg;
    if (o.stdin_path && realpath(o.stdin_path, stdin_abs)) {
        snprintf(stdin_arg, sizeof stdin_arg, "--stdin=%s", stdin_abs);
        option_args[noption_args++] = stdin_arg;
    }

    struct audit_run a = {.o = &o, .option_args = option_args, .noption_args = noption_args,
                          .subs = subs, .count = count, .lock = PTHREAD_MUTEX_INITIALIZER};
    ssize_t n = readlink("/proc/self/exe", a.self, sizeof a.self - 1);
    a.self[n > 0 ? n : 0] = '\0';
    proc_install_signal_forwarding();
    fprintf(stderr, "audit: %ld submission%s of %s%s, %d at once\n", count, count == 1 ? "" : "s", dir,
            o.shard_count > 1 ? " (this shard)" : "", o.jobs);
    pthread_t threads[MAX_JOBS];
    int started = 0;
    for (int i = 0; i < o.jobs && i < count; i++)
        if (pthread_create(&threads[started], NULL, audit_worker_thread, &a) == 0)
            started++;
    if (started == 0 && count > 0)
        audit_worker_thread(&a);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    int code = a.error ? EXIT_TOOL_FAILED : a.buggy ? EXIT_FINDINGS : EXIT_CLEAN;
    if (summary_write(out_abs, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: error: the summary: %s\n", err);
        code = EXIT_TOOL_FAILED;
    }
    fprintf(stderr, "audit: %ld submission%s: %d clean, %d buggy, %d error; summary in %s/summary.html\n",
            count, count == 1 ? "" : "s", a.clean, a.buggy, a.error, out_abs);
    free(subs);
    free(option_args);
    return code;
}
