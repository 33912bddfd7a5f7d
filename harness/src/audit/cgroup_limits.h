/* The limits of one submission by cgroup v2 (racecheck audit), where the
 * machine offers it: a child cgroup per submission with memory.max (the whole
 * group killed at the limit: memory.oom.group) and pids.max, made under the
 * audit's own cgroup when the memory and pids controllers are delegated to
 * it. Elsewhere (cgroup v1, no delegation) the worker keeps its rlimits and
 * its memory watch, and the reports say which limits applied. */
#ifndef RACECHECK_CGROUP_LIMITS_H
#define RACECHECK_CGROUP_LIMITS_H

#include <stddef.h>

struct cgroup_base {
    int usable;
    char dir[4096];             /* where the submissions' groups are made */
    char why[256];              /* when not usable: why */
};

/* Finds the audit's own cgroup v2 group (cgroup_root: the file system's
 * mount point, NULL to read /proc/self/mountinfo; self: the group's path as
 * in /proc/self/cgroup, NULL to read it) and whether memory and pids limits
 * can be set below it; when the group runs processes and has no controllers
 * for its children yet, the audit first moves itself into a leaf of its own
 * (cgroup v2 lets a group with processes hand out no controllers). */
void cgroup_base_probe(const char *cgroup_root, const char *self, struct cgroup_base *b);

/* A new group for submission number id: path out. 0, or -1 (say b->why). */
int cgroup_make(struct cgroup_base *b, long id, long memory_mb, long processes, char *path,
                size_t len);

/* In the worker, before its sandbox: moves this process into the group. 0 or -1. */
int cgroup_join(const char *path);

/* After the worker: every process left in the group killed, whether it hit
 * its memory limit (the kernel's OOM killer ran in it) or its process limit,
 * then the group removed. */
void cgroup_end(const char *path, int *memory_hit, int *processes_hit);

#endif
