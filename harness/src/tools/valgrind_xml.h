/* Valgrind's XML (--xml=yes, protocol version 4), read for any Valgrind tool:
 * the tool says which finding kind each <error> is (its dialect); the
 * reading, the stacks, the locations and the summaries are shared. Also the
 * command and the reading of a Valgrind run, for the tools' declarations. */
#ifndef RACECHECK_VALGRIND_XML_H
#define RACECHECK_VALGRIND_XML_H

#include <stddef.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"
#include "tools/tool.h"

/* One <error> as a dialect sees it. */
struct valgrind_error {
    int fatal;                  /* a <fatal_signal> */
    const char *kind;           /* <kind>, "" when none */
    const char *what, *xwhat;   /* <what>, <xwhat><text>; NULL when none */
    const char *first_function; /* the innermost frame of its main stack, NULL when unknown */
};

struct valgrind_dialect {
    enum tool_id tool;          /* the findings are this tool's */
    /* the kind of a non-fatal error (a fatal signal is always a crash) */
    enum finding_kind (*classify)(const struct valgrind_error *e);
    /* why the error is only a note (not a threading bug), or NULL; may be NULL */
    const char *(*note)(const struct valgrind_error *e);
};

/* Parses Valgrind's --xml=yes output with libxml2's streaming reader.
 * Appends one finding per complete <error>, plus one KIND_CRASH finding per
 * complete <fatal_signal>, and returns how many it appended; 0 for none or
 * for input that is not Valgrind XML. A file cut off because the run was
 * killed still yields every <error> closed before the cut; the element being
 * written at the cut is dropped, and so is everything after the first XML
 * syntax error. Never crashes on any input. filter may be NULL. */
int valgrind_parse_xml(const char *xml, size_t len, const struct frame_filter *filter,
                       const struct valgrind_dialect *dialect, struct finding_list *out);

/* The command of a run under valgrind --tool=NAME --xml=yes. */
int valgrind_prepare(const struct tool_job *job, struct tool_invocation *inv, const char *tool);
/* Reads the run's XML with the dialect; -1 (failed, why in job->reason) when
 * Valgrind itself broke (valgrind_broke). */
int valgrind_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res,
                  const struct valgrind_dialect *dialect);

/* 1 when Valgrind itself broke, with its own words in why (one line): its
 * internal error, panic or out of memory on stderr; a run that ended without
 * a report (a startup error); a death by a signal that the XML does not
 * record as the program's. xml is the report (NULL when none was written). */
int valgrind_broke(const char *xml, const struct proc_result *res, char *why, size_t size);

#endif
