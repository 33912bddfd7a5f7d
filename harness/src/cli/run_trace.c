/* racecheck run --trace=FILE (run_trace.h). The detector writes the trace
 * itself at exit, or when it ends the process on a deadlock; FILE.json is
 * that file. For FILE.svg and FILE.html it writes to a temporary file, which
 * is drawn here (reports/trace_timeline.c) and removed. */
#include "cli/run_trace.h"
#include "reports/trace_timeline.h"
#include "sys/exit_status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcasecmp(s + n - k, suffix);
}

/* LOCKGRAPH_OPTIONS separates its pairs with these: a path cannot hold one */
static bool detector_can_take(const char *path)
{
    return !strpbrk(path, ":, \t\n");
}

static bool folder_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    return access(dir, W_OK | X_OK) == 0;
}

int run_trace_begin(const struct cli_command *cmd, const char *file, char *options, size_t size,
                    struct run_trace *tr)
{
    memset(tr, 0, sizeof *tr);
    if (!file)
        return 0;
    tr->html = ends_with(file, ".html") || ends_with(file, ".htm");
    tr->picture = tr->html || ends_with(file, ".svg");
    if (!tr->picture && !ends_with(file, ".json"))
        return cli_error(cmd, "--trace=%s: FILE must end in .json (Chrome trace events, for "
                              "Perfetto UI), .svg or .html (a timeline picture)", file);
    if (!folder_writable(file))
        return cli_error(cmd, "--trace=%s: cannot write there: %s", file, strerror(errno));
    if (!tr->picture) {
        if (!detector_can_take(file))
            return cli_error(cmd, "--trace=%s: the detector's options cannot name a file with "
                                  "':', ',' or a space in its path", file);
        snprintf(tr->json, sizeof tr->json, "%s", file);
    } else {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir || !detector_can_take(dir) || access(dir, W_OK | X_OK) != 0)
            dir = "/tmp";
        snprintf(tr->json, sizeof tr->json, "%s/racecheck-trace-XXXXXX.json", dir);
        int fd = mkstemps(tr->json, 5);
        if (fd < 0) {
            fprintf(stderr, "racecheck: error: cannot make a temporary file in %s: %s\n", dir,
                    strerror(errno));
            return EXIT_TOOL_FAILED;
        }
        close(fd);
    }
    /* an older trace there would pass for this run's if the program never
     * reached the detector's exit */
    unlink(tr->json);
    size_t used = strlen(options);
    int n = snprintf(options + used, size - used, "%strace_path=%s", used ? ":" : "", tr->json);
    if (n < 0 || (size_t)n >= size - used) {
        options[used] = '\0';
        return cli_error(cmd, "too many options");
    }
    tr->file = file;
    return 0;
}

int run_trace_end(struct run_trace *tr, int status)
{
    if (!tr->file)
        return status;
    if (access(tr->json, R_OK) != 0) {
        fprintf(stderr, "racecheck: warning: no trace was written: the program ended without "
                        "passing through the detector's exit (a kill, a timeout, _exit before "
                        "the detector started)\n");
        return status;
    }
    if (!tr->picture)
        return status;
    char err[512];
    int rc = trace_timeline_write(tr->json, tr->file, tr->html, err, sizeof err);
    unlink(tr->json);
    if (rc != 0) {
        fprintf(stderr, "racecheck: error: --trace=%s: %s\n", tr->file, err);
        return status ? status : EXIT_TOOL_FAILED;
    }
    return status;
}
