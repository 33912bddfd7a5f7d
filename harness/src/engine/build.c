/* The two builds of a program: plain (gcc, for lockgraph and Valgrind) and
 * ThreadSanitizer (clang -fsanitize=thread). A program with C++ in it is
 * built by the C++ driver of the same compiler; one that mixes C and C++
 * has each source compiled by its own language's driver first. */
#include "engine/build.h"
#include "engine/sources.h"
#include "sys/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 600

/* Which words of flags add_words takes. A library named before the sources
 * that need it does not link, so --cflags=-latomic goes with the linker
 * flags. */
enum words { ALL_WORDS, LIBRARIES, NOT_LIBRARIES };

struct command {
    char *argv[MAX_ARGS];
    int argc;
    char *copies[MAX_ARGS];     /* strings the words point into: split flags, ./-names */
    int ncopies;
};

static void add(struct command *c, const char *word)
{
    if (c->argc < MAX_ARGS - 1)
        c->argv[c->argc++] = (char *)word;
}

/* Appends a file name; one that starts with '-' as ./NAME, or the compiler
 * would read it as an option. */
static void add_file(struct command *c, const char *path)
{
    if (path[0] != '-' || c->ncopies == MAX_ARGS) {
        add(c, path);
        return;
    }
    char *dotted;
    if (asprintf(&dotted, "./%s", path) < 0)
        abort();
    add(c, c->copies[c->ncopies++] = dotted);
}

/* Appends those words of flags. */
static void add_words(struct command *c, const char *flags, enum words which)
{
    if (!flags || c->ncopies == MAX_ARGS)
        return;
    char *copy = c->copies[c->ncopies++] = strdup(flags), *save = NULL;
    for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
        if (which == ALL_WORDS || (!strncmp(w, "-l", 2) && w[2]) == (which == LIBRARIES))
            add(c, w);
}

/* The compiler and the flags every compilation of this build gets. */
static void add_compiler(struct command *c, const struct build_options *o, int tsan,
                         enum source_language language, char *cxx, size_t cxx_len)
{
    const char *cc = tsan ? "clang" : o->cc ? o->cc : "gcc";
    const char *driver = language == SOURCE_CXX ? source_cxx_driver(cc, cxx, cxx_len) : NULL;
    add(c, driver ? driver : cc);
    if (tsan) {
        add(c, "-fsanitize=thread");
        /* inlining at -O1 let a racy field of a stack struct, passed to
         * pthread_create, live in a register: TSan saw no access (README) */
        add(c, "-fno-inline");
        /* clang 14 defaults to C++14, g++ 12 to C++17: the two builds of one
         * program must accept the same code (--cflags=-std=... still wins) */
        if (language == SOURCE_CXX)
            add(c, "-std=gnu++17");
    }
    add(c, "-g");
    add(c, "-O1");
    add(c, "-pthread");
    add(c, "-fno-omit-frame-pointer");
    add_words(c, o->cflags, NOT_LIBRARIES);
}

/* Runs c; 0, or -1 with the compiler's first lines in diagnostics. */
static int run(struct command *c, double timeout, char *diagnostics, size_t len)
{
    c->argv[c->argc] = NULL;
    struct proc_spec spec = {.argv = c->argv, .capture = 1, .capture_cap = 64 * 1024,
                             .timeout = timeout > 0 ? timeout : 120};
    struct proc_result res;
    proc_run(&spec, &res);
    int ok = res.started && res.exited && res.exit_status == 0;
    if (!ok) {
        const char *why = !res.started ? res.error
                          : res.timed_out ? "the compiler did not finish in time"
                          : res.err_len ? res.err : res.out;
        /* the first few lines are the ones that explain */
        size_t n = 0;
        int lines = 0;
        while (why[n] && lines < 12 && n + 1 < len) {
            if (why[n] == '\n')
                lines++;
            n++;
        }
        snprintf(diagnostics, len, "%s: %.*s", c->argv[0], (int)n, why);
    }
    proc_result_free(&res);
    for (int i = 0; i < c->ncopies; i++)
        free(c->copies[i]);
    c->ncopies = 0;
    return ok ? 0 : -1;
}

int build_program(const struct build_options *o, int tsan, const char *name, char *diagnostics,
                  size_t len)
{
    char out[4096], cxx[512];
    snprintf(out, sizeof out, "%s/%s", o->dir, name);
    int has_cxx = sources_have_cxx(o->sources, o->nsources), mixed = 0;
    for (size_t i = 0; i < o->nsources; i++)
        mixed |= has_cxx && source_language(o->sources[i]) == SOURCE_C;
    enum source_language link_as = has_cxx ? SOURCE_CXX : SOURCE_C;

    struct command *c = calloc(1, sizeof *c);
    char (*objects)[4200] = calloc(o->nsources ? o->nsources : 1, sizeof *objects);
    if (!c || !objects)
        abort();
    /* mixed: each source to an object by its own driver, then one link */
    size_t nobjects = 0;
    int rc = 0;
    for (size_t i = 0; mixed && rc == 0 && i < o->nsources; i++) {
        c->argc = 0;
        add_compiler(c, o, tsan, source_language(o->sources[i]), cxx, sizeof cxx);
        snprintf(objects[nobjects], sizeof objects[0], "%s-%zu.o", out, i);
        add(c, "-c");
        add_file(c, o->sources[i]);
        add(c, "-o");
        add(c, objects[nobjects++]);
        rc = run(c, o->timeout, diagnostics, len);
    }
    if (rc == 0) {
        c->argc = 0;
        add_compiler(c, o, tsan, link_as, cxx, sizeof cxx);
        for (size_t i = 0; i < o->nsources; i++)
            add_file(c, mixed ? objects[i] : o->sources[i]);
        add(c, "-o");
        add(c, out);
        add_words(c, o->cflags, LIBRARIES);
        add_words(c, o->ldflags, ALL_WORDS);
        /* a C++ program built by a compiler with no known C++ driver */
        if (has_cxx && !source_cxx_driver(tsan ? "clang" : o->cc ? o->cc : "gcc", cxx, sizeof cxx))
            add(c, "-lstdc++");
        rc = run(c, o->timeout, diagnostics, len);
    }
    for (size_t i = 0; i < nobjects; i++)
        remove(objects[i]);
    free(objects);
    free(c);
    return rc;
}
