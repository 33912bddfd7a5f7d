/* The exit codes DESIGN.md fixes; every layer returns them. */
#ifndef RACECHECK_EXIT_STATUS_H
#define RACECHECK_EXIT_STATUS_H

enum {
    EXIT_CLEAN = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_TOOL_FAILED = 3,
};

#endif
