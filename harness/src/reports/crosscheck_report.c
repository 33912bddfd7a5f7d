/* The crosscheck's reports: its matrix as JSON, JUnit (a test case per cell)
 * and SARIF (a result per cell not met). */
#include "reports/crosscheck_report.h"
#include "sys/version.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <string.h>

void crosscheck_write_json(FILE *out, const struct crosscheck_row *rows, int n, int failures)
{
    json_t *root = json_object(), *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *row = json_object(), *cells = json_object();
        json_object_set_new(row, "example", json_string(rows[i].label));
        for (int t = 0; t < TOOL_COUNT; t++) {
            if (!rows[i].has[t])
                continue;
            json_t *cell = json_object();
            json_object_set_new(cell, "result", json_string(rows[i].cell[t]));
            json_object_set_new(cell, "ok", json_boolean(!rows[i].bad[t]));
            json_object_set_new(cells, tool_name((enum tool_id)t), cell);
        }
        json_object_set_new(row, "tools", cells);
        if (rows[i].note[0])
            json_object_set_new(row, "note", json_string(rows[i].note));
        json_array_append_new(list, row);
    }
    json_object_set_new(root, "racecheck", json_integer(1));
    json_object_set_new(root, "version", json_string(RACECHECK_VERSION));
    json_object_set_new(root, "crosscheck", list);
    json_object_set_new(root, "failed", json_integer(failures));
    json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
}

void crosscheck_write_junit(FILE *out, const struct crosscheck_row *rows, int n, int cells, int failures)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "testsuite");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "racecheck crosscheck");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%d", cells);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%d", failures);
    xmlTextWriterStartElement(w, BAD_CAST "properties");
    xmlTextWriterStartElement(w, BAD_CAST "property");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "racecheck.version");
    xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST RACECHECK_VERSION);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    for (int i = 0; i < n; i++) {
        for (int t = 0; t < TOOL_COUNT; t++) {
            if (!rows[i].has[t])
                continue;
            xmlTextWriterStartElement(w, BAD_CAST "testcase");
            xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST rows[i].label);
            xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST tool_name((enum tool_id)t));
            if (rows[i].bad[t]) {
                xmlTextWriterStartElement(w, BAD_CAST "failure");
                xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST rows[i].cell[t]);
                xmlTextWriterEndElement(w);
            }
            xmlTextWriterEndElement(w);
        }
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    fputs((const char *)buf->content, out);
    xmlBufferFree(buf);
}

void crosscheck_write_sarif(FILE *out, const struct crosscheck_row *rows, int n)
{
    json_t *results = json_array();
    for (int i = 0; i < n; i++) {
        /* "buggy/NAME.c" is the example buggy_examples/NAME.c */
        char uri[400];
        const char *slash = strchr(rows[i].label, '/');
        snprintf(uri, sizeof uri, "%.*s_examples/%s", slash ? (int)(slash - rows[i].label) : 0,
                 rows[i].label, slash ? slash + 1 : rows[i].label);
        int cells = 0;
        for (int t = 0; t < TOOL_COUNT; t++)
            cells += rows[i].has[t];
        for (int t = 0; t <= TOOL_COUNT; t++) {
            /* a row with a note and no cells: its expectation lines are bad */
            int is_note = t == TOOL_COUNT;
            if (is_note ? !(rows[i].note[0] && cells == 0) : !rows[i].bad[t])
                continue;
            char text[700];
            if (is_note)
                snprintf(text, sizeof text, "%s: %s", rows[i].label, rows[i].note);
            else
                snprintf(text, sizeof text, "%s under %s: %s", rows[i].label, tool_name((enum tool_id)t),
                         rows[i].cell[t]);
            json_t *loc = json_pack("{s:{s:{s:s}}}", "physicalLocation", "artifactLocation", "uri", uri);
            json_array_append_new(results, json_pack("{s:s, s:s, s:{s:s}, s:[o]}", "ruleId",
                                                     "crosscheck-cell", "level", "error", "message",
                                                     "text", text, "locations", loc));
        }
    }
    json_t *rule = json_pack("{s:s, s:{s:s}}", "id", "crosscheck-cell", "shortDescription", "text",
                             "an example's expectation line not met by a tool");
    json_t *driver = json_pack("{s:s, s:s, s:[o]}", "name", "racecheck", "version", RACECHECK_VERSION,
                               "rules", rule);
    json_t *root = json_pack("{s:s, s:s, s:[{s:{s:o}, s:o}]}", "$schema",
                             "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs",
                             "tool", "driver", driver, "results", results);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
