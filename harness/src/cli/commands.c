/* Every command's grammar: its synopsis, what it does, and the options it
 * takes with their defaults. --help, the man pages and the parser read it. */
#include "cli/cli.h"

#include <string.h>

const char cli_exit_status[] =
    "0 clean, 1 findings, 2 usage error or bad input, 3 a tool or the build failed.";

/* the default tool set, as the tools layer declares it */
#include "tools/tool.h"

static const struct cli_use run_uses[] = {
    {.id = OPT_TIMEOUT, .default_value = "600", .help = "stop the program after this long (exit 124)"},
    {.id = OPT_FORMAT, .default_value = "text", .detector_key = "format", .choices = "text|json",
     .help = "the report's format (sarif and junit: racecheck check)"},
    {.id = OPT_OUTPUT, .detector_key = "log_path",
     .help = "write the detector's report to FILE instead of standard error (%p is the pid)"},
    /* racecheck draws FILE from the DOT the detector writes to a graph_path
     * of its own (cmd_run.c), so the value itself is not passed on */
    {.id = OPT_GRAPH, .detector_key = "graph_path"},
    {.id = OPT_TRACE},
    /* every detector key under its own name; the three above spell format,
     * log_path and graph_path the way every other command does, and the
     * detector's own spellings stay accepted without being listed twice;
     * trace_path is what --trace sets (to FILE.json, or to a temporary file
     * it then draws), so it is accepted and not listed either */
#define RUN_SETS_ITSELF(name) (__builtin_strcmp(#name, "trace_path") == 0)
#define LG_OPT_INT(name, def, help) {.id = OPT_LG_##name, .detector_key = #name},
#define LG_OPT_DBL(name, def, help) {.id = OPT_LG_##name, .detector_key = #name},
#define LG_OPT_STR(name, def, help) \
    {.id = OPT_LG_##name, .detector_key = #name, .hidden = RUN_SETS_ITSELF(name)},
#include "detector/src/options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
#undef RUN_SETS_ITSELF
    {.id = OPT_HELP},
};

static const struct cli_use check_uses[] = {
    {.id = OPT_TOOLS, .default_value = TOOL_DEFAULT_SET},
    {.id = OPT_FORMAT, .default_value = "text", .choices = "text|json|sarif|junit|gradescope",
     .help = "the report's format; gradescope is the autograder's results.json"},
    {.id = OPT_OUTPUT},
    {.id = OPT_REPORT},
    {.id = OPT_SUPPRESSIONS},
    {.id = OPT_GEN_SUPPRESSIONS},
    {.id = OPT_BASELINE},
    {.id = OPT_RUBRIC},
    {.id = OPT_TIMEOUT, .default_value = "30"},
    {.id = OPT_REPEAT, .default_value = "1"},
    {.id = OPT_JOBS, .default_doc = "the number of CPUs"},
    {.id = OPT_STDIN},
    {.id = OPT_CC, .default_value = "gcc"},
    {.id = OPT_CFLAGS},
    {.id = OPT_LDFLAGS},
    {.id = OPT_TSAN_BINARY},
    {.id = OPT_COUNT_NOTES},
    {.id = OPT_EXPLORE},
    {.id = OPT_GRAPH, .help = "write lockgraph's lock-order graph to FILE, the format from its "
                              "extension: .dot, .svg or .png (the first lockgraph run's, or the "
                              "failing explored seed's)"},
    {.id = OPT_LG_schedule, .help = "one seeded schedule under lockgraph, besides the plain runs "
                                    "(the replay of --explore), or --explore's: pct, pct:DEPTH or "
                                    "random (not exactly replayable: its delays leave the rest to "
                                    "the machine)"},
    {.id = OPT_LG_seed, .help = "the seed of --schedule, or the first of --explore's"},
    {.id = OPT_HELP},
};

static const struct cli_use crosscheck_uses[] = {
    {.id = OPT_EXAMPLES, .default_doc = "'.' when it holds buggy_examples/, else the catalogue "
                                        "installed with racecheck, PREFIX/share/racecheck"},
    {.id = OPT_FILTER},
    {.id = OPT_TOOLS, .default_value = TOOL_DEFAULT_SET},
    {.id = OPT_FORMAT, .default_value = "text", .choices = "text|json|sarif|junit|html",
     .help = "the report's format: text is the matrix; with another format the matrix goes to "
             "standard error as progress. html is a page for a course site, with each example's "
             "report and lock graph in a folder beside it (needs --output=FILE.html)"},
    {.id = OPT_OUTPUT},
    {.id = OPT_TIMEOUT, .default_value = "10"},
    {.id = OPT_REPEAT, .default_value = "1", .help = "runs per tool and example"},
    {.id = OPT_EXPLORE, .help = "explore every example with N seeded schedules (at least the N of "
                                "its own '// explore: N' line)"},
    {.id = OPT_JOBS, .default_doc = "the number of CPUs"},
    {.id = OPT_HELP},
};

static const struct cli_use audit_uses[] = {
    {.id = OPT_OUTPUT, .default_value = "racecheck-audit", .help = "where the reports go", .metavar = "DIR"},
    {.id = OPT_TOOLS, .default_value = TOOL_DEFAULT_SET},
    {.id = OPT_TIMEOUT, .default_value = "30"},
    {.id = OPT_BUILD_TIMEOUT, .default_value = "120"},
    {.id = OPT_ARGS},
    {.id = OPT_STDIN},
    {.id = OPT_MAKE_TARGET},
    {.id = OPT_BINARY},
    {.id = OPT_EXPLORE, .help = "also N seeded schedules per submission under lockgraph (as racecheck "
                                "check --explore); a replay runs in the submission's src/ folder "
                                "(after make, for a Makefile)"},
    {.id = OPT_JOBS, .default_doc = "half the CPUs, at least 1", .help = "submissions at once"},
    {.id = OPT_SHARD, .default_value = "1/1"},
    {.id = OPT_MAX_PROCESSES, .default_value = "512"},
    {.id = OPT_MEMORY, .default_value = "4096"},
    {.id = OPT_NO_SANDBOX},
    {.id = OPT_OVERLAY},
    {.id = OPT_SUPPRESSIONS},
    {.id = OPT_COUNT_NOTES},
    {.id = OPT_RUBRIC, .help = "score every submission by this rubric (JSON, see docs/grading.md): "
                               "each results.json's score, and a score column in the summaries"},
    {.id = OPT_TOOL_JOBS, .hidden = 1},
    {.id = OPT_WORKER, .hidden = 1},
    {.id = OPT_CGROUP, .hidden = 1},
    {.id = OPT_HELP},
};

static const struct cli_use merge_uses[] = {
    {.id = OPT_OUTPUT, .default_value = "racecheck-merged", .help = "the merged output directory; it must not hold submissions yet", .metavar = "DIR"},
    {.id = OPT_HELP},
};

#define USES(list) list, (int)(sizeof list / sizeof list[0])

const struct cli_command cli_commands[] = {
    {"run", {"[OPTIONS] [--] PROGRAM [ARGS...]"},
     "run a binary under the lockgraph detector only",
     "Runs PROGRAM with the lockgraph detector (liblockgraph.so) preloaded. Exits with the "
     "program's own status, or with --exitcode (66) when something was reported.\n\n"
     "Every LOCKGRAPH_OPTIONS key is a flag of the same name (dashes or underscores). "
     "LOCKGRAPH_OPTIONS already in the environment are kept; flags override them.\n\n"
     "lockgraph checks lock order, deadlocks, hangs and pthread misuse, but not data races: "
     "racecheck check runs ThreadSanitizer and Helgrind for those (the text report says so "
     "once, at its end).",
     USES(run_uses), 1,
     "The program's own status; the --exitcode value (66) when the detector reported something; "
     "124 when stopped at --timeout; 128+N when it died of signal N; 2 for a usage error; 3 when "
     "the program cannot be watched (statically linked, built with ThreadSanitizer)."},
    {"check", {"[OPTIONS] SOURCE... [-- ARGS...]", "[OPTIONS] -- PROGRAM [ARGS...]"},
     "build a program, run it under every tool, merge, judge",
     "Builds the program (plain -g -O1 -pthread, and with -fsanitize=thread), runs it under "
     "each tool, merges what they find into one report and verdict.\n\n"
     "A prebuilt PROGRAM is run as it is; the tools that need a rebuild are skipped, and the "
     "report says why.",
     USES(check_uses), 0, NULL},
    {"crosscheck", {"[OPTIONS]"},
     "the catalogue: every example under every tool, against expectations",
     "Runs every buggy_examples/NAME.c and fixed_examples/NAME.c under every tool and compares "
     "what each tool found with the example's expectation lines. Prints one row per example "
     "and one column per tool; exits 0 only when every cell is met.\n\n"
     "Cells: ok (expected and found, or nothing expected and nothing found), MISSED KIND, "
     "known-miss, UNEXPECTED KIND, known-fp, timeout (expected for examples that hang, or "
     "that carry '// expect: timeout TOOL'), stopped (lockgraph settled the example first), "
     "skipped, failed.",
     USES(crosscheck_uses), 0,
     "0 when every cell is met, 1 when one is not, 2 for a usage error."},
    {"audit", {"[OPTIONS] DIR"},
     "every submission of a class directory, each sandboxed, one summary",
     "Checks every submission in DIR (each subdirectory, and each loose C or C++ file) as "
     "'racecheck check' does, each in a sandbox of its own, and writes a report per submission "
     "and a class summary (summary.csv, summary.md, summary.html). A submission with a "
     "Makefile is built with it, else from all its C and C++ sources.\n\n"
     "Output: OUT/submissions/NAME/{report.json,report.txt,results.json,src/,lockgraph.dot,"
     "lockgraph.svg}, OUT/audit.json and OUT/summary.{csv,md,html} with OUT/summary-header.csv.\n\n"
     "OUT/audit.json, shown first in every summary, states what judged the class: the racecheck "
     "version, the date and time (UTC), the host, every option that can change a verdict or a "
     "score as it was in effect (a file or folder with the SHA-256 of its content; all but "
     "--output, -j and --shard) and the compilers' and Valgrind's versions. results.json is "
     "Gradescope's, as check --format=gradescope writes it, scored by --rubric.",
     USES(audit_uses), 0,
     "3 when any submission's verdict is error (the audit could not judge it), else 1 when any "
     "is buggy, else 0; 2 for a usage error or a bad DIR."},
    {"merge", {"[OPTIONS] SHARD_DIR..."},
     "combine the outputs of sharded audits into one summary",
     "Combines the output directories of 'racecheck audit --shard=I/N' runs into one: copies "
     "each shard's submissions/* into DIR/submissions and writes the class summary "
     "(summary.csv, summary.md, summary.html) over all of them, under one header (audit.json: "
     "every shard's run). Shards must have been judged alike (the same version, options and "
     "toolchain in their audit.json); otherwise, or for a shard without audit.json, merge "
     "refuses in one line naming the first difference. A submission found in two shards is an "
     "error naming both.",
     USES(merge_uses), 0,
     "As 'racecheck audit': 3 when any submission's verdict is error (or the merge could not "
     "write its output), else 1 when any is buggy, else 0; 2 for a usage error or bad input "
     "(a missing shard, a name in two shards, shards not judged alike)."},
};
const int cli_ncommands = (int)(sizeof cli_commands / sizeof cli_commands[0]);

const struct cli_command *cli_command_find(const char *name)
{
    for (int i = 0; i < cli_ncommands; i++)
        if (!strcmp(cli_commands[i].name, name))
            return &cli_commands[i];
    return NULL;
}
