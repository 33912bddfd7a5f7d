/* A helper program that answers questions over pipes at report time:
 * llvm-symbolizer (symbolize.c) and lockgraph-namer (namer.c). */
#ifndef LOCKGRAPH_HELPER_PROC_H
#define LOCKGRAPH_HELPER_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct lg_helper {
    pid_t child;            /* 0: not running */
    int to_child, from_child;
    /* The pipes' inode numbers: a program may close every descriptor (daemons
     * do) and get the same numbers back for its own files, which the detector
     * must then neither write to nor close. */
    ino_t to_child_ino, from_child_ino;
    int unavailable;        /* it could not start or stopped answering: never again */
};
#define LG_HELPER_INIT {0, -1, -1, 0, 0, 0}

/* True when the helper runs and its pipes are still the detector's. */
bool lg_helper_running(struct lg_helper *h);
/* Starts path with argv (a stopped or stolen one is started anew); -1 when it
 * cannot be, which also makes the helper unavailable. */
int lg_helper_start(struct lg_helper *h, const char *path, char *const argv[]);
/* Sends query (one or more lines) and reads one answer: lines up to an empty
 * line (a lone empty line is an empty answer). 0; 1 when the answer was
 * longer than size (answer holds its start); -1 on failure, when the helper
 * is stopped and made unavailable. */
int lg_helper_ask(struct lg_helper *h, const char *query, size_t len, char *answer, size_t size);
/* Lets go of the pipes; the helper reads end-of-file and exits. */
void lg_helper_stop(struct lg_helper *h);

#endif
