#include "reports/report.h"
#include "sys/paths.h"
#include "tools/tool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What each finding kind means, for students (text report) and for
 * code-scanning rules (SARIF): detector/src/finding_kinds.inc. */
static const struct kind_info {
    const char *title, *explanation, *help, *level, *meaning;
} kinds[KIND_COUNT] = {
#define FINDING_KIND(id, name, level_, meaning_, headline, title_, explanation_, fix) \
    [KIND_##id] = {.title = title_, .explanation = explanation_, .help = fix, .level = level_, .meaning = meaning_},
#include "detector/src/finding_kinds.inc"
#undef FINDING_KIND
};

const char *report_kind_title(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].title : "";
}

const char *report_kind_explanation(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].explanation : "";
}

const char *report_kind_help(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].help : "";
}

const char *report_kind_meaning(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].meaning : "";
}

const char *report_kind_level(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].level : "warning";
}

void report_init(struct report *r, const char *target)
{
    memset(r, 0, sizeof *r);
    r->target = target;
    r->repeat = 1;
}

void report_free(struct report *r)
{
    finding_list_free(&r->findings);
}

struct tool_run *report_set_tool(struct report *r, enum tool_id tool, const char *status,
                                 const char *reason)
{
    struct tool_run *t = NULL;
    for (int i = 0; i < r->ntools; i++)
        if (r->tools[i].tool == tool)
            t = &r->tools[i];
    if (!t) {
        if (r->ntools >= TOOL_COUNT)
            return NULL;
        t = &r->tools[r->ntools++];
        memset(t, 0, sizeof *t);
        t->tool = tool;
    }
    t->status = status;
    t->reason = reason;
    return t;
}

const struct tool_run *report_tool(const struct report *r, enum tool_id tool)
{
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++)
        if (r->tools[i].tool == tool)
            return &r->tools[i];
    return NULL;
}

static int status_is(const struct tool_run *t, const char *s)
{
    return t->status && strcmp(t->status, s) == 0;
}

int tool_run_looked(const struct tool_run *t)
{
    return status_is(t, "ran") || status_is(t, "timeout") || status_is(t, "stopped");
}

int report_program_ran(const struct report *r)
{
    for (int i = 0; i < r->ntools; i++)
        if (tool_run_looked(&r->tools[i]))
            return 1;
    return 0;
}

int tool_detects(enum tool_id tool, enum finding_kind kind)
{
    const struct tool *t = tool_of(tool);
    return t && (t->sees & KIND_BIT(kind)) != 0;
}

int tool_run_unfinished(const struct tool_run *t)
{
    return status_is(t, "failed") || status_is(t, "timeout") || status_is(t, "stopped");
}

const char *report_verdict(const struct report *r)
{
    if (r->error_message)
        return "error";
    if (report_counted_findings(r))
        return "buggy";
    /* clean is a promise every requested tool has to back */
    int looked = 0;
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        if (tool_run_unfinished(&r->tools[i]))
            return "error";
        looked |= tool_run_looked(&r->tools[i]);
    }
    return looked ? "clean" : "error";
}

void report_error_text(const struct report *r, char *out, size_t len)
{
    out[0] = '\0';
    if (r->error_message) {
        snprintf(out, len, "%s", r->error_message);
        return;
    }
    if (strcmp(report_verdict(r), "error"))
        return;
    snprintf(out, len, "no verdict: not every tool ran to its end:");
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        size_t n = strlen(out);
        snprintf(out + n, len - n, "%s %s %s%s%s%s", i ? ";" : "", tool_name(t->tool),
                 t->status ? t->status : "ran", t->reason ? " (" : "", t->reason ? t->reason : "",
                 t->reason ? ")" : "");
    }
}

size_t report_counted_findings(const struct report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.count; i++)
        n += finding_counts(&r->findings.items[i]);
    return n;
}

size_t report_note_count(const struct report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.count; i++)
        n += r->findings.items[i].level == LEVEL_NOTE && r->findings.items[i].waiver == WAIVER_NONE;
    return n;
}

size_t report_waived_findings(const struct report *r, enum finding_waiver waiver)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.count; i++)
        n += r->findings.items[i].waiver == waiver;
    return n;
}

const char *report_effective_verdict(const struct report *r)
{
    return r->verdict ? r->verdict : report_verdict(r);
}

int report_exit_code(const struct report *r)
{
    const char *v = report_verdict(r);
    return !strcmp(v, "error") ? 3 : !strcmp(v, "buggy") ? 1 : 0;
}

int report_write(FILE *out, const struct report *r, const char *format)
{
    if (!format || strcmp(format, "text") == 0)
        return report_write_text(out, r);
    if (strcmp(format, "json") == 0)
        return report_write_json(out, r);
    if (strcmp(format, "sarif") == 0)
        return report_write_sarif(out, r);
    if (strcmp(format, "junit") == 0)
        return report_write_junit(out, r);
    if (strcmp(format, "gradescope") == 0)
        return report_write_gradescope(out, r);
    return -2;
}

size_t report_utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (p[1] < lo || p[1] > hi) /* also stops at the terminating NUL */
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

char *report_clean_text(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        abort();
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = report_utf8_len(p + i);
        if (k == 0 || (k == 1 && p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') || p[i] == 0x7F) {
            out[i++] = '?';
        } else {
            memcpy(out + i, p + i, k);
            i += k;
        }
    }
    out[n] = '\0';
    return out;
}

int report_runs_total(const struct report *r, enum tool_id t)
{
    const struct tool_run *tr = report_tool(r, t);
    if (tr && tr->runs > 0)
        return tr->runs;
    return r->repeat > 0 ? r->repeat : 1;
}

unsigned report_runs_of(const struct report *r, const struct finding *f, enum tool_id t)
{
    (void)r;
    if ((unsigned)t >= TOOL_COUNT || !(f->tools & (1u << t)))
        return 0;
    return f->runs[t] ? f->runs[t] : 1;
}

char *report_relative_path(const char *path)
{
    if (!path)
        return NULL;
    /* the one place a report's paths are made readable: normalised, and
     * relative to the working directory when below it */
    char *norm = path_normalise(path), cwd[4096];
    if (norm[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && strncmp(norm, cwd, n) == 0 && norm[n] == '/' && norm[n + 1]) {
            memmove(norm, norm + n + 1, strlen(norm + n + 1) + 1);
            return norm;
        }
    }
    return norm;
}
