/* JUnit XML for CI test views, written with libxml2's xmlTextWriter (which
 * escapes < & " and newlines in attributes). One <testsuite name="racecheck">;
 * one <testcase classname=TARGET name=TOOL> per tool run, with one <failure>
 * per finding that tool saw and that counts (a waived one goes to
 * <system-out>), <skipped> for a skipped tool and <error> for a
 * failed or timed-out one; a testcase "build" carries the build error, and one
 * named "racecheck" the findings of tools that have no tool run entry. */
#include "sys/version.h"
#include "reports/report.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#define X(s) BAD_CAST(s)

static int status_is(const struct tool_run *t, const char *s)
{
    return t->status && strcmp(t->status, s) == 0;
}

/* 1 when a tool run of r covers tool t */
static int listed(const struct report *r, int t)
{
    return report_tool(r, (enum tool_id)t) != NULL;
}

static int is_orphan(const struct report *r, const struct finding *f)
{
    if (!finding_counts(f))
        return 0;
    for (int t = 0; t < TOOL_COUNT; t++)
        if ((f->tools & (1u << t)) && listed(r, t))
            return 0;
    return 1;
}

static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *c = report_clean_text(value ? value : "");
    xmlTextWriterWriteAttribute(w, X(name), X(c));
    free(c);
}

static void attr_int(xmlTextWriterPtr w, const char *name, long v)
{
    xmlTextWriterWriteFormatAttribute(w, X(name), "%ld", v);
}

static void text(xmlTextWriterPtr w, const char *s)
{
    char *c = report_clean_text(s ? s : "");
    xmlTextWriterWriteString(w, X(c));
    free(c);
}

static void failure(xmlTextWriterPtr w, const struct report *r, const struct finding *f)
{
    const char *summary = f->summary ? f->summary : finding_kind_name(f->kind);
    xmlTextWriterStartElement(w, X("failure"));
    attr(w, "message", summary);
    attr(w, "type", finding_kind_name(f->kind));
    char *body = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&body, &len);
    if (m) {
        fprintf(m, "%s: %s\n", finding_kind_name(f->kind), summary);
        for (size_t j = 0; j < f->nlocations; j++) {
            const struct location *l = &f->locations[j];
            fprintf(m, "  at %s", l->file ? l->file : "(unknown file)");
            if (l->line > 0)
                fprintf(m, ":%d", l->line);
            if (l->function)
                fprintf(m, " in %s", l->function);
            fputc('\n', m);
        }
        fputs("found by:", m);
        for (int t = 0; t < TOOL_COUNT; t++)
            if (f->tools & (1u << t)) {
                fprintf(m, " %s", tool_name((enum tool_id)t));
                if (r->repeat > 1)
                    fprintf(m, " (%u/%d runs)", report_runs_of(r, f, (enum tool_id)t),
                            report_runs_total(r, (enum tool_id)t));
            }
        fputc('\n', m);
        fclose(m);
        text(w, body);
    }
    free(body);
    xmlTextWriterEndElement(w);
}

/* The findings tool saw that a suppression or the baseline waived: they do
 * not fail the test case, so they are listed in its <system-out>. */
static void waived_output(xmlTextWriterPtr w, const struct report *r, enum tool_id tool)
{
    char *body = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&body, &len);
    if (!m)
        return;
    for (size_t k = 0; k < r->findings.count; k++) {
        const struct finding *f = &r->findings.items[k];
        if (!(f->tools & (1u << tool)) || finding_counts(f))
            continue;
        const char *why = f->waiver != WAIVER_NONE ? f->waived_by : f->note;
        fprintf(m, "%s %s: %s (%s)\n",
                f->waiver == WAIVER_BASELINE ? "known" : f->waiver == WAIVER_SUPPRESSED ? "suppressed" : "note",
                finding_kind_name(f->kind), f->summary ? f->summary : "", why ? why : "");
    }
    fclose(m);
    if (len) {
        xmlTextWriterStartElement(w, X("system-out"));
        text(w, body);
        xmlTextWriterEndElement(w);
    }
    free(body);
}

int report_write_junit(FILE *out, const struct report *r)
{
    const char *target = r->target ? r->target : "";
    /* the cases and their counts, first */
    long tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    size_t orphans = 0;
    for (size_t i = 0; i < r->findings.count; i++)
        orphans += is_orphan(r, &r->findings.items[i]);
    if (r->error_message) {
        tests++;
        errors++;
    }
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        tests++;
        seconds += t->seconds > 0 ? t->seconds : 0;
        if (status_is(t, "skipped")) {
            skipped++;
            continue;
        }
        if (tool_run_unfinished(t))
            errors++;
        for (size_t k = 0; k < r->findings.count; k++)
            if ((r->findings.items[k].tools & (1u << t->tool)) &&
                finding_counts(&r->findings.items[k])) {
                failures++;
                break;
            }
    }
    if (orphans) {
        tests++;
        failures++;
    }

    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf)
        return -1;
    xmlTextWriterPtr w = xmlNewTextWriter(buf);
    if (!w) {
        xmlOutputBufferClose(buf);
        return -1;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    int rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, X("testsuite"));
    attr(w, "name", "racecheck");
    attr_int(w, "tests", tests);
    attr_int(w, "failures", failures);
    attr_int(w, "errors", errors);
    attr_int(w, "skipped", skipped);
    xmlTextWriterWriteFormatAttribute(w, X("time"), "%.3f", seconds);

    xmlTextWriterStartElement(w, X("properties"));
    const char *props[][2] = {{"target", target}, {"verdict", report_effective_verdict(r)},
                              {"racecheck.version", RACECHECK_VERSION}};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        xmlTextWriterStartElement(w, X("property"));
        attr(w, "name", props[i][0]);
        attr(w, "value", props[i][1]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);

    if (r->error_message) {
        xmlTextWriterStartElement(w, X("testcase"));
        attr(w, "classname", target);
        attr(w, "name", "build");
        xmlTextWriterStartElement(w, X("error"));
        attr(w, "message", r->error_message);
        attr(w, "type", "build");
        text(w, r->error_message);
        xmlTextWriterEndElement(w);
        xmlTextWriterEndElement(w);
    }
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        xmlTextWriterStartElement(w, X("testcase"));
        attr(w, "classname", target);
        attr(w, "name", tool_name(t->tool));
        xmlTextWriterWriteFormatAttribute(w, X("time"), "%.3f", t->seconds > 0 ? t->seconds : 0.0);
        if (status_is(t, "skipped")) {
            xmlTextWriterStartElement(w, X("skipped"));
            attr(w, "message", t->reason ? t->reason : "skipped");
            xmlTextWriterEndElement(w);
        } else {
            if (tool_run_unfinished(t)) {
                char *msg;
                if (asprintf(&msg, "%s %s%s%s (exit status %d)", tool_name(t->tool), t->status,
                             t->reason ? ": " : "", t->reason ? t->reason : "", t->exit_status) < 0)
                    msg = NULL;
                xmlTextWriterStartElement(w, X("error"));
                attr(w, "message", msg ? msg : t->status);
                attr(w, "type", t->status);
                text(w, msg);
                xmlTextWriterEndElement(w);
                free(msg);
            }
            for (size_t k = 0; k < r->findings.count; k++)
                if ((r->findings.items[k].tools & (1u << t->tool)) &&
                    finding_counts(&r->findings.items[k]))
                    failure(w, r, &r->findings.items[k]);
            waived_output(w, r, t->tool);
        }
        xmlTextWriterEndElement(w);
    }
    if (orphans) {
        xmlTextWriterStartElement(w, X("testcase"));
        attr(w, "classname", target);
        attr(w, "name", "racecheck");
        for (size_t k = 0; k < r->findings.count; k++)
            if (is_orphan(r, &r->findings.items[k]))
                failure(w, r, &r->findings.items[k]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w); /* testsuite */
    if (xmlTextWriterEndDocument(w) < 0)
        rc = -1;
    xmlFreeTextWriter(w); /* flushes; out itself stays open */
    fflush(out);
    return rc >= 0 && !ferror(out) ? 0 : -1;
}
