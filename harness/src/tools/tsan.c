/* Clang ThreadSanitizer: the program rebuilt with -fsanitize=thread, its
 * reports read from the log files TSAN_OPTIONS log_path names
 * (tsan_parse.c). It cannot see a wait that never ends (no deadlock or hang
 * of its own), nor condition-variable misuse or a lock held at thread exit. */
#include "tools/tool.h"
#include "tools/tsan.h"
#include "tools/tsan_parse.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The keys racecheck sets after the user's TSAN_OPTIONS, so they win: it
 * reads every report from its own log, and must see them all. */
static const char *const own_keys[] = {"log_path", "exitcode", "halt_on_error", "log_exe_name",
                                       "log_suffix", NULL};

int tsan_user_options_overridden(const char *user, char *keys, size_t len)
{
    keys[0] = '\0';
    int n = 0;
    for (int i = 0; user && own_keys[i]; i++) {
        size_t k = strlen(own_keys[i]);
        /* TSan's separators: space, comma, colon, tab, newline */
        for (const char *p = user; (p = strstr(p, own_keys[i])); p += k) {
            if ((p == user || strchr(" ,:\t\n", p[-1])) && p[k] == '=') {
                size_t used = strlen(keys);
                snprintf(keys + used, len - used, "%s%s", n++ ? ", " : "", own_keys[i]);
                break;
            }
        }
    }
    return n;
}

static int tsan_prepare(const struct tool_job *job, struct tool_invocation *inv, char *reason, size_t len)
{
    (void)reason, (void)len;
    snprintf(inv->log, sizeof inv->log, "tsan-%d.", job->run);
    /* racecheck's defaults first, the user's TSAN_OPTIONS next (suppressions,
     * flags of their own: theirs win), the keys racecheck needs last.
     * history_size=4 (512K accesses a thread, default 128K): clang 14's TSan
     * drops a race whose earlier access it can no longer find in the
     * thread's history, which on a busy machine, with the threads taking
     * turns on one core, lost list_push_race's race 7 runs in 10 */
    const char *user = getenv("TSAN_OPTIONS");
    inv->env[inv->nenv++] = tool_keep(inv, 0,
                                      "TSAN_OPTIONS=second_deadlock_stack=1 history_size=4 "
                                      "report_thread_leaks=1 %.3000s halt_on_error=0 exitcode=66 "
                                      "log_path=%s/tsan-%d",
                                      user ? user : "", job->workdir, job->run);
    return 0;
}

/* TSan writes one log per process: LOG_PATH.PID; what goes wrong before the
 * log is open (a failed mapping at start) goes to stderr. Findings made
 * before TSan broke are kept. */
static int tsan_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res)
{
    char why[160];
    int broke = tsan_broke(res->err, res->err ? res->err_len : 0, why, sizeof why);
    DIR *d = opendir(job->workdir);
    struct dirent *e;
    size_t plen = strlen(inv->log);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, inv->log, plen) != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", job->workdir, e->d_name);
        size_t len;
        char *text = tool_read_file(path, &len);
        if (text) {
            tsan_parse(text, len, job->filter, &job->findings);
            if (!broke)
                broke = tsan_broke(text, len, why, sizeof why);
        }
        free(text);
    }
    if (d)
        closedir(d);
    if (broke)
        snprintf(job->reason, sizeof job->reason, "%s", why);
    return broke ? -1 : 0;
}

static const char *const tsan_objects[] = {"libtsan", "libclang_rt.", NULL};
static const char *const tsan_files[] = {"compiler-rt/", "sanitizer_common/", NULL};

const struct tool tool_tsan = {
    .name = "tsan",
    .runs_tsan_build = 1,
    .time_scale = 10,
    .sees = ALL_KINDS & ~(KIND_BIT(KIND_DEADLOCK) | KIND_BIT(KIND_HANG) | KIND_BIT(KIND_COND_MISUSE) |
                          KIND_BIT(KIND_LOCK_LEAK)),
    .own_objects = tsan_objects,
    .own_files = tsan_files,
    .prepare = tsan_prepare,
    .read = tsan_read,
};
