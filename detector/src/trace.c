/* The acquisition trace: recorded lock-free into one array the detector maps
 * (a slot per event, taken with one atomic add, its type written last so a
 * writer skips a slot still being filled), written at exit as Chrome
 * trace-event JSON ("Trace Event Format": complete events, "ph":"X", on one
 * track per thread; instant events, "ph":"i", for findings). Each held lock
 * is one slice, each blocking wait another. A viewer wants the slices of a
 * track strictly nested; hand-over-hand locking releases an outer lock while
 * an inner one is still held, so such a slice goes on an extra track of the
 * same thread ("T2 (worker) +1") instead of overlapping. */
#include "trace.h"
#include "report.h"
#include "symbolize.h"
#include "version.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int lg_trace_on;                

struct trace_event {
    uint64_t ns;
    uint64_t pc;
    uint64_t obj;
    uint32_t serial;
    uint8_t sub;
    _Atomic uint8_t type;       /* written last: LG_TR_NONE while being filled */
};
_Static_assert(sizeof(struct trace_event) == 32, "32-byte events (documented)");

static struct trace_event *events;
static uint64_t cap;
static atomic_ullong next_slot;     /* slots handed out, counting those past the cap */
static atomic_ullong capped_ns;     /* when the first event past the cap came */
static uint64_t start_ns;

/* Findings, marked where they happened (written under lg_report_lock). */
#define MAX_MARKS 16
static struct lg_finding *marks;
static uint64_t mark_ns[MAX_MARKS];
static int nmarks, marks_dropped;

#define OWNER_VARIABLE "LOCKGRAPH_TRACE_OWNER"

void lg_trace_init(void)
{
    if (!lg_opt.trace_path[0])
        return;
    /* A program this one starts inherits the options: the trace file stays
     * this process's (a path with %p names one file per process). */
    const char *owner = getenv(OWNER_VARIABLE);
    if (!strstr(lg_opt.trace_path, "%p") && owner && *owner && atoi(owner) != getpid())
        return;
    cap = (uint64_t)lg_opt.trace_max_events;
    /* In 2 MiB pages where the kernel gives them on request: the array is
     * written from start to end, and a first touch of each 4 KiB page (one
     * per 128 events) costs a fault, which in a virtual machine can cost
     * more than the 128 events themselves. */
    size_t huge = 2u << 20, bytes = (sizeof *events * cap + huge - 1) & ~(huge - 1);
    char *base = lg_map(bytes + huge);
    if (base) {
        events = (struct trace_event *)(((uintptr_t)base + huge - 1) & ~(uintptr_t)(huge - 1));
        madvise(events, bytes, MADV_HUGEPAGE);
    }
    if (!events) {
        lg_warn("cannot map the trace (trace_max_events=%ld): no trace is recorded",
                lg_opt.trace_max_events);
        return;
    }
    start_ns = lg_now_ns();
    lg_trace_on = 1;
}

void lg_trace_export_owner(void)
{
    if (!lg_trace_on || strstr(lg_opt.trace_path, "%p") || getenv(OWNER_VARIABLE))
        return;
    char pid[24];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    setenv(OWNER_VARIABLE, pid, 1);     /* in the constructor: no other thread runs */
}

void lg_trace_after_fork_child(void)
{
    /* the file is the parent's; the child's events are not recorded */
    if (!strstr(lg_opt.trace_path, "%p"))
        lg_trace_on = 0;
}

void lg_trace_record(int type, uint32_t serial, uint64_t obj, int sub, uintptr_t pc)
{
    uint64_t ns = lg_now_ns();
    uint64_t i = atomic_fetch_add_explicit(&next_slot, 1, memory_order_relaxed);
    if (LG_UNLIKELY(i >= cap)) {
        if (i == cap) {
            atomic_store(&capped_ns, ns);
            lg_warn("the trace reached trace_max_events=%ld events: later ones are counted, "
                    "not recorded",
                    lg_opt.trace_max_events);
        }
        return;
    }
    struct trace_event *e = &events[i];
    e->ns = ns;
    e->pc = pc;
    e->obj = obj;
    e->serial = serial;
    e->sub = (uint8_t)sub;
    atomic_store_explicit(&e->type, (uint8_t)type, memory_order_release);
}

void lg_trace_finding(const struct lg_finding *f)
{
    if (!marks)
        marks = lg_map(sizeof *marks * MAX_MARKS);
    if (!marks || nmarks == MAX_MARKS) {
        marks_dropped++;
        return;
    }
    mark_ns[nmarks] = lg_now_ns();
    marks[nmarks++] = *f;
}

/* ------------------------------------------------------------------ */
/* Writing: everything below runs once, under lg_report_lock.          */

#define MAX_TRACKS 4096         /* threads shown; later ones are counted */
#define MAX_OPEN 128            /* locks one thread holds at once, recursion included */
#define LANES 4                 /* tracks per thread, for overlapping holds */
#define LANE_KEEP 32
#define LANE_TID 10000000u      /* tid of a thread's extra track k: serial + k * LANE_TID */

/* The outermost slices of one track so far, in time order. A new slice
 * (ending no earlier than any of them: slices are written as they end)
 * contains those that start after it, and must not start inside another.
 * The oldest are merged into one span when there are too many. */
struct lane {
    int n;
    uint64_t b[LANE_KEEP], e[LANE_KEEP];
    bool has_old, named;
    uint64_t old_b, old_e;
};

struct held_open {
    uint64_t ns, pc;
    uint32_t lock;
    uint8_t mode;
};

struct track {
    uint32_t serial;
    bool started, ended, waiting;
    uint64_t first_ns, start_ns, end_ns, start_fn;
    int nopen;
    struct held_open open[MAX_OPEN];
    uint64_t wait_ns, wait_obj, wait_pc;
    uint8_t wait_kind;
    struct lane lanes[LANES];
};

struct writer {
    struct lg_out o;
    int pid;
    uint64_t end_ns;            /* where unfinished slices end */
    bool capped;
    struct track *tracks;
    int ntracks, tracks_dropped;
    uint32_t *track_of;         /* serial hash -> 1 + track index */
    long slices_moved;          /* slices put on an extra track */
};

#define TRACK_HASH (2 * MAX_TRACKS)

static struct track *track_for(struct writer *w, uint32_t serial)
{
    uint32_t h = (serial * 2654435761u) & (TRACK_HASH - 1);
    for (;; h = (h + 1) & (TRACK_HASH - 1)) {
        uint32_t k = w->track_of[h];
        if (!k)
            break;
        if (w->tracks[k - 1].serial == serial)
            return &w->tracks[k - 1];
    }
    if (w->ntracks == MAX_TRACKS) {
        w->tracks_dropped++;
        return NULL;
    }
    struct track *t = &w->tracks[w->ntracks++];
    t->serial = serial;
    w->track_of[h] = (uint32_t)w->ntracks;
    return t;
}

/* ---- names, made with the report's namers ---- */

#define SITES 4096
struct site {
    uint64_t pc;
    char where[112];            /* FILE:LINE, or MODULE+0xOFFSET */
    char function[112];
};
static struct site *sites;

/* The program's own frame among the inlined frames at pc: where and what. */
static void site_make(uint64_t pc, bool return_address, struct site *s)
{
    static struct lg_sym frames[8];
    s->pc = pc;
    s->where[0] = s->function[0] = '\0';
    int n = pc ? lg_symbolize(return_address ? pc - 1 : pc, frames, 8) : 0;
    if (n < 1)
        return;
    const struct lg_sym *f = &frames[0];
    for (int i = 0; i < n; i++) {
        if (!lg_sym_is_system(&frames[i])) {
            f = &frames[i];
            break;
        }
    }
    if (f->file[0] && f->line > 0) {
        const char *base = strrchr(f->file, '/');
        snprintf(s->where, sizeof s->where, "%.90s:%d", base ? base + 1 : f->file, f->line);
    } else if (f->module[0]) {
        const char *base = strrchr(f->module, '/');
        snprintf(s->where, sizeof s->where, "%.80s+0x%lx", base ? base + 1 : f->module,
                 (unsigned long)f->offset);
    }
    snprintf(s->function, sizeof s->function, "%.100s", f->function);
}

static const struct site *site_of(uint64_t pc, bool return_address)
{
    static struct site spare;
    if (!sites)
        sites = lg_map(sizeof *sites * SITES);
    if (!sites) {
        site_make(pc, return_address, &spare);
        return &spare;
    }
    uint64_t key = pc | (return_address ? 0 : 1ull << 63);
    uint32_t h = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 52) & (SITES - 1);
    for (uint32_t probes = 0; probes < SITES; probes++, h = (h + 1) & (SITES - 1)) {
        if (sites[h].pc == key)
            return &sites[h];
        if (!sites[h].pc) {
            site_make(pc, return_address, &sites[h]);
            sites[h].pc = key;
            return &sites[h];
        }
    }
    site_make(pc, return_address, &spare);
    return &spare;
}

/* "T1 (philosopher)": the report's thread label and the start function. */
static void thread_title(const struct track *t, char *buf, size_t len)
{
    char label[16];
    lg_thread_label(t->serial, label, sizeof label);
    const char *fn = t->start_fn ? site_of(t->start_fn, false)->function : "";
    if (fn[0] && fn[0] != '?' && strncmp(fn, "0x", 2))
        snprintf(buf, len, "%s (%.100s)", label, fn);
    else if (t->serial == 1)
        snprintf(buf, len, "%s (main)", label);
    else
        snprintf(buf, len, "%s", label);
}

/* The global variable at addr, or what it is; the last few addresses are
 * remembered (a program waits at the same barrier many times). */
static void object_name(uint64_t addr, const char *what, char *buf, size_t len)
{
    static struct { uint64_t addr; char var[96]; } recent[16];
    static unsigned next;
    const char *var = "";
    for (unsigned i = 0; addr && i < 16 && !var[0]; i++)
        if (recent[i].addr == addr)
            var = recent[i].var[0] ? recent[i].var : "-";
    if (addr && !var[0]) {
        uintptr_t start;
        size_t size;
        unsigned i = next++ % 16;
        recent[i].addr = addr;
        recent[i].var[0] = '\0';
        lg_symbolize_data((uintptr_t)addr, recent[i].var, sizeof recent[i].var, &start, &size);
        var = recent[i].var[0] ? recent[i].var : "-";
    }
    if (var[0] == '-')
        var = "";
    snprintf(buf, len, "%s%s%.96s", what, var[0] ? " " : "", var);
}

/* ---- output ---- */

static void out_ts(struct lg_out *o, const char *key, uint64_t ns)
{
    uint64_t us = ns / 1000, frac = ns % 1000;
    lg_out_printf(o, ",\"%s\":%llu.%03llu", key, (unsigned long long)us, (unsigned long long)frac);
}

static uint64_t rel(uint64_t ns)
{
    return ns > start_ns ? ns - start_ns : 0;
}

static void out_site_args(struct lg_out *o, uint64_t pc)
{
    const struct site *s = site_of(pc, true);
    if (s->where[0]) {
        lg_out_str(o, ",\"site\":");
        lg_out_json_str(o, s->where);
    }
    if (s->function[0]) {
        lg_out_str(o, ",\"function\":");
        lg_out_json_str(o, s->function);
    }
}

static bool lane_fits(const struct lane *l, uint64_t b, uint64_t e, int *keep)
{
    (void)e;
    int j = l->n;
    while (j > 0 && l->b[j - 1] >= b)
        j--;
    *keep = j;
    if (j > 0)
        return l->e[j - 1] <= b;
    return !l->has_old || b <= l->old_b || b >= l->old_e;
}

static void lane_add(struct lane *l, int keep, uint64_t b, uint64_t e)
{
    l->n = keep;
    if (!keep && l->has_old && b <= l->old_b)
        l->has_old = false;     /* the new slice contains them */
    if (l->n == LANE_KEEP) {
        l->old_b = l->has_old ? l->old_b : l->b[0];
        l->old_e = l->e[0];
        l->has_old = true;
        memmove(l->b, l->b + 1, sizeof l->b[0] * (LANE_KEEP - 1));
        memmove(l->e, l->e + 1, sizeof l->e[0] * (LANE_KEEP - 1));
        l->n--;
    }
    l->b[l->n] = b;
    l->e[l->n++] = e;
}

static void track_name(struct writer *w, const struct track *t, int lane)
{
    char title[160], name[180];
    thread_title(t, title, sizeof title);
    if (lane)
        snprintf(name, sizeof name, "%s +%d", title, lane);
    else
        snprintf(name, sizeof name, "%s", title);
    uint32_t tid = t->serial + (uint32_t)lane * LANE_TID;
    lg_out_printf(&w->o, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%u,\"args\":{\"name\":",
                  w->pid, tid);
    lg_out_json_str(&w->o, name);
    lg_out_printf(&w->o, "}},\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%u,"
                         "\"args\":{\"sort_index\":%u}}",
                  w->pid, tid, t->serial * LANES + (uint32_t)lane);
}

/* Starts a complete event of track t from b to e on a lane where it nests;
 * the caller adds ",\"args\":{...}}". */
static void slice_begin(struct writer *w, struct track *t, uint64_t b, uint64_t e,
                        const char *cat, const char *name)
{
    /* Slots and clock reads of different threads are not in one order: at
     * the cap, an event another thread recorded may be later than the end. */
    if (e < b)
        e = b;
    int lane = 0, keep = 0;
    while (lane < LANES - 1 && !lane_fits(&t->lanes[lane], b, e, &keep))
        lane++;
    if (lane == LANES - 1)
        lane_fits(&t->lanes[lane], b, e, &keep);    /* the last takes what is left */
    lane_add(&t->lanes[lane], keep, b, e);
    if (lane)
        w->slices_moved++;
    if (!t->lanes[lane].named) {
        t->lanes[lane].named = true;
        track_name(w, t, lane);
    }
    lg_out_str(&w->o, ",\n{\"name\":");
    lg_out_json_str(&w->o, name);
    lg_out_printf(&w->o, ",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":%d,\"tid\":%u", cat, w->pid,
                  t->serial + (uint32_t)lane * LANE_TID);
    out_ts(&w->o, "ts", rel(b));
    out_ts(&w->o, "dur", e - b);
}

static void emit_hold(struct writer *w, struct track *t, const struct held_open *h, uint64_t end,
                      const char *unfinished)
{
    const char *lock = lg_lock_label(h->lock);
    char name[160];
    snprintf(name, sizeof name, "%s%s", lock, h->mode == LG_READ ? " (read)" : "");
    slice_begin(w, t, h->ns, end, "lock", name);
    lg_out_str(&w->o, ",\"args\":{\"lock\":");
    lg_out_json_str(&w->o, lock);
    if (h->mode == LG_READ)
        lg_out_str(&w->o, ",\"mode\":\"read\"");
    out_site_args(&w->o, h->pc);
    if (unfinished) {
        lg_out_str(&w->o, ",\"unfinished\":");
        lg_out_json_str(&w->o, unfinished);
    }
    lg_out_str(&w->o, "}}");
}

static void emit_wait(struct writer *w, struct track *t, uint64_t end, const char *unfinished)
{
    char what[160], name[176], label[16];
    const char *kind = "wait";
    switch (t->wait_kind) {
    case LG_BLOCK_LOCK:
    case LG_BLOCK_SPIN:
        kind = "lock";
        snprintf(what, sizeof what, "%s", lg_lock_label((uint32_t)t->wait_obj));
        break;
    case LG_BLOCK_COND:
        kind = "condition";
        snprintf(what, sizeof what, "%s",
                 t->wait_obj ? lg_lock_label((uint32_t)t->wait_obj) : "condition variable");
        break;
    case LG_BLOCK_JOIN:
        kind = "join";
        lg_thread_label((uint32_t)t->wait_obj, label, sizeof label);
        snprintf(what, sizeof what, "join %s", label);
        break;
    case LG_BLOCK_BARRIER:
        kind = "barrier";
        object_name(t->wait_obj, "barrier", what, sizeof what);
        break;
    case LG_BLOCK_SEM:
        kind = "semaphore";
        object_name(t->wait_obj, "semaphore", what, sizeof what);
        break;
    default:
        snprintf(what, sizeof what, "?");
        break;
    }
    snprintf(name, sizeof name, "wait %s", what);
    slice_begin(w, t, t->wait_ns, end, "wait", name);
    lg_out_printf(&w->o, ",\"args\":{\"wait\":\"%s\",\"for\":", kind);
    lg_out_json_str(&w->o, what);
    out_site_args(&w->o, t->wait_pc);
    if (unfinished) {
        lg_out_str(&w->o, ",\"unfinished\":");
        lg_out_json_str(&w->o, unfinished);
    }
    lg_out_str(&w->o, "}}");
    t->waiting = false;
}

/* The thread's end (or the trace's): what it still held or waited for ends
 * there too, then its lifetime, which contains them all. */
static void close_track(struct writer *w, struct track *t, uint64_t end, const char *unfinished)
{
    if (t->waiting)
        emit_wait(w, t, end, unfinished);
    while (t->nopen > 0)
        emit_hold(w, t, &t->open[--t->nopen], end, unfinished);
    char title[160];
    thread_title(t, title, sizeof title);
    uint64_t b = t->started ? t->start_ns : t->serial == 1 ? start_ns : t->first_ns;
    slice_begin(w, t, b, end, "thread", title);
    lg_out_str(&w->o, ",\"args\":{\"thread\":");
    lg_out_json_str(&w->o, title);
    if (t->start_fn) {
        lg_out_str(&w->o, ",\"start\":");
        lg_out_json_str(&w->o, site_of(t->start_fn, false)->function);
    }
    lg_out_printf(&w->o, ",\"ended\":%s}}", t->ended ? "true" : "false");
}

/* e, whose type (read once, by the caller) is type. */
static void take(struct writer *w, const struct trace_event *e, int type)
{
    struct track *t = track_for(w, e->serial);
    if (!t || t->ended)
        return;
    if (!t->first_ns)
        t->first_ns = e->ns;
    switch (type) {
    case LG_TR_ACQUIRE:
        if (t->nopen < MAX_OPEN)
            t->open[t->nopen++] = (struct held_open){e->ns, e->pc, (uint32_t)e->obj, e->sub};
        break;
    case LG_TR_RELEASE:
        /* the innermost hold of that lock; none: taken before the trace, or untracked */
        for (int i = t->nopen - 1; i >= 0; i--) {
            if (t->open[i].lock != (uint32_t)e->obj)
                continue;
            struct held_open h = t->open[i];
            memmove(&t->open[i], &t->open[i + 1], sizeof t->open[0] * (size_t)(t->nopen - i - 1));
            t->nopen--;
            emit_hold(w, t, &h, e->ns, NULL);
            break;
        }
        break;
    case LG_TR_WAIT:
        if (t->waiting)
            emit_wait(w, t, e->ns, NULL);
        t->waiting = true;
        t->wait_ns = e->ns;
        t->wait_obj = e->obj;
        t->wait_pc = e->pc;
        t->wait_kind = e->sub;
        break;
    case LG_TR_WAIT_END:
        if (t->waiting)
            emit_wait(w, t, e->ns, NULL);
        break;
    case LG_TR_START:
        t->started = true;
        t->start_ns = e->ns;
        t->start_fn = e->pc;
        break;
    case LG_TR_END:
        t->ended = true;
        t->end_ns = e->ns;
        close_track(w, t, e->ns, "the thread ended");
        break;
    }
}

static void emit_marks(struct writer *w)
{
    for (int i = 0; i < nmarks; i++) {
        const struct lg_finding *f = &marks[i];
        char summary[600], label[16];
        lg_finding_summary(f, summary, sizeof summary);
        uint32_t serial = f->thread ? f->thread : f->nthreads ? f->threads[0].serial : 0;
        lg_out_str(&w->o, ",\n{\"name\":");
        lg_out_json_str(&w->o, lg_kind_name(f->kind));
        lg_out_printf(&w->o, ",\"cat\":\"finding\",\"ph\":\"i\",\"s\":\"g\",\"pid\":%d,\"tid\":%u",
                      w->pid, serial);
        out_ts(&w->o, "ts", rel(mark_ns[i]));
        lg_out_str(&w->o, ",\"args\":{\"kind\":");
        lg_out_json_str(&w->o, lg_kind_name(f->kind));
        lg_out_str(&w->o, ",\"summary\":");
        lg_out_json_str(&w->o, summary);
        lg_out_str(&w->o, ",\"threads\":[");
        for (int k = 0; k < f->nthreads || (k == 0 && f->thread); k++) {
            lg_thread_label(f->nthreads ? f->threads[k].serial : f->thread, label, sizeof label);
            lg_out_printf(&w->o, "%s\"%s\"", k ? "," : "", label);
        }
        lg_out_str(&w->o, "]}}");
    }
}

static void expand_path(const char *pattern, char *out, size_t len)
{
    size_t used = 0;
    for (const char *p = pattern; *p && used + 12 < len; p++) {
        if (p[0] == '%' && p[1] == 'p') {
            used += (size_t)snprintf(out + used, len - used, "%d", (int)getpid());
            p++;
        } else {
            out[used++] = *p;
        }
    }
    out[used] = '\0';
}

void lg_trace_write(bool detector_ended)
{
    if (!lg_trace_on)
        return;
    uint64_t now = lg_now_ns();
    uint64_t handed = atomic_load(&next_slot);
    uint64_t n = handed < cap ? handed : cap, dropped = handed - n;
    static struct writer w;
    memset(&w, 0, sizeof w);
    w.tracks = lg_map(sizeof *w.tracks * MAX_TRACKS);
    w.track_of = lg_map(sizeof *w.track_of * TRACK_HASH);
    char path[700], tmp[720];
    expand_path(lg_opt.trace_path, path, sizeof path);
    snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    int fd = w.tracks && w.track_of ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    if (fd < 0) {
        char line[800];
        int len = snprintf(line, sizeof line, "lockgraph: warning: cannot write the trace %s\n", path);
        lg_write_all(2, line, len > 0 && (size_t)len < sizeof line ? (size_t)len : 0);
        return;
    }
    w.pid = (int)getpid();
    w.capped = dropped > 0;
    w.end_ns = w.capped && atomic_load(&capped_ns) ? atomic_load(&capped_ns) : now;
    lg_out_fd(&w.o, fd, NULL);
    lg_out_printf(&w.o, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n"
                        "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"args\":{\"name\":",
                  w.pid);
    const char *exe = lg_exe_path(), *base = strrchr(exe, '/');
    lg_out_json_str(&w.o, base ? base + 1 : exe);
    lg_out_str(&w.o, "}}");
    for (uint64_t i = 0; i < n; i++) {
        const struct trace_event *e = &events[i];
        int type = atomic_load_explicit(&e->type, memory_order_acquire);
        if (type != LG_TR_NONE)
            take(&w, e, type);
    }
    const char *unfinished = w.capped ? "the trace reached its cap"
                             : detector_ended ? "the detector ended the process"
                                              : "the process ended";
    for (int i = 0; i < w.ntracks; i++)
        if (!w.tracks[i].ended)
            close_track(&w, &w.tracks[i], w.end_ns, unfinished);
    emit_marks(&w);
    if (w.capped) {
        lg_out_printf(&w.o, ",\n{\"name\":\"trace cap reached: %llu later events dropped\","
                            "\"cat\":\"trace\",\"ph\":\"i\",\"s\":\"g\",\"pid\":%d,\"tid\":0",
                      (unsigned long long)dropped, w.pid);
        out_ts(&w.o, "ts", rel(w.end_ns));
        lg_out_printf(&w.o, ",\"args\":{\"max_events\":%llu,\"dropped\":%llu}}",
                      (unsigned long long)cap, (unsigned long long)dropped);
    }
    if (detector_ended) {
        lg_out_printf(&w.o, ",\n{\"name\":\"the detector ended the process\",\"cat\":\"trace\","
                            "\"ph\":\"i\",\"s\":\"g\",\"pid\":%d,\"tid\":0",
                      w.pid);
        out_ts(&w.o, "ts", rel(now));
        lg_out_str(&w.o, "}");
    }
    /* what a viewer ignores and racecheck reads: what the trace holds */
    lg_out_str(&w.o, "\n],\n\"otherData\":{\"tool\":\"racecheck lockgraph\",\"version\":\""
                     RACECHECK_VERSION "\",\"program\":");
    lg_out_json_str(&w.o, exe);
    lg_out_printf(&w.o, ",\"pid\":%d,\"events\":%llu,\"max_events\":%llu,\"dropped\":%llu,"
                        "\"capped\":%s,\"ended_by_detector\":%s,\"threads_omitted\":%d,"
                        "\"findings_omitted\":%d,\"slices_on_extra_tracks\":%ld}}\n",
                  w.pid, (unsigned long long)n, (unsigned long long)cap,
                  (unsigned long long)dropped, w.capped ? "true" : "false",
                  detector_ended ? "true" : "false", w.tracks_dropped, marks_dropped,
                  w.slices_moved);
    lg_out_flush(&w.o);
    close(fd);
    rename(tmp, path);
}
