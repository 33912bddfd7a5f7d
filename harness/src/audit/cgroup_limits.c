#include "audit/cgroup_limits.h"
#include "audit/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int write_text(const char *dir, const char *file, const char *text)
{
    char path[4400];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return sandbox_write_file(path, text);
}

static int read_text(const char *dir, const char *file, char *out, size_t len)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(out, 1, len - 1, f);
    out[n] = '\0';
    fclose(f);
    return 0;
}

/* 1 when the space-separated list has word */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
            return 1;
    return 0;
}

/* The value of "key N" in a flat-keyed file (memory.events), or 0. */
static long long event_count(const char *dir, const char *file, const char *key)
{
    char text[2048];
    if (read_text(dir, file, text, sizeof text) != 0)
        return 0;
    size_t n = strlen(key);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (!strncmp(line, key, n) && line[n] == ' ')
            return atoll(line + n + 1);
    return 0;
}

static int find_mount(char *out, size_t len)
{
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (!f)
        return -1;
    char line[4096];
    int found = -1;
    while (found && fgets(line, sizeof line, f)) {
        /* ID PARENT MAJ:MIN ROOT MOUNT OPTIONS [TAGS...] - TYPE SOURCE SUPER */
        char mnt[4096], *dash = strstr(line, " - ");
        if (dash && !strncmp(dash + 3, "cgroup2 ", 8) &&
            sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1) {
            snprintf(out, len, "%s", mnt);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

static int find_self(char *out, size_t len)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return -1;
    char line[4096];
    int found = -1;
    while (found && fgets(line, sizeof line, f)) {
        if (!strncmp(line, "0::", 3)) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(out, len, "%s", line + 3);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

void cgroup_base_probe(const char *cgroup_root, const char *self, struct cgroup_base *b)
{
    memset(b, 0, sizeof *b);
    char mnt[4096], own[4096], text[1024];
    if (cgroup_root)
        snprintf(mnt, sizeof mnt, "%s", cgroup_root);
    if (self)
        snprintf(own, sizeof own, "%s", self);
    if ((!cgroup_root && find_mount(mnt, sizeof mnt) != 0) || (!self && find_self(own, sizeof own) != 0)) {
        snprintf(b->why, sizeof b->why, "no cgroup v2 file system here");
        return;
    }
    if (snprintf(b->dir, sizeof b->dir, "%.2000s%.2000s", mnt, strcmp(own, "/") ? own : "") >= (int)sizeof b->dir - 100) {
        snprintf(b->why, sizeof b->why, "the cgroup's path is too long");
        return;
    }
    if (read_text(b->dir, "cgroup.controllers", text, sizeof text) != 0 || !has_word(text, "memory") ||
        !has_word(text, "pids")) {
        snprintf(b->why, sizeof b->why, "cgroup v2 offers no memory and pids controllers to this cgroup");
        return;
    }
    if (access(b->dir, W_OK) != 0) {
        snprintf(b->why, sizeof b->why, "this cgroup is not delegated to racecheck's user");
        return;
    }
    if (read_text(b->dir, "cgroup.subtree_control", text, sizeof text) == 0 && has_word(text, "memory") &&
        has_word(text, "pids")) {
        b->usable = 1;
        return;
    }
    /* the audit moves into a leaf of its own, so its group may give its
     * children controllers; back where it was if that is refused */
    char leaf[4400];
    snprintf(leaf, sizeof leaf, "%s/racecheck-%ld", b->dir, (long)getpid());
    if (mkdir(leaf, 0755) != 0 || write_text(leaf, "cgroup.procs", "0") != 0) {
        snprintf(b->why, sizeof b->why, "cannot make a cgroup of its own: %s", strerror(errno));
        rmdir(leaf);
        return;
    }
    if (write_text(b->dir, "cgroup.subtree_control", "+memory +pids") != 0) {
        snprintf(b->why, sizeof b->why, "cannot enable the memory and pids controllers: %s (%s)",
                 strerror(errno), errno == EBUSY ? "other processes share racecheck's cgroup" : "not delegated");
        (void)!write_text(b->dir, "cgroup.procs", "0");
        rmdir(leaf);
        return;
    }
    b->usable = 1;
}

int cgroup_make(struct cgroup_base *b, long id, long memory_mb, long processes, char *path, size_t len)
{
    if (!b->usable)
        return -1;
    snprintf(path, len, "%s/racecheck-%ld-%ld", b->dir, (long)getpid(), id);
    char value[64];
    if (mkdir(path, 0755) != 0) {
        snprintf(b->why, sizeof b->why, "cannot make %s: %s", path, strerror(errno));
        return -1;
    }
    snprintf(value, sizeof value, "%lld", (long long)memory_mb << 20);
    int rc = write_text(path, "memory.max", value);
    /* the whole submission goes at the limit, as the memory watch does: what a
     * tool saw of a process killed half way is no finding */
    if (rc == 0)
        rc = write_text(path, "memory.oom.group", "1");
    snprintf(value, sizeof value, "%ld", processes);
    if (rc == 0)
        rc = write_text(path, "pids.max", value);
    (void)!write_text(path, "memory.swap.max", "0");    /* absent without swap accounting */
    if (rc != 0) {
        snprintf(b->why, sizeof b->why, "cannot set the limits of %s: %s", path, strerror(errno));
        rmdir(path);
        return -1;
    }
    return 0;
}

int cgroup_join(const char *path)
{
    return write_text(path, "cgroup.procs", "0");
}

void cgroup_end(const char *path, int *memory_hit, int *processes_hit)
{
    *memory_hit = event_count(path, "memory.events", "oom_kill") > 0 ||
                  event_count(path, "memory.events", "oom_group_kill") > 0;
    *processes_hit = event_count(path, "pids.events", "max") > 0;
    /* nothing of the submission outlives it (cgroup.kill: Linux 5.14) */
    if (write_text(path, "cgroup.kill", "1") != 0) {
        char procs[65536];
        if (read_text(path, "cgroup.procs", procs, sizeof procs) == 0)
            for (char *save = NULL, *l = strtok_r(procs, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
                kill((pid_t)atol(l), SIGKILL);
    }
    for (int i = 0; i < 100 && rmdir(path) != 0 && errno == EBUSY; i++) {
        struct timespec ts = {0, 20000000};
        nanosleep(&ts, NULL);
    }
}
