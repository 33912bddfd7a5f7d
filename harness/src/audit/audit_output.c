/* What racecheck audit writes per submission: OUT/submissions/<name>/
 * report.json (the check's JSON report plus "submission", "sandbox" and a
 * one-line "error"), report.txt, results.json (Gradescope's autograder
 * results, as check --format=gradescope writes them) and, when the detector
 * drew one, lockgraph.dot. Only the audit process writes here, never the
 * sandbox. */
#include "sys/version.h"
#include "audit/audit.h"
#include "reports/report.h"
#include "audit/sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *audit_report_json(const struct report *r, const char *name, const struct sandbox_status *sb,
                          const char *one_line_error)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    json_t *doc = NULL;
    if (mem) {
        report_write_json(mem, r);
        fclose(mem);
        doc = json_loadb(text, len, 0, NULL);
    }
    free(text);
    if (!doc)
        doc = json_pack("{s:i, s:s, s:s, s:s, s:[], s:[]}", "racecheck", 1, "version",
                        RACECHECK_VERSION, "target", name, "verdict", "error", "tools", "findings");
    json_object_set_new(doc, "submission", json_string(name));
    json_t *box = json_object();
    json_object_set_new(box, "network",
                        json_string(sb && sb->network_isolated ? "isolated" : "not isolated"));
    json_object_set_new(box, "filesystem",
                        json_string(sb && sb->filesystem_isolated ? "isolated" : "not isolated"));
    json_object_set_new(box, "note", json_string(sb ? sb->note : "the sandbox did not report"));
    json_object_set_new(doc, "sandbox", box);
    if (one_line_error && !strcmp(json_string_value(json_object_get(doc, "verdict")), "buggy"))
        one_line_error = NULL;
    if (one_line_error) {
        json_object_set_new(doc, "verdict", json_string("error"));
        json_object_set_new(doc, "error", json_string(one_line_error));
    } else {
        json_object_del(doc, "error");
    }
    return doc;
}

static int write_text_file(const char *dir, const char *file, const char *text, char *err,
                           size_t errlen)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_json_file(const char *dir, const char *file, json_t *doc, char *err, size_t errlen)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (json_dump_file(doc, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0) {
        snprintf(err, errlen, "cannot write %s", path);
        return -1;
    }
    return 0;
}

int audit_write_result(const char *sub_dir, const char *name, json_t *doc, const struct rubric *rubric,
                       char *err, size_t errlen)
{
    json_t *report = json_object_get(doc, "report");
    json_t *text = json_object_get(doc, "text");
    json_t *dot = json_object_get(doc, "dot");
    json_t *gradescope = json_object_get(doc, "gradescope");
    const char *verdict = json_string_value(json_object_get(report, "verdict"));
    if (!json_is_object(report) || !json_is_string(text) || !verdict ||
        (strcmp(verdict, "clean") && strcmp(verdict, "buggy") && strcmp(verdict, "error")) ||
        !json_is_array(json_object_get(report, "findings")) || !json_is_object(gradescope) ||
        !json_is_number(json_object_get(gradescope, "score"))) {
        return audit_write_error(sub_dir, name, "the sandboxed check gave a malformed report", rubric, err,
                                 errlen);
    }
    /* the name is the audit's own, whatever the document says */
    json_object_set_new(report, "submission", json_string(name));
    if (write_json_file(sub_dir, "report.json", report, err, errlen) != 0 ||
        write_json_file(sub_dir, "results.json", gradescope, err, errlen) != 0)
        return -1;
    if (write_text_file(sub_dir, "report.txt", json_string_value(text), err, errlen) != 0)
        return -1;
    if (json_is_string(dot) && write_text_file(sub_dir, "lockgraph.dot", json_string_value(dot), err, errlen) != 0)
        return -1;
    return 0;
}

/* Gradescope's results.json of r, as a JSON document. */
json_t *audit_gradescope_json(const struct report *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    json_t *doc = NULL;
    if (mem) {
        int bad = report_write_gradescope(mem, r) != 0;
        bad |= fclose(mem) != 0;
        doc = bad ? NULL : json_loadb(text, len, 0, NULL);
    }
    free(text);
    return doc ? doc : json_null();
}

int audit_write_error(const char *sub_dir, const char *name, const char *reason,
                      const struct rubric *rubric, char *err, size_t errlen)
{
    struct report r;
    report_init(&r, name);
    r.error_message = reason;
    r.rubric = rubric;
    json_t *report = audit_report_json(&r, name, NULL, reason);
    json_object_set_new(json_object_get(report, "sandbox"), "note",
                        json_string("unknown: the sandboxed check did not report"));
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        report_write_text(mem, &r);
        fclose(mem);
    }
    json_t *gradescope = audit_gradescope_json(&r);
    if (!json_is_object(gradescope)) {
        /* never malformed: audit_write_result would come back here */
        json_decref(gradescope);
        gradescope = json_pack("{s:f, s:[]}", "score", 0.0, "tests");
    }
    json_t *doc = json_pack("{s:o, s:s, s:o}", "report", report, "text", text ? text : "", "gradescope",
                            gradescope);
    free(text);
    report_free(&r);
    int rc = doc ? audit_write_result(sub_dir, name, doc, rubric, err, errlen) : -1;
    json_decref(doc);
    return rc;
}
