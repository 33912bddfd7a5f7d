#include "symbolize.h"
#include "lockgraph.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static pid_t child;
static int to_child = -1, from_child = -1;
static int unavailable;
static char exe_path[320];
static char start_cwd[4096];

static const char *const symbolizer_paths[] = {
    "/usr/bin/llvm-symbolizer", "/usr/bin/llvm-symbolizer-14",
    "/usr/lib/llvm-14/bin/llvm-symbolizer", NULL,
};

/* The pipes' inode numbers: a program may close every descriptor (daemons
 * do) and get the same numbers back for its own files, which the detector
 * must then neither write to nor close. */
static ino_t to_child_ino, from_child_ino;

static bool still_ours(int fd, ino_t ino)
{
    struct stat st;
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && st.st_ino == ino;
}

static ino_t inode_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static void stop_symbolizer(void)
{
    if (still_ours(to_child, to_child_ino))
        close(to_child);
    if (still_ours(from_child, from_child_ino))
        close(from_child);
    to_child = from_child = -1;
    child = 0;      /* it reads end-of-file and exits; not our child to reap */
}

/* The symbolizer must not be a child of the program: its wait() would reap
 * it or wait for it for ever, and it would get a SIGCHLD it never caused.
 * So it is a grandchild, orphaned at once: an intermediate made by clone with
 * no exit signal (which wait() ignores; it shares our memory and is reaped
 * here) forks it with the raw system call (no atfork handlers) and exits. */
struct spawn_request {
    const char *path;
    char **argv, **env;
    int stdin_fd, stdout_fd;
    sigset_t mask;          /* the caller's, restored before execve */
    pid_t pid;              /* the symbolizer, written by the intermediate */
};

static void exec_symbolizer(struct spawn_request *r)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_IGN && old.sa_handler != SIG_DFL)
            sigaction(sig, &dfl, NULL);
    }
    dup2(r->stdin_fd, 0);
    dup2(r->stdout_fd, 1);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0 && null != 2)
        dup2(null, 2);
    /* nothing of the program's: a pipe it reads to end-of-file must end */
    if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
        for (int fd = 3; fd < 65536; fd++)
            close(fd);
    sigprocmask(SIG_SETMASK, &r->mask, NULL);
    execve(r->path, r->argv, r->env);
    _exit(127);
}

static int intermediate(void *arg)
{
    struct spawn_request *r = arg;
    long pid = syscall(SYS_fork);
    if (pid == 0)
        exec_symbolizer(r);
    r->pid = (pid_t)pid;
    _exit(0);
}

static pid_t spawn_quietly(struct spawn_request *r)
{
    enum { STACK_BYTES = 64 * 1024 };
    static char *stack;
    if (!stack)
        stack = lg_map(STACK_BYTES);
    if (!stack)
        return -1;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &r->mask);
    r->pid = -1;
    pid_t mid = clone(intermediate, stack + STACK_BYTES, CLONE_VM | CLONE_VFORK, r);
    if (mid > 0)
        waitpid(mid, NULL, __WALL);
    pthread_sigmask(SIG_SETMASK, &r->mask, NULL);
    return r->pid;
}

static int start_symbolizer(void)
{
    if (child > 0 && still_ours(to_child, to_child_ino) && still_ours(from_child, from_child_ino))
        return 0;
    if (child > 0)
        stop_symbolizer();      /* the program took its descriptors: start anew */
    if (unavailable)
        return -1;
    const char *path = getenv("LOCKGRAPH_SYMBOLIZER");
    for (int i = 0; !path && symbolizer_paths[i]; i++)
        if (access(symbolizer_paths[i], X_OK) == 0)
            path = symbolizer_paths[i];
    if (!path) {
        unavailable = 1;
        return -1;
    }
    /* the child must not load the detector again */
    static char *env[512];
    int n = 0;
    for (char **e = environ; e && *e && n < 510; e++)
        if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, "LOCKGRAPH_OPTIONS=", 18))
            env[n++] = *e;
    env[n] = NULL;
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
        unavailable = 1;
        return -1;
    }
    char *argv[] = {(char *)path, "--inlining=true", "--demangle", "--functions=linkage",
                    "--output-style=LLVM", NULL};
    struct spawn_request request = {path, argv, env, in[0], out[1], {{0}}, -1};
    child = spawn_quietly(&request);
    close(in[0]);
    close(out[1]);
    if (child <= 0) {
        close(in[1]);
        close(out[0]);
        child = 0;
        unavailable = 1;
        return -1;
    }
    to_child = in[1];
    from_child = out[0];
    to_child_ino = inode_of(to_child);
    from_child_ino = inode_of(from_child);
    return 0;
}

/* Reads one answer (lines up to an empty line) into buf. */
static int read_answer(char *buf, size_t size)
{
    size_t used = 0;
    for (;;) {
        if (used >= 2 && buf[used - 1] == '\n' && buf[used - 2] == '\n')
            break;
        if (used == 1 && buf[0] == '\n')
            break;
        struct pollfd p = {.fd = from_child, .events = POLLIN};
        int r = poll(&p, 1, 10000);
        if (r <= 0)
            return -1;
        ssize_t got = read(from_child, buf + used, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        used += (size_t)got;
        if (used >= size - 1)
            return -1;
    }
    buf[used] = '\0';
    return 0;
}

static int ask(const char *prefix, const char *module, uintptr_t offset, char *answer, size_t size)
{
    if (start_symbolizer() != 0)
        return -1;
    char query[512];
    int len = snprintf(query, sizeof query, "%s \"%s\" 0x%lx\n", prefix, module,
                       (unsigned long)offset);
    if (len <= 0 || (size_t)len >= sizeof query)
        return -1;
    /* a dead symbolizer must not kill the program with SIGPIPE */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t w = write(to_child, query, (size_t)len);
    int rc = (w == len) ? read_answer(answer, size) : -1;
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe_set, NULL, &zero);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        stop_symbolizer();
        unavailable = 1;
    }
    return rc;
}

int lg_module_offset(uintptr_t addr, char *module, size_t size, uintptr_t *offset)
{
    Dl_info info;
    struct link_map *map = NULL;
    if (!dladdr1((void *)addr, &info, (void **)&map, RTLD_DL_LINKMAP) || !map)
        return -1;
    const char *name = map->l_name;
    if (!name || !*name)
        name = lg_exe_path();
    snprintf(module, size, "%s", name);
    *offset = addr - map->l_addr;
    return 0;
}

int lg_symbolize(uintptr_t pc, struct lg_sym *out, int max)
{
    memset(&out[0], 0, sizeof out[0]);
    if (lg_module_offset(pc, out[0].module, sizeof out[0].module, &out[0].offset) != 0) {
        snprintf(out[0].function, sizeof out[0].function, "0x%lx", (unsigned long)pc);
        return 1;
    }
    char answer[4096];
    int n = 0;
    if (ask("CODE", out[0].module, out[0].offset, answer, sizeof answer) == 0) {
        char *save = NULL, *line = strtok_r(answer, "\n", &save);
        while (line && n < max) {
            char *loc = strtok_r(NULL, "\n", &save);
            if (!loc)
                break;
            if (n > 0)
                out[n] = out[0];
            struct lg_sym *s = &out[n];
            snprintf(s->function, sizeof s->function, "%s", strcmp(line, "??") ? line : "");
            s->file[0] = '\0';
            s->line = 0;
            /* file:line:column */
            char *c2 = strrchr(loc, ':');
            if (c2) {
                *c2 = '\0';
                char *c1 = strrchr(loc, ':');
                if (c1) {
                    *c1 = '\0';
                    s->line = atoi(c1 + 1);
                } else {
                    s->line = atoi(c2 + 1);
                }
            }
            if (strcmp(loc, "??"))
                snprintf(s->file, sizeof s->file, "%s", loc);
            n++;
            line = strtok_r(NULL, "\n", &save);
        }
    }
    if (n == 0) {
        n = 1;
        Dl_info info;
        if (dladdr((void *)pc, &info) && info.dli_sname)
            snprintf(out[0].function, sizeof out[0].function, "%s", info.dli_sname);
    }
    return n;
}

void lg_symbolize_data(uintptr_t addr, char *name, size_t len, uintptr_t *start, size_t *size)
{
    name[0] = '\0';
    *start = addr;
    *size = 0;
    char module[320], answer[1024];
    uintptr_t offset;
    if (lg_module_offset(addr, module, sizeof module, &offset) != 0)
        return;
    if (ask("DATA", module, offset, answer, sizeof answer) != 0)
        return;
    /* "name\nstart size\n", start being an offset in the module */
    char *nl = strchr(answer, '\n');
    if (nl)
        *nl = '\0';
    if (!strcmp(answer, "??") || !answer[0])
        return;
    snprintf(name, len, "%s", answer);
    unsigned long sym_start, sym_size;
    if (nl && sscanf(nl + 1, "%lu %lu", &sym_start, &sym_size) == 2 && sym_start <= offset &&
        offset < sym_start + sym_size) {
        *start = addr - (offset - sym_start);
        *size = sym_size;
    }
}

int lg_sym_is_system(const struct lg_sym *s)
{
    if (!s->file[0])
        return 1;
    static const char *const system_prefixes[] = {"/usr/include/", "/usr/lib/", "./nptl/",
                                                  "../sysdeps/", "./csu/", "../nptl/", NULL};
    for (int i = 0; system_prefixes[i]; i++)
        if (strncmp(s->file, system_prefixes[i], strlen(system_prefixes[i])) == 0)
            return 1;
    return strstr(s->module, "/liblockgraph") != NULL;
}

/* Read at start: /proc/self/exe is gone once main has called pthread_exit
 * (the kernel keeps the thread as a zombie), and leads elsewhere after chroot. */
const char *lg_exe_path(void)
{
    if (!exe_path[0]) {
        ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
        exe_path[n > 0 ? n : 0] = '\0';
        /* the directory the program was started from, the one its user is
         * in: report paths are shown relative to it (a later chdir of the
         * program's own does not move them) */
        if (!getcwd(start_cwd, sizeof start_cwd))
            start_cwd[0] = '\0';
    }
    return exe_path;
}

int lg_sym_is_library(const struct lg_sym *s)
{
    if (!s->module[0])
        return lg_sym_is_system(s);
    if (!strcmp(s->module, lg_exe_path()))
        return 0;
    /* the module decides: libc's frames carry glibc's own source paths
     * ("./misc/../sysdeps/..."), which no prefix list keeps up with */
    static const char *const library_prefixes[] = {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/",
                                                   "/usr/local/lib/", "linux-vdso", NULL};
    for (int i = 0; library_prefixes[i]; i++)
        if (!strncmp(s->module, library_prefixes[i], strlen(library_prefixes[i])))
            return 1;
    return strstr(s->module, "/liblockgraph") != NULL;
}

/* path with "." and empty components dropped and "dir/.." folded, into out
 * (at most len bytes). A relative path's leading ".." cannot fold and stays;
 * "/.." is "/". */
static void normalise_path(const char *path, char *out, size_t len)
{
    int absolute = path[0] == '/';
    size_t n = 0, root = absolute ? 1 : 0, floor = root;
    if (len < 2) {
        if (len)
            out[0] = '\0';
        return;
    }
    if (absolute)
        out[n++] = '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        size_t c = strcspn(p, "/");
        const char *comp = p;
        p += c;
        if (c == 0 || (c == 1 && comp[0] == '.'))
            continue;
        int up = c == 2 && comp[0] == '.' && comp[1] == '.';
        if (up && n > floor) {
            while (n > floor && out[n - 1] != '/')
                n--;
            if (n > floor)
                n--;            /* the '/' before the dropped component */
            continue;
        }
        if (up && absolute)
            continue;
        if (n > root && n + 1 < len)
            out[n++] = '/';
        for (size_t i = 0; i < c && n + 1 < len; i++)
            out[n++] = comp[i];
        if (up)
            floor = n;
    }
    if (n == 0)
        out[n++] = '.';
    out[n] = '\0';
}

void lg_display_path(const char *file, char *out, size_t len)
{
    normalise_path(file, out, len);
    const char *cwd = start_cwd;
    size_t c = strlen(cwd);
    if (out[0] != '/' || c <= 1 || strncmp(out, cwd, c) || out[c] != '/' || !out[c + 1])
        return;
    memmove(out, out + c + 1, strlen(out + c + 1) + 1);
}

void lg_symbolizer_prepare(void)
{
    lg_exe_path();
    start_symbolizer();
}

void lg_symbolizer_after_fork_child(void)
{
    stop_symbolizer();      /* the parent's symbolizer: let go of its pipes */
}
