#include "audit/build_messages.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_CAP 240

struct filter {
    const char *root;
    const char *const *prefixes;
    int nprefixes;
};

/* The submission's relative name of path, or NULL when it is none of its files. */
static const char *own_file(const struct filter *f, const char *path, char *buf, size_t len)
{
    const char *rel = path;
    for (int i = 0; i < f->nprefixes; i++) {
        size_t n = strlen(f->prefixes[i]);
        if (n && !strncmp(path, f->prefixes[i], n) && path[n] == '/') {
            rel = path + n + 1;
            break;
        }
    }
    while (!strncmp(rel, "./", 2))
        rel += 2;
    if (!*rel || rel[0] == '/' || strstr(rel, "..") || strlen(rel) >= len)
        return NULL;
    char full[8400];
    struct stat st;
    snprintf(full, sizeof full, "%s/%s", f->root, rel);
    if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    snprintf(buf, len, "%s", rel);
    return buf;
}

/* Line number line (from 1) of the submission's file rel, without its newline. */
static int source_line(const struct filter *f, const char *rel, long line, char *out, size_t len)
{
    char full[8400];
    snprintf(full, sizeof full, "%s/%s", f->root, rel);
    FILE *in = fopen(full, "r");
    if (!in)
        return -1;
    char buf[4096];
    long n = 0;
    int found = -1;
    while (fgets(buf, sizeof buf, in)) {
        if (++n == line) {
            buf[strcspn(buf, "\r\n")] = '\0';
            snprintf(out, len, "%s", buf);
            found = 0;
            break;
        }
    }
    fclose(in);
    return found;
}

static int trimmed_equal(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && isspace((unsigned char)a[na - 1]))
        na--;
    while (nb && isspace((unsigned char)b[nb - 1]))
        nb--;
    return na == nb && !strncmp(a, b, na);
}

/* The path the match m covers in l, made the submission's own name for it
 * (not the private copy's absolute path). */
static void as_named(char *l, size_t cap, regmatch_t m, const char *rel)
{
    char named[1200];
    snprintf(named, sizeof named, "%.*s%s%s", (int)m.rm_so, l, rel, l + m.rm_eo);
    snprintf(l, cap, "%s", named);
}

/* The formats a line may have (POSIX extended regular expressions). */
enum { DIAG, INCLUDED, IN_FUNCTION, LINKER, DRIVER, MAKE_ERROR, MAKEFILE_ERROR, GCC_SOURCE, CARET,
       NPATTERNS };
static const char *const patterns[NPATTERNS] = {
    /* main.c:3:5: error: ...  (gcc and clang) */
    [DIAG] = "^([^: ]+):([0-9]+)(:[0-9]+)?: (fatal error|error|warning|note): ",
    [INCLUDED] = "^(In file included from|                 from) ([^: ]+):([0-9]+)[:,]$",
    [IN_FUNCTION] = "^([^: ]+): (In function|In member function|At top level|In instantiation of)",
    /* main.c:(.text+0x1a): undefined reference to `f' */
    [LINKER] = "^(/usr/bin/ld: )?([^: ]+):\\(\\.[a-z]+\\+0x[0-9a-f]+\\): undefined reference to",
    [DRIVER] = "^(collect2: error: ld returned [0-9]+ exit status|clang(\\+\\+)?(-[0-9]+)?: error: "
               "linker command failed with exit code [0-9]+.*)$",
    [MAKE_ERROR] = "^make(\\[[0-9]+\\])?: \\*\\*\\* (\\[[^]]*\\] Error [0-9]+|No rule to make target "
                   "'[^']*'(, needed by '[^']*')?\\.  Stop\\.)$",
    [MAKEFILE_ERROR] = "^(GNUmakefile|makefile|Makefile):[0-9]+: \\*\\*\\* [^*]*\\.  Stop\\.$",
    /* gcc's context:   "    3 | int x = y" and "      |     ^~~" */
    [GCC_SOURCE] = "^ *([0-9]+)? \\| (.*)$",
    [CARET] = "^[ \t|]*[\\^~][~^ ]*$",
};

int build_messages_keep(const char *text, const char *root, const char *const *prefixes,
                        int nprefixes, int max_lines, char *out, size_t len)
{
    struct filter f = {root, prefixes, nprefixes};
    regex_t re[NPATTERNS];
    for (int i = 0; i < NPATTERNS; i++)
        if (regcomp(&re[i], patterns[i], REG_EXTENDED) != 0)
            abort();        /* a fixed pattern: only a programming error gets here */
    out[0] = '\0';
    size_t used = 0;
    int kept = 0, first = 1;
    /* the diagnostic the next context lines belong to: its file and line */
    char ctx_file[512] = "";
    long ctx_line = 0;
    int ctx_lines = 0;
    const char *p = text ? text : "";
    while (*p && kept < max_lines) {
        size_t n = strcspn(p, "\n");
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), p);
        p += n + (p[n] == '\n');
        /* "gcc: main.c:3:1: error: ..." (racecheck's own build puts the compiler first) */
        char *l = line;
        if (first) {
            char *colon = strstr(line, ": ");
            if (colon && !memchr(line, ' ', (size_t)(colon - line)) && !memchr(line, '/', (size_t)(colon - line)))
                l = colon + 2;
            first = 0;
        }
        regmatch_t m[8];
        char rel[512], path[1024], src[4096];
        int keep = 0;
        if (!regexec(&re[DIAG], l, 8, m, 0)) {
            snprintf(path, sizeof path, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), l + m[1].rm_so);
            keep = own_file(&f, path, rel, sizeof rel) != NULL;
            if (keep) {
                snprintf(ctx_file, sizeof ctx_file, "%s", rel);
                ctx_line = strtol(l + m[2].rm_so, NULL, 10);
                ctx_lines = 0;
                as_named(l, sizeof line - (size_t)(l - line), m[1], rel);
            } else {
                ctx_file[0] = '\0';
            }
        } else if (!regexec(&re[INCLUDED], l, 8, m, 0)) {
            snprintf(path, sizeof path, "%.*s", (int)(m[2].rm_eo - m[2].rm_so), l + m[2].rm_so);
            keep = own_file(&f, path, rel, sizeof rel) != NULL;
            if (keep)
                as_named(l, sizeof line - (size_t)(l - line), m[2], rel);
            ctx_file[0] = '\0';
        } else if (!regexec(&re[IN_FUNCTION], l, 8, m, 0) || !regexec(&re[LINKER], l, 8, m, 0)) {
            int g = regexec(&re[IN_FUNCTION], l, 8, m, 0) == 0 ? 1 : 2;
            snprintf(path, sizeof path, "%.*s", (int)(m[g].rm_eo - m[g].rm_so), l + m[g].rm_so);
            keep = own_file(&f, path, rel, sizeof rel) != NULL;
            if (keep)
                as_named(l, sizeof line - (size_t)(l - line), m[g], rel);
            ctx_file[0] = '\0';
        } else if (!regexec(&re[DRIVER], l, 0, NULL, 0) || !regexec(&re[MAKE_ERROR], l, 0, NULL, 0) ||
                   !regexec(&re[MAKEFILE_ERROR], l, 0, NULL, 0)) {
            keep = 1;
            ctx_file[0] = '\0';
        } else if (ctx_file[0] && ctx_lines < 2) {
            /* a diagnostic's context: its file's real line, or a caret under it */
            if (!regexec(&re[CARET], l, 0, NULL, 0)) {
                keep = 1;
            } else if (source_line(&f, ctx_file, ctx_line, src, sizeof src) == 0) {
                const char *shown = !regexec(&re[GCC_SOURCE], l, 8, m, 0) ? l + m[2].rm_so : l;
                keep = trimmed_equal(shown, src) && *src;
            }
            if (keep)
                ctx_lines++;
            else
                ctx_file[0] = '\0';
        }
        if (!keep)
            continue;
        text_make_safe(l);
        int w = snprintf(out + used, len - used, "%s%.*s", kept ? "\n" : "", LINE_CAP, l);
        if (w < 0 || (size_t)w >= len - used) {
            out[used] = '\0';
            break;
        }
        used += (size_t)w;
        kept++;
    }
    for (int i = 0; i < NPATTERNS; i++)
        regfree(&re[i]);
    return kept;
}

void text_make_safe(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        int extra = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                                  : (*p & 0xF8) == 0xF0 ? 3 : -1;
        int valid = extra >= 0 && !(*p == 0xC0 || *p == 0xC1 || *p > 0xF4);
        for (int i = 1; valid && i <= extra; i++)
            valid = (p[i] & 0xC0) == 0x80;
        if (!valid) {
            *p++ = '?';
            continue;
        }
        if (extra == 0 && ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F))
            *p = '?';
        p += extra + 1;
    }
}
