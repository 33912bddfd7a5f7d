#include "audit/audit_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int copy_is_makefile(const char *name)
{
    return !strcmp(name, "Makefile") || !strcmp(name, "makefile") || !strcmp(name, "GNUmakefile");
}

static int is_source(const char *name)
{
    size_t n = strlen(name);
    return copy_is_makefile(name) ||
           (n > 2 && name[n - 2] == '.' && (name[n - 1] == 'c' || name[n - 1] == 'h'));
}

struct copier {
    int top_fd;                     /* the top directory, for links */
    const struct copy_limits *lim;
    struct copy_stats *stats;
    char *err;
    size_t errlen;
};

static void own(const struct copier *c, int fd, const char *path)
{
    if (!c->lim->set_owner)
        return;
    if (fd >= 0)
        (void)!fchown(fd, c->lim->owner, c->lim->group);
    else
        (void)!lchown(path, c->lim->owner, c->lim->group);
}

/* Copies the regular file open as in (size bytes) to dst. */
static int copy_file(struct copier *c, int in, off_t size, mode_t mode, const char *dst)
{
    const struct copy_limits *lim = c->lim;
    if ((lim->max_file && (unsigned long long)size > lim->max_file) ||
        c->stats->files >= lim->max_files ||
        c->stats->bytes + (unsigned long long)size > lim->max_bytes) {
        c->stats->left_out++;
        return 0;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode & 0755) | 0600);
    if (out < 0) {
        snprintf(c->err, c->errlen, "cannot create %s: %s", dst, strerror(errno));
        return -1;
    }
    own(c, out, dst);
    char buf[65536];
    unsigned long long copied = 0;
    ssize_t n;
    /* never more than the size seen: a file that grows is cut */
    while (copied < (unsigned long long)size && (n = read(in, buf, sizeof buf)) > 0) {
        size_t want = (size_t)n;
        if (copied + want > (unsigned long long)size)
            want = (size_t)((unsigned long long)size - copied);
        if (write(out, buf, want) != (ssize_t)want) {
            snprintf(c->err, c->errlen, "cannot write %s: %s", dst, strerror(errno));
            close(out);
            return -1;
        }
        copied += want;
    }
    close(out);
    c->stats->files++;
    c->stats->bytes += copied;
    return 0;
}

int copy_link_stays_inside(int top_fd, const char *rel, const char *target)
{
    if (target[0] == '/' || !*target)
        return 0;
    /* the walk starts in the link's own folder */
    char path[8192];
    snprintf(path, sizeof path, "%s", rel);
    char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;
    path[len] = '\0';
    const char *p = target;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (len == 0)
                return 0;       /* above the top */
            while (len > 0 && path[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            path[len] = '\0';
        } else {
            if (len + n + 2 >= sizeof path)
                return 0;
            if (len)
                path[len++] = '/';
            memcpy(path + len, p, n);
            len += n;
            path[len] = '\0';
            /* a part that is a link (but the last) resolves elsewhere than it reads */
            struct stat st;
            if (p[n] && fstatat(top_fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                return 0;
        }
        p += n;
        while (*p == '/')
            p++;
    }
    return 1;
}

static void link_left_out(struct copier *c, const char *rel)
{
    struct copy_stats *s = c->stats;
    size_t n = strlen(s->links_out_names);
    if (s->links_out++ < 16)
        snprintf(s->links_out_names + n, sizeof s->links_out_names - n, "%s%s", n ? ", " : "", rel);
}

static int copy_dir(struct copier *c, int dir_fd, const char *dst, const char *rel, int depth)
{
    DIR *d = fdopendir(dir_fd);
    if (!d) {
        close(dir_fd);
        snprintf(c->err, c->errlen, "cannot read a directory: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[4096], sub[4096];
        if (snprintf(path, sizeof path, "%s/%s", dst, e->d_name) >= (int)sizeof path ||
            snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof sub) {
            c->stats->left_out++;
            continue;
        }
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth >= c->lim->max_depth) {
                c->stats->left_out++;
                continue;
            }
            int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                continue;
            if (mkdir(path, 0755) != 0) {
                close(fd);
                snprintf(c->err, c->errlen, "cannot create %s: %s", path, strerror(errno));
                return closedir(d), -1;
            }
            own(c, -1, path);
            rc = copy_dir(c, fd, path, sub, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            if (c->lim->sources_only && !is_source(e->d_name)) {
                c->stats->left_out++;
                continue;
            }
            int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                continue;
            rc = copy_file(c, fd, st.st_size, st.st_mode, path);
            close(fd);
        } else if (S_ISLNK(st.st_mode) && !c->lim->sources_only) {
            char target[4096];
            ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof target - 1);
            if (n > 0) {
                target[n] = '\0';
                if (!copy_link_stays_inside(c->top_fd, sub, target))
                    link_left_out(c, sub);
                else if (symlink(target, path) == 0)
                    own(c, -1, path);
            }
        } else {
            c->stats->left_out++;
        }
    }
    closedir(d);
    return rc;
}

int copy_tree(const char *src, const char *dst, const struct copy_limits *lim,
              struct copy_stats *stats, char *err, size_t errlen)
{
    memset(stats, 0, sizeof *stats);
    struct copier c = {-1, lim, stats, err, errlen};
    if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", dst, strerror(errno));
        return -1;
    }
    own(&c, -1, dst);
    /* a submission that is a link would be whatever it points to: never followed */
    int fd = open(src, O_RDONLY | O_CLOEXEC | (lim->follow_top ? 0 : O_NOFOLLOW));
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (errno == ELOOP)
            snprintf(err, errlen, "%s is a symbolic link: not followed", src);
        else
            snprintf(err, errlen, "cannot read %s: %s", src, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        c.top_fd = dup(fd);
        int rc = copy_dir(&c, fd, dst, "", 0);
        close(c.top_fd);
        return rc;
    }
    int rc = 0;
    if (S_ISREG(st.st_mode)) {
        const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dst, base);
        rc = lim->sources_only && !is_source(base) ? 0 : copy_file(&c, fd, st.st_size, st.st_mode, path);
    }
    close(fd);
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
