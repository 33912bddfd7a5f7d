/* What the parser tests share: reading a recorded fixture, and asserting a
 * finding's locations and summary. Include after <cmocka.h>. */
#ifndef RACECHECK_TEST_SUPPORT_H
#define RACECHECK_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/finding.h"

#ifndef FIXTURES
#error "build with -DFIXTURES='\"/path/to/harness/tests/fixtures\"'"
#endif

/* FIXTURES/rel, NUL-terminated; *len excludes the NUL. */
static inline char *fixture_load(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open fixture %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc(n > 0 ? (size_t)n + 1 : 1);
    assert_non_null(buf);
    *len = fread(buf, 1, n > 0 ? (size_t)n : 0, fp);
    buf[*len] = '\0';
    fclose(fp);
    return buf;
}

/* Step i of f's interleaving is thread's step at basename:line. */
static inline void assert_step(const struct finding *f, size_t i, const char *thread,
                               const char *step, const char *base, int line)
{
    if (i >= f->nflow)
        fail_msg("finding '%s' has %zu flow steps, wanted #%zu", f->summary, f->nflow, i);
    const struct location *l = &f->flow[i];
    assert_string_equal(l->thread, thread);
    assert_string_equal(l->step, step);
    const char *slash = l->file ? strrchr(l->file, '/') : NULL;
    assert_string_equal(slash ? slash + 1 : l->file, base);
    assert_int_equal(l->line, line);
}

/* Location i of f is file:line in function (NULL: no function). */
static inline void assert_loc(const struct finding *f, size_t i, const char *file, int line,
                              const char *function)
{
    if (i >= f->nlocations)
        fail_msg("finding '%s' has %zu locations, wanted #%zu", f->summary, f->nlocations, i);
    const struct location *l = &f->locations[i];
    assert_string_equal(l->file, file);
    assert_int_equal(l->line, line);
    if (function)
        assert_string_equal(l->function, function);
    else
        assert_null(l->function);
}

static inline void assert_summary_has(const struct finding *f, const char *part)
{
    assert_non_null(f->summary);
    if (!strstr(f->summary, part))
        fail_msg("summary '%s' lacks '%s'", f->summary, part);
}

/* A recorded tool output cut short (the tool was killed mid-report) must
 * never give more findings than the whole output, and cutting it later at a
 * line boundary never gives fewer. Random inputs are the fuzz targets' job
 * (tests/fuzz). Each parse gets an exact-size heap copy, so an overread
 * shows under a memory checker. */
struct frame_filter;
typedef int (*tool_parse_fn)(const char *text, size_t len, const struct frame_filter *filter,
                             struct finding_list *out);

static inline int parse_exact_copy(tool_parse_fn parse, const char *data, size_t len)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, data, len);
    struct finding_list l = {0};
    int n = parse(copy, len, NULL, &l);
    free(copy);
    assert_true(n >= 0);
    assert_int_equal((size_t)n, l.count);
    for (size_t i = 0; i < l.count; i++)
        assert_non_null(l.items[i].summary);
    finding_list_free(&l);
    return n;
}

static inline void assert_truncations_monotonic(tool_parse_fn parse, const char *const *fixtures,
                                                size_t nfixtures)
{
    for (size_t fx = 0; fx < nfixtures; fx++) {
        size_t len;
        char *text = fixture_load(fixtures[fx], &len);
        int whole = parse_exact_copy(parse, text, len), last = 0;
        for (size_t i = 0; i < len; i++) {
            if (text[i] != '\n')
                continue;
            int n = parse_exact_copy(parse, text, i + 1);
            if (n > whole || n < last)
                fail_msg("%s cut after byte %zu: %d findings (whole: %d, previous cut: %d)",
                         fixtures[fx], i + 1, n, whole, last);
            last = n;
        }
        free(text);
    }
}

#endif
