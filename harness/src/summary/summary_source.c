/* The offending source lines of a finding, for the HTML summary: read from
 * the submission's copy of its sources. File names come from debug info the
 * student controls (#line), so a name must stay inside src/: relative to it
 * (or absolute but inside it), no "..", and its real path (symlinks
 * resolved) under src/'s. */
#include "summary/summary_model.h"
#include "reports/html_text.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOURCE_MAX_BYTES (4L << 20)
#define SOURCE_LINE_SHOWN 240      /* bytes of one line shown */

static int has_dotdot(const char *rel)
{
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n;
        while (*p == '/')
            p++;
    }
    return 0;
}

/* The file's bytes (at most SOURCE_MAX_BYTES), or NULL with why set. */
static char *read_inside(const char *src_dir, const char *rel, size_t *len, char *why, size_t whylen)
{
    char path[PATH_MAX], real_dir[PATH_MAX], real_file[PATH_MAX];
    if (!rel || !rel[0] || has_dotdot(rel) ||
        snprintf(path, sizeof path, "%s/%s", rel[0] == '/' ? "" : src_dir, rel) >= (int)sizeof path) {
        snprintf(why, whylen, "the file is outside the submitted sources");
        return NULL;
    }
    if (!realpath(src_dir, real_dir) || !realpath(path, real_file)) {
        snprintf(why, whylen, "the file is not among the submitted sources");
        return NULL;
    }
    size_t dl = strlen(real_dir);
    if (strncmp(real_file, real_dir, dl) || real_file[dl] != '/') {
        snprintf(why, whylen, "the file is outside the submitted sources");
        return NULL;
    }
    int fd = open(real_file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        snprintf(why, whylen, "the file is not a readable regular file");
        return NULL;
    }
    size_t cap = st.st_size < SOURCE_MAX_BYTES ? (size_t)st.st_size : (size_t)SOURCE_MAX_BYTES;
    char *buf = malloc(cap + 1);
    if (!buf)
        abort();
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    *len = got;
    return buf;
}

int source_excerpt_html(FILE *out, const char *src_dir, const char *rel, long line, int context,
                        char *why, size_t whylen)
{
    if (line <= 0) {
        snprintf(why, whylen, "no line number");
        return -1;
    }
    size_t len;
    char *text = read_inside(src_dir, rel, &len, why, whylen);
    if (!text)
        return -1;
    long total = len && text[len - 1] != '\n';
    for (const char *q = text; (q = memchr(q, '\n', (size_t)(text + len - q))); q++)
        total++;
    if (line > total) {
        free(text);
        snprintf(why, whylen, "line %ld is past the end of the file (%ld lines%s)", line, total,
                 len == SOURCE_MAX_BYTES ? " read" : "");
        return -1;
    }
    /* find the start of line (line - context) and print up to line + context */
    long first = line > context ? line - context : 1, last = line + context, n = 1;
    const char *p = text, *end = text + len;
    while (n < first && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
        n++;
    }
    fputs("<pre class=\"src\">", out);
    for (; n <= last && p < end; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t full = (size_t)((nl ? nl : end) - p), shown = full < SOURCE_LINE_SHOWN ? full : SOURCE_LINE_SHOWN;
        char *copy = strndup(p, shown);
        fprintf(out, "%s<span class=\"ln\">%5ld</span> ", n == line ? "<mark>" : "", n);
        html_escape(out, copy);
        fprintf(out, "%s%s\n", shown < full ? " …" : "", n == line ? "</mark>" : "");
        free(copy);
        p = nl ? nl + 1 : end;
    }
    fputs("</pre>\n", out);
    free(text);
    return 0;
}
