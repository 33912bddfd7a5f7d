#include "findings/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[KIND_COUNT] = {
#define FINDING_KIND(id, name, level, meaning, headline, title, explanation, fix) [KIND_##id] = name,
#include "detector/src/finding_kinds.inc"
#undef FINDING_KIND
};

static const char *const tool_names[TOOL_COUNT] = {
#define TOOL(id, name) [TOOL_##id] = #name,
#include "tools/tool_list.inc"
#undef TOOL
};

const char *finding_kind_name(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kind_names[kind] : "unknown";
}

int finding_kind_from_name(const char *name)
{
    for (int k = 0; k < KIND_COUNT; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

const char *tool_name(enum tool_id tool)
{
    return (unsigned)tool < TOOL_COUNT ? tool_names[tool] : "unknown";
}

int tool_from_name(const char *name)
{
    for (int t = 0; t < TOOL_COUNT; t++)
        if (strcmp(tool_names[t], name) == 0)
            return t;
    return -1;
}

void tool_names_text(char *out, size_t len)
{
    out[0] = '\0';
    for (int t = 0; t < TOOL_COUNT; t++) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", t ? ", " : "", tool_names[t]);
    }
}

int tool_set_parse(const char *list, unsigned *bits)
{
    char *copy = strdup(list), *save = NULL;
    *bits = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int id = tool_from_name(t);
        if (id < 0) {
            free(copy);
            return -1;
        }
        *bits |= 1u << id;
    }
    free(copy);
    return *bits ? 0 : -1;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

struct finding *finding_list_add(struct finding_list *list, enum finding_kind kind,
                                 enum tool_id tool, const char *summary)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 8;
        struct finding *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            abort();
        list->items = items;
        list->capacity = cap;
    }
    struct finding *f = &list->items[list->count++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->tools = 1u << tool;
    f->runs[tool] = 1;
    f->summary = dup_or_null(summary);
    return f;
}

void finding_add_location(struct finding *f, const char *file, int line,
                          const char *function)
{
    struct location *locs = realloc(f->locations, (f->nlocations + 1) * sizeof *locs);
    if (!locs)
        abort();
    f->locations = locs;
    locs[f->nlocations++] = (struct location){
        .file = dup_or_null(file), .line = line, .function = dup_or_null(function)};
}

void finding_add_flow_step(struct finding *f, enum tool_id tool, const char *thread,
                           const char *step, const char *file, int line, const char *function)
{
    struct location *steps = realloc(f->flow, (f->nflow + 1) * sizeof *steps);
    if (!steps)
        abort();
    f->flow = steps;
    steps[f->nflow++] = (struct location){.file = dup_or_null(file), .line = line,
                                          .function = dup_or_null(function),
                                          .thread = dup_or_null(thread), .step = dup_or_null(step)};
    f->flow_tool = tool;
    f->flow_kind = f->kind;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

void finding_label_locations(struct finding *f)
{
    for (size_t j = 0; j < f->nlocations; j++) {
        struct location *l = &f->locations[j];
        for (size_t k = 0; k < f->nflow && !l->step; k++) {
            const struct location *s = &f->flow[k];
            if (s->line != l->line || !same_text(s->file, l->file))
                continue;
            l->thread = dup_or_null(s->thread);
            l->step = dup_or_null(s->step);
        }
    }
}

/* frees a list of places (locations or flow steps) and empties it */
static void free_places(struct location **list, size_t *n)
{
    for (size_t j = 0; j < *n; j++) {
        free((*list)[j].file);
        free((*list)[j].function);
        free((*list)[j].thread);
        free((*list)[j].step);
    }
    free(*list);
    *list = NULL;
    *n = 0;
}

static void free_flow(struct finding *f)
{
    free_places(&f->flow, &f->nflow);
}

void finding_clear_locations(struct finding *f)
{
    free_places(&f->locations, &f->nlocations);
}

void finding_copy_flow(struct finding *dst, const struct finding *src)
{
    if (dst == src)
        return;
    free_flow(dst);
    for (size_t j = 0; j < src->nflow; j++) {
        const struct location *s = &src->flow[j];
        finding_add_flow_step(dst, src->flow_tool, s->thread, s->step, s->file, s->line,
                              s->function);
    }
    dst->flow_tool = src->flow_tool;
    dst->flow_kind = src->flow_kind;
}

int finding_list_has_kind(const struct finding_list *list, enum finding_kind kind)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].kind == kind)
            return 1;
    return 0;
}

int finding_counts(const struct finding *f)
{
    return f->waiver == WAIVER_NONE && f->level == LEVEL_ERROR;
}

void finding_make_note(struct finding *f, const char *why, int proven)
{
    free(f->note);
    f->level = LEVEL_NOTE;
    f->note = dup_or_null(why);
    f->proven = proven;
}

void finding_set_replay(struct finding *f, const char *schedule, long seed, const char *command)
{
    free(f->replay.schedule);
    free(f->replay.command);
    f->replay = (struct replay){dup_or_null(schedule), seed, dup_or_null(command)};
}

void finding_make_error(struct finding *f)
{
    free(f->note);
    f->level = LEVEL_ERROR;
    f->note = NULL;
    f->proven = 0;
}

void finding_waive(struct finding *f, enum finding_waiver waiver, const char *why)
{
    free(f->waived_by);
    f->waiver = waiver;
    f->waived_by = dup_or_null(why);
}

void finding_free(struct finding *f)
{
    finding_clear_locations(f);
    free_flow(f);
    free(f->summary);
    free(f->waived_by);
    free(f->note);
    f->note = NULL;
    free(f->replay.schedule);
    free(f->replay.command);
    f->replay = (struct replay){0};
    free(f->steer);
    f->steer = NULL;
    free(f->object);
    f->object = NULL;
    f->summary = NULL;
    f->waived_by = NULL;
}

void finding_list_free(struct finding_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        finding_free(&list->items[i]);
    free(list->items);
    *list = (struct finding_list){0};
}
