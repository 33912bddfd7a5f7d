/* summary.html: one self-contained page (inline CSS and script, a Content
 * Security Policy that allows no network at all): what judged the class (the
 * header, audit.json), counts by verdict, a table that sorts when a header is
 * clicked (plain and unsorted without script; with a rubric, a score column),
 * and per submission: links to its sources, reports and lock graph, the end
 * of the program's own output, its findings with the offending source lines,
 * what each kind means and how to fix it (the one table, reports/report.c)
 * and, for lock-order inversions and deadlocks, the lock graph as inline SVG
 * (also written beside the report as lockgraph.svg). Every string from a
 * report or a submission is escaped; the page never carries markup a student
 * wrote. */
#include "summary/summary_model.h"

#include "reports/html_text.h"
#include "reports/lock_graph_draw.h"
#include "reports/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HTML_MAX_FINDINGS 50        /* per submission; the rest are counted */
#define HTML_MAX_LOCATIONS 6        /* per finding */
#define HTML_MAX_EXCERPTS 2         /* source excerpts per finding */
#define HTML_CONTEXT_LINES 3
#define HTML_MAX_SOURCE_LINKS 30    /* files of src/ linked one by one; the folder always */

static const char page_style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:90em;padding:0 1em;color:#222}\n"
    "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}\n"
    "h3{font-size:1.05em;margin-bottom:.2em}\n"
    "table{border-collapse:collapse;font-size:12.5px}th,td{border:1px solid #ccc;padding:3px 5px;text-align:left}\n"
    "td:first-child{max-width:14em;overflow-wrap:anywhere}.table-wrap{overflow-x:auto}\n"
    "th{background:#f0f0f0;vertical-align:bottom}td.n{text-align:right}td.z{color:#bbb}\n"
    "th button{font:inherit;font-weight:bold;border:0;background:none;padding:0;cursor:pointer;text-align:left}\n"
    "th[aria-sort=ascending] button::after{content:' \\25B2'}th[aria-sort=descending] button::after{content:' \\25BC'}\n"
    ".v{font-weight:bold;padding:1px 6px;border-radius:3px}\n"
    ".v-buggy{background:#fdd;color:#900}.v-clean{background:#dfd;color:#060}.v-error{background:#eee;color:#555}\n"
    ".counts span{margin-right:1em}\n"
    "pre.src{background:#f7f7f7;border:1px solid #ddd;padding:4px 8px;overflow-x:auto;font-size:12.5px}\n"
    "pre.src mark{background:#ffe28a;display:inline-block;min-width:100%}\n"
    ".ln{color:#999;user-select:none}.note{color:#666;font-style:italic}\n"
    ".graph svg{max-width:100%;height:auto}code{font-size:13px}\n"
    "table.header td:first-child{white-space:nowrap;max-width:none}table.header td{overflow-wrap:anywhere}\n"
    "pre.out{background:#f7f7f7;border:1px solid #ddd;padding:4px 8px;overflow-x:auto;font-size:12.5px;max-height:30em}\n"
    ".explain{margin:.2em 0 .2em 1em;font-size:14px}.score{margin-left:.5em;font-weight:bold}\n";

/* Sorting: each header becomes a button; a click sorts by that column
 * (again: reverse) and records it in the URL as #sort=KEY or #sort=-KEY, which
 * also sorts the page when it is opened. data-sort-ready marks that the
 * script ran to the end. */
static const char page_script[] =
    "(function () {\n"
    "  var table = document.getElementById('summary');\n"
    "  var heads = table.tHead.rows[0].cells, body = table.tBodies[0];\n"
    "  var current = -1, descending = false;\n"
    "  function key(row, i, numeric) {\n"
    "    var cell = row.cells[i], v = cell.getAttribute('data-sort');\n"
    "    if (v === null) v = cell.textContent;\n"
    "    return numeric ? (parseFloat(v) || 0) : v.toLowerCase();\n"
    "  }\n"
    "  function sortBy(i, desc) {\n"
    "    var numeric = heads[i].getAttribute('data-type') === 'num';\n"
    "    var rows = Array.prototype.slice.call(body.rows);\n"
    "    rows.sort(function (a, b) {\n"
    "      var x = key(a, i, numeric), y = key(b, i, numeric);\n"
    "      var r = x < y ? -1 : x > y ? 1 : a.getAttribute('data-order') - b.getAttribute('data-order');\n"
    "      return desc ? -r : r;\n"
    "    });\n"
    "    rows.forEach(function (r) { body.appendChild(r); });\n"
    "    for (var j = 0; j < heads.length; j++) heads[j].removeAttribute('aria-sort');\n"
    "    heads[i].setAttribute('aria-sort', desc ? 'descending' : 'ascending');\n"
    "    current = i; descending = desc;\n"
    "  }\n"
    "  Array.prototype.forEach.call(heads, function (th, i) {\n"
    "    var button = document.createElement('button');\n"
    "    button.type = 'button';\n"
    "    while (th.firstChild) button.appendChild(th.firstChild);\n"
    "    th.appendChild(button);\n"
    "    button.addEventListener('click', function () {\n"
    "      var desc = current === i ? !descending : false;\n"
    "      sortBy(i, desc);\n"
    "      try { history.replaceState(null, '', '#sort=' + (desc ? '-' : '') + th.getAttribute('data-key')); } catch (e) {}\n"
    "    });\n"
    "  });\n"
    "  var wanted = /^#sort=(-?)([a-z-]+)$/.exec(location.hash);\n"
    "  if (wanted)\n"
    "    for (var i = 0; i < heads.length; i++)\n"
    "      if (heads[i].getAttribute('data-key') === wanted[2]) sortBy(i, wanted[1] === '-');\n"
    "  document.documentElement.setAttribute('data-sort-ready', '1');\n"
    "})();\n";

static void write_table(FILE *out, const struct summary *s)
{
    fputs("<div class=\"table-wrap\"><table id=\"summary\">\n<thead><tr><th data-key=\"submission\">submission</th>"
          "<th data-key=\"verdict\">verdict</th><th data-key=\"findings\" data-type=\"num\">findings</th>", out);
    for (int k = 0; k < KIND_COUNT; k++) {
        const char *name = finding_kind_name((enum finding_kind)k);
        fprintf(out, "<th data-key=\"%s\" data-type=\"num\" title=\"", name);
        html_escape(out, report_kind_title((enum finding_kind)k));
        fprintf(out, "\">%s</th>", name);
    }
    fputs("<th data-key=\"tools\">tools that ran</th><th data-key=\"error\">error</th>", out);
    if (s->scored)
        fputs("<th data-key=\"score\" data-type=\"num\">score</th>", out);
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < s->count; i++) {
        const struct summary_entry *e = &s->entries[i];
        fprintf(out, "<tr data-order=\"%zu\" class=\"row-%s\"><td><a href=\"#s-%zu\">", i, e->verdict, i);
        html_escape(out, e->name);
        fprintf(out, "</a></td><td><span class=\"v v-%s\">%s</span></td><td class=\"n\">%zu</td>", e->verdict,
                e->verdict, e->nfindings);
        for (int k = 0; k < KIND_COUNT; k++)
            fprintf(out, "<td class=\"n%s\">%u</td>", e->counts[k] ? "" : " z", e->counts[k]);
        fputs("<td>", out);
        html_escape(out, e->tools);
        fputs("</td><td>", out);
        html_escape(out, e->error);
        fputs("</td>", out);
        if (s->scored) {
            char score[64];
            summary_score_text(e, score, sizeof score);
            fprintf(out, "<td class=\"n\" data-sort=\"%g\">%s</td>", e->has_score ? e->score : -1.0, score);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table></div>\n", out);
}

static void write_location(FILE *out, json_t *loc)
{
    const char *file = json_string_value(json_object_get(loc, "file"));
    const char *function = json_string_value(json_object_get(loc, "function"));
    json_int_t line = json_integer_value(json_object_get(loc, "line"));
    fputs("<li><code>", out);
    html_escape(out, file ? file : "?");
    if (line > 0)
        fprintf(out, ":%lld", (long long)line);
    fputs("</code>", out);
    if (function) {
        fputs(" in <code>", out);
        html_escape(out, function);
        fputs("</code>", out);
    }
    fputs("</li>\n", out);
}

static void write_finding(FILE *out, const char *src_dir, json_t *f)
{
    const char *kind = json_string_value(json_object_get(f, "kind"));
    json_t *tools = json_object_get(f, "tools"), *locs = json_object_get(f, "locations"), *x;
    size_t i;
    fputs("<div class=\"finding\"><h3>", out);
    html_escape(out, kind);
    fputs("</h3>\n<p>", out);
    html_escape(out, json_string_value(json_object_get(f, "summary")));
    if (json_is_array(tools) && json_array_size(tools)) {
        fputs(" <span class=\"note\">(found by", out);
        json_array_foreach(tools, i, x) {
            fputc(' ', out);
            html_escape(out, json_string_value(x));
        }
        fputs(")</span>", out);
    }
    fputs("</p>\n", out);
    int k = finding_kind_from_name(kind);
    if (k >= 0 && *report_kind_explanation((enum finding_kind)k)) {
        fputs("<p class=\"explain\"><strong>What it means:</strong> ", out);
        html_escape(out, report_kind_explanation((enum finding_kind)k));
        fputs("</p>\n<p class=\"explain\"><strong>How to fix it:</strong> ", out);
        html_escape(out, report_kind_help((enum finding_kind)k));
        fputs("</p>\n", out);
    }
    if (!json_is_array(locs) || !json_array_size(locs)) {
        fputs("<p class=\"note\">no source location</p>\n</div>\n", out);
        return;
    }
    fputs("<ul>\n", out);
    json_array_foreach(locs, i, x) {
        if (i == HTML_MAX_LOCATIONS) {
            fprintf(out, "<li class=\"note\">and %zu more</li>\n", json_array_size(locs) - i);
            break;
        }
        write_location(out, x);
    }
    fputs("</ul>\n", out);
    int shown = 0;
    json_array_foreach(locs, i, x) {
        if (shown == HTML_MAX_EXCERPTS || i == HTML_MAX_LOCATIONS)
            break;
        const char *file = json_string_value(json_object_get(x, "file"));
        json_int_t line = json_integer_value(json_object_get(x, "line"));
        if (!file || line <= 0)
            continue;
        char why[200];
        fputs("<p><code>", out);
        html_escape(out, file);
        fprintf(out, ":%lld</code></p>\n", (long long)line);
        if (source_excerpt_html(out, src_dir, file, (long)line, HTML_CONTEXT_LINES, why, sizeof why) == 0) {
            shown++;
        } else {
            fputs("<p class=\"note\">source not shown: ", out);
            html_escape(out, why);
            fputs("</p>\n", out);
        }
    }
    fputs("</div>\n", out);
}

/* The lock graph of a submission drawn as SVG (NULL with why when it cannot
 * be), also written beside its report as lockgraph.svg (svg_written). */
static char *draw_graph(const char *sub_dir, const struct summary_entry *e, int *svg_written, char *why,
                        size_t whylen)
{
    *svg_written = 0;
    why[0] = '\0';
    if (!e->has_graph) {
        snprintf(why, whylen, "no lock graph was recorded for this submission");
        return NULL;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/lockgraph.dot", sub_dir);
    size_t len;
    char *svg = lock_graph_draw(path, LOCK_GRAPH_SVG, &len, why, whylen);
    if (svg && !strstr(svg, "<svg")) {
        snprintf(why, whylen, "Graphviz gave no SVG for the lock graph");
        free(svg);
        return NULL;
    }
    if (!svg)
        return NULL;
    /* our own output folder; never through a link someone put there */
    snprintf(path, sizeof path, "%s/lockgraph.svg", sub_dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
        size_t n = strlen(svg), done = 0;
        ssize_t w = 0;
        while (done < n && (w = write(fd, svg + done, n - done)) > 0)
            done += (size_t)w;
        *svg_written = done == n;
        if (close(fd) != 0)
            *svg_written = 0;
    }
    return svg;
}

static void write_graph(FILE *out, const char *svg, const char *why)
{
    fputs("<h3>lock-order graph</h3>\n", out);
    const char *element = svg ? strstr(svg, "<svg") : NULL;  /* without the XML prolog */
    if (!element) {
        fputs("<p class=\"note\">", out);
        if (strstr(why, "no lock graph was recorded") != why)
            fputs("the lock graph could not be drawn: ", out);
        html_escape(out, why);
        fputs("</p>\n", out);
        return;
    }
    fputs("<p class=\"note\">an arrow A &rarr; B: a thread took B while holding A (the thread and "
          "where it took B on the arrow); reported cycles in red, read acquisitions dashed; a deadlock's "
          "wait-for graph in a box of its own", out);
    if (why[0]) {
        fputs("; ", out);
        html_escape(out, why);
    }
    fprintf(out, "</p>\n<div class=\"graph\">%s</div>\n", element);
}

/* An href to submissions/NAME/rel (rel's '/' kept, each segment encoded). */
static void write_href(FILE *out, const struct summary_entry *e, const char *rel)
{
    fputs("<a href=\"submissions/", out);
    html_url_segment(out, e->dir_name);
    fputc('/', out);
    char segment[4096];
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        snprintf(segment, sizeof segment, "%.*s", (int)n, p);
        html_url_segment(out, segment);
        p += n;
        if (*p == '/') {
            fputc('/', out);
            p++;
        }
    }
    fputs("\">", out);
}

/* Links to the regular files under src_dir/rel (sorted, no links followed), up to *left. */
static void write_source_links(FILE *out, const struct summary_entry *e, const char *src_dir, const char *rel,
                               int depth, int *left)
{
    char dir[4400];
    snprintf(dir, sizeof dir, "%s%s%s", src_dir, *rel ? "/" : "", rel);
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        char path[4400], sub[4096], href[4200];
        struct stat st;
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name);
        snprintf(path, sizeof path, "%s/%s", src_dir, sub);
        if (strcmp(name, ".") && strcmp(name, "..") && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 8) {
                write_source_links(out, e, src_dir, sub, depth + 1, left);
            } else if (S_ISREG(st.st_mode) && *left > 0) {
                if (*left < HTML_MAX_SOURCE_LINKS)
                    fputc(' ', out);
                (*left)--;
                snprintf(href, sizeof href, "src/%s", sub);
                write_href(out, e, href);
                html_escape(out, sub);
                fputs("</a>", out);
            } else if (S_ISREG(st.st_mode) && *left == 0) {
                (*left)--;
                fputs(" &hellip;", out);
            }
        }
        free(list[i]);
    }
    if (n >= 0)
        free(list);
}

static void write_links(FILE *out, const struct summary_entry *e, const char *src_dir, int svg_written)
{
    static const char *const files[] = {"report.txt", "report.json", "results.json"};
    const int present[] = {e->has_text, e->has_json, e->has_results};
    struct stat st;
    fputs("<p class=\"links\">", out);
    if (lstat(src_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        fputs("sources: ", out);
        write_href(out, e, "src/");
        fputs("src/</a> (", out);
        int left = HTML_MAX_SOURCE_LINKS;
        write_source_links(out, e, src_dir, "", 0, &left);
        fputs("); ", out);
    } else {
        fputs("<span class=\"note\">no sources kept</span>; ", out);
    }
    fputs("reports:", out);
    for (int i = 0; i < 3; i++) {
        if (!present[i])
            continue;
        fputc(' ', out);
        write_href(out, e, files[i]);
        fprintf(out, "%s</a>", files[i]);
    }
    if (svg_written || e->has_graph) {
        fputs("; lock graph:", out);
        if (svg_written) {
            fputc(' ', out);
            write_href(out, e, "lockgraph.svg");
            fputs("lockgraph.svg</a>", out);
        }
        if (e->has_graph) {
            fputc(' ', out);
            write_href(out, e, "lockgraph.dot");
            fputs("lockgraph.dot</a>", out);
        }
    }
    fputs("; <a href=\"#summary\">back to the table</a></p>\n", out);
}

/* The end of what the program itself wrote (report.json's program_output). */
static void write_program_output(FILE *out, json_t *po)
{
    if (!json_is_object(po)) {
        fputs("<p class=\"note\">the program's own output: none kept (it did not run)</p>\n", out);
        return;
    }
    fputs("<details class=\"output\"><summary>the program's own output (the end of it, under ", out);
    html_escape(out, json_string_value(json_object_get(po, "tool")));
    fputs(")</summary>\n", out);
    static const char *const streams[] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s_tail", streams[i]);
        const char *text = json_string_value(json_object_get(po, key));
        snprintf(key, sizeof key, "%s_cut", streams[i]);
        fprintf(out, "<p>%s%s:</p>", streams[i], json_is_true(json_object_get(po, key)) ? " (cut: its end)" : "");
        if (text && *text) {
            fputs("<pre class=\"out\">", out);
            html_escape(out, text);
            fputs("</pre>\n", out);
        } else {
            fputs(" <span class=\"note\">nothing</span>\n", out);
        }
    }
    fputs("</details>\n", out);
}

static void write_sandbox(FILE *out, json_t *sandbox)
{
    if (!json_is_object(sandbox))
        return;
    const char *key;
    json_t *v;
    fputs("<p class=\"note\">sandbox:", out);
    json_object_foreach(sandbox, key, v) {
        if (!json_is_string(v) || !json_string_length(v))
            continue;
        fputc(' ', out);
        html_escape(out, key);
        fputs(": ", out);
        html_escape(out, json_string_value(v));
        fputc(';', out);
    }
    fputs("</p>\n", out);
}

static void write_submission(FILE *out, const struct summary *s, size_t index)
{
    const struct summary_entry *e = &s->entries[index];
    char sub_dir[4096], src_dir[4200];
    snprintf(sub_dir, sizeof sub_dir, "%s/submissions/%s", s->out_dir, e->dir_name);
    snprintf(src_dir, sizeof src_dir, "%s/src", sub_dir);
    fprintf(out, "<section id=\"s-%zu\" class=\"submission\">\n<h2>", index);
    html_escape(out, e->name);
    fprintf(out, " <span class=\"v v-%s\">%s</span>", e->verdict, e->verdict);
    if (s->scored) {
        char score[64];
        summary_score_text(e, score, sizeof score);
        fprintf(out, "<span class=\"score\">score %s</span>", e->has_score ? score : "unknown");
    }
    fputs("</h2>\n", out);
    json_t *findings = json_object_get(e->report, "findings"), *x;
    size_t i;
    int wants_graph = 0;
    json_array_foreach(findings, i, x) {
        const char *kind = json_string_value(json_object_get(x, "kind"));
        wants_graph |= !strcmp(kind, "lock-order-inversion") || !strcmp(kind, "deadlock");
    }
    int svg_written = 0;
    char why[200] = "";
    char *svg = wants_graph ? draw_graph(sub_dir, e, &svg_written, why, sizeof why) : NULL;
    write_links(out, e, src_dir, svg_written);
    if (e->error) {
        fputs("<p><strong>error:</strong> ", out);
        html_escape(out, e->error);
        fputs("</p>\n", out);
    }
    if (!e->report) {
        fputs("</section>\n", out);
        free(svg);
        return;
    }
    write_sandbox(out, json_object_get(e->report, "sandbox"));
    json_t *tools = json_object_get(e->report, "tools");
    fputs("<p>tools:", out);
    json_array_foreach(tools, i, x) {
        fputs(" <code>", out);
        html_escape(out, json_string_value(json_object_get(x, "name")));
        fputs("</code> ", out);
        html_escape(out, json_string_value(json_object_get(x, "status")));
        const char *reason = json_string_value(json_object_get(x, "reason"));
        if (reason) {
            fputs(" (", out);
            html_escape(out, reason);
            fputc(')', out);
        }
        fputc(i + 1 < json_array_size(tools) ? ';' : '.', out);
    }
    fputs("</p>\n", out);
    write_program_output(out, json_object_get(e->report, "program_output"));
    if (!json_array_size(findings))
        fputs("<p>no findings</p>\n", out);
    json_array_foreach(findings, i, x) {
        if (i < HTML_MAX_FINDINGS)
            write_finding(out, src_dir, x);
    }
    if (json_array_size(findings) > HTML_MAX_FINDINGS)
        fprintf(out, "<p class=\"note\">and %zu more findings: see the report</p>\n",
                json_array_size(findings) - HTML_MAX_FINDINGS);
    if (wants_graph)
        write_graph(out, svg, why);
    free(svg);
    fputs("</section>\n", out);
}

static void header_row(void *ctx, const char *field, const char *value)
{
    FILE *out = ctx;
    fputs("<tr><td>", out);
    html_escape(out, field);
    fputs("</td><td>", out);
    html_escape(out, value);
    fputs("</td></tr>\n", out);
}

int summary_write_html(FILE *out, const struct summary *s)
{
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>racecheck audit summary</title>\n<style>\n%s</style>\n</head>\n<body>\n"
            "<h1>racecheck audit summary</h1>\n"
            "<p class=\"counts\" id=\"counts\"><span>%zu submissions</span>"
            "<span class=\"v v-buggy\">%u buggy</span><span class=\"v v-clean\">%u clean</span>"
            "<span class=\"v v-error\">%u error</span></p>\n",
            page_style, s->count, s->verdicts[SUMMARY_BUGGY], s->verdicts[SUMMARY_CLEAN], s->verdicts[SUMMARY_ERROR]);
    fputs("<p>Findings by kind:", out);
    int any = 0;
    for (int k = 0; k < KIND_COUNT; k++) {
        if (!s->kind_totals[k])
            continue;
        fprintf(out, "%s %s %u", any ? "," : "", finding_kind_name((enum finding_kind)k), s->kind_totals[k]);
        any = 1;
    }
    fputs(any ? ".</p>\n" : " none.</p>\n", out);
    fputs("<h2 id=\"judged\">What judged it</h2>\n<table class=\"header\" id=\"audit-header\">\n", out);
    summary_header_fields(s, header_row, out);
    fputs("</table>\n<p class=\"note\">The same in audit.json (and summary-header.csv) beside this page.</p>\n"
          "<h2>Submissions</h2>\n", out);
    fputs("<p class=\"note\">Click a column header to sort by it (again to reverse).</p>\n", out);
    write_table(out, s);
    for (size_t i = 0; i < s->count; i++)
        write_submission(out, s, i);
    fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", page_script);
    return ferror(out) ? -1 : 0;
}
