/* Reads an audit output directory into the summary model: one entry per
 * directory under submissions/, from its report.json. A report that is
 * missing, too large or not the DESIGN.md format makes that submission an
 * "error" ("unreadable report"); it never stops the summary. */
#include "summary/summary_model.h"

#include "audit/audit_header.h"
#include "reports/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_regular(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return 0;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The parsed dir/file (report.json, results.json), or NULL with why set.
 * Symlinks are not followed: the submission's own files must not point the
 * summary elsewhere. */
static json_t *load_json(const char *dir, const char *file, const char **why)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
        *why = "unreadable report";
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        *why = "unreadable report";
        return NULL;
    }
    if (st.st_size > SUMMARY_MAX_REPORT_BYTES) {
        close(fd);
        *why = "unreadable report (over 8 MiB)";
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadfd(fd, JSON_REJECT_DUPLICATES, &jerr);
    close(fd);
    if (!root)
        *why = "unreadable report";
    return root;
}

static const char *known_verdict(const char *v)
{
    static const char *const verdicts[] = {"clean", "buggy", "error"};
    for (int i = 0; v && i < 3; i++)
        if (!strcmp(v, verdicts[i]))
            return verdicts[i];
    return NULL;
}

static int verdict_index(const char *v)
{
    return !strcmp(v, "clean") ? SUMMARY_CLEAN : !strcmp(v, "buggy") ? SUMMARY_BUGGY : SUMMARY_ERROR;
}

/* "lockgraph tsan(stopped) helgrind(timeout)": the tools that looked at the program. */
static char *tools_that_ran(json_t *tools)
{
    size_t cap = 1, len = 0, i;
    json_t *t;
    json_array_foreach(tools, i, t) cap += strlen(json_string_value(json_object_get(t, "name"))) + 12;
    char *out = calloc(cap, 1);
    if (!out)
        abort();
    json_array_foreach(tools, i, t) {
        const char *status = json_string_value(json_object_get(t, "status"));
        const char *name = json_string_value(json_object_get(t, "name"));
        if (strcmp(status, "ran") && strcmp(status, "timeout") && strcmp(status, "stopped"))
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s%s%s%s%s", len ? " " : "", name,
                                strcmp(status, "ran") ? "(" : "", strcmp(status, "ran") ? status : "",
                                strcmp(status, "ran") ? ")" : "");
    }
    return out;
}

/* 0 when root has the DESIGN.md shape the writers rely on. */
static int report_valid(json_t *root)
{
    if (!json_is_object(root) || !known_verdict(json_string_value(json_object_get(root, "verdict"))))
        return -1;
    json_t *tools = json_object_get(root, "tools"), *findings = json_object_get(root, "findings"), *x;
    json_t *error = json_object_get(root, "error");
    size_t i;
    if (!json_is_array(tools) || !json_is_array(findings) || (error && !json_is_string(error)))
        return -1;
    json_array_foreach(tools, i, x)
        if (!json_is_string(json_object_get(x, "name")) || !json_is_string(json_object_get(x, "status")))
            return -1;
    json_array_foreach(findings, i, x) {
        if (!json_is_string(json_object_get(x, "kind")))
            return -1;
        json_t *locs = json_object_get(x, "locations"), *summary = json_object_get(x, "summary");
        if ((locs && !json_is_array(locs)) || (summary && !json_is_string(summary)))
            return -1;
    }
    return 0;
}

static void load_entry(struct summary_entry *e, const char *sub_dir, int scored)
{
    char dir[4096];
    int too_long = snprintf(dir, sizeof dir, "%s/%s", sub_dir, e->dir_name) >= (int)sizeof dir;
    e->name = report_clean_text(e->dir_name);
    e->has_text = is_regular(dir, "report.txt");
    e->has_json = is_regular(dir, "report.json");
    e->has_graph = is_regular(dir, "lockgraph.dot");
    const char *why = "unreadable report";
    json_t *root = too_long ? NULL : load_json(dir, "report.json", &why);
    e->has_results = is_regular(dir, "results.json");
    /* the score is results.json's: the one scorer (reports/rubric.c) */
    json_t *results = scored && e->has_results && !too_long ? load_json(dir, "results.json", &why) : NULL;
    json_t *score = json_object_get(results, "score");
    json_t *max_score = json_object_get(json_object_get(results, "extra_data"), "max_score");
    if (json_is_number(score) && json_is_number(max_score)) {
        e->has_score = 1;
        e->score = json_number_value(score);
        e->max_score = json_number_value(max_score);
    }
    json_decref(results);
    why = "unreadable report";
    if (root && report_valid(root) != 0) {
        json_decref(root);
        root = NULL;
    }
    if (!root) {
        e->verdict = "error";
        e->error = strdup(why);
        e->tools = strdup("");
        return;
    }
    e->report = root;
    e->verdict = known_verdict(json_string_value(json_object_get(root, "verdict")));
    e->error = report_clean_text(json_string_value(json_object_get(root, "error")));
    e->tools = tools_that_ran(json_object_get(root, "tools"));
    json_t *findings = json_object_get(root, "findings"), *f;
    size_t i;
    json_array_foreach(findings, i, f) {
        int kind = finding_kind_from_name(json_string_value(json_object_get(f, "kind")));
        const char *level = json_string_value(json_object_get(f, "level"));
        if (level && !strcmp(level, "note"))
            continue;   /* a note never decides: not a finding of the submission */
        if (kind >= 0)
            e->counts[kind]++;
        e->nfindings++;
    }
}

static int by_dir_name(const void *a, const void *b)
{
    return strcmp(((const struct summary_entry *)a)->dir_name, ((const struct summary_entry *)b)->dir_name);
}

int summary_load(const char *out_dir, struct summary *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->out_dir = out_dir;
    char sub_dir[4096];
    if (snprintf(sub_dir, sizeof sub_dir, "%s/submissions", out_dir) >= (int)sizeof sub_dir) {
        snprintf(err, errlen, "%s: path too long", out_dir);
        return -1;
    }
    DIR *d = opendir(sub_dir);
    if (!d) {
        snprintf(err, errlen, "cannot read %s: %s", sub_dir, strerror(errno));
        return -1;
    }
    s->header = audit_header_read(out_dir, s->header_why, sizeof s->header_why);
    json_t *rubric = json_object_get(json_object_get(s->header, "options"), "rubric");
    s->scored = rubric && !json_is_null(rubric);
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", sub_dir, de->d_name) >= (int)sizeof path ||
            lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (s->count == SUMMARY_MAX_SUBMISSIONS) {
            closedir(d);
            summary_free(s);
            snprintf(err, errlen, "%s: more than %d submissions", sub_dir, SUMMARY_MAX_SUBMISSIONS);
            return -1;
        }
        if (s->count == cap) {
            cap = cap ? cap * 2 : 64;
            s->entries = realloc(s->entries, cap * sizeof *s->entries);
            if (!s->entries)
                abort();
        }
        memset(&s->entries[s->count], 0, sizeof s->entries[0]);
        s->entries[s->count++].dir_name = strdup(de->d_name);
    }
    closedir(d);
    if (s->count)
        qsort(s->entries, s->count, sizeof *s->entries, by_dir_name);
    for (size_t i = 0; i < s->count; i++) {
        struct summary_entry *e = &s->entries[i];
        load_entry(e, sub_dir, s->scored);
        s->verdicts[verdict_index(e->verdict)]++;
        for (int k = 0; k < KIND_COUNT; k++)
            s->kind_totals[k] += e->counts[k];
    }
    return 0;
}

void summary_free(struct summary *s)
{
    for (size_t i = 0; i < s->count; i++) {
        struct summary_entry *e = &s->entries[i];
        free(e->dir_name);
        free(e->name);
        free(e->error);
        free(e->tools);
        json_decref(e->report);
    }
    free(s->entries);
    json_decref(s->header);
    memset(s, 0, sizeof *s);
}
