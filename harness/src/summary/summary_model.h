/* What the summary writers share: every submission of an audit output
 * directory as read from its report.json (summary_load.c), and the escaping
 * and file helpers of the three forms. Private to summary*.c and cmd_merge.c. */
#ifndef RACECHECK_SUMMARY_MODEL_H
#define RACECHECK_SUMMARY_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "findings/finding.h"
#include "summary/summary.h"

/* Caps against huge or hostile input. */
#define SUMMARY_MAX_REPORT_BYTES (8L << 20)   /* a larger report.json is unreadable */
#define SUMMARY_MAX_SUBMISSIONS 100000

struct summary_entry {
    char *dir_name;          /* the directory under submissions/, as on disk */
    char *name;              /* dir_name, valid UTF-8 without controls: for printing */
    const char *verdict;     /* "clean", "buggy" or "error" */
    char *error;             /* the reason of an "error" verdict; NULL when none */
    char *tools;             /* tools that ran, space separated, "(timeout)" marked */
    unsigned counts[KIND_COUNT];
    size_t nfindings;        /* all findings, of known kinds or not */
    json_t *report;          /* the parsed report; NULL when unreadable */
    int has_text, has_json, has_graph;  /* report.txt, report.json, lockgraph.dot exist */
    int has_results;         /* results.json (Gradescope's) exists */
    int has_score;           /* its score and max_score were read */
    double score, max_score;
};

struct summary {
    const char *out_dir;
    struct summary_entry *entries;   /* sorted by dir_name */
    size_t count;
    unsigned verdicts[SUMMARY_VERDICTS];   /* by SUMMARY_CLEAN, SUMMARY_BUGGY, SUMMARY_ERROR */
    unsigned kind_totals[KIND_COUNT];
    json_t *header;          /* OUT/audit.json (audit/audit_header.h); NULL when absent */
    char header_why[600];    /* why it is NULL: "" when absent, else why unreadable */
    int scored;              /* the header names a rubric: a score column */
};

/* Reads out_dir/submissions/ (every directory in it is one submission).
 * Returns 0, or -1 with a one-line message when the directory cannot be read. */
int summary_load(const char *out_dir, struct summary *s, char *err, size_t errlen);
void summary_free(struct summary *s);

/* Writers of the three forms, and of summary-header.csv (the CSV's header
 * beside it: field,value): 0, or -1 when writing failed. */
int summary_write_csv(FILE *out, const struct summary *s);
int summary_write_header_csv(FILE *out, const struct summary *s);
int summary_write_md(FILE *out, const struct summary *s);
int summary_write_html(FILE *out, const struct summary *s);

/* The header as lines a grader reads, in order (summary_header.c): each
 * field ("racecheck version", "--timeout", "toolchain cc", ...) and its value
 * as text, given to each(ctx, field, value). Without an audit.json, one line
 * says so. */
typedef void (*summary_header_each)(void *ctx, const char *field, const char *value);
void summary_header_fields(const struct summary *s, summary_header_each each, void *ctx);
/* "score" as the summaries print it: "7 of 10"; "" when there is none. */
void summary_score_text(const struct summary_entry *e, char *out, size_t len);

/* Up to `context` lines either side of line `line` of file `rel` (relative to
 * src_dir), as an HTML <pre> block with the line marked; the file must lie
 * inside src_dir (no "..", no symlink out of it). Returns 0, or -1 with the
 * reason in why (nothing written). */
int source_excerpt_html(FILE *out, const char *src_dir, const char *rel, long line, int context,
                        char *why, size_t whylen);

#endif
