/* Parser for the lockgraph detector's JSON report (LOCKGRAPH_OPTIONS=format=json,
 * `racecheck run --format=json`): DESIGN.md's report with, per finding, kind,
 * summary, locations (the program's own frames, one per stack), stacks and locks. */
#ifndef RACECHECK_LOCKGRAPH_PARSE_H
#define RACECHECK_LOCKGRAPH_PARSE_H

#include <stddef.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"

/* What the report said about itself (optional output of lockgraph_parse_json_ex). */
struct lockgraph_info {
    int truncated;          /* 1: the document was cut off; the findings are those
                               complete before the cut */
    int complete;           /* 1: whole document read and it says "complete": true
                               (the detector writes false while the program runs) */
    long pid;               /* the watched process, 0 when absent */
    int nwarnings;          /* the detector's "warnings" (coverage reduced, ...) */
    char warnings[8][256];  /* the first 8, each cut to 255 bytes */
};

/* Parses the detector's JSON report in text[0..len) (need not be NUL-terminated).
 * Text before the document (other stderr output) and after it is ignored: the
 * document starts at the first '{' followed by "racecheck". Invalid UTF-8
 * bytes are read as '?'.
 *
 * Appends one finding per element of "findings" with a known kind (others are
 * skipped), tool TOOL_LOCKGRAPH, runs[TOOL_LOCKGRAPH] = 1, the report's
 * summary (the kind's name when absent), "level": "note" as a proven note
 * with its "note" (what lockgraph ruled out), and its "locations" in order, without
 * repeats; an empty "file" or a "function" of "" or "??" becomes NULL, a line
 * that is not a positive integer becomes 0. When filter is not NULL, locations
 * that frame_is_program() rejects are dropped, unless that would drop all of
 * them. Returns the number of findings appended.
 *
 * A document cut off (a killed run, a full disk) still yields every finding
 * complete before the cut, if the cut is after the start of "findings".
 * Returns -1 and appends nothing when there is no such document: empty input,
 * garbage, another JSON document, a "racecheck" version other than 1, no
 * "findings" array. Never crashes on any input. */
int lockgraph_parse_json(const char *text, size_t len, const struct frame_filter *filter,
                         struct finding_list *out);

/* The same, and fills *info (which may be NULL) also when it returns -1. */
int lockgraph_parse_json_ex(const char *text, size_t len, const struct frame_filter *filter,
                            struct finding_list *out, struct lockgraph_info *info);

#endif
