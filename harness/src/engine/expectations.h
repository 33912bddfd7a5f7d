/* The expectation lines an example carries (DESIGN.md):
 *   // expect: KIND TOOL...        // expect: clean
 *   // expect: timeout TOOL...     (the program runs until the tool's run is
 *                                   stopped at its limit, finding nothing)
 *   // explore: N                  (checked with --explore=N: the bug needs a rare schedule)
 *   // known-miss: TOOL KIND reason
 *   // known-false-positive: TOOL KIND reason */
#ifndef RACECHECK_EXPECTATIONS_H
#define RACECHECK_EXPECTATIONS_H

#include "findings/finding.h"

struct expectations {
    int clean;                               /* "expect: clean" */
    unsigned expect[KIND_COUNT];             /* tool bits that must report the kind */
    unsigned known_miss[KIND_COUNT];         /* tool bits known to miss it */
    unsigned false_positive[KIND_COUNT];     /* tool bits known to report it anyway */
    unsigned timeout;                        /* tool bits whose run reaches its limit */
    int explore;                             /* "explore: N": seeds to check it with; 0: none */
    int nlines;                              /* expectation lines read */
    char title[240];                         /* " * NAME.c -- TITLE": what it shows, or "" */
    char error[256];                         /* the first malformed line, if any */
};

/* Reads path's expectation lines; -1 when the file cannot be read or a line
 * names an unknown kind or tool (error says which). */
int expectations_read(const char *path, struct expectations *e);

#endif
