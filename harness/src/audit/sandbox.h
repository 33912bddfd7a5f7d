/* The sandbox of one untrusted submission (racecheck audit): new network,
 * IPC, mount and PID namespaces (and a user namespace when not root), and a
 * root of its own: a fresh tmpfs holding only what a build and the tools
 * need, read-only (/usr and the /lib, /bin and /sbin links or directories, a
 * few /etc files made for it, a minimal /dev, its own /proc, racecheck's
 * detector), plus a private /tmp and /dev/shm (tmpfs, size-capped); nothing
 * else of the host's files (no /home, /root, /work, class or output folder).
 * Then no privileges left. Where the machine refuses a namespace, the caller
 * goes on without it and the status says so. */
#ifndef RACECHECK_SANDBOX_H
#define RACECHECK_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct sandbox_config {
    int enable;                 /* 0: no namespaces at all (--no-sandbox) */
    long tmp_mb;                /* caps the private /tmp */
    int slot;                   /* picks the unprivileged uid as root (below) */
    int detector_fd;            /* liblockgraph.so, open; -1: none */
    const char *detector_name;  /* its file name */
};

struct sandbox_status {
    int network_isolated;       /* a new network namespace (loopback only) */
    int filesystem_isolated;    /* a root of its own: only the toolchain, read-only; private /tmp */
    int pid_isolated;           /* a new PID namespace: everything dies with it */
    char note[512];             /* why something is not isolated; "" when all is */
    char detector[256];         /* the detector's read-only copy inside, "" when none */
    uid_t run_uid;              /* who the submission runs as after sandbox_drop */
    gid_t run_gid;
};

/* Enters the namespaces. With a new PID namespace the calling process forks:
 * the parent waits and exits with the child's status, never returning; the
 * child returns as PID 1. As root each parallel submission (slot) runs as a
 * uid of its own, so process limits do not mix. File descriptors opened
 * before stay usable (the submission is copied through one). Never fails:
 * what could not be isolated is in the status. */
void sandbox_enter(const struct sandbox_config *c, struct sandbox_status *st);

/* Covers path with an empty read-only directory, when it is still in sight
 * (a class folder under /usr). Nothing when the file system is not isolated. */
void sandbox_hide(const struct sandbox_status *st, const char *path);

/* Makes the file at path read-only and impossible to remove or replace for
 * everything the sandbox runs (a read-only bind mount onto itself): the
 * instructor's overlay files. 0, or -1 (not isolated, or the mount failed). */
int sandbox_protect(const struct sandbox_status *st, const char *path);

/* Gives up every privilege for good: as root, switches to the status's
 * unprivileged uid and gid; drops every capability, no new privileges, not
 * dumpable. Returns 0, or -1 with a reason in err. */
int sandbox_drop(const struct sandbox_status *st, char *err, size_t errlen);

/* Writes text into the existing file at path (a /proc or cgroup control
 * file: no create, no truncate); 0, or -1 with errno. */
int sandbox_write_file(const char *path, const char *text);

#endif
