#include "audit/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* As root, parallel submission number slot runs as uid and gid BASE + slot:
 * ids no account uses, so its process limit counts its own processes only. */
#define SANDBOX_ID_BASE 2000000000u

static void add_note(struct sandbox_status *st, const char *what, const char *call, int err)
{
    size_t n = strlen(st->note);
    snprintf(st->note + n, sizeof st->note - n, "%s%s: not isolated (%s: %s)", n ? "; " : "", what,
             call, err == EPERM ? "EPERM" : err == EINVAL ? "EINVAL" : err == ENOSPC ? "ENOSPC"
                                                                       : strerror(err));
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int e = errno;
    close(fd);
    errno = e;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* As an ordinary user: a user namespace in which that user is itself, so the
 * other namespaces and mounts need no privilege outside. */
static int enter_user_namespace(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER) != 0)
        return -1;
    char map[64];
    snprintf(map, sizeof map, "%u %u 1\n", uid, uid);
    if (write_file("/proc/self/uid_map", map) != 0)
        return -1;
    if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
        return -1;
    snprintf(map, sizeof map, "%u %u 1\n", gid, gid);
    return write_file("/proc/self/gid_map", map);
}

/* The loopback interface up, so a program may talk to itself over localhost. */
static void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP;
        ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    close(s);
}

/* Everything read-only, then a fresh size-capped tmpfs at /tmp and /dev/shm. */
static int private_filesystem(long tmp_mb, const char **call)
{
    /* nothing mounted here may reach the machine's own mount table */
    *call = "mount --make-rprivate /";
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return -1;
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
    *call = "mount_setattr";
    if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &attr, sizeof attr) != 0)
        return -1;
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ldm,mode=1777", tmp_mb);
    *call = "mount tmpfs /tmp";
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
        return -1;
    if (access("/dev/shm", F_OK) == 0) {
        snprintf(opts, sizeof opts, "size=%ldm,mode=1777", tmp_mb / 4 > 16 ? tmp_mb / 4 : 16);
        *call = "mount tmpfs /dev/shm";
        if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
            return -1;
    }
    return 0;
}

/* Forks: the parent only waits, passing on how the child ended. */
static void become_pid_one(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return;     /* the caller goes on as it is (the namespace then stays unused) */
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        return;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

void sandbox_enter(int enable, long tmp_mb, int slot, struct sandbox_status *st)
{
    memset(st, 0, sizeof *st);
    int root = geteuid() == 0;
    st->run_uid = root ? SANDBOX_ID_BASE + (unsigned)slot : geteuid();
    st->run_gid = root ? SANDBOX_ID_BASE + (unsigned)slot : getegid();
    if (!enable) {
        snprintf(st->note, sizeof st->note,
                 "network: not isolated (--no-sandbox); filesystem: not isolated (--no-sandbox)");
        return;
    }
    if (!root && enter_user_namespace() != 0) {
        int e = errno;
        add_note(st, "network", "unshare", e);
        add_note(st, "filesystem", "unshare", e);
        return;
    }
    if (unshare(CLONE_NEWNET) == 0) {
        st->network_isolated = 1;
        loopback_up();
    } else {
        add_note(st, "network", "unshare", errno);
    }
    /* System V shared memory, semaphores and queues of its own: no key of
     * another submission's, nothing left behind */
    if (unshare(CLONE_NEWIPC) != 0)
        add_note(st, "ipc", "unshare", errno);
    if (unshare(CLONE_NEWNS) != 0) {
        add_note(st, "filesystem", "unshare", errno);
    } else {
        const char *call = "";
        if (private_filesystem(tmp_mb, &call) == 0)
            st->filesystem_isolated = 1;
        else
            add_note(st, "filesystem", call, errno);
    }
    if (unshare(CLONE_NEWPID) == 0) {
        become_pid_one();
        st->pid_isolated = getpid() == 1;
        /* this namespace's own process list, where the mounts are ours */
        if (st->pid_isolated && st->filesystem_isolated)
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    }
    if (!st->pid_isolated) {
        size_t n = strlen(st->note);
        snprintf(st->note + n, sizeof st->note - n, "%sprocesses: not isolated (no PID namespace)",
                 n ? "; " : "");
    }
}

void sandbox_hide(const struct sandbox_status *st, const char *path)
{
    if (st->filesystem_isolated && path && *path && strcmp(path, "/"))
        mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555");
}

int sandbox_drop(const struct sandbox_status *st, char *err, size_t errlen)
{
    for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
        prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (geteuid() == 0) {
        if (setgroups(0, NULL) != 0 || setresgid(st->run_gid, st->run_gid, st->run_gid) != 0 ||
            setresuid(st->run_uid, st->run_uid, st->run_uid) != 0) {
            snprintf(err, errlen, "cannot switch to an unprivileged user: %s", strerror(errno));
            return -1;
        }
    }
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &hdr, data) != 0) {
        snprintf(err, errlen, "cannot drop capabilities: %s", strerror(errno));
        return -1;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "cannot forbid new privileges: %s", strerror(errno));
        return -1;
    }
    /* nothing the program starts may open this process's files or trace it */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return 0;
}
