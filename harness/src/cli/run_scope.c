/* What racecheck run does not look for, said once at the end of its text
 * report: the detector watches locks and threads, not memory, so a run
 * without findings says nothing about data races. Only racecheck run says
 * it: racecheck check runs TSan and Helgrind for those, and a detector
 * preloaded by hand prints only what it found. */
#include "cli/commands.h"

#include <stdio.h>

const char run_scope_note[] =
    "lockgraph checks lock order, deadlocks, hangs and pthread misuse, but not data races: "
    "use `racecheck check` for those";

void run_say_scope(FILE *out)
{
    fprintf(out, "racecheck: note: %s\n", run_scope_note);
    fflush(out);
}
