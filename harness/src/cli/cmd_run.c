/* racecheck run [OPTIONS] -- PROGRAM [ARGS...]: the program under the
 * detector only. Every detector option (detector/src/options.inc) is a flag
 * of the same name (its grammar: cli/commands.c), so the two can never drift
 * apart. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "sys/paths.h"
#include "sys/proc.h"
#include "tools/lockgraph.h"

#include <errno.h>
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

/* the program ran (racecheck run's closing note is about a run) */
static bool program_started;

/* PROGRAM run with the detector preloaded and options added to the
 * LOCKGRAPH_OPTIONS already in the environment; its exit status. */
static int run_program(const struct cli_command *cmd, char **program_argv, const char *options,
                       double timeout)
{
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
    program_started = res.started;
    free(env);
    free(preload);
    free(lgopts);
    if (!res.started) {
        fprintf(stderr, "racecheck: error: %s\n", res.error);
        return EXIT_TOOL_FAILED;
    }
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

int cmd_run(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("run");
    struct cli_args a;
    int rc = cli_parse(cmd, argc, argv, &a);
    char options[8192];
    if (!rc && detector_options(&a, cli_seconds(&a, OPT_TIMEOUT), options, sizeof options) != 0)
        rc = cli_error(cmd, "too many options");
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
    int text = !strcmp(cli_text(&a, OPT_FORMAT), "text");
    cli_args_free(&a);
    rc = run_program(cmd, program_argv, options, timeout);
    if (text && program_started)
        run_say_scope(stderr);
    return rc;
}
