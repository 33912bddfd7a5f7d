/* Unit tests for the trace timeline (reports/trace_timeline.c): the trace
 * JSON is written inside the watched program, so it is hostile input. Markup
 * in names must stay text, bad numbers must be skipped, a file that is not a
 * trace must be refused with a reason, and the picture must be well-formed
 * XML (read back with libxml2) that draws what a good trace holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "reports/trace_timeline.h"

static char dir[] = "/tmp/racecheck-timeline-XXXXXX";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Draws json into dir/out.svg; returns the picture (0) or NULL with err. */
static char *draw(const char *json, char *err, size_t errlen)
{
    char in[128], out[128];
    snprintf(in, sizeof in, "%s/in.json", dir);
    snprintf(out, sizeof out, "%s/out.svg", dir);
    write_file(in, json);
    unlink(out);
    err[0] = '\0';
    return trace_timeline_write(in, out, false, err, errlen) == 0 ? read_file(out) : NULL;
}

static int count_xpath(const char *svg, const char *expr)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "out.svg", NULL, XML_PARSE_NONET);
    assert_non_null(doc);       /* well-formed */
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    int n = r && r->nodesetval ? r->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return n;
}

#define GOOD_TRACE                                                                                  \
    "{\"displayTimeUnit\":\"ns\",\"traceEvents\":["                                                 \
    "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"bank\"}},"            \
    "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":2,\"args\":{\"name\":\"T1 (teller)\"}}," \
    "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":2,\"args\":{\"sort_index\":8}},"  \
    "{\"name\":\"accts[1].lock\",\"cat\":\"lock\",\"ph\":\"X\",\"pid\":1,\"tid\":2,\"ts\":10,\"dur\":500," \
    "\"args\":{\"lock\":\"accts[1].lock\",\"site\":\"bank.c:20\"}},"                                \
    "{\"name\":\"wait ledger\",\"cat\":\"wait\",\"ph\":\"X\",\"pid\":1,\"tid\":2,\"ts\":100,\"dur\":300," \
    "\"args\":{\"unfinished\":\"the detector ended the process\"}},"                                \
    "{\"name\":\"T1 (teller)\",\"cat\":\"thread\",\"ph\":\"X\",\"pid\":1,\"tid\":2,\"ts\":0,\"dur\":600}," \
    "{\"name\":\"deadlock\",\"cat\":\"finding\",\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"ts\":400,"       \
    "\"args\":{\"summary\":\"T1 waits for ledger\"}}]}"

static void draws_a_good_trace(void **state)
{
    (void)state;
    char err[256];
    char *svg = draw(GOOD_TRACE, err, sizeof err);
    assert_non_null(svg);
    assert_int_equal(count_xpath(svg, "//s:text[.='T1 (teller)']"), 1);
    assert_int_equal(count_xpath(svg, "//s:g[@class='hold']"), 1);
    assert_int_equal(count_xpath(svg, "//s:g[@class='wait']"), 1);
    assert_int_equal(count_xpath(svg, "//s:text[@class='hl' and .='accts[1].lock']"), 1);
    assert_int_equal(count_xpath(svg, "//s:text[@class='mark' and .='deadlock']"), 1);
    assert_non_null(strstr(svg, "bank: locks held"));
    assert_null(strstr(svg, "<script"));
}

static void markup_stays_text(void **state)
{
    (void)state;
    char err[256];
    char *svg = draw("{\"traceEvents\":["
                     "{\"name\":\"thread_name\",\"ph\":\"M\",\"tid\":5,\"args\":{\"name\":\"<script>alert(1)</script>\"}},"
                     "{\"name\":\"process_name\",\"ph\":\"M\",\"args\":{\"name\":\"a&b\\\"c'\\u0001\"}},"
                     "{\"name\":\"<img src=x onerror=alert(2)>\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":5,"
                     "\"ts\":1,\"dur\":1000000,\"args\":{\"site\":\"]]><svg onload=alert(3)>\"}},"
                     "{\"name\":\"</text><script>x</script>\",\"cat\":\"finding\",\"ph\":\"i\",\"ts\":2}]}",
                     err, sizeof err);
    assert_non_null(svg);
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<img"));
    assert_null(strstr(svg, "<svg onload"));
    assert_null(strstr(svg, "\x01"));
    assert_non_null(strstr(svg, "&lt;script&gt;"));
    /* the only elements are the renderer's own */
    assert_int_equal(count_xpath(svg, "//*[local-name()='script' or local-name()='img' or @onload or @onerror]"), 0);
}

static void bad_numbers_are_skipped(void **state)
{
    (void)state;
    char err[256];
    char *svg = draw("{\"traceEvents\":["
                     "{\"name\":\"a\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":1,\"ts\":-5,\"dur\":1},"
                     "{\"name\":\"b\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":1,\"ts\":1e300,\"dur\":1},"
                     "{\"name\":\"c\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":1,\"ts\":\"7\",\"dur\":1},"
                     "{\"name\":\"d\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":1,\"ts\":3,\"dur\":2},"
                     "7, null, [], {\"ph\":5}]}",
                     err, sizeof err);
    assert_non_null(svg);
    assert_int_equal(count_xpath(svg, "//s:g[@class='hold']"), 1);
    assert_non_null(strstr(svg, "<title>d</title>"));
}

static void not_a_trace_is_refused(void **state)
{
    (void)state;
    char err[256];
    assert_null(draw("{\"traceEvents\": 3}", err, sizeof err));
    assert_non_null(strstr(err, "not trace-event JSON"));
    assert_null(draw("[1,2", err, sizeof err));
    assert_non_null(strstr(err, "not trace-event JSON"));
    assert_null(draw("{\"traceEvents\":[]}", err, sizeof err));
    assert_non_null(strstr(err, "no event"));
    char out[128];
    snprintf(out, sizeof out, "%s/out.svg", dir);
    assert_int_equal(trace_timeline_write("/nonexistent/trace.json", out, false, err, sizeof err), -1);
    assert_non_null(strstr(err, "no trace was written"));
}

static void many_threads_are_capped_and_said(void **state)
{
    (void)state;
    static char json[1 << 16];
    size_t used = (size_t)snprintf(json, sizeof json, "{\"traceEvents\":[");
    for (int i = 0; i < 100; i++)
        used += (size_t)snprintf(json + used, sizeof json - used,
                                 "%s{\"name\":\"L\",\"cat\":\"lock\",\"ph\":\"X\",\"tid\":%d,\"ts\":%d,\"dur\":5}",
                                 i ? "," : "", i + 1, i);
    snprintf(json + used, sizeof json - used, "]}");
    char err[256];
    char *svg = draw(json, err, sizeof err);
    assert_non_null(svg);
    assert_int_equal(count_xpath(svg, "//s:g[@class='hold']"), 48);
    assert_non_null(strstr(svg, "not drawn"));
}

static void html_wraps_the_picture(void **state)
{
    (void)state;
    char in[128], out[128], err[256];
    snprintf(in, sizeof in, "%s/in.json", dir);
    snprintf(out, sizeof out, "%s/out.html", dir);
    write_file(in, GOOD_TRACE);
    assert_int_equal(trace_timeline_write(in, out, true, err, sizeof err), 0);
    char *html = read_file(out);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "<svg xmlns"));
    assert_null(strstr(html, "<script"));
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draws_a_good_trace),
        cmocka_unit_test(markup_stays_text),
        cmocka_unit_test(bad_numbers_are_skipped),
        cmocka_unit_test(not_a_trace_is_refused),
        cmocka_unit_test(many_threads_are_capped_and_said),
        cmocka_unit_test(html_wraps_the_picture),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
