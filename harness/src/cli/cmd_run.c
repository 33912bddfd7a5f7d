/* racecheck run [OPTIONS] -- PROGRAM [ARGS...]: the program under the
 * detector only. Every detector option (detector/src/options.inc) is a flag
 * of the same name (its grammar: cli/commands.c), so the two can never drift
 * apart. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/graph_output.h"
#include "cli/run_trace.h"
#include "sys/paths.h"
#include "sys/proc.h"
#include "tools/lockgraph.h"

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* The LOCKGRAPH_OPTIONS text of every option given that the detector reads,
 * in the order given; -1 when it does not fit. */
static int detector_options(const struct cli_args *a, double timeout, char *out, size_t len)
{
    out[0] = '\0';
    bool limit_given = false;
    for (const struct cli_use *u = a->cmd->uses; u < a->cmd->uses + a->cmd->nuses; u++) {
        if (u->id == OPT_GRAPH)
            continue;       /* graph_prepare: a DOT file of racecheck's, drawn into FILE */
        for (int i = 0; u->detector_key && i < a->ngiven[u->id]; i++) {
            size_t used = strlen(out);
            const char *value = a->given[u->id][i];
            limit_given |= !strcmp(u->detector_key, "time_limit");
            /* --schedule=pct:DEPTH is two detector keys; a value that is no
             * schedule goes as it is, for the detector to refuse */
            char schedule[96];
            int n = !strcmp(u->detector_key, "schedule") &&
                            lockgraph_schedule_options(value, schedule, sizeof schedule) == 0
                        ? snprintf(out + used, len - used, "%s%s", used ? ":" : "", schedule)
                        : snprintf(out + used, len - used, "%s%s=%s", used ? ":" : "",
                                   u->detector_key, value);
            if (n < 0 || (size_t)n >= len - used)
                return -1;
        }
    }
    /* the detector reports a hang that something outside the program might
     * still end only just before this limit (docs/hangs.md) */
    size_t used = strlen(out);
    if (!limit_given &&
        snprintf(out + used, len - used, "%stime_limit=%g", used ? ":" : "", timeout) >= (int)(len - used))
        return -1;
    return 0;
}

/* PROGRAM run with the detector preloaded and options added to the
 * LOCKGRAPH_OPTIONS already in the environment; its exit status. *started
 * says whether it ran at all. */
static int run_program(const struct cli_command *cmd, char **program_argv, const char *options,
                       double timeout, int *started)
{
    *started = 0;
    char program[4096], lib[4096];
    switch (binary_inspect(program_argv[0], program, sizeof program)) {
    case BINARY_MISSING:
        return cli_error(cmd, "%s: no such program", program_argv[0]);
    case BINARY_NOT_ELF:
        return cli_error(cmd, "%s: not an executable this machine runs (not ELF64)", program_argv[0]);
    case BINARY_STATIC:
        fprintf(stderr, "racecheck: error: %s is statically linked: a preloaded detector cannot "
                        "watch it; nothing was checked (rebuild it without -static)\n", program_argv[0]);
        return EXIT_TOOL_FAILED;
    case BINARY_TSAN:
        fprintf(stderr, "racecheck: error: %s is built with ThreadSanitizer, which cannot run "
                        "with the lockgraph detector preloaded; nothing was checked (use a "
                        "plain build, or racecheck check)\n", program_argv[0]);
        return EXIT_TOOL_FAILED;
    case BINARY_DYNAMIC:
        break;
    }
    if (detector_library(lib, sizeof lib) != 0) {
        fprintf(stderr, "racecheck: error: cannot find liblockgraph.so (set RACECHECK_LIB)\n");
        return EXIT_TOOL_FAILED;
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

    program_argv[0] = program;
    struct proc_spec spec = {.argv = program_argv, .envp = env, .timeout = timeout};
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
    *started = 1;
    if (res.timed_out) {
        fprintf(stderr, "racecheck: error: %s did not finish within %g s and was stopped\n",
                program_argv[0], timeout);
        return 124;
    }
    if (res.signaled)
        return 128 + res.signal;
    return res.exit_status;
}

static int folder_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    return access(dir, W_OK | X_OK) == 0;
}

/* --graph=FILE: the detector writes its DOT into a private folder of
 * racecheck's (it runs inside the program, which may hold any file open or
 * change directory), and racecheck draws it into FILE after the run, however
 * the run ended. */
struct run_graph {
    const char *path;           /* FILE; NULL when not asked for */
    FILE *out;
    int format;
    char dir[4096], dot[4200];
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* Opens FILE and adds graph_path to the detector's options; 0, or the exit status. */
static int graph_prepare(const struct cli_command *cmd, const struct cli_args *a, struct run_graph *g,
                         char *options, size_t len)
{
    *g = (struct run_graph){.path = cli_text(a, OPT_GRAPH)};
    if (!g->path)
        return 0;
    int rc = cli_graph_open(cmd, g->path, &g->out, &g->format);
    if (rc)
        return rc;
    /* an option value ends at ':' or ',': a TMPDIR holding one is not used */
    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/' || strpbrk(tmp, ":,"))
        tmp = "/tmp";
    snprintf(g->dir, sizeof g->dir, "%s/racecheck-graph.XXXXXX", tmp);
    size_t used = strlen(options);
    if (!mkdtemp(g->dir)) {
        fprintf(stderr, "racecheck: error: cannot make a temporary directory: %s\n", strerror(errno));
        g->dir[0] = '\0';
        rc = EXIT_TOOL_FAILED;
    } else if (snprintf(g->dot, sizeof g->dot, "%s/lockgraph.dot", g->dir) >= (int)sizeof g->dot ||
               snprintf(options + used, len - used, "%sgraph_path=%s", used ? ":" : "", g->dot) >=
                   (int)(len - used)) {
        rc = cli_error(cmd, "too many options");
    }
    if (rc) {
        cli_graph_discard(g->out, g->path);
        if (g->dir[0])
            rmdir(g->dir);
    }
    return rc;
}

/* After the run: FILE written from what the detector wrote (removed when
 * the program never started); 0, or EXIT_TOOL_FAILED. */
static int graph_finish(struct run_graph *g, int started)
{
    if (!g->path)
        return 0;
    int rc = 0;
    if (started)
        rc = cli_graph_close(g->out, g->path, g->format, g->dot);
    else
        cli_graph_discard(g->out, g->path);
    nftw(g->dir, remove_entry, 4, FTW_DEPTH | FTW_PHYS);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("run");
    struct cli_args a;
    int rc = cli_parse(cmd, argc, argv, &a);
    char options[8192];
    if (!rc && detector_options(&a, cli_seconds(&a, OPT_TIMEOUT), options, sizeof options) != 0)
        rc = cli_error(cmd, "too many options");
    struct run_trace trace;
    if (!rc)
        rc = run_trace_begin(cmd, cli_is_set(&a, OPT_TRACE) ? cli_text(&a, OPT_TRACE) : NULL, options,
                             sizeof options, &trace);
    if (!rc && !a.nrest)
        rc = cli_error(cmd, "no program given (racecheck run [OPTIONS] -- PROGRAM [ARGS...])");
    if (rc) {
        cli_args_free(&a);
        return rc == CLI_HELP_SHOWN ? EXIT_CLEAN : rc;
    }
    double timeout = cli_seconds(&a, OPT_TIMEOUT);
    char **program_argv = a.rest;
    /* the detector writes the report (its name may hold %p, the pid): its
     * folder must take it, or the findings would be lost */
    const char *output = cli_text(&a, OPT_OUTPUT);
    if (output && !folder_writable(output)) {
        fprintf(stderr, "racecheck: error: cannot write %s: %s\n", output, strerror(errno));
        cli_args_free(&a);
        return EXIT_TOOL_FAILED;
    }
    struct run_graph graph;
    rc = graph_prepare(cmd, &a, &graph, options, sizeof options);
    /* the closing note is about a run, in the text report only */
    int text = !strcmp(cli_text(&a, OPT_FORMAT), "text");
    cli_args_free(&a);
    if (rc)
        return rc;
    int started;
    rc = run_program(cmd, program_argv, options, timeout, &started);
    if (text && started)
        run_say_scope(stderr);
    rc = run_trace_end(&trace, rc);
    int graph_rc = graph_finish(&graph, started);
    return graph_rc ? graph_rc : rc;
}
