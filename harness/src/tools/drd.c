/* Valgrind DRD: the plain build under valgrind --tool=drd, its XML read in
 * DRD's own dialect (its <kind>s are not Helgrind's). It sees data races and
 * most lock misuse, and two misuses no other tool sees: a mutex initialised
 * again, a condition variable never initialised. It has no lock-order
 * analysis and cannot see a thread wait forever. */
#include "tools/drd_parse.h"
#include "tools/valgrind_xml.h"

#include <stdio.h>
#include <string.h>

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part);
}

/* DRD's <kind>s (drd_error.h): ConflictingAccess, MutexErr, CondErr,
 * CondDestrErr, CondRaceErr, CondWaitErr, SemaphoreErr, BarrierErr,
 * RwlockErr, HoldtimeErr, GenericErr, InvalidThreadId, UnimpHgClReq,
 * UnimpDrdClReq; the error's <what> tells a MutexErr's cases apart. */
static enum finding_kind drd_classify(const struct valgrind_error *e)
{
    const char *k = e->kind, *t = e->what;
    if (strcmp(k, "ConflictingAccess") == 0)
        return KIND_DATA_RACE;
    if (strcmp(k, "MutexErr") == 0 || strcmp(k, "RwlockErr") == 0) {
        if (contains(t, "Recursive locking not allowed") || contains(t, "Recursive writer locking"))
            return KIND_DOUBLE_LOCK;
        if (contains(t, "still locked at thread exit"))
            return KIND_LOCK_LEAK;
        if (contains(t, "Destroying locked"))
            return KIND_DESTROY_LOCKED;
        if (contains(t, "not locked")) {
            /* the mutex a condition wait was given is not held */
            if (contains(e->first_function, "pthread_cond_"))
                return KIND_COND_MISUSE;
            return KIND_BAD_UNLOCK;
        }
        /* "Mutex reinitialization", "not a mutex", ... */
        return KIND_MISUSE;
    }
    if (strcmp(k, "CondWaitErr") == 0)
        return KIND_COND_MISUSE;    /* one condition variable, two mutexes */
    /* CondErr ("has not been initialized"), CondRaceErr (signalled while
     * the mutex was not held: a note, drd_note), CondDestrErr, semaphores,
     * barriers, ... */
    return KIND_MISUSE;
}

/* CondRaceErr: "condition variable ... has been signaled but the associated
 * mutex ... is not locked by the signalling thread", which POSIX allows. */
static const char *drd_note(const struct valgrind_error *e)
{
    return strcmp(e->kind, "CondRaceErr") == 0 ? "POSIX allows signalling without holding the mutex" : NULL;
}

static const struct valgrind_dialect drd_dialect = {TOOL_DRD, drd_classify, drd_note};

int drd_parse_xml(const char *xml, size_t len, const struct frame_filter *filter, struct finding_list *out)
{
    return valgrind_parse_xml(xml, len, filter, &drd_dialect, out);
}

static int drd_prepare(const struct tool_job *job, struct tool_invocation *inv, char *reason, size_t len)
{
    (void)reason, (void)len;
    return valgrind_prepare(job, inv, "drd");
}

static int drd_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res)
{
    return valgrind_read(job, inv, res, &drd_dialect);
}

static const char *const valgrind_objects[] = {"vgpreload_", NULL};
static const char *const drd_files[] = {"vg_replace", "drd_pthread_intercepts", "coregrind/", NULL};

const struct tool tool_drd = {
    .name = "drd",
    .needs = "valgrind",
    .time_scale = 10,
    .sees = ALL_KINDS & ~(KIND_BIT(KIND_LOCK_ORDER_INVERSION) | KIND_BIT(KIND_DEADLOCK) | KIND_BIT(KIND_HANG)),
    .own_objects = valgrind_objects,
    .own_files = drd_files,
    .prepare = drd_prepare,
    .read = drd_read,
};
