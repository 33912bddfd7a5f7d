#include "audit/audit_make.h"
#include "audit/build_messages.h"
#include "sys/paths.h"
#include "sys/proc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_EXECUTABLES 64

/* The executables under a directory, to see which one a build made. */
struct exe_list {
    char path[MAX_EXECUTABLES][512];
    struct timespec mtime[MAX_EXECUTABLES];
    int count;
};

static void list_executables(const char *dir, int depth, struct exe_list *l)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && l->count < MAX_EXECUTABLES) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= 512)
            continue;
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < 3) {
            list_executables(path, depth + 1, l);
        } else if (S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
            char resolved[4096];
            enum binary_kind k = binary_inspect(path, resolved, sizeof resolved);
            if (k == BINARY_DYNAMIC || k == BINARY_STATIC || k == BINARY_TSAN) {
                memcpy(l->path[l->count], path, strlen(path) + 1);   /* shorter than 512: see above */
                l->mtime[l->count++] = st.st_mtim;
            }
        }
    }
    closedir(d);
}

static int made_by_build(const struct exe_list *before, const struct exe_list *after, int i)
{
    for (int j = 0; j < before->count; j++)
        if (!strcmp(before->path[j], after->path[i]))
            return before->mtime[j].tv_sec != after->mtime[i].tv_sec ||
                   before->mtime[j].tv_nsec != after->mtime[i].tv_nsec;
    return 1;
}

/* Why a build failed: only the compiler's (and make's) messages about the
 * submission's own files, never what else the Makefile printed. */
static void build_failed(const struct proc_result *res, const char *what, const char *dir, char *out,
                         size_t len)
{
    if (!res->started) {
        snprintf(out, len, "%s could not start: %s", what, res->error);
        return;
    }
    if (res->timed_out) {
        snprintf(out, len, "%s did not finish within the build time limit", what);
        return;
    }
    char shown[1600];
    const char *prefixes[] = {dir};
    int kept = build_messages_keep(res->err, dir, prefixes, 1, BUILD_MESSAGES_MAX_LINES, shown,
                                   sizeof shown);
    if (!kept)
        kept = build_messages_keep(res->out, dir, prefixes, 1, BUILD_MESSAGES_MAX_LINES, shown,
                                   sizeof shown);
    int status = res->exited ? res->exit_status : 128 + res->signal;
    if (kept)
        snprintf(out, len, "%s failed (exit %d): %s", what, status, shown);
    else
        snprintf(out, len, "%s failed (exit %d); no compiler message about the submission's files "
                 "(what the Makefile printed is not shown)", what, status);
}

static int run_make(const struct audit_options *o, const char *dir, const char *cc,
                    struct proc_result *res)
{
    char *argv[8];
    int argc = 0;
    char cc_arg[256];
    argv[argc++] = "make";
    argv[argc++] = "--no-print-directory";
    if (cc) {
        snprintf(cc_arg, sizeof cc_arg, "CC=%s", cc);
        argv[argc++] = cc_arg;
    }
    if (o->make_target && *o->make_target)
        argv[argc++] = (char *)o->make_target;
    argv[argc] = NULL;
    struct proc_spec spec = {.argv = argv, .cwd = dir, .capture = 1, .capture_cap = 64 * 1024,
                             .timeout = o->build_timeout, .kill_at_once = 1,
                             .cpu_seconds = (long)(o->build_timeout * 2),
                             .address_space_mb = 8192};
    proc_run(&spec, res);
    return res->started && res->exited && res->exit_status == 0 ? 0 : -1;
}

/* The program the build in dir made: --binary, else the one new executable. */
static int find_program(const struct audit_options *o, const char *dir, const struct exe_list *before,
                        char *out, size_t len, char *error, size_t errlen)
{
    if (o->binary && *o->binary) {
        snprintf(out, len, "%s/%s", dir, o->binary);
        struct stat st;
        if (stat(out, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
            snprintf(error, errlen, "the Makefile built no program %s (--binary)", o->binary);
            return -1;
        }
        return 0;
    }
    struct exe_list *after = calloc(1, sizeof *after);
    list_executables(dir, 0, after);
    int found = -1, count = 0;
    char names[512] = "";
    for (int i = 0; i < after->count; i++) {
        if (!made_by_build(before, after, i))
            continue;
        if (count++ == 0)
            found = i;
        size_t n = strlen(names);
        snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", after->path[i] + strlen(dir) + 1);
    }
    if (count == 1)
        snprintf(out, len, "%s", after->path[found]);
    else if (count == 0)
        snprintf(error, errlen, "the Makefile built no program (name it with --binary)");
    else
        snprintf(error, errlen, "the Makefile built %d programs (%s): name one with --binary", count,
                 names);
    free(after);
    return count == 1 ? 0 : -1;
}

int audit_make(const struct audit_options *o, const char *root, const char *tsan_root,
               struct make_result *m)
{
    memset(m, 0, sizeof *m);
    struct exe_list *before = calloc(1, sizeof *before);
    list_executables(root, 0, before);
    struct proc_result res;
    int rc = run_make(o, root, NULL, &res);
    if (rc != 0)
        build_failed(&res, "make", root, m->error, sizeof m->error);
    proc_result_free(&res);
    if (rc == 0)
        rc = find_program(o, root, before, m->binary, sizeof m->binary, m->error, sizeof m->error);
    if (rc != 0) {
        free(before);
        return -1;
    }

    /* the twin: the same Makefile with ThreadSanitizer's compiler */
    char twin_error[2048] = "";
    if (run_make(o, tsan_root, "clang -fsanitize=thread -fno-inline -g -O1 -fno-omit-frame-pointer", &res) != 0) {
        build_failed(&res, "make CC=clang -fsanitize=thread", tsan_root, twin_error, sizeof twin_error);
        snprintf(m->tsan_reason, sizeof m->tsan_reason, "%.190s", twin_error);
    } else {
        char path[4096], resolved[4096];
        snprintf(path, sizeof path, "%s%s", tsan_root, m->binary + strlen(root));
        if (binary_inspect(path, resolved, sizeof resolved) == BINARY_TSAN)
            snprintf(m->tsan_binary, sizeof m->tsan_binary, "%s", path);
        else
            snprintf(m->tsan_reason, sizeof m->tsan_reason,
                     "the Makefile does not build with $(CC), so no ThreadSanitizer build");
    }
    proc_result_free(&res);
    free(before);
    return 0;
}
