/* The class summary of `racecheck audit` and `racecheck merge`: reads every
 * OUT/submissions/<name>/report.json (and results.json for a score) and
 * OUT/audit.json (what judged them), and writes OUT/summary.csv,
 * OUT/summary-header.csv, OUT/summary.md and OUT/summary.html (summary_load.c,
 * summary_header.c, summary_csv.c, summary_md.c, summary_html.c; the lock
 * graph is drawn by reports/lock_graph_draw.c, beside each report as
 * lockgraph.svg). */
#ifndef RACECHECK_SUMMARY_H
#define RACECHECK_SUMMARY_H

#include <stddef.h>

/* Writes the summary files of out_dir from out_dir/submissions/. A
 * missing or malformed report.json shows as verdict "error", reason
 * "unreadable report"; it does not fail the call. Returns 0, or -1 with a
 * one-line message in err (out_dir unreadable, a file could not be written). */
int summary_write(const char *out_dir, char *err, size_t errlen);

/* The same, also giving how many submissions are clean, buggy and error (in
 * that order), e.g. for an exit code. */
enum { SUMMARY_CLEAN, SUMMARY_BUGGY, SUMMARY_ERROR, SUMMARY_VERDICTS };
int summary_write_verdicts(const char *out_dir, unsigned verdicts[SUMMARY_VERDICTS], char *err,
                           size_t errlen);

#endif
