/* summary_write: the summary files of an audit output directory, each
 * written to a temporary name and renamed into place, so a reader never sees
 * half a file. */
#include "summary/summary.h"
#include "summary/summary_model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_one(const char *out_dir, const char *name, int (*writer)(FILE *, const struct summary *),
                     const struct summary *s, char *err, size_t errlen)
{
    char path[4096], tmp[4200];
    if (snprintf(path, sizeof path, "%s/%s", out_dir, name) >= (int)sizeof path) {
        snprintf(err, errlen, "%s: path too long", out_dir);
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *out = fopen(tmp, "w");
    if (!out) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    int bad = writer(out, s) != 0;
    bad |= fclose(out) != 0;
    if (bad || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
        unlink(tmp);
        return -1;
    }
    return 0;
}

int summary_write_verdicts(const char *out_dir, unsigned verdicts[SUMMARY_VERDICTS], char *err,
                           size_t errlen)
{
    struct summary s;
    if (summary_load(out_dir, &s, err, errlen) != 0)
        return -1;
    verdicts[SUMMARY_CLEAN] = s.verdicts[SUMMARY_CLEAN];
    verdicts[SUMMARY_BUGGY] = s.verdicts[SUMMARY_BUGGY];
    verdicts[SUMMARY_ERROR] = s.verdicts[SUMMARY_ERROR];
    int rc = 0;
    if (write_one(out_dir, "summary.csv", summary_write_csv, &s, err, errlen) != 0 ||
        write_one(out_dir, "summary-header.csv", summary_write_header_csv, &s, err, errlen) != 0 ||
        write_one(out_dir, "summary.md", summary_write_md, &s, err, errlen) != 0 ||
        write_one(out_dir, "summary.html", summary_write_html, &s, err, errlen) != 0)
        rc = -1;
    summary_free(&s);
    return rc;
}

int summary_write(const char *out_dir, char *err, size_t errlen)
{
    unsigned verdicts[SUMMARY_VERDICTS];
    return summary_write_verdicts(out_dir, verdicts, err, errlen);
}
