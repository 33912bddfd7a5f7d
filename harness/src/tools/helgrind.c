/* Valgrind Helgrind: the plain build under valgrind --tool=helgrind, its XML
 * read in Helgrind's dialect. It watches every memory access and every lock,
 * but it cannot see a thread wait forever (no deadlock or hang of its own). */
#include "tools/helgrind_parse.h"
#include "tools/valgrind_xml.h"

#include <stdio.h>
#include <string.h>

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part);
}

/* Helgrind's <kind>s: Race, LockOrder, UnlockUnlocked, UnlockForeign,
 * UnlockBogus, PthAPIerror (a pthread call failed), Misc (the rest, told
 * apart by their text). */
static enum finding_kind helgrind_classify(const struct valgrind_error *e)
{
    const char *k = e->kind, *t = e->xwhat ? e->xwhat : e->what;
    if (strcmp(k, "Race") == 0)
        return KIND_DATA_RACE;
    if (strcmp(k, "LockOrder") == 0)
        return KIND_LOCK_ORDER_INVERSION;
    if (strcmp(k, "UnlockUnlocked") == 0 || strcmp(k, "UnlockForeign") == 0 ||
        strcmp(k, "UnlockBogus") == 0)
        return KIND_BAD_UNLOCK;
    if (contains(t, "re-lock a non-recursive lock"))
        return KIND_DOUBLE_LOCK;
    if (strcmp(k, "Misc") == 0) {
        if (contains(t, "still holds"))
            return KIND_LOCK_LEAK;
        if (contains(t, "destroy of a locked"))
            return KIND_DESTROY_LOCKED;
        if (contains(t, "wait called with") || contains(t, "associated with a different mutex") ||
            contains(t, "associated with two different mutexes"))
            return KIND_COND_MISUSE;
        return KIND_MISUSE;
    }
    if (strcmp(k, "PthAPIerror") == 0) {
        if (contains(e->what, "EDEADLK") && contains(e->xwhat, "lock failed"))
            return KIND_DOUBLE_LOCK;
        return KIND_MISUSE;
    }
    return KIND_MISUSE;
}

/* "pthread_cond_{signal,broadcast}: dubious: associated lock is not held by
 * any thread" and "... not held by calling thread": POSIX allows both. */
static const char *helgrind_note(const struct valgrind_error *e)
{
    const char *t = e->xwhat ? e->xwhat : e->what;
    if (contains(t, "pthread_cond_{signal,broadcast}") && contains(t, "not held by"))
        return "POSIX allows signalling without holding the mutex";
    return NULL;
}

static const struct valgrind_dialect helgrind_dialect = {TOOL_HELGRIND, helgrind_classify, helgrind_note};

int helgrind_parse_xml(const char *xml, size_t len, const struct frame_filter *filter,
                       struct finding_list *out)
{
    return valgrind_parse_xml(xml, len, filter, &helgrind_dialect, out);
}

static int helgrind_prepare(const struct tool_job *job, struct tool_invocation *inv, char *reason, size_t len)
{
    (void)reason, (void)len;
    return valgrind_prepare(job, inv, "helgrind");
}

static int helgrind_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res)
{
    return valgrind_read(job, inv, res, &helgrind_dialect);
}

static const char *const valgrind_objects[] = {"vgpreload_", NULL};
static const char *const helgrind_files[] = {"vg_replace", "hg_intercepts", "coregrind/", NULL};

const struct tool tool_helgrind = {
    .name = "helgrind",
    .needs = "valgrind",
    .time_scale = 10,
    .sees = ALL_KINDS & ~(KIND_BIT(KIND_DEADLOCK) | KIND_BIT(KIND_HANG)),
    .own_objects = valgrind_objects,
    .own_files = helgrind_files,
    .prepare = helgrind_prepare,
    .read = helgrind_read,
};
