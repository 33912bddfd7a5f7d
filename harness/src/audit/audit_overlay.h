/* racecheck audit --overlay=DIR: the instructor's files (a test driver,
 * headers, a Makefile) copied over a submission's private copy before the
 * build, so that the submission cannot replace them: an overlay file wins
 * over the submission's entry of the same path (a file, a link or a folder),
 * and an overlay Makefile also removes the submission's other Makefile names
 * (make would read GNUmakefile or makefile first). */
#ifndef RACECHECK_AUDIT_OVERLAY_H
#define RACECHECK_AUDIT_OVERLAY_H

#include <stddef.h>
#include <sys/types.h>

#define OVERLAY_MAX_FILES 64

struct overlay_files {
    size_t count;                           /* files copied */
    char path[OVERLAY_MAX_FILES][256];      /* each relative to the top */
};

/* Copies the overlay (the directory open as overlay_fd; never a link
 * followed, at most OVERLAY_MAX_FILES files of at most 16 MiB) over dst, the
 * files mode 0444 owned by owner:group when set_owner. Records the files in
 * out. 0, or -1 with a one-line reason in err. */
int overlay_apply(int overlay_fd, const char *dst, int set_owner, uid_t owner, gid_t group,
                  struct overlay_files *out, char *err, size_t errlen);

#endif
