/* What the summary and merge tests share: writing a hand-made audit output
 * directory (its report.json files are the tests' inputs) in a temporary
 * directory, reading results back, and removing it. Include after <cmocka.h>. */
#ifndef RACECHECK_SUMMARY_TEST_SUPPORT_H
#define RACECHECK_SUMMARY_TEST_SUPPORT_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void join_path(char *path, size_t size, const char *dir, const char *rel)
{
    if (snprintf(path, size, "%s/%s", dir, rel) >= (int)size)
        fail_msg("path too long: %s/%s", dir, rel);
}

/* dir/rel with every missing directory made; content written as is. */
static inline void put_file(const char *dir, const char *rel, const char *content)
{
    char path[4096];
    join_path(path, sizeof path, dir, rel);
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *fp = fopen(path, "w");
    if (!fp)
        fail_msg("cannot write %s", path);
    fputs(content, fp);
    fclose(fp);
}

/* dir/audit.json as an audit with --timeout=timeout and shard "shard" writes it. */
static inline void put_header(const char *dir, double timeout, const char *shard)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"racecheck_audit\": 1, \"version\": \"0.0.1\", \"date\": \"2026-01-02T03:04:05Z\", "
             "\"host\": \"node-%s\", \"options\": {\"tools\": \"lockgraph\", \"timeout\": %g, "
             "\"overlay\": {\"path\": \"/on/%s\", \"sha256\": \"abc\"}}, "
             "\"toolchain\": {\"cc\": \"gcc 12\"}, \"runs\": [{\"shard\": \"%s\", \"host\": \"node-%s\", "
             "\"date\": \"2026-01-02T03:04:05Z\", \"finished\": \"2026-01-02T03:05:05Z\"}]}\n",
             shard, timeout, shard, shard, shard);
    put_file(dir, "audit.json", text);
}

static inline char *get_file(const char *dir, const char *rel)
{
    char path[4096];
    join_path(path, sizeof path, dir, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = calloc((size_t)n + 1, 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    return buf;
}

static inline int file_exists(const char *dir, const char *rel)
{
    char path[4096];
    join_path(path, sizeof path, dir, rel);
    return access(path, F_OK) == 0;
}

static inline size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static inline void assert_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("output lacks '%s'", part);
}

static inline void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("output has '%s'", part);
}

static inline char *make_temp_dir(void)
{
    char *dir = strdup("/tmp/racecheck-summary-test.XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static inline void remove_tree(char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

/* A report.json of the contract: verdict, the tools that ran, findings as a
 * JSON array text. */
static inline void put_report(const char *out, const char *name, const char *verdict, const char *findings)
{
    char rel[1024], json[8192];
    if (snprintf(rel, sizeof rel, "submissions/%s/report.json", name) >= (int)sizeof rel)
        fail_msg("name too long");
    int n = snprintf(json, sizeof json,
             "{\"racecheck\": 1, \"target\": \"main.c\", \"submission\": \"x\", \"verdict\": \"%s\",\n"
             " \"tools\": [{\"name\": \"lockgraph\", \"status\": \"ran\", \"exit_status\": 0, \"seconds\": 0.1},\n"
             "           {\"name\": \"tsan\", \"status\": \"ran\", \"exit_status\": 0, \"seconds\": 0.2},\n"
             "           {\"name\": \"helgrind\", \"status\": \"skipped\", \"reason\": \"not asked\"}],\n"
             " \"sandbox\": {\"network\": \"none\", \"filesystem\": \"private copy\", \"note\": \"\"},\n"
             " \"findings\": %s}\n",
             verdict, findings);
    if (n >= (int)sizeof json)
        fail_msg("report too long");
    put_file(out, rel, json);
    if (snprintf(rel, sizeof rel, "submissions/%s/report.txt", name) >= (int)sizeof rel)
        fail_msg("name too long");
    put_file(out, rel, "racecheck: the text report\n");
}

#endif
