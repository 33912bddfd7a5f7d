#include "findings/merge.h"
#include "findings/kind_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/paths.h"

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static int same_key(const struct location *a, const struct location *b)
{
    return a->line == b->line && same_str(path_basename(a->file), path_basename(b->file));
}

/* 1 when location i of f has the same key as an earlier one (a repeat) */
static int is_repeat(const struct finding *f, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (same_key(&f->locations[j], &f->locations[i]))
            return 1;
    return 0;
}

static int has_key(const struct finding *f, const struct location *l)
{
    for (size_t j = 0; j < f->nlocations; j++)
        if (same_key(&f->locations[j], l))
            return 1;
    return 0;
}

static int has_known_line(const struct finding *f)
{
    for (size_t j = 0; j < f->nlocations; j++)
        if (f->locations[j].line > 0)
            return 1;
    return 0;
}

/* distinct keys of a; of those, how many b has too, and how many of those
 * have a known line */
static void compare_sets(const struct finding *a, const struct finding *b, size_t *na,
                         size_t *common, size_t *common_known)
{
    *na = *common = *common_known = 0;
    for (size_t i = 0; i < a->nlocations; i++) {
        if (is_repeat(a, i))
            continue;
        (*na)++;
        if (has_key(b, &a->locations[i])) {
            (*common)++;
            if (a->locations[i].line > 0)
                (*common_known)++;
        }
    }
}

/* 1 when one of the two kinds is the other, or includes it (a deadlock its cycle) */
static int related_kinds(enum finding_kind a, enum finding_kind b)
{
    return a == b || kind_includes(a) == b || kind_includes(b) == a;
}

/* One race on one named global, its own access (the first place) in one
 * function of one file, placed on different lines: TSan's build is not
 * inlined and Helgrind's is, so their lines differ (and a tool's own reports
 * of a read and a write a line apart are one lesson). The name, file and
 * function are the key, not the line, so it holds whichever tool's words the
 * merged finding keeps. */
static int same_race_elsewhere(const struct finding *a, const struct finding *b)
{
    if (a->kind != KIND_DATA_RACE || b->kind != KIND_DATA_RACE || !a->nlocations || !b->nlocations ||
        !a->object || !b->object || strcmp(a->object, b->object))
        return 0;
    const struct location *la = &a->locations[0], *lb = &b->locations[0];
    return la->function && lb->function && !strcmp(la->function, lb->function) && la->file && lb->file &&
           !strcmp(path_basename(la->file), path_basename(lb->file));
}

int findings_same_bug(const struct finding *a, const struct finding *b)
{
    if (!related_kinds(a->kind, b->kind))
        return 0;
    if (same_race_elsewhere(a, b))
        return 1;
    size_t na, nb, common, known, common_b, known_b;
    compare_sets(a, b, &na, &common, &known);
    compare_sets(b, a, &nb, &common_b, &known_b);
    if (common == na && common_b == nb) /* equal sets, both empty included */
        return 1;
    enum finding_kind included = kind_includes(a->kind) == b->kind ? b->kind : a->kind;
    switch (kind_match_rule(included)) {
    case MATCH_CYCLE:
        if (known >= 2)
            return 1;
        /* a subset of b (or b of a), not empty, on known lines */
        if (na > 0 && common == na && known == na)
            return 1;
        if (nb > 0 && common_b == nb && known_b == nb)
            return 1;
        return 0;
    case MATCH_ONE_PLACE:
        return known >= 1;
    case MATCH_ONE_EVENT:
        return known >= 1 || !has_known_line(a) || !has_known_line(b);
    case MATCH_SAME_PLACES:
        return 0;
    }
    return 0;
}

/* lower is more telling: the best tool that saw f */
static int rank(unsigned tools)
{
    for (int t = 0; t < TOOL_COUNT; t++)
        if (tools & (1u << t))
            return t;
    return TOOL_COUNT;
}

static void copy_body(struct finding *dst, const struct finding *src)
{
    free(dst->summary);
    dst->summary = src->summary ? strdup(src->summary) : NULL;
    free(dst->object);
    dst->object = src->object ? strdup(src->object) : NULL;
    finding_clear_locations(dst);
    for (size_t j = 0; j < src->nlocations; j++) {
        const struct location *l = &src->locations[j];
        finding_add_location(dst, l->file, l->line, l->function);
        dst->locations[j].thread = l->thread ? strdup(l->thread) : NULL;
        dst->locations[j].step = l->step ? strdup(l->step) : NULL;
    }
}

/* f keeps the best interleaving of the two: one of f's own kind (a deadlock's
 * waits rather than its cycle's acquisitions), then the best tool's
 * (lockgraph's first), then the one it has. */
static void take_flow(struct finding *f, const struct finding *g)
{
    if (!g->nflow)
        return;
    if (f->nflow) {
        int fits_f = f->flow_kind == f->kind, fits_g = g->flow_kind == f->kind;
        if (fits_f > fits_g || (fits_f == fits_g && f->flow_tool <= g->flow_tool))
            return;
    }
    finding_copy_flow(f, g);
    finding_label_locations(f);
}

static unsigned runs_of(const struct finding *g, int t)
{
    if (g->runs[t])
        return g->runs[t];
    return (g->tools >> t) & 1u;
}

/* One bug reported as two related kinds (a deadlock and its lock-order
 * cycle): f becomes the including kind, its summary telling both. */
static void absorb(struct finding *f, const struct finding *g)
{
    const struct finding *outer = kind_includes(g->kind) == f->kind ? g : f;
    const struct finding *inner = outer == g ? f : g;
    char *summary = NULL;
    if (outer->summary && inner->summary && !strstr(outer->summary, "; its lock cycle: ") &&
        asprintf(&summary, "%s; its lock cycle: %s", outer->summary, inner->summary) < 0)
        abort();
    if (outer == g) {
        f->kind = g->kind;
        copy_body(f, g);
    }
    if (summary) {
        free(f->summary);
        f->summary = summary;
    }
}

/* How much a report of a bug weighs: a deadlock that happened, or lockgraph
 * seeing the bug in a run of its own, outweighs its proof from another run
 * that the bug cannot happen (a proof holds for the run it watched); that
 * proof outweighs the other tools' reports; an error outweighs a note. */
static int weight(const struct finding *x)
{
    if (x->level == LEVEL_ERROR)
        return x->kind == KIND_DEADLOCK || (x->tools & (1u << TOOL_LOCKGRAPH)) ? 3 : 1;
    return x->proven ? 2 : 0;
}

static void merge_level(struct finding *f, const struct finding *g)
{
    int wf = f->kind == KIND_DEADLOCK ? 3 : weight(f), wg = weight(g);
    if (wf >= 3 && f->level == LEVEL_NOTE)
        finding_make_error(f);      /* a deadlock that happened is never a note */
    if (wg > wf && g->level == LEVEL_ERROR)
        finding_make_error(f);
    else if (wg > wf || (wg == wf && f->level == LEVEL_NOTE && !f->note))
        finding_make_note(f, g->note, g->proven);
}

void merge_findings(struct finding_list *into, const struct finding_list *from)
{
    if (!into || !from || into == from || from->count == 0)
        return;
    /* counted[i]: the tools whose runs of into's item i this batch counted */
    size_t cap = into->count + from->count;
    unsigned *counted = calloc(cap, sizeof *counted);
    if (!counted)
        abort();
    for (size_t k = 0; k < from->count; k++) {
        const struct finding *g = &from->items[k];
        size_t i;
        for (i = 0; i < into->count; i++)
            if (findings_same_bug(&into->items[i], g))
                break;
        if (i == into->count) {
            struct finding *f = finding_list_add(into, g->kind, TOOL_LOCKGRAPH, NULL);
            f->runs[TOOL_LOCKGRAPH] = 0;
            copy_body(f, g);
            f->tools = 0;
            if (g->level == LEVEL_NOTE)
                finding_make_note(f, g->note, g->proven);
            if (g->replay.schedule)
                finding_set_replay(f, g->replay.schedule, g->replay.seed, g->replay.command);
        } else if (g->kind != into->items[i].kind) {
            absorb(&into->items[i], g);
        } else if (has_known_line(g) >= has_known_line(&into->items[i]) &&
                   (rank(g->tools) < rank(into->items[i].tools) || !has_known_line(&into->items[i]))) {
            /* the best tool's words, but never a place lost for none */
            copy_body(&into->items[i], g);
        }
        struct finding *f = &into->items[i];
        take_flow(f, g);
        merge_level(f, g);
        if (!f->steer && g->steer)
            f->steer = strdup(g->steer);
        for (int t = 0; t < TOOL_COUNT; t++) {
            unsigned r = runs_of(g, t);
            if (!r || (counted[i] & (1u << t)))
                continue;
            f->runs[t] += r;
            counted[i] |= 1u << t;
        }
        f->tools |= g->tools;
    }
    free(counted);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_findings(const void *pa, const void *pb)
{
    const struct finding *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (!a->nlocations != !b->nlocations)
        return a->nlocations ? -1 : 1;
    if (a->nlocations) {
        const struct location *la = &a->locations[0], *lb = &b->locations[0];
        int c = cmp_str(la->file, lb->file);
        if (c)
            return c;
        if (la->line != lb->line)
            return la->line < lb->line ? -1 : 1;
        if ((c = cmp_str(la->function, lb->function)))
            return c;
    }
    int c = cmp_str(a->summary, b->summary);
    if (c)
        return c;
    if (a->tools != b->tools)
        return a->tools < b->tools ? -1 : 1;
    return 0;
}

void findings_sort(struct finding_list *list)
{
    if (list && list->count > 1)
        qsort(list->items, list->count, sizeof list->items[0], cmp_findings);
}
