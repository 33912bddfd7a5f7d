/* racecheck crosscheck: every example of the catalogue under every tool,
 * against the expectation lines in the example itself. */
#include "check.h"
#include "commands.h"
#include "expectations.h"
#include "proc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: racecheck crosscheck [OPTIONS]\n\n"
               "Runs every buggy_examples/NAME.c and fixed_examples/NAME.c under every tool and\n"
               "compares what each tool found with the example's expectation lines. Prints one\n"
               "row per example and one column per tool; exits 0 only when every cell is met.\n\n"
               "Options:\n"
               "  --examples=DIR   the directory holding buggy_examples/ and fixed_examples/ (default .)\n"
               "  --filter=TEXT    only examples whose name contains TEXT\n"
               "  --tools=LIST     lockgraph,tsan,helgrind (default)\n"
               "  --timeout=S      limit of each run (default 10)\n"
               "  --repeat=N       runs per tool and example\n"
               "  -j N             tool runs at once (default: the number of CPUs)\n"
               "  --help           this text\n"
               "Cells: ok (expected and found, or nothing expected and nothing found), MISSED KIND,\n"
               "known-miss, UNEXPECTED KIND, known-fp, timeout (expected for examples that hang).\n");
}

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

static int tool_saw(const struct report *r, enum finding_kind k, enum tool_id t)
{
    for (size_t i = 0; i < r->findings.count; i++)
        if (r->findings.items[i].kind == k && (r->findings.items[i].tools & (1u << t)))
            return 1;
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
    int failed = 0, known = 0;
    text[0] = '\0';
    for (int k = 0; k < KIND_COUNT; k++) {
        int expected = (e->expect[k] >> t) & 1, saw = tool_saw(r, (enum finding_kind)k, t);
        if (expected && !saw) {
            if ((e->known_miss[k] >> t) & 1) {
                known = 1;
            } else {
                snprintf(text + strlen(text), len - strlen(text), "%sMISSED %s", text[0] ? ", " : "",
                         finding_kind_name((enum finding_kind)k));
                failed = 1;
            }
        }
        /* a kind no expectation line mentions for this example at all */
        int mentioned = e->expect[k] || ((e->known_miss[k] >> t) & 1);
        if (saw && !expected && !mentioned && k != KIND_HANG) {
            if ((e->false_positive[k] >> t) & 1) {
                known = 1;
            } else {
                snprintf(text + strlen(text), len - strlen(text), "%sUNEXPECTED %s",
                         text[0] ? ", " : "", finding_kind_name((enum finding_kind)k));
                failed = 1;
            }
        }
    }
    /* a run that had to be stopped is expected only where the example hangs
     * natively: a deadlock, a hang, or a thread re-locking its own mutex */
    if (!strcmp(tr->status, "timeout") && !e->expect[KIND_DEADLOCK] && !e->expect[KIND_HANG] &&
        !e->expect[KIND_DOUBLE_LOCK]) {
        snprintf(text + strlen(text), len - strlen(text), "%sUNEXPECTED timeout", text[0] ? ", " : "");
        failed = 1;
    }
    if (!text[0])
        snprintf(text, len, "%s", !strcmp(tr->status, "timeout") ? "timeout" : known ? "known" : "ok");
    return failed;
}

int cmd_crosscheck(int argc, char **argv)
{
    struct check_options o = {.tools = (1u << TOOL_LOCKGRAPH) | (1u << TOOL_TSAN) | (1u << TOOL_HELGRIND),
                              .format = "text", .timeout = 10, .repeat = 1,
                              .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN)};
    const char *root = ".", *filter = NULL;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_CLEAN;
        } else if (!strncmp(a, "--examples=", 11)) {
            root = a + 11;
        } else if (!strncmp(a, "--filter=", 9)) {
            filter = a + 9;
        } else if (!strncmp(a, "--tools=", 8)) {
            o.tools = 0;
            char *copy = strdup(a + 8), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                int id = tool_from_name(t);
                if (id < 0)
                    return usage_error("crosscheck: unknown tool '%s'", t);
                o.tools |= 1u << id;
            }
            free(copy);
        } else if (!strncmp(a, "--timeout=", 10)) {
            o.timeout = strtod(a + 10, &v);
            if (*v || o.timeout <= 0)
                return usage_error("crosscheck: --timeout needs a positive number of seconds");
        } else if (!strncmp(a, "--repeat=", 9)) {
            o.repeat = (int)strtol(a + 9, &v, 10);
            if (*v || o.repeat < 1 || o.repeat > 100)
                return usage_error("crosscheck: --repeat needs a number from 1 to 100");
        } else if (!strcmp(a, "-j") && i + 1 < argc) {
            o.jobs = (int)strtol(argv[++i], &v, 10);
            if (*v || o.jobs < 1 || o.jobs > 64)
                return usage_error("crosscheck: -j needs a number from 1 to 64");
        } else {
            return usage_error("crosscheck: unknown option '%s' (see racecheck crosscheck --help)", a);
        }
    }
    proc_install_signal_forwarding();
    static const char *const dirs[2] = {"buggy_examples", "fixed_examples"};
    int failures = 0, cells = 0, examples = 0;
    printf("%-34s", "example");
    for (int t = 0; t < TOOL_COUNT; t++)
        if (o.tools & (1u << t))
            printf(" | %-26s", tool_name((enum tool_id)t));
    printf("\n");
    for (int d = 0; d < 2; d++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[d]);
        int n;
        char **names = list_examples(dir, &n);
        if (!names && d == 0)
            return usage_error("crosscheck: no examples in %s (use --examples=DIR)", dir);
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
            if (expectations_read(path, &e) != 0 || (d == 1 && !e.clean) || (d == 0 && e.clean)) {
                printf("%-34s | bad expectation lines: %s\n", label,
                       e.error[0] ? e.error : d ? "a fixed example needs '// expect: clean'"
                                                : "a buggy example cannot be '// expect: clean'");
                failures++;
                free(names[i]);
                continue;
            }
            char *sources[2] = {path, NULL};
            struct check_state st;
            struct report r;
            int rc = check_run(&o, sources, 1, NULL, &st, &r);
            printf("%-34s", label);
            for (int t = 0; t < TOOL_COUNT; t++) {
                if (!(o.tools & (1u << t)))
                    continue;
                char cell[200];
                int bad = rc != 0 ? (snprintf(cell, sizeof cell, "error"), 1)
                                  : judge_cell(&e, &r, (enum tool_id)t, cell, sizeof cell);
                printf(" | %-26s", cell);
                cells++;
                failures += bad;
            }
            if (rc == 0 && r.error_message)
                printf("  (%.80s)", r.error_message);
            printf("\n");
            fflush(stdout);
            if (rc == 0)
                report_free(&r);
            check_state_free(&st);
            free(names[i]);
        }
        free(names);
    }
    printf("crosscheck: %d examples, %d cells, %d failed\n", examples, cells, failures);
    return failures ? EXIT_FINDINGS : EXIT_CLEAN;
}
