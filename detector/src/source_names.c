/* How the program itself names a heap or stack lock: the first argument of
 * the init call on the line that initialised it, `ledger->lock` from
 * `pthread_mutex_init(&ledger->lock, NULL)`. Read at report time from the
 * source file with plain open/read (no malloc, no stdio), bounded, and only
 * a simple lvalue is taken: anything else keeps the lock's plain name. */
#include "lockgraph.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCE_BYTES (16 << 20)     /* never read further into a file */

int lg_source_line(const char *file, int line, char *buf, size_t size)
{
    if (!file[0] || line < 1 || size < 2)
        return -1;
    int saved = errno;
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        errno = saved;
        return -1;
    }
    static char chunk[4096];    /* reports are written one at a time; small thread stacks */
    size_t used = 0, total = 0;
    int at = 1;
    bool done = false;
    while (!done && total < MAX_SOURCE_BYTES) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += (size_t)n;
        for (ssize_t i = 0; i < n && !done; i++) {
            if (chunk[i] == '\n')
                done = at++ == line;
            else if (at == line && used < size - 1)
                buf[used++] = chunk[i];
        }
    }
    close(fd);
    errno = saved;
    buf[used] = '\0';
    return done || at == line ? 0 : -1;     /* the last line may lack its newline */
}

static bool ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Copies an identifier from p; returns the end, NULL if there is none. */
static const char *identifier(const char *p, char *out, size_t len, size_t *used)
{
    if (!ident_start(*p))
        return NULL;
    while (ident_char(*p)) {
        if (*used + 1 >= len)
            return NULL;
        out[(*used)++] = *p++;
    }
    return p;
}

/* A simple lvalue (a, a.b, a->b, a[i], a[2].b, ...) ending at "," or ")"; its
 * text without spaces, "*p" for a pointer argument. NULL if it is not one. */
static const char *lvalue(const char *p, char *out, size_t len)
{
    size_t used = 0;
    p = skip_spaces(p);
    bool address = *p == '&';
    if (address)
        p = skip_spaces(p + 1);
    else
        out[used++] = '*';
    if (!(p = identifier(p, out, len, &used)))
        return NULL;
    for (;;) {
        p = skip_spaces(p);
        const char *sep = *p == '.' ? "." : (p[0] == '-' && p[1] == '>') ? "->" : NULL;
        if (sep) {
            if (used + strlen(sep) >= len)
                return NULL;
            memcpy(out + used, sep, strlen(sep));
            used += strlen(sep);
            if (!(p = identifier(skip_spaces(p + strlen(sep)), out, len, &used)))
                return NULL;
        } else if (*p == '[') {
            /* an index of names, numbers and + - *, no calls or brackets */
            out[used++] = *p++;
            for (; *p != ']'; p++) {
                if (!ident_char(*p) && !strchr(" \t+-*", *p))
                    return NULL;
                if (*p == ' ' || *p == '\t')
                    continue;
                if (used + 2 >= len)
                    return NULL;
                out[used++] = *p;
            }
            if (out[used - 1] == '[' || used + 2 >= len)
                return NULL;
            out[used++] = *p++;
        } else {
            break;
        }
    }
    out[used] = '\0';
    return *p == ',' || *p == ')' ? p : NULL;
}

static const char *const *init_calls(int kind)
{
    static const char *const mutex[] = {"pthread_mutex_init", NULL};
    static const char *const rwlock[] = {"pthread_rwlock_init", NULL};
    static const char *const spin[] = {"pthread_spin_init", NULL};
    static const char *const c11[] = {"mtx_init", NULL};
    static const char *const cond[] = {"pthread_cond_init", "cnd_init", NULL};
    switch (kind) {
    case LG_RWLOCK: return rwlock;
    case LG_SPIN: return spin;
    case LG_C11_MUTEX: return c11;
    case LG_COND: return cond;
    default: return mutex;
    }
}

int lg_init_call_lvalue(const char *line, int column, int kind, char *out, size_t len)
{
    /* the only call on the line, else the one that holds column (each call
     * starts at its name); two calls and no column: not known which */
    enum { MAX_CALLS = 8 };
    struct { int at; const char *args; } calls[MAX_CALLS];
    int ncalls = 0;
    out[0] = '\0';
    for (const char *const *fn = init_calls(kind); *fn; fn++) {
        size_t n = strlen(*fn);
        for (const char *p = strstr(line, *fn); p; p = strstr(p + n, *fn)) {
            const char *open = skip_spaces(p + n);
            if ((p > line && ident_char(p[-1])) || *open != '(')
                continue;
            if (ncalls == MAX_CALLS)
                return -1;
            calls[ncalls].at = (int)(p - line) + 1;
            calls[ncalls++].args = open + 1;
        }
    }
    int pick = -1;
    if (ncalls == 1)
        pick = 0;
    else if (column > 0)
        for (int i = 0; i < ncalls; i++)
            if (calls[i].at <= column && (pick < 0 || calls[i].at > calls[pick].at))
                pick = i;
    char found[LG_LVALUE_MAX + 1];
    if (pick < 0 || !lvalue(calls[pick].args, found, sizeof found) || strlen(found) >= len)
        return -1;
    memcpy(out, found, strlen(found) + 1);
    return 0;
}
