#include "engine/expectations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tool_bits(char **save, unsigned *bits, char *error, size_t len, const char *line)
{
    for (char *w = strtok_r(NULL, " \t", save); w; w = strtok_r(NULL, " \t", save)) {
        int t = tool_from_name(w);
        if (t < 0)
            return snprintf(error, len, "unknown tool '%.40s' in: %.150s", w, line), -1;
        *bits |= 1u << t;
    }
    return 0;
}

int expectations_read(const char *path, struct expectations *e)
{
    memset(e, 0, sizeof *e);
    FILE *f = fopen(path, "r");
    if (!f)
        return snprintf(e->error, sizeof e->error, "cannot read %s", path), -1;
    char line[1024];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        /* the header's first line names the example: " * NAME.c [(fixed)] -- TITLE" */
        char *dashes = strstr(line, " -- ");
        if (!e->title[0] && !strncmp(line, " * ", 3) && dashes && strstr(line, ".c"))
            snprintf(e->title, sizeof e->title, "%s", dashes + 4);
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", line);
        char *save = NULL, *word = strtok_r(copy, " \t", &save);
        if (!word || strcmp(word, "//"))
            continue;
        char *tag = strtok_r(NULL, " \t", &save);
        if (!tag)
            continue;
        if (!strcmp(tag, "explore:")) {
            char *n = strtok_r(NULL, " \t", &save);
            e->explore = n ? atoi(n) : 0;
            if (e->explore < 1 || e->explore > 100000) {
                snprintf(e->error, sizeof e->error, "expected a number of seeds in: %.150s", line);
                rc = -1;
            }
            continue;
        }
        int is_expect = !strcmp(tag, "expect:");
        int is_miss = !strcmp(tag, "known-miss:");
        int is_fp = !strcmp(tag, "known-false-positive:");
        if (!is_expect && !is_miss && !is_fp)
            continue;
        e->nlines++;
        if (is_expect) {
            char *kind = strtok_r(NULL, " \t", &save);
            if (kind && !strcmp(kind, "clean")) {
                e->clean = 1;
                continue;
            }
            if (kind && !strcmp(kind, "timeout")) {
                rc = tool_bits(&save, &e->timeout, e->error, sizeof e->error, line);
                continue;
            }
            int k = kind ? finding_kind_from_name(kind) : -1;
            if (k < 0) {
                snprintf(e->error, sizeof e->error, "unknown kind in: %.150s", line);
                rc = -1;
                break;
            }
            rc = tool_bits(&save, &e->expect[k], e->error, sizeof e->error, line);
        } else {
            char *tool = strtok_r(NULL, " \t", &save), *kind = strtok_r(NULL, " \t", &save);
            int t = tool ? tool_from_name(tool) : -1, k = kind ? finding_kind_from_name(kind) : -1;
            if (t < 0 || k < 0) {
                snprintf(e->error, sizeof e->error, "expected TOOL KIND reason in: %.150s", line);
                rc = -1;
                break;
            }
            if (is_miss)
                e->known_miss[k] |= 1u << t;
            else
                e->false_positive[k] |= 1u << t;
        }
    }
    fclose(f);
    return rc;
}
