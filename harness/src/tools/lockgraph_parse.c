/* Reads the lockgraph detector's JSON report with jansson. The detector writes
 * the whole document again after every finding (atomically when it writes to
 * a file), so a complete document is the rule; a cut one (the report went to
 * stderr and the run was killed, a full disk) is read finding by finding. */
#include "tools/lockgraph_parse.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 when invalid:
 * the same rules as jansson (no overlong forms, no surrogates, <= U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* A copy of text[0..len) with invalid UTF-8 bytes replaced by '?'. */
static char *utf8_copy(const char *text, size_t len)
{
    char *buf = malloc(len + 1);
    if (!buf)
        return NULL;
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_seq(p + i, len - i);
        if (k == 0) {
            buf[i++] = '?';
        } else {
            memcpy(buf + i, p + i, k);
            i += k;
        }
    }
    buf[len] = '\0';
    return buf;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && is_ws(s[i]))
        i++;
    return i;
}

/* 1 when s[i..n) starts with lit */
static int has_at(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i <= n && n - i >= k && memcmp(s + i, lit, k) == 0;
}

/* Offset of the document's '{' (followed by "racecheck"), or (size_t)-1. */
static size_t find_document(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{')
            continue;
        if (has_at(s, n, skip_ws(s, n, i + 1), "\"racecheck\""))
            return i;
    }
    return (size_t)-1;
}

/* Offset of the value after `"key" :` where that value starts with open
 * ('[' or '{'), searching from i; (size_t)-1 when there is none. */
static size_t find_key_value(const char *s, size_t n, size_t i, const char *key, char open)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    size_t k = strlen(quoted);
    for (; i + k <= n; i++) {
        if (memcmp(s + i, quoted, k) != 0 || (i > 0 && s[i - 1] == '\\'))
            continue;
        size_t j = skip_ws(s, n, i + k);
        if (j >= n || s[j] != ':')
            continue;
        j = skip_ws(s, n, j + 1);
        if (j < n && s[j] == open)
            return j;
    }
    return (size_t)-1;
}

static const char *str_or_null(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s ? s : NULL;
}

/* The thread number of a label "T12" (for ordering), large when there is none */
static long thread_number(const char *label)
{
    return label && label[0] == 'T' && label[1] >= '0' && label[1] <= '9' ? strtol(label + 1, NULL, 10)
                                                                           : LONG_MAX;
}

/* One step of an interleaving, read from a stack that says whose it is. */
struct step {
    long thread_no;
    int rank;           /* a thread's steps in order: its first locks, then what it did holding them */
    size_t index;       /* order in the report, for a stable sort */
    const char *label;  /* "T1" */
    const char *outer;  /* the thread's outermost function in this stack, or NULL */
    size_t depth;       /* frames in this stack */
    char *thread, *step;
    const char *file, *function;
    int line;
};

static int cmp_steps(const void *pa, const void *pb)
{
    const struct step *a = pa, *b = pb;
    if (a->thread_no != b->thread_no)
        return a->thread_no < b->thread_no ? -1 : 1;
    int c = strcmp(a->label, b->label);
    if (c)
        return c;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* f's interleaving from the detector's stacks: each thread's acquisitions
 * and the wait or acquisition that closes the cycle, at its program frame.
 * The detector says what each stack is in fields (thread, event, lock,
 * holding); a stack without them is no step. */
static void add_flow(struct finding *f, json_t *stacks, const struct frame_filter *filter)
{
    size_t n = json_array_size(stacks), nsteps = 0;
    struct step *steps = calloc(n ? n : 1, sizeof *steps);
    if (!steps)
        abort();
    for (size_t i = 0; i < n; i++) {
        json_t *so = json_array_get(stacks, i);
        const char *thread = str_or_null(so, "thread"), *event = str_or_null(so, "event");
        const char *lock = str_or_null(so, "lock"), *holding = str_or_null(so, "holding");
        const char *fn = str_or_null(so, "thread_function"), *in = str_or_null(so, "in");
        json_t *frames = json_object_get(so, "frames");
        size_t nf = json_array_size(frames);
        if (!thread || !event || nf == 0)
            continue;
        struct frame *fr = calloc(nf, sizeof *fr);
        if (!fr)
            abort();
        for (size_t k = 0; k < nf; k++) {
            json_t *jf = json_array_get(frames, k);
            json_t *jl = json_object_get(jf, "line");
            json_int_t v = json_is_integer(jl) ? json_integer_value(jl) : 0;
            fr[k] = (struct frame){.function = str_or_null(jf, "function"),
                                   .file = str_or_null(jf, "file"),
                                   .object = str_or_null(jf, "module"),
                                   .line = v > 0 && v <= INT_MAX ? (int)v : 0};
        }
        long at = frame_pick(filter, fr, nf);
        struct step *st = &steps[nsteps];
        *st = (struct step){.thread_no = thread_number(thread), .index = i};
        int ok = 1;
        if (!strcmp(event, "acquire") && lock) {
            st->rank = holding ? 1 : 0;
            ok = holding ? asprintf(&st->step, "acquires %s while holding %s", lock, holding) >= 0
                         : asprintf(&st->step, "acquires %s", lock) >= 0;
        } else if (!strcmp(event, "wait") && lock) {
            st->rank = 2;
            ok = asprintf(&st->step, "waits for %s", lock) >= 0;
        } else if (!strcmp(event, "block") && in) {
            st->rank = 2;
            ok = asprintf(&st->step, "blocked in %s", in) >= 0;
        } else {
            free(fr);
            continue;
        }
        if (!ok)
            abort();
        st->label = thread;
        st->outer = fn;
        st->depth = nf;
        if (at >= 0) {
            /* the strings live in stacks, which outlives this function's use */
            st->file = fr[at].file;
            st->function = fr[at].function && strcmp(fr[at].function, "??") ? fr[at].function : NULL;
            st->line = fr[at].line;
        }
        free(fr);
        nsteps++;
    }
    /* a thread is named by its outermost function in its deepest stack: the
     * detector keeps fewer frames of a held lock's acquisition, whose
     * outermost frame may be a helper rather than where the thread began */
    for (size_t i = 0; i < nsteps; i++) {
        const struct step *best = &steps[i];
        for (size_t k = 0; k < nsteps; k++)
            if (!strcmp(steps[k].label, steps[i].label) && steps[k].outer &&
                (!best->outer || steps[k].depth > best->depth))
                best = &steps[k];
        if ((best->outer ? asprintf(&steps[i].thread, "%s (%s)", steps[i].label, best->outer)
                         : asprintf(&steps[i].thread, "%s", steps[i].label)) < 0)
            abort();
    }
    qsort(steps, nsteps, sizeof *steps, cmp_steps);
    for (size_t i = 0; i < nsteps; i++) {
        const struct step *st = &steps[i];
        int repeat = i > 0 && !strcmp(st->thread, steps[i - 1].thread) &&
                     !strcmp(st->step, steps[i - 1].step) && st->line == steps[i - 1].line;
        if (!repeat)
            finding_add_flow_step(f, TOOL_LOCKGRAPH, st->thread, st->step, st->file, st->line,
                                  st->function);
    }
    for (size_t i = 0; i < nsteps; i++) {
        free(steps[i].thread);
        free(steps[i].step);
    }
    free(steps);
}

/* Appends the finding object fo to out; 1 when it was one, 0 when skipped. */
static int add_finding(json_t *fo, const struct frame_filter *filter, struct finding_list *out)
{
    if (!json_is_object(fo))
        return 0;
    const char *kind_name = json_string_value(json_object_get(fo, "kind"));
    int kind = kind_name ? finding_kind_from_name(kind_name) : -1;
    if (kind < 0)
        return 0;
    const char *summary = str_or_null(fo, "summary");
    struct finding *f =
        finding_list_add(out, (enum finding_kind)kind, TOOL_LOCKGRAPH, summary ? summary : kind_name);
    /* a cycle the detector saw and proved cannot deadlock: its proof
     * outranks other tools' reports of the same cycle in the merge, unless
     * it holds for this run's schedule only (which thread took which edge) */
    const char *level = json_string_value(json_object_get(fo, "level"));
    if (level && strcmp(level, "note") == 0) {
        const char *note = str_or_null(fo, "note");
        int this_run_only = json_is_true(json_object_get(fo, "this_run_only"));
        finding_make_note(f, note ? note : "ruled out by lockgraph", !this_run_only);
    }

    /* the sites of a predicted cycle's edges: a run can be steered toward it */
    json_t *sites = json_object_get(fo, "sites");
    for (size_t i = 0; f->level == LEVEL_ERROR && i < json_array_size(sites); i++) {
        const char *held = str_or_null(json_array_get(sites, i), "held");
        const char *wanted = str_or_null(json_array_get(sites, i), "wanted");
        char *more = NULL;
        if (held && wanted && !strpbrk(held, " \n") && !strpbrk(wanted, " \n") &&
            asprintf(&more, "%s%s %s\n", f->steer ? f->steer : "", held, wanted) >= 0) {
            free(f->steer);
            f->steer = more;
        }
    }

    json_t *locs = json_object_get(fo, "locations");
    size_t n = json_array_size(locs);
    /* pass 0 keeps the program's frames (with a filter), pass 1 every frame */
    for (int pass = filter ? 0 : 1; pass < 2 && f->nlocations == 0; pass++) {
        for (size_t i = 0; i < n; i++) {
            json_t *lo = json_array_get(locs, i);
            if (!json_is_object(lo))
                continue;
            const char *file = str_or_null(lo, "file");
            const char *function = str_or_null(lo, "function");
            if (function && strcmp(function, "??") == 0)
                function = NULL;
            json_t *jl = json_object_get(lo, "line");
            json_int_t v = json_is_integer(jl) ? json_integer_value(jl) : 0;
            int line = v > 0 && v <= INT_MAX ? (int)v : 0;
            if (pass == 0 && !frame_is_program(filter, file, NULL))
                continue;
            frame_add_location_unique(f, file, line, function);
        }
    }
    if (f->kind == KIND_DEADLOCK || f->kind == KIND_LOCK_ORDER_INVERSION) {
        add_flow(f, json_object_get(fo, "stacks"), filter);
        finding_label_locations(f);
    }
    return 1;
}

static void read_warnings(json_t *arr, struct lockgraph_info *info)
{
    for (size_t i = 0; i < json_array_size(arr) && info->nwarnings < 8; i++) {
        const char *w = json_string_value(json_array_get(arr, i));
        if (w)
            snprintf(info->warnings[info->nwarnings++], sizeof info->warnings[0], "%s", w);
    }
}

/* The document in s[0..n) (s starts at its '{') failed to parse: take what
 * was complete before the damage. */
static int salvage(const char *s, size_t n, const struct frame_filter *filter,
                   struct finding_list *out, struct lockgraph_info *info)
{
    /* the header as the detector writes it: {"racecheck":1, */
    size_t i = skip_ws(s, n, 1) + strlen("\"racecheck\"");
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != ':')
        return -1;
    i = skip_ws(s, n, i + 1);
    if (i >= n || s[i] != '1' || (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9'))
        return -1;

    size_t w = find_key_value(s, n, i, "warnings", '[');
    size_t at = find_key_value(s, n, i, "findings", '[');
    if (w != (size_t)-1 && (at == (size_t)-1 || w < at)) {
        json_error_t err;
        json_t *arr = json_loadb(s + w, n - w, JSON_DISABLE_EOF_CHECK, &err);
        read_warnings(arr, info);
        json_decref(arr);
    }
    if (at == (size_t)-1)
        return -1;
    info->truncated = 1;
    int count = 0;
    size_t p = at + 1;
    for (;;) {
        while (p < n && (is_ws(s[p]) || s[p] == ','))
            p++;
        if (p >= n || s[p] != '{')
            break;
        json_error_t err;
        json_t *fo = json_loadb(s + p, n - p, JSON_DISABLE_EOF_CHECK, &err);
        if (!fo)
            break;
        count += add_finding(fo, filter, out);
        json_decref(fo);
        if (err.position <= 0)
            break;
        p += (size_t)err.position;
    }
    return count;
}

int lockgraph_parse_json_ex(const char *text, size_t len, const struct frame_filter *filter,
                            struct finding_list *out, struct lockgraph_info *info)
{
    struct lockgraph_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    if (!text || !out)
        return -1;
    size_t start = find_document(text, len);
    if (start == (size_t)-1)
        return -1;
    size_t n = len - start;
    char *s = utf8_copy(text + start, n);
    if (!s)
        return -1;

    json_error_t err;
    json_t *root = json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &err);
    int count;
    if (!root) {
        count = salvage(s, n, filter, out, info);
    } else {
        json_t *version = json_object_get(root, "racecheck");
        json_t *findings = json_object_get(root, "findings");
        if (!json_is_integer(version) || json_integer_value(version) != 1 ||
            !json_is_array(findings)) {
            count = -1;
        } else {
            info->complete = json_is_true(json_object_get(root, "complete"));
            json_t *pid = json_object_get(root, "pid");
            info->pid = json_is_integer(pid) ? (long)json_integer_value(pid) : 0;
            read_warnings(json_object_get(root, "warnings"), info);
            count = 0;
            for (size_t i = 0; i < json_array_size(findings); i++)
                count += add_finding(json_array_get(findings, i), filter, out);
        }
        json_decref(root);
    }
    free(s);
    return count;
}

int lockgraph_parse_json(const char *text, size_t len, const struct frame_filter *filter,
                         struct finding_list *out)
{
    return lockgraph_parse_json_ex(text, len, filter, out, NULL);
}
