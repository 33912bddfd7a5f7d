/* summary.md: the class as a Markdown table a grader can paste, then the
 * totals. In a student-chosen string every character that Markdown gives a
 * meaning inside a table cell is backslash-escaped (CommonMark allows that
 * for any ASCII punctuation), so a name cannot break the table, start a link
 * or emphasis, or inject HTML. */
#include "summary/summary_model.h"

#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

static void md_text(FILE *out, const char *s)
{
    char *clean = report_clean_text(s ? s : "");
    for (const char *p = clean; *p; p++) {
        if (*p == '\n' || *p == '\t')
            fputc(' ', out);
        else if (strchr("\\`*_{}[]<>|~&!#", *p))
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
    free(clean);
}

/* "data-race 2, deadlock 1", or "" */
static void kinds_cell(FILE *out, const unsigned counts[KIND_COUNT])
{
    int first = 1;
    for (int k = 0; k < KIND_COUNT; k++) {
        if (!counts[k])
            continue;
        fprintf(out, "%s%s %u", first ? "" : ", ", finding_kind_name((enum finding_kind)k), counts[k]);
        first = 0;
    }
}

static void header_row(void *ctx, const char *field, const char *value)
{
    FILE *out = ctx;
    fputs("| ", out);
    md_text(out, field);
    fputs(" | ", out);
    md_text(out, value);
    fputs(" |\n", out);
}

int summary_write_md(FILE *out, const struct summary *s)
{
    fputs("# racecheck audit summary\n\n## What judged it\n\n| field | value |\n| --- | --- |\n", out);
    summary_header_fields(s, header_row, out);
    fprintf(out, "\n## Submissions\n\n"
                 "| submission | verdict | findings | kinds | tools that ran | error |%s\n"
                 "| --- | --- | ---: | --- | --- | --- |%s\n",
            s->scored ? " score |" : "", s->scored ? " ---: |" : "");
    for (size_t i = 0; i < s->count; i++) {
        const struct summary_entry *e = &s->entries[i];
        fputs("| ", out);
        md_text(out, e->name);
        fprintf(out, " | %s | %zu | ", e->verdict, e->nfindings);
        kinds_cell(out, e->counts);
        fputs(" | ", out);
        md_text(out, e->tools);
        fputs(" | ", out);
        md_text(out, e->error);
        if (s->scored) {
            char score[64];
            summary_score_text(e, score, sizeof score);
            fprintf(out, " | %s", score);
        }
        fputs(" |\n", out);
    }
    fprintf(out, "\n**Totals:** %zu submissions: %u buggy, %u clean, %u error.\n", s->count,
            s->verdicts[SUMMARY_BUGGY], s->verdicts[SUMMARY_CLEAN], s->verdicts[SUMMARY_ERROR]);
    int any = 0;
    for (int k = 0; k < KIND_COUNT; k++)
        any |= s->kind_totals[k] != 0;
    if (any) {
        fputs("Findings by kind: ", out);
        kinds_cell(out, s->kind_totals);
        fputs(".\n", out);
    }
    return ferror(out) ? -1 : 0;
}
