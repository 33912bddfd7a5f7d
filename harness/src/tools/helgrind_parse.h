/* Parser for Valgrind Helgrind's XML output (--xml=yes, protocol version 4). */
#ifndef RACECHECK_HELGRIND_PARSE_H
#define RACECHECK_HELGRIND_PARSE_H

#include <stddef.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"

/* Parses Valgrind's --xml=yes output with libxml2's streaming reader.
 * Appends one finding (tool TOOL_HELGRIND) per complete <error>, plus one
 * KIND_CRASH finding per complete <fatal_signal> (the program died of a
 * signal), and returns how many it appended; 0 for none or for input that is
 * not Valgrind XML. A file cut off because the run was killed still yields
 * every <error> closed before the cut; the element being written at the cut
 * is dropped, and so is everything after the first XML syntax error.
 * Never crashes on any input. filter may be NULL. */
int helgrind_parse_xml(const char *xml, size_t len, const struct frame_filter *filter,
                       struct finding_list *out);

#endif
