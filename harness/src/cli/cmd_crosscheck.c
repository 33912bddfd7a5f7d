/* racecheck crosscheck: every example of the catalogue under every tool,
 * against the expectation lines in the example itself. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "engine/check.h"
#include "findings/kind_rules.h"
#include "engine/expectations.h"
#include "reports/crosscheck_report.h"
#include "sys/paths.h"
#include "sys/proc.h"
#include "sys/version.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted NAME.c files of dir. */
static char **list_examples(const char *dir, int *n)
{
    DIR *d = opendir(dir);
    *n = 0;
    if (!d)
        return NULL;
    char **names = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c"))
            continue;
        names = realloc(names, sizeof *names * (size_t)(*n + 1));
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, (size_t)*n, sizeof *names, by_name);
    return names;
}

/* 1 when tool t made a finding that counts of kind k; including: or of a
 * kind that is also k (a deadlock is also its lock-order inversion) */
static int tool_saw(const struct report *r, enum finding_kind k, enum tool_id t, int including)
{
    for (size_t i = 0; i < r->findings.count; i++) {
        const struct finding *f = &r->findings.items[i];
        if ((f->kind == k || (including && kind_includes(f->kind) == k)) && (f->tools & (1u << t)) &&
            f->level == LEVEL_ERROR)
            return 1;
    }
    return 0;
}

/* One cell: fills text; returns 1 when it fails. */
static int judge_cell(const struct expectations *e, const struct report *r, enum tool_id t,
                      char *text, size_t len)
{
    const struct tool_run *tr = report_tool(r, t);
    if (!tr || !strcmp(tr->status, "skipped") || !strcmp(tr->status, "failed")) {
        snprintf(text, len, "%s", tr ? tr->status : "-");
        return tr && !strcmp(tr->status, "failed");
    }
    /* stopped: lockgraph settled the example first; what the tool found until
     * then is judged, what it did not get to is no miss */
    int stopped = !strcmp(tr->status, "stopped"), cut_short = 0;
    int failed = 0, known = 0;
    text[0] = '\0';
    for (int k = 0; k < KIND_COUNT; k++) {
        int expected = (e->expect[k] >> t) & 1, saw = tool_saw(r, (enum finding_kind)k, t, 0);
        if (expected && !tool_saw(r, (enum finding_kind)k, t, 1)) {
            if (stopped) {
                cut_short = 1;
            } else if ((e->known_miss[k] >> t) & 1) {
                known = 1;
            } else {
                snprintf(text + strlen(text), len - strlen(text), "%sMISSED %s", text[0] ? ", " : "",
                         finding_kind_name((enum finding_kind)k));
                failed = 1;
            }
        }
        /* a kind no expectation line mentions for this example at all */
        int mentioned = e->expect[k] || ((e->known_miss[k] >> t) & 1);
        if (saw && !expected && !mentioned) {
            if ((e->false_positive[k] >> t) & 1) {
                known = 1;
            } else {
                snprintf(text + strlen(text), len - strlen(text), "%sUNEXPECTED %s",
                         text[0] ? ", " : "", finding_kind_name((enum finding_kind)k));
                failed = 1;
            }
        }
    }
    /* a run that reached its limit is expected only where the example hangs
     * natively (a deadlock, a hang, a thread re-locking its own mutex) or
     * runs until stopped ("expect: timeout") */
    int hangs = (e->timeout >> t) & 1;
    for (int k = 0; k < KIND_COUNT; k++)
        hangs |= e->expect[k] && kind_hangs_natively((enum finding_kind)k);
    if (!strcmp(tr->status, "timeout") && !hangs) {
        snprintf(text + strlen(text), len - strlen(text), "%sUNEXPECTED timeout", text[0] ? ", " : "");
        failed = 1;
    }
    if (!text[0])
        snprintf(text, len, "%s", cut_short ? "stopped" : !strcmp(tr->status, "timeout") ? "timeout"
                                  : known ? "known" : "ok");
    return failed;
}

/* What a page says was run: version, host, date and the options that
 * decide the cells. */
static const char *about(const struct check_options *o, const char *root)
{
    static char text[1024];
    char host[256] = "?", date[64] = "?", tools[200] = "";
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    for (int t = 0; t < TOOL_COUNT; t++)
        if (o->tools & (1u << t))
            snprintf(tools + strlen(tools), sizeof tools - strlen(tools), "%s%s", tools[0] ? "," : "",
                     tool_name((enum tool_id)t));
    snprintf(text, sizeof text, "racecheck %s on %s, %s: the examples of %s, --tools=%s --timeout=%g%s",
             RACECHECK_VERSION, host, date, root, tools, o->timeout,
             o->explore.count ? " --explore (each example's own seeds at least)" : "");
    return text;
}

/* Every example of the catalogue checked and judged, the matrix printed. */
static int crosscheck(const struct cli_command *cmd, const struct check_options *op, const char *root,
                      const char *filter, const char *format, const char *output)
{
    struct check_options o = *op;
    int explore = op->explore.count;    /* --explore: every example at least this much */
    proc_install_signal_forwarding();
    static const char *const dirs[2] = {"buggy_examples", "fixed_examples"};
    int failures = 0, cells = 0, examples = 0, nrows = 0;
    struct crosscheck_row *rows = NULL;
    /* html: each example's files go in a folder beside the page */
    char files_dir[4096] = "";
    if (!strcmp(format, "html") && (!output || crosscheck_files_dir(output, files_dir, sizeof files_dir)))
        return cli_error(cmd, "--format=html needs --output=FILE.html (each example's report and "
                              "graph go in a folder beside it)");
    o.lockgraph_graph = files_dir[0] != 0;     /* the page links each example's graph */
    FILE *out = cli_output_open(output);
    if (!out)
        return EXIT_TOOL_FAILED;
    /* the matrix is the text report; with another format it is the progress */
    FILE *matrix = strcmp(format, "text") ? stderr : out;
    fprintf(matrix, "%-34s", "example");
    for (int t = 0; t < TOOL_COUNT; t++)
        if (o.tools & (1u << t))
            fprintf(matrix, " | %-26s", tool_name((enum tool_id)t));
    fprintf(matrix, "\n");
    for (int d = 0; d < 2; d++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[d]);
        int n;
        char **names = list_examples(dir, &n);
        if (!names && d == 0) {
            cli_output_discard(out, output);
            return cli_error(cmd, "no examples in %s (use --examples=DIR)", dir);
        }
        for (int i = 0; i < n; i++) {
            if (filter && !strstr(names[i], filter)) {
                free(names[i]);
                continue;
            }
            char path[8200], label[300];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            snprintf(label, sizeof label, "%s/%s", d ? "fixed" : "buggy", names[i]);
            struct expectations e;
            examples++;
            rows = realloc(rows, sizeof *rows * (size_t)(nrows + 1));
            struct crosscheck_row *row = &rows[nrows++];
            memset(row, 0, sizeof *row);
            snprintf(row->label, sizeof row->label, "%s", label);
            if (expectations_read(path, &e) != 0 || (d == 1 && !e.clean) || (d == 0 && e.clean)) {
                snprintf(row->note, sizeof row->note, "bad expectation lines: %s",
                         e.error[0] ? e.error : d ? "a fixed example needs '// expect: clean'"
                                                  : "a buggy example cannot be '// expect: clean'");
                fprintf(matrix, "%-34s | %s\n", label, row->note);
                failures++;
                free(names[i]);
                continue;
            }
            snprintf(row->title, sizeof row->title, "%s", e.title);
            char *sources[2] = {path, NULL};
            struct check_state st;
            struct report r;
            /* an example whose bug needs a rare schedule says how many seeds */
            char replay_args[8300];
            snprintf(replay_args, sizeof replay_args, " --tools=lockgraph %s", path);
            int seeds = e.explore > explore ? e.explore : explore;
            o.explore = (struct explore_plan){.first_seed = 1, .count = seeds, .confirm = seeds > 0,
                                              .replay_args = replay_args};
            int rc = check_run(&o, sources, 1, NULL, &st, &r);
            fprintf(matrix, "%-34s", label);
            for (int t = 0; t < TOOL_COUNT; t++) {
                if (!(o.tools & (1u << t)))
                    continue;
                char *cell = row->cell[t];
                int bad = rc != 0 ? (snprintf(cell, sizeof row->cell[t], "error"), 1)
                                  : judge_cell(&e, &r, (enum tool_id)t, cell, sizeof row->cell[t]);
                row->bad[t] = bad;
                row->has[t] = 1;
                fprintf(matrix, " | %-26s", cell);
                cells++;
                failures += bad;
            }
            if (rc == 0 && r.error_message) {
                snprintf(row->note, sizeof row->note, "%.200s", r.error_message);
                fprintf(matrix, "  (%.80s)", r.error_message);
            }
            fprintf(matrix, "\n");
            char err[600];
            if (rc == 0 && files_dir[0] &&
                crosscheck_save_example(files_dir, row, path, &r, st.graph, err, sizeof err) != 0)
                fprintf(stderr, "racecheck: error: %s\n", err);
            fflush(matrix);
            if (rc == 0)
                report_free(&r);
            check_state_free(&st);
            free(names[i]);
        }
        free(names);
    }
    fprintf(matrix, "crosscheck: %d examples, %d cells, %d failed\n", examples, cells, failures);
    if (!strcmp(format, "json"))
        crosscheck_write_json(out, rows, nrows, failures);
    else if (!strcmp(format, "sarif"))
        crosscheck_write_sarif(out, rows, nrows);
    else if (!strcmp(format, "html"))
        crosscheck_write_html(out, rows, nrows, cells, failures, files_dir, about(op, root));
    else if (strcmp(format, "text"))
        crosscheck_write_junit(out, rows, nrows, cells, failures);
    free(rows);
    if (cli_output_close(out, output, 0) != 0)
        return EXIT_TOOL_FAILED;
    return failures ? EXIT_FINDINGS : EXIT_CLEAN;
}

int cmd_crosscheck(int argc, char **argv)
{
    const struct cli_command *cmd = cli_command_find("crosscheck");
    struct cli_args a;
    int rc = cli_parse(cmd, argc, argv, &a);
    if (!rc && a.noperands)
        rc = cli_error(cmd, "takes no operands, not '%s' (--filter=TEXT picks examples)", a.operands[0]);
    if (rc) {
        cli_args_free(&a);
        return rc == CLI_HELP_SHOWN ? EXIT_CLEAN : rc;
    }
    struct check_options o = {
        .tools = cli_tools(&a, OPT_TOOLS), .format = "text", .timeout = cli_seconds(&a, OPT_TIMEOUT),
        .repeat = (int)cli_int(&a, OPT_REPEAT),
        .jobs = cli_is_set(&a, OPT_JOBS) ? (int)cli_int(&a, OPT_JOBS) : (int)sysconf(_SC_NPROCESSORS_ONLN),
        .explore = {.count = cli_is_set(&a, OPT_EXPLORE) ? (int)cli_int(&a, OPT_EXPLORE) : 0}};
    char installed[4096];
    const char *root = cli_text(&a, OPT_EXAMPLES), *filter = cli_text(&a, OPT_FILTER);
    if (!root)
        root = catalogue_dir(installed, sizeof installed);
    const char *format = cli_text(&a, OPT_FORMAT), *output = cli_text(&a, OPT_OUTPUT);
    rc = crosscheck(cmd, &o, root, filter, format, output);
    cli_args_free(&a);
    return rc;
}
