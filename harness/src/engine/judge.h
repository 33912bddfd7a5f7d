/* The merge as a judge: what the tools that watch lock order saw decides
 * what one tool's lone report of a lock cycle is worth. */
#ifndef RACECHECK_JUDGE_H
#define RACECHECK_JUDGE_H

#include "reports/report.h"

/* Makes a note of every lock-order inversion Helgrind reported alone while
 * lockgraph and ThreadSanitizer, which both watch lock order, ran the program
 * to its end without seeing it: Helgrind also counts edges that never wait
 * (a trylock). A cycle TSan reports is never demoted here: its run may have
 * taken a path lockgraph's did not. */
void judge_lock_order(struct report *r);

#endif
