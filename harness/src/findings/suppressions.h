/* Suppression files (racecheck check --suppressions=FILE): rules that waive
 * findings a project knows to be false positives or accepts for now. A waived
 * finding is still reported, marked, but does not count for the verdict.
 *
 * The format (ci/README.md documents it for users), one rule a line:
 *
 *     # a comment line; blank lines are ignored
 *     KIND:FUNCTION_GLOB [tools=TOOL,...] [# reason]
 *     KIND:file=PATH_GLOB [tools=TOOL,...] [# reason]
 *
 * KIND is a finding kind (data-race, lock-order-inversion, ...) or '*' for
 * every kind. A rule matches a merged finding of its kind when any of the
 * finding's locations has a function (or, with file=, a source file) that the
 * glob matches (fnmatch(3), where '*' also crosses '/'). A file glob without
 * a '/' is matched against the file's basename, one with a '/' against the
 * path as the tool reported it. The glob '*' alone matches every finding of
 * the kind, even one without locations. tools=LIST narrows the rule to
 * findings that no tool outside LIST saw: a known false positive of TSan stays
 * waived only while our own detector does not report the same thing. Text
 * after whitespace and '#' is the reason, shown in the reports. A bad line is
 * an error that names FILE:LINE.
 *
 * ThreadSanitizer's and Valgrind's own suppression files are read too
 * (suppression_formats.c): each of their rules that maps to racecheck's
 * becomes one, narrowed to that tool; the others are counted as ignored. */
#ifndef RACECHECK_SUPPRESSIONS_H
#define RACECHECK_SUPPRESSIONS_H

#include <stddef.h>
#include <stdio.h>

#include "findings/finding.h"

struct suppression_rule {
    int kind;          /* enum finding_kind, or -1 for every kind */
    int match_file;    /* 1: the glob matches files (file=), 0: functions */
    char *glob;
    unsigned tools;    /* tools=: bits of enum tool_id; 0 for any tool */
    char *origin;      /* "FILE:LINE: the rule as written", for the reports */
};

struct suppressions {
    struct suppression_rule *rules;
    size_t count;
    size_t ignored;            /* foreign rules with no racecheck equivalent */
    char *ignored_example;     /* "FILE:LINE: signal:handler", the first of them */
};

enum suppressions_format { SUPPRESSIONS_RACECHECK, SUPPRESSIONS_TSAN, SUPPRESSIONS_VALGRIND };
/* Which format text is in: Valgrind's has "{" blocks; TSan's a rule whose
 * type only TSan has (race:, race_top:, mutex:, thread:, signal:,
 * called_from_lib:) and none of racecheck's kinds; a file of deadlock: lines
 * alone reads as racecheck's. */
enum suppressions_format suppressions_format_of(const char *text, size_t len);
int suppressions_parse_tsan(struct suppressions *s, const char *name, const char *text, size_t len,
                            char *error, size_t error_len);
int suppressions_parse_valgrind(struct suppressions *s, const char *name, const char *text,
                                size_t len, char *error, size_t error_len);
/* Adds a rule (copies of glob and origin). */
void suppressions_add(struct suppressions *s, int kind, int match_file, const char *glob,
                      unsigned tools, const char *origin);
/* Writes a racecheck suppression file that waives exactly the counted
 * findings of list (--gen-suppressions): one rule per finding, by its first
 * function (or file), narrowed to the tools that saw it. */
void suppressions_write(FILE *out, const struct finding_list *list);

/* Parses text (len bytes, need not be NUL-terminated) read from name, adding
 * its rules to s. Returns 0, or -1 with a one-line "NAME:LINE: ..." message in
 * error (s then keeps the rules of the lines before). */
int suppressions_parse(struct suppressions *s, const char *name, const char *text, size_t len,
                       char *error, size_t error_len);
/* Reads and parses the file at path; -1 with a message when it cannot. */
int suppressions_load(struct suppressions *s, const char *path, char *error, size_t error_len);

/* The first rule that matches f, NULL when none does. */
const struct suppression_rule *suppressions_match(const struct suppressions *s,
                                                  const struct finding *f);
/* Waives (WAIVER_SUPPRESSED) every finding of list that a rule matches and
 * that is not waived yet; returns how many it waived. */
size_t suppressions_apply(const struct suppressions *s, struct finding_list *list);

void suppressions_free(struct suppressions *s);

#endif
