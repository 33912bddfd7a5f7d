/* The crosscheck's matrix and its reports (text is the matrix itself,
 * printed as the examples run). */
#ifndef RACECHECK_CROSSCHECK_REPORT_H
#define RACECHECK_CROSSCHECK_REPORT_H

#include <stdio.h>

#include "findings/finding.h"

/* One example's row of the matrix. */
struct crosscheck_row {
    char label[300];                /* buggy/NAME.c, fixed/NAME.c */
    char cell[TOOL_COUNT][200];     /* ok, known, timeout, MISSED KIND, ... */
    int bad[TOOL_COUNT];            /* the cell is not met */
    int has[TOOL_COUNT];            /* the tool has a cell */
    char note[300];
};

void crosscheck_write_json(FILE *out, const struct crosscheck_row *rows, int n, int failures);
void crosscheck_write_junit(FILE *out, const struct crosscheck_row *rows, int n, int cells, int failures);
/* SARIF 2.1.0: one result per cell not met, at the example's file. */
void crosscheck_write_sarif(FILE *out, const struct crosscheck_row *rows, int n);

#endif
