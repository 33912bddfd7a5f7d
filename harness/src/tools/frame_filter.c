/* Which stack frames are the program's own code. */
#include "tools/frame_filter.h"
#include "tools/tool.h"
#include "sys/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *frame_basename(const char *path)
{
    return path_basename(path);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Shared objects that never hold the program's code. */
static int is_system_object(const char *object)
{
    if (!object || !*object)
        return 0;
    static const char *const prefixes[] = {
        "libc.so", "libc-", "ld-linux", "ld64.so", "libpthread", "libstdc++", "libgcc_s",
        "libm.so", "libdl", "librt", "libasan", "libubsan",
    };
    const char *base = frame_basename(object);
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (starts_with(base, prefixes[i]))
            return 1;
    return strstr(object, "/valgrind/") != NULL || tool_owns_frame(object, NULL);
}

/* glibc top-level source directories, as they appear in glibc's debug info
 * ("./nptl/./nptl/pthread_create.c", "misc/../sysdeps/unix/.../clone.S"). */
static int is_glibc_source(const char *file)
{
    static const char *const dirs[] = {
        "misc", "csu", "stdlib", "string", "libio", "elf", "malloc", "posix", "signal",
        "io", "time", "resolv", "login", "dlfcn", "setjmp", "stdio-common", "support",
        "iconv", "locale", "wcsmbs", "rt", "htl", "nss", "inet", "socket", "dirent",
    };
    if (strstr(file, "sysdeps/") || strstr(file, "/glibc") || starts_with(file, "glibc"))
        return 1;
    const char *p = file;
    while (starts_with(p, "./"))
        p += 2;
    /* nptl anywhere as a path component */
    if (starts_with(p, "nptl/") || strstr(p, "/nptl/"))
        return 1;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        size_t n = strlen(dirs[i]);
        if (strncmp(p, dirs[i], n) == 0 &&
            (starts_with(p + n, "/./") || starts_with(p + n, "/../")))
            return 1;
    }
    return 0;
}

static int is_system_file(const char *file)
{
    static const char *const prefixes[] = {
        "/usr/include/", "/usr/lib/", "/usr/lib64/", "/usr/local/include/", "/lib/",
        "/lib64/",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (starts_with(file, prefixes[i]))
            return 1;
    /* the tools' own runtimes: their declarations (tools/NAME.c) list them */
    if (tool_owns_frame(NULL, file))
        return 1;
    static const char *const parts[] = {"<built-in>"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (strstr(file, parts[i]))
            return 1;
    if (starts_with(file, "detector/src/"))
        return 1;
    /* compiler-rt's runtime sources: tsan_*.cpp, sanitizer_*.h, ... (not a .c) */
    const char *base = frame_basename(file), *dot = strrchr(base, '.');
    if ((starts_with(base, "tsan_") || starts_with(base, "sanitizer_")) &&
        !(dot && strcmp(dot, ".c") == 0))
        return 1;
    return is_glibc_source(file);
}

/* Does frame file f name the same source as program file p? */
static int same_source(const char *f, const char *p)
{
    if (strcmp(f, p) == 0)
        return 1;
    size_t fl = strlen(f), pl = strlen(p);
    const char *longer = fl >= pl ? f : p, *shorter = fl >= pl ? p : f;
    size_t ll = fl >= pl ? fl : pl, sl = fl >= pl ? pl : fl;
    while (starts_with(shorter, "./") && sl > 2) {
        shorter += 2;
        sl -= 2;
    }
    if (sl > 0 && sl <= ll && strcmp(longer + ll - sl, shorter) == 0 &&
        (sl == ll || longer[ll - sl - 1] == '/'))
        return 1;
    const char *fb = frame_basename(f), *pb = frame_basename(p);
    return *fb && strcmp(fb, pb) == 0 && !is_system_file(f);
}

int frame_is_program(const struct frame_filter *filter, const char *file, const char *object)
{
    if (!file || !*file)
        return 0;
    if (filter && filter->program_files && filter->nprogram_files > 0) {
        for (size_t i = 0; i < filter->nprogram_files; i++)
            if (filter->program_files[i] && *filter->program_files[i] &&
                same_source(file, filter->program_files[i]))
                return 1;
        return 0;
    }
    if (is_system_object(object))
        return 0;
    return !is_system_file(file);
}

long frame_pick(const struct frame_filter *filter, const struct frame *frames, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (frame_is_program(filter, frames[i].file, frames[i].object))
            return (long)i;
    for (size_t i = 0; i < n; i++)
        if (frames[i].file && *frames[i].file)
            return (long)i;
    return -1;
}

long frame_next_program(const struct frame_filter *filter, const struct frame *frames, size_t n,
                        long after)
{
    for (size_t i = after < 0 ? 0 : (size_t)after + 1; i < n; i++)
        if (frame_is_program(filter, frames[i].file, frames[i].object))
            return (long)i;
    return -1;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int frame_add_location_unique(struct finding *f, const char *file, int line,
                              const char *function)
{
    for (size_t i = 0; i < f->nlocations; i++) {
        const struct location *l = &f->locations[i];
        if (l->line == line && same_str(l->file, file) && same_str(l->function, function))
            return 0;
    }
    finding_add_location(f, file, line, function);
    return 1;
}

/* "in FN at BASE:LINE" */
void frame_describe(FILE *m, const struct frame *fr)
{
    if (!fr) {
        fputs("at an unknown location", m);
        return;
    }
    if (fr->function)
        fprintf(m, "in %s", fr->function);
    if (fr->file) {
        fprintf(m, "%sat %s", fr->function ? " " : "", frame_basename(fr->file));
        if (fr->line > 0)
            fprintf(m, ":%d", fr->line);
    }
    if (!fr->function && !fr->file)
        fputs("at an unknown location", m);
}

