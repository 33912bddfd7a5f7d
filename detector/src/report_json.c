/* One finding as a JSON object of DESIGN.md's report. Written by hand because
 * it runs inside the watched program, where a JSON library's allocations and
 * locks would be a change of behaviour; the harness reads it with jansson. */
#include "lockgraph.h"
#include "report.h"
#include "symbolize.h"

#include <stdio.h>
#include <string.h>

static void json_location(struct lg_out *o, const struct lg_sym *s)
{
    lg_out_str(o, "{\"file\":");
    lg_out_json_str(o, s->file);
    lg_out_printf(o, ",\"line\":%d,\"function\":", s->line);
    lg_out_json_str(o, s->function);
    lg_out_str(o, "}");
}

/* locations: the program frame of each stack, without repeats */
struct loc_set {
    int n;
    struct lg_sym items[LG_FINDING_THREADS + 32];
};

static void add_location(struct loc_set *set, uint32_t stack_id)
{
    static struct lg_report_stack s;
    lg_report_stack(stack_id, &s);
    if (s.top < 0 || (unsigned)set->n >= sizeof set->items / sizeof set->items[0])
        return;
    const struct lg_sym *top = &s.frames[s.top];
    for (int i = 0; i < set->n; i++)
        if (set->items[i].line == top->line && !strcmp(set->items[i].file, top->file) &&
            !strcmp(set->items[i].function, top->function))
            return;
    set->items[set->n++] = *top;
}

/* What a stack shows, for a viewer that replays the interleaving (SARIF's
 * thread flows): whose step it is, what the thread did there (event
 * "acquire" of lock, holding another; "wait" for lock; "block" in a call),
 * and the thread's own outermost function, which names it. */
struct json_step {
    uint32_t thread;            /* serial; 0: no step */
    const char *event;
    uint32_t lock, holding;     /* lock ids, 0 if none */
    const char *in;             /* "block": where */
};

static void json_step_fields(struct lg_out *o, const struct json_step *st,
                             const struct lg_report_stack *s)
{
    char tl[16];
    lg_thread_label(st->thread, tl, sizeof tl);
    lg_out_str(o, ",\"thread\":");
    lg_out_json_str(o, tl);
    const char *outer = "";
    for (int i = 0; i < s->n; i++)
        if (s->frames[i].function[0] && !lg_sym_is_library(&s->frames[i]))
            outer = s->frames[i].function;
    if (outer[0]) {
        lg_out_str(o, ",\"thread_function\":");
        lg_out_json_str(o, outer);
    }
    lg_out_str(o, ",\"event\":");
    lg_out_json_str(o, st->event);
    if (st->lock) {
        lg_out_str(o, ",\"lock\":");
        lg_out_json_str(o, lg_lock_label(st->lock));
    }
    if (st->holding) {
        lg_out_str(o, ",\"holding\":");
        lg_out_json_str(o, lg_lock_label(st->holding));
    }
    if (st->in) {
        lg_out_str(o, ",\"in\":");
        lg_out_json_str(o, st->in);
    }
}

static void json_stack(struct lg_out *o, const char *title, uint32_t stack_id, int *first,
                       const struct json_step *st)
{
    static struct lg_report_stack s;
    lg_report_stack(stack_id, &s);
    lg_out_str(o, *first ? "{\"title\":" : ",{\"title\":");
    *first = 0;
    lg_out_json_str(o, title);
    if (st && st->thread)
        json_step_fields(o, st, &s);
    lg_out_str(o, ",\"frames\":[");
    for (int i = 0; i < s.n; i++) {
        const struct lg_sym *f = &s.frames[i];
        lg_out_str(o, i ? ",{\"function\":" : "{\"function\":");
        lg_out_json_str(o, f->function);
        lg_out_str(o, ",\"file\":");
        lg_out_json_str(o, f->file);
        lg_out_printf(o, ",\"line\":%d,\"module\":", f->line);
        lg_out_json_str(o, f->module);
        lg_out_printf(o, ",\"offset\":\"0x%lx\"}", (unsigned long)f->offset);
    }
    lg_out_str(o, "]}");
}

/* The call site at the top of a stack, as MODULE+0xOFFSET ("" if unknown). */
static void site_name(uint32_t stack, char *out, size_t len)
{
    const uintptr_t *frames;
    char module[320];
    uintptr_t offset;
    out[0] = '\0';
    if (lg_stack_get(stack, &frames) > 0 &&
        lg_module_offset(frames[0], module, sizeof module, &offset) == 0)
        snprintf(out, len, "%s+0x%lx", module, (unsigned long)offset + 1);  /* frames hold pc - 1 */
}

void lg_print_json(struct lg_out *o, const struct lg_finding *f)
{
    static struct loc_set locs;
    char summary[512], title[400], tl[16];
    lg_finding_summary(f, summary, sizeof summary);
    locs.n = 0;
    lg_out_str(o, "{\"kind\":");
    lg_out_json_str(o, lg_kind_name(f->kind));
    lg_out_str(o, ",\"tools\":[\"lockgraph\"],\"summary\":");
    lg_out_json_str(o, summary);
    if (f->note != LG_NOTE_NONE) {
        char note[400];
        lg_note_text(f, note, sizeof note);
        lg_out_str(o, ",\"level\":\"note\",\"note\":");
        lg_out_json_str(o, note);
        /* which thread took which edge is this run's schedule: another run
         * (another tool's) may interleave them */
        if (f->note == LG_NOTE_ONE_THREAD || f->note == LG_NOTE_FEW_THREADS)
            lg_out_str(o, ",\"this_run_only\":true");
    }

    int first = 1;
    lg_out_str(o, ",\"stacks\":[");
    if (f->kind == LG_K_LOCK_ORDER_INVERSION) {
        for (int i = 0; i < f->nedges; i++) {
            const struct lg_finding_edge *e = &f->edges[i];
            lg_thread_label(e->thread, tl, sizeof tl);
            snprintf(title, sizeof title, "%s acquired %s while holding %s", tl,
                     lg_lock_label(e->to), lg_lock_label(e->from));
            json_stack(o, title, e->to_stack, &first,
                       &(struct json_step){e->thread, "acquire", e->to, e->from, NULL});
            add_location(&locs, e->to_stack);
            snprintf(title, sizeof title, "%s acquired %s", tl, lg_lock_label(e->from));
            json_stack(o, title, e->from_stack, &first,
                       &(struct json_step){e->thread, "acquire", e->from, 0, NULL});
        }
    } else {
        if (f->stack) {
            lg_thread_label(f->thread, tl, sizeof tl);
            snprintf(title, sizeof title, "%s by %s", f->what, tl);
            json_stack(o, title, f->stack, &first, NULL);
            add_location(&locs, f->stack);
        }
        if (f->lock && f->lock_stack) {
            snprintf(title, sizeof title, "%s acquired", lg_lock_label(f->lock));
            json_stack(o, title, f->lock_stack, &first, NULL);
        }
        for (int i = 0; i < f->nthreads; i++) {
            const struct lg_finding_thread *t = &f->threads[i];
            lg_thread_label(t->serial, tl, sizeof tl);
            if (t->block == LG_BLOCK_LOCK)
                snprintf(title, sizeof title, "%s waits for %s", tl, lg_lock_label(t->waits_lock));
            else
                snprintf(title, sizeof title, "%s blocked in %s", tl, lg_block_name(t->block));
            struct json_step wait = {t->serial, "wait", t->waits_lock, 0, NULL};
            if (t->block != LG_BLOCK_LOCK)
                wait = (struct json_step){t->serial, "block", 0, 0, lg_block_name(t->block)};
            json_stack(o, title, t->stack, &first, &wait);
            add_location(&locs, t->stack);
            for (uint32_t h = 0; h < t->nheld && h < 8; h++) {
                snprintf(title, sizeof title, "%s acquired %s", tl, lg_lock_label(t->held[h]));
                json_stack(o, title, t->held_stack[h], &first,
                           &(struct json_step){t->serial, "acquire", t->held[h], 0, NULL});
            }
        }
    }
    if (f->kind == LG_K_LOCK_ORDER_INVERSION) {
        /* where each edge's two acquisitions are, as MODULE+0xOFFSET (stable
         * across runs): the lines of a steer=FILE that makes it deadlock */
        lg_out_str(o, "],\"sites\":[");
        for (int i = 0; i < f->nedges; i++) {
            char held[400], wanted[400];
            site_name(f->edges[i].from_stack, held, sizeof held);
            site_name(f->edges[i].to_stack, wanted, sizeof wanted);
            lg_out_str(o, i ? ",{\"held\":" : "{\"held\":");
            lg_out_json_str(o, held);
            lg_out_str(o, ",\"wanted\":");
            lg_out_json_str(o, wanted);
            lg_out_str(o, "}");
        }
    }
    lg_out_str(o, "],\"locks\":[");
    /* the locks involved, by name */
    uint32_t seen[64];
    int nseen = 0;
#define NOTE_LOCK(id) do { uint32_t id_ = (id); int k_; for (k_ = 0; k_ < nseen && seen[k_] != id_; k_++) {} \
        if (id_ && k_ == nseen && nseen < 64) seen[nseen++] = id_; } while (0)
    for (int i = 0; i < f->nedges; i++)
        NOTE_LOCK(f->edges[i].from);
    for (int i = 0; i < f->nthreads; i++) {
        NOTE_LOCK(f->threads[i].waits_lock);
        for (uint32_t h = 0; h < f->threads[i].nheld && h < 8; h++)
            NOTE_LOCK(f->threads[i].held[h]);
    }
    NOTE_LOCK(f->lock);
#undef NOTE_LOCK
    for (int i = 0; i < nseen; i++) {
        struct lg_lock *l = lg_lock_by_id(seen[i]);
        lg_out_str(o, i ? ",{\"name\":" : "{\"name\":");
        lg_out_json_str(o, lg_lock_label(seen[i]));
        lg_out_printf(o, ",\"address\":\"0x%lx\"}", l ? (unsigned long)l->addr : 0ul);
    }
    lg_out_str(o, "],\"locations\":[");
    for (int i = 0; i < locs.n; i++) {
        if (i)
            lg_out_str(o, ",");
        json_location(o, &locs.items[i]);
    }
    lg_out_str(o, "]}");
}
