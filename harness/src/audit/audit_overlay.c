#include "audit/audit_overlay.h"
#include "audit/audit_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OVERLAY_MAX_FILE (16u << 20)
#define OVERLAY_MAX_DEPTH 8

struct overlay_walk {
    int set_owner;
    uid_t owner;
    gid_t group;
    struct overlay_files *out;
    char *err;
    size_t errlen;
};

/* Whatever the submission has at path goes (a file, a link, a folder). */
static int clear(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return remove_tree(path);
}

static int copy_one(struct overlay_walk *w, int in, const char *path, const char *rel)
{
    if (w->out->count >= OVERLAY_MAX_FILES) {
        snprintf(w->err, w->errlen, "the overlay has more than %d files", OVERLAY_MAX_FILES);
        return -1;
    }
    if (clear(path) != 0) {
        snprintf(w->err, w->errlen, "cannot replace %s with the overlay's: %s", rel, strerror(errno));
        return -1;
    }
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0) {
        snprintf(w->err, w->errlen, "cannot write the overlay's %s: %s", rel, strerror(errno));
        return -1;
    }
    char buf[65536];
    ssize_t n;
    size_t total = 0;
    while ((n = read(in, buf, sizeof buf)) > 0 && total < OVERLAY_MAX_FILE) {
        if (write(out, buf, (size_t)n) != n) {
            snprintf(w->err, w->errlen, "cannot write the overlay's %s: %s", rel, strerror(errno));
            close(out);
            return -1;
        }
        total += (size_t)n;
    }
    /* read-only to whoever runs the build, and not theirs to change back */
    if (w->set_owner)
        (void)!fchown(out, 0, 0);
    fchmod(out, 0444);
    close(out);
    snprintf(w->out->path[w->out->count++], sizeof w->out->path[0], "%s", rel);
    return 0;
}

static int walk(struct overlay_walk *w, int dir_fd, const char *dst, const char *rel, int depth)
{
    DIR *d = fdopendir(dir_fd);
    if (!d) {
        close(dir_fd);
        snprintf(w->err, w->errlen, "cannot read the overlay: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[4096], sub[256];
        if (snprintf(path, sizeof path, "%s/%s", dst, e->d_name) >= (int)sizeof path ||
            snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof sub) {
            snprintf(w->err, w->errlen, "an overlay path is too long: %s/%s", rel, e->d_name);
            rc = -1;
            break;
        }
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < OVERLAY_MAX_DEPTH) {
            struct stat have;
            /* the submission's folder stays (its other files too); anything else there goes */
            if (lstat(path, &have) == 0 && !S_ISDIR(have.st_mode) && remove_tree(path) != 0) {
                snprintf(w->err, w->errlen, "cannot replace %s with the overlay's folder", sub);
                rc = -1;
                break;
            }
            if (mkdir(path, 0755) != 0 && errno != EEXIST) {
                snprintf(w->err, w->errlen, "cannot make %s: %s", sub, strerror(errno));
                rc = -1;
                break;
            }
            if (w->set_owner)
                (void)!lchown(path, w->owner, w->group);
            int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0)
                rc = walk(w, fd, path, sub, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                snprintf(w->err, w->errlen, "cannot read the overlay's %s: %s", sub, strerror(errno));
                rc = -1;
                break;
            }
            rc = copy_one(w, fd, path, sub);
            close(fd);
            if (rc == 0 && depth == 0 && copy_is_makefile(e->d_name)) {
                /* make reads GNUmakefile, then makefile, then Makefile: only the overlay's counts */
                const char *names[] = {"GNUmakefile", "makefile", "Makefile"};
                for (int i = 0; i < 3; i++) {
                    char other[4200];
                    snprintf(other, sizeof other, "%s/%s", dst, names[i]);
                    if (strcmp(names[i], e->d_name) != 0)
                        clear(other);
                }
            }
        }
        /* links, devices and fifos of the overlay are not copied */
    }
    closedir(d);
    return rc;
}

int overlay_apply(int overlay_fd, const char *dst, int set_owner, uid_t owner, gid_t group,
                  struct overlay_files *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct overlay_walk w = {set_owner, owner, group, out, err, errlen};
    int fd = dup(overlay_fd);
    if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "cannot read the overlay: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return walk(&w, fd, dst, "", 0);
}
