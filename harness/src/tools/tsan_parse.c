/* Parser for ThreadSanitizer's text reports (clang 14 format):
 *
 *   ==================
 *   WARNING: ThreadSanitizer: data race (pid=3565)
 *     Write of size 8 at 0x55a5f1391258 by thread T2:          <- section header (2 spaces)
 *       #0 worker /path/race.c:11:16 (race.tsan+0xd01a2) (BuildId: ...)   <- frame
 *     ...
 *   SUMMARY: ThreadSanitizer: data race /path/race.c:11:16 in worker
 *   ==================
 *
 * and the sanitizer_common deadly-signal form:
 *
 *   ==4060==ERROR: ThreadSanitizer: SEGV on unknown address 0x0 (pc ... T4062)
 *       #0 crasher /path/segv.c:10:13 (segv.tsan+0xd0156) (BuildId: ...)
 *   SUMMARY: ThreadSanitizer: SEGV /path/segv.c:10:13 in crasher
 *
 * The input is copied once into a NUL-terminated buffer; every string below
 * points into that copy. */
#include "tools/tsan_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct section {
    const char *label; /* header text without the trailing ':'; NULL: the frames after the title */
    struct frame *frames;
    size_t nframes, cap;
};

struct report {
    const char *title;  /* "data race", "SEGV on unknown address 0x000000000000", ... */
    int deadly_signal;  /* an ERROR: report */
    const char *object_name; /* from "Location is global 'NAME'" */
    struct section *secs;
    size_t nsecs, cap;
    int accepting; /* the last section still takes frames */
};

static void report_reset(struct report *r)
{
    for (size_t i = 0; i < r->nsecs; i++)
        free(r->secs[i].frames);
    free(r->secs);
    memset(r, 0, sizeof *r);
}

static struct section *report_new_section(struct report *r, const char *label)
{
    if (r->nsecs == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct section *secs = realloc(r->secs, cap * sizeof *secs);
        if (!secs)
            abort();
        r->secs = secs;
        r->cap = cap;
    }
    struct section *s = &r->secs[r->nsecs++];
    memset(s, 0, sizeof *s);
    s->label = label;
    r->accepting = 1;
    return s;
}

static void section_add_frame(struct section *s, const struct frame *fr)
{
    if (s->nframes == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct frame *frames = realloc(s->frames, cap * sizeof *frames);
        if (!frames)
            abort();
        s->frames = frames;
        s->cap = cap;
    }
    s->frames[s->nframes++] = *fr;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void rstrip(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Splits "FILE:LINE:COL" / "FILE:LINE" in place; "<null>" and "??" give no file. */
static void parse_file_line(char *loc, struct frame *fr)
{
    int numbers[2] = {0, 0}, nnum = 0;
    while (nnum < 2) {
        char *colon = strrchr(loc, ':');
        if (!colon || !all_digits(colon + 1))
            break;
        numbers[nnum++] = (int)strtol(colon + 1, NULL, 10) & 0x7fffffff;
        *colon = '\0';
    }
    if (!*loc || strcmp(loc, "<null>") == 0 || strcmp(loc, "??") == 0)
        return;
    fr->file = loc;
    fr->line = nnum == 2 ? numbers[1] : nnum == 1 ? numbers[0] : 0;
}

/* t points at "#N ..." (leading spaces already skipped). Edits t in place. */
static void parse_frame(char *t, struct frame *fr)
{
    memset(fr, 0, sizeof *fr);
    char *p = t + 1;
    while (isdigit((unsigned char)*p))
        p++;
    while (*p == ' ' || *p == '\t')
        p++;
    rstrip(p);
    char *build = strstr(p, " (BuildId:");
    if (build)
        *build = '\0';
    rstrip(p);
    size_t n = strlen(p);
    if (n > 0 && p[n - 1] == ')') {
        char *open = NULL;
        for (char *q = p; (q = strstr(q, " (")) != NULL; q++)
            open = q;
        if (open) {
            p[n - 1] = '\0';
            char *obj = open + 2;
            *open = '\0';
            char *plus = strrchr(obj, '+');
            if (plus && starts_with(plus, "+0x"))
                *plus = '\0';
            fr->object = *obj ? obj : NULL;
        } else if (p[0] == '(') { /* "(module+0x...)" alone */
            p[n - 1] = '\0';
            fr->object = p + 1;
            return;
        }
    }
    rstrip(p);
    /* optional "0xADDR in " (sanitizer_common's default frame format) */
    if (starts_with(p, "0x")) {
        char *sp = strchr(p, ' ');
        if (!sp)
            return;
        p = sp;
        while (*p == ' ')
            p++;
        if (starts_with(p, "in "))
            p += 3;
    }
    char *last = strrchr(p, ' ');
    if (!last) {
        if (*p && strcmp(p, "<null>") != 0)
            fr->function = p;
        return;
    }
    *last = '\0';
    rstrip(p);
    parse_file_line(last + 1, fr);
    if (*p && strcmp(p, "<null>") != 0)
        fr->function = p;
}

/* "Previous atomic write of size 8 at ..." -> "previous atomic write"; NULL
 * when label is not a memory access header. Writes into buf. */
static const char *access_label(const char *label, char *buf, size_t size)
{
    if (!label)
        return NULL;
    const char *p = label;
    if (starts_with_ci(p, "Previous "))
        p += 9;
    if (starts_with_ci(p, "atomic "))
        p += 7;
    if (!starts_with_ci(p, "read of size") && !starts_with_ci(p, "write of size"))
        return NULL;
    const char *end = strstr(label, " of size");
    size_t n = end ? (size_t)(end - label) : 0;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)label[i]);
    buf[n] = '\0';
    return buf;
}

static const struct frame *pick(const struct frame_filter *filter, const struct section *s)
{
    long i = s ? frame_pick(filter, s->frames, s->nframes) : -1;
    return i >= 0 ? &s->frames[i] : NULL;
}

static void add_loc(struct finding *f, const struct frame *fr)
{
    if (fr && fr->file)
        frame_add_location_unique(f, fr->file, fr->line, fr->function);
}

static enum finding_kind kind_of(const struct report *r)
{
    const char *t = r->title;
    if (r->deadly_signal)
        return KIND_CRASH;
    if (starts_with(t, "data race"))
        return KIND_DATA_RACE;
    if (starts_with(t, "lock-order-inversion"))
        return KIND_LOCK_ORDER_INVERSION;
    if (starts_with(t, "unlock of an unlocked mutex"))
        return KIND_BAD_UNLOCK;
    if (starts_with(t, "destroy of a locked mutex"))
        return KIND_DESTROY_LOCKED;
    if (starts_with(t, "double lock of a mutex"))
        return KIND_DOUBLE_LOCK;
    if (strstr(t, "use-after-free"))
        return KIND_DATA_RACE;  /* an access racing with free(): nothing died */
    if (starts_with(t, "SEGV"))
        return KIND_CRASH;
    return KIND_MISUSE; /* thread leak, signal-unsafe call, ... */
}

static const struct section *main_stack(const struct report *r)
{
    for (size_t i = 0; i < r->nsecs; i++)
        if (r->secs[i].nframes > 0)
            return &r->secs[i];
    return NULL;
}

/* Data race / use after free: the first two access stacks. 0 when there are none. */
static int emit_accesses(const struct report *r, const struct frame_filter *filter,
                         struct finding_list *out, enum finding_kind kind)
{
    const struct section *acc[2];
    const char *what[2];
    char buf[2][64];
    size_t nacc = 0;
    for (size_t i = 0; i < r->nsecs && nacc < 2; i++) {
        const char *a = access_label(r->secs[i].label, buf[nacc], sizeof buf[nacc]);
        if (a) {
            what[nacc] = a;
            acc[nacc++] = &r->secs[i];
        }
    }
    if (nacc == 0)
        return 0;
    char *summary = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&summary, &size);
    if (!m)
        abort();
    /* TSan's free() is the "previous write" of a use after free */
    int uaf = strstr(r->title, "use-after-free") != NULL;
    fputs(uaf ? "use after free" : r->title, m);
    if (r->object_name)
        fprintf(m, " on '%s'", r->object_name);
    fputs(":", m);
    for (size_t i = 0; i < nacc; i++) {
        fprintf(m, "%s %s ", i ? "," : "", uaf && i ? "freed" : what[i]);
        frame_describe(m, pick(filter, acc[i]));
    }
    fclose(m);
    struct finding *f = finding_list_add(out, kind, TOOL_TSAN, summary);
    free(summary);
    if (r->object_name)
        f->object = strdup(r->object_name);
    for (size_t i = 0; i < nacc; i++)
        add_loc(f, pick(filter, acc[i]));
    return 1;
}

/* "Mutex M1 acquired here while holding mutex M0 in thread T1" -> to=M1, from=M0 */
static int parse_edge(const char *label, char *to, char *from, size_t size)
{
    if (!label || !starts_with(label, "Mutex "))
        return 0;
    const char *hold = strstr(label, " acquired here while holding mutex ");
    if (!hold)
        return 0;
    const char *a = label + 6;
    size_t na = strcspn(a, " ");
    const char *b = hold + strlen(" acquired here while holding mutex ");
    size_t nb = strcspn(b, " ");
    if (na == 0 || nb == 0 || na >= size || nb >= size)
        return 0;
    memcpy(to, a, na);
    to[na] = '\0';
    memcpy(from, b, nb);
    from[nb] = '\0';
    return 1;
}

/* The thread of an edge's header ("... in thread T1"), into out; "" when none. */
static void edge_thread(const char *label, char *out, size_t size)
{
    const char *t = strstr(label, " in thread ");
    out[0] = '\0';
    if (t)
        snprintf(out, size, "%.*s", (int)strcspn(t + 11, " :"), t + 11);
}

/* The interleaving of an inversion: per edge, its thread first takes the held
 * mutex ("Mutex M0 previously acquired by the same thread here", printed with
 * second_deadlock_stack=1), then the other while holding it. A thread is
 * named by its outermost program frame: the function it started in. */
static void add_lock_order_flow(const struct report *r, const struct frame_filter *filter,
                                struct finding *f)
{
    for (size_t i = 0; i < r->nsecs; i++) {
        char to[64], from[64], tid[32], thread[256], step[200];
        const struct section *s = &r->secs[i];
        if (!parse_edge(s->label, to, from, sizeof to))
            continue;
        edge_thread(s->label, tid, sizeof tid);
        const struct frame *at = pick(filter, s);
        const char *outer = NULL;
        for (long k = frame_pick(filter, s->frames, s->nframes); k >= 0;
             k = frame_next_program(filter, s->frames, s->nframes, k))
            outer = s->frames[k].function;
        if (outer)
            snprintf(thread, sizeof thread, "%s (%s)", tid[0] ? tid : "a thread", outer);
        else
            snprintf(thread, sizeof thread, "%s", tid[0] ? tid : "a thread");
        const struct section *prev = i + 1 < r->nsecs ? &r->secs[i + 1] : NULL;
        if (prev && prev->label && strstr(prev->label, " previously acquired by the same thread")) {
            const struct frame *pat = pick(filter, prev);
            snprintf(step, sizeof step, "acquires %s", from);
            if (pat && pat->file)
                finding_add_flow_step(f, TOOL_TSAN, thread, step, pat->file, pat->line,
                                      pat->function);
        }
        snprintf(step, sizeof step, "acquires %s while holding %s", to, from);
        if (at && at->file)
            finding_add_flow_step(f, TOOL_TSAN, thread, step, at->file, at->line, at->function);
    }
}

static int emit_lock_order(const struct report *r, const struct frame_filter *filter,
                           struct finding_list *out)
{
    char *summary = NULL;
    size_t size = 0, nedges = 0;
    FILE *m = open_memstream(&summary, &size);
    if (!m)
        abort();
    fputs("lock order", m);
    for (size_t i = 0; i < r->nsecs; i++) {
        char to[64], from[64];
        if (!parse_edge(r->secs[i].label, to, from, sizeof to))
            continue;
        const struct section *s = &r->secs[i];
        long at = frame_pick(filter, s->frames, s->nframes);
        fprintf(m, "%s %s -> %s", nedges++ ? "," : "", from, to);
        if (at >= 0 && s->frames[at].function) {
            fprintf(m, " in %s", s->frames[at].function);
            long up = frame_next_program(filter, s->frames, s->nframes, at);
            if (up >= 0 && s->frames[up].function &&
                strcmp(s->frames[up].function, s->frames[at].function) != 0)
                fprintf(m, " called from %s", s->frames[up].function);
        }
    }
    fclose(m);
    if (nedges == 0) {
        free(summary);
        return 0;
    }
    struct finding *f = finding_list_add(out, KIND_LOCK_ORDER_INVERSION, TOOL_TSAN, summary);
    free(summary);
    for (size_t i = 0; i < r->nsecs; i++) {
        char to[64], from[64];
        if (parse_edge(r->secs[i].label, to, from, sizeof to))
            add_loc(f, pick(filter, &r->secs[i]));
    }
    add_lock_order_flow(r, filter, f);
    finding_label_locations(f);
    return 1;
}

/* "thread leak" of "Thread T1 (tid=3704, finished) created by main thread at" */
static int leaked_finished(const struct report *r)
{
    if (!starts_with(r->title, "thread leak"))
        return 0;
    for (size_t i = 0; i < r->nsecs; i++)
        if (r->secs[i].label && starts_with(r->secs[i].label, "Thread ") &&
            strstr(r->secs[i].label, ", finished)"))
            return 1;
    return 0;
}

static int emit(const struct report *r, const struct frame_filter *filter,
                struct finding_list *out)
{
    enum finding_kind kind = kind_of(r);
    if (kind == KIND_DATA_RACE) {
        if (emit_accesses(r, filter, out, kind))
            return 1;
    } else if (kind == KIND_LOCK_ORDER_INVERSION) {
        if (emit_lock_order(r, filter, out))
            return 1;
    }
    const struct frame *fr = pick(filter, main_stack(r));
    char *summary = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&summary, &size);
    if (!m)
        abort();
    fputs(r->title, m);
    if (r->object_name)
        fprintf(m, " on '%s'", r->object_name);
    if (fr) {
        fputc(' ', m);
        frame_describe(m, fr);
    }
    fclose(m);
    struct finding *f = finding_list_add(out, kind, TOOL_TSAN, summary);
    free(summary);
    add_loc(f, fr);
    if (leaked_finished(r))
        finding_make_note(f, "main returned without joining a thread that had finished: "
                             "a resource leak, not a threading bug", 0);
    return 1;
}

static int is_separator(const char *s)
{
    size_t n = 0;
    while (s[n] == '=')
        n++;
    return n >= 10 && s[n] == '\0';
}

static int is_deadly_title(const char *t)
{
    return strstr(t, " on unknown address") || starts_with(t, "stack-overflow") ||
           starts_with(t, "SEGV") || starts_with(t, "BUS") || starts_with(t, "FPE") ||
           starts_with(t, "ILL") || starts_with(t, "ABRT");
}

/* Cuts " (pid=N)" or " (pc 0x...)" off a title. */
static void trim_title(char *t)
{
    char *cut = strstr(t, " (pid=");
    if (!cut)
        cut = strstr(t, " (pc ");
    if (cut)
        *cut = '\0';
    rstrip(t);
}

int tsan_parse(const char *text, size_t len, const struct frame_filter *filter,
               struct finding_list *out)
{
    if (!text || !out || len == 0)
        return 0;
    char *buf = malloc(len + 1);
    if (!buf)
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';

    static const char warning[] = "WARNING: ThreadSanitizer: ";
    static const char error[] = "ERROR: ThreadSanitizer: ";
    struct report r = {0};
    int in_report = 0, count = 0;
    char *line = buf;
    while (line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        rstrip(line);
        char *w;
        if ((w = strstr(line, warning)) != NULL ||
            ((w = strstr(line, error)) != NULL && is_deadly_title(w + strlen(error)))) {
            int deadly = !starts_with(w, warning);
            if (in_report)
                count += emit(&r, filter, out);
            report_reset(&r);
            r.title = w + (deadly ? strlen(error) : strlen(warning));
            trim_title((char *)r.title);
            if (!*r.title) /* a finding's summary is never empty */
                r.title = "ThreadSanitizer warning";
            r.deadly_signal = deadly;
            in_report = 1;
        } else if (in_report) {
            char *t = line;
            while (*t == ' ' || *t == '\t')
                t++;
            size_t indent = (size_t)(t - line);
            if (strstr(line, "SUMMARY: ThreadSanitizer:") || is_separator(line)) {
                count += emit(&r, filter, out);
                report_reset(&r);
                in_report = 0;
            } else if (*t == '\0') {
                r.accepting = 0;
            } else if (t[0] == '#' && isdigit((unsigned char)t[1])) {
                struct frame fr;
                parse_frame(t, &fr);
                struct section *s = r.accepting && r.nsecs ? &r.secs[r.nsecs - 1]
                                                           : report_new_section(&r, NULL);
                section_add_frame(s, &fr);
            } else if (indent == 2) {
                size_t n = strlen(t);
                if (n > 0 && t[n - 1] == ':')
                    t[n - 1] = '\0';
                report_new_section(&r, t);
                if (!r.object_name && starts_with(t, "Location is global '")) {
                    char *name = t + strlen("Location is global '");
                    char *q = strchr(name, '\'');
                    if (q && q > name && strncmp(name, "??", 2) != 0) {
                        /* cuts the label short, which only ends in the size */
                        *q = '\0';
                        r.object_name = name;
                    }
                }
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    report_reset(&r); /* a report cut off by the end of the text is dropped */
    free(buf);
    return count;
}

/* The runtime's own failures (sanitizer_common): a CHECK (after which TSan
 * may hang), and memory it could not map or allocate. */
static const char *const broke_markers[] = {
    "ThreadSanitizer: CHECK failed", "ThreadSanitizer failed to ", "FATAL: ThreadSanitizer",
    "ThreadSanitizer: allocator is out of memory", "ERROR: Failed to mmap", NULL};

int tsan_broke(const char *text, size_t len, char *why, size_t size)
{
    const char *end = text ? text + len : NULL;
    for (const char *line = text; line && line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = (size_t)((nl ? nl : end) - line);
        for (int i = 0; broke_markers[i]; i++) {
            if (!memmem(line, n, broke_markers[i], strlen(broke_markers[i])))
                continue;
            /* "==PID==" prefixes the message when it goes to stderr */
            const char *p = line;
            if (n > 2 && p[0] == '=' && p[1] == '=') {
                const char *q = memmem(p + 2, n - 2, "==", 2);
                if (q) {
                    n -= (size_t)(q + 2 - p);
                    p = q + 2;
                }
            }
            while (n && isspace((unsigned char)p[n - 1]))
                n--;
            snprintf(why, size, "%.*s", (int)n, p);
            return 1;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}
