/* The detector's finding model: every kind it reports, in one record that the
 * text, JSON and DOT printers all read. */
#ifndef LOCKGRAPH_FINDINGS_H
#define LOCKGRAPH_FINDINGS_H

#include <stdint.h>

/* The kinds are the one vocabulary of finding_kinds.inc, shared with the
 * harness; the detector reports some of them (never a data race or a crash). */
enum lg_kind {
#define FINDING_KIND(id, name, level, meaning, headline, title, explanation, fix) LG_K_##id,
#include "finding_kinds.inc"
#undef FINDING_KIND
    LG_K_COUNT
};

#define LG_FINDING_THREADS 16

/* Why a lock-order cycle that was seen cannot deadlock: such a cycle is kept
 * as a note of the JSON report only, for the harness to weigh other tools'
 * reports of it (docs/detector.md). */
enum lg_note_why {
    LG_NOTE_NONE,
    LG_NOTE_READ_ONLY,          /* only read locks */
    LG_NOTE_GATE,               /* every edge under one gate lock (note_lock) */
    LG_NOTE_ONE_THREAD,         /* one thread takes every edge */
    LG_NOTE_LIFETIMES,          /* its threads never run at the same time */
    LG_NOTE_FEW_THREADS,        /* no set of concurrent threads, one per edge */
};

/* One edge of a lock-order cycle. */
struct lg_finding_edge {
    uint32_t from, to;            /* lock ids */
    uint32_t thread;              /* serial of the thread that made it */
    uint32_t from_stack, to_stack;
    uint8_t read;                 /* target taken for reading only */
};

/* One thread's part: what it holds and what it waits for. */
struct lg_finding_thread {
    uint32_t serial;
    int block;                    /* enum lg_block */
    uint32_t waits_lock;          /* lock id, when blocked on a lock */
    uintptr_t waits_obj;          /* address, for other waits */
    uint32_t stack;               /* where it waits */
    uint32_t nheld;
    uint32_t held[8];             /* lock ids */
    uint32_t held_stack[8];
};

struct lg_finding {
    enum lg_kind kind;
    char what[240];               /* one sentence, lock names as L<id> placeholders resolved at print */
    uint32_t thread;              /* serial of the thread that did it */
    uint32_t stack;               /* where (misuse kinds) */
    uint32_t lock;                /* the lock concerned (misuse kinds), 0 if none */
    uint32_t lock_stack;          /* where that lock was acquired, if relevant */
    int nedges;
    struct lg_finding_edge edges[32];
    int nthreads;
    struct lg_finding_thread threads[LG_FINDING_THREADS];
    enum lg_note_why note;        /* a ruled-out cycle: a note, not a finding */
    uint32_t note_lock;           /* LG_NOTE_GATE: the gate lock */
};

const char *lg_kind_name(enum lg_kind kind);
/* Records f, writes it out now (log file, or stderr), and remembers it for the
 * exit status and the final report. Duplicates of an earlier finding (same kind
 * and same code locations) are dropped. Returns 1 when it was new. */
int lg_report(struct lg_finding *f);
/* Writes everything out and ends the process with exitcode (deadlock, hang,
 * self-deadlock): the program cannot go on. */
__attribute__((noreturn)) void lg_end_process(void);
/* The graph (graph_path) written now: the watchdog's, just before the run's
 * time limit, for a run about to be stopped without an exit path. */
void lg_findings_write_graph(void);
/* At normal exit: final report, graph, exit status. */
void lg_findings_at_exit(void);
int lg_findings_count(void);
/* 1 when from -> to is an edge of a reported lock-order cycle (for the graph). */
int lg_edge_in_reported_cycle(uint32_t from, uint32_t to);
/* The findings kept so far and their number, in the order made; read under
 * lg_report_lock (the graph printer draws a deadlock's wait-for cycle). */
const struct lg_finding *lg_findings_kept(int *n);
/* One line "lockgraph: warning: ..." to the report; each caller warns once. */
void lg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lg_findings_after_fork_child(void);
/* The ruled-out cycles changed (order.c): writes them into the JSON report
 * as notes. Never with lg_graph_lock held. */
void lg_findings_notes_changed(void);
/* Ruled-out cycles kept at most: a bound on memory and report size. */
#define LG_MAX_NOTES 32
/* Opens the report file and starts the symbolizer while the program still
 * has the credentials and root it started with (before setuid, chroot). */
void lg_findings_before_privilege_change(void);
/* Writes the (empty) JSON report at start, so there is one however the program ends. */
void lg_findings_start_report(void);
/* Decides, once options are read, whether this process owns the report file. */
void lg_findings_init(void);
/* Puts the owner's pid in the environment for the processes it starts. */
void lg_findings_export_owner(void);

#endif
