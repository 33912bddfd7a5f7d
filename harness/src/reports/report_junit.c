/* JUnit XML for CI test views, written with libxml2's xmlTextWriter (which
 * escapes < & " and newlines in attributes), valid against the strict Ant
 * schema (timestamp, hostname, properties, system-out and system-err). One
 * <testsuite name="racecheck">; its test cases:
 *   build      an <error> when the program did not build;
 *   TOOL       one per tool run: passes when it ran to its end, <error> when
 *              it failed or did not finish, <skipped> when skipped;
 *   KIND in F  one per finding: a <failure> whose text says which tools saw
 *              it (one inversion seen by three tools is one failure), or
 *              <skipped> with why for a waived finding or a note.
 * The classname is the target with its dots made '_' (Jenkins reads the
 * part after the last dot as the class: "abba.c" would be class "c"). */
#include "sys/version.h"
#include "reports/report.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define X(s) BAD_CAST(s)

static int status_is(const struct tool_run *t, const char *s)
{
    return t->status && strcmp(t->status, s) == 0;
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

/* A stable name for f's test case: its kind and first place, so a CI view
 * can follow it from run to run. */
static void case_name(const struct finding *f, char *out, size_t len)
{
    const struct location *l = f->nlocations ? &f->locations[0] : NULL;
    const char *file = l && l->file ? strrchr(l->file, '/') : NULL;
    file = file ? file + 1 : l ? l->file : NULL;
    int n = snprintf(out, len, "%s", finding_kind_name(f->kind));
    if (l && l->function && n >= 0 && (size_t)n < len)
        n += snprintf(out + n, len - (size_t)n, " in %s", l->function);
    if (file && n >= 0 && (size_t)n < len)
        snprintf(out + n, len - (size_t)n, l->line > 0 ? " (%s:%d)" : " (%s)", file, l->line);
}

/* Why a finding that does not count is shown without failing. */
static const char *not_counted_why(const struct finding *f)
{
    if (f->waiver == WAIVER_SUPPRESSED)
        return "suppressed";
    if (f->waiver == WAIVER_BASELINE)
        return "known from the baseline";
    return "note (does not count)";
}

int report_write_junit(FILE *out, const struct report *r)
{
    const char *target = r->target ? r->target : "";
    char *classname = strdup(target);
    if (!classname)
        abort();
    for (char *p = classname; *p; p++)
        if (*p == '.')
            *p = '_';
    /* the cases and their counts, first */
    long tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;
    if (r->error_message) {
        tests++;
        errors++;
    }
    for (int i = 0; i < r->ntools && i < TOOL_COUNT; i++) {
        const struct tool_run *t = &r->tools[i];
        tests++;
        seconds += t->seconds > 0 ? t->seconds : 0;
        skipped += status_is(t, "skipped");
        errors += !status_is(t, "skipped") && tool_run_unfinished(t);
    }
    for (size_t k = 0; k < r->findings.count; k++) {
        tests++;
        if (finding_counts(&r->findings.items[k]))
            failures++;
        else
            skipped++;
    }

    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf) {
        free(classname);
        return -1;
    }
    xmlTextWriterPtr w = xmlNewTextWriter(buf);
    if (!w) {
        xmlOutputBufferClose(buf);
        free(classname);
        return -1;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    int rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, X("testsuite"));
    attr(w, "name", "racecheck");
    /* the schema's timestamp: local time, no zone; the host that ran it */
    char stamp[32] = "1970-01-01T00:00:00", host[256] = "localhost";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
        snprintf(host, sizeof host, "localhost");
    attr(w, "timestamp", stamp);
    attr(w, "hostname", host);
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
        attr(w, "classname", classname);
        attr(w, "name", "build");
        attr(w, "time", "0");
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
        attr(w, "classname", classname);
        attr(w, "name", tool_name(t->tool));
        xmlTextWriterWriteFormatAttribute(w, X("time"), "%.3f", t->seconds > 0 ? t->seconds : 0.0);
        if (status_is(t, "skipped")) {
            xmlTextWriterStartElement(w, X("skipped"));
            attr(w, "message", t->reason ? t->reason : "skipped");
            xmlTextWriterEndElement(w);
        } else if (tool_run_unfinished(t)) {
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
        xmlTextWriterEndElement(w);
    }
    for (size_t k = 0; k < r->findings.count; k++) {
        const struct finding *f = &r->findings.items[k];
        char name[600];
        case_name(f, name, sizeof name);
        xmlTextWriterStartElement(w, X("testcase"));
        attr(w, "classname", classname);
        attr(w, "name", name);
        attr(w, "time", "0");
        if (finding_counts(f)) {
            failure(w, r, f);
        } else {
            const char *why = f->waiver != WAIVER_NONE ? f->waived_by : f->note;
            char *msg;
            if (asprintf(&msg, "%s: %s%s%s", not_counted_why(f), f->summary ? f->summary : "",
                         why ? " -- " : "", why ? why : "") < 0)
                msg = NULL;
            xmlTextWriterStartElement(w, X("skipped"));
            attr(w, "message", msg ? msg : not_counted_why(f));
            xmlTextWriterEndElement(w);
            free(msg);
        }
        xmlTextWriterEndElement(w);
    }
    /* the strict schema wants both, even empty */
    xmlTextWriterWriteElement(w, X("system-out"), X(""));
    xmlTextWriterWriteElement(w, X("system-err"), X(""));
    xmlTextWriterEndElement(w); /* testsuite */
    if (xmlTextWriterEndDocument(w) < 0)
        rc = -1;
    xmlFreeTextWriter(w); /* flushes; out itself stays open */
    fflush(out);
    free(classname);
    return rc >= 0 && !ferror(out) ? 0 : -1;
}
