/* The JSON report of DESIGN.md, written with jansson. */
#include "sys/version.h"
#include "reports/report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

/* a JSON string of s (invalid UTF-8 made '?'), or null for NULL */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    char *c = report_clean_text(s);
    json_t *j = json_string(c);
    free(c);
    return j ? j : json_null();
}

static json_t *tool_json(const struct tool_run *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(tool_name(t->tool)));
    json_object_set_new(o, "status", jstr(t->status ? t->status : "ran"));
    json_object_set_new(o, "exit_status", json_integer(t->exit_status));
    double s = isfinite(t->seconds) && t->seconds > 0 ? round(t->seconds * 1000.0) / 1000.0 : 0.0;
    json_object_set_new(o, "seconds", json_real(s));
    if (t->reason)
        json_object_set_new(o, "reason", jstr(t->reason));
    if (t->runs > 1)
        json_object_set_new(o, "runs", json_integer(t->runs));
    return o;
}

static json_t *finding_json(const struct report *r, const struct finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(finding_kind_name(f->kind)));
    json_t *tools = json_array();
    for (int t = 0; t < TOOL_COUNT; t++)
        if (f->tools & (1u << t))
            json_array_append_new(tools, json_string(tool_name((enum tool_id)t)));
    json_object_set_new(o, "tools", tools);
    json_object_set_new(o, "summary", jstr(f->summary ? f->summary : finding_kind_name(f->kind)));
    json_t *locs = json_array();
    for (size_t j = 0; j < f->nlocations; j++) {
        const struct location *l = &f->locations[j];
        json_t *lo = json_object();
        json_object_set_new(lo, "file", jstr(l->file));
        json_object_set_new(lo, "line", json_integer(l->line));
        json_object_set_new(lo, "function", jstr(l->function));
        json_array_append_new(locs, lo);
    }
    json_object_set_new(o, "locations", locs);
    if (r->repeat > 1)
        json_object_set_new(o, "runs", report_json_runs(r, f));
    if (f->level == LEVEL_NOTE) {
        /* shown with why, never decides */
        json_object_set_new(o, "level", json_string("note"));
        json_object_set_new(o, "note", jstr(f->note ? f->note : ""));
    }
    if (f->confirmed != CONFIRM_UNTRIED)
        json_object_set_new(o, "confirmed", json_boolean(f->confirmed == CONFIRM_DEADLOCKED));
    if (f->replay.schedule)
        json_object_set_new(o, "replay", report_json_replay(f));
    if (f->waiver != WAIVER_NONE) {
        /* reported, but it does not count for the verdict */
        json_t *s = json_object();
        json_object_set_new(s, "by", json_string(f->waiver == WAIVER_BASELINE ? "baseline" : "suppressions"));
        json_object_set_new(s, "why", jstr(f->waived_by ? f->waived_by : ""));
        json_object_set_new(o, "suppressed", s);
    }
    return o;
}

json_t *report_json_runs(const struct report *r, const struct finding *f)
{
    json_t *runs = json_object();
    for (int t = 0; t < TOOL_COUNT; t++)
        if (f->tools & (1u << t))
            json_object_set_new(runs, tool_name((enum tool_id)t),
                                json_integer(report_runs_of(r, f, (enum tool_id)t)));
    return runs;
}

json_t *report_json_replay(const struct finding *f)
{
    json_t *rp = json_object();
    json_object_set_new(rp, "schedule", jstr(f->replay.schedule));
    json_object_set_new(rp, "seed", json_integer(f->replay.seed));
    json_object_set_new(rp, "command", jstr(f->replay.command));
    return rp;
}

int report_write_json(FILE *out, const struct report *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "racecheck", json_integer(1));
    json_object_set_new(root, "version", json_string(RACECHECK_VERSION));
    json_object_set_new(root, "target", jstr(r->target ? r->target : ""));
    json_object_set_new(root, "verdict", jstr(report_effective_verdict(r)));
    char error[1024];
    report_error_text(r, error, sizeof error);
    if (error[0])
        json_object_set_new(root, "error", jstr(error));
    if (r->repeat > 1)
        json_object_set_new(root, "repeat", json_integer(r->repeat));
    if (r->baseline)
        json_object_set_new(root, "baseline", jstr(r->baseline));
    if (r->explore.count) {
        json_t *x = json_object();
        json_object_set_new(x, "seeds", json_integer(r->explore.count));
        json_object_set_new(x, "run", json_integer(r->explore.seeds_run));
        json_object_set_new(x, "schedule", jstr(r->explore.schedule ? r->explore.schedule : "pct"));
        json_object_set_new(x, "failed_seed", r->explore.failed_schedule[0]
                                                  ? json_integer(r->explore.failed_seed) : json_null());
        json_object_set_new(root, "explore", x);
    }
    json_t *tools = json_array();
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++)
        json_array_append_new(tools, tool_json(&r->tools[i]));
    json_object_set_new(root, "tools", tools);
    json_t *findings = json_array();
    for (size_t i = 0; i < r->findings.count; i++)
        json_array_append_new(findings, finding_json(r, &r->findings.items[i]));
    json_object_set_new(root, "findings", findings);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(root);
    if (rc == 0)
        fputc('\n', out);
    fflush(out);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
