/* The submissions of a class directory, their file-system-safe names, and
 * the share of one shard: sorted by entry name (bytewise), submission i
 * (from 0) belongs to shard (i mod N) + 1. */
#include "audit/audit.h"
#include "engine/sources.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* name made of [A-Za-z0-9._-] only, not starting with a dot, at most 200 bytes */
static void safe_name(const char *entry, int strip_c, char *out, size_t len)
{
    size_t n = strlen(entry);
    if (strip_c)
        n -= 2;
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < len && w < 200; i++) {
        unsigned char c = (unsigned char)entry[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-';
        out[w] = ok && !(w == 0 && c == '.') ? (char)c : '_';
        w++;
    }
    out[w] = '\0';
    if (!w)
        snprintf(out, len, "_");
}

static int name_taken(const struct submission *subs, long n, const char *name)
{
    for (long i = 0; i < n; i++)
        if (!strcmp(subs[i].name, name))
            return 1;
    return 0;
}

long audit_list(const char *dir, const char *skip_path, int shard_index, int shard_count,
                struct submission **out, char *err, size_t errlen)
{
    struct dirent **entries;
    int count = scandir(dir, &entries, NULL, by_name);
    if (count < 0) {
        snprintf(err, errlen, "cannot read %s: %s", dir, strerror(errno));
        return -1;
    }
    struct stat skip = {0};
    int have_skip = skip_path && stat(skip_path, &skip) == 0;
    struct submission *subs = calloc((size_t)count + 1, sizeof *subs);
    long n = 0;
    for (int i = 0; i < count; i++) {
        const char *e = entries[i]->d_name;
        char path[4096];
        struct stat st;
        int keep = e[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, e) < (int)sizeof path &&
                   stat(path, &st) == 0 &&
                   !(have_skip && st.st_dev == skip.st_dev && st.st_ino == skip.st_ino) &&
                   (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && source_language(e) != SOURCE_NONE));
        if (keep) {
            safe_name(e, !S_ISDIR(st.st_mode), subs[n].name, sizeof subs[n].name);
            snprintf(subs[n].path, sizeof subs[n].path, "%s", path);
            n++;
        }
        free(entries[i]);
    }
    free(entries);
    /* two entries with one safe name ("a b" and "a_b"; "x.c" and "x/"): named
     * over the whole list, before sharding, so every shard names alike */
    for (long i = 0; i < n; i++) {
        char base[256];
        snprintf(base, sizeof base, "%s", subs[i].name);
        for (int k = 2; name_taken(subs, i, subs[i].name); k++)
            snprintf(subs[i].name, sizeof subs[i].name, "%.200s-%d", base, k);
    }
    long kept = 0;
    for (long i = 0; i < n; i++)
        if (i % shard_count == shard_index - 1)
            subs[kept++] = subs[i];
    n = kept;
    *out = subs;
    return n;
}
