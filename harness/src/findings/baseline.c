#include "findings/baseline.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/paths.h"

/* the largest baseline read: the combined report of a big project */
#define MAX_FILE_BYTES (64u << 20)

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *baseline_fingerprint(const struct finding *f)
{
    char **keys = calloc(f->nlocations + 1, sizeof *keys);
    if (!keys)
        abort();
    size_t len = strlen(finding_kind_name(f->kind)) + 1;
    for (size_t i = 0; i < f->nlocations; i++) {
        const struct location *l = &f->locations[i];
        const char *base = l->file ? path_basename(l->file) : "";
        if (asprintf(&keys[i], "%s:%s", base, l->function ? l->function : "") < 0)
            abort();
        len += strlen(keys[i]) + 1;
    }
    qsort(keys, f->nlocations, sizeof *keys, cmp_str);
    char *out = malloc(len), *o = out;
    if (!out)
        abort();
    o += sprintf(o, "%s", finding_kind_name(f->kind));
    for (size_t i = 0; i < f->nlocations; i++) {
        if (!i || strcmp(keys[i], keys[i - 1]) != 0)
            o += sprintf(o, "|%s", keys[i]);
    }
    for (size_t i = 0; i < f->nlocations; i++)
        free(keys[i]);
    free(keys);
    return out;
}

static void add(struct baseline *b, char *fingerprint)
{
    char **fps = realloc(b->fingerprints, (b->count + 1) * sizeof *fps);
    if (!fps)
        abort();
    b->fingerprints = fps;
    b->fingerprints[b->count++] = fingerprint;
}

/* "file" or "function" of a location: a string, null or absent */
static int optional_string(json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = json_is_string(v) ? json_string_value(v) : NULL;
    return !v || json_is_null(v) || json_is_string(v) ? 0 : -1;
}

/* Adds the fingerprint of finding j (index i of report r) to b. */
static int read_finding(struct baseline *b, json_t *j, size_t r, size_t i, char *error,
                        size_t error_len)
{
    json_t *kind = json_object_get(j, "kind");
    int k = json_is_string(kind) ? finding_kind_from_name(json_string_value(kind)) : -1;
    if (!json_is_object(j) || k < 0) {
        snprintf(error, error_len, "report %zu, finding %zu: no known \"kind\"", r + 1, i + 1);
        return -1;
    }
    json_t *locs = json_object_get(j, "locations");
    if (locs && !json_is_array(locs)) {
        snprintf(error, error_len, "report %zu, finding %zu: \"locations\" is not an array", r + 1,
                 i + 1);
        return -1;
    }
    struct finding f = {.kind = (enum finding_kind)k};
    size_t n;
    json_t *loc;
    json_array_foreach(locs, n, loc)
    {
        const char *file, *function;
        if (!json_is_object(loc) || optional_string(loc, "file", &file) ||
            optional_string(loc, "function", &function)) {
            finding_free(&f);
            snprintf(error, error_len, "report %zu, finding %zu: location %zu is not {file, line, function}",
                     r + 1, i + 1, n + 1);
            return -1;
        }
        finding_add_location(&f, file, 0, function);
    }
    add(b, baseline_fingerprint(&f));
    finding_free(&f);
    return 0;
}

static int read_report(struct baseline *b, json_t *report, size_t r, char *error, size_t error_len)
{
    json_t *findings = json_object_get(report, "findings");
    if (!json_is_object(report) || !json_is_array(findings)) {
        snprintf(error, error_len, "report %zu has no \"findings\" array", r + 1);
        return -1;
    }
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        if (read_finding(b, f, r, i, error, error_len) != 0)
            return -1;
    }
    return 0;
}

int baseline_parse(struct baseline *b, const char *name, const char *text, size_t len,
                   char *error, size_t error_len)
{
    memset(b, 0, sizeof *b);
    b->name = strdup(name);
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    char why[200] = "";
    int rc = -1;
    if (!root) {
        snprintf(why, sizeof why, "not JSON (line %d: %s)", jerr.line, jerr.text);
    } else if (json_is_array(root)) {
        size_t r;
        json_t *report;
        rc = 0;
        json_array_foreach(root, r, report)
        {
            if ((rc = read_report(b, report, r, why, sizeof why)) != 0)
                break;
        }
    } else { /* without JSON_DECODE_ANY the root is an object or an array */
        rc = read_report(b, root, 0, why, sizeof why);
    }
    json_decref(root);
    if (rc != 0) {
        /* jansson quotes the bad token as it is: keep the message one line */
        for (char *p = why; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = '?';
        snprintf(error, error_len, "%s: not a racecheck JSON report: %s", name, why);
        return -1;
    }
    if (b->count)
        qsort(b->fingerprints, b->count, sizeof *b->fingerprints, cmp_str);
    return 0;
}

int baseline_load(struct baseline *b, const char *path, char *error, size_t error_len)
{
    memset(b, 0, sizeof *b);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(error, error_len, "cannot read baseline %s: %s", path, strerror(errno));
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > MAX_FILE_BYTES + 1)
                cap = MAX_FILE_BYTES + 1;
            if (!(text = realloc(text, cap)))
                abort();
        }
        size_t n = fread(text + len, 1, cap - len, f);
        len += n;
        if (n == 0 || len > MAX_FILE_BYTES)
            break;
    }
    if (ferror(f)) {
        snprintf(error, error_len, "cannot read baseline %s", path);
        rc = -1;
    } else if (len > MAX_FILE_BYTES) {
        snprintf(error, error_len, "%s: a baseline over %u MiB", path, MAX_FILE_BYTES >> 20);
        rc = -1;
    }
    fclose(f);
    if (rc == 0)
        rc = baseline_parse(b, path, text ? text : "", len, error, error_len);
    free(text);
    return rc;
}

int baseline_knows(const struct baseline *b, const struct finding *f)
{
    if (!b->count)
        return 0;
    char *fp = baseline_fingerprint(f);
    int known = bsearch(&fp, b->fingerprints, b->count, sizeof *b->fingerprints, cmp_str) != NULL;
    free(fp);
    return known;
}

size_t baseline_apply(const struct baseline *b, struct finding_list *list)
{
    size_t waived = 0;
    char *why;
    if (asprintf(&why, "known from the baseline %s", b->name ? b->name : "") < 0)
        abort();
    for (size_t i = 0; i < list->count; i++) {
        struct finding *f = &list->items[i];
        if (finding_counts(f) && baseline_knows(b, f)) {
            finding_waive(f, WAIVER_BASELINE, why);
            waived++;
        }
    }
    free(why);
    return waived;
}

void baseline_free(struct baseline *b)
{
    for (size_t i = 0; i < b->count; i++)
        free(b->fingerprints[i]);
    free(b->fingerprints);
    free(b->name);
    memset(b, 0, sizeof *b);
}
