#include "engine/build.h"
#include "sys/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends the words of flags to argv. */
static void add_words(char **argv, int *argc, int max, char *flags)
{
    char *save = NULL;
    for (char *w = flags ? strtok_r(flags, " \t", &save) : NULL; w && *argc < max - 1;
         w = strtok_r(NULL, " \t", &save))
        argv[(*argc)++] = w;
}

int build_program(const struct build_options *o, int tsan, const char *name, char *diagnostics,
                  size_t len)
{
    char out[4096];
    snprintf(out, sizeof out, "%s/%s", o->dir, name);
    char *cflags = o->cflags ? strdup(o->cflags) : NULL;
    char *ldflags = o->ldflags ? strdup(o->ldflags) : NULL;
    char *argv[512];
    int argc = 0;
    argv[argc++] = (char *)(tsan ? "clang" : (o->cc ? o->cc : "gcc"));
    if (tsan) {
        argv[argc++] = "-fsanitize=thread";
        /* inlining at -O1 let a racy field of a stack struct, passed to
         * pthread_create, live in a register: TSan saw no access (README) */
        argv[argc++] = "-fno-inline";
    }
    argv[argc++] = "-g";
    argv[argc++] = "-O1";
    argv[argc++] = "-pthread";
    argv[argc++] = "-fno-omit-frame-pointer";
    add_words(argv, &argc, 400, cflags);
    for (size_t i = 0; i < o->nsources && argc < 500; i++)
        argv[argc++] = o->sources[i];
    argv[argc++] = "-o";
    argv[argc++] = out;
    add_words(argv, &argc, 510, ldflags);
    argv[argc] = NULL;

    struct proc_spec spec = {.argv = argv, .capture = 1, .capture_cap = 64 * 1024,
                             .timeout = o->timeout > 0 ? o->timeout : 120};
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
        snprintf(diagnostics, len, "%s: %.*s", argv[0], (int)n, why);
    }
    proc_result_free(&res);
    free(cflags);
    free(ldflags);
    return ok ? 0 : -1;
}
