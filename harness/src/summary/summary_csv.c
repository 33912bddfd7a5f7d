/* summary.csv: one row per submission, RFC 4180 (with --rubric, its score
 * and max_score too). Text fields are always quoted; one that a spreadsheet
 * would run as a formula (starting with = + - @ or a tab) gets a leading
 * apostrophe, since students choose their directory names. What judged the
 * class is beside it, in summary-header.csv (field,value), so summary.csv
 * stays one table a program reads as it is. */
#include "summary/summary_model.h"

#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

static void csv_text(FILE *out, const char *s)
{
    char *clean = report_clean_text(s ? s : "");
    fputc('"', out);
    if (strchr("=+-@\t\r", clean[0]) && clean[0])
        fputc('\'', out);
    for (const char *p = clean; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
    free(clean);
}

int summary_write_csv(FILE *out, const struct summary *s)
{
    fputs("submission,verdict,findings", out);
    for (int k = 0; k < KIND_COUNT; k++)
        fprintf(out, ",%s", finding_kind_name((enum finding_kind)k));
    fputs(",tools,error", out);
    if (s->scored)
        fputs(",score,max_score", out);
    fputs("\r\n", out);
    for (size_t i = 0; i < s->count; i++) {
        const struct summary_entry *e = &s->entries[i];
        csv_text(out, e->dir_name);
        fprintf(out, ",%s,%zu", e->verdict, e->nfindings);
        for (int k = 0; k < KIND_COUNT; k++)
            fprintf(out, ",%u", e->counts[k]);
        fputc(',', out);
        csv_text(out, e->tools);
        fputc(',', out);
        csv_text(out, e->error);
        if (s->scored && e->has_score)
            fprintf(out, ",%g,%g", e->score, e->max_score);
        else if (s->scored)
            fputs(",,", out);
        fputs("\r\n", out);
    }
    return ferror(out) ? -1 : 0;
}

static void header_row(void *ctx, const char *field, const char *value)
{
    FILE *out = ctx;
    csv_text(out, field);
    fputc(',', out);
    csv_text(out, value);
    fputs("\r\n", out);
}

int summary_write_header_csv(FILE *out, const struct summary *s)
{
    fputs("field,value\r\n", out);
    summary_header_fields(s, header_row, out);
    return ferror(out) ? -1 : 0;
}
