/* Where a command's report goes (--output=FILE, else standard output). The
 * file is opened before the work, so a path that cannot be written fails at
 * once rather than after minutes of checking; a report that cannot be
 * written whole is exit 3, like any other failure to deliver a verdict. */
#include "cli/cli.h"
#include "sys/exit_status.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

FILE *cli_output_open(const char *path)
{
    if (!path)
        return stdout;
    FILE *out = fopen(path, "w");
    if (!out)
        fprintf(stderr, "racecheck: error: cannot write %s: %s\n", path, strerror(errno));
    return out;
}

int cli_output_close(FILE *out, const char *path, int failed)
{
    int bad = failed || ferror(out);
    errno = 0;
    int closed = out == stdout ? fflush(out) : fclose(out);
    int err = closed != 0 ? errno : 0;     /* a buffered write may fail only here */
    if (!bad && closed == 0)
        return 0;
    fprintf(stderr, "racecheck: error: cannot write %s%s%s\n",
            path ? path : "the report to standard output", err ? ": " : "", err ? strerror(err) : "");
    return EXIT_TOOL_FAILED;
}

void cli_output_discard(FILE *out, const char *path)
{
    if (out == stdout)
        return;
    fclose(out);
    unlink(path);
}
