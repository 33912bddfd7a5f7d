/* The submissions of a class directory, their file-system-safe names, and
 * the share of one shard: sorted by entry name (bytewise), submission i
 * (from 0) belongs to shard (i mod N) + 1. */
#include "audit/audit.h"
#include "engine/sources.h"
#include "reports/report.h"

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

/* The name as the student wrote it, as far as a file name and every report
 * can carry it: valid UTF-8 and spaces kept ("zoë smith"); a control byte,
 * an invalid UTF-8 byte, '/' and a character that changes how text around it
 * is shown become '_', and so does a leading '.' or '-' (hidden, or read as
 * an option); a loose source file loses its extension;
 * at most 200 bytes, never cutting a character. */
static void safe_name(const char *entry, int strip_extension, char *out, size_t len)
{
    size_t n = strlen(entry);
    const char *dot = strrchr(entry, '.');
    if (strip_extension && dot && dot != entry)
        n = (size_t)(dot - entry);
    size_t w = 0;
    for (size_t i = 0; i < n && w + 5 < len && w < 200;) {
        const unsigned char *p = (const unsigned char *)entry + i;
        size_t k = report_utf8_len(p);
        /* C1 controls (U+0080-U+009F) and the bidirectional overrides
         * (U+202A-U+202E, U+2066-U+2069), which would make a name display as
         * another */
        unsigned cp = k == 2 ? (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu)
                      : k == 3 ? (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu) : 0;
        int invisible = (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
                        (cp >= 0x2066 && cp <= 0x2069);
        if (k == 0 || i + k > n || p[0] < 0x20 || p[0] == 0x7f || p[0] == '/' || invisible ||
            (w == 0 && (p[0] == '.' || p[0] == '-'))) {
            out[w++] = '_';
            i += k && i + k <= n ? k : 1;      /* one '_' a character */
            continue;
        }
        memcpy(out + w, p, k);
        w += k;
        i += k;
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
