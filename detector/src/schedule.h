/* Schedule exploration (schedule.c): the hooks the wrappers call. Each is
 * one predictable branch while exploration is off, which is the default. */
#ifndef LOCKGRAPH_SCHEDULE_H
#define LOCKGRAPH_SCHEDULE_H

#include "lockgraph.h"

enum { LG_SCHED_OFF, LG_SCHED_RANDOM, LG_SCHED_PCT };
extern int lg_sched_mode LG_HIDDEN;      /* set once, at start */
extern lg_ilock lg_sched_lock LG_HIDDEN; /* taken alone, never with another */

void lg_sched_init(void) LG_HIDDEN;
void lg_sched_point_slow(const char *what) LG_HIDDEN;
void lg_sched_block_slow(struct lg_thread *t) LG_HIDDEN;
void lg_sched_unblock_slow(struct lg_thread *t) LG_HIDDEN;
void lg_sched_thread_end(struct lg_thread *t) LG_HIDDEN;
/* The point of thread t (lg_sched_point_slow, in intercept_schedule.c, finds
 * the calling thread); sched_yield's point passes the turn on for good. */
void lg_sched_point_thread(struct lg_thread *t, const char *what) LG_HIDDEN;
void lg_sched_yield_thread(struct lg_thread *t) LG_HIDDEN;
/* pthread_create made the thread with this serial (created) or failed. */
void lg_sched_created(uint32_t serial, bool created) LG_HIDDEN;
void lg_sched_after_fork_child(struct lg_thread *self) LG_HIDDEN;

/* sched_away.c: whether the thread holding the turn is away (see there). */
#define LG_AWAY_NS (20ull * 1000 * 1000)          /* CPU or sleep between points */
#define LG_STUCK_NS (1000ull * 1000 * 1000)       /* a disk wait, a thread not yet started */
struct lg_away_watch {      /* what was seen of the holder since the turn moved */
    bool cpu_seen;
    uint64_t cpu0_ns;
    uint64_t stopped_since_ns;
};
bool lg_sched_away(struct lg_away_watch *w, pid_t tid, bool started, uint64_t turn_since_ns,
                   uint64_t now) LG_HIDDEN;

/* Before a synchronisation operation ("locks", ...): the calling thread may
 * be held back until it is its turn. */
static inline void lg_sched_point(const char *what)
{
    if (LG_UNLIKELY(lg_sched_mode))
        lg_sched_point_slow(what);
}
/* Around a real call that may block: the turn goes to another thread. */
static inline void lg_sched_block(struct lg_thread *t)
{
    if (LG_UNLIKELY(lg_sched_mode))
        lg_sched_block_slow(t);
}
static inline void lg_sched_unblock(struct lg_thread *t)
{
    if (LG_UNLIKELY(lg_sched_mode))
        lg_sched_unblock_slow(t);
}

#endif
