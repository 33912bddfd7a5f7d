/* The acquisition trace as a timeline picture (trace_timeline.h). Only what
 * the detector writes is read, and every piece is checked: complete events
 * ("ph":"X") become bars, a track's "thread_name" its label and
 * "thread_sort_index" its place, instant events ("ph":"i") marks; numbers
 * must be finite and in range, text is cleaned and escaped, and the counts
 * are capped (what is left out is said in the picture). */
#include "reports/trace_timeline.h"
#include "reports/html_text.h"
#include "reports/report.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#define MAX_TRACE_BYTES (512L << 20)
#define MAX_LANES 48
#define MAX_SLICES 20000
#define MAX_MARKS 24
#define MAX_TIME_US 1e13           /* four months: a larger time is not the detector's */
#define LABEL_CHARS 60

enum slice_kind { SLICE_LOCK, SLICE_WAIT, SLICE_THREAD };

struct slice {
    double b, e;                /* microseconds */
    int lane, row;
    enum slice_kind kind;
    char name[LABEL_CHARS + 1];
    char site[LABEL_CHARS + 1];
    bool unfinished;
    int colour;                 /* index into palette */
};

struct lane {
    long long tid;
    long long sort;
    char name[LABEL_CHARS + 1];
    int rows;
    double y;
};

struct mark {
    double t;
    char name[LABEL_CHARS + 1];
    char summary[241];
    bool finding, deadlock;
};

struct timeline {
    char title[LABEL_CHARS + 1];
    struct lane lanes[MAX_LANES];
    int nlanes, lanes_dropped;
    struct slice *slices;
    int nslices;
    long slices_dropped;
    struct mark marks[MAX_MARKS];
    int nmarks, marks_dropped;
    long long events, dropped;
    bool capped;
};

/* Text from the trace, cleaned of control bytes and bad UTF-8, cut to fit
 * (at a character boundary, with an ellipsis). */
static void take_text(char *dst, size_t size, const char *src)
{
    char *clean = report_clean_text(src ? src : "");
    size_t n = strlen(clean);
    if (n < size) {
        memcpy(dst, clean, n + 1);
    } else {
        size_t cut = size - 4;
        while (cut > 0 && ((unsigned char)clean[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(dst, clean, cut);
        memcpy(dst + cut, "...", 4);
    }
    free(clean);
}

static const char *str_field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool time_field(json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return false;
    double x = json_number_value(v);
    if (!isfinite(x) || x < 0 || x > MAX_TIME_US)
        return false;
    *out = x;
    return true;
}

static struct lane *lane_for(struct timeline *t, long long tid)
{
    for (int i = 0; i < t->nlanes; i++)
        if (t->lanes[i].tid == tid)
            return &t->lanes[i];
    if (t->nlanes == MAX_LANES) {
        t->lanes_dropped++;
        return NULL;
    }
    struct lane *l = &t->lanes[t->nlanes++];
    memset(l, 0, sizeof *l);
    l->tid = tid;
    l->sort = tid;
    snprintf(l->name, sizeof l->name, "thread %lld", tid);
    return l;
}

static void read_metadata(struct timeline *t, json_t *ev, long long tid)
{
    const char *name = str_field(ev, "name");
    json_t *args = json_object_get(ev, "args");
    if (!name || !json_is_object(args))
        return;
    if (!strcmp(name, "process_name")) {
        const char *p = str_field(args, "name");
        if (p)
            take_text(t->title, sizeof t->title, p);
        return;
    }
    if (strcmp(name, "thread_name") && strcmp(name, "thread_sort_index"))
        return;
    struct lane *l = lane_for(t, tid);
    if (!l)
        return;
    if (!strcmp(name, "thread_name")) {
        const char *n = str_field(args, "name");
        if (n)
            take_text(l->name, sizeof l->name, n);
    } else {
        json_t *s = json_object_get(args, "sort_index");
        if (json_is_integer(s))
            l->sort = json_integer_value(s);
    }
}

static void read_slice(struct timeline *t, json_t *ev, long long tid)
{
    double b, d;
    if (!time_field(ev, "ts", &b) || !time_field(ev, "dur", &d))
        return;
    if (t->nslices == MAX_SLICES) {
        t->slices_dropped++;
        return;
    }
    struct lane *l = lane_for(t, tid);
    if (!l)
        return;
    const char *cat = str_field(ev, "cat");
    struct slice *s = &t->slices[t->nslices++];
    memset(s, 0, sizeof *s);
    s->b = b;
    s->e = b + d;
    s->lane = (int)(l - t->lanes);
    s->kind = cat && !strcmp(cat, "thread") ? SLICE_THREAD
              : cat && !strcmp(cat, "wait") ? SLICE_WAIT
                                            : SLICE_LOCK;
    take_text(s->name, sizeof s->name, str_field(ev, "name"));
    json_t *args = json_object_get(ev, "args");
    if (json_is_object(args)) {
        const char *site = str_field(args, "site");
        take_text(s->site, sizeof s->site, site ? site : "");
        s->unfinished = json_object_get(args, "unfinished") != NULL;
    }
}

static void read_mark(struct timeline *t, json_t *ev)
{
    double ts;
    if (!time_field(ev, "ts", &ts))
        return;
    if (t->nmarks == MAX_MARKS) {
        t->marks_dropped++;
        return;
    }
    struct mark *m = &t->marks[t->nmarks++];
    memset(m, 0, sizeof *m);
    m->t = ts;
    const char *cat = str_field(ev, "cat"), *name = str_field(ev, "name");
    take_text(m->name, sizeof m->name, name ? name : "?");
    m->finding = cat && !strcmp(cat, "finding");
    m->deadlock = m->finding && name && !strcmp(name, "deadlock");
    json_t *args = json_object_get(ev, "args");
    if (json_is_object(args) && str_field(args, "summary"))
        take_text(m->summary, sizeof m->summary, str_field(args, "summary"));
}

static int read_trace(struct timeline *t, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "no trace was written (%s)", strerror(errno ? errno : ENOENT));
        return -1;
    }
    if (st.st_size > MAX_TRACE_BYTES) {
        snprintf(err, errlen, "the trace is too large to draw (%lld bytes; at most %ld): "
                              "open FILE.json in Perfetto, or lower --trace-max-events",
                 (long long)st.st_size, MAX_TRACE_BYTES);
        return -1;
    }
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    json_t *events = root ? json_object_get(root, "traceEvents") : NULL;
    if (!json_is_array(events)) {
        snprintf(err, errlen, "the trace is not trace-event JSON (%s)",
                 root ? "no traceEvents array" : jerr.text);
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (!json_is_object(ev))
            continue;
        const char *ph = str_field(ev, "ph");
        json_t *tidv = json_object_get(ev, "tid");
        long long tid = json_is_integer(tidv) ? json_integer_value(tidv) : 0;
        if (!ph)
            continue;
        if (!strcmp(ph, "M"))
            read_metadata(t, ev, tid);
        else if (!strcmp(ph, "X"))
            read_slice(t, ev, tid);
        else if (!strcmp(ph, "i") || !strcmp(ph, "I"))
            read_mark(t, ev);
    }
    json_t *other = json_object_get(root, "otherData");
    if (json_is_object(other)) {
        json_t *v = json_object_get(other, "events");
        t->events = json_is_integer(v) ? json_integer_value(v) : 0;
        v = json_object_get(other, "dropped");
        t->dropped = json_is_integer(v) ? json_integer_value(v) : 0;
        t->capped = json_is_true(json_object_get(other, "capped"));
    }
    json_decref(root);
    return 0;
}

/* ---- layout ---- */

static int by_lane_then_time(const void *a, const void *b)
{
    const struct slice *x = a, *y = b;
    if (x->lane != y->lane)
        return x->lane - y->lane;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;      /* the containing one first */
    return (int)x->kind - (int)y->kind;
}

/* Rows: a slice goes one row below the slices that contain it; a thread's
 * lifetime is the lane's background, not a row. */
static void assign_rows(struct timeline *t)
{
    qsort(t->slices, (size_t)t->nslices, sizeof t->slices[0], by_lane_then_time);
    enum { DEPTH = 64 };
    double ends[DEPTH];
    int depth = 0, lane = -1;
    for (int i = 0; i < t->nslices; i++) {
        struct slice *s = &t->slices[i];
        if (s->lane != lane) {
            lane = s->lane;
            depth = 0;
        }
        if (s->kind == SLICE_THREAD) {
            s->row = -1;
            continue;
        }
        while (depth > 0 && ends[depth - 1] <= s->b)
            depth--;
        s->row = depth < DEPTH ? depth : DEPTH - 1;
        if (depth < DEPTH)
            ends[depth++] = s->e;
        if (t->lanes[lane].rows < s->row + 1)
            t->lanes[lane].rows = s->row + 1;
    }
}

static int by_sort(const void *a, const void *b)
{
    const struct lane *x = a, *y = b;
    if (x->sort != y->sort)
        return x->sort < y->sort ? -1 : 1;
    return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/* ---- drawing ---- */

/* The same lock has the same colour on every lane; locks get the colours
 * in the order of their names, so the picture does not change from run to
 * run with the order of events. Every colour takes white text. */
static const char *const palette[] = {"#4e79a7", "#59a14f", "#9c755f", "#b07aa1",
                                      "#d4731f", "#17807e", "#8c6d31", "#5b5fa8"};
#define MAX_COLOURED 512

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void assign_colours(struct timeline *t)
{
    static const char *names[MAX_COLOURED];
    int n = 0;
    for (int i = 0; i < t->nslices; i++) {
        struct slice *s = &t->slices[i];
        if (s->kind != SLICE_LOCK)
            continue;
        int k = 0;
        while (k < n && strcmp(names[k], s->name))
            k++;
        if (k == n && n < MAX_COLOURED)
            names[n++] = s->name;
    }
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < t->nslices; i++) {
        struct slice *s = &t->slices[i];
        const char *key = s->name;
        const char **hit = s->kind == SLICE_LOCK
                               ? bsearch(&key, names, (size_t)n, sizeof names[0], by_name)
                               : NULL;
        s->colour = hit ? (int)(hit - names) % (int)(sizeof palette / sizeof palette[0]) : 0;
    }
}

#define LEFT 210.0
#define PLOT 1000.0
#define ROW_H 22.0
#define LANE_GAP 12.0
#define CHAR_W 6.6              /* a 11 px sans-serif character, on average */

struct scale {
    double t0, span;
};

static double xpos(const struct scale *sc, double t)
{
    return LEFT + (t - sc->t0) / sc->span * PLOT;
}

static void time_label(double us, double step, char *buf, size_t len)
{
    if (step >= 1e6)
        snprintf(buf, len, "%g s", us / 1e6);
    else if (step >= 1e3)
        snprintf(buf, len, "%g ms", us / 1e3);
    else
        snprintf(buf, len, "%g \xc2\xb5s", us);
}

/* Text that fits in width pixels, or nothing. */
static void fitted(FILE *out, const char *text, double width)
{
    size_t room = width > 8 ? (size_t)((width - 6) / CHAR_W) : 0;
    size_t n = strlen(text);
    if (room < 3)
        return;
    if (n <= room) {
        html_escape(out, text);
        return;
    }
    char cut[LABEL_CHARS + 1];
    size_t k = room - 1 < sizeof cut - 4 ? room - 1 : sizeof cut - 4;
    while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
        k--;
    memcpy(cut, text, k);
    memcpy(cut + k, "\xe2\x80\xa6", 4);       /* … */
    html_escape(out, cut);
}

static void draw_axis(FILE *out, const struct scale *sc, double top, double bottom)
{
    double raw = sc->span / 8, mag = pow(10, floor(log10(raw))), step = mag;
    if (raw > 5 * mag)
        step = 10 * mag;
    else if (raw > 2 * mag)
        step = 5 * mag;
    else if (raw > mag)
        step = 2 * mag;
    fprintf(out, "<g class=\"axis\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
            LEFT, bottom, LEFT + PLOT, bottom);
    for (double v = ceil(sc->t0 / step) * step; v <= sc->t0 + sc->span + step / 1e6; v += step) {
        double x = xpos(sc, v);
        char label[48];
        time_label(v - sc->t0, step, label, sizeof label);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, top, x, bottom, x, bottom, x, bottom + 5, x, bottom + 18);
        html_escape(out, label);
        fputs("</text>\n", out);
    }
    fputs("</g>\n", out);
}

static void draw_slice(FILE *out, const struct scale *sc, const struct lane *l, const struct slice *s)
{
    double x = xpos(sc, s->b), w = xpos(sc, s->e) - x;
    if (w < 1.5)
        w = 1.5;
    double y = l->y + s->row * ROW_H + 2, h = ROW_H - 4;
    bool wait = s->kind == SLICE_WAIT;
    fprintf(out, "<g class=\"%s\"><title>", wait ? "wait" : "hold");
    html_escape(out, s->name);
    if (s->site[0]) {
        fputs(" at ", out);
        html_escape(out, s->site);
    }
    if (s->unfinished)
        fputs(" (still going when the trace ended)", out);
    fputs("</title>", out);
    if (wait)
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#hatch)\" "
                     "stroke=\"#c0392b\" stroke-dasharray=\"4 2\"/>",
                x, y, w, h);
    else
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" fill=\"%s\" "
                     "stroke=\"#222\" stroke-width=\"0.6\"/>",
                x, y, w, h, palette[s->colour]);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">", x + 4, y + h - 5,
            wait ? "wl" : "hl");
    fitted(out, s->name, w);
    fputs("</text></g>\n", out);
}

static void draw(FILE *out, struct timeline *t)
{
    double t0 = INFINITY, t1 = -INFINITY;
    for (int i = 0; i < t->nslices; i++) {
        t0 = fmin(t0, t->slices[i].b);
        t1 = fmax(t1, t->slices[i].e);
    }
    for (int i = 0; i < t->nmarks; i++) {
        t0 = fmin(t0, t->marks[i].t);
        t1 = fmax(t1, t->marks[i].t);
    }
    if (!isfinite(t0)) {
        t0 = 0;
        t1 = 1;
    }
    struct scale sc = {t0, fmax(t1 - t0, 1.0)};

    double top = 46 + 16.0 * (t->nmarks ? t->nmarks : 0), y = top;
    if (t->nmarks > 6)
        top = y = 46 + 16.0 * 6;
    for (int i = 0; i < t->nlanes; i++) {
        t->lanes[i].y = y;
        y += (t->lanes[i].rows ? t->lanes[i].rows : 1) * ROW_H + LANE_GAP;
    }
    double bottom = y, height = bottom + 110;
    double width = LEFT + PLOT + 30;

    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" "
            "font-size=\"11\">\n"
            "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fdecea\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e6a19a\" stroke-width=\"3\"/></pattern></defs>\n"
            "<style>.hl{fill:#fff;font-weight:bold}.wl{fill:#7b241c}.lane{fill:#222}"
            ".mark{font-weight:bold}</style>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
            width, height, width, height);
    fputs("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">", out);
    html_escape(out, t->title[0] ? t->title : "program");
    fputs(": locks held and waited for, per thread</text>\n", out);

    draw_axis(out, &sc, top - 6, bottom);
    for (int i = 0; i < t->nlanes; i++) {
        const struct lane *l = &t->lanes[i];
        double h = (l->rows ? l->rows : 1) * ROW_H;
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", LEFT,
                l->y, PLOT, h, i % 2 ? "#f7f7f7" : "#efeff4");
        fprintf(out, "<text class=\"lane\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", LEFT - 8,
                l->y + ROW_H / 2 + 4);
        fitted(out, l->name, LEFT - 12);
        fputs("</text>\n", out);
    }
    for (int i = 0; i < t->nslices; i++) {
        const struct slice *s = &t->slices[i];
        const struct lane *l = &t->lanes[s->lane];
        if (s->kind == SLICE_THREAD) {     /* the thread's life: a line along its lane */
            double x = xpos(&sc, s->b), x2 = xpos(&sc, s->e);
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                         "stroke-width=\"2\"/>\n",
                    x, l->y + 1, x2, l->y + 1);
            continue;
        }
        draw_slice(out, &sc, l, s);
    }
    for (int i = 0; i < t->nmarks && i < 6; i++) {
        const struct mark *m = &t->marks[i];
        double x = xpos(&sc, m->t), ly = 42 + 16.0 * i;
        const char *colour = m->deadlock ? "#c0392b" : m->finding ? "#e67e22" : "#7f8c8d";
        fputs("<g><title>", out);
        html_escape(out, m->summary[0] ? m->summary : m->name);
        fprintf(out, "</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"2\"%s/>",
                x, ly + 3, x, bottom, colour, m->finding ? "" : " stroke-dasharray=\"5 3\"");
        bool right = x > LEFT + PLOT * 0.6;
        fprintf(out, "<text class=\"mark\" x=\"%.1f\" y=\"%.1f\" fill=\"%s\" text-anchor=\"%s\">",
                right ? x - 4 : x + 4, ly, colour, right ? "end" : "start");
        html_escape(out, m->name);
        fputs("</text></g>\n", out);
    }

    /* the key, and what was left out */
    double ky = bottom + 40;
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" rx=\"3\" fill=\"#4e79a7\"/>"
            "<text x=\"%.1f\" y=\"%.1f\">lock held (colour: which lock)</text>"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" fill=\"url(#hatch)\" stroke=\"#c0392b\" "
            "stroke-dasharray=\"4 2\"/><text x=\"%.1f\" y=\"%.1f\">waiting (lock, join, condition, barrier)</text>"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" stroke-width=\"2\"/>"
            "<text x=\"%.1f\" y=\"%.1f\">deadlock or other finding</text>\n",
            LEFT, ky - 11, LEFT + 34, ky, LEFT + 230, ky - 11, LEFT + 264, ky, LEFT + 520, ky - 12,
            LEFT + 520, ky + 3, LEFT + 528, ky);
    char note[400] = "";
    size_t used = 0;
#define NOTE(...) used += (size_t)snprintf(note + used, used < sizeof note ? sizeof note - used : 0, __VA_ARGS__)
    if (t->capped)
        NOTE("the trace reached its cap: %lld events recorded, %lld later ones dropped. ", t->events,
             t->dropped);
    if (t->lanes_dropped)
        NOTE("%d events of threads beyond the first %d not drawn. ", t->lanes_dropped, MAX_LANES);
    if (t->slices_dropped)
        NOTE("%ld slices beyond the first %d not drawn. ", t->slices_dropped, MAX_SLICES);
    if (t->nmarks > 6 || t->marks_dropped)
        NOTE("%d marks not drawn. ", t->nmarks - (t->nmarks > 6 ? 6 : t->nmarks) + t->marks_dropped);
#undef NOTE
    if (note[0]) {
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#7b241c\">", LEFT, ky + 26);
        html_escape(out, note);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

int trace_timeline_write(const char *json_path, const char *out_path, bool html, char *err,
                         size_t errlen)
{
    struct timeline *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->slices = calloc(MAX_SLICES, sizeof *t->slices);
    if (!t->slices)
        abort();
    int rc = read_trace(t, json_path, err, errlen);
    if (rc == 0 && t->nslices == 0 && t->nmarks == 0) {
        snprintf(err, errlen, "the trace holds no event to draw");
        rc = -1;
    }
    FILE *out = NULL;
    if (rc == 0 && !(out = fopen(out_path, "w"))) {
        snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        /* lanes in the detector's order; the slices know their lane by index */
        int order[MAX_LANES];
        struct lane sorted[MAX_LANES];
        memcpy(sorted, t->lanes, sizeof sorted[0] * (size_t)t->nlanes);
        qsort(sorted, (size_t)t->nlanes, sizeof sorted[0], by_sort);
        for (int i = 0; i < t->nlanes; i++)
            for (int k = 0; k < t->nlanes; k++)
                if (sorted[k].tid == t->lanes[i].tid)
                    order[i] = k;
        for (int i = 0; i < t->nslices; i++)
            t->slices[i].lane = order[t->slices[i].lane];
        memcpy(t->lanes, sorted, sizeof sorted[0] * (size_t)t->nlanes);
        assign_rows(t);
        assign_colours(t);
        if (html) {
            fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<title>", out);
            html_escape(out, t->title[0] ? t->title : "program");
            fputs(": lock timeline</title><style>body{font-family:sans-serif;margin:16px}"
                  "svg{max-width:100%;height:auto}</style></head><body>\n", out);
        }
        draw(out, t);
        if (html)
            fputs("<p>Hover a bar for its lock and call site. Made by <code>racecheck run "
                  "--trace</code>; the same run's trace as JSON opens in Perfetto UI.</p>\n"
                  "</body></html>\n", out);
        if (fclose(out) != 0) {
            snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
            rc = -1;
        }
    }
    /* one printable line, whatever jansson quoted from the input */
    for (char *c = err; rc != 0 && *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    free(t->slices);
    free(t);
    return rc;
}
