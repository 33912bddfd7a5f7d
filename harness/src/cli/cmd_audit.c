/* racecheck audit DIR: every submission of a class, each built and checked by
 * its own worker process in a sandbox (audit_worker.c), a few at once; the
 * results under OUT/submissions/<name>/ and the class summary (summary.h). */
#include "audit/audit.h"
#include "audit/audit_copy.h"
#include "audit/audit_header.h"
#include "audit/cgroup_limits.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "findings/suppressions.h"
#include "reports/rubric.h"
#include "sys/proc.h"
#include "summary/summary.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 64

struct audit_run {
    const struct audit_options *o;
    const char *const *option_args;    /* passed on to every worker */
    int noption_args;
    struct submission *subs;
    long count, next, done;
    int clean, buggy, error;
    int slots;
    char self[4096];
    struct cgroup_base cgroups;         /* per-submission limits by cgroup v2, when usable */
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

/* The report's "limits" say why cgroup v2 did not set them. */
static void limits_note(json_t *doc, const struct cgroup_base *cg)
{
    json_t *limits = json_object_get(json_object_get(doc, "report"), "limits");
    if (json_is_object(limits) && !cg->usable)
        json_object_set_new(limits, "note", json_sprintf("no cgroup v2 limits: %s", cg->why));
}

static const char *audit_one(struct audit_run *a, const struct submission *s, long index, int slot)
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

    char slot_arg[32], cgroup[4400] = "", cgroup_arg[4500];
    snprintf(slot_arg, sizeof slot_arg, "--worker=%d", slot);
    pthread_mutex_lock(&a->lock);
    if (cgroup_make(&a->cgroups, index, o->memory_mb, o->max_processes, cgroup, sizeof cgroup) != 0)
        cgroup[0] = '\0';
    pthread_mutex_unlock(&a->lock);
    char *argv[64];
    int argc = 0;
    argv[argc++] = a->self;
    argv[argc++] = "audit";
    argv[argc++] = slot_arg;
    for (int i = 0; i < a->noption_args && argc < 57; i++)
        argv[argc++] = (char *)a->option_args[i];
    if (cgroup[0]) {
        snprintf(cgroup_arg, sizeof cgroup_arg, "--cgroup=%s", cgroup);
        argv[argc++] = cgroup_arg;
    }
    argv[argc++] = "--";
    argv[argc++] = (char *)s->name;
    argv[argc++] = (char *)s->path;
    argv[argc] = NULL;
    double budget = worker_budget(o);
    struct proc_spec spec = {.argv = argv, .capture = 1, .capture_cap = 32u << 20, .timeout = budget,
                             .kill_at_once = 1};
    struct proc_result res;
    proc_run(&spec, &res);
    int memory_hit = 0, processes_hit = 0;
    if (cgroup[0])
        cgroup_end(cgroup, &memory_hit, &processes_hit);

    const char *verdict = "error";
    json_t *doc = res.started && res.exited && res.exit_status == 0 && !res.out_truncated && !memory_hit
                      ? json_loadb(res.out, res.out_len, 0, NULL) : NULL;
    int rc;
    if (doc)
        limits_note(doc, &a->cgroups);
    if (doc) {
        rc = audit_write_result(sub_dir, s->name, doc, o->rubric, err, sizeof err);
        const char *v = json_string_value(json_object_get(json_object_get(doc, "report"), "verdict"));
        if (v && (!strcmp(v, "clean") || !strcmp(v, "buggy")))
            verdict = !strcmp(v, "clean") ? "clean" : "buggy";
        json_decref(doc);
    } else {
        char reason[600];
        if (memory_hit)
            snprintf(reason, sizeof reason,
                     "the submission used more than %ld MiB of memory (all its processes together) and was "
                     "stopped", o->memory_mb);
        else if (res.out_truncated)
            snprintf(reason, sizeof reason, "the sandboxed check's report was too large");
        else
            worker_failure(&res, budget, reason, sizeof reason);
        rc = audit_write_error(sub_dir, s->name, reason, o->rubric, err, sizeof err);
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
        const char *verdict = audit_one(a, &a->subs[i], i, slot);
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

/* An output directory that cannot be made is reports that cannot be
 * written: exit 3, as for check --output. */
static int make_dir(const struct cli_command *cmd, const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "racecheck: error: %s: cannot create %s: %s\n", cmd->name, path, strerror(errno));
    return EXIT_TOOL_FAILED;
}

/* The audit's options from the command line; 0 or EXIT_USAGE (said). The
 * rubric and suppressions are read into the caller's rubric and sup: the
 * worker reads them here too, before its sandbox hides them. */
static int audit_options_read(const struct cli_command *cmd, const struct cli_args *a,
                              struct audit_options *o, struct rubric *rubric, struct suppressions *sup)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct audit_options){
        .tools = cli_tools(a, OPT_TOOLS), .timeout = cli_seconds(a, OPT_TIMEOUT),
        .build_timeout = cli_seconds(a, OPT_BUILD_TIMEOUT), .args = cli_text(a, OPT_ARGS),
        .stdin_path = cli_text(a, OPT_STDIN), .make_target = cli_text(a, OPT_MAKE_TARGET),
        .binary = cli_text(a, OPT_BINARY), .output = cli_text(a, OPT_OUTPUT),
        .jobs = cli_is_set(a, OPT_JOBS) ? (int)cli_int(a, OPT_JOBS) : cpus > 3 ? (int)(cpus / 2) : 1,
        .tool_jobs = (int)cli_int(a, OPT_TOOL_JOBS), .sandbox = !cli_is_set(a, OPT_NO_SANDBOX),
        .max_processes = cli_int(a, OPT_MAX_PROCESSES), .file_size_mb = 64, .tmp_mb = 512,
        .memory_mb = cli_int(a, OPT_MEMORY),
        .explore = cli_is_set(a, OPT_EXPLORE) ? (int)cli_int(a, OPT_EXPLORE) : 0};
    cli_shard(a, OPT_SHARD, &o->shard_index, &o->shard_count);
    if (o->make_target && (!*o->make_target || o->make_target[0] == '-' || strchr(o->make_target, '=')))
        return cli_error(cmd, "--make-target needs a target name, not '%s'", o->make_target);
    if (o->binary && (!*o->binary || o->binary[0] == '/' || strstr(o->binary, "..")))
        return cli_error(cmd, "--binary needs a path inside the submission, not '%s'", o->binary);
    if (!*o->output)
        return cli_error(cmd, "--output needs a directory");
    char error[600];
    o->count_notes = cli_is_set(a, OPT_COUNT_NOTES);
    const char *rubric_path = cli_text(a, OPT_RUBRIC);
    if (rubric_path && rubric_load(rubric, rubric_path, error, sizeof error) != 0)
        return cli_error(cmd, "--rubric: %s", error);
    o->rubric = rubric_path ? rubric : NULL;
    for (int i = 0; i < a->ngiven[OPT_SUPPRESSIONS]; i++)
        if (suppressions_load(sup, a->given[OPT_SUPPRESSIONS][i], error, sizeof error) != 0)
            return cli_error(cmd, "--suppressions: %s", error);
    if (sup->ignored && !cli_is_set(a, OPT_WORKER))
        fprintf(stderr, "racecheck: note: --suppressions: %zu rule%s of another tool with no racecheck "
                        "equivalent ignored (%s)\n", sup->ignored, sup->ignored == 1 ? "" : "s",
                sup->ignored_example);
    o->suppressions = sup;
    o->overlay = cli_text(a, OPT_OVERLAY);
    o->cgroup = cli_text(a, OPT_CGROUP);
    if (o->overlay && !cli_is_set(a, OPT_WORKER)) {
        DIR *d = opendir(o->overlay);
        if (!d)
            return cli_error(cmd, "--overlay=%s: %s", o->overlay, strerror(errno));
        closedir(d);
    }
    return 0;
}

/* What each worker needs to know, as --name=VALUE: the options given, but
 * the audit's own (where the output goes, how many at once, which share) */
static int worker_option_args(const struct cli_args *a, char ***out)
{
    int n = 0;
    for (int id = 0; id < OPT_COUNT; id++)
        n += a->ngiven[id];
    char **args = calloc((size_t)n + 12, sizeof *args);
    if (!args)
        abort();
    n = 0;
    for (int id = 0; id < OPT_COUNT; id++) {
        if (id == OPT_OUTPUT || id == OPT_JOBS || id == OPT_SHARD || id == OPT_STDIN ||
            id == OPT_OVERLAY || id == OPT_WORKER || id == OPT_CGROUP || id == OPT_HELP ||
            id == OPT_RUBRIC || id == OPT_SUPPRESSIONS)
            continue;
        char flag[64];
        cli_option_flag((enum cli_option_id)id, flag, sizeof flag);
        for (int i = 0; i < a->ngiven[id]; i++) {
            if (cli_options[id].type == CLI_FLAG)
                args[n++] = strdup(flag);
            else if (asprintf(&args[n++], "%s=%s", flag, a->given[id][i]) < 0)
                abort();
        }
    }
    /* files by absolute path: the workers may look from elsewhere */
    char real[4096];
    const char *rubric = cli_text(a, OPT_RUBRIC);
    if (rubric && asprintf(&args[n++], "--rubric=%s", realpath(rubric, real) ? real : rubric) < 0)
        abort();
    for (int i = 0; i < a->ngiven[OPT_SUPPRESSIONS]; i++) {
        const char *f = a->given[OPT_SUPPRESSIONS][i];
        if (asprintf(&args[n++], "--suppressions=%s", realpath(f, real) ? real : f) < 0)
            abort();
    }
    *out = args;
    return n;
}

/* The audit of dir: every submission by a worker, a few at once, then the summary. */
/* Writes OUT/audit.json as this run and the runs of the audits that wrote
 * OUT before (shards sharing one output; judged alike, or EXIT_USAGE), read
 * again each time under OUT/.audit.lock, so shards finishing together keep
 * each other's runs. An output with submissions but no header (another
 * racecheck's) or a header that is not one is refused: nothing says how they
 * were judged. 0, EXIT_USAGE or EXIT_TOOL_FAILED, with err. */
static int join_header(const char *out, json_t *header, int finished, char *err, size_t errlen)
{
    char path[4200], why[600] = "";
    snprintf(path, sizeof path, "%s/.audit.lock", out);
    int lock = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        snprintf(err, errlen, "cannot lock %.300s: %s", path, strerror(errno));
        if (lock >= 0)
            close(lock);
        return EXIT_TOOL_FAILED;
    }
    int code = 0;
    json_t *old = audit_header_read(out, why, sizeof why);
    snprintf(path, sizeof path, "%s/submissions", out);
    DIR *subs = old || why[0] ? NULL : opendir(path);
    int others = 0;
    for (struct dirent *d; subs && !finished && (d = readdir(subs));)
        others |= strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
    if (subs)
        closedir(subs);
    if (why[0]) {
        snprintf(err, errlen, "%s: audit into a fresh --output", why);
        code = EXIT_USAGE;
    } else if (others) {
        snprintf(err, errlen, "%s holds submissions but no %s saying how they were judged: audit into a fresh --output",
                 out, AUDIT_HEADER_FILE);
        code = EXIT_USAGE;
    } else if (old && audit_header_continue(header, old, why, sizeof why)) {
        snprintf(err, errlen, "%s holds an audit judged otherwise (%s): audit into a fresh --output", out, why);
        code = EXIT_USAGE;
    } else if (audit_header_write(out, header, finished, err, errlen) != 0) {
        code = EXIT_TOOL_FAILED;
    }
    json_decref(old);
    close(lock);
    return code;
}

static int audit_class(const struct cli_command *cmd, struct audit_options *o, const char *dir,
                       char **option_args, int noption_args, json_t *header)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_error(cmd, "%s: %s", dir, stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
    if (!o->tool_jobs) {
        o->tool_jobs = (int)(cpus / o->jobs > 1 ? cpus / o->jobs : 1);
        if (asprintf(&option_args[noption_args++], "--tool-jobs=%d", o->tool_jobs) < 0)
            abort();
    }

    /* the class first: a bad one leaves no output directory behind */
    char err[512];
    struct submission *subs = NULL;
    long count = audit_list(dir, o->output, o->shard_index, o->shard_count, &subs, err, sizeof err);
    if (count < 0)
        return cli_error(cmd, "%s", err);
    if (count == 0 && o->shard_count == 1) {
        free(subs);
        return cli_error(cmd, "%s has no submissions (no subdirectory, no C or C++ file)", dir);
    }
    /* absolute paths: the workers run elsewhere */
    char out_abs[4096], stdin_abs[4096], overlay_abs[4096], out_sub[4200];
    if (make_dir(cmd, o->output) != 0 || !realpath(o->output, out_abs)) {
        free(subs);
        return EXIT_TOOL_FAILED;
    }
    o->output = out_abs;
    snprintf(out_sub, sizeof out_sub, "%s/submissions", out_abs);
    if (make_dir(cmd, out_sub) != 0) {
        free(subs);
        return EXIT_TOOL_FAILED;
    }
    int joined = join_header(out_abs, header, 0, err, sizeof err);
    if (joined != 0) {
        free(subs);
        if (joined == EXIT_USAGE)
            return cli_error(cmd, "%s", err);
        fprintf(stderr, "racecheck: error: %s\n", err);
        return EXIT_TOOL_FAILED;
    }
    if (asprintf(&option_args[noption_args++], "--output=%s", out_abs) < 0)
        abort();
    if (o->stdin_path && realpath(o->stdin_path, stdin_abs) &&
        asprintf(&option_args[noption_args++], "--stdin=%s", stdin_abs) < 0)
        abort();
    if (o->overlay && realpath(o->overlay, overlay_abs) &&
        asprintf(&option_args[noption_args++], "--overlay=%s", overlay_abs) < 0)
        abort();

    struct audit_run a = {.o = o, .option_args = (const char *const *)option_args,
                          .noption_args = noption_args, .subs = subs, .count = count,
                          .lock = PTHREAD_MUTEX_INITIALIZER};
    ssize_t n = readlink("/proc/self/exe", a.self, sizeof a.self - 1);
    a.self[n > 0 ? n : 0] = '\0';
    cgroup_base_probe(NULL, NULL, &a.cgroups);
    proc_install_signal_forwarding();
    fprintf(stderr, "audit: %ld submission%s of %s%s, %d at once\n", count, count == 1 ? "" : "s", dir,
            o->shard_count > 1 ? " (this shard)" : "", o->jobs);
    pthread_t threads[MAX_JOBS];
    int started = 0;
    for (int i = 0; i < o->jobs && i < count; i++)
        if (pthread_create(&threads[started], NULL, audit_worker_thread, &a) == 0)
            started++;
    if (started == 0 && count > 0)
        audit_worker_thread(&a);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    int code = a.error ? EXIT_TOOL_FAILED : a.buggy ? EXIT_FINDINGS : EXIT_CLEAN;
    if (join_header(out_abs, header, 1, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: error: %s\n", err);
        code = EXIT_TOOL_FAILED;
    }
    if (summary_write(out_abs, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: error: the summary: %s\n", err);
        code = EXIT_TOOL_FAILED;
    }
    fprintf(stderr, "audit: %ld submission%s: %d clean, %d buggy, %d error; summary in %s/summary.html\n",
            count, count == 1 ? "" : "s", a.clean, a.buggy, a.error, out_abs);
    free(subs);
    return code;
}

int cmd_audit(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("audit");
    struct cli_args a;
    struct audit_options o;
    struct rubric rubric;
    struct suppressions sup = {0};
    time_t started = time(NULL);
    int rc = cli_parse(cmd, argc, argv, &a);
    if (!rc)
        rc = audit_options_read(cmd, &a, &o, &rubric, &sup);
    if (rc) {
        suppressions_free(&sup);
        cli_args_free(&a);
        return rc == CLI_HELP_SHOWN ? EXIT_CLEAN : rc;
    }
    if (cli_is_set(&a, OPT_WORKER)) {
        /* the hidden worker: racecheck audit --worker=SLOT [OPTIONS] -- NAME PATH */
        if (a.nrest != 2)
            rc = cli_error(cmd, "--worker needs -- NAME PATH");
        else
            rc = audit_worker(&o, (int)cli_int(&a, OPT_WORKER), a.rest[0], a.rest[1]);
        suppressions_free(&sup);
        cli_args_free(&a);
        return rc;
    }
    if (a.noperands != 1 || a.has_rest) {
        rc = a.noperands > 1 ? cli_error(cmd, "one class directory only (%s and %s)", a.operands[0],
                                         a.operands[1])
                             : cli_error(cmd, "no class directory (racecheck audit [OPTIONS] DIR)");
        suppressions_free(&sup);
        cli_args_free(&a);
        return rc;
    }
    /* what judged, stated before anything is judged */
    char err[600];
    json_t *judging = cli_judging_options(&a, err, sizeof err);
    if (!judging) {
        rc = cli_error(cmd, "%s", err);
        suppressions_free(&sup);
        cli_args_free(&a);
        return rc;
    }
    json_t *header = audit_header_new(judging, o.tools, o.shard_index, o.shard_count, started);
    char **option_args;
    int noption_args = worker_option_args(&a, &option_args);
    rc = audit_class(cmd, &o, a.operands[0], option_args, noption_args, header);
    for (int i = 0; option_args[i]; i++)
        free(option_args[i]);
    free(option_args);
    json_decref(header);
    suppressions_free(&sup);
    cli_args_free(&a);
    return rc;
}
