/* The crosscheck's matrix and its reports (text is the matrix itself,
 * printed as the examples run). */
#ifndef RACECHECK_CROSSCHECK_REPORT_H
#define RACECHECK_CROSSCHECK_REPORT_H

#include <stdio.h>

#include "findings/finding.h"
#include "reports/report.h"

/* One example's row of the matrix. */
struct crosscheck_row {
    char label[300];                /* buggy/NAME.c, fixed/NAME.c */
    char cell[TOOL_COUNT][200];     /* ok, known, timeout, MISSED KIND, ... */
    int bad[TOOL_COUNT];            /* the cell is not met */
    int has[TOOL_COUNT];            /* the tool has a cell */
    char note[300];
    char title[240];                /* what the example shows, from its header */
    int has_report, has_graph;      /* html: its files were written beside the page */
};

void crosscheck_write_json(FILE *out, const struct crosscheck_row *rows, int n, int failures);
void crosscheck_write_junit(FILE *out, const struct crosscheck_row *rows, int n, int cells, int failures);
/* SARIF 2.1.0: one result per cell not met, at the example's file. */
void crosscheck_write_sarif(FILE *out, const struct crosscheck_row *rows, int n);

/* html: a page for a course site, one row per example with a coloured cell
 * per tool and links to its files (crosscheck_save_example) in files_dir, a
 * folder beside the page; about says what was run (version, options). */
void crosscheck_write_html(FILE *out, const struct crosscheck_row *rows, int n, int cells, int failures,
                           const char *files_dir, const char *about);
/* The folder of a page's files: "site/crosscheck.html" -> "site/crosscheck";
 * -1 when page does not end in .html. */
int crosscheck_files_dir(const char *page, char *dir, size_t len);
/* Writes, for row "buggy/NAME.c", DIR/buggy/NAME.c (a copy of the example's
 * source), DIR/buggy/NAME.txt (its report) and, when dot_path holds a lock
 * graph with an edge, DIR/buggy/NAME.svg; sets row->has_report and
 * row->has_graph. 0, or -1 with why in err. */
int crosscheck_save_example(const char *dir, struct crosscheck_row *row, const char *source,
                            const struct report *r, const char *dot_path, char *err, size_t errlen);

#endif
