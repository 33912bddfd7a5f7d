/* The decisions racecheck makes by finding kind. Each is a switch over every
 * kind with no default: a kind added to detector/src/finding_kinds.inc does
 * not compile until each decision is made for it. */
#ifndef RACECHECK_KIND_RULES_H
#define RACECHECK_KIND_RULES_H

#include "findings/finding.h"

/* The kind a finding of kind also is, so that one bug is one finding: a
 * deadlock that happened carries its lock-order cycle. KIND_COUNT: none. */
enum finding_kind kind_includes(enum finding_kind kind);

/* 1 when a program with this bug hangs when run natively, so a tool run
 * stopped at its time limit is expected (crosscheck). */
int kind_hangs_natively(enum finding_kind kind);

/* How the merge decides that two findings of kind whose locations differ
 * are still one bug. */
enum kind_match {
    MATCH_SAME_PLACES,      /* only the same set of locations */
    MATCH_CYCLE,            /* a lock cycle: two known places in common, or one set inside the other */
    MATCH_ONE_PLACE,        /* one known place in common (a race seen from either access) */
    MATCH_ONE_EVENT,        /* one known place in common, or either has none: the program
                               dies once; a leak seen only where the thread exits */
};
enum kind_match kind_match_rule(enum finding_kind kind);

#endif
