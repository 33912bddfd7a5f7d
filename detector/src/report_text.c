/* The text report, in the manner of ThreadSanitizer's. */
#include "lockgraph.h"
#include "report.h"

#include <unistd.h>

static void print_stack(struct lg_out *o, uint32_t stack_id)
{
    static struct lg_report_stack s;
    lg_report_stack(stack_id, &s);
    if (s.n == 0) {
        lg_out_str(o, "    <no stack>\n");
        return;
    }
    for (int i = 0; i < s.n; i++) {
        const struct lg_sym *f = &s.frames[i];
        lg_out_printf(o, "    #%d %s", i, f->function[0] ? f->function : "<unknown>");
        if (f->file[0]) {
            char path[sizeof f->file];
            lg_display_path(f->file, path, sizeof path);
            lg_out_printf(o, " %s:%d", path, f->line);
        }
        else if (f->module[0])
            lg_out_printf(o, " (%s+0x%lx)", f->module, (unsigned long)f->offset);
        lg_out_str(o, "\n");
    }
}

static const char *kind_title(enum lg_kind k)
{
    switch (k) {
#define FINDING_KIND(id, name, level, meaning, headline, title, explanation, fix) \
    case LG_K_##id: return headline;
#include "finding_kinds.inc"
#undef FINDING_KIND
    case LG_K_COUNT: break;
    }
    return "?";
}

static void print_thread(struct lg_out *o, const struct lg_finding_thread *t)
{
    char tl[16];
    lg_thread_label(t->serial, tl, sizeof tl);
    char joined[16];
    lg_thread_label((uint32_t)t->waits_obj, joined, sizeof joined);
    if (t->block == LG_BLOCK_LOCK)
        lg_out_printf(o, "  Thread %s waits for %s", tl, lg_lock_label(t->waits_lock));
    else if (t->block == LG_BLOCK_JOIN)
        lg_out_printf(o, "  Thread %s waits in pthread_join for %s", tl, joined);
    else
        lg_out_printf(o, "  Thread %s is blocked in %s", tl, lg_block_name(t->block));
    if (t->block != LG_BLOCK_LOCK && t->block != LG_BLOCK_JOIN && t->waits_obj)
        lg_out_printf(o, " (0x%lx)", (unsigned long)t->waits_obj);
    lg_out_str(o, ":\n");
    print_stack(o, t->stack);
    for (uint32_t h = 0; h < t->nheld && h < 8; h++) {
        lg_out_printf(o, "  while holding %s, acquired at:\n", lg_lock_label(t->held[h]));
        print_stack(o, t->held_stack[h]);
    }
    lg_out_str(o, "\n");
}

void lg_print_text(struct lg_out *o, const struct lg_finding *f)
{
    char summary[512], tl[16];
    lg_finding_summary(f, summary, sizeof summary);
    lg_out_str(o, "==================\n");
    lg_out_printf(o, "WARNING: %s (pid %d)\n", kind_title(f->kind), (int)getpid());
    switch (f->kind) {
    case LG_K_LOCK_ORDER_INVERSION:
        lg_out_str(o, "  Cycle in the lock-order graph: ");
        for (int i = 0; i < f->nedges; i++)
            lg_out_printf(o, "%s => ", lg_lock_label(f->edges[i].from));
        lg_out_printf(o, "%s\n\n", lg_lock_label(f->edges[0].from));
        for (int i = 0; i < f->nedges; i++) {
            const struct lg_finding_edge *e = &f->edges[i];
            lg_thread_label(e->thread, tl, sizeof tl);
            lg_out_printf(o, "  %s acquired %s%s while holding %s:\n", tl, lg_lock_label(e->to),
                          e->read ? " for reading" : "", lg_lock_label(e->from));
            print_stack(o, e->to_stack);
            lg_out_printf(o, "  %s was acquired at:\n", lg_lock_label(e->from));
            print_stack(o, e->from_stack);
            lg_out_str(o, "\n");
        }
        break;
    case LG_K_DEADLOCK:
    case LG_K_HANG:
        lg_out_str(o, "\n");
        for (int i = 0; i < f->nthreads; i++)
            print_thread(o, &f->threads[i]);
        break;
    default:
        lg_thread_label(f->thread, tl, sizeof tl);
        lg_out_printf(o, "  %s by thread %s at:\n", f->what, tl);
        print_stack(o, f->stack);
        if (f->lock) {
            lg_out_printf(o, "  %s", lg_lock_label(f->lock));
            if (f->lock_stack) {
                lg_out_str(o, " was acquired at:\n");
                print_stack(o, f->lock_stack);
            } else {
                lg_out_str(o, "\n");
            }
        }
        for (int i = 0; i < f->nthreads; i++)
            print_thread(o, &f->threads[i]);
        lg_out_str(o, "\n");
        break;
    }
    lg_out_printf(o, "SUMMARY: lockgraph: %s: %s\n", lg_kind_name(f->kind), summary);
    lg_out_str(o, "==================\n");
}
