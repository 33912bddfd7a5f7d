/* racecheck merge: the outputs of several `racecheck audit --shard=I/N` runs
 * combined into one output directory and one summary. Every name and every
 * shard's header (audit.json: version, options, toolchain) is checked before
 * anything is copied, so a submission audited by two shards, or shards judged
 * differently, is an error that leaves the output untouched. */
#include "audit/audit_header.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "sys/proc.h"
#include "summary/summary.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MERGE_COPY_TIMEOUT 1800.0   /* seconds for copying one shard */

struct seen {
    char *name;
    const char *shard;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct seen *)a)->name, ((const struct seen *)b)->name);
}

/* Appends the submission names of shard; -1 with a message when unreadable. */
static int list_shard(const char *shard, struct seen **names, size_t *count, size_t *cap)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/submissions", shard);
    DIR *d = opendir(dir);
    if (!d) {
        cli_error(cli_command_find("merge"), "%s is not an audit output directory (cannot read %s: %s)", shard, dir,
                    strerror(errno));
        return -1;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (*count == *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *names = realloc(*names, *cap * sizeof **names);
            if (!*names)
                abort();
        }
        (*names)[(*count)++] = (struct seen){strdup(de->d_name), shard};
    }
    closedir(d);
    return 0;
}

static int make_dirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT;
    struct dirent *de;
    int empty = 1;
    while (empty && (de = readdir(d)))
        empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
    closedir(d);
    return empty;
}

/* cp -R -P SHARD/submissions/. OUT/submissions: symlinks stay links. */
static int copy_shard(const char *shard, const char *dest)
{
    char src[PATH_MAX];
    snprintf(src, sizeof src, "%s/submissions/.", shard);
    char *argv[] = {"cp", "-R", "-P", "--", src, (char *)dest, NULL};
    struct proc_spec spec = {.argv = argv, .capture = 1, .timeout = MERGE_COPY_TIMEOUT};
    struct proc_result res;
    proc_run(&spec, &res);
    int ok = res.started && res.exited && res.exit_status == 0;
    if (!ok)
        fprintf(stderr, "racecheck: error: merge: copying %s failed: %s\n", src,
                !res.started ? res.error : res.timed_out ? "timed out" : res.err && res.err[0] ? res.err : "cp failed");
    proc_result_free(&res);
    return ok ? 0 : -1;
}

int cmd_merge(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("merge");
    struct cli_args args;
    int parsed = cli_parse(cmd, argc, argv, &args);
    if (parsed) {
        cli_args_free(&args);
        return parsed == CLI_HELP_SHOWN ? EXIT_CLEAN : parsed;
    }
    const char *output = cli_text(&args, OPT_OUTPUT);
    char **shards = args.operands;
    size_t nshards = (size_t)args.noperands;
    if (!*output) {
        cli_args_free(&args);
        return cli_error(cmd, "--output needs a directory");
    }
    int rc = EXIT_USAGE;
    json_t **headers = calloc(nshards ? nshards : 1, sizeof *headers);
    json_t *merged = NULL;
    if (!headers)
        abort();
    struct seen *names = NULL;
    size_t count = 0, cap = 0;
    char dest[PATH_MAX], real_out[PATH_MAX];
    if (nshards == 0) {
        cli_error(cmd, "name at least one shard output directory (see racecheck merge --help)");
        goto out;
    }
    for (size_t i = 0; i < nshards; i++) {
        char real_shard[PATH_MAX];
        if (realpath(shards[i], real_shard) && realpath(output, real_out) && !strcmp(real_shard, real_out)) {
            cli_error(cmd, "the output %s is also a shard; choose another --output", output);
            goto out;
        }
        if (list_shard(shards[i], &names, &count, &cap) != 0)
            goto out;
    }
    /* shards judged alike, or no merge: a summary must say what judged it */
    for (size_t i = 0; i < nshards; i++) {
        char why[600], what[600];
        headers[i] = audit_header_read(shards[i], why, sizeof why);
        if (!headers[i]) {
            if (!why[0])
                cli_error(cmd, "%s has no %s (an older racecheck audit, or not one): what judged it is unknown; "
                          "audit it again", shards[i], AUDIT_HEADER_FILE);
            else
                cli_error(cmd, "%s", why);
            goto out;
        }
        if (i && audit_header_differs(headers[0], headers[i], what, sizeof what)) {
            cli_error(cmd, "%s and %s were not judged alike (%s): merge only shards of one audit", shards[0],
                      shards[i], what);
            goto out;
        }
    }
    /* shards of one split: I/N with one N (1/2 beside 2/3 covers some
     * submissions twice and others never) */
    const char *split = NULL, *split_of = NULL;
    for (size_t i = 0; i < nshards; i++) {
        json_t *run;
        size_t k;
        json_array_foreach(json_object_get(headers[i], "runs"), k, run) {
            const char *shard = json_string_value(json_object_get(run, "shard"));
            const char *n = shard ? strchr(shard, '/') : NULL;
            if (n && !split) {
                split = n;
                split_of = shards[i];
            } else if (n && strcmp(n, split)) {
                cli_error(cmd, "%s was split in %s shards and %s in %s: merge only the shards of one split",
                          split_of, split + 1, shards[i], n + 1);
                goto out;
            }
        }
    }
    /* sorted by name, a duplicate sits next to its twin; stable for two shards
     * only in message order, so name both */
    if (count)
        qsort(names, count, sizeof *names, by_name);
    for (size_t i = 1; i < count; i++) {
        if (!strcmp(names[i].name, names[i - 1].name)) {
            cli_error(cmd, "submission '%s' is in two shards: %s and %s", names[i].name,
                        names[i - 1].shard, names[i].shard);
            goto out;
        }
    }
    snprintf(dest, sizeof dest, "%s/submissions", output);
    if (!dir_is_empty(dest)) {
        cli_error(cmd, "%s already holds submissions; choose a new --output", dest);
        goto out;
    }
    rc = EXIT_TOOL_FAILED;
    if (make_dirs(dest) != 0) {
        fprintf(stderr, "racecheck: error: merge: cannot create %s: %s\n", dest, strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < nshards; i++)
        if (copy_shard(shards[i], dest) != 0)
            goto out;
    char err[512];
    merged = audit_header_merge(headers, nshards, time(NULL));
    if (audit_header_write(output, merged, 0, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: error: merge: %s\n", err);
        goto out;
    }
    unsigned verdicts[SUMMARY_VERDICTS];
    if (summary_write_verdicts(output, verdicts, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: error: merge: %s\n", err);
        goto out;
    }
    printf("racecheck: merged %zu submissions from %zu shards into %s: %u buggy, %u clean, %u error; "
           "see %s/summary.html\n",
           count, nshards, output, verdicts[SUMMARY_BUGGY], verdicts[SUMMARY_CLEAN], verdicts[SUMMARY_ERROR],
           output);
    /* as one unsharded audit would exit: an unjudged submission outranks findings */
    rc = verdicts[SUMMARY_ERROR] ? EXIT_TOOL_FAILED : verdicts[SUMMARY_BUGGY] ? EXIT_FINDINGS : EXIT_CLEAN;
out:
    for (size_t i = 0; i < nshards; i++)
        json_decref(headers[i]);
    free(headers);
    json_decref(merged);
    for (size_t i = 0; i < count; i++)
        free(names[i].name);
    free(names);
    cli_args_free(&args);
    return rc;
}
