/* What the parser tests share: reading a recorded fixture, and asserting a
 * finding's locations and summary. Include after <cmocka.h>. */
#ifndef RACECHECK_TEST_SUPPORT_H
#define RACECHECK_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

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

#endif
