/* Building a submission with its own Makefile (racecheck audit): the program
 * for the detector and Helgrind, and in a second copy its ThreadSanitizer
 * twin (make CC="clang -fsanitize=thread ..."), when the Makefile builds with
 * $(CC). */
#ifndef RACECHECK_AUDIT_MAKE_H
#define RACECHECK_AUDIT_MAKE_H

#include "audit/audit.h"

struct make_result {
    char binary[4096];          /* the program (absolute) */
    char tsan_binary[4096];     /* its twin, "" when there is none */
    char tsan_reason[200];      /* why there is no twin */
    char error[2048];           /* why the build failed; "" when it did not */
};

/* Runs make in root (and in tsan_root, a second copy of the submission) and
 * finds the program: --binary, else the one executable the build made.
 * Returns 0, or -1 with m->error set. */
int audit_make(const struct audit_options *o, const char *root, const char *tsan_root,
               struct make_result *m);

#endif
