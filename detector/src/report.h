/* Printers of the finding model. They run at report time only, under the
 * report lock: symbolization happens here, never on the hot path. */
#ifndef LOCKGRAPH_REPORT_H
#define LOCKGRAPH_REPORT_H

#include "out.h"
#include "symbolize.h"

struct lg_finding;

/* A stack made readable: every frame (inlined frames expanded). */
#define LG_REPORT_FRAMES 48
struct lg_report_stack {
    int n;
    struct lg_sym frames[LG_REPORT_FRAMES];
    int top;            /* index of the first frame in the program's own code */
};
void lg_report_stack(uint32_t stack_id, struct lg_report_stack *out);
/* Stable readable name of a lock (lock_names.c): the path to it in a global
 * from the debug information (accts[1].lock), else a global's name or array
 * element (fork_lock[3]), else "ledger->lock (initialised at FILE:LINE)" when
 * the init line names it, "lock initialised at FILE:LINE" or "lock first
 * locked at FILE:LINE"; L<n> when nothing is known. Unique: a repeat gets " #2". */
const char *lg_lock_label(uint32_t lock_id);
/* Line `line` of file (cut to size - 1 bytes), read with open/read only;
 * -1 when the file cannot be read or is shorter. */
int lg_source_line(const char *file, int line, char *buf, size_t size);
/* The lock a `kind` init call on source line names by its first argument:
 * "ledger->lock" for pthread_mutex_init(&ledger->lock, NULL), "*p" for
 * pthread_mutex_init(p, NULL). With several calls on the line, the one at
 * column (1-based; 0 when unknown: then there must be one). -1 when the
 * argument is not a simple lvalue of at most LG_LVALUE_MAX characters. */
#define LG_LVALUE_MAX 48
int lg_init_call_lvalue(const char *line, int column, int kind, char *out, size_t len);
/* Thread label T<n>; T0 is the first thread (main). */
void lg_thread_label(uint32_t serial, char *buf, size_t len);
const char *lg_block_name(int block);
/* The one-line summary of a finding. */
void lg_finding_summary(const struct lg_finding *f, char *buf, size_t len);

/* Why a ruled-out cycle (f->note) cannot deadlock, for a student. */
void lg_note_text(const struct lg_finding *f, char *buf, size_t len);

void lg_print_text(struct lg_out *o, const struct lg_finding *f);
void lg_print_json(struct lg_out *o, const struct lg_finding *f);
/* The lock-order graph as Graphviz DOT, edges of reported cycles in red. */
void lg_print_dot(struct lg_out *o);

#endif
