/* Submission "prober": writes to and reads from every place outside its own
 * folder it can name: the host's /etc, $HOME, /work, /root, the class folder,
 * the output folder and the host's /tmp (PROBE_DIRS, ':'-separated, set by
 * sandbox.test), and the files PROBE_READ names. Each attempt's outcome goes
 * to standard error ("write PATH: Read-only file system"), so the report's
 * output tail shows what it tried; what it could read goes to standard
 * output, so a leak would reach the reports. Its exit status is 0 either
 * way: the verdict stays clean. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void try_write(const char *path)
{
    FILE *f = fopen(path, "a");
    if (f) {
        fprintf(stderr, "write %s: WROTE\n", path);
        fclose(f);
    } else {
        fprintf(stderr, "write %s: %s\n", path, strerror(errno));
    }
}

static void try_read(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "read %s: %s\n", path, strerror(errno));
        return;
    }
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    printf("read %s: %s\n", path, buf);
    fclose(f);
}

static void each(const char *list, void (*fn)(const char *), const char *file)
{
    char copy[8192], path[8400];
    snprintf(copy, sizeof copy, "%s", list ? list : "");
    for (char *save, *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, sizeof path, "%s%s%s", d, file ? "/" : "", file ? file : "");
        fn(path);
    }
}

int main(void)
{
    each(getenv("PROBE_DIRS"), try_write, "probe-was-here.txt");
    each(getenv("PROBE_READ"), try_read, NULL);
    try_read("/etc/shadow");
    try_write("/etc/passwd");
    return 0;
}
