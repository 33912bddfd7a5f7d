/* Baselines (racecheck check --baseline=FILE): the findings of an earlier
 * run, so that a project adopting racecheck fails only on findings that are
 * new. A known finding is still reported, marked, but does not count for the
 * verdict.
 *
 * FILE is racecheck JSON: one report of `racecheck check --format=json`
 * (DESIGN.md), or an array of such reports, which is what ci/racecheck-gate
 * writes as racecheck.json. Only each finding's kind and its locations' file
 * and function are read.
 *
 * A finding's fingerprint is its kind plus the set of (file basename,
 * function) of its locations, sorted, repeats once: "data-race|racy.c:inc".
 * Line numbers and directories are left out on purpose, so that editing a
 * file above the bug, or building in another directory, keeps it known. The
 * price: a second bug of the same kind in the same functions is taken for the
 * known one. */
#ifndef RACECHECK_BASELINE_H
#define RACECHECK_BASELINE_H

#include <stddef.h>

#include "findings/finding.h"

struct baseline {
    char **fingerprints;  /* sorted, for bsearch */
    size_t count;
    char *name;           /* the file, for the reports */
};

/* The fingerprint of f, malloc'd. */
char *baseline_fingerprint(const struct finding *f);

/* Parses JSON text (len bytes) read from name into b (which it
 * initialises). Returns 0, or -1 with a one-line message in error. */
int baseline_parse(struct baseline *b, const char *name, const char *text, size_t len,
                   char *error, size_t error_len);
/* Reads and parses the file at path. */
int baseline_load(struct baseline *b, const char *path, char *error, size_t error_len);

/* 1 when the baseline has f's fingerprint. */
int baseline_knows(const struct baseline *b, const struct finding *f);
/* Waives (WAIVER_BASELINE) every finding of list that still counts and that
 * the baseline knows; returns how many it waived. */
size_t baseline_apply(const struct baseline *b, struct finding_list *list);

void baseline_free(struct baseline *b);

#endif
