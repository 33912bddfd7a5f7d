/* Joining the findings of several tools (and of several runs, --repeat) that
 * are the same bug, and putting findings in a deterministic order.
 *
 * The same-bug rule (findings_same_bug). Two findings are the same bug when
 * they have the same kind and
 *   - the same SET of source locations: a location is compared by the basename
 *     of its file and its line (the function, the directory and the order are
 *     ignored; repeats count once); two findings without locations are the
 *     same; or
 *   - for lock-order-inversion and deadlock: their sets share at least two
 *     locations, or one set (not empty) is a subset of the other. The tools
 *     name a cycle's acquisition sites differently: lockgraph and TSan give the
 *     second acquisition of each edge (abba.c:14, :26), Helgrind adds the first
 *     acquisition too (abba.c:26, :14, :13); or
 *   - for data-race: their sets share at least one location (TSan and Helgrind
 *     agree on one access and may put the other one line apart, as gcc and
 *     clang place a load differently: two_races.c 30/18 against 31/18).
 *   In the two overlap rules a location with line 0 (unknown) never counts.
 * Known limit: when the compilers disagree on every line of a race (TSan's
 * clang binary says race_counter.c:11, Helgrind's gcc binary :10) the two stay
 * separate findings, each "found by" one tool. */
#ifndef RACECHECK_MERGE_H
#define RACECHECK_MERGE_H

#include "findings/finding.h"

/* 1 when a and b are the same bug by the rule above. */
int findings_same_bug(const struct finding *a, const struct finding *b);

/* Merges from into into. from is one batch: the findings of one run of one or
 * more tools (e.g. one tool's parse, or lockgraph's + tsan's of run 3 of a
 * --repeat). Each finding of from joins the first finding of into that is the
 * same bug, else it is appended (a deep copy; from is not changed and must not
 * be into). Joining ORs the tools bits and adds runs[] counts, except that a
 * tool's findings of the same batch that are the same bug count once for that
 * tool: Helgrind's read and write report of one race do not make it "2 runs". The joined finding keeps the summary and locations of the most
 * telling tool that saw it, in the order lockgraph (lock names), tsan,
 * helgrind, drd; from the first one seen among equals. */
void merge_findings(struct finding_list *into, const struct finding_list *from);

/* Sorts by kind (enum order), then first location (file, line, function; a
 * finding without locations after those with), then summary, then tools. */
void findings_sort(struct finding_list *list);

#endif
