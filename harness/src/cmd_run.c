/* racecheck run [OPTIONS] -- PROGRAM [ARGS...]: the program under the
 * detector only. Every detector option (detector/src/options.inc) is a flag
 * of the same name, so the two can never drift apart. */
#include "commands.h"
#include "paths.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

struct run_flag {
    const char *flag;       /* --flag */
    const char *key;        /* LOCKGRAPH_OPTIONS key */
    const char *help;
};

static const struct run_flag run_flags[] = {
    {"output", "log_path", "write the report to FILE instead of stderr"},
    {"graph", "graph_path", "write the lock-order graph as Graphviz DOT to FILE"},
#define LG_OPT_INT(name, def, help) {#name, #name, help},
#define LG_OPT_DBL(name, def, help) {#name, #name, help},
#define LG_OPT_STR(name, def, help) {#name, #name, help},
#include "../../detector/src/options.inc"   /* the detector's own option list */
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
};
#define NFLAGS (sizeof run_flags / sizeof run_flags[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: racecheck run [OPTIONS] -- PROGRAM [ARGS...]\n\n"
               "Runs PROGRAM with the lockgraph detector preloaded. Exits with the program's\n"
               "own status, or with --exitcode (66) when something was reported.\n\n"
               "Options:\n"
               "  --timeout=SECONDS      stop the program after this long (default 600; exit 124)\n"
               "  --help                 this text\n");
    for (size_t i = 0; i < NFLAGS; i++) {
        char flag[64];
        snprintf(flag, sizeof flag, "--%s", run_flags[i].flag);
        for (char *p = flag + 2; *p; p++)
            if (*p == '_')
                *p = '-';
        fprintf(f, "  %-22s %s\n", flag, run_flags[i].help);
    }
    fprintf(f, "\nLOCKGRAPH_OPTIONS already in the environment are kept; flags override them.\n");
}

/* --hang-timeout=3 -> "hang_timeout=3"; NULL if not a detector flag */
static const char *detector_option(const char *arg, char *out, size_t len)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return NULL;
    char name[64];
    size_t n = (size_t)(eq - arg);
    if (n >= sizeof name)
        return NULL;
    memcpy(name, arg, n);
    name[n] = '\0';
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    for (size_t i = 0; i < NFLAGS; i++) {
        if (strcmp(name, run_flags[i].flag) == 0) {
            snprintf(out, len, "%s=%s", run_flags[i].key, eq + 1);
            return out;
        }
    }
    return NULL;
}

int cmd_run(int argc, char **argv)
{
    char options[8192] = "";
    double timeout = 600;
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (!strncmp(a, "--timeout=", 10)) {
            char *end;
            timeout = strtod(a + 10, &end);
            if (*end || timeout <= 0)
                return usage_error("run: --timeout needs a positive number of seconds");
            continue;
        }
        char opt[1100];
        if (!strncmp(a, "--", 2) && detector_option(a + 2, opt, sizeof opt)) {
            if (strlen(options) + strlen(opt) + 2 >= sizeof options)
                return usage_error("run: too many options");
            if (options[0])
                strcat(options, ":");
            strcat(options, opt);
            continue;
        }
        if (a[0] == '-')
            return usage_error("run: unknown option '%s' (see racecheck run --help)", a);
        break;      /* PROGRAM without "--" */
    }
    if (i >= argc)
        return usage_error("run: no program given (racecheck run [OPTIONS] -- PROGRAM [ARGS...])");

    char program[4096], lib[4096];
    switch (binary_inspect(argv[i], program, sizeof program)) {
    case BINARY_MISSING:
        return usage_error("run: %s: no such program", argv[i]);
    case BINARY_NOT_ELF:
        return usage_error("run: %s: not an executable this machine runs (not ELF64)", argv[i]);
    case BINARY_STATIC:
        fprintf(stderr, "racecheck: error: %s is statically linked: a preloaded detector cannot "
                        "watch it; nothing was checked (rebuild it without -static)\n", argv[i]);
        return EXIT_TOOL_FAILED;
    case BINARY_TSAN:
        fprintf(stderr, "racecheck: error: %s is built with ThreadSanitizer, which cannot run "
                        "with the lockgraph detector preloaded; nothing was checked (use a "
                        "plain build, or racecheck check)\n", argv[i]);
        return EXIT_TOOL_FAILED;
    case BINARY_DYNAMIC:
        break;
    }
    if (detector_library(lib, sizeof lib) != 0) {
        fprintf(stderr, "racecheck: error: cannot find liblockgraph.so (set RACECHECK_LIB)\n");
        return EXIT_TOOL_FAILED;
    }

    /* the detector reports a hang that something outside the program might
     * still end only just before this limit (unless a limit was given) */
    if (!strstr(options, "time_limit=") && timeout <= 1000000) {
        char limit[64];
        snprintf(limit, sizeof limit, "%stime_limit=%g", options[0] ? ":" : "", timeout);
        if (strlen(options) + strlen(limit) < sizeof options)
            strcat(options, limit);
    }

    /* environment: our library first in LD_PRELOAD, user options then ours */
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 3, sizeof *env);
    char *preload = NULL, *lgopts = NULL;
    size_t k = 0;
    const char *old_preload = getenv("LD_PRELOAD"), *old_opts = getenv("LOCKGRAPH_OPTIONS");
    if (asprintf(&preload, "LD_PRELOAD=%s%s%s", lib, old_preload && *old_preload ? ":" : "",
                 old_preload ? old_preload : "") < 0 ||
        asprintf(&lgopts, "LOCKGRAPH_OPTIONS=%s%s%s", old_opts ? old_opts : "",
                 old_opts && *old_opts && options[0] ? ":" : "", options) < 0)
        return EXIT_TOOL_FAILED;
    for (size_t j = 0; j < n; j++)
        if (strncmp(environ[j], "LD_PRELOAD=", 11) && strncmp(environ[j], "LOCKGRAPH_OPTIONS=", 18))
            env[k++] = environ[j];
    env[k++] = preload;
    env[k++] = lgopts;
    env[k] = NULL;

    argv[i] = program;
    struct proc_spec spec = {.argv = &argv[i], .envp = env, .timeout = timeout};
    struct proc_result res;
    proc_install_signal_forwarding();
    proc_run(&spec, &res);
    free(env);
    free(preload);
    free(lgopts);
    if (!res.started) {
        fprintf(stderr, "racecheck: error: %s\n", res.error);
        return EXIT_TOOL_FAILED;
    }
    if (res.timed_out) {
        fprintf(stderr, "racecheck: error: %s did not finish within %g s and was stopped\n",
                argv[i], timeout);
        return 124;
    }
    if (res.signaled)
        return 128 + res.signal;
    return res.exit_status;
}
