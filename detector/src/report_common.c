/* What every printer needs: readable stacks, lock and thread names, summaries. */
#include "lockgraph.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

void lg_report_stack(uint32_t stack_id, struct lg_report_stack *out)
{
    const uintptr_t *pcs;
    int npcs = lg_stack_get(stack_id, &pcs);
    out->n = 0;
    out->top = -1;
    for (int i = 0; i < npcs && out->n < LG_REPORT_FRAMES; i++) {
        /* frames other than the first are return addresses: lg_stack keeps pc-1 */
        int got = lg_symbolize(pcs[i], &out->frames[out->n], LG_REPORT_FRAMES - out->n);
        for (int j = 0; j < got; j++)
            if (out->top < 0 && !lg_sym_is_system(&out->frames[out->n + j]))
                out->top = out->n + j;
        out->n += got;
    }
    /* a slide shows the program's own frames: the libraries' below the
     * program's first frame (start_thread, clone3) say nothing to a student,
     * nor do the system headers' code inlined into the program above it and
     * among its frames (C++'s std::mutex::lock, std::thread's invoker) */
    if (out->top >= 0 && !lg_opt.full_stacks) {
        int kept = 0;
        for (int i = out->top; i < out->n; i++) {
            const struct lg_sym *f = &out->frames[i];
            if (i == out->top || !(lg_sym_is_library(f) || (f->file[0] && lg_sym_is_system(f))))
                out->frames[kept++] = *f;
        }
        out->n = kept;
        out->top = 0;
    }
    if (out->top < 0 && out->n > 0)
        out->top = 0;
}

void lg_thread_label(uint32_t serial, char *buf, size_t len)
{
    snprintf(buf, len, "T%u", serial ? serial - 1 : 0);
}

const char *lg_block_name(int block)
{
    switch (block) {
    case LG_BLOCK_LOCK: return "a lock";
    case LG_BLOCK_COND: return "pthread_cond_wait";
    case LG_BLOCK_JOIN: return "pthread_join";
    case LG_BLOCK_BARRIER: return "pthread_barrier_wait";
    case LG_BLOCK_SEM: return "sem_wait";
    case LG_BLOCK_SPIN: return "pthread_spin_lock";
    default: return "nothing";
    }
}

/* Function of the program frame of a stack, for summaries. */
static const char *stack_function(uint32_t stack_id, struct lg_report_stack *scratch)
{
    lg_report_stack(stack_id, scratch);
    if (scratch->top < 0 || !scratch->frames[scratch->top].function[0])
        return "?";
    return scratch->frames[scratch->top].function;
}

void lg_finding_summary(const struct lg_finding *f, char *buf, size_t len)
{
    static struct lg_report_stack scratch;
    size_t used = 0;
#define ADD(...) do { if (used < len) used += (size_t)snprintf(buf + used, len - used, __VA_ARGS__); } while (0)
    switch (f->kind) {
    case LG_K_LOCK_ORDER_INVERSION:
        ADD("lock order ");
        for (int i = 0; i < f->nedges; i++) {
            const struct lg_finding_edge *e = &f->edges[i];
            ADD("%s%s -> %s", i ? ", " : "", lg_lock_label(e->from), lg_lock_label(e->to));
            ADD(" in %s", stack_function(e->to_stack, &scratch));
        }
        break;
    case LG_K_DEADLOCK:
        for (int i = 0; i < f->nthreads; i++) {
            const struct lg_finding_thread *t = &f->threads[i];
            char tl[16];
            lg_thread_label(t->serial, tl, sizeof tl);
            if (t->block == LG_BLOCK_JOIN) {
                char joined[16];
                lg_thread_label((uint32_t)t->waits_obj, joined, sizeof joined);
                ADD("%s%s joins %s", i ? ", " : "", tl, joined);
            } else {
                ADD("%s%s waits for %s", i ? ", " : "", tl, lg_lock_label(t->waits_lock));
            }
            if (t->nheld)
                ADD(" holding %s", lg_lock_label(t->held[0]));
            ADD(" in %s", stack_function(t->stack, &scratch));
        }
        break;
    case LG_K_HANG:
        if (f->what[0])
            ADD("%s: ", f->what);
        else
            ADD("every thread blocked for %.1f s: ", lg_opt.hang_timeout);
        for (int i = 0; i < f->nthreads; i++) {
            const struct lg_finding_thread *t = &f->threads[i];
            char tl[16];
            lg_thread_label(t->serial, tl, sizeof tl);
            ADD("%s%s in %s", i ? ", " : "", tl,
                t->block == LG_BLOCK_LOCK ? "pthread_mutex_lock" : lg_block_name(t->block));
            ADD(" (%s)", stack_function(t->stack, &scratch));
        }
        break;
    default:
        ADD("%s", f->what);
        if (f->lock)
            ADD(" (%s)", lg_lock_label(f->lock));
        ADD(" in %s", stack_function(f->stack, &scratch));
        break;
    }
#undef ADD
}

void lg_note_text(const struct lg_finding *f, char *buf, size_t len)
{
    const char *why = "";
    switch (f->note) {
    case LG_NOTE_NONE:
        break;
    case LG_NOTE_READ_ONLY:
        why = "only read locks are taken in this cycle, and readers do not block each other";
        break;
    case LG_NOTE_GATE:
        snprintf(buf, len, "ruled out by lockgraph: every edge is taken under gate lock `%s`, "
                 "so only one thread at a time can be inside the cycle", lg_lock_label(f->note_lock));
        return;
    case LG_NOTE_ONE_THREAD:
        why = "one thread takes every edge, and a thread cannot deadlock with itself this way";
        break;
    case LG_NOTE_LIFETIMES:
        why = "the threads that take these edges never run at the same time "
              "(thread creation and join order them)";
        break;
    case LG_NOTE_FEW_THREADS:
        why = "a deadlock needs a different thread on each edge, all running at the same time, "
              "and no such threads took these edges";
        break;
    }
    snprintf(buf, len, "ruled out by lockgraph: %s", why);
}
