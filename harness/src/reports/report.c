#include "reports/report.h"
#include "tools/tool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one table of what each finding kind means, for students (text report)
 * and for code-scanning rules (SARIF). */
static const struct kind_info {
    const char *title, *explanation, *help, *level;
} kinds[KIND_COUNT] = {
    [KIND_DATA_RACE] = {
        "Data race: unsynchronised accesses to shared memory",
        "Two threads accessed the same memory at the same time, at least one of them "
        "writing, and nothing (no lock, no join, no atomic) ordered the two accesses. "
        "The result depends on timing: updates can be lost (counter++ is a read, an add "
        "and a write that another thread can slip between), a reader can see a half-made "
        "value, and the compiler may keep the variable in a register so another thread's "
        "change is never seen. It may work a thousand times and fail on the next run.",
        "Protect every access to the shared variable (reads too) with the same mutex, or "
        "make it an atomic (stdatomic.h), or give each thread its own copy and combine the "
        "copies after pthread_join.",
        "error"},
    [KIND_LOCK_ORDER_INVERSION] = {
        "Lock-order inversion: a deadlock that can happen",
        "Two (or more) threads take the same locks in different orders: one takes A then B, "
        "another takes B then A. If each gets its first lock at the same moment, each waits "
        "forever for the lock the other holds. This run did not necessarily hang, but with "
        "other timing it will: the cycle in the order of locking is the bug.",
        "Choose one global order for the locks (for example by address or by a rank) and "
        "always take them in that order; or take the second lock with pthread_mutex_trylock "
        "and back off; or merge the two locks into one.",
        "error"},
    [KIND_DEADLOCK] = {
        "Deadlock: threads waiting for each other forever",
        "The threads were caught in a cycle of waiting: each holds something (a lock, or is "
        "the thread another one joins) that the next one in the cycle needs, so none of them "
        "can ever go on. The program would hang here; the detector stopped it and shows "
        "where each thread waits and what it holds.",
        "Break the cycle: take the locks in one fixed order everywhere, do not hold a lock "
        "while joining a thread that needs it, and never wait for a lock you already hold.",
        "error"},
    [KIND_HANG] = {
        "Hang: no thread can make progress",
        "Every live thread stayed blocked (in a condition wait, a join, a barrier, a "
        "semaphore) and nothing would ever wake them, without a lock cycle. Typical causes: "
        "a lost wakeup (pthread_cond_signal before the other thread waits, with no predicate "
        "to check), waiting for a condition nobody will signal, or threads joining each other.",
        "Wait for a condition in a loop on a shared predicate checked under the mutex "
        "(while (!ready) pthread_cond_wait(&c, &m);) and set the predicate under the same "
        "mutex before signalling; make sure every wait has someone who will wake it.",
        "error"},
    [KIND_DOUBLE_LOCK] = {
        "Double lock: a thread locks a mutex it already holds",
        "A thread called lock on a non-recursive mutex that it already holds. A normal mutex "
        "then waits forever for itself (a self-deadlock); an error-checking one returns "
        "EDEADLK, which the program usually ignores. It often happens when a function that "
        "locks calls a helper that locks the same mutex again.",
        "Lock each mutex once per call path: have the helper expect the caller to hold the "
        "lock (document it, name it _locked), or split the helper; use a recursive mutex "
        "only if re-entry is really intended.",
        "error"},
    [KIND_BAD_UNLOCK] = {
        "Bad unlock: unlocking a lock the thread does not hold",
        "A thread unlocked a mutex (or rwlock) that it does not hold: it was not locked, or "
        "another thread holds it. That is undefined behaviour: it can break the mutual "
        "exclusion of the thread that really holds it.",
        "Unlock only what the same thread locked, once, on every path (check the early "
        "returns and error paths); hand work to another thread with a condition variable "
        "or a semaphore, not by unlocking its mutex.",
        "error"},
    [KIND_DESTROY_LOCKED] = {
        "Destroy of a locked lock",
        "A mutex (or rwlock, ...) was destroyed while some thread still held it. That is "
        "undefined behaviour: the holder will unlock freed or re-used memory, and any thread "
        "waiting for it may never wake.",
        "Destroy a lock only after every thread that uses it is done with it (after "
        "pthread_join) and it is unlocked.",
        "warning"},
    [KIND_COND_MISUSE] = {
        "Condition variable misuse",
        "A condition variable was used wrongly: a thread waited on it without holding the "
        "mutex passed to the wait, or the same condition variable was used with two different "
        "mutexes. The wait's atomic unlock-and-sleep then protects nothing, and wakeups can "
        "be lost.",
        "Always lock the mutex, check the predicate in a while loop and call "
        "pthread_cond_wait with that same mutex; use one mutex per condition variable.",
        "warning"},
    [KIND_LOCK_LEAK] = {
        "Lock leak: a thread ended while holding a lock",
        "A thread returned or exited while it still held a lock. Nobody can unlock it any more "
        "(only its owner may), so every thread that later needs the lock waits forever. "
        "It is usually a missing unlock on an early return or error path.",
        "Unlock on every path out of the locked section: a single exit point with the "
        "unlock, or a goto-cleanup pattern.",
        "warning"},
    [KIND_MISUSE] = {
        "Misuse of the pthread API",
        "The program used the pthread API in a way that is not allowed, for example joining a "
        "detached thread or a thread twice, or leaving a thread neither joined nor detached. "
        "The result is undefined or a resource leak.",
        "Check the pthread call named in the finding against its manual page: join each "
        "joinable thread exactly once, detach only threads nobody joins, and check the "
        "return values of pthread functions.",
        "warning"},
    [KIND_CRASH] = {
        "Crash: the program died of a signal",
        "The program was killed by a signal (for example SIGSEGV from a bad pointer, or a "
        "use of freed memory). In a threaded program this is often a consequence of a race: "
        "one thread frees or changes data that another one still uses.",
        "Look at the location of the crash and at who else touches that memory; make sure "
        "data lives until every thread using it is finished (join before free).",
        "error"},
};

const char *report_kind_title(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].title : "";
}

const char *report_kind_explanation(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].explanation : "";
}

const char *report_kind_help(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].help : "";
}

const char *report_kind_level(enum finding_kind kind)
{
    return (unsigned)kind < KIND_COUNT ? kinds[kind].level : "warning";
}

void report_init(struct report *r, const char *target)
{
    memset(r, 0, sizeof *r);
    r->target = target;
    r->repeat = 1;
}

void report_free(struct report *r)
{
    finding_list_free(&r->findings);
}

struct tool_run *report_set_tool(struct report *r, enum tool_id tool, const char *status,
                                 const char *reason)
{
    struct tool_run *t = NULL;
    for (int i = 0; i < r->ntools; i++)
        if (r->tools[i].tool == tool)
            t = &r->tools[i];
    if (!t) {
        if (r->ntools >= TOOL_COUNT)
            return NULL;
        t = &r->tools[r->ntools++];
        memset(t, 0, sizeof *t);
        t->tool = tool;
    }
    t->status = status;
    t->reason = reason;
    return t;
}

const struct tool_run *report_tool(const struct report *r, enum tool_id tool)
{
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++)
        if (r->tools[i].tool == tool)
            return &r->tools[i];
    return NULL;
}

static int status_is(const struct tool_run *t, const char *s)
{
    return t->status && strcmp(t->status, s) == 0;
}

int tool_run_looked(const struct tool_run *t)
{
    return status_is(t, "ran") || status_is(t, "timeout");
}

int tool_detects(enum tool_id tool, enum finding_kind kind)
{
    const struct tool *t = tool_of(tool);
    return t && (t->sees & KIND_BIT(kind)) != 0;
}

int tool_run_failed(const struct tool_run *t)
{
    return status_is(t, "failed") || status_is(t, "timeout");
}

const char *report_verdict(const struct report *r)
{
    if (r->error_message)
        return "error";
    int looked = 0;
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++)
        looked |= tool_run_looked(&r->tools[i]);
    if (!looked)
        return "error";
    return report_counted_findings(r) ? "buggy" : "clean";
}

size_t report_counted_findings(const struct report *r)
{
    return report_waived_findings(r, WAIVER_NONE);
}

size_t report_waived_findings(const struct report *r, enum finding_waiver waiver)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.count; i++)
        n += r->findings.items[i].waiver == waiver;
    return n;
}

const char *report_effective_verdict(const struct report *r)
{
    return r->verdict ? r->verdict : report_verdict(r);
}

int report_exit_code(const struct report *r)
{
    const char *v = report_verdict(r);
    if (strcmp(v, "error") == 0)
        return 3;
    if (strcmp(v, "buggy") == 0)
        return 1;
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++)
        if (tool_run_failed(&r->tools[i]))
            return 3;
    return 0;
}

int report_write(FILE *out, const struct report *r, const char *format)
{
    if (!format || strcmp(format, "text") == 0)
        return report_write_text(out, r);
    if (strcmp(format, "json") == 0)
        return report_write_json(out, r);
    if (strcmp(format, "sarif") == 0)
        return report_write_sarif(out, r);
    if (strcmp(format, "junit") == 0)
        return report_write_junit(out, r);
    return -2;
}

/* Length of the valid UTF-8 sequence at p, 0 when invalid (jansson's rules). */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (p[1] < lo || p[1] > hi) /* also stops at the terminating NUL */
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

char *report_clean_text(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        abort();
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_len(p + i);
        if (k == 0 || (k == 1 && p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') || p[i] == 0x7F) {
            out[i++] = '?';
        } else {
            memcpy(out + i, p + i, k);
            i += k;
        }
    }
    out[n] = '\0';
    return out;
}

int report_runs_total(const struct report *r, enum tool_id t)
{
    const struct tool_run *tr = report_tool(r, t);
    if (tr && tr->runs > 0)
        return tr->runs;
    return r->repeat > 0 ? r->repeat : 1;
}

unsigned report_runs_of(const struct report *r, const struct finding *f, enum tool_id t)
{
    (void)r;
    if ((unsigned)t >= TOOL_COUNT || !(f->tools & (1u << t)))
        return 0;
    return f->runs[t] ? f->runs[t] : 1;
}

char *report_relative_path(const char *path)
{
    if (!path)
        return NULL;
    char cwd[4096];
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1])
            return strdup(path + n + 1);
    }
    while (path[0] == '.' && path[1] == '/' && path[2])
        path += 2;
    return strdup(path);
}
