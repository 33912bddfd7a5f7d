/* The text report: what a student reads in a terminal. */
#include "reports/report.h"
#include "sys/paths.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 78

/* Prints label then text, wrapped at WIDTH, continuation lines indented by
 * indent spaces. */
static void wrap(FILE *out, int indent, const char *label, const char *text)
{
    int col = fprintf(out, "%*s%s", indent, "", label);
    int line_empty = !label[0]; /* nothing but the indent on this line yet */
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\n')
            p++;
        size_t w = strcspn(p, " \n");
        if (!w)
            break;
        if (!line_empty && col + 1 + (int)w > WIDTH) {
            col = fprintf(out, "\n%*s", indent + 2, "") - 1;
            line_empty = 1;
        }
        if (!line_empty) {
            fputc(' ', out);
            col++;
        }
        col += fprintf(out, "%.*s", (int)w, p);
        line_empty = 0;
        p += w;
    }
    fputc('\n', out);
}

static void print_location(FILE *out, const struct location *l)
{
    char *file = report_relative_path(l->file);
    char *clean = report_clean_text(file);
    char *fn = report_clean_text(l->function);
    fprintf(out, "    %s", clean ? clean : "(unknown file)");
    if (l->line > 0)
        fprintf(out, ":%d", l->line);
    if (fn)
        fprintf(out, " in %s", fn);
    fputc('\n', out);
    free(file);
    free(clean);
    free(fn);
}

/* A deadlock's or an inversion's interleaving, numbered in the order SARIF's
 * executionOrder gives it: every thread's first step, then every thread's
 * second, ... (threads in the order they come in the flow). */
static void print_flow(FILE *out, const struct finding *f)
{
    if (!f->nflow)
        return;
    fputs("  how it happens:\n", out);
    int n = 0;
    for (size_t round = 0;; round++) {
        int any = 0;
        for (size_t i = 0; i < f->nflow; i++) {
            const char *t = f->flow[i].thread ? f->flow[i].thread : "";
            size_t k = 0;           /* i is its thread's step number k */
            for (size_t j = 0; j < i; j++)
                k += !strcmp(f->flow[j].thread ? f->flow[j].thread : "", t);
            if (k != round)
                continue;
            any = 1;
            /* the file's name only: "where" above has the paths, and a step
             * fits on a line of a slide */
            const char *file = f->flow[i].file ? path_basename(f->flow[i].file) : "(unknown file)";
            char *text = NULL;
            if (asprintf(&text, "%d. %s %s at %s:%d", ++n, t, f->flow[i].step ? f->flow[i].step : "",
                         file, f->flow[i].line) < 0)
                abort();
            char *clean = report_clean_text(text);
            wrap(out, 4, "", clean);
            free(clean);
            free(text);
        }
        if (!any)
            break;
    }
}

static void print_agreement(FILE *out, const struct report *r, const struct finding *f)
{
    int repeat = r->repeat > 1;
    fputs("  found by:", out);
    int n = 0;
    for (int t = 0; t < TOOL_COUNT; t++) {
        if (!(f->tools & (1u << t)))
            continue;
        fprintf(out, "%s %s", n++ ? "," : "", tool_name((enum tool_id)t));
        if (repeat)
            fprintf(out, " %u/%d runs", report_runs_of(r, f, (enum tool_id)t),
                    report_runs_total(r, (enum tool_id)t));
    }
    n = 0;
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        if (!tool_run_looked(t) || (f->tools & (1u << t->tool)) || !tool_detects(t->tool, f->kind))
            continue;
        fprintf(out, "%s %s", n++ ? "," : "; not by:", tool_name(t->tool));
        if (repeat)
            fprintf(out, " (0/%d runs)", report_runs_total(r, t->tool));
    }
    fputc('\n', out);
}

/* ", N notes, N suppressed, M known from the baseline" for the counts that are not 0 */
static void print_waived(FILE *out, size_t notes, size_t suppressed, size_t known)
{
    if (notes)
        fprintf(out, ", %zu note%s", notes, notes == 1 ? "" : "s");
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    if (known)
        fprintf(out, ", %zu known from the baseline", known);
}

int report_write_text(FILE *out, const struct report *r)
{
    const char *verdict = report_effective_verdict(r);
    char *target = report_clean_text(r->target ? r->target : "(no target)");
    size_t nf = r->findings.count;

    fprintf(out, "racecheck report for %s\n", target);
    size_t counted = report_counted_findings(r);
    size_t suppressed = report_waived_findings(r, WAIVER_SUPPRESSED);
    size_t known = report_waived_findings(r, WAIVER_BASELINE);
    size_t notes = report_note_count(r);
    fprintf(out, "verdict: %s", verdict);
    if (nf) {
        fprintf(out, " (%zu finding%s", nf, nf == 1 ? "" : "s");
        print_waived(out, notes, suppressed, known);
        fputc(')', out);
    }
    if (r->repeat > 1)
        fprintf(out, ", each tool run %d times", r->repeat);
    fputc('\n', out);
    char error[1024];
    report_error_text(r, error, sizeof error);
    if (error[0]) {
        char *msg = report_clean_text(error);
        wrap(out, 0, "error:", msg);
        free(msg);
    }
    fputs("tools:\n", out);
    if (r->ntools == 0)
        fputs("  none ran\n", out);
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        const char *status = t->status ? t->status : "unknown";
        fprintf(out, "  %-9s %-8s", tool_name(t->tool), status);
        if (strcmp(status, "skipped") != 0)
            fprintf(out, " exit %d, %.2f s", t->exit_status, t->seconds);
        if (t->reason) {
            char *reason = report_clean_text(t->reason);
            fprintf(out, " (%s)", reason);
            free(reason);
        }
        fputc('\n', out);
    }

    if (r->explore.count) {
        fprintf(out, "exploration: %d of %d seeds run (%s)", r->explore.seeds_run, r->explore.count,
                r->explore.schedule ? r->explore.schedule : "pct");
        if (r->explore.failed_schedule[0])
            fprintf(out, ", seed %ld (%s) failed\n", r->explore.failed_seed, r->explore.failed_schedule);
        else
            fputs(", none failed\n", out);
    }

    unsigned seen_kind = 0;
    size_t first_of_kind[KIND_COUNT] = {0};
    for (size_t i = 0; i < nf; i++) {
        const struct finding *f = &r->findings.items[i];
        fprintf(out, "\nFinding %zu of %zu: %s%s\n", i + 1, nf, finding_kind_name(f->kind),
                f->waiver == WAIVER_SUPPRESSED ? " (suppressed)"
                : f->waiver == WAIVER_BASELINE ? " (known from the baseline)"
                : f->level == LEVEL_NOTE       ? " (note: does not count)"
                                               : "");
        const char *why_not = f->waiver != WAIVER_NONE ? f->waived_by : f->level == LEVEL_NOTE ? f->note : NULL;
        if (why_not) {
            char *why = report_clean_text(why_not);
            wrap(out, 2, "does not count:", why);
            free(why);
        }
        char *summary = report_clean_text(f->summary);
        if (summary)
            wrap(out, 2, "", summary);
        free(summary);
        if (f->nlocations) {
            fputs("  where:\n", out);
            for (size_t j = 0; j < f->nlocations; j++)
                print_location(out, &f->locations[j]);
        } else {
            fputs("  where: no source location (build with -g to get one)\n", out);
        }
        print_flow(out, f);
        print_agreement(out, r, f);
        if (f->replay.command) {
            char *cmd = report_clean_text(f->replay.command);
            wrap(out, 2, "replay:", cmd);
            free(cmd);
        }
        if ((unsigned)f->kind < KIND_COUNT && (seen_kind & (1u << f->kind))) {
            fprintf(out, "  what it means: see finding %zu.\n", first_of_kind[f->kind] + 1);
        } else {
            if ((unsigned)f->kind < KIND_COUNT) {
                seen_kind |= 1u << f->kind;
                first_of_kind[f->kind] = i;
            }
            wrap(out, 2, "what it means:", report_kind_explanation(f->kind));
            wrap(out, 2, "how to fix it:", report_kind_help(f->kind));
        }
    }

    /* the closing line: verdict, counts by kind, tools */
    fprintf(out, "\n%s: %zu finding%s", verdict, counted, counted == 1 ? "" : "s");
    if (counted) {
        fputs(" (", out);
        int first = 1;
        for (int k = 0; k < KIND_COUNT; k++) {
            size_t c = 0;
            for (size_t i = 0; i < nf; i++)
                c += r->findings.items[i].kind == (enum finding_kind)k &&
                     finding_counts(&r->findings.items[i]);
            if (c) {
                fprintf(out, "%s%zu %s", first ? "" : ", ", c, finding_kind_name((enum finding_kind)k));
                first = 0;
            }
        }
        fputc(')', out);
    }
    print_waived(out, notes, suppressed, known);
    fprintf(out, " in %s", target);
    static const char *const group_names[3] = {"ran", "skipped", "did not finish"};
    for (int g = 0; g < 3; g++) {
        int n = 0;
        for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
            const struct tool_run *t = &r->tools[i];
            int in = g == 0   ? t->status && strcmp(t->status, "ran") == 0
                     : g == 1 ? t->status && strcmp(t->status, "skipped") == 0
                              : tool_run_unfinished(t);
            if (!in)
                continue;
            if (n++)
                fputs(", ", out);
            else
                fprintf(out, "; %s: ", group_names[g]);
            fputs(tool_name(t->tool), out);
        }
    }
    fputc('\n', out);
    free(target);
    fflush(out);
    return ferror(out) ? -1 : 0;
}
