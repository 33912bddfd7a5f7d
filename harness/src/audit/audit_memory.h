/* The memory limit of one submission (racecheck audit): a watcher in the
 * sandbox's first process that sums the resident memory of every other
 * process of the PID namespace ten times a second and, above the limit, kills
 * them all. An address-space limit cannot do it: ThreadSanitizer and Valgrind
 * reserve far more address space than they use. */
#ifndef RACECHECK_AUDIT_MEMORY_H
#define RACECHECK_AUDIT_MEMORY_H

struct memory_guard;

/* Starts watching (the caller must be PID 1 of its own PID namespace);
 * NULL when it cannot. */
struct memory_guard *memory_guard_start(long limit_mb);
/* Stops watching; returns the most resident memory seen (MiB), and sets
 * *fired when the limit was passed. Frees the guard. */
long memory_guard_stop(struct memory_guard *g, int *fired);

#endif
