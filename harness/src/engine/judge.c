#include "engine/judge.h"

#include <string.h>

static int ran_to_end(const struct report *r, enum tool_id t)
{
    const struct tool_run *run = report_tool(r, t);
    return run && run->status && !strcmp(run->status, "ran");
}

void judge_lock_order(struct report *r)
{
    if (!ran_to_end(r, TOOL_LOCKGRAPH) || !ran_to_end(r, TOOL_TSAN))
        return;
    for (size_t i = 0; i < r->findings.count; i++) {
        struct finding *f = &r->findings.items[i];
        if (f->kind != KIND_LOCK_ORDER_INVERSION || f->tools != (1u << TOOL_HELGRIND) ||
            f->level == LEVEL_NOTE)
            continue;
        finding_make_note(f, "reported by Helgrind alone: lockgraph and ThreadSanitizer, which both "
                             "watch lock order, ran the program to its end without seeing this cycle "
                             "(Helgrind also counts edges taken by trylock, which never waits)", 0);
    }
}
