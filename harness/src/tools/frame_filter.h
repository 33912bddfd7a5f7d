/* Choosing which stack frames are "the program's own" code, shared by the
 * tool-output parsers (tsan_parse, helgrind_parse). */
#ifndef RACECHECK_FRAME_FILTER_H
#define RACECHECK_FRAME_FILTER_H

#include <stddef.h>
#include <stdio.h>

#include "findings/finding.h"

struct frame_filter {
    const char *const *program_files; /* the program's source files; may be NULL */
    size_t nprogram_files;
};

/* 1 when a frame (file may be NULL, object = binary or library path, may be
 * NULL) is the program's own code: its file matches one of program_files
 * (exact path, or same path suffix at a '/' boundary, or same basename), or,
 * when no program files are given (filter NULL or empty), a source file that
 * is not a system header/library (/usr/include, /usr/lib, glibc/nptl
 * sources, compiler-rt/tsan runtime, valgrind's vg_replace/helgrind
 * interceptors, racecheck's own detector liblockgraph). A frame without a
 * file is never the program's. */
int frame_is_program(const struct frame_filter *filter, const char *file, const char *object);

/* One stack frame as a parser sees it (every field may be NULL / 0). */
struct frame {
    const char *function;
    const char *file;   /* as the tool printed it (Helgrind: dir/file) */
    const char *object; /* binary or shared library */
    int line;
};

/* The frame that represents a stack: the first frame_is_program() frame, else
 * the first frame that has a file, else -1 (also for n == 0). */
long frame_pick(const struct frame_filter *filter, const struct frame *frames, size_t n);

/* The next program frame after index after (a caller of frames[after]), or -1. */
long frame_next_program(const struct frame_filter *filter, const struct frame *frames, size_t n,
                        long after);

/* finding_add_location() unless f already has a location with the same file,
 * line and function. Returns 1 when added, 0 when it was a duplicate. */
int frame_add_location_unique(struct finding *f, const char *file, int line,
                              const char *function);

/* The last path component of path ("" stays ""; NULL gives NULL). */
const char *frame_basename(const char *path);
/* "in FN at BASE:LINE" (or "at an unknown location") into m, for summaries. */
void frame_describe(FILE *m, const struct frame *fr);

#endif
