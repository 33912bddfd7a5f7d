/* The decisions racecheck makes by finding kind. Each is a switch over every
 * kind with no default: a kind added to detector/src/finding_kinds.inc does
 * not compile until each decision is made for it. */
#ifndef RACECHECK_KIND_RULES_H
#define RACECHECK_KIND_RULES_H

#include "findings/finding.h"

/* 1 when a finding of kind explains why a run had to be stopped at its time
 * limit (else the check reports the stop as a hang of its own). */
int kind_explains_stopped_run(enum finding_kind kind);

/* 1 when a program with this bug hangs when run natively, so a tool run
 * stopped at its time limit is expected (crosscheck). */
int kind_hangs_natively(enum finding_kind kind);

/* How the merge decides that two findings of kind whose locations differ
 * are still one bug. */
enum kind_match {
    MATCH_SAME_PLACES,      /* only the same set of locations */
    MATCH_CYCLE,            /* a lock cycle: two known places in common, or one set inside the other */
    MATCH_ONE_PLACE,        /* one known place in common (a race seen from either access) */
};
enum kind_match kind_match_rule(enum finding_kind kind);

#endif
