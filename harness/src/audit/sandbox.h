/* The sandbox of one untrusted submission (racecheck audit): new network,
 * IPC, mount and PID namespaces (and a user namespace when not root), the root
 * filesystem read-only except a private /tmp and /dev/shm (tmpfs, size-capped),
 * then no privileges left. Where the machine refuses a namespace, the caller
 * goes on without it and the status says so. */
#ifndef RACECHECK_SANDBOX_H
#define RACECHECK_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct sandbox_status {
    int network_isolated;       /* a new network namespace (loopback only) */
    int filesystem_isolated;    /* root read-only, private /tmp */
    int pid_isolated;           /* a new PID namespace: everything dies with it */
    char note[256];             /* why something is not isolated; "" when all is */
    uid_t run_uid;              /* who the submission runs as after sandbox_drop */
    gid_t run_gid;
};

/* Enters the namespaces (enable 0: none, said so in the note). With a new PID
 * namespace the calling process forks: the parent waits and exits with the
 * child's status, never returning; the child returns as PID 1. private_tmp_mb
 * caps the private /tmp. slot picks the unprivileged uid when racecheck runs
 * as root (each parallel submission its own uid, so process limits do not
 * mix). Never fails: what could not be isolated is in the status. */
void sandbox_enter(int enable, long private_tmp_mb, int slot, struct sandbox_status *st);

/* Covers path with an empty read-only directory (the class and the output:
 * a submission sees neither another's code nor the reports). Nothing when
 * the file system is not isolated or path is already out of sight. */
void sandbox_hide(const struct sandbox_status *st, const char *path);

/* Gives up every privilege for good: as root, switches to the status's
 * unprivileged uid and gid; drops every capability, no new privileges, not
 * dumpable. Returns 0, or -1 with a reason in err. */
int sandbox_drop(const struct sandbox_status *st, char *err, size_t errlen);

#endif
