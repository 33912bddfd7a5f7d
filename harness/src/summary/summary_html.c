/* summary.html: one self-contained page (inline CSS and script, a Content
 * Security Policy that allows no network at all): counts by verdict, a table
 * that sorts when a header is clicked (plain and unsorted without script),
 * and per submission its findings with the offending source lines and, for
 * lock-order inversions and deadlocks, the lock graph as inline SVG. Every
 * string from a report or a submission is escaped; the page never carries
 * markup a student wrote. */
#include "summary/summary_model.h"

#include "reports/html_text.h"
#include "reports/lock_graph_draw.h"
#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#define HTML_MAX_FINDINGS 50        /* per submission; the rest are counted */
#define HTML_MAX_LOCATIONS 6        /* per finding */
#define HTML_MAX_EXCERPTS 2         /* source excerpts per finding */
#define HTML_CONTEXT_LINES 3

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
    ".graph svg{max-width:100%;height:auto}code{font-size:13px}\n";

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
    fputs("<th data-key=\"tools\">tools that ran</th><th data-key=\"error\">error</th></tr></thead>\n<tbody>\n", out);
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
        fputs("</td></tr>\n", out);
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

static void write_graph(FILE *out, const char *sub_dir, const struct summary_entry *e)
{
    fputs("<h3>lock-order graph</h3>\n", out);
    if (!e->has_graph) {
        fputs("<p class=\"note\">no lock graph was recorded for this submission</p>\n", out);
        return;
    }
    char path[4200], why[200];
    snprintf(path, sizeof path, "%s/lockgraph.dot", sub_dir);
    size_t len;
    char *svg = lock_graph_draw(path, LOCK_GRAPH_SVG, &len, why, sizeof why);
    const char *element = svg ? strstr(svg, "<svg") : NULL;  /* without the XML prolog */
    if (svg && !element)
        snprintf(why, sizeof why, "Graphviz gave no SVG for the lock graph");
    if (!element) {
        free(svg);
        fputs("<p class=\"note\">the lock graph could not be drawn: ", out);
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
    free(svg);
}

static void write_links(FILE *out, const struct summary_entry *e)
{
    static const char *const files[] = {"report.txt", "report.json"};
    const int present[] = {e->has_text, e->has_json};
    fputs("<p>", out);
    for (int i = 0; i < 2; i++) {
        if (!present[i])
            continue;
        fputs("<a href=\"submissions/", out);
        html_url_segment(out, e->dir_name);
        fprintf(out, "/%s\">%s</a> ", files[i], files[i]);
    }
    fputs("<a href=\"#summary\">back to the table</a></p>\n", out);
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
    fprintf(out, " <span class=\"v v-%s\">%s</span></h2>\n", e->verdict, e->verdict);
    write_links(out, e);
    if (e->error) {
        fputs("<p><strong>error:</strong> ", out);
        html_escape(out, e->error);
        fputs("</p>\n", out);
    }
    if (!e->report) {
        fputs("</section>\n", out);
        return;
    }
    write_sandbox(out, json_object_get(e->report, "sandbox"));
    json_t *tools = json_object_get(e->report, "tools"), *x;
    size_t i;
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
    json_t *findings = json_object_get(e->report, "findings");
    int wants_graph = 0;
    if (!json_array_size(findings))
        fputs("<p>no findings</p>\n", out);
    json_array_foreach(findings, i, x) {
        const char *kind = json_string_value(json_object_get(x, "kind"));
        if (!strcmp(kind, "lock-order-inversion") || !strcmp(kind, "deadlock"))
            wants_graph = 1;
        if (i < HTML_MAX_FINDINGS)
            write_finding(out, src_dir, x);
    }
    if (json_array_size(findings) > HTML_MAX_FINDINGS)
        fprintf(out, "<p class=\"note\">and %zu more findings: see the report</p>\n",
                json_array_size(findings) - HTML_MAX_FINDINGS);
    if (wants_graph)
        write_graph(out, sub_dir, e);
    fputs("</section>\n", out);
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
    fputs("<p class=\"note\">Click a column header to sort by it (again to reverse).</p>\n", out);
    write_table(out, s);
    for (size_t i = 0; i < s->count; i++)
        write_submission(out, s, i);
    fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", page_script);
    return ferror(out) ? -1 : 0;
}
