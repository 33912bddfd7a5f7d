/* Acquisitions made with more locks held than direct_held: the edges from the
 * locks held deeper are not made at once but kept here, one record per held
 * list (its locks and where each was taken) and one per acquisition under it
 * (the lock, where, how), until a cycle needs them (order.c). A table locked
 * in index order for a snapshot then costs about one record per lock instead
 * of direct_held..64 edges per lock.
 *
 * Held lists are named by their chain (struct lg_held), which includes the
 * thread and its era: a list and its uses belong to one thread in one era.
 * Everything here is called under lg_graph_lock but lg_deep_has_use, which
 * a thread asks about its own uses without it. */
#ifndef LOCKGRAPH_DEEP_USES_H
#define LOCKGRAPH_DEEP_USES_H

#include "lockgraph.h"

struct lg_deep_list {
    uint64_t chain;
    uint32_t serial, era;         /* the thread, and its era then */
    uint32_t first, n;            /* its locks: ids and stacks [first, first + n) */
};

struct lg_deep_use {
    uint64_t key;                 /* lg_deep_use_key */
    uint32_t list;                /* what was held */
    uint32_t to;                  /* the lock acquired */
    lg_stack_id to_stack;         /* where */
    uint8_t mode;                 /* enum lg_mode */
};

/* Maps the tables for up to capacity uses and capacity held locks in lists; 0 on success. */
int lg_deep_init(uint32_t capacity) LG_HIDDEN;

static inline uint64_t lg_deep_use_key(uint64_t list_chain, uint32_t to, int mode)
{
    return lg_chain_mix(lg_chain_mix(list_chain, to), (uint32_t)mode);
}

/* The list of that chain (0: none), or a new one of n locks whose ids and
 * stacks the caller fills in (0: no room). */
uint32_t lg_deep_find_list(uint64_t chain) LG_HIDDEN;
uint32_t lg_deep_add_list(uint64_t chain, uint32_t serial, uint32_t era, uint32_t n) LG_HIDDEN;
const struct lg_deep_list *lg_deep_list(uint32_t id) LG_HIDDEN;
uint32_t *lg_deep_ids(const struct lg_deep_list *l) LG_HIDDEN;
lg_stack_id *lg_deep_stacks(const struct lg_deep_list *l) LG_HIDDEN;

/* Whether a use of that key is kept (lock-free); keeps one (false: no room). */
bool lg_deep_has_use(uint64_t key) LG_HIDDEN;
bool lg_deep_add_use(const struct lg_deep_use *u) LG_HIDDEN;
/* Uses in the order they were kept: 1 .. lg_deep_nuses(). */
uint32_t lg_deep_nuses(void) LG_HIDDEN;
const struct lg_deep_use *lg_deep_use(uint32_t i) LG_HIDDEN;

#endif
