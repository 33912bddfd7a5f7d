/* --graph=FILE: checked and opened before the program runs, so a bad name or
 * a folder that cannot take it fails at once, not after the run; written
 * after it, even when the run deadlocked or was stopped at its time limit
 * (from whatever graph the detector got to write). */
#include "cli/graph_output.h"
#include "reports/lock_graph_draw.h"
#include "sys/exit_status.h"

#include <stdlib.h>

int cli_graph_open(const struct cli_command *cmd, const char *path, FILE **out, int *format)
{
    *out = NULL;
    *format = lock_graph_format_of(path);
    if (*format < 0)
        return cli_error(cmd, "--graph: %s: the extension says the format: .dot, .svg or .png", path);
    *out = cli_output_open(path);
    return *out ? 0 : EXIT_TOOL_FAILED;
}

int cli_graph_close(FILE *out, const char *path, int format, const char *dot_path)
{
    char note[300];
    size_t len = 0;
    char *bytes = lock_graph_for_file(dot_path, (enum lock_graph_format)format, &len, note, sizeof note);
    if (!bytes) {
        cli_output_discard(out, path);
        fprintf(stderr, "racecheck: error: cannot write %s: %s\n", path, note);
        return EXIT_TOOL_FAILED;
    }
    int failed = fwrite(bytes, 1, len, out) != len;
    free(bytes);
    int rc = cli_output_close(out, path, failed);
    if (!rc && note[0])
        fprintf(stderr, "racecheck: warning: %s: %s\n", path, note);
    return rc;
}

void cli_graph_discard(FILE *out, const char *path)
{
    if (out)
        cli_output_discard(out, path);
}
