/* Copying a submission (racecheck audit): into its private directory before a
 * build, and its sources into the output for the summary. Never follows a
 * symbolic link inside the submission, and stops at its limits. */
#ifndef RACECHECK_AUDIT_COPY_H
#define RACECHECK_AUDIT_COPY_H

#include <stddef.h>
#include <sys/types.h>

struct copy_limits {
    size_t max_files;               /* files copied at most */
    unsigned long long max_bytes;   /* bytes copied at most, all files */
    unsigned long long max_file;    /* a larger file is left out */
    int max_depth;                  /* directory levels below the top */
    int sources_only;               /* only sources and Makefiles; no links */
    int follow_top;                 /* src itself may be a link (/proc/self/fd/N); else never */
    int set_owner;                  /* chown every copy to owner:group */
    uid_t owner;
    gid_t group;
};

struct copy_stats {
    size_t files;
    unsigned long long bytes;
    size_t left_out;                /* files over a limit, or not sources */
    size_t links_out;               /* links left out: they lead out of the submission */
    char links_out_names[1024];     /* their paths, ", " between them (cut) */
};

/* Copies src (a directory, or one file) into the new directory dst: a
 * directory's entries, or the file itself. src itself is never a link
 * (follow_top aside): a submission that is a link is refused. A symbolic link
 * inside is re-created as a link only when it stays inside the submission
 * (relative, never above the top, through no other link), else left out and
 * named in the stats; none is ever followed (sources_only: none kept).
 * Devices and fifos are left out. Returns 0, or -1 with a one-line reason in
 * err. */
int copy_tree(const char *src, const char *dst, const struct copy_limits *lim,
              struct copy_stats *stats, char *err, size_t errlen);

/* 1 when the link at rel (a path from the top, '/' between parts) with
 * target stays inside the top: relative, never above it, and no part it
 * passes through is itself a link (top_fd: the top directory). */
int copy_link_stays_inside(int top_fd, const char *rel, const char *target);

/* 1 when name is a Makefile name make reads by itself. */
int copy_is_makefile(const char *name);

/* Removes path and everything under it (no link followed); 0 or -1. */
int remove_tree(const char *path);

#endif
