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
#include "engine/check.h"
#include "sys/exit_status.h"
#include "sys/paths.h"
#include "sys/proc.h"
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

/* Prints the document and returns the worker's exit status (0: printed). */
static int emit(const struct report *r, const char *name, const struct sandbox_status *sb,
                const char *error_line, const char *dot)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "report", audit_report_json(r, name, sb, error_line));
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        report_write_text(mem, r);
        fclose(mem);
    }
    json_object_set_new(doc, "text", json_string(text ? text : ""));
    free(text);
    json_object_set_new(doc, "dot", dot ? json_string(dot) : json_null());
    int rc = json_dumpf(doc, stdout, JSON_COMPACT);
    json_decref(doc);
    fflush(stdout);
    return rc == 0 ? 0 : EXIT_TOOL_FAILED;
}

int audit_worker(const struct audit_options *o, int slot, const char *name, const char *path)
{
    /* opened before the sandbox's own /tmp may cover where they are */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", path);
    char *slash = strrchr(parent, '/');
    const char *entry = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    int parent_fd = open(slash ? (parent[0] ? parent : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int stdin_fd = o->stdin_path ? open(o->stdin_path, O_RDONLY | O_CLOEXEC) : -1;
    char lib[4096];   /* the detector: racecheck may itself be under /tmp */
    int lib_fd = detector_library(lib, sizeof lib) == 0 ? open(lib, O_RDONLY | O_CLOEXEC) : -1;
    struct sandbox_status sb;
    sandbox_enter(o->sandbox, o->tmp_mb, slot, &sb);

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
    struct copy_limits lim = {.max_files = 5000, .max_bytes = 256ull << 20, .max_file = 64ull << 20,
                              .max_depth = 16, .set_owner = geteuid() == 0,
                              .owner = sb.run_uid, .group = sb.run_gid};
    struct copy_stats stats;
    int copied = parent_fd >= 0 && fchdir(parent_fd) == 0
                     ? copy_tree(entry, root, &lim, &stats, err, sizeof err)
                     : (snprintf(err, sizeof err, "cannot open %s", path), -1);
    struct stat st;
    int has_makefile = 0;
    const char *makefiles[] = {"GNUmakefile", "makefile", "Makefile"};
    for (int i = 0; i < 3 && copied == 0; i++) {
        char mf[4300];
        snprintf(mf, sizeof mf, "%s/%s", root, makefiles[i]);
        has_makefile |= lstat(mf, &st) == 0 && S_ISREG(st.st_mode);
    }
    if (copied == 0 && has_makefile)
        copied = copy_tree(entry, tsan_root, &lim, &stats, err, sizeof err);
    if (copied == 0 && o->stdin_path) {
        char fd_path[64];
        snprintf(fd_path, sizeof fd_path, "/proc/self/fd/%d", stdin_fd);
        if (stdin_fd < 0 || copy_tree(fd_path, stdin_copy, &lim, &stats, err, sizeof err) != 0)
            copied = -1;
        size_t n = strlen(stdin_copy);
        snprintf(stdin_copy + n, sizeof stdin_copy - n, "/%d", stdin_fd);
    }
    if (stdin_fd >= 0)
        close(stdin_fd);

    /* the detector, where the unprivileged user surely reads it (racecheck may
     * live in a directory only root can enter) */
    char lib_dir[4300], lib_fd_path[64], lib_copy[4400];
    snprintf(lib_dir, sizeof lib_dir, "%s/lib", base);
    snprintf(lib_fd_path, sizeof lib_fd_path, "/proc/self/fd/%d", lib_fd);
    if (copied == 0 && lib_fd >= 0 &&
        copy_tree(lib_fd_path, lib_dir, &lim, &stats, err, sizeof err) == 0) {
        char from[4400];
        snprintf(from, sizeof from, "%s/%d", lib_dir, lib_fd);
        snprintf(lib_copy, sizeof lib_copy, "%s/%s", lib_dir, strrchr(lib, '/') + 1);
        if (rename(from, lib_copy) == 0)
            setenv("RACECHECK_LIB", lib_copy, 1);
    }
    if (lib_fd >= 0)
        close(lib_fd);
    if (copied == 0)
        err[0] = '\0';     /* no detector copy: the tool run says it is missing */

    char class_dir[4096];
    if (parent_fd >= 0 && fchdir(parent_fd) == 0 && getcwd(class_dir, sizeof class_dir))
        sandbox_hide(&sb, class_dir);
    sandbox_hide(&sb, o->output);
    if (parent_fd >= 0)
        close(parent_fd);
    if (sandbox_drop(&sb, err, sizeof err) != 0) {
        fprintf(stderr, "racecheck: %s\n", err);
        return EXIT_TOOL_FAILED;
    }
    /* every process of the submission shares these; a tool run cannot raise them */
    limit_self(RLIMIT_NPROC, o->max_processes);
    limit_self(RLIMIT_FSIZE, o->file_size_mb << 20);
    limit_self(RLIMIT_CORE, 0);
    setenv("TMPDIR", sb.filesystem_isolated ? "/tmp" : base, 1);
    setenv("HOME", root, 1);
    unsetenv("MAKEFLAGS");
    unsetenv("MFLAGS");
    /* the memory of everything the submission runs, builds included; it needs
     * this namespace's own process list */
    struct memory_guard *guard = NULL;
    if (sb.pid_isolated && sb.filesystem_isolated)
        guard = memory_guard_start(o->memory_mb);
    if (!guard) {
        size_t n = strlen(sb.note);
        snprintf(sb.note + n, sizeof sb.note - n, "%smemory: not watched (%s)", n ? "; " : "",
                 o->sandbox ? "no PID namespace of its own" : "--no-sandbox");
    }

    struct report r;
    struct check_state cs;
    int checked = 0;
    char error_line[600] = "", message[2600] = "";
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
                 source_extensions_text);
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
            .lockgraph_graph = 1,
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
        if (r.error_message) {
            snprintf(message, sizeof message, "%s", r.error_message);
            r.error_message = message;
            build_error_line(message, error_line, sizeof error_line);
        }
        if (!r.error_message && !strcmp(report_verdict(&r), "error")) {
            report_error_text(&r, error_line, sizeof error_line);
            one_line(error_line, sizeof error_line);
        }
        const char *prefixes[] = {root, tsan_root, checked ? cs.workdir : root};
        relative_locations(&r, prefixes, 3);
        if (checked) {
            char dot_path[4300];
            snprintf(dot_path, sizeof dot_path, "%s/lockgraph-1.dot", cs.workdir);
            dot = read_capped(dot_path, DOT_CAP);
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
    int rc = emit(&r, name, &sb, error_line[0] ? error_line : NULL, dot);
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
