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
#include <sys/stat.h>
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

int sandbox_write_file(const char *path, const char *text)
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
    if (sandbox_write_file("/proc/self/uid_map", map) != 0)
        return -1;
    if (sandbox_write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
        return -1;
    snprintf(map, sizeof map, "%u %u 1\n", gid, gid);
    return sandbox_write_file("/proc/self/gid_map", map);
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

/* The directories a build and the tools read: bound read-only at the same
 * path, or re-made as the same symbolic link (/lib -> usr/lib on a merged-/usr
 * system). */
static const char *const system_dirs[] = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"};
/* The devices a program may open; everything else of /dev is absent. */
static const char *const devices[] = {"null", "zero", "full", "random", "urandom", "tty"};

#define NEW_ROOT "/tmp"     /* where the new root is assembled (covers the host's /tmp in this namespace) */

static int write_new_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* Copies the regular file open as fd (at most cap bytes) to a new file. */
static int copy_fd(int in, const char *path, mode_t mode, size_t cap)
{
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (out < 0)
        return -1;
    char buf[65536];
    size_t total = 0;
    ssize_t n;
    int rc = 0;
    while (total < cap && (n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
        total += (size_t)n;
    }
    close(out);
    return rc;
}

/* A host file copied in when it is a regular file (ld.so.cache), or the same
 * symbolic link (localtime); silently nothing when the host has neither. */
static void copy_host_file(const char *from, const char *to)
{
    struct stat st;
    if (lstat(from, &st) != 0)
        return;
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            (void)!symlink(target, to);
        }
    } else if (S_ISREG(st.st_mode)) {
        int fd = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            copy_fd(fd, to, 0644, 16u << 20);
            close(fd);
        }
    }
}

/* Binds the host's path read-only (and without set-uid) at the same path
 * under the new root. */
static int bind_read_only(const char *host, const char *inside, int directory)
{
    if (directory ? mkdir(inside, 0755) != 0 : write_new_file(inside, "", 0644) != 0)
        return -1;
    if (mount(host, inside, NULL, MS_BIND | MS_REC, NULL) != 0)
        return -1;
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID};
    return (int)syscall(SYS_mount_setattr, AT_FDCWD, inside, AT_RECURSIVE, &attr, sizeof attr);
}

/* /etc: only what compilers, valgrind and the C library read, the account
 * files made up (root, nobody and the submission's own user). */
static int make_etc(const struct sandbox_status *st)
{
    if (mkdir(NEW_ROOT "/etc", 0755) != 0)
        return -1;
    char passwd[512], group[512];
    snprintf(passwd, sizeof passwd,
             "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
             "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
             "%s%u:x:%u:%u:the submission:/tmp:/bin/sh\n",
             st->run_uid ? "student" : "#", (unsigned)st->run_uid, (unsigned)st->run_uid,
             (unsigned)st->run_gid);
    snprintf(group, sizeof group, "root:x:0:\nnogroup:x:65534:\n%s%u:x:%u:\n",
             st->run_gid ? "student" : "#", (unsigned)st->run_gid, (unsigned)st->run_gid);
    if (write_new_file(NEW_ROOT "/etc/passwd", passwd, 0644) != 0 ||
        write_new_file(NEW_ROOT "/etc/group", group, 0644) != 0 ||
        write_new_file(NEW_ROOT "/etc/hosts", "127.0.0.1 localhost\n::1 localhost\n", 0644) != 0 ||
        write_new_file(NEW_ROOT "/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n",
                       0644) != 0)
        return -1;
    copy_host_file("/etc/ld.so.cache", NEW_ROOT "/etc/ld.so.cache");
    copy_host_file("/etc/localtime", NEW_ROOT "/etc/localtime");
    struct stat s;
    /* cc, c++ and friends are links through here on Debian */
    if (lstat("/etc/alternatives", &s) == 0 && S_ISDIR(s.st_mode) &&
        bind_read_only("/etc/alternatives", NEW_ROOT "/etc/alternatives", 1) != 0)
        return -1;
    return 0;
}

/* /dev: the harmless devices bound from the host, the usual links, a private /dev/shm. */
static int make_dev(long shm_mb)
{
    if (mkdir(NEW_ROOT "/dev", 0755) != 0)
        return -1;
    char host[64], inside[64];
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        snprintf(host, sizeof host, "/dev/%s", devices[i]);
        snprintf(inside, sizeof inside, NEW_ROOT "/dev/%s", devices[i]);
        struct stat s;
        if (stat(host, &s) != 0 || !S_ISCHR(s.st_mode))
            continue;
        if (write_new_file(inside, "", 0666) != 0 || mount(host, inside, NULL, MS_BIND, NULL) != 0)
            return -1;
    }
    const char *links[][2] = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
                              {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(inside, sizeof inside, NEW_ROOT "/dev/%s", links[i][1]);
        if (symlink(links[i][0], inside) != 0)
            return -1;
    }
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ldm,mode=1777", shm_mb);
    return mkdir(NEW_ROOT "/dev/shm", 0755) == 0 &&
                   mount("tmpfs", NEW_ROOT "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, opts) == 0
               ? 0 : -1;
}

/* The new root: a tmpfs assembled at NEW_ROOT, then made the root, the
 * host's tree detached, the root remounted read-only. */
static int private_root(const struct sandbox_config *c, struct sandbox_status *st, const char **call)
{
    /* nothing mounted here may reach the machine's own mount table */
    *call = "mount --make-rprivate /";
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return -1;
    *call = "mount tmpfs (the new root)";
    if (mount("tmpfs", NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=0755") != 0)
        return -1;
    *call = "bind the system directories";
    for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++) {
        char host[64], inside[64];
        snprintf(host, sizeof host, "/%s", system_dirs[i]);
        snprintf(inside, sizeof inside, NEW_ROOT "/%s", system_dirs[i]);
        struct stat s;
        if (lstat(host, &s) != 0)
            continue;
        if (S_ISLNK(s.st_mode)) {
            copy_host_file(host, inside);
        } else if (S_ISDIR(s.st_mode) && bind_read_only(host, inside, 1) != 0) {
            return -1;
        }
    }
    *call = "make /etc";
    if (make_etc(st) != 0)
        return -1;
    *call = "make /dev";
    if (make_dev(c->tmp_mb / 4 > 16 ? c->tmp_mb / 4 : 16) != 0)
        return -1;
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ldm,mode=1777", c->tmp_mb);
    *call = "mount tmpfs /tmp";
    if (mkdir(NEW_ROOT "/tmp", 01777) != 0 ||
        mount("tmpfs", NEW_ROOT "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
        return -1;
    /* this namespace's own process list when it has one; else the host's,
     * which valgrind and TSan still need (/proc/self) */
    *call = "mount proc";
    if (mkdir(NEW_ROOT "/proc", 0555) != 0 ||
        (mount("proc", NEW_ROOT "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0 &&
         mount("/proc", NEW_ROOT "/proc", NULL, MS_BIND | MS_REC, NULL) != 0))
        return -1;
    /* the detector where the submission's user reads it and cannot change it */
    if (c->detector_fd >= 0 && c->detector_name) {
        *call = "copy the detector";
        char path[256];
        snprintf(path, sizeof path, NEW_ROOT "/racecheck/lib/%s", c->detector_name);
        if (mkdir(NEW_ROOT "/racecheck", 0755) != 0 || mkdir(NEW_ROOT "/racecheck/lib", 0755) != 0 ||
            lseek(c->detector_fd, 0, SEEK_SET) != 0 || copy_fd(c->detector_fd, path, 0444, 256u << 20) != 0)
            return -1;
        snprintf(st->detector, sizeof st->detector, "%s", path + strlen(NEW_ROOT));
    }
    *call = "pivot_root";
    if (chdir(NEW_ROOT) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
        return -1;
    /* the host's tree was stacked on top: detached, it is out of reach */
    *call = "umount the host's root";
    if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
        return -1;
    *call = "remount / read-only";
    return mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
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

void sandbox_enter(const struct sandbox_config *c, struct sandbox_status *st)
{
    memset(st, 0, sizeof *st);
    int root = geteuid() == 0;
    st->run_uid = root ? SANDBOX_ID_BASE + (unsigned)c->slot : geteuid();
    st->run_gid = root ? SANDBOX_ID_BASE + (unsigned)c->slot : getegid();
    if (!c->enable) {
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
    int mount_ns = unshare(CLONE_NEWNS) == 0;
    if (!mount_ns)
        add_note(st, "filesystem", "unshare", errno);
    /* first the PID namespace: the new root's /proc is that namespace's */
    if (unshare(CLONE_NEWPID) == 0) {
        become_pid_one();
        st->pid_isolated = getpid() == 1;
    }
    if (mount_ns) {
        const char *call = "";
        if (private_root(c, st, &call) == 0) {
            st->filesystem_isolated = 1;
        } else {
            int e = errno;
            /* half a root is no root: the host's view back, said so */
            if (strcmp(call, "mount --make-rprivate /") != 0)
                umount2(NEW_ROOT, MNT_DETACH);
            st->detector[0] = '\0';
            add_note(st, "filesystem", call, e);
        }
    }
    if (!st->pid_isolated) {
        size_t n = strlen(st->note);
        snprintf(st->note + n, sizeof st->note - n, "%sprocesses: not isolated (no PID namespace)",
                 n ? "; " : "");
    }
}

void sandbox_hide(const struct sandbox_status *st, const char *path)
{
    struct stat s;
    if (st->filesystem_isolated && path && *path && strcmp(path, "/") && stat(path, &s) == 0 &&
        S_ISDIR(s.st_mode))
        mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555");
}

int sandbox_protect(const struct sandbox_status *st, const char *path)
{
    if (!st->filesystem_isolated)
        return -1;
    if (mount(path, path, NULL, MS_BIND, NULL) != 0)
        return -1;
    return mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
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
