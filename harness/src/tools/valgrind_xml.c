/* Valgrind's XML (protocol 4), as Helgrind and DRD write it, read into
 * findings. Which kind an <error> is, is the tool's own reading: each passes
 * its classify function (helgrind.c, drd.c). The format:
 *
 *   <error>
 *     <kind>Race</kind>
 *     <xwhat><text>Possible data race during read of size 4 at 0x10C0C0 by thread #1</text>...</xwhat>
 *     <stack><frame><obj/><fn/><dir/><file/><line/></frame>...</stack>
 *     <xauxwhat><text>This conflicts with a previous write of size 4 by thread #2</text></xauxwhat>
 *     <stack>...</stack>
 *     <auxwhat>Address 0x10c0c0 is 0 bytes inside data symbol "alpha"</auxwhat>
 *   </error>
 *
 * Each <stack> takes as its label the (x)auxwhat text just before it (the
 * first stack belongs to the error's own what). The document is read with
 * xmlTextReader, so an <error> counts only once its end tag was parsed. */
#include "tools/valgrind_xml.h"
#include "sys/demangle.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

struct hg_stack {
    char *label; /* NULL for the error's main stack */
    struct frame *frames; /* strings owned */
    size_t nframes;
};

struct hg_error {
    int fatal;     /* <fatal_signal> rather than <error> */
    char *kind;    /* <kind> */
    char *xwhat;   /* <xwhat><text> */
    char *what;    /* <what> */
    char *signame, *event, *siaddr; /* <fatal_signal> */
    char *pending; /* last (x)auxwhat text, waiting for its stack */
    char *dir;     /* <dir> of the frame being read */
    char **aux;    /* every (x)auxwhat text */
    size_t naux;
    struct hg_stack *stacks;
    size_t nstacks;
};

static void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size);
    if (!p)
        abort();
    return p;
}

static void error_reset(struct hg_error *e)
{
    free(e->kind);
    free(e->xwhat);
    free(e->what);
    free(e->signame);
    free(e->event);
    free(e->siaddr);
    free(e->pending);
    free(e->dir);
    for (size_t i = 0; i < e->naux; i++)
        free(e->aux[i]);
    free(e->aux);
    for (size_t i = 0; i < e->nstacks; i++) {
        struct hg_stack *s = &e->stacks[i];
        for (size_t j = 0; j < s->nframes; j++) {
            free((char *)s->frames[j].function);
            free((char *)s->frames[j].file);
            free((char *)s->frames[j].object);
        }
        free(s->frames);
        free(s->label);
    }
    free(e->stacks);
    memset(e, 0, sizeof *e);
}

/* Appends text to *dst (text can arrive in several nodes). */
static void append(char **dst, const char *text)
{
    size_t old = *dst ? strlen(*dst) : 0, add = strlen(text);
    *dst = xrealloc(*dst, old + add + 1);
    memcpy(*dst + old, text, add + 1);
}

static int starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part);
}

/* ---- classification and findings ---------------------------------------- */

static const struct frame *pick(const struct frame_filter *filter, const struct hg_stack *s)
{
    long i = s ? frame_pick(filter, s->frames, s->nframes) : -1;
    return i >= 0 ? &s->frames[i] : NULL;
}

static void add_loc(struct finding *f, const struct frame *fr)
{
    if (fr && fr->file)
        frame_add_location_unique(f, fr->file, fr->line, fr->function);
}

static const struct hg_stack *stack_labelled(const struct hg_error *e, const char *prefix)
{
    for (size_t i = 0; i < e->nstacks; i++)
        if (starts_with(e->stacks[i].label, prefix))
            return &e->stacks[i];
    return NULL;
}

static const struct hg_stack *main_stack(const struct hg_error *e)
{
    return e->nstacks > 0 && !e->stacks[0].label ? &e->stacks[0] : NULL;
}

/* " in FN[ called from CALLER]" for a lock-order edge */
static void describe_edge(FILE *m, const struct frame_filter *filter, const struct hg_stack *s)
{
    long at = s ? frame_pick(filter, s->frames, s->nframes) : -1;
    if (at < 0 || !s->frames[at].function)
        return;
    fprintf(m, " in %s", s->frames[at].function);
    long up = frame_next_program(filter, s->frames, s->nframes, at);
    if (up >= 0 && s->frames[up].function &&
        strcmp(s->frames[up].function, s->frames[at].function) != 0)
        fprintf(m, " called from %s", s->frames[up].function);
}

/* Copies the text between after and the next stop (exclusive) into buf. */
static const char *between(const char *text, const char *after, const char *stop, char *buf,
                           size_t size)
{
    const char *p = text ? strstr(text, after) : NULL;
    if (!p)
        return NULL;
    p += strlen(after);
    const char *end = strstr(p, stop);
    if (!end || end == p || (size_t)(end - p) >= size)
        return NULL;
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    return buf;
}

/* The variable a race is on: 'data symbol "alpha"', 'global var "x"', ... */
static const char *object_name(const struct hg_error *e, char *buf, size_t size)
{
    char symbol[256], plain[256];
    for (size_t i = 0; i < e->naux; i++)
        if (contains(e->aux[i], " inside ") && between(e->aux[i], "\"", "\"", symbol, sizeof symbol))
            return snprintf(buf, size, "%s", demangle(symbol, plain, sizeof plain)), buf;
    return NULL;
}

static FILE *memstream(char **buf, size_t *size)
{
    *buf = NULL;
    *size = 0;
    FILE *m = open_memstream(buf, size);
    if (!m)
        abort();
    return m;
}

static void emit_race(const struct hg_error *e, const struct frame_filter *filter, enum tool_id tool,
                      struct finding_list *out)
{
    const struct hg_stack *cur = main_stack(e);
    const struct hg_stack *prev = stack_labelled(e, "This conflicts with");
    char name[256], what_cur[64], what_prev[96], *summary;
    size_t size;
    FILE *m = memstream(&summary, &size);
    fputs("data race", m);
    if (object_name(e, name, sizeof name))
        fprintf(m, " on '%s'", name);
    fputs(":", m);
    if (cur) {
        /* Helgrind: "Possible data race during read of size 4 ..."; DRD:
         * "Conflicting load by thread 3 at ... size 8" */
        fprintf(m, " %s ", between(e->xwhat, "during ", " of size", what_cur, sizeof what_cur) ||
                                   between(e->what, "Conflicting ", " by thread", what_cur, sizeof what_cur)
                               ? what_cur : "access");
        frame_describe(m, pick(filter, cur));
    }
    if (prev) {
        if (between(prev->label, "conflicts with a ", " of size", what_prev, sizeof what_prev))
            fprintf(m, "%s %s ", cur ? "," : "", what_prev);
        else
            fprintf(m, "%s conflicting access ", cur ? "," : "");
        frame_describe(m, pick(filter, prev));
    }
    fclose(m);
    struct finding *f = finding_list_add(out, KIND_DATA_RACE, tool, summary);
    free(summary);
    if (object_name(e, name, sizeof name))
        f->object = strdup(name);
    add_loc(f, pick(filter, cur));
    add_loc(f, pick(filter, prev));
}

/* "T (FN)": a thread named by the outermost program frame of its stack */
static void thread_name(const struct frame_filter *filter, const struct hg_stack *s,
                        const char *who, char *out, size_t size)
{
    const char *outer = NULL;
    for (long k = s ? frame_pick(filter, s->frames, s->nframes) : -1; k >= 0;
         k = frame_next_program(filter, s->frames, s->nframes, k))
        outer = s->frames[k].function;
    if (outer)
        snprintf(out, size, "%s (%s)", who, outer);
    else
        snprintf(out, size, "%s", who);
}

static void add_step(struct finding *f, enum tool_id tool, const char *thread, const char *step,
                     const struct frame *at)
{
    if (at && at->file)
        finding_add_flow_step(f, tool, thread, step, at->file, at->line, at->function);
}

/* The interleaving of "lock order A before B violated": another thread set
 * the order (took A, then B while holding A: the "Required order" stacks,
 * whose thread Helgrind does not number); the reporting thread took A while
 * holding B (where it took B, Helgrind does not say). */
static void add_lock_order_flow(const struct hg_error *e, const struct frame_filter *filter,
                                enum tool_id tool, const char *a, const char *b, struct finding *f)
{
    const struct hg_stack *violation = main_stack(e);
    const struct hg_stack *required = stack_labelled(e, "Required order was established");
    const struct hg_stack *later = stack_labelled(e, "followed by a later acquisition");
    char who[64] = "a thread", thread[256], step[200];
    const char *x = e->xwhat;
    if (starts_with(x, "Thread #"))
        snprintf(who, sizeof who, "thread #%.*s", (int)strcspn(x + 8, ":' "), x + 8);
    if (required || later) {
        thread_name(filter, later ? later : required, "another thread", thread, sizeof thread);
        snprintf(step, sizeof step, "acquires %s", a);
        add_step(f, tool, thread, step, pick(filter, required));
        snprintf(step, sizeof step, "acquires %s while holding %s", b, a);
        add_step(f, tool, thread, step, pick(filter, later));
    }
    thread_name(filter, violation, who, thread, sizeof thread);
    snprintf(step, sizeof step, "acquires %s while holding %s", a, b);
    add_step(f, tool, thread, step, pick(filter, violation));
}

static void emit_lock_order(const struct hg_error *e, const struct frame_filter *filter,
                            enum tool_id tool, struct finding_list *out)
{
    /* Thread #3: lock order "A before B" violated: the thread took A while
     * holding B; A before B was established earlier. */
    char a[64], b[64], *summary;
    size_t size;
    const struct hg_stack *violation = main_stack(e);
    const struct hg_stack *later = stack_labelled(e, "followed by a later acquisition");
    FILE *m = memstream(&summary, &size);
    if (between(e->xwhat, "lock order \"", " before ", a, sizeof a) &&
        between(e->xwhat, " before ", "\"", b, sizeof b)) {
        if (later) {
            fprintf(m, "lock order %s -> %s", a, b);
            describe_edge(m, filter, later);
            fprintf(m, ", %s -> %s", b, a);
            describe_edge(m, filter, violation);
        } else {
            fprintf(m, "lock order %s -> %s", b, a);
            describe_edge(m, filter, violation);
            fprintf(m, ", violating the earlier order %s -> %s", a, b);
        }
    } else {
        fputs(e->xwhat ? e->xwhat : "lock order violated", m);
    }
    fclose(m);
    struct finding *f =
        finding_list_add(out, KIND_LOCK_ORDER_INVERSION, tool, summary);
    free(summary);
    add_loc(f, pick(filter, violation));
    add_loc(f, pick(filter, later));
    for (size_t i = 0; i < e->nstacks; i++)
        add_loc(f, pick(filter, &e->stacks[i]));
    if (between(e->xwhat, "lock order \"", " before ", a, sizeof a) &&
        between(e->xwhat, " before ", "\"", b, sizeof b))
        add_lock_order_flow(e, filter, tool, a, b, f);
    finding_label_locations(f);
}

/* "Thread #1: X" -> "X"; "Thread #1's call to X" -> "X" */
static const char *strip_thread(const char *t)
{
    if (!starts_with(t, "Thread #"))
        return t;
    const char *p = t + 8;
    while (*p >= '0' && *p <= '9')
        p++;
    if (starts_with(p, ": "))
        return p + 2;
    if (starts_with(p, "'s call to "))
        return p + 11;
    return t;
}

static void emit_other(const struct hg_error *e, enum finding_kind kind,
                       const struct frame_filter *filter, enum tool_id tool, struct finding_list *out)
{
    const struct hg_stack *s = main_stack(e);
    if (!s && e->nstacks > 0)
        s = &e->stacks[0];
    const struct frame *fr = pick(filter, s);
    char *summary;
    size_t size;
    FILE *m = memstream(&summary, &size);
    if (e->fatal) {
        fprintf(m, "killed by %s", e->signame ? e->signame : "a signal");
        if (e->event)
            fprintf(m, " (%s%s%s)", e->event, e->siaddr ? " at " : "",
                    e->siaddr ? e->siaddr : "");
    } else if (e->xwhat) {
        fputs(strip_thread(e->xwhat), m);
        if (e->what)
            fprintf(m, " %s", e->what);
    } else if (e->what) {
        fputs(strip_thread(e->what), m);
    } else {
        fputs(e->kind ? e->kind : "error", m);
    }
    if (fr) {
        fputc(' ', m);
        frame_describe(m, fr);
    }
    fclose(m);
    struct finding *f = finding_list_add(out, kind, tool, summary);
    free(summary);
    /* a leak is reported where the thread exits, in glibc when no frame of the
     * program is left: that place is no place of the bug */
    if (kind != KIND_LOCK_LEAK || (fr && frame_is_program(filter, fr->file, fr->object)))
        add_loc(f, fr);
}

static void emit(const struct hg_error *e, const struct frame_filter *filter,
                 const struct valgrind_dialect *d, struct finding_list *out)
{
    const struct hg_stack *s = main_stack(e);
    struct valgrind_error view = {
        .fatal = e->fatal, .kind = e->kind ? e->kind : "", .what = e->what, .xwhat = e->xwhat,
        .first_function = s && s->nframes ? s->frames[0].function : NULL};
    enum finding_kind kind = e->fatal ? KIND_CRASH : d->classify(&view);
    if (kind == KIND_DATA_RACE)
        emit_race(e, filter, d->tool, out);
    else if (kind == KIND_LOCK_ORDER_INVERSION)
        emit_lock_order(e, filter, d->tool, out);
    else
        emit_other(e, kind, filter, d->tool, out);
    const char *why = !e->fatal && d->note ? d->note(&view) : NULL;
    if (why)
        finding_make_note(&out->items[out->count - 1], why, 0);
}

/* ---- reading --------------------------------------------------------------- */

#define MAX_DEPTH 16
#define NAME_SIZE 16

static void quiet(void *arg, const char *msg, xmlParserSeverities severity,
                  xmlTextReaderLocatorPtr locator)
{
    (void)arg;
    (void)msg;
    (void)severity;
    (void)locator;
}

static void on_text(struct hg_error *e, char names[][NAME_SIZE], int depth, const char *text)
{
    /* names[1] is "error"/"fatal_signal"; the text node is at depth. */
    const char *parent = names[depth - 1];
    const char *grand = depth >= 2 ? names[depth - 2] : "";
    if (depth == 3) { /* direct child of the error */
        if (strcmp(parent, "kind") == 0)
            append(&e->kind, text);
        else if (strcmp(parent, "what") == 0)
            append(&e->what, text);
        else if (strcmp(parent, "auxwhat") == 0)
            append(&e->pending, text);
        else if (strcmp(parent, "signame") == 0)
            append(&e->signame, text);
        else if (strcmp(parent, "event") == 0)
            append(&e->event, text);
        else if (strcmp(parent, "siaddr") == 0)
            append(&e->siaddr, text);
    } else if (depth == 4 && strcmp(parent, "text") == 0) {
        if (strcmp(grand, "xwhat") == 0)
            append(&e->xwhat, text);
        else if (strcmp(grand, "xauxwhat") == 0)
            append(&e->pending, text);
    } else if (depth == 5 && strcmp(grand, "frame") == 0 && strcmp(names[2], "stack") == 0 &&
               e->nstacks > 0) {
        struct hg_stack *s = &e->stacks[e->nstacks - 1];
        if (s->nframes == 0)
            return;
        struct frame *fr = &s->frames[s->nframes - 1];
        if (strcmp(parent, "fn") == 0)
            append((char **)&fr->function, text);
        else if (strcmp(parent, "obj") == 0)
            append((char **)&fr->object, text);
        else if (strcmp(parent, "file") == 0)
            append((char **)&fr->file, text); /* joined with <dir> at </frame> */
        else if (strcmp(parent, "dir") == 0)
            append(&e->dir, text);
        else if (strcmp(parent, "line") == 0) {
            long v = strtol(text, NULL, 10);
            fr->line = v > 0 && v < INT_MAX ? (int)v : 0;
        }
    }
}

/* An aux text that was not followed by a stack ends up only in aux. */
static void flush_pending(struct hg_error *e, int to_stack)
{
    if (!e->pending)
        return;
    e->aux = xrealloc(e->aux, (e->naux + 1) * sizeof *e->aux);
    e->aux[e->naux++] = strdup(e->pending);
    if (!e->aux[e->naux - 1])
        abort();
    if (to_stack && e->nstacks > 0) {
        e->stacks[e->nstacks - 1].label = e->pending;
    } else {
        free(e->pending);
    }
    e->pending = NULL;
}

/* </frame>: the file is <dir>/<file> when both were given. */
static void on_frame_end(struct hg_error *e)
{
    if (e->nstacks > 0 && e->stacks[e->nstacks - 1].nframes > 0) {
        struct hg_stack *s = &e->stacks[e->nstacks - 1];
        struct frame *fr = &s->frames[s->nframes - 1];
        if (e->dir && *e->dir && fr->file && fr->file[0] != '/') {
            char *joined = NULL;
            append(&joined, e->dir);
            if (joined[strlen(joined) - 1] != '/')
                append(&joined, "/");
            append(&joined, fr->file);
            free((char *)fr->file);
            fr->file = joined;
        }
    }
    free(e->dir);
    e->dir = NULL;
}

static void on_start(struct hg_error *e, char names[][NAME_SIZE], int depth, const char *name)
{
    if (depth == 2 && strcmp(name, "stack") == 0) {
        e->stacks = xrealloc(e->stacks, (e->nstacks + 1) * sizeof *e->stacks);
        memset(&e->stacks[e->nstacks++], 0, sizeof *e->stacks);
        flush_pending(e, 1);
    } else if (depth == 2 && (strcmp(name, "auxwhat") == 0 || strcmp(name, "xauxwhat") == 0)) {
        flush_pending(e, 0); /* two aux texts in a row: the first had no stack */
    } else if (depth == 3 && strcmp(name, "frame") == 0 && strcmp(names[2], "stack") == 0 &&
               e->nstacks > 0) {
        struct hg_stack *s = &e->stacks[e->nstacks - 1];
        s->frames = xrealloc(s->frames, (s->nframes + 1) * sizeof *s->frames);
        memset(&s->frames[s->nframes++], 0, sizeof *s->frames);
        free(e->dir);
        e->dir = NULL;
    }
}

int valgrind_parse_xml(const char *xml, size_t len, const struct frame_filter *filter,
                       const struct valgrind_dialect *dialect, struct finding_list *out)
{
    if (!xml || !out || len == 0 || len > INT_MAX)
        return 0;
    xmlTextReaderPtr reader = xmlReaderForMemory(
        xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!reader)
        return 0;
    xmlTextReaderSetErrorHandler(reader, quiet, NULL);

    char names[MAX_DEPTH][NAME_SIZE];
    memset(names, 0, sizeof names);
    struct hg_error e = {0};
    int in_error = 0, count = 0, died = 0;
    while (xmlTextReaderRead(reader) == 1) {
        int type = xmlTextReaderNodeType(reader);
        int depth = xmlTextReaderDepth(reader);
        if (depth < 0 || depth >= MAX_DEPTH)
            continue;
        const char *name = (const char *)xmlTextReaderConstName(reader);
        if (!name)
            name = "";
        if (type == XML_READER_TYPE_ELEMENT) {
            snprintf(names[depth], NAME_SIZE, "%s", name);
            int empty = xmlTextReaderIsEmptyElement(reader) == 1;
            if (depth == 1 && (strcmp(name, "error") == 0 || strcmp(name, "fatal_signal") == 0)) {
                error_reset(&e);
                e.fatal = name[0] == 'f';
                in_error = !empty;
            } else if (in_error && depth >= 2) {
                on_start(&e, names, depth, name);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (in_error && depth == 3 && strcmp(name, "frame") == 0 &&
                strcmp(names[2], "stack") == 0) {
                on_frame_end(&e);
            } else if (in_error && depth == 1) {
                flush_pending(&e, 0);
                /* after the program died of a signal, Valgrind ends its
                 * threads holding their locks: those leaks are the death's,
                 * the ones before it are the program's */
                size_t before = out->count;
                emit(&e, filter, dialect, out);
                if (died && out->count > before && out->items[before].kind == KIND_LOCK_LEAK)
                    finding_free(&out->items[--out->count]);
                died |= e.fatal;
                count++;
                error_reset(&e);
                in_error = 0;
            }
        } else if (in_error && depth >= 3 &&
                   (type == XML_READER_TYPE_TEXT ||
                    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                    type == XML_READER_TYPE_CDATA)) {
            const char *text = (const char *)xmlTextReaderConstValue(reader);
            if (text && type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
                on_text(&e, names, depth, text);
        }
    }
    error_reset(&e); /* an <error> cut off by the end of the input is dropped */
    xmlFreeTextReader(reader);
    return count;
}
