/* Lock-order edges: recording them as acquisitions happen, and turning a
 * cycle that can really deadlock into a lock-order-inversion finding. */
#ifndef LOCKGRAPH_ORDER_H
#define LOCKGRAPH_ORDER_H

#include "lockgraph.h"

/* t is about to acquire lock (it holds t->held): note held -> lock edges.
 * True when every such edge now covers t in this mode (none was refused for
 * want of room) and t does not hold lock already. */
bool lg_order_note_acquire(struct lg_thread *t, struct lg_lock *lock, int mode);

/* The cycle filter, on the edges of one cycle: true when the cycle can
 * deadlock. witness[i] receives the thread chosen for edge i. Exposed for tests. */
bool lg_cycle_can_deadlock(struct lg_graph *g, const uint32_t *edges, int n, uint32_t *witness);

/* The same, and when it cannot deadlock, why (LG_NOTE_NONE: it can); for a
 * gate lock, *gate receives it. */
enum lg_note_why lg_cycle_why_not(struct lg_graph *g, const uint32_t *edges, int n,
                                  uint32_t *witness, uint32_t *gate);

/* Copies up to max ruled-out cycles into out, as notes; takes lg_graph_lock. */
int lg_order_notes(struct lg_finding *out, int max);

#endif
