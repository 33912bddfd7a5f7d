/* Fuzz target: the acquisition trace that racecheck run --trace=FILE.svg
 * draws (reports/trace_timeline.c), written inside the watched program and
 * so untrusted. Whatever the bytes, drawing ends with a picture or a one-line
 * error, and no markup from the input reaches the picture. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_findings.h"
#include "reports/trace_timeline.h"

static char dir[] = "/tmp/fuzz-trace-XXXXXX";
static char in[64], out[64];

static void cleanup(void)
{
    unlink(in);
    unlink(out);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!in[0]) {
        if (!mkdtemp(dir))
            abort();
        snprintf(in, sizeof in, "%s/in.json", dir);
        snprintf(out, sizeof out, "%s/out.svg", dir);
        atexit(cleanup);
    }
    int fd = open(in, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_REQUIRE(fd >= 0 && write(fd, data, size) == (ssize_t)size, "cannot write the input");
    close(fd);
    unlink(out);
    char err[512] = "";
    if (trace_timeline_write(in, out, size % 2 == 1, err, sizeof err) != 0) {
        fuzz_check_error(err);
        return 0;
    }
    FILE *f = fopen(out, "r");
    FUZZ_REQUIRE(f != NULL, "drawn, but no picture");
    static char svg[1 << 22];
    size_t n = fread(svg, 1, sizeof svg - 1, f);
    fclose(f);
    svg[n] = '\0';
    FUZZ_REQUIRE(strstr(svg, "</svg>") != NULL, "a picture cut short");
    /* text from the trace is escaped: no element of its making */
    FUZZ_REQUIRE(!strstr(svg, "<script") && !strstr(svg, "<img") && !strstr(svg, "<foreignObject") &&
                     !strstr(svg, "<a ") && !strstr(svg, "<iframe"),
                 "markup from the trace reached the picture");
    return 0;
}
