/* A tool as a plug-in: everything racecheck knows about one tool is its
 * declaration (struct tool, in tools/NAME.c), listed once in tool_list.inc.
 * The generic runner (runner.c) runs any of them; the engine asks each
 * whether it can check a program; reports ask what it can see.
 *
 * A new tool: tools/NAME.c with `const struct tool tool_NAME`, one line in
 * tool_list.inc, its tests. Nothing else names it. */
#ifndef RACECHECK_TOOL_H
#define RACECHECK_TOOL_H

#include "findings/finding.h"
#include "sys/proc.h"
#include "tools/job.h"

/* The tools a check runs unless told otherwise (--tools). */
#define TOOL_DEFAULT_SET "lockgraph,tsan,helgrind"

#define KIND_BIT(k) (1u << (k))
#define ALL_KINDS ((1u << KIND_COUNT) - 1)

/* One run's command line as the tool makes it: argv[0..argc) comes before the
 * program and its arguments (a wrapper such as valgrind; empty when the
 * program runs as it is), env is added to the environment. */
struct tool_invocation {
    const char *argv[16];
    int argc;
    const char *env[4];
    int nenv;
    char log[2048];             /* where the tool writes its report */
    char text[4][4400];         /* storage for argv and env strings */
};

/* What the engine knows about the program to check. */
struct program_facts {
    int is_static;              /* statically linked: LD_PRELOAD cannot reach it */
    int is_tsan_build;          /* the program given is built with -fsanitize=thread */
    const char *tsan_binary;    /* the ThreadSanitizer build, NULL when there is none... */
    const char *no_tsan_reason; /* ...and why */
};

struct tool {
    const char *name;           /* as in tool_list.inc */
    const char *needs;          /* a command that must be installed, or NULL */
    int runs_tsan_build;        /* runs the -fsanitize=thread build, not the plain one */
    int preloads;               /* watches through LD_PRELOAD: not a static program */
    unsigned sees;              /* KIND_BIT of every finding kind it can report */
    long address_space_mb;      /* per run; 0: none (TSan and Valgrind reserve far more than they use) */
    /* Its time limit is --timeout times this. 1: the program's own wall-clock
     * limit (lockgraph, about as fast as the program). Above 1: a slower
     * tool's budget of CPU time, so a busy machine does not make it run out,
     * with twice that in wall time; such a run that waits without using the
     * CPU is stopped after --timeout (docs/usage.md). */
    int time_scale;
    /* What its run still going at the limit says about the program, or NULL. */
    const char *at_time_limit;
    /* Its own runtime's stack frames, never the program's: object basename
     * prefixes and source path parts (NULL-terminated). */
    const char *const *own_objects;
    const char *const *own_files;
    /* The command of one run; 0, or -1 with why in reason (the run fails). */
    int (*prepare)(const struct tool_job *job, struct tool_invocation *inv, char *reason, size_t len);
    /* What a finished run found, into job->findings; 0, or -1 with why in
     * job->reason (the tool itself broke). */
    int (*read)(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res);
};

#define TOOL(id, name) extern const struct tool tool_##name;
#include "tools/tool_list.inc"
#undef TOOL

/* The declaration of a tool. */
const struct tool *tool_of(enum tool_id id);
/* Why tool cannot check this program (skipped by design), or NULL. */
const char *tool_skip_reason(enum tool_id id, const struct program_facts *p);
/* 1 when some tool's own runtime holds the frame (object or file). */
int tool_owns_frame(const char *object, const char *file);

/* Helpers the declarations share. */
/* Reads a whole file (at most 64 MiB, cut beyond); NULL when unreadable. */
char *tool_read_file(const char *path, size_t *len);
/* Keeps s in inv's storage slot and returns it. */
const char *tool_keep(struct tool_invocation *inv, int slot, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
