/* SARIF 2.1.0 for code scanning (GitHub and others), written with jansson. */
#include "sys/version.h"
#include "reports/report.h"
#include "sys/paths.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SARIF_SCHEMA \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static json_t *jstr(const char *s)
{
    char *c = report_clean_text(s ? s : "");
    json_t *j = json_string(c);
    free(c);
    return j ? j : json_string("");
}

static json_t *message(const char *text)
{
    json_t *m = json_object();
    json_object_set_new(m, "text", jstr(text));
    return m;
}

/* s percent-encoded as a URI path: unreserved characters and '/' stay */
static char *uri_encode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;
    if (!out)
        abort();
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

/* artifactLocation of a file: relative to the working directory (base
 * %SRCROOT%) when it lies under it or is relative, else a file:// URI */
static json_t *artifact_location(const char *file)
{
    json_t *a = json_object();
    char *rel = report_relative_path(file ? file : "unknown");
    char *enc = uri_encode(rel);
    if (rel[0] == '/') {
        char *uri = malloc(strlen(enc) + 8);
        if (!uri)
            abort();
        strcpy(uri, "file://");
        strcat(uri, enc);
        json_object_set_new(a, "uri", jstr(uri));
        free(uri);
    } else {
        json_object_set_new(a, "uri", jstr(enc));
        json_object_set_new(a, "uriBaseId", json_string("%SRCROOT%"));
    }
    free(enc);
    free(rel);
    return a;
}

static json_t *location(const struct location *l, long id, const char *msg)
{
    json_t *loc = json_object();
    if (id >= 0)
        json_object_set_new(loc, "id", json_integer(id));
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", artifact_location(l->file));
    if (l->line > 0) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(l->line));
        json_object_set_new(phys, "region", region);
    }
    json_object_set_new(loc, "physicalLocation", phys);
    if (l->function) {
        json_t *logical = json_object();
        json_object_set_new(logical, "name", jstr(l->function));
        json_object_set_new(logical, "kind", json_string("function"));
        json_t *arr = json_array();
        json_array_append_new(arr, logical);
        json_object_set_new(loc, "logicalLocations", arr);
    }
    if (msg)
        json_object_set_new(loc, "message", message(msg));
    return loc;
}

/* FNV-1a, 64 bits */
static uint64_t fnv(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* a hash of the kind and the set of basename:line of the locations: the same
 * in every checkout, for every order the tools gave */
static void fingerprint(const struct finding *f, char out[17])
{
    char **keys = calloc(f->nlocations + 1, sizeof *keys);
    if (!keys)
        abort();
    for (size_t j = 0; j < f->nlocations; j++) {
        const char *file = f->locations[j].file ? f->locations[j].file : "";
        const char *base = strrchr(file, '/');
        if (asprintf(&keys[j], "%s:%d", base ? base + 1 : file, f->locations[j].line) < 0)
            abort();
    }
    qsort(keys, f->nlocations, sizeof *keys, cmp_keys);
    uint64_t h = fnv(0xcbf29ce484222325ULL, finding_kind_name(f->kind));
    for (size_t j = 0; j < f->nlocations; j++) {
        if (j && strcmp(keys[j], keys[j - 1]) == 0)
            continue;
        h = fnv(h, "|");
        h = fnv(h, keys[j]);
    }
    for (size_t j = 0; j < f->nlocations; j++)
        free(keys[j]);
    free(keys);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static json_t *rule(enum finding_kind k)
{
    json_t *r = json_object();
    json_object_set_new(r, "id", json_string(finding_kind_name(k)));
    /* name: the kind in PascalCase, as rule names usually are */
    char name[64], *o = name;
    int up = 1;
    for (const char *p = finding_kind_name(k); *p && o < name + sizeof name - 1; p++) {
        if (*p == '-') {
            up = 1;
            continue;
        }
        *o++ = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = 0;
    }
    *o = '\0';
    json_object_set_new(r, "name", json_string(name));
    json_object_set_new(r, "shortDescription", message(report_kind_title(k)));
    json_object_set_new(r, "fullDescription", message(report_kind_explanation(k)));
    json_t *help = json_object();
    char *text;
    if (asprintf(&text, "%s\n\nHow to fix it: %s", report_kind_explanation(k),
                 report_kind_help(k)) < 0)
        abort();
    json_object_set_new(help, "text", jstr(text));
    char *md;
    if (asprintf(&md, "**%s**\n\n%s\n\n**How to fix it:** %s", report_kind_title(k),
                 report_kind_explanation(k), report_kind_help(k)) < 0)
        abort();
    json_object_set_new(help, "markdown", jstr(md));
    free(text);
    free(md);
    json_object_set_new(r, "help", help);
    json_t *conf = json_object();
    json_object_set_new(conf, "level", json_string(report_kind_level(k)));
    json_object_set_new(r, "defaultConfiguration", conf);
    json_t *props = json_object();
    json_t *tags = json_array();
    json_array_append_new(tags, json_string("concurrency"));
    json_array_append_new(tags, json_string("correctness"));
    json_object_set_new(props, "tags", tags);
    json_object_set_new(props, "precision", json_string("high"));
    json_object_set_new(r, "properties", props);
    return r;
}

/* text with SARIF's link characters escaped, so that a message's own
 * brackets ("fork_lock[3]") never read as an embedded link */
static void put_escaped(FILE *m, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '[' || *p == ']' || *p == '\\')
            fputc('\\', m);
        fputc(*p, m);
    }
}

/* The result's message: the summary, then an embedded link to each related
 * location ("[T2 (thread2) waits for lock_a at abba.c:46](1)"), which a viewer
 * shows as a link to that place. */
static char *result_text(const struct finding *f, const char *text)
{
    char *out = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&out, &size);
    if (!m)
        abort();
    put_escaped(m, text);
    for (size_t j = 1; j < f->nlocations; j++) {
        const struct location *l = &f->locations[j];
        fputs(j == 1 ? "; also " : ", ", m);
        fputc('[', m);
        if (l->step) {
            put_escaped(m, l->thread ? l->thread : "a thread");
            fputc(' ', m);
            put_escaped(m, l->step);
        } else {
            put_escaped(m, l->function ? l->function : "here");
        }
        if (l->file) {
            fputs(" at ", m);
            put_escaped(m, path_basename(l->file));
            if (l->line > 0)
                fprintf(m, ":%d", l->line);
        }
        fprintf(m, "](%zu)", j);
    }
    fclose(m);
    return out;
}

/* codeFlows: one threadFlow per thread of f's interleaving, each of its
 * steps a threadFlowLocation; executionOrder takes the threads' steps in
 * turn (every thread's first step, then every thread's second, ...): the
 * interleaving in which a deadlock happens, which a viewer replays. */
static json_t *code_flows(const struct finding *f)
{
    const char *threads[64];
    size_t nthreads = 0;
    for (size_t i = 0; i < f->nflow && nthreads < 64; i++) {
        const char *t = f->flow[i].thread ? f->flow[i].thread : "thread";
        size_t k = 0;
        while (k < nthreads && strcmp(threads[k], t))
            k++;
        if (k == nthreads)
            threads[nthreads++] = t;
    }
    json_t *tfs = json_array();
    for (size_t t = 0; t < nthreads; t++) {
        json_t *tf = json_object(), *locs = json_array();
        json_object_set_new(tf, "id", jstr(threads[t]));
        json_object_set_new(tf, "message", message(threads[t]));
        long k = 0;
        for (size_t i = 0; i < f->nflow; i++) {
            const struct location *st = &f->flow[i];
            if (strcmp(st->thread ? st->thread : "thread", threads[t]))
                continue;
            json_t *tfl = json_object();
            json_object_set_new(tfl, "location", location(st, -1, st->step));
            json_object_set_new(tfl, "executionOrder",
                                json_integer(k * (long)nthreads + (long)t + 1));
            json_object_set_new(tfl, "importance", json_string("essential"));
            json_array_append_new(locs, tfl);
            k++;
        }
        json_object_set_new(tf, "locations", locs);
        json_array_append_new(tfs, tf);
    }
    json_t *flow = json_object();
    char *text;
    if (asprintf(&text, "how the %zu threads %s", nthreads,
                 f->flow_kind == KIND_DEADLOCK ? "deadlocked" : "can deadlock") < 0)
        abort();
    json_object_set_new(flow, "message", message(text));
    free(text);
    json_object_set_new(flow, "threadFlows", tfs);
    json_t *flows = json_array();
    json_array_append_new(flows, flow);
    return flows;
}

static json_t *result(const struct report *r, const struct finding *f)
{
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", json_string(finding_kind_name(f->kind)));
    if ((unsigned)f->kind < KIND_COUNT)
        json_object_set_new(res, "ruleIndex", json_integer(f->kind));
    json_object_set_new(res, "level",
                        json_string(f->level == LEVEL_NOTE ? "note" : report_kind_level(f->kind)));
    char *text = NULL;
    if (f->level == LEVEL_NOTE && asprintf(&text, "%s (does not count: %s)",
                                           f->summary ? f->summary : finding_kind_name(f->kind),
                                           f->note ? f->note : "a note") < 0)
        abort();
    char *linked =
        result_text(f, text ? text : f->summary ? f->summary : finding_kind_name(f->kind));
    json_object_set_new(res, "message", message(linked));
    free(linked);
    free(text);
    json_t *locs = json_array();
    if (f->nlocations) {
        const struct location *l = &f->locations[0];
        char *msg = NULL;
        if (l->step && asprintf(&msg, "%s %s", l->thread ? l->thread : "a thread", l->step) < 0)
            abort();
        json_array_append_new(locs, location(l, -1, msg));
        free(msg);
    }
    json_object_set_new(res, "locations", locs);
    if (f->nlocations > 1) {
        json_t *rel = json_array();
        for (size_t j = 1; j < f->nlocations; j++) {
            const struct location *l = &f->locations[j];
            char *msg;
            if ((l->step ? asprintf(&msg, "%s %s", l->thread ? l->thread : "a thread", l->step)
                         : asprintf(&msg, "%s also involved%s%s", finding_kind_name(f->kind),
                                    l->function ? " in " : "", l->function ? l->function : "")) < 0)
                abort();
            json_array_append_new(rel, location(l, (long)j, msg));
            free(msg);
        }
        json_object_set_new(res, "relatedLocations", rel);
    }
    if (f->nflow)
        json_object_set_new(res, "codeFlows", code_flows(f));
    char fp[17];
    fingerprint(f, fp);
    json_t *fps = json_object();
    json_object_set_new(fps, "racecheckFindingHash/v1", json_string(fp));
    json_object_set_new(res, "partialFingerprints", fps);
    json_t *props = json_object();
    json_t *tools = json_array();
    for (int t = 0; t < TOOL_COUNT; t++)
        if (f->tools & (1u << t))
            json_array_append_new(tools, json_string(tool_name((enum tool_id)t)));
    json_object_set_new(props, "tools", tools);
    if (r->repeat > 1)
        json_object_set_new(props, "runs", report_json_runs(r, f));
    if (f->replay.schedule)
        json_object_set_new(props, "replay", report_json_replay(f));
    json_object_set_new(res, "properties", props);
    if (f->waiver == WAIVER_SUPPRESSED) {
        /* a rule of a suppression file, kept outside the source: "external" */
        json_t *sup = json_object();
        json_object_set_new(sup, "kind", json_string("external"));
        json_object_set_new(sup, "status", json_string("accepted"));
        json_object_set_new(sup, "justification", jstr(f->waived_by));
        json_t *sups = json_array();
        json_array_append_new(sups, sup);
        json_object_set_new(res, "suppressions", sups);
    }
    if (r->baseline)
        json_object_set_new(res, "baselineState",
                            json_string(f->waiver == WAIVER_BASELINE ? "unchanged" : "new"));
    return res;
}

static json_t *invocation(const struct report *r)
{
    json_t *inv = json_object();
    const char *verdict = report_effective_verdict(r);
    json_object_set_new(inv, "executionSuccessful", json_boolean(strcmp(verdict, "error") != 0));
    json_object_set_new(inv, "exitCode", json_integer(report_exit_code(r)));
    json_t *notes = json_array();
    if (r->error_message) {
        json_t *n = json_object();
        json_object_set_new(n, "level", json_string("error"));
        json_object_set_new(n, "message", message(r->error_message));
        json_array_append_new(notes, n);
    }
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        const char *status = t->status ? t->status : "ran";
        if (strcmp(status, "ran") == 0)
            continue;
        char *text;
        if (asprintf(&text, "%s %s%s%s", tool_name(t->tool), status, t->reason ? ": " : "",
                     t->reason ? t->reason : "") < 0)
            abort();
        json_t *n = json_object();
        json_object_set_new(n, "level", json_string(tool_run_unfinished(t) ? "error" : "note"));
        json_object_set_new(n, "message", message(text));
        json_array_append_new(notes, n);
        free(text);
    }
    json_object_set_new(inv, "toolExecutionNotifications", notes);
    json_t *props = json_object();
    json_object_set_new(props, "target", jstr(r->target ? r->target : ""));
    json_object_set_new(props, "verdict", jstr(verdict));
    json_object_set_new(inv, "properties", props);
    return inv;
}

int report_write_sarif(FILE *out, const struct report *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(root, "version", json_string("2.1.0"));

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("racecheck"));
    json_object_set_new(driver, "version", json_string(RACECHECK_VERSION));
#ifdef RACECHECK_INFORMATION_URI
    json_object_set_new(driver, "informationUri", json_string(RACECHECK_INFORMATION_URI));
#endif
    json_t *rules = json_array();
    for (int k = 0; k < KIND_COUNT; k++)
        json_array_append_new(rules, rule((enum finding_kind)k));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);

    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_t *invs = json_array();
    json_array_append_new(invs, invocation(r));
    json_object_set_new(run, "invocations", invs);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
        char *enc = uri_encode(cwd), *uri;
        if (asprintf(&uri, "file://%s%s", enc, enc[strlen(enc) - 1] == '/' ? "" : "/") < 0)
            abort();
        json_t *base = json_object(), *src = json_object();
        json_object_set_new(src, "uri", jstr(uri));
        json_object_set_new(base, "%SRCROOT%", src);
        json_object_set_new(run, "originalUriBaseIds", base);
        free(enc);
        free(uri);
    }
    json_t *results = json_array();
    for (size_t i = 0; i < r->findings.count; i++)
        json_array_append_new(results, result(r, &r->findings.items[i]));
    json_object_set_new(run, "results", results);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_object_set_new(root, "runs", runs);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc == 0)
        fputc('\n', out);
    fflush(out);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
