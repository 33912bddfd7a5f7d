/* The records of deep_uses.h: arrays mapped once (touched only as they fill)
 * and two open-addressing tables of indices, doubled when half full. Written
 * under lg_graph_lock; an index is also read without it (lg_deep_has_use): a
 * record is complete before its slot is published, and an outgrown table
 * stays mapped, as the edge hash's do (a reader still in it finds nothing,
 * and takes the locked way). */
#include "deep_uses.h"

struct table {
    uint32_t mask;
    atomic_uint slot[];           /* record index, 0 = empty */
};

struct index {
    struct table *_Atomic table;
    uint32_t count;
};

static struct lg_deep_list *lists;
static struct lg_deep_use *uses;
static uint32_t *ids;
static lg_stack_id *stacks;
static uint32_t capacity, nlists, nuses, nheld;
static struct index list_index, use_index;

static struct table *new_table(uint32_t size)
{
    struct table *t = lg_map(sizeof *t + size * sizeof(atomic_uint));
    if (t)
        t->mask = size - 1;
    return t;
}

static bool index_init(struct index *x, uint32_t size)
{
    struct table *t = new_table(size);
    atomic_store(&x->table, t);
    x->count = 0;
    return t != NULL;
}

static uint32_t slot_of(uint64_t key)
{
    return (uint32_t)(key >> 32) ^ (uint32_t)key;
}

/* key_of(i): the key of record i */
static uint32_t index_find(struct index *x, uint64_t key, uint64_t (*key_of)(uint32_t))
{
    const struct table *t = atomic_load_explicit(&x->table, memory_order_acquire);
    for (uint32_t i = slot_of(key) & t->mask;; i = (i + 1) & t->mask) {
        uint32_t r = atomic_load_explicit(&t->slot[i], memory_order_acquire);
        if (!r || key_of(r) == key)
            return r;
    }
}

static void table_put(struct table *t, uint64_t key, uint32_t r)
{
    uint32_t i = slot_of(key) & t->mask;
    while (atomic_load_explicit(&t->slot[i], memory_order_relaxed))
        i = (i + 1) & t->mask;
    atomic_store_explicit(&t->slot[i], r, memory_order_release);
}

static void index_put(struct index *x, uint64_t key, uint32_t r)
{
    table_put(atomic_load_explicit(&x->table, memory_order_relaxed), key, r);
    x->count++;
}

/* Room for one more, at most half full. */
static bool index_room(struct index *x, uint64_t (*key_of)(uint32_t))
{
    struct table *t = atomic_load_explicit(&x->table, memory_order_relaxed);
    if ((x->count + 1) * 2 <= t->mask + 1)
        return true;
    struct table *bigger = new_table((t->mask + 1) * 2);
    if (!bigger)
        return false;
    for (uint32_t i = 0; i <= t->mask; i++) {
        uint32_t r = atomic_load_explicit(&t->slot[i], memory_order_relaxed);
        if (r)
            table_put(bigger, key_of(r), r);
    }
    atomic_store_explicit(&x->table, bigger, memory_order_release);
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
