/* OUT/audit.json (audit_header.h): made by the audit, joined by the merge,
 * read by the summaries. Hashes by nettle's SHA-256. */
#include "audit/audit_header.h"

#include "reports/report.h"
#include "sys/proc.h"
#include "sys/version.h"
#include "tools/tool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_MAX_BYTES (1L << 20)
#define TREE_MAX_DEPTH 16
#define TREE_MAX_ENTRIES 100000

void audit_header_time(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void hex_of(struct sha256_ctx *ctx, char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Feeds what is left of the open file fd to ctx; 0, or -1 with err. */
static int feed_fd(struct sha256_ctx *ctx, int fd, const char *shown, char *err, size_t errlen)
{
    uint8_t buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        sha256_update(ctx, (size_t)n, buf);
    if (n < 0)
        snprintf(err, errlen, "cannot read %s: %s", shown, strerror(errno));
    return n < 0 ? -1 : 0;
}

/* Opens path (relative to dirfd), a regular file; follow: through a link. */
static int open_regular(int dirfd, const char *path, int follow, const char *shown, char *err, size_t errlen)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read %s: %s", shown, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int audit_sha256_file(const char *path, char hex[65], char *err, size_t errlen)
{
    /* the file named, even through a link: that is what the command reads */
    int fd = open_regular(AT_FDCWD, path, 1, path, err, errlen);
    if (fd < 0)
        return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    int rc = feed_fd(&ctx, fd, path, err, errlen);
    close(fd);
    if (rc == 0)
        hex_of(&ctx, hex);
    return rc;
}

static void feed_text(struct sha256_ctx *ctx, const char *s)
{
    sha256_update(ctx, strlen(s) + 1, (const uint8_t *)s);  /* with its NUL: no two texts run together */
}

/* Every entry under dirfd (rel is its path from the top), sorted by name. */
static int feed_tree(struct sha256_ctx *ctx, int dirfd, const char *rel, int depth, long *entries,
                     const char *top, char *err, size_t errlen)
{
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        snprintf(err, errlen, "cannot read %s/%s: %s", top, rel, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                abort();
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    for (size_t i = 0; i + 1 < n; i++)      /* insertion sort: folders are small */
        for (size_t j = i + 1; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        struct stat st;
        if (++*entries > TREE_MAX_ENTRIES) {
            snprintf(err, errlen, "%s: more than %d entries", top, TREE_MAX_ENTRIES);
            rc = -1;
        } else if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            snprintf(err, errlen, "cannot read %s/%s: %s", top, path, strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            feed_text(ctx, "d");
            feed_text(ctx, path);
            int sub = openat(dirfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0 || depth >= TREE_MAX_DEPTH) {
                snprintf(err, errlen, "cannot read %s/%s: %s", top, path,
                         sub < 0 ? strerror(errno) : "too deep");
                rc = -1;
            } else {
                rc = feed_tree(ctx, sub, path, depth + 1, entries, top, err, errlen);
            }
            if (sub >= 0)
                close(sub);
        } else if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t len = readlinkat(dirfd, names[i], target, sizeof target - 1);
            target[len > 0 ? len : 0] = '\0';
            feed_text(ctx, "l");
            feed_text(ctx, path);
            feed_text(ctx, target);
        } else if (S_ISREG(st.st_mode)) {
            char shown[4200];
            snprintf(shown, sizeof shown, "%s/%s", top, path);
            feed_text(ctx, (st.st_mode & 0111) ? "x" : "f");
            feed_text(ctx, path);
            char size[32];
            snprintf(size, sizeof size, "%lld", (long long)st.st_size);
            feed_text(ctx, size);
            int fd = open_regular(dirfd, names[i], 0, shown, err, errlen);
            rc = fd < 0 ? -1 : feed_fd(ctx, fd, shown, err, errlen);
            if (fd >= 0)
                close(fd);
        } else {
            feed_text(ctx, "o");
            feed_text(ctx, path);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int audit_sha256_tree(const char *path, char hex[65], char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    long entries = 0;
    int rc = feed_tree(&ctx, fd, "", 0, &entries, path, err, errlen);
    close(fd);
    if (rc == 0)
        hex_of(&ctx, hex);
    return rc;
}

/* The first line of `prog --version`, or why there is none. */
static json_t *version_of(const char *prog)
{
    char *argv[] = {(char *)prog, "--version", NULL};
    struct proc_spec spec = {.argv = argv, .capture = 1, .capture_cap = 4096, .timeout = 30};
    struct proc_result res;
    proc_run(&spec, &res);
    json_t *v;
    if (res.started && res.exited && res.exit_status == 0 && res.out && res.out[0]) {
        v = json_stringn(res.out, strcspn(res.out, "\n"));
        if (!v)
            v = json_string("(not UTF-8)");
    } else {
        v = json_sprintf("not found (%s --version failed)", prog);
    }
    proc_result_free(&res);
    return v;
}

/* This machine's name, as valid UTF-8. */
static void host_name(char host[256])
{
    char raw[256] = "";
    if (gethostname(raw, sizeof raw - 1) != 0 || !raw[0])
        snprintf(raw, sizeof raw, "unknown");
    char *clean = report_clean_text(raw);
    snprintf(host, 256, "%s", clean);
    free(clean);
}

json_t *audit_header_new(json_t *options, unsigned tools, int shard_index, int shard_count,
                         time_t started)
{
    char host[256], date[32], shard[48];
    host_name(host);
    audit_header_time(started, date);
    snprintf(shard, sizeof shard, "%d/%d", shard_index, shard_count);
    /* what builds and checks the programs: a Makefile's own CC is its
     * business, the plain build is gcc's, ThreadSanitizer's clang's */
    json_t *toolchain = json_object();
    json_object_set_new(toolchain, "cc", version_of("gcc"));
    if (tools & (1u << TOOL_TSAN))
        json_object_set_new(toolchain, "tsan", version_of("clang"));
    if (tools & ((1u << TOOL_HELGRIND) | (1u << TOOL_DRD)))
        json_object_set_new(toolchain, "valgrind", version_of("valgrind"));
    json_t *h = json_pack("{s:i, s:s, s:s, s:s, s:o, s:o}", "racecheck_audit", AUDIT_HEADER_FORMAT, "version",
                          RACECHECK_VERSION, "date", date, "host", host, "options", options, "toolchain",
                          toolchain);
    json_object_set_new(h, "runs", json_pack("[{s:s, s:s, s:s}]", "shard", shard, "host", host, "date", date));
    return h;
}

int audit_header_write(const char *out_dir, json_t *header, int finished, char *err, size_t errlen)
{
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/%s", out_dir, AUDIT_HEADER_FILE);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    if (finished) {
        char date[32];
        audit_header_time(time(NULL), date);
        json_t *runs = json_object_get(header, "runs");
        json_object_set_new(json_array_get(runs, json_array_size(runs) - 1), "finished", json_string(date));
    }
    errno = 0;      /* json_dump_file may fail without setting it */
    if (json_dump_file(header, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
        unlink(tmp);
        return -1;
    }
    return 0;
}

json_t *audit_header_read(const char *out_dir, char *why, size_t whylen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", out_dir, AUDIT_HEADER_FILE);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HEADER_MAX_BYTES) {
        if (fd < 0 && errno == ENOENT)
            snprintf(why, whylen, "%s", "");
        else
            snprintf(why, whylen, "%s is not a readable audit header", path);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    json_error_t je;
    json_t *h = json_loadfd(fd, JSON_REJECT_DUPLICATES, &je);
    close(fd);
    json_t *runs = json_object_get(h, "runs"), *run;
    size_t i;
    int valid = json_is_object(h) && json_integer_value(json_object_get(h, "racecheck_audit")) == AUDIT_HEADER_FORMAT &&
                json_is_string(json_object_get(h, "version")) && json_is_string(json_object_get(h, "date")) &&
                json_is_string(json_object_get(h, "host")) && json_is_object(json_object_get(h, "options")) &&
                json_is_object(json_object_get(h, "toolchain")) && json_is_array(runs) && json_array_size(runs);
    json_array_foreach(runs, i, run)
        valid &= json_is_string(json_object_get(run, "shard")) && json_is_string(json_object_get(run, "host")) &&
                 json_is_string(json_object_get(run, "date"));
    if (!valid) {
        snprintf(why, whylen, "%s is not an audit header (%s)", path,
                 h ? "fields missing or of the wrong type" : je.text);
        json_decref(h);
        return NULL;
    }
    return h;
}

/* v without the "path" members of its objects, at any depth: what judged. */
static json_t *without_paths(json_t *v)
{
    if (json_is_object(v)) {
        json_t *c = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
            if (strcmp(k, "path"))
                json_object_set_new(c, k, without_paths(x));
        return c;
    }
    if (json_is_array(v)) {
        json_t *c = json_array(), *x;
        size_t i;
        json_array_foreach(v, i, x) json_array_append_new(c, without_paths(x));
        return c;
    }
    return json_incref(v);
}

static void shown(json_t *v, char *out, size_t len)
{
    if (json_is_real(v)) {
        snprintf(out, len, "%g", json_real_value(v));
        return;
    }
    char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    snprintf(out, len, "%.200s", s ? s : "(none)");
    free(s);
}

/* The first key of a or b (objects) whose values differ, as "KEY: A and B". */
static int first_difference(json_t *a, json_t *b, const char *prefix, char *what, size_t whatlen)
{
    json_t *both[2] = {a, b};
    for (int side = 0; side < 2; side++) {
        const char *k;
        json_t *x;
        json_object_foreach(both[side], k, x) {
            json_t *va = json_object_get(a, k), *vb = json_object_get(b, k);
            if (json_equal(va, vb) || (json_is_null(va) && !vb) || (!va && json_is_null(vb)))
                continue;
            char sa[220], sb[220];
            shown(va, sa, sizeof sa);
            shown(vb, sb, sizeof sb);
            snprintf(what, whatlen, "%s%s: %s and %s", prefix, k, sa, sb);
            return 1;
        }
    }
    return 0;
}

int audit_header_differs(json_t *a, json_t *b, char *what, size_t whatlen)
{
    const char *va = json_string_value(json_object_get(a, "version"));
    const char *vb = json_string_value(json_object_get(b, "version"));
    if (strcmp(va ? va : "", vb ? vb : "")) {
        snprintf(what, whatlen, "racecheck version: %s and %s", va ? va : "?", vb ? vb : "?");
        return 1;
    }
    json_t *oa = without_paths(json_object_get(a, "options")), *ob = without_paths(json_object_get(b, "options"));
    int differs = first_difference(oa, ob, "--", what, whatlen) ||
                  first_difference(json_object_get(a, "toolchain"), json_object_get(b, "toolchain"),
                                   "toolchain ", what, whatlen);
    json_decref(oa);
    json_decref(ob);
    return differs;
}

int audit_header_continue(json_t *header, json_t *old, char *what, size_t whatlen)
{
    if (audit_header_differs(old, header, what, whatlen))
        return 1;
    json_t *runs = json_object_get(header, "runs"), *run;
    json_t *this_run = json_array_get(runs, json_array_size(runs) - 1);
    const char *mine = json_string_value(json_object_get(this_run, "shard"));
    json_t *all = json_array();
    size_t i;
    json_array_foreach(json_object_get(old, "runs"), i, run) {
        const char *shard = json_string_value(json_object_get(run, "shard"));
        if (shard && mine && strcmp(shard, mine))
            json_array_append(all, run);
    }
    json_array_append(all, this_run);   /* old is the file as it is now: the others' runs */
    json_object_set_new(header, "runs", all);
    return 0;
}

static int by_shard(const void *x, const void *y)
{
    const char *a = json_string_value(json_object_get(*(json_t *const *)x, "shard"));
    const char *b = json_string_value(json_object_get(*(json_t *const *)y, "shard"));
    long ia = strtol(a, NULL, 10), ib = strtol(b, NULL, 10);
    return ia < ib ? -1 : ia > ib ? 1 : strcmp(a, b);
}

json_t *audit_header_merge(json_t *const *shards, size_t n, time_t now)
{
    char host[256], date[32];
    host_name(host);
    audit_header_time(now, date);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += json_array_size(json_object_get(shards[i], "runs"));
    json_t **all = calloc(total ? total : 1, sizeof *all);
    if (!all)
        abort();
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *runs = json_object_get(shards[i], "runs"), *run;
        size_t j;
        json_array_foreach(runs, j, run) all[k++] = run;
    }
    qsort(all, total, sizeof *all, by_shard);
    json_t *runs = json_array();
    for (size_t i = 0; i < total; i++)
        json_array_append(runs, all[i]);
    free(all);
    json_t *h = json_pack("{s:i, s:O, s:s, s:s, s:O, s:O, s:o}", "racecheck_audit", AUDIT_HEADER_FORMAT, "version",
                          json_object_get(shards[0], "version"), "date", date, "host", host, "options",
                          json_object_get(shards[0], "options"), "toolchain",
                          json_object_get(shards[0], "toolchain"), "runs", runs);
    json_object_set_new(h, "merged", json_true());
    return h;
}
