#include "engine/judge.h"

#include <string.h>

void judge_lock_order(struct report *r)
{
    const struct tool_run *lg = report_tool(r, TOOL_LOCKGRAPH);
    if (!lg || !lg->status || strcmp(lg->status, "ran"))
        return;
    for (size_t i = 0; i < r->findings.count; i++) {
        struct finding *f = &r->findings.items[i];
        if (f->kind != KIND_LOCK_ORDER_INVERSION || (f->tools & (1u << TOOL_LOCKGRAPH)) ||
            f->level == LEVEL_NOTE)
            continue;
        finding_make_note(f, "not seen by lockgraph, which watched every lock the program took to its "
                             "end: a cycle through a trylock (which never waits) or through locks "
                             "that only shared an address is no deadlock", 0);
    }
}
