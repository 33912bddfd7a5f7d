/* The records of deep_uses.h: arrays mapped once (touched only as they fill)
 * and two open-addressing tables of indices, doubled when half full. Only
 * lg_graph_lock's holder reads or writes them, so an outgrown table is
 * unmapped at once. */
#include "deep_uses.h"

#include <sys/mman.h>

struct index {
    uint32_t mask, count;
    uint32_t *slot;               /* record index, 0 = empty */
};

static struct lg_deep_list *lists;
static struct lg_deep_use *uses;
static uint32_t *ids;
static lg_stack_id *stacks;
static uint32_t capacity, nlists, nuses, nheld;
static struct index list_index, use_index;

static bool index_init(struct index *x, uint32_t size)
{
    x->slot = lg_map(size * sizeof *x->slot);
    x->mask = size - 1;
    x->count = 0;
    return x->slot != NULL;
}

static uint32_t slot_of(uint64_t key)
{
    return (uint32_t)(key >> 32) ^ (uint32_t)key;
}

/* key_of(i): the key of record i */
static uint32_t index_find(const struct index *x, uint64_t key, uint64_t (*key_of)(uint32_t))
{
    for (uint32_t i = slot_of(key) & x->mask;; i = (i + 1) & x->mask) {
        uint32_t r = x->slot[i];
        if (!r || key_of(r) == key)
            return r;
    }
}

static void index_put(struct index *x, uint64_t key, uint32_t r)
{
    uint32_t i = slot_of(key) & x->mask;
    while (x->slot[i])
        i = (i + 1) & x->mask;
    x->slot[i] = r;
    x->count++;
}

/* Room for one more, at most half full. */
static bool index_room(struct index *x, uint64_t (*key_of)(uint32_t))
{
    if ((x->count + 1) * 2 <= x->mask + 1)
        return true;
    struct index bigger;
    if (!index_init(&bigger, (x->mask + 1) * 2))
        return false;
    for (uint32_t i = 0; i <= x->mask; i++)
        if (x->slot[i])
            index_put(&bigger, key_of(x->slot[i]), x->slot[i]);
    munmap(x->slot, (x->mask + 1) * sizeof *x->slot);
    *x = bigger;
    return true;
}

static uint64_t list_key(uint32_t r)
{
    return lists[r].chain;
}

static uint64_t use_key(uint32_t r)
{
    return uses[r].key;
}

int lg_deep_init(uint32_t cap)
{
    capacity = cap;
    lists = lg_map(((size_t)cap + 1) * sizeof *lists);
    uses = lg_map(((size_t)cap + 1) * sizeof *uses);
    ids = lg_map((size_t)cap * sizeof *ids);
    stacks = lg_map((size_t)cap * sizeof *stacks);
    if (!lists || !uses || !ids || !stacks || !index_init(&list_index, 256) ||
        !index_init(&use_index, 1024)) {
        lists = NULL;       /* nothing is kept: deep edges are made at once */
        uses = NULL;
        return -1;
    }
    return 0;
}

uint32_t lg_deep_find_list(uint64_t chain)
{
    return lists ? index_find(&list_index, chain, list_key) : 0;
}

uint32_t lg_deep_add_list(uint64_t chain, uint32_t serial, uint32_t era, uint32_t n)
{
    if (!lists || nlists >= capacity || n > capacity - nheld || !index_room(&list_index, list_key))
        return 0;
    uint32_t r = ++nlists;
    lists[r] = (struct lg_deep_list){chain, serial, era, nheld, n};
    nheld += n;
    index_put(&list_index, chain, r);
    return r;
}

const struct lg_deep_list *lg_deep_list(uint32_t id)
{
    return &lists[id];
}

uint32_t *lg_deep_ids(const struct lg_deep_list *l)
{
    return &ids[l->first];
}

lg_stack_id *lg_deep_stacks(const struct lg_deep_list *l)
{
    return &stacks[l->first];
}

bool lg_deep_has_use(uint64_t key)
{
    return uses && index_find(&use_index, key, use_key) != 0;
}

bool lg_deep_add_use(const struct lg_deep_use *u)
{
    if (!uses || nuses >= capacity || !index_room(&use_index, use_key))
        return false;
    uses[++nuses] = *u;
    index_put(&use_index, u->key, nuses);
    return true;
}

uint32_t lg_deep_nuses(void)
{
    return nuses;
}

const struct lg_deep_use *lg_deep_use(uint32_t i)
{
    return &uses[i];
}
