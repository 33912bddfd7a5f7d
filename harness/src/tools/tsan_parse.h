/* Parser for ThreadSanitizer's text reports. */
#ifndef RACECHECK_TSAN_PARSE_H
#define RACECHECK_TSAN_PARSE_H

#include <stddef.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"

/* Parses the text ThreadSanitizer writes (stderr or log_path files, possibly
 * several reports, other output interleaved, possibly truncated mid-report
 * because the program was killed). Appends one finding per complete report to
 * out, with tool TOOL_TSAN, and returns how many it appended. A report is
 * complete when its "SUMMARY: ThreadSanitizer:" line, its closing "====" line
 * or the next report's WARNING line was seen; a report cut off before that is
 * dropped. Text that is not TSan output yields 0. Never crashes on any input.
 * filter may be NULL (then system/runtime frames are skipped by path). */
int tsan_parse(const char *text, size_t len, const struct frame_filter *filter,
               struct finding_list *out);

/* 1 when the text (a log or stderr of a TSan run) says ThreadSanitizer itself
 * broke: a CHECK failure, memory it could not map or allocate. why gets its
 * message's line (cut to size). */
int tsan_broke(const char *text, size_t len, char *why, size_t size);

#endif
