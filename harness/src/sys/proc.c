#include "sys/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CAP (1u << 20)
#define DRAIN_FACTOR 16          /* past cap * this (16 MiB), the program is stopped */
#define GRACE_SECONDS 2.0        /* between SIGTERM and SIGKILL */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

void proc_install_signal_forwarding(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds_used(const struct rusage *u)
{
    return u->ru_utime.tv_sec + u->ru_stime.tv_sec + (u->ru_utime.tv_usec + u->ru_stime.tv_usec) / 1e6;
}

/* CPU seconds the process has used (its threads and waited-for children). */
static double cpu_seconds_of(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    /* after the command name, which may hold spaces and parentheses */
    char *p = strrchr(buf, ')');
    unsigned long long ticks[4];
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu", &ticks[0],
                     &ticks[1], &ticks[2], &ticks[3]) != 4)
        return -1;
    return (double)(ticks[0] + ticks[1] + ticks[2] + ticks[3]) / (double)sysconf(_SC_CLK_TCK);
}

static void set_limit(int resource, long value)
{
    if (value <= 0)
        return;
    struct rlimit rl = {(rlim_t)value, (rlim_t)value};
    setrlimit(resource, &rl);
}

struct capture {
    int fd;
    char *buf;
    size_t len, cap, seen;
    int truncated;
};

static void capture_read(struct capture *c)
{
    char tmp[65536];
    ssize_t n = read(c->fd, tmp, sizeof tmp);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close(c->fd);
        c->fd = -1;
        return;
    }
    c->seen += (size_t)n;
    size_t room = c->cap - c->len;
    size_t keep = (size_t)n < room ? (size_t)n : room;
    if (keep < (size_t)n)
        c->truncated = 1;
    memcpy(c->buf + c->len, tmp, keep);
    c->len += keep;
}

static void child_exec(const struct proc_spec *spec, int out_fd, int err_fd)
{
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    if (spec->cwd && chdir(spec->cwd) != 0) {
        dprintf(2, "racecheck: cannot enter %s: %s\n", spec->cwd, strerror(errno));
        _exit(127);
    }
    const char *in = spec->stdin_path ? spec->stdin_path : spec->capture ? "/dev/null" : NULL;
    if (in) {
        int fd = open(in, O_RDONLY);
        if (fd < 0) {
            dprintf(2, "racecheck: cannot open %s: %s\n", in, strerror(errno));
            _exit(127);
        }
        dup2(fd, 0);
        close(fd);
    }
    if (spec->capture) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
    }
    set_limit(RLIMIT_CPU, spec->cpu_seconds);
    set_limit(RLIMIT_AS, spec->address_space_mb * 1024 * 1024);
    set_limit(RLIMIT_NPROC, spec->max_processes);
    set_limit(RLIMIT_FSIZE, spec->file_size_mb * 1024 * 1024);
    set_limit(RLIMIT_NOFILE, spec->open_files);
    set_limit(RLIMIT_CORE, 0);
    if (spec->envp)
        execvpe(spec->argv[0], spec->argv, spec->envp);
    else
        execvp(spec->argv[0], spec->argv);
    dprintf(2, "racecheck: cannot run %s: %s\n", spec->argv[0], strerror(errno));
    _exit(127);
}

void proc_run(const struct proc_spec *spec, struct proc_result *res)
{
    memset(res, 0, sizeof *res);
    size_t cap = spec->capture_cap ? spec->capture_cap : DEFAULT_CAP;
    struct capture cap_out = {-1, NULL, 0, cap, 0, 0}, cap_err = {-1, NULL, 0, cap, 0, 0};
    int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
    if (spec->capture) {
        cap_out.buf = malloc(cap + 1);
        cap_err.buf = malloc(cap + 1);
        if (!cap_out.buf || !cap_err.buf || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) {
            snprintf(res->error, sizeof res->error, "cannot set up capture: %s", strerror(errno));
            free(cap_out.buf);
            free(cap_err.buf);
            return;
        }
    }
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(res->error, sizeof res->error, "fork failed: %s", strerror(errno));
        return;
    }
    if (pid == 0)
        child_exec(spec, out_pipe[1], err_pipe[1]);
    setpgid(pid, pid);
    res->started = 1;
    if (spec->capture) {
        close(out_pipe[1]);
        close(err_pipe[1]);
        cap_out.fd = out_pipe[0];
        cap_err.fd = err_pipe[0];
    }

    int status = 0, reaped = 0, term_sent = 0;
    struct rusage usage = {0};
    /* progress: the CPU time used at the last moment it grew */
    double mark_time = start, mark_cpu = 0, next_sample = start + 1;
    double kill_at = 0;
    /* readable when the program ends: poll wakes at once instead of at its timeout */
    int exit_fd = pidfd_open(pid, 0);
    for (;;) {
        if (!reaped) {
            pid_t w = wait4(pid, &status, WNOHANG, &usage);
            if (w == pid)
                reaped = 1;
        }
        /* once the program is gone, stray children holding the pipes go too */
        if (reaped && (cap_out.fd >= 0 || cap_err.fd >= 0) && !term_sent) {
            kill(-pid, SIGKILL);
            term_sent = 1;
        }
        if (reaped && cap_out.fd < 0 && cap_err.fd < 0)
            break;
        double t = now();
        if (!term_sent) {
            int stop = 0;
            if (spec->timeout > 0 && t - start >= spec->timeout) {
                res->timed_out = 1;
                stop = 1;
            }
            if (cap_out.seen + cap_err.seen > cap * DRAIN_FACTOR) {
                res->output_limited = 1;
                stop = 1;
            }
            if (spec->idle_timeout > 0 && !reaped && t >= next_sample) {
                double cpu = cpu_seconds_of(pid);
                next_sample = t + 1;
                /* a runtime's background thread ticks now and then: more than
                 * 2% of one CPU is use */
                if (cpu < 0 || cpu - mark_cpu > 0.02 * (t - mark_time) + 0.05) {
                    mark_time = t;
                    mark_cpu = cpu;
                } else if (t - mark_time >= spec->idle_timeout) {
                    res->timed_out = res->idle = 1;
                    stop = 1;
                }
            }
            if (spec->cancel && __atomic_load_n(spec->cancel, __ATOMIC_ACQUIRE)) {
                res->cancelled = 1;
                stop = 1;
            }
            if (interrupted)
                stop = 1;
            if (stop) {
                kill(-pid, spec->kill_at_once ? SIGKILL : SIGTERM);
                term_sent = 1;
                kill_at = t + GRACE_SECONDS;
            }
        } else if (kill_at && t >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0;
        }
        struct pollfd fds[3];
        int nfds = 0;
        if (exit_fd >= 0 && !reaped)
            fds[nfds++] = (struct pollfd){.fd = exit_fd, .events = POLLIN};
        if (cap_out.fd >= 0)
            fds[nfds++] = (struct pollfd){.fd = cap_out.fd, .events = POLLIN};
        if (cap_err.fd >= 0)
            fds[nfds++] = (struct pollfd){.fd = cap_err.fd, .events = POLLIN};
        int r = poll(fds, (nfds_t)nfds, 50);
        if (r > 0) {
            for (int i = 0; i < nfds; i++) {
                if (!fds[i].revents)
                    continue;
                if (fds[i].fd == cap_out.fd)
                    capture_read(&cap_out);
                else if (fds[i].fd == cap_err.fd)
                    capture_read(&cap_err);
            }
        }
    }
    if (exit_fd >= 0)
        close(exit_fd);
    kill(-pid, SIGKILL);    /* nothing of the run outlives it */
    res->seconds = now() - start;
    if (WIFEXITED(status)) {
        res->exited = 1;
        res->exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        /* RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL at the hard one */
        if (spec->cpu_seconds > 0 && !res->cancelled && (sig == SIGXCPU || sig == SIGKILL) &&
            cpu_seconds_used(&usage) >= (double)spec->cpu_seconds - 0.5)
            res->timed_out = 1;
        if (!(res->timed_out || res->output_limited || res->cancelled || interrupted) ||
            (sig != SIGTERM && sig != SIGKILL && sig != SIGXCPU)) {
            res->signaled = 1;
            res->signal = sig;
        }
    }
    if (spec->capture) {
        cap_out.buf[cap_out.len] = '\0';
        cap_err.buf[cap_err.len] = '\0';
        res->out = cap_out.buf;
        res->out_len = cap_out.len;
        res->out_truncated = cap_out.truncated;
        res->err = cap_err.buf;
        res->err_len = cap_err.len;
        res->err_truncated = cap_err.truncated;
    }
}

void proc_result_free(struct proc_result *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}
