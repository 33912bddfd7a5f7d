/* Gradescope's autograder results.json (its "Autograder Specifications"):
 * the score by the rubric (reports/rubric.h), a test "Builds", then one test
 * per finding kind that a tool looked for (or that the rubric names): passed
 * when nothing of that kind counts, failed with every such finding, what it
 * means and how to fix it in its output; with a rubric file, its max_score is
 * what the kind costs.
 * The top-level output says which tools ran, and when the verdict is error,
 * that the score is provisional (a tool did not finish). */
#include "reports/report.h"
#include "reports/rubric.h"
#include "sys/version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of the cleaned text of a memstream. */
static json_t *text_of(char *buf)
{
    char *clean = report_clean_text(buf ? buf : "");
    json_t *s = json_string(clean);
    free(clean);
    free(buf);
    return s;
}

static void write_finding(FILE *m, const struct report *r, const struct finding *f)
{
    fprintf(m, "- %s\n", f->summary ? f->summary : finding_kind_name(f->kind));
    for (size_t i = 0; i < f->nlocations && i < 6; i++) {
        const struct location *l = &f->locations[i];
        char *file = report_relative_path(l->file);
        fprintf(m, "    at %s", file ? file : "(unknown file)");
        if (l->line > 0)
            fprintf(m, ":%d", l->line);
        if (l->function)
            fprintf(m, " in %s", l->function);
        fputc('\n', m);
        free(file);
    }
    fputs("    found by:", m);
    for (int t = 0; t < TOOL_COUNT; t++)
        if (f->tools & (1u << t))
            fprintf(m, " %s", tool_name((enum tool_id)t));
    if (r->repeat > 1)
        fprintf(m, " (in some of %d runs)", r->repeat);
    fputc('\n', m);
    if (!finding_counts(f))
        fprintf(m, "    does not count: %s\n",
                f->waiver != WAIVER_NONE ? f->waived_by : f->note ? f->note : "a note");
}

/* 1 when a tool that ran to its end, or looked, could report kind k */
static int looked_for(const struct report *r, enum finding_kind k)
{
    for (int i = 0; i < r->ntools; i++)
        if (tool_run_looked(&r->tools[i]) && tool_detects(r->tools[i].tool, k))
            return 1;
    return 0;
}

static json_t *kind_test(const struct report *r, const struct rubric *rb, enum finding_kind k,
                         int number)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        abort();
    int counted = 0, shown = 0;
    for (size_t i = 0; i < r->findings.count; i++) {
        const struct finding *f = &r->findings.items[i];
        if (f->kind != k)
            continue;
        counted += finding_counts(f);
        if (shown++ < 20)
            write_finding(m, r, f);
    }
    if (shown > 20)
        fprintf(m, "... and %d more\n", shown - 20);
    if (counted)
        fprintf(m, "\nWhat it means: %s\nHow to fix it: %s\n", report_kind_explanation(k),
                report_kind_help(k));
    else if (!shown) {
        fputs("None found by", m);
        for (int i = 0; i < r->ntools; i++)
            if (tool_run_looked(&r->tools[i]) && tool_detects(r->tools[i].tool, k))
                fprintf(m, " %s", tool_name(r->tools[i].tool));
        fputs(".\n", m);
    }
    fclose(m);
    char num[16];
    snprintf(num, sizeof num, "1.%d", number);
    json_t *test = json_pack("{s:s, s:s, s:s, s:o}", "name", report_kind_title(k), "number", num,
                             "status", counted ? "failed" : "passed", "output", text_of(buf));
    /* a rubric's points: what the kind costs, kept or lost (the default
     * rubric only scores the whole) */
    if (rb->path) {
        json_object_set_new(test, "score", json_real(counted ? 0.0 : rb->points[k]));
        json_object_set_new(test, "max_score", json_real(rb->points[k]));
    }
    if (rb->visibility[0])
        json_object_set_new(test, "visibility", json_string(rb->visibility));
    json_object_set_new(test, "tags", json_pack("[s]", finding_kind_name(k)));
    return test;
}

int report_write_gradescope(FILE *out, const struct report *r)
{
    struct rubric fallback;
    const struct rubric *rb = r->rubric;
    if (!rb) {
        rubric_default(&fallback);
        rb = &fallback;
    }
    double score = rubric_score(rb, r, NULL);
    json_t *tests = json_array();

    /* the build */
    int built = !(r->error_message && !report_program_ran(r));
    json_t *build = json_pack("{s:s, s:s, s:s, s:o}", "name", "Builds", "number", "1.0", "status",
                              built ? "passed" : "failed", "output",
                              json_string(built ? "The program builds." : ""));
    if (!built) {
        char *clean = report_clean_text(r->error_message);
        json_object_set_new(build, "output", json_string(clean));
        free(clean);
    }
    if (rb->visibility[0])
        json_object_set_new(build, "visibility", json_string(rb->visibility));
    json_array_append_new(tests, build);

    int number = 1;
    for (int k = 0; built && k < KIND_COUNT; k++) {
        int has = 0;
        for (size_t i = 0; i < r->findings.count; i++)
            has |= r->findings.items[i].kind == (enum finding_kind)k;
        if (has || looked_for(r, (enum finding_kind)k) || rb->named[k])
            json_array_append_new(tests, kind_test(r, rb, (enum finding_kind)k, number++));
    }

    /* for the whole submission: the tools, and whether the score is final */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        abort();
    fprintf(m, "racecheck %s checked %s: %s.\nTools:", RACECHECK_VERSION, r->target ? r->target : "",
            report_effective_verdict(r));
    for (int i = 0; i < r->ntools; i++)
        fprintf(m, " %s %s%s%s%s;", tool_name(r->tools[i].tool), r->tools[i].status,
                r->tools[i].reason ? " (" : "", r->tools[i].reason ? r->tools[i].reason : "",
                r->tools[i].reason ? ")" : "");
    fputc('\n', m);
    if (built && !strcmp(report_effective_verdict(r), "error")) {
        char why[600];
        report_error_text(r, why, sizeof why);
        fprintf(m, "This score is provisional: %s. Nothing it did find was left out; a grader should "
                   "look at this submission.\n", why);
    }
    fprintf(m, "Score: %g of %g (rubric: %s).\n", score, rb->maximum, rb->path ? rb->path : "default: "
            "full marks when nothing counts");
    fclose(m);

    /* extra_data.max_score: the rubric's maximum, for a summary's score column */
    json_t *root = json_pack("{s:f, s:o, s:s, s:o, s:{s:s, s:s, s:s, s:f}}", "score", score, "output",
                             text_of(buf), "output_format", "text", "tests", tests, "extra_data",
                             "racecheck", RACECHECK_VERSION, "verdict", report_effective_verdict(r),
                             "target", r->target ? r->target : "", "max_score", rb->maximum);
    if (rb->visibility[0])
        json_object_set_new(root, "visibility", json_string(rb->visibility));
    double seconds = 0;
    for (int i = 0; i < r->ntools; i++)
        seconds += r->tools[i].seconds > 0 ? r->tools[i].seconds : 0;
    json_object_set_new(root, "execution_time", json_integer((json_int_t)(seconds + 0.5)));
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
