/* Running a program under limits: its own process group (killed whole at
 * the deadline), resource limits, and capped capture of its output. */
#ifndef RACECHECK_PROC_H
#define RACECHECK_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct proc_spec {
    char *const *argv;          /* argv[0] is looked up in PATH */
    char *const *envp;          /* NULL: inherit */
    const char *cwd;            /* NULL: inherit */
    const char *stdin_path;     /* NULL: /dev/null when capturing, else inherit */
    int capture;                /* 1: collect stdout and stderr; 0: inherit them */
    size_t capture_cap;         /* bytes kept of each stream (default 1 MiB) */
    double timeout;             /* wall-clock seconds; 0 = none */
    int kill_at_once;           /* at the limit: SIGKILL, no SIGTERM first (so a
                                   tool cannot report the stop as the program's) */
    const volatile int *cancel; /* when it becomes nonzero the run is stopped; NULL: never */
    double idle_timeout;        /* stop after this long using (almost) no CPU time: waiting
                                   for good, or sleeping; 0 = never */
    /* resource limits, 0 = leave alone */
    long cpu_seconds;
    long address_space_mb;
    long max_processes;
    long file_size_mb;
    long open_files;
};

struct proc_result {
    int started;                /* 0: could not start (error says why) */
    int exited, exit_status;    /* normal exit */
    int signaled, signal;       /* killed by a signal (not by us) */
    int timed_out;              /* killed at the deadline, its CPU time limit or idle */
    int idle;                   /* of those: it had used no CPU time for idle_timeout */
    int cancelled;              /* stopped because *cancel was set */
    int output_limited;         /* killed because it wrote far too much */
    double seconds;
    char *out, *err;            /* NUL-terminated captures (capture mode) */
    size_t out_len, err_len;
    int out_truncated, err_truncated;
    char error[256];
};

/* Runs to completion; never waits past timeout plus a short grace. */
void proc_run(const struct proc_spec *spec, struct proc_result *res);
void proc_result_free(struct proc_result *res);
/* Forwards SIGINT/SIGTERM received by racecheck to running process groups. */
void proc_install_signal_forwarding(void);

#endif
