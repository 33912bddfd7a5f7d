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
    int sources_only;               /* only *.c, *.h and Makefiles; no links */
    int set_owner;                  /* chown every copy to owner:group */
    uid_t owner;
    gid_t group;
};

struct copy_stats {
    size_t files;
    unsigned long long bytes;
    size_t left_out;                /* files over a limit, or not sources */
};

/* Copies src (a directory, or one file) into the new directory dst: a
 * directory's entries, or the file itself. Symbolic links are re-created as
 * links (sources_only: left out), never followed; devices and fifos are left
 * out. Returns 0, or -1 with a one-line reason in err. */
int copy_tree(const char *src, const char *dst, const struct copy_limits *lim,
              struct copy_stats *stats, char *err, size_t errlen);

/* 1 when name is a Makefile name make reads by itself. */
int copy_is_makefile(const char *name);

/* Removes path and everything under it (no link followed); 0 or -1. */
int remove_tree(const char *path);

#endif
