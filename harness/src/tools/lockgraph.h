/* What the lockgraph tool knows of its detector's options, for the commands
 * and the engine that pass them on. */
#ifndef RACECHECK_LOCKGRAPH_H
#define RACECHECK_LOCKGRAPH_H

#include <stddef.h>

/* --schedule's value (random, pct or pct:DEPTH) as LOCKGRAPH_OPTIONS text
 * ("schedule=pct:pct_depth=DEPTH": ':' separates the detector's keys) into
 * out; -1 when it is not a schedule or does not fit. */
int lockgraph_schedule_options(const char *schedule, char *out, size_t len);

#endif
