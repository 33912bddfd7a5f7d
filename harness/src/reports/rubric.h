/* A grading rubric (--rubric=FILE, JSON): the points a submission starts
 * with and what each finding kind costs, for Gradescope's results.json and
 * the audit summary's score column.
 *
 *   {"maximum": 10,
 *    "points": {"data-race": 4, "deadlock": 5, "lock-order-inversion": 3, "*": 1},
 *    "visibility": "after_published"}
 *
 * The score is the maximum less the points of every kind found that counts
 * (each kind once, however many findings), never below 0; 0 when the program
 * does not build. "*" is the cost of a kind not named (default 0). With no
 * file: a maximum of 1 and every kind costs 1 (clean or not). visibility is
 * Gradescope's (hidden, after_due_date, after_published, visible). */
#ifndef RACECHECK_RUBRIC_H
#define RACECHECK_RUBRIC_H

#include <stddef.h>

#include "findings/finding.h"

struct report;

struct rubric {
    double maximum;
    double points[KIND_COUNT];
    int named[KIND_COUNT];          /* the file names this kind */
    char visibility[32];            /* "" when not given */
    const char *path;               /* NULL: the default rubric */
};

/* The default rubric. */
void rubric_default(struct rubric *r);
/* Reads path; 0, or -1 with a one-line message in err. */
int rubric_load(struct rubric *r, const char *path, char *err, size_t errlen);
/* The score of report rep, and in lost[k] what kind k cost (may be NULL). */
double rubric_score(const struct rubric *r, const struct report *rep, double lost[KIND_COUNT]);

#endif
