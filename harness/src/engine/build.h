/* Building the program under test: a plain binary (for the detector and
 * Helgrind) and a ThreadSanitizer binary, each in the run's private directory. */
#ifndef RACECHECK_BUILD_H
#define RACECHECK_BUILD_H

#include <stddef.h>

struct build_options {
    char *const *sources;   /* C and C++ files (engine/sources.h) */
    size_t nsources;
    const char *cc;         /* plain build compiler (default gcc) */
    const char *cflags;     /* extra flags, split on spaces */
    const char *ldflags;
    const char *dir;        /* where the binaries go */
    double timeout;
};

/* Builds dir/NAME with compiler; returns 0 on success, else fills diagnostics
 * with the compiler's first messages. tsan: clang -fsanitize=thread. A
 * program with a C++ source is built by the C++ driver of the compiler. */
int build_program(const struct build_options *o, int tsan, const char *name, char *diagnostics,
                  size_t len);

#endif
