/* racecheck check: one program checked by the engine (engine/check.h), its
 * suppressions and baseline applied, its report written. */
#include "cli/cli.h"
#include "engine/sources.h"
#include "sys/paths.h"
#include "tools/tsan.h"
#include "reports/rubric.h"
#include "cli/commands.h"
#include "cli/graph_output.h"
#include "engine/check.h"
#include "findings/baseline.h"
#include "findings/suppressions.h"
#include "reports/report.h"
#include "tools/lockgraph.h"
#include "sys/proc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes r in format to path; 0, or EXIT_TOOL_FAILED when it cannot. */
static int write_report_file(const struct report *r, const char *format, const char *path)
{
    FILE *out = cli_output_open(path);
    return out ? cli_output_close(out, path, report_write(out, r, format) != 0) : EXIT_TOOL_FAILED;
}

/* --explore=N, or --schedule and --seed (one seed: a replay): the plan; 0,
 * or a usage error. */
static int plan_exploration(const struct cli_command *cmd, const struct cli_args *a,
                            struct explore_plan *plan)
{
    const char *schedule = cli_is_set(a, OPT_LG_schedule) ? cli_text(a, OPT_LG_schedule) : NULL;
    const char *seed = cli_is_set(a, OPT_LG_seed) ? cli_text(a, OPT_LG_seed) : NULL;
    *plan = (struct explore_plan){.schedule = schedule, .first_seed = 1};
    char options[96];
    if (schedule && lockgraph_schedule_options(schedule, options, sizeof options) != 0)
        return cli_error(cmd, "--schedule: random, pct or pct:DEPTH, not '%s'", schedule);
    char *end = NULL;
    if (seed && ((plan->first_seed = strtol(seed, &end, 10)) < 0 || *end))
        return cli_error(cmd, "--seed: a whole number, not '%s'", seed);
    plan->confirm = cli_is_set(a, OPT_EXPLORE);
    plan->count = cli_is_set(a, OPT_EXPLORE) ? (int)cli_int(a, OPT_EXPLORE) : schedule || seed ? 1 : 0;
    return 0;
}

/* The check the command line asks for, run and reported. */
static int check_command(const struct cli_command *cmd, const struct cli_args *a)
{
    struct check_options o = {
        .tools = cli_tools(a, OPT_TOOLS), .format = cli_text(a, OPT_FORMAT),
        .output = cli_text(a, OPT_OUTPUT), .stdin_path = cli_text(a, OPT_STDIN),
        .timeout = cli_seconds(a, OPT_TIMEOUT), .repeat = (int)cli_int(a, OPT_REPEAT),
        .jobs = cli_is_set(a, OPT_JOBS) ? (int)cli_int(a, OPT_JOBS) : (int)sysconf(_SC_NPROCESSORS_ONLN),
        .build = {.cc = cli_text(a, OPT_CC), .cflags = cli_text(a, OPT_CFLAGS),
                  .ldflags = cli_text(a, OPT_LDFLAGS)},
        .count_notes = cli_is_set(a, OPT_COUNT_NOTES)};
    char error[600];
    for (int i = 0; i < a->noperands; i++) {
        const char *src = a->operands[i];
        if (source_language(src) == SOURCE_NONE)
            return cli_error(cmd, "%s is not a C or C++ source (%s; for a binary: racecheck check -- "
                                  "PROGRAM)", src, source_extensions_text());
        if (access(src, R_OK) != 0)
            return cli_error(cmd, "%s: %s", src, strerror(errno));
    }
    char **sources = a->operands;
    size_t nsources = (size_t)a->noperands;
    /* after "--": the program's arguments, or a prebuilt program and its arguments */
    char **program_argv = a->has_rest ? a->rest : NULL;
    if (!nsources && (!program_argv || !program_argv[0]))
        return cli_error(cmd, "nothing to check (racecheck check SOURCE... or -- PROGRAM)");
    /* the user's TSAN_OPTIONS apply, but for the keys racecheck needs */
    char keys[200];
    if ((o.tools & (1u << TOOL_TSAN)) && tsan_user_options_overridden(getenv("TSAN_OPTIONS"), keys, sizeof keys))
        fprintf(stderr, "racecheck: note: TSAN_OPTIONS: racecheck sets %s itself (it reads every "
                        "report from its own log); the rest of yours applies\n", keys);
    const char *tsan_binary = cli_text(a, OPT_TSAN_BINARY);
    char tsan_path[4096];
    if (tsan_binary) {
        if (nsources)
            return cli_error(cmd, "--tsan-binary goes with a prebuilt program (-- PROGRAM), not "
                                  "with sources racecheck builds itself");
        enum binary_kind kind = binary_inspect(tsan_binary, tsan_path, sizeof tsan_path);
        if (kind == BINARY_MISSING)
            return cli_error(cmd, "--tsan-binary: %s: no such program", tsan_binary);
        if (kind != BINARY_TSAN)
            return cli_error(cmd, "--tsan-binary: %s is not a program built with -fsanitize=thread",
                             tsan_binary);
        o.tsan_binary = tsan_path;
    }

    struct suppressions suppressions = {0};
    struct baseline baseline = {0};
    int rc = EXIT_USAGE;
    char *replay_args = NULL;
    if (plan_exploration(cmd, a, &o.explore) != 0)
        goto out;
    if (o.explore.count) {
        if (!(o.tools & (1u << TOOL_LOCKGRAPH))) {
            cli_error(cmd, "--explore, --schedule and --seed need lockgraph in --tools");
            goto out;
        }
        o.explore.replay_args = replay_args = cli_replay_args(a);
    }
    for (int i = 0; i < a->ngiven[OPT_SUPPRESSIONS]; i++)
        if (suppressions_load(&suppressions, a->given[OPT_SUPPRESSIONS][i], error, sizeof error) != 0) {
            cli_error(cmd, "--suppressions: %s", error);
            goto out;
        }
    if (suppressions.ignored)
        fprintf(stderr, "racecheck: note: --suppressions: %zu rule%s of another tool with no racecheck "
                        "equivalent ignored (%s)\n", suppressions.ignored,
                suppressions.ignored == 1 ? "" : "s", suppressions.ignored_example);
    struct rubric rubric;
    const char *rubric_path = cli_text(a, OPT_RUBRIC);
    if (rubric_path && rubric_load(&rubric, rubric_path, error, sizeof error) != 0) {
        cli_error(cmd, "--rubric: %s", error);
        goto out;
    }
    const char *baseline_path = cli_text(a, OPT_BASELINE);
    if (baseline_path && baseline_load(&baseline, baseline_path, error, sizeof error) != 0) {
        cli_error(cmd, "--baseline: %s", error);
        goto out;
    }

    /* --graph=FILE: lockgraph's runs write their graphs; FILE is opened now */
    const char *graph_path = cli_text(a, OPT_GRAPH);
    FILE *graph = NULL;
    int graph_format = 0;
    if (graph_path) {
        if (!(o.tools & (1u << TOOL_LOCKGRAPH))) {
            cli_error(cmd, "--graph needs lockgraph in --tools");
            goto out;
        }
        if ((rc = cli_graph_open(cmd, graph_path, &graph, &graph_format)) != 0)
            goto out;
        o.lockgraph_graph = 1;
        o.explore.seed_graphs = 1;
    }
    FILE *out = cli_output_open(o.output);
    if (!out) {
        cli_graph_discard(graph, graph_path);
        rc = EXIT_TOOL_FAILED;
        goto out;
    }
    proc_install_signal_forwarding();
    struct check_state st;
    struct report r;
    rc = check_run(&o, sources, nsources, program_argv, &st, &r);
    if (rc != 0) {
        if (rc == EXIT_USAGE)
            cli_error(cmd, "%s", st.error);
        else
            fprintf(stderr, "racecheck: error: %s\n", st.error);
        check_state_free(&st);
        cli_output_discard(out, o.output);
        cli_graph_discard(graph, graph_path);
        goto out;
    }
    r.rubric = rubric_path ? &rubric : NULL;
    /* suppressions first: a deliberate rule says more than "it was there before" */
    suppressions_apply(&suppressions, &r.findings);
    if (baseline_path) {
        baseline_apply(&baseline, &r.findings);
        r.baseline = baseline_path;
    }
    int failed = 0;
    if (cli_is_set(a, OPT_GEN_SUPPRESSIONS))
        suppressions_write(out, &r.findings);
    else
        failed = report_write(out, &r, o.format) != 0;
    int unwritten = cli_output_close(out, o.output, failed);
    rc = unwritten ? unwritten : report_exit_code(&r);
    /* --report=FORMAT:FILE: the same report beside the main one */
    for (int i = 0; i < a->ngiven[OPT_REPORT]; i++) {
        const char *spec = a->given[OPT_REPORT][i], *colon = strchr(spec, ':');
        char format[16];
        snprintf(format, sizeof format, "%.*s", (int)(colon - spec), spec);
        if (write_report_file(&r, format, colon + 1) != 0)
            rc = EXIT_TOOL_FAILED;
    }
    if (graph && cli_graph_close(graph, graph_path, graph_format, st.graph[0] ? st.graph : NULL) != 0)
        rc = EXIT_TOOL_FAILED;
    report_free(&r);
    check_state_free(&st);
out:
    free(replay_args);
    suppressions_free(&suppressions);
    baseline_free(&baseline);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("check");
    struct cli_args a;
    int rc = cli_parse(cmd, argc, argv, &a);
    if (rc) {
        cli_args_free(&a);
        return rc == CLI_HELP_SHOWN ? EXIT_CLEAN : rc;
    }
    rc = check_command(cmd, &a);
    cli_args_free(&a);
    return rc;
}
