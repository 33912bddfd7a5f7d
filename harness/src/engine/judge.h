/* The merge as a judge: what lockgraph watched decides what the other
 * tools' reports of lock order are worth. */
#ifndef RACECHECK_JUDGE_H
#define RACECHECK_JUDGE_H

#include "reports/report.h"

/* Makes a note of every lock-order inversion that lockgraph did not report
 * although it watched every run of the program to its end: lockgraph sees
 * every lock taken, and another tool's cycle it did not see is one of edges
 * that never wait (trylock) or of locks that only share an address. */
void judge_lock_order(struct report *r);

#endif
