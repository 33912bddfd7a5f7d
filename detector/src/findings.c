/* Findings: kept in memory the detector maps, deduplicated, and written out
 * the moment they are made (text appended to the log, the JSON document
 * replaced atomically), so an _exit, abort, crash or kill loses none. The
 * JSON report exists from the start (an empty one, "complete": false), so a
 * program that ends without the detector's exit path still leaves one. */
#include "lockgraph.h"
#include "order.h"
#include "report.h"
#include "symbolize.h"
#include "trace.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

#define JSON_BYTES (8u << 20)

lg_ilock lg_report_lock;
static struct lg_finding *stored;
static int nstored;
static uint64_t *keys;
static atomic_int total;              /* findings made, including ones not stored */
static char *json_mem;                /* every finding's JSON, comma separated */
static size_t json_used;
static atomic_int ending;
static int findings_full_warned;
static char warnings[8][256];
static int nwarnings;
/* Ruled-out cycles (order.c), as notes: JSON only, never counted. */
#define NOTES_JSON_BYTES (2u << 20)
static struct lg_finding *notes;
static int nnotes;
static char *notes_json;
static size_t notes_used;

const char *lg_kind_name(enum lg_kind kind)
{
    switch (kind) {
#define FINDING_KIND(id, name, level, meaning, headline, title, explanation, fix) \
    case LG_K_##id: return name;
#include "finding_kinds.inc"
#undef FINDING_KIND
    case LG_K_COUNT: break;
    }
    return "?";
}

int lg_findings_count(void)
{
    return atomic_load(&total);
}

/* The same bug is the same kind at the same code: the top frames of its stacks. */
static uint64_t top_pc(uint32_t stack)
{
    const uintptr_t *f;
    return lg_stack_get(stack, &f) > 0 ? f[0] : 0;
}

static uint64_t finding_key(const struct lg_finding *f)
{
    uint64_t sum = 0, x = 0;
    for (int i = 0; i < f->nedges; i++) {
        uint64_t h = top_pc(f->edges[i].to_stack) * 31 + top_pc(f->edges[i].from_stack);
        sum += h * 0x9e3779b97f4a7c15ull;     /* order-insensitive */
        x ^= h;
    }
    for (int i = 0; i < f->nthreads; i++) {
        uint64_t h = top_pc(f->threads[i].stack);
        sum += h * 0x9e3779b97f4a7c15ull;
        x ^= h;
    }
    sum += top_pc(f->stack) * 0xc2b2ae3d27d4eb4full;
    return (sum ^ (x << 1)) * 16 + (uint64_t)f->kind;
}

/* "%p" in a path is the process id. */
static void expand_path(const char *pattern, char *out, size_t len)
{
    size_t used = 0;
    for (const char *p = pattern; *p && used + 1 < len; p++) {
        if (p[0] == '%' && p[1] == 'p') {
            used += (size_t)snprintf(out + used, len - used, "%d", (int)getpid());
            p++;
        } else {
            out[used++] = *p;
        }
    }
    out[used < len ? used : len - 1] = '\0';
}

/* The report file belongs to the first process of the run. Every other one,
 * a forked child or a program that one exec'd or spawned (which inherits
 * the environment, and the detector through LD_PRELOAD), writes FILE.PID
 * beside it, so no process replaces another's findings. */
#define OWNER_VARIABLE "LOCKGRAPH_REPORT_OWNER"
static pid_t report_owner;

void lg_findings_init(void)
{
    if (!lg_opt.log_path[0] || strstr(lg_opt.log_path, "%p"))
        return;
    const char *owner = getenv(OWNER_VARIABLE);
    if (owner && *owner) {
        report_owner = (pid_t)atoi(owner);
        return;
    }
    report_owner = getpid();
}

/* Called from the constructor, not from a lazy lg_init: setenv allocates,
 * and a lazy start can come from inside the program's own malloc. */
void lg_findings_export_owner(void)
{
    if (report_owner != getpid() || getenv(OWNER_VARIABLE))
        return;
    char pid[24];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    setenv(OWNER_VARIABLE, pid, 1);     /* before main: no other thread runs */
}

static void log_file_path(char *out, size_t len)
{
    char path[600];
    expand_path(lg_opt.log_path, path, sizeof path);
    if (report_owner && getpid() != report_owner)
        snprintf(out, len, "%s.%d", path, (int)getpid());
    else
        snprintf(out, len, "%s", path);
}

/* After the program changes its credentials or its root (setuid, chroot),
 * the report's folder may be closed to it: the report file is opened just
 * before (lg_findings_pin_report) and from then on written through that
 * descriptor, in place. Its identity is checked before each use: a program
 * that closes every descriptor may get the number back for a file of its own. */
static int pinned_fd = -1;
static dev_t pinned_dev;
static ino_t pinned_ino;

static int pinned_report(void)
{
    struct stat st;
    if (pinned_fd >= 0 && fstat(pinned_fd, &st) == 0 && st.st_dev == pinned_dev &&
        st.st_ino == pinned_ino)
        return pinned_fd;
    pinned_fd = -1;
    return -1;
}

static void pin_report(void)
{
    if (!lg_opt.log_path[0] || pinned_report() >= 0)
        return;
    char path[700];
    log_file_path(path, sizeof path);
    int append = strcmp(lg_opt.format, "json") ? O_APPEND : 0;
    int fd = open(path, O_WRONLY | O_CREAT | append | O_CLOEXEC, 0644);
    struct stat st;
    if (fd < 0)
        return;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return;
    }
    pinned_fd = fd;
    pinned_dev = st.st_dev;
    pinned_ino = st.st_ino;
}

static void write_json_document(int complete)
{
    char path[700], tmp[720];
    int fd = 2;
    /* "to a file" is said by the option, not by fd != 2: a program that
     * closed its stderr gets descriptor 2 back from open */
    bool to_file = lg_opt.log_path[0] != '\0';
    int pinned = to_file ? pinned_report() : -1;
    if (pinned >= 0) {
        fd = pinned;
        lseek(fd, 0, SEEK_SET);
    } else if (to_file) {
        log_file_path(path, sizeof path);
        snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            return;
    }
    struct lg_out o;
    lg_out_fd(&o, fd, NULL);
    lg_out_str(&o, "{\"racecheck\":1,\"version\":\"" RACECHECK_VERSION "\",\"target\":");
    lg_out_json_str(&o, lg_exe_path());
    lg_out_printf(&o, ",\"pid\":%d,\"verdict\":\"%s\",\"complete\":%s,", (int)getpid(),
                  atomic_load(&total) ? "buggy" : "clean", complete ? "true" : "false");
    lg_out_str(&o, "\"tools\":[{\"name\":\"lockgraph\",\"status\":\"ran\"}],\"warnings\":[");
    for (int i = 0; i < nwarnings; i++) {
        if (i)
            lg_out_str(&o, ",");
        lg_out_json_str(&o, warnings[i]);
    }
    lg_out_printf(&o, "],\"stats\":{\"locks\":%u,\"edges\":%u,\"findings\":%d},\"findings\":[\n",
                  lg_lock_count(), atomic_load(&lg_graph.nedges), atomic_load(&total));
    lg_out_flush(&o);
    if (json_mem)
        lg_write_all(fd, json_mem, json_used);
    if (notes_used) {
        if (json_used)
            lg_write_all(fd, ",\n", 2);
        lg_write_all(fd, notes_json, notes_used);
    }
    lg_out_str(&o, "\n]}\n");
    lg_out_flush(&o);
    if (pinned >= 0) {
        off_t end = lseek(fd, 0, SEEK_CUR);
        if (end > 0)
            ftruncate(fd, end);
    } else if (to_file) {
        close(fd);
        rename(tmp, path);
    }
}

static void append_text(const struct lg_finding *f)
{
    int fd = 2;
    bool to_file = false;       /* as in write_json_document: not fd != 2 */
    int pinned = lg_opt.log_path[0] ? pinned_report() : -1;
    if (pinned >= 0) {
        fd = pinned;
    } else if (lg_opt.log_path[0]) {
        char path[700];
        log_file_path(path, sizeof path);
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        to_file = fd >= 0;
        if (fd < 0)
            fd = 2;
    }
    struct lg_out o;
    lg_out_fd(&o, fd, "lockgraph: ");
    lg_print_text(&o, f);
    lg_out_flush(&o);
    if (to_file && fd != pinned)
        close(fd);
}

static void store_json(const struct lg_finding *f)
{
    if (!json_mem)
        json_mem = lg_map(JSON_BYTES);
    if (!json_mem)
        return;
    struct lg_out o;
    size_t start = json_used;
    lg_out_mem(&o, json_mem + json_used, JSON_BYTES - json_used);
    if (json_used)
        lg_out_str(&o, ",\n");
    lg_print_json(&o, f);
    lg_out_flush(&o);
    if (o.overflow)
        json_used = start;        /* a cut object would break the document */
    else
        json_used += o.mem_used;
}

/* Writing a report out (printers, symbolizer, file writes) needs more than
 * 10 KB of stack, more than a thread made with a small stack
 * (PTHREAD_STACK_MIN) has to spare. It runs on a stack of the detector's own, under
 * lg_report_lock, with cancellation off: a cancellation point in there must
 * not unwind the program's thread out of the detector. */
#define REPORT_STACK_BYTES (256u << 10)
static char *report_stack;
static ucontext_t report_context, caller_context;
static void (*report_body)(void);
static const struct lg_finding *report_finding;

static void report_entry(void)
{
    report_body();          /* then back to caller_context (uc_link) */
}

static void run_on_report_stack(void (*body)(void))
{
    int cancel_state;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel_state);
    if (!report_stack)
        report_stack = lg_map(REPORT_STACK_BYTES);
    if (report_stack && getcontext(&report_context) == 0) {
        report_context.uc_stack.ss_sp = report_stack;
        report_context.uc_stack.ss_size = REPORT_STACK_BYTES;
        report_context.uc_link = &caller_context;
        report_body = body;
        makecontext(&report_context, report_entry, 0);
        swapcontext(&caller_context, &report_context);
    } else {
        body();
    }
    pthread_setcancelstate(cancel_state, NULL);
}

/* Whether note n shares an acquisition site with a reported inversion:
 * the harness would then take the two for one bug, and the note must not
 * hide the error. */
static bool note_overlaps_finding(const struct lg_finding *n)
{
    for (int i = 0; i < nstored; i++) {
        if (stored[i].kind != LG_K_LOCK_ORDER_INVERSION)
            continue;
        for (int j = 0; j < stored[i].nedges; j++)
            for (int k = 0; k < n->nedges; k++)
                if (top_pc(stored[i].edges[j].to_stack) == top_pc(n->edges[k].to_stack) ||
                    top_pc(stored[i].edges[j].from_stack) == top_pc(n->edges[k].from_stack))
                    return true;
    }
    return false;
}

/* Under lg_report_lock: the notes' JSON, from the last copy of them. */
static void render_notes(void)
{
    if (!notes_json)
        notes_json = lg_map(NOTES_JSON_BYTES);
    notes_used = 0;
    for (int i = 0; notes_json && i < nnotes; i++) {
        if (note_overlaps_finding(&notes[i]))
            continue;
        struct lg_out o;
        lg_out_mem(&o, notes_json + notes_used, NOTES_JSON_BYTES - notes_used);
        if (notes_used)
            lg_out_str(&o, ",\n");
        lg_print_json(&o, &notes[i]);
        lg_out_flush(&o);
        if (!o.overflow)
            notes_used += o.mem_used;
    }
}

static void write_new_finding(void)
{
    store_json(report_finding);
    if (report_finding->kind == LG_K_LOCK_ORDER_INVERSION && nnotes)
        render_notes();     /* one may give way to it */
    if (!strcmp(lg_opt.format, "text"))
        append_text(report_finding);
    else if (lg_opt.log_path[0])
        write_json_document(0);
}

int lg_report(struct lg_finding *f)
{
    lg_tls.in_detector++;
    int saved_errno = errno;
    lg_ilock_lock(&lg_report_lock);
    if (!stored) {
        stored = lg_map(sizeof *stored * (size_t)lg_opt.max_findings);
        keys = lg_map(sizeof *keys * (size_t)lg_opt.max_findings);
    }
    uint64_t key = finding_key(f);
    for (int i = 0; i < nstored; i++) {
        if (keys[i] == key) {
            lg_ilock_unlock(&lg_report_lock);
            errno = saved_errno;
            lg_tls.in_detector--;
            return 0;
        }
    }
    atomic_fetch_add(&total, 1);
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_finding(f);        /* the moment, marked in the trace */
    if (stored && nstored < lg_opt.max_findings) {
        keys[nstored] = key;
        stored[nstored++] = *f;
        report_finding = f;
        run_on_report_stack(write_new_finding);
    } else if (!findings_full_warned) {
        findings_full_warned = 1;
        lg_ilock_unlock(&lg_report_lock);
        lg_warn("more than max_findings=%ld findings: later ones are counted, not shown",
                lg_opt.max_findings);
        lg_ilock_lock(&lg_report_lock);
    }
    lg_ilock_unlock(&lg_report_lock);
    errno = saved_errno;
    lg_tls.in_detector--;
    return 1;
}

static void write_notes(void)
{
    render_notes();
    if (lg_opt.log_path[0])
        write_json_document(0);
}

void lg_findings_notes_changed(void)
{
    lg_tls.in_detector++;
    int saved_errno = errno;
    lg_ilock_lock(&lg_report_lock);
    if (!notes)
        notes = lg_map(sizeof *notes * LG_MAX_NOTES);
    if (notes) {
        nnotes = lg_order_notes(notes, LG_MAX_NOTES);
        run_on_report_stack(write_notes);
    }
    lg_ilock_unlock(&lg_report_lock);
    errno = saved_errno;
    lg_tls.in_detector--;
}

int lg_edge_in_reported_cycle(uint32_t from, uint32_t to)
{
    for (int i = 0; i < nstored; i++) {
        if (stored[i].kind != LG_K_LOCK_ORDER_INVERSION)
            continue;
        for (int j = 0; j < stored[i].nedges; j++)
            if (stored[i].edges[j].from == from && stored[i].edges[j].to == to)
                return 1;
    }
    return 0;
}

const struct lg_finding *lg_findings_kept(int *n)
{
    *n = stored ? nstored : 0;
    return stored;
}

void lg_warn(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_report_lock);
    if (nwarnings < 8)
        snprintf(warnings[nwarnings++], sizeof warnings[0], "%s", msg);
    char line[300];
    int n = snprintf(line, sizeof line, "lockgraph: warning: %s\n", msg);
    lg_write_all(2, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    lg_ilock_unlock(&lg_report_lock);
    lg_tls.in_detector--;
}

static void write_graph(void)
{
    if (!lg_opt.graph_path[0])
        return;
    char path[700];
    expand_path(lg_opt.graph_path, path, sizeof path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    struct lg_out o;
    lg_out_fd(&o, fd, NULL);
    lg_ilock_lock(&lg_graph_lock);
    lg_print_dot(&o);
    lg_ilock_unlock(&lg_graph_lock);
    lg_out_flush(&o);
    close(fd);
}

void lg_findings_write_graph(void)
{
    if (!lg_opt.graph_path[0])
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_report_lock);
    run_on_report_stack(write_graph);
    lg_ilock_unlock(&lg_report_lock);
    lg_tls.in_detector--;
}

static void write_final_reports(void)
{
    /* a process that is not the report's owner (a shell that system()
     * started, say) writes its FILE.PID only if it found something */
    bool not_owner = report_owner && getpid() != report_owner;
    if (!strcmp(lg_opt.format, "json") && !(not_owner && atomic_load(&total) == 0))
        write_json_document(1);
    write_graph();
    lg_trace_write(atomic_load(&ending));
}

static void final_reports(void)
{
    lg_ilock_lock(&lg_report_lock);
    run_on_report_stack(write_final_reports);
    lg_ilock_unlock(&lg_report_lock);
}

/* stdio buffers of the program, flushed if no other thread is inside stdio */
static void flush_stdio(void)
{
    FILE *streams[] = {stdout, stderr};
    for (int i = 0; i < 2; i++) {
        if (ftrylockfile(streams[i]) == 0) {
            fflush_unlocked(streams[i]);
            funlockfile(streams[i]);
        }
    }
}

void lg_end_process(void)
{
    lg_tls.in_detector++;
    if (atomic_exchange(&ending, 1)) {
        for (;;)
            pause();        /* another thread is ending the process */
    }
    final_reports();
    flush_stdio();
    _exit((int)lg_opt.exitcode);
}

void lg_findings_at_exit(void)
{
    lg_tls.in_detector++;
    final_reports();
    if (atomic_load(&total) > 0) {
        fflush(NULL);
        _exit((int)lg_opt.exitcode);
    }
    lg_tls.in_detector--;
}

/* Before setuid, chroot and the like: what writing a report later needs. */
void lg_findings_before_privilege_change(void)
{
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_report_lock);
    pin_report();
    lg_symbolizer_prepare();
    lg_ilock_unlock(&lg_report_lock);
    lg_tls.in_detector--;
}

/* The owner's JSON report, written once at start. */
void lg_findings_start_report(void)
{
    bool owner = !report_owner || getpid() == report_owner;
    if (!owner || !lg_opt.log_path[0] || strcmp(lg_opt.format, "json"))
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_report_lock);
    write_json_document(0);
    lg_ilock_unlock(&lg_report_lock);
    lg_tls.in_detector--;
}

void lg_findings_after_fork_child(void)
{
    /* the parent's report file is the parent's: the child writes FILE.PID */
    if (pinned_report() >= 0)
        close(pinned_fd);
    pinned_fd = -1;
    /* the child's report starts empty: its parent's findings are the parent's */
    nstored = 0;
    json_used = 0;
    nnotes = 0;
    notes_used = 0;
    atomic_store(&total, 0);
}
