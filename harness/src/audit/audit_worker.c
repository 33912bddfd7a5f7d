/* The worker of racecheck audit: one submission, inside its sandbox. It makes
 * the private copy, gives up its privileges, builds (the submission's
 * Makefile, or all its .c files), checks exactly as `racecheck check` does and
 * prints the outcome as one JSON document for the audit to write out. */
#include "audit/audit.h"
#include "engine/sources.h"
#include "sys/shell_words.h"
#include "audit/audit_copy.h"
#include "audit/audit_make.h"
#include "audit/audit_memory.h"
#include "audit/audit_overlay.h"
#include "audit/build_messages.h"
#include "audit/cgroup_limits.h"
#include "engine/check.h"
#include "sys/exit_status.h"
#include "sys/paths.h"
#include "sys/proc.h"
#include "findings/suppressions.h"
#include "reports/report.h"
#include "audit/sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCES 256
#define MAX_ARGS 64
#define DOT_CAP (4u << 20)

/* The C and C++ sources under dir (relative paths, sorted), at most MAX_SOURCES. */
static void find_sources(const char *root, const char *rel, int depth, char **out, size_t *n)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
    struct dirent **entries;
    int count = scandir(dir, &entries, NULL, alphasort);
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        char path[8200], sub[4096];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name);
        snprintf(path, sizeof path, "%s/%s", root, sub);
        struct stat st;
        if (name[0] != '.' && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 8)
                find_sources(root, sub, depth + 1, out, n);
            else if (S_ISREG(st.st_mode) && source_language(name) != SOURCE_NONE && *n < MAX_SOURCES)
                out[(*n)++] = strdup(sub);
        }
        free(entries[i]);
    }
    if (count >= 0)
        free(entries);
}

/* s with every run of newlines and tabs made one space, cut at max bytes. */
static void one_line(char *s, size_t max)
{
    size_t w = 0;
    for (size_t r = 0; s[r] && w + 1 < max; r++) {
        char c = s[r] == '\n' || s[r] == '\t' || s[r] == '\r' ? ' ' : s[r];
        if (c == ' ' && w && s[w - 1] == ' ')
            continue;
        s[w++] = c;
    }
    while (w && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
}

/* "the program does not build: gcc: main.c:3:1: error: ..." from the
 * compiler's messages: the first line that says error, else the first. */
static void build_error_line(const char *message, char *out, size_t len)
{
    const char *colon = strstr(message, ": ");
    const char *detail = colon ? colon + 2 : message;
    const char *err = strstr(detail, "error");
    const char *line = detail;
    if (err) {
        line = err;
        while (line > detail && line[-1] != '\n')
            line--;
    }
    size_t head = colon ? (size_t)(colon - message) : 0;
    size_t n = strcspn(line, "\n");
    snprintf(out, len, "%.*s%s%.*s", (int)head, message, head ? ": " : "", (int)n, line);
    one_line(out, len);
}

/* Location files as the submission knows them: relative to its root (the
 * locations and the steps of an interleaving alike). */
static void relative_locations(struct report *r, const char *const *prefixes, int nprefixes)
{
    for (size_t i = 0; i < r->findings.count; i++) {
        struct finding *f = &r->findings.items[i];
        for (size_t j = 0; j < f->nlocations + f->nflow; j++) {
            char *file = j < f->nlocations ? f->locations[j].file : f->flow[j - f->nlocations].file;
            if (!file)
                continue;
            for (int p = 0; p < nprefixes; p++) {
                size_t n = strlen(prefixes[p]);
                if (!strncmp(file, prefixes[p], n) && file[n] == '/') {
                    memmove(file, file + n + 1, strlen(file + n + 1) + 1);
                    break;
                }
            }
            while (!strncmp(file, "./", 2))
                memmove(file, file + 2, strlen(file + 2) + 1);
        }
    }
}

static char *read_capped(const char *path, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(cap + 1);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* The reason a report without a build error has verdict error: its tools. */
static void limit_self(int resource, long value)
{
    struct rlimit rl = {(rlim_t)value, (rlim_t)value};
    setrlimit(resource, &rl);
}

/* Prints the document and returns the worker's exit status (0: printed).
 * extra's members join the report (it is consumed); text_extra ends the text. */
static int emit(const struct report *r, const char *name, const struct sandbox_status *sb,
                const char *error_line, const char *dot, json_t *extra, const char *text_extra)
{
    json_t *doc = json_object();
    json_t *report = audit_report_json(r, name, sb, error_line);
    json_object_update(report, extra);
    json_decref(extra);
    json_object_set_new(doc, "report", report);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        report_write_text(mem, r);
        fputs(text_extra, mem);
        fclose(mem);
    }
    json_object_set_new(doc, "text", json_string(text ? text : ""));
    free(text);
    json_object_set_new(doc, "dot", dot ? json_string(dot) : json_null());
    json_object_set_new(doc, "gradescope", audit_gradescope_json(r));
    int rc = json_dumpf(doc, stdout, JSON_COMPACT);
    json_decref(doc);
    fflush(stdout);
    return rc == 0 ? 0 : EXIT_TOOL_FAILED;
}

/* Only the compiler's messages about the submission's own files in a
 * "... build failed: TEXT" or "the program does not build: TEXT" message. */
static void filter_build_text(char *message, size_t cap, const char *marker, const char *root,
                              const char *const *prefixes, int nprefixes)
{
    char *at = strstr(message, marker);
    if (!at)
        return;
    at += strlen(marker);
    char shown[1600];
    if (!build_messages_keep(at, root, prefixes, nprefixes, BUILD_MESSAGES_MAX_LINES, shown, sizeof shown))
        snprintf(shown, sizeof shown, "no compiler message about the submission's files");
    snprintf(at, cap - (size_t)(at - message), "%s", shown);
}

/* The program's own output, without the detector's lines (lockgraph: ...)
 * nor Valgrind's (==PID== ...), made safe to show. */
static void own_output(const char *tail, char *out, size_t len)
{
    size_t w = 0;
    for (const char *p = tail; *p && w + 1 < len;) {
        size_t n = strcspn(p, "\n");
        int tool_line = !strncmp(p, "lockgraph: ", 11) || (p[0] == '=' && p[1] == '=' && memchr(p + 2, '=', n > 2 ? n - 2 : 0));
        if (!tool_line) {
            size_t take = n + (p[n] == '\n');
            if (take > len - 1 - w)
                take = len - 1 - w;
            memcpy(out + w, p, take);
            w += take;
        }
        p += n + (p[n] == '\n');
    }
    out[w] = '\0';
    text_make_safe(out);
}

/* "program_output": the end of what the program wrote in its first run
 * (under lockgraph when it ran: the closest to a run of its own). */
static json_t *program_output(const struct check_state *cs, char *text, size_t textlen)
{
    const struct tool_job *pick = NULL;
    for (int i = 0; i < cs->njobs && cs->outputs; i++) {
        const struct tool_job *j = &cs->jobs[i];
        if (j->run != 1 || !j->status || (strcmp(j->status, "ran") && strcmp(j->status, "timeout")))
            continue;
        if (!pick || (j->tool == TOOL_LOCKGRAPH && pick->tool != TOOL_LOCKGRAPH))
            pick = j;
    }
    text[0] = '\0';
    if (!pick)
        return json_null();
    static char out[PROGRAM_OUTPUT_TAIL], err[PROGRAM_OUTPUT_TAIL];
    own_output(pick->output->stdout_tail, out, sizeof out);
    own_output(pick->output->stderr_tail, err, sizeof err);
    snprintf(text, textlen,
             "\nthe program's own output (the end of it, under %s):\n--- stdout%s ---\n%s%s--- stderr%s ---\n%s%s",
             tool_name(pick->tool), pick->output->stdout_cut ? " (cut)" : "", out,
             *out && out[strlen(out) - 1] != '\n' ? "\n" : "", pick->output->stderr_cut ? " (cut)" : "",
             err, *err && err[strlen(err) - 1] != '\n' ? "\n" : "");
    return json_pack("{s:s, s:s, s:s, s:b, s:b}", "tool", tool_name(pick->tool), "stdout_tail", out,
                     "stderr_tail", err, "stdout_cut", pick->output->stdout_cut, "stderr_cut",
                     pick->output->stderr_cut);
}

int audit_worker(const struct audit_options *o, int slot, const char *name, const char *path)
{
    /* the cgroup first: everything the submission runs is counted in it */
    int in_cgroup = o->cgroup && *o->cgroup && cgroup_join(o->cgroup) == 0;
    /* opened before the sandbox's own root hides where they are */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", path);
    char *slash = strrchr(parent, '/');
    const char *entry = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    int parent_fd = open(slash ? (parent[0] ? parent : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int stdin_fd = o->stdin_path ? open(o->stdin_path, O_RDONLY | O_CLOEXEC) : -1;
    int overlay_fd = o->overlay ? open(o->overlay, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    char lib[4096];
    int lib_fd = detector_library(lib, sizeof lib) == 0 ? open(lib, O_RDONLY | O_CLOEXEC) : -1;
    char class_dir[4096] = "";
    if (!realpath(slash ? (parent[0] ? parent : "/") : ".", class_dir))
        class_dir[0] = '\0';
    struct sandbox_config cfg = {.enable = o->sandbox, .tmp_mb = o->tmp_mb, .slot = slot,
                                 .detector_fd = lib_fd,
                                 .detector_name = lib_fd >= 0 ? strrchr(lib, '/') + 1 : NULL};
    struct sandbox_status sb;
    sandbox_enter(&cfg, &sb);

    /* the private copies: in the sandbox's own /tmp, else a new temporary directory */
    char base[4096], root[4200], tsan_root[4200], stdin_copy[4200], err[512] = "";
    if (sb.filesystem_isolated) {
        snprintf(base, sizeof base, "/tmp/racecheck");
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(base, sizeof base, "%s/racecheck-audit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(base)) {
            fprintf(stderr, "racecheck: cannot make a temporary directory: %s\n", strerror(errno));
            return EXIT_TOOL_FAILED;
        }
    }
    mkdir(base, 0755);
    if (chown(base, sb.run_uid, sb.run_gid) != 0 && geteuid() == 0)
        fprintf(stderr, "racecheck: cannot hand over %s: %s\n", base, strerror(errno));
    snprintf(root, sizeof root, "%s/submission", base);
    snprintf(tsan_root, sizeof tsan_root, "%s/submission-tsan", base);
    snprintf(stdin_copy, sizeof stdin_copy, "%s/stdin", base);
    /* a submission that is itself a link, or a link inside leading out, is never followed */
    struct copy_limits lim = {.max_files = 5000, .max_bytes = 256ull << 20, .max_file = 64ull << 20,
                              .max_depth = 16, .set_owner = geteuid() == 0,
                              .owner = sb.run_uid, .group = sb.run_gid};
    struct copy_stats stats;
    int copied = parent_fd >= 0 && fchdir(parent_fd) == 0
                     ? copy_tree(entry, root, &lim, &stats, err, sizeof err)
                     : (snprintf(err, sizeof err, "cannot open %s", path), -1);
    json_t *links_out = json_null();
    if (copied == 0 && stats.links_out)
        links_out = json_pack("{s:i, s:s}", "count", (int)stats.links_out, "paths", stats.links_out_names);
    /* the instructor's files over the copy, before anything is built */
    struct overlay_files overlay = {0};
    if (copied == 0 && o->overlay) {
        if (overlay_fd < 0)
            copied = (snprintf(err, sizeof err, "cannot open the overlay %s", o->overlay), -1);
        else
            copied = overlay_apply(overlay_fd, root, geteuid() == 0, sb.run_uid, sb.run_gid, &overlay,
                                   err, sizeof err);
    }
    struct stat st;
    int has_makefile = 0;
    const char *makefiles[] = {"GNUmakefile", "makefile", "Makefile"};
    for (int i = 0; i < 3 && copied == 0; i++) {
        char mf[4300];
        snprintf(mf, sizeof mf, "%s/%s", root, makefiles[i]);
        has_makefile |= lstat(mf, &st) == 0 && S_ISREG(st.st_mode);
    }
    if (copied == 0 && has_makefile && fchdir(parent_fd) == 0) {
        struct overlay_files again;
        copied = copy_tree(entry, tsan_root, &lim, &stats, err, sizeof err);
        if (copied == 0 && o->overlay)
            copied = overlay_apply(overlay_fd, tsan_root, geteuid() == 0, sb.run_uid, sb.run_gid, &again,
                                   err, sizeof err);
    }
    struct copy_limits magic = lim;     /* /proc/self/fd/N: the link to an open file */
    magic.follow_top = 1;
    if (copied == 0 && o->stdin_path) {
        char fd_path[64];
        snprintf(fd_path, sizeof fd_path, "/proc/self/fd/%d", stdin_fd);
        if (stdin_fd < 0 || copy_tree(fd_path, stdin_copy, &magic, &stats, err, sizeof err) != 0)
            copied = -1;
        size_t n = strlen(stdin_copy);
        snprintf(stdin_copy + n, sizeof stdin_copy - n, "/%d", stdin_fd);
    }
    if (stdin_fd >= 0)
        close(stdin_fd);
    if (overlay_fd >= 0)
        close(overlay_fd);

    /* the detector: read-only inside the sandbox's root; without one, a copy
     * where the unprivileged user surely reads it (racecheck may live in a
     * directory only root can enter) */
    if (sb.detector[0]) {
        setenv("RACECHECK_LIB", sb.detector, 1);
    } else if (copied == 0 && lib_fd >= 0) {
        char lib_dir[4300], lib_fd_path[64], lib_copy[4400], from[4400];
        snprintf(lib_dir, sizeof lib_dir, "%s/lib", base);
        snprintf(lib_fd_path, sizeof lib_fd_path, "/proc/self/fd/%d", lib_fd);
        if (copy_tree(lib_fd_path, lib_dir, &magic, &stats, err, sizeof err) == 0) {
            snprintf(from, sizeof from, "%s/%d", lib_dir, lib_fd);
            snprintf(lib_copy, sizeof lib_copy, "%s/%s", lib_dir, strrchr(lib, '/') + 1);
            if (rename(from, lib_copy) == 0)
                setenv("RACECHECK_LIB", lib_copy, 1);
        }
    }
    if (lib_fd >= 0)
        close(lib_fd);
    if (copied == 0)
        err[0] = '\0';     /* no detector copy: the tool run says it is missing */

    /* the overlay's files cannot be changed, removed or replaced by the build or the program */
    json_t *overlay_list = json_array();
    size_t unprotected = 0;
    for (size_t i = 0; i < overlay.count; i++) {
        json_array_append_new(overlay_list, json_string(overlay.path[i]));
        const char *dirs[] = {root, tsan_root};
        for (int d = 0; d < (has_makefile ? 2 : 1); d++) {
            char file[4600];
            snprintf(file, sizeof file, "%s/%s", dirs[d], overlay.path[i]);
            if (sandbox_protect(&sb, file) != 0)
                unprotected++;
        }
    }
    json_t *overlay_doc = o->overlay
        ? json_pack("{s:o, s:s}", "files", overlay_list, "protection",
                    unprotected ? "copied over the submission's; not read-only (no file system isolation)"
                                : "read-only inside the sandbox")
        : (json_decref(overlay_list), json_null());

    /* a class or output folder that is still in sight (under /usr, say) is covered */
    sandbox_hide(&sb, class_dir);
    sandbox_hide(&sb, o->output);
    if (parent_fd >= 0)
        close(parent_fd);
    if (sandbox_drop(&sb, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: %s\n", err);
        return EXIT_TOOL_FAILED;
    }
    /* every process of the submission shares these; a tool run cannot raise
     * them. In a cgroup, its pids.max counts the processes instead */
    if (!in_cgroup)
        limit_self(RLIMIT_NPROC, o->max_processes);
    limit_self(RLIMIT_FSIZE, o->file_size_mb << 20);
    limit_self(RLIMIT_CORE, 0);
    setenv("TMPDIR", sb.filesystem_isolated ? "/tmp" : base, 1);
    setenv("HOME", root, 1);
    unsetenv("MAKEFLAGS");
    unsetenv("MFLAGS");
    /* the memory of everything the submission runs, builds included: its
     * cgroup's memory.max, else a watch over this namespace's own process list */
    struct memory_guard *guard = NULL;
    if (!in_cgroup && sb.pid_isolated && sb.filesystem_isolated)
        guard = memory_guard_start(o->memory_mb);
    if (!guard && !in_cgroup) {
        size_t n = strlen(sb.note);
        snprintf(sb.note + n, sizeof sb.note - n, "%smemory: not watched (%s)", n ? "; " : "",
                 o->sandbox ? "no PID namespace of its own" : "--no-sandbox");
    }
    json_t *limits = json_pack("{s:s, s:i, s:i}", "by",
                               in_cgroup ? "cgroup v2" : guard ? "rlimits and a memory watch" : "rlimits",
                               "memory_mb", (int)o->memory_mb, "processes", (int)o->max_processes);

    struct report r;
    struct check_state cs;
    int checked = 0;
    char error_line[600] = "", message[2600] = "", tsan_reason[400] = "";
    char output_text[2 * PROGRAM_OUTPUT_TAIL + 256] = "";
    json_t *output_doc = json_null();
    char *dot = NULL;
    char *sources[MAX_SOURCES];
    size_t nsources = 0;
    char *args[MAX_ARGS + 2];
    int nargs = 0;
    char *args_copy = strdup(o->args ? o->args : ""), *save = NULL;
    struct make_result *mk = calloc(1, sizeof *mk);

    if (copied != 0 || chdir(root) != 0) {
        snprintf(message, sizeof message, "cannot copy the submission: %s", err[0] ? err : strerror(errno));
    } else if (!has_makefile && (find_sources(root, "", 0, sources, &nsources), nsources == 0)) {
        snprintf(message, sizeof message, "no C or C++ sources (no %s file and no Makefile)",
                 source_extensions_text());
    } else if (has_makefile && audit_make(o, root, tsan_root, mk) != 0) {
        snprintf(message, sizeof message, "the program does not build: %s", mk->error);
    }
    if (message[0]) {
        report_init(&r, name);
        r.error_message = message;
        build_error_line(message, error_line, sizeof error_line);
    } else {
        args[nargs++] = mk->binary;
        for (char *w = strtok_r(args_copy, " \t", &save); w && nargs < MAX_ARGS;
             w = strtok_r(NULL, " \t", &save))
            args[nargs++] = w;
        args[nargs] = NULL;
        one_line(mk->tsan_reason, sizeof mk->tsan_reason);
        /* a replay runs in the submission's copy (OUT/submissions/NAME/src) */
        char replay_args[8192] = " --tools=lockgraph", limit[64];
        snprintf(limit, sizeof limit, "--timeout=%g", o->timeout);
        shell_append_word(replay_args, sizeof replay_args, limit);
        if (o->stdin_path) {
            char in[4200];
            snprintf(in, sizeof in, "--stdin=%s", o->stdin_path);
            shell_append_word(replay_args, sizeof replay_args, in);
        }
        for (size_t i = 0; !has_makefile && i < nsources; i++)
            shell_append_word(replay_args, sizeof replay_args, sources[i]);
        if (has_makefile) {
            size_t n = strlen(root);
            shell_append_word(replay_args, sizeof replay_args, "--");
            shell_append_word(replay_args, sizeof replay_args,
                          strncmp(mk->binary, root, n) == 0 && mk->binary[n] == '/' ? mk->binary + n + 1
                                                                                   : mk->binary);
        }
        for (int i = 1; i < nargs; i++) {
            if (i == 1 && !has_makefile)
                shell_append_word(replay_args, sizeof replay_args, "--");
            shell_append_word(replay_args, sizeof replay_args, args[i]);
        }
        struct check_options co = {
            .tools = o->tools, .format = "json", .timeout = o->timeout, .repeat = 1,
            .jobs = o->tool_jobs, .stdin_path = o->stdin_path ? stdin_copy : NULL,
            .build = {.timeout = o->build_timeout},
            .tsan_binary = mk->tsan_binary[0] ? mk->tsan_binary : NULL,
            .tsan_skip_reason = mk->tsan_reason[0] ? mk->tsan_reason : NULL,
            .lockgraph_graph = 1, .keep_output = 1, .count_notes = o->count_notes,
            .explore = {.first_seed = 1, .count = o->explore, .confirm = o->explore > 0,
                        .replay_args = replay_args}};
        /* sources: program_argv is only the arguments; a Makefile's program: argv[0] too */
        checked = 1;
        if (check_run(&co, sources, nsources, has_makefile ? args : args + 1, &cs, &r) != 0) {
            /* the engine says why; it prints nothing itself */
            snprintf(message, sizeof message, "the check could not start: %.300s", cs.error);
            report_init(&r, name);
            r.error_message = message;
            cs.njobs = 0;
        }
        r.target = name;
        const char *prefixes[] = {root, tsan_root, checked ? cs.workdir : root};
        if (r.error_message) {
            snprintf(message, sizeof message, "%s", r.error_message);
            /* the compiler's messages about the submission's files only */
            filter_build_text(message, sizeof message, "the program does not build: ", root, prefixes, 3);
            r.error_message = message;
            build_error_line(message, error_line, sizeof error_line);
        }
        for (int t = 0; t < TOOL_COUNT; t++) {
            const char *why = r.tools[t].reason;
            if (why && strstr(why, "build failed: ")) {
                snprintf(tsan_reason, sizeof tsan_reason, "%s", why);
                filter_build_text(tsan_reason, sizeof tsan_reason, "build failed: ", root, prefixes, 3);
                one_line(tsan_reason, sizeof tsan_reason);
                r.tools[t].reason = tsan_reason;
            }
        }
        relative_locations(&r, prefixes, 3);
        /* as check applies them: on the locations the submission knows */
        if (o->suppressions)
            suppressions_apply(o->suppressions, &r.findings);
        if (!r.error_message && !strcmp(report_verdict(&r), "error")) {
            report_error_text(&r, error_line, sizeof error_line);
            one_line(error_line, sizeof error_line);
        }
        if (checked) {
            /* the check's pick: a failing explored seed's graph, else the first run's */
            dot = cs.graph[0] ? read_capped(cs.graph, DOT_CAP) : NULL;
            json_decref(output_doc);
            output_doc = program_output(&cs, output_text, sizeof output_text);
        }
    }
    int memory_out;
    memory_guard_stop(guard, &memory_out);
    if (memory_out) {
        /* what the tools saw of processes killed at the limit is no finding */
        finding_list_free(&r.findings);
        snprintf(message, sizeof message,
                 "the submission used more than %ld MiB of memory (all its processes together) and was stopped",
                 o->memory_mb);
        r.error_message = message;
        snprintf(error_line, sizeof error_line, "%s", message);
    }
    json_t *extra = json_pack("{s:o, s:o, s:o, s:o}", "program_output", output_doc, "overlay", overlay_doc,
                              "links_not_followed", links_out, "limits", limits);
    /* what does not apply is absent, not null */
    const char *key;
    json_t *value;
    void *tmp;
    json_object_foreach_safe(extra, tmp, key, value)
        if (json_is_null(value))
            json_object_del(extra, key);
    r.rubric = o->rubric;
    int rc = emit(&r, name, &sb, error_line[0] ? error_line : NULL, dot, extra, output_text);
    report_free(&r);
    if (checked)
        check_state_free(&cs);
    for (size_t i = 0; i < nsources; i++)
        free(sources[i]);
    free(dot);
    free(mk);
    free(args_copy);
    if (chdir("/") == 0 && !sb.filesystem_isolated)
        remove_tree(base);
    return rc;
}
