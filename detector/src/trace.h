/* The acquisition trace (trace.c): with trace_path set, every acquisition,
 * release, blocking wait and thread start and end is recorded as it happens,
 * into an array the detector maps itself (trace_max_events entries, then
 * only counted), and written at exit, or when the detector ends the process,
 * as Chrome trace-event JSON (docs/trace.md). Names and call sites are made
 * only then, by the report's own namers, so they match every other report.
 * Off, each hook below is one predictable branch on lg_trace_on. */
#ifndef LOCKGRAPH_TRACE_H
#define LOCKGRAPH_TRACE_H

#include "lockgraph.h"

extern int lg_trace_on LG_HIDDEN;       /* set once, at start; cleared in a fork child */

enum lg_trace_type {
    LG_TR_NONE,             /* a slot reserved but not yet written */
    LG_TR_ACQUIRE,          /* obj: lock id; sub: enum lg_mode */
    LG_TR_RELEASE,          /* obj: lock id */
    LG_TR_WAIT,             /* sub: enum lg_block; obj: lock id (locks, conds), serial (join), address */
    LG_TR_WAIT_END,
    LG_TR_START,            /* pc: the thread's start function */
    LG_TR_END,
};

/* After the options are read (lg_init): maps the array when tracing. */
void lg_trace_init(void) LG_HIDDEN;
/* From the constructor: tells the processes this one starts (which inherit
 * LOCKGRAPH_OPTIONS) that the trace file is this process's. */
void lg_trace_export_owner(void) LG_HIDDEN;
void lg_trace_after_fork_child(void) LG_HIDDEN;
void lg_trace_record(int type, uint32_t serial, uint64_t obj, int sub, uintptr_t pc) LG_HIDDEN;
/* A new finding (under lg_report_lock): the moment is marked in the trace. */
void lg_trace_finding(const struct lg_finding *f) LG_HIDDEN;
/* Writes the trace file; under lg_report_lock, on the report stack.
 * detector_ended: the detector is ending the process (deadlock, hang). */
void lg_trace_write(bool detector_ended) LG_HIDDEN;

static inline void lg_trace_acquire(const struct lg_thread *t, const struct lg_lock *l, int mode,
                                    uintptr_t pc)
{
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_ACQUIRE, t->serial, l->id, mode, pc);
}
static inline void lg_trace_release(const struct lg_thread *t, const struct lg_lock *l, uintptr_t pc)
{
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_RELEASE, t->serial, l->id, 0, pc);
}

/* A blocking wait begins (lg_block_begin's arguments; a condition variable
 * is named by its node, when it has one). */
static inline void lg_trace_wait(const struct lg_thread *t, int kind, uintptr_t obj, uintptr_t pc)
{
    if (kind == LG_BLOCK_COND) {
        const struct lg_lock *c = lg_lock_find(obj);
        obj = c ? c->id : 0;
    }
    lg_trace_record(LG_TR_WAIT, t->serial, obj, kind, pc);
}

#endif
