#include "out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int lg_write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

void lg_out_fd(struct lg_out *o, int fd, const char *prefix)
{
    memset(o, 0, offsetof(struct lg_out, buf));
    o->used = 0;
    o->fd = fd;
    o->prefix = prefix;
    o->at_line_start = 1;
}

void lg_out_mem(struct lg_out *o, char *mem, size_t size)
{
    lg_out_fd(o, -1, NULL);
    o->mem = mem;
    o->mem_size = size;
}

void lg_out_flush(struct lg_out *o)
{
    if (o->fd >= 0) {
        int saved = errno;
        lg_write_all(o->fd, o->buf, o->used);
        errno = saved;
    } else if (o->mem) {
        size_t room = o->mem_size - o->mem_used;
        size_t n = o->used < room ? o->used : room;
        if (n < o->used)
            o->overflow = 1;
        memcpy(o->mem + o->mem_used, o->buf, n);
        o->mem_used += n;
    }
    o->used = 0;
}

static void put(struct lg_out *o, const char *s, size_t n)
{
    while (n) {
        if (o->prefix && o->at_line_start) {
            o->at_line_start = 0;
            put(o, o->prefix, strlen(o->prefix));
            o->at_line_start = 0;
        }
        size_t chunk = 0;
        while (chunk < n && s[chunk] != '\n')
            chunk++;
        if (chunk < n) {
            chunk++;    /* include the newline */
            if (o->prefix)
                o->at_line_start = 1;
        }
        for (size_t i = 0; i < chunk; i++) {
            if (o->used == sizeof o->buf)
                lg_out_flush(o);
            o->buf[o->used++] = s[i];
        }
        s += chunk;
        n -= chunk;
    }
}

void lg_out_str(struct lg_out *o, const char *s)
{
    put(o, s, strlen(s));
}

void lg_out_printf(struct lg_out *o, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void lg_out_json_str(struct lg_out *o, const char *s)
{
    put(o, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            put(o, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(o, esc, 6);
        } else {
            put(o, (const char *)p, 1);
        }
    }
    put(o, "\"", 1);
}
