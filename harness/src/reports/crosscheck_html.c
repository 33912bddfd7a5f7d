/* The crosscheck as a page for a course site: one self-contained HTML file
 * (inline CSS, no script, a Content Security Policy that loads nothing), the
 * catalogue as a table of examples x tools with coloured cells, and beside it
 * a folder with each example's source, its full report and its lock graph. */
#include "reports/crosscheck_report.h"
#include "reports/html_text.h"
#include "reports/lock_graph_draw.h"
#include "sys/version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char page_style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;color:#222}\n"
    "h1{font-size:1.5em}table{border-collapse:collapse;font-size:13px}\n"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#f0f0f0}td.what{max-width:28em;color:#444}\n"
    ".ok{background:#d8f0d8}.known{background:#eaf3d6}.timeout{background:#f4ecd0}\n"
    ".skip{background:#eee;color:#777}.bad{background:#f6c9c9;font-weight:bold}\n"
    ".legend span{display:inline-block;padding:1px 8px;margin-right:.4em;border:1px solid #ccc}\n"
    ".about{color:#555}\n";

/* The cell's colour class: what a reader should take from it. */
static const char *cell_class(const struct crosscheck_row *row, int t)
{
    const char *c = row->cell[t];
    if (row->bad[t])
        return "bad";
    if (!strcmp(c, "ok"))
        return "ok";
    if (!strcmp(c, "known") || !strcmp(c, "stopped"))
        return "known";
    if (!strcmp(c, "timeout"))
        return "timeout";
    return "skip";
}

/* The length of label without its ".c": a report and a graph are NAME.txt
 * and NAME.svg beside NAME.c. */
static int stem_length(const char *label)
{
    size_t n = strlen(label);
    return (int)(n > 2 && !strcmp(label + n - 2, ".c") ? n - 2 : n);
}

/* An href to files_dir/label (suffix ""), or to its file with that suffix;
 * each segment encoded. */
static void link_to(FILE *out, const char *files_dir, const char *label, const char *suffix)
{
    const char *base = strrchr(files_dir, '/');
    html_url_segment(out, base ? base + 1 : files_dir);
    fputc('/', out);
    const char *slash = strchr(label, '/');
    if (slash) {
        fprintf(out, "%.*s/", (int)(slash - label), label);    /* "buggy" or "fixed" */
        label = slash + 1;
    }
    char name[300];
    snprintf(name, sizeof name, "%.*s%s", suffix[0] ? stem_length(label) : (int)strlen(label), label,
             suffix);
    html_url_segment(out, name);
}

void crosscheck_write_html(FILE *out, const struct crosscheck_row *rows, int n, int cells, int failures,
                           const char *files_dir, const char *about)
{
    int used[TOOL_COUNT] = {0};
    for (int i = 0; i < n; i++)
        for (int t = 0; t < TOOL_COUNT; t++)
            used[t] |= rows[i].has[t];
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src 'self'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>racecheck crosscheck</title>\n<style>\n", out);
    fputs(page_style, out);
    fputs("</style></head><body>\n<h1>The catalogue under every tool</h1>\n<p class=\"about\">", out);
    html_escape(out, about);
    fprintf(out, "</p>\n<p><strong>%d examples, %d cells, %d not met.</strong> Each buggy example "
                 "should be found by the tools its header names; each fixed twin should stay "
                 "clean.</p>\n", n, cells, failures);
    fputs("<p class=\"legend\"><span class=\"ok\">ok</span>as expected "
          "<span class=\"known\">known, stopped</span>a documented miss or false report, or "
          "another tool settled it first <span class=\"timeout\">timeout</span>the program runs "
          "until stopped, as its header says <span class=\"skip\">skipped</span>the tool cannot "
          "check it <span class=\"bad\">red</span>not met</p>\n"
          "<table>\n<tr><th>example</th><th>what it shows</th>", out);
    for (int t = 0; t < TOOL_COUNT; t++)
        if (used[t])
            fprintf(out, "<th>%s</th>", tool_name((enum tool_id)t));
    fputs("<th>report</th><th>lock graph</th></tr>\n", out);
    for (int i = 0; i < n; i++) {
        const struct crosscheck_row *row = &rows[i];
        fputs("<tr><td>", out);
        if (row->has_report) {
            fputs("<a href=\"", out);
            link_to(out, files_dir, row->label, "");
            fputs("\">", out);
        }
        html_escape(out, row->label);
        fputs(row->has_report ? "</a>" : "", out);
        fputs("</td><td class=\"what\">", out);
        html_escape(out, row->note[0] ? row->note : row->title);
        fputs("</td>", out);
        for (int t = 0; t < TOOL_COUNT; t++) {
            if (!used[t])
                continue;
            if (!row->has[t]) {
                fputs("<td class=\"skip\">-</td>", out);
                continue;
            }
            fprintf(out, "<td class=\"%s\">", cell_class(row, t));
            html_escape(out, row->cell[t]);
            fputs("</td>", out);
        }
        fputs("<td>", out);
        if (row->has_report) {
            fputs("<a href=\"", out);
            link_to(out, files_dir, row->label, ".txt");
            fputs("\">report</a>", out);
        }
        fputs("</td><td>", out);
        if (row->has_graph) {
            fputs("<a href=\"", out);
            link_to(out, files_dir, row->label, ".svg");
            fputs("\">graph</a>", out);
        }
        fputs("</td></tr>\n", out);
    }
    fprintf(out, "</table>\n<p class=\"about\">Made by racecheck %s: <code>racecheck crosscheck "
                 "--format=html</code>.</p>\n</body></html>\n", RACECHECK_VERSION);
}

int crosscheck_files_dir(const char *page, char *dir, size_t len)
{
    size_t n = strlen(page);
    if (n <= 5 || strcmp(page + n - 5, ".html"))
        return -1;
    snprintf(dir, len, "%.*s", (int)(n - 5), page);
    return 0;
}

static int make_dir(const char *path, char *err, size_t errlen)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    snprintf(err, errlen, "cannot make %s: %s", path, strerror(errno));
    return -1;
}

/* 1 when the DOT file at path has an edge: two locks were nested */
static int graph_has_edge(const char *path)
{
    FILE *f = path && path[0] ? fopen(path, "r") : NULL;
    char line[1024];
    int edge = 0;
    while (f && !edge && fgets(line, sizeof line, f))
        edge = strstr(line, "->") != NULL;
    if (f)
        fclose(f);
    return edge;
}

/* The lock graph at dot_path drawn as SVG into path; 0, or -1 with why in err. */
static int save_graph(const char *dot_path, const char *path, char *err, size_t errlen)
{
    size_t len = 0;
    char why[300] = "";
    char *svg = lock_graph_draw(dot_path, LOCK_GRAPH_SVG, &len, why, sizeof why);
    FILE *out = svg ? fopen(path, "w") : NULL;
    int ok = out && fwrite(svg, 1, len, out) == len;
    if (out && fclose(out) != 0)
        ok = 0;
    free(svg);
    if (!ok)
        snprintf(err, errlen, "cannot draw the lock graph %s: %s", path, why[0] ? why : strerror(errno));
    return ok ? 0 : -1;
}

int crosscheck_save_example(const char *dir, struct crosscheck_row *row, const char *source,
                            const struct report *r, const char *dot_path, char *err, size_t errlen)
{
    char path[4400], sub[4400];
    const char *slash = strchr(row->label, '/');
    snprintf(sub, sizeof sub, "%s/%.*s", dir, slash ? (int)(slash - row->label) : 0, row->label);
    if (make_dir(dir, err, errlen) != 0 || make_dir(sub, err, errlen) != 0)
        return -1;
    /* the example's source, so the page and its folder stand alone */
    snprintf(path, sizeof path, "%s/%s", dir, row->label);
    FILE *in = fopen(source, "r"), *out = fopen(path, "w");
    int ok = in && out;
    char buf[8192];
    size_t k;
    while (ok && (k = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, k, out) == k;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    snprintf(path, sizeof path, "%s/%.*s.txt", dir, stem_length(row->label), row->label);
    FILE *report = ok ? fopen(path, "w") : NULL;
    if (report) {
        ok = report_write_text(report, r) == 0;
        ok = fclose(report) == 0 && ok;
    }
    if (!ok || !report) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    row->has_report = 1;
    if (!graph_has_edge(dot_path))
        return 0;
    snprintf(path, sizeof path, "%s/%.*s.svg", dir, stem_length(row->label), row->label);
    if (save_graph(dot_path, path, err, errlen) != 0)
        return -1;
    row->has_graph = 1;
    return 0;
}
