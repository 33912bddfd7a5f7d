/* Readable, stable lock names, made at report time only: the path to the
 * lock in its global from the debug information (accts[1].lock, asked of
 * lockgraph-namer), else a global's name or an array element by its index
 * (fork_lock[3]), else the local it is (em (main's local), from
 * llvm-symbolizer's FRAME answer), else where the lock was initialised (with
 * the name the init line gives it: ledger->lock) or first locked. Every
 * printer uses these, so text, JSON and DOT agree. */
#include "lockgraph.h"
#include "report.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

static size_t lock_size(int kind)
{
    switch (kind) {
    case LG_RWLOCK: return sizeof(pthread_rwlock_t);
    case LG_SPIN: return sizeof(pthread_spinlock_t);
    case LG_C11_MUTEX: return sizeof(mtx_t);
    case LG_COND: return sizeof(pthread_cond_t);
    default: return sizeof(pthread_mutex_t);
    }
}

static uintptr_t gcd(uintptr_t a, uintptr_t b)
{
    while (b) {
        uintptr_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The element size of the array global [start, start + size) that holds l,
 * from the symbol's size and the other locks of l's kind in it (the symbol
 * table has no types): the gcd of their distances divides the element size.
 * 0 when it is not an array of locks as far as can be told. Cached by symbol. */
static uintptr_t element_size(const struct lg_lock *l, uintptr_t start, size_t size)
{
    static struct { uintptr_t start; int kind; uintptr_t stride; } cache[64];
    static int ncache;
    for (int i = 0; i < ncache; i++)
        if (cache[i].start == start && cache[i].kind == l->kind)
            return cache[i].stride;
    uintptr_t g = size;
    int others = 0;
    uint32_t n = lg_lock_count();
    for (uint32_t id = 1; id <= n && id <= (1u << 22); id++) {
        const struct lg_lock *o = lg_lock_by_id(id);
        if (o && o->kind == l->kind && o->addr >= start && o->addr < start + size &&
            o->addr != l->addr) {
            g = gcd(g, o->addr > l->addr ? o->addr - l->addr : l->addr - o->addr);
            others++;
        }
    }
    size_t ls = lock_size(l->kind);
    uintptr_t stride = 0;
    if (others && g >= ls && size % g == 0)
        stride = g;                 /* two or more elements seen */
    else if (!others && size % ls == 0 && (l->addr - start) % ls == 0)
        stride = ls;                /* one seen, and the symbol is a whole number of locks */
    if (ncache < 64) {
        cache[ncache].start = start;
        cache[ncache].kind = l->kind;
        cache[ncache++].stride = stride;
    }
    return stride;
}

static void global_name(const struct lg_lock *l, const char *var, uintptr_t start, size_t size,
                        char *buf, size_t len)
{
    size_t ls = lock_size(l->kind);
    uintptr_t stride = size > ls ? element_size(l, start, size) : 0;
    if (stride && size / stride > 1)
        snprintf(buf, len, "%s[%lu]", var, (unsigned long)((l->addr - start) / stride));
    else
        snprintf(buf, len, "%s", var);
}

/* "FILE:LINE" (or the function) of a call's return address pc; 0 if unknown.
 * *where is the call's frame. */
static int call_site(uintptr_t pc, char *buf, size_t len, const struct lg_sym **where)
{
    static struct lg_sym frames[8];
    if (!pc || lg_symbolize(pc - 1, frames, 8) < 1)
        return 0;
    const struct lg_sym *s = &frames[0];
    if (where)
        *where = s;
    if (s->file[0] && s->line > 0) {
        const char *base = strrchr(s->file, '/');
        snprintf(buf, len, "%.72s:%d", base ? base + 1 : s->file, s->line);
    } else if (s->function[0] && s->function[0] != '0') {
        snprintf(buf, len, "%.80s", s->function);
    } else {
        return 0;
    }
    return 1;
}

#define MAX_LABELS 4096
static char labels[MAX_LABELS][128];
static int nlabels;
/* lock id -> 1 + its label's index, open addressing (at most half full) */
static struct { uint32_t id, label; } label_of[2 * MAX_LABELS];

/* "ledger->lock (initialised at bank.c:20)" when the init call on the line
 * that frame names the lock by a simple lvalue and all of it fits. */
static int init_line_name(const struct lg_lock *l, const struct lg_sym *frame, const char *site,
                          char *buf, size_t len)
{
    static char line[512];      /* under the report lock; small thread stacks */
    char lvalue[LG_LVALUE_MAX + 1];
    if (lg_source_line(frame->file, frame->line, line, sizeof line) != 0 ||
        lg_init_call_lvalue(line, frame->column, l->kind, lvalue, sizeof lvalue) != 0)
        return 0;
    int n = snprintf(buf, len, "%s (initialised at %s)", lvalue, site);
    return n > 0 && (size_t)n < len;
}

static void base_name(const struct lg_lock *l, char *buf, size_t len)
{
    char var[96], site[96];
    uintptr_t start;
    size_t size;
    const struct lg_sym *frame;
    if (lg_namer_global(l->addr, lock_size(l->kind), buf, len) == 0)
        return;
    lg_symbolize_data(l->addr, var, sizeof var, &start, &size);
    if (var[0]) {
        global_name(l, var, start, size, buf, len);
        return;
    }
    uintptr_t cfa, init_pc = lg_init_site_of(l, &cfa);
    if (init_pc && cfa &&
        lg_symbolize_local(init_pc - 1, cfa, l->addr, lock_size(l->kind), buf, len) == 0)
        return;             /* a local of the function that initialised it */
    if (init_pc && call_site(init_pc, site, sizeof site, &frame)) {
        if (!init_line_name(l, frame, site, buf, len))
            snprintf(buf, len, "lock initialised at %s", site);
    } else if (call_site(l->created_pc, site, sizeof site, NULL)) {
        snprintf(buf, len, "lock first locked at %s", site);
    } else {
        snprintf(buf, len, "L%d", nlabels);
    }
}

static void make_label(const struct lg_lock *l, char *buf, size_t len)
{
    base_name(l, buf, len);
    /* two locks made on one line still get two names */
    int same = 0;
    for (int i = 0; i < nlabels; i++) {
        const char *hash = strstr(labels[i], " #");
        size_t stem = hash ? (size_t)(hash - labels[i]) : strlen(labels[i]);
        if (stem == strlen(buf) && !strncmp(labels[i], buf, stem))
            same++;
    }
    if (same) {
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, " #%d", same + 1);
    }
}

const char *lg_lock_label(uint32_t lock_id)
{
    struct lg_lock *l = lg_lock_by_id(lock_id);
    if (!l)
        return "?";
    uint32_t i = (lock_id * 2654435761u) & (2 * MAX_LABELS - 1);
    while (label_of[i].id && label_of[i].id != lock_id)
        i = (i + 1) & (2 * MAX_LABELS - 1);
    if (label_of[i].id == 0) {
        if (nlabels >= MAX_LABELS)
            return "L?";
        make_label(l, labels[nlabels], sizeof labels[0]);
        label_of[i].id = lock_id;
        label_of[i].label = (uint32_t)++nlabels;
    }
    return labels[label_of[i].label - 1];
}
