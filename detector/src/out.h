/* A small buffered writer onto a file descriptor or a memory buffer, with
 * write(2) only: no stdio, whose locks the watched program may hold. */
#ifndef LOCKGRAPH_OUT_H
#define LOCKGRAPH_OUT_H

#include <stddef.h>

struct lg_out {
    int fd;                 /* -1: memory only */
    char *mem;              /* memory target, when fd < 0 */
    size_t mem_size, mem_used;
    int overflow;
    char buf[4096];
    size_t used;
    const char *prefix;     /* put at the start of every line ("lockgraph: ") */
    int at_line_start;
};

void lg_out_fd(struct lg_out *o, int fd, const char *prefix);
void lg_out_mem(struct lg_out *o, char *mem, size_t size);
void lg_out_printf(struct lg_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lg_out_str(struct lg_out *o, const char *s);
/* A JSON string literal, quotes included. */
void lg_out_json_str(struct lg_out *o, const char *s);
void lg_out_flush(struct lg_out *o);
/* write(2) all of buf, retrying on EINTR and short writes. */
int lg_write_all(int fd, const char *buf, size_t len);

#endif
