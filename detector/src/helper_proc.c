/* Helper processes over pipes (llvm-symbolizer, lockgraph-namer), started
 * and asked at report time only. */
#include "helper_proc.h"
#include "lockgraph.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

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

bool lg_helper_running(struct lg_helper *h)
{
    return h->child > 0 && still_ours(h->to_child, h->to_child_ino) &&
           still_ours(h->from_child, h->from_child_ino);
}

void lg_helper_stop(struct lg_helper *h)
{
    if (still_ours(h->to_child, h->to_child_ino))
        close(h->to_child);
    if (still_ours(h->from_child, h->from_child_ino))
        close(h->from_child);
    h->to_child = h->from_child = -1;
    h->child = 0;       /* it reads end-of-file and exits; not our child to reap */
}

/* The helper must not be a child of the program: its wait() would reap it or
 * wait for it for ever, and it would get a SIGCHLD it never caused. So it is
 * a grandchild, orphaned at once: an intermediate made by clone with no exit
 * signal (which wait() ignores; it shares our memory and is reaped here) forks
 * it with the raw system call (no atfork handlers) and exits. */
struct spawn_request {
    const char *path;
    char *const *argv;
    char **env;
    int stdin_fd, stdout_fd;
    sigset_t mask;          /* the caller's, restored before execve */
    pid_t pid;              /* the helper, written by the intermediate */
};

static void exec_helper(struct spawn_request *r)
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
        exec_helper(r);
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

int lg_helper_start(struct lg_helper *h, const char *path, char *const argv[])
{
    if (lg_helper_running(h))
        return 0;
    if (h->child > 0)
        lg_helper_stop(h);      /* the program took its descriptors: start anew */
    if (h->unavailable)
        return -1;
    /* the helper must not load the detector again */
    static char *env[512];
    int n = 0;
    for (char **e = environ; e && *e && n < 510; e++)
        if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, "LOCKGRAPH_OPTIONS=", 18))
            env[n++] = *e;
    env[n] = NULL;
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC)) {
        h->unavailable = 1;
        return -1;
    }
    if (pipe2(out, O_CLOEXEC)) {
        close(in[0]);
        close(in[1]);
        h->unavailable = 1;
        return -1;
    }
    struct spawn_request request = {path, argv, env, in[0], out[1], {{0}}, -1};
    h->child = spawn_quietly(&request);
    close(in[0]);
    close(out[1]);
    if (h->child <= 0) {
        close(in[1]);
        close(out[0]);
        h->child = 0;
        h->unavailable = 1;
        return -1;
    }
    h->to_child = in[1];
    h->from_child = out[0];
    h->to_child_ino = inode_of(h->to_child);
    h->from_child_ino = inode_of(h->from_child);
    return 0;
}

/* Reads one answer into buf. An answer longer than buf is read to its end
 * all the same (the next one must start clean): 1, buf holding its start. */
static int read_answer(struct lg_helper *h, char *buf, size_t size)
{
    size_t used = 0, total = 0;
    char last[2] = {0, 0};
    for (;;) {
        if (total >= 2 && last[0] == '\n' && last[1] == '\n')
            break;
        if (total == 1 && last[1] == '\n')
            break;
        struct pollfd p = {.fd = h->from_child, .events = POLLIN};
        int r = poll(&p, 1, 10000);
        if (r <= 0)
            return -1;
        char c;
        ssize_t got = read(h->from_child, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        last[0] = last[1];
        last[1] = c;
        total++;
        if (used < size - 1)
            buf[used++] = c;
        if (total > (1u << 20))
            return -1;      /* no answer is that long: not a helper we know */
    }
    buf[used] = '\0';
    return total > used ? 1 : 0;
}

int lg_helper_ask(struct lg_helper *h, const char *query, size_t len, char *answer, size_t size)
{
    if (!lg_helper_running(h))
        return -1;
    /* a dead helper must not kill the program with SIGPIPE */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t w = write(h->to_child, query, len);
    int rc = (w == (ssize_t)len) ? read_answer(h, answer, size) : -1;
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe_set, NULL, &zero);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc < 0) {
        lg_helper_stop(h);
        h->unavailable = 1;
    }
    return rc;
}
