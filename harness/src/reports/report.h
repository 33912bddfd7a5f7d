/* The report model of `racecheck check`: the target, how each tool run went,
 * the merged findings and the verdict; and the writers of its four formats
 * (report_text.c, report_json.c, report_sarif.c, report_junit.c). */
#ifndef RACECHECK_REPORT_H
#define RACECHECK_REPORT_H

#include <stdio.h>

#include "findings/finding.h"

struct rubric;

struct tool_run {
    enum tool_id tool;
    const char *status;  /* "ran", "skipped", "timeout", "stopped" or "failed" (DESIGN.md) */
    const char *reason;  /* why skipped/failed/timeout; may be NULL */
    int exit_status;     /* the tool's (program's) exit status */
    double seconds;      /* wall time, all runs */
    int runs;            /* runs done (--repeat); 0 is read as report.repeat */
};

struct report {
    const char *target;         /* FILE.c or the program, as given */
    const char *verdict;        /* "clean", "buggy", "error"; NULL: report_verdict() */
    const char *error_message;  /* the build failed / bad input; NULL when none */
    struct tool_run tools[TOOL_COUNT];
    int ntools;
    struct finding_list findings;  /* merged (merge_findings) and sorted (findings_sort) */
    int repeat;                    /* --repeat N; 0 or 1 for one run */
    const char *baseline;          /* --baseline FILE the findings were compared with; NULL */
    const struct rubric *rubric;   /* --rubric: how gradescope scores it; NULL: the default */
    struct {                       /* schedule exploration (engine/explore.c) */
        int count;                 /* seeds planned; 0: none */
        int seeds_run;             /* of those, run (the rest stopped after a failure) */
        const char *schedule;      /* NULL: pct */
        long failed_seed;          /* valid when failed_schedule[0] */
        char failed_schedule[32];
    } explore;
};

/* A report with no tools and no findings. The report does not own target or
 * any string of a tool_run; it owns findings (report_free). */
void report_init(struct report *r, const char *target);
void report_free(struct report *r);

/* Sets the entry of tool (adding it when absent, in call order) and returns
 * it; exit_status, seconds and runs start at 0 for a new entry. */
struct tool_run *report_set_tool(struct report *r, enum tool_id tool, const char *status,
                                 const char *reason);
/* The entry of tool, NULL when the report has none. */
const struct tool_run *report_tool(const struct report *r, enum tool_id tool);

/* 1 when the run looked at the program: status "ran", "timeout" or "stopped"
 * (what a run found until it was stopped counts; "not found by" names only
 * such tools). */
int tool_run_looked(const struct tool_run *t);
/* 1 when some tool ran the program (0: it did not build, or nothing ran). */
int report_program_ran(const struct report *r);
/* 1 when tool can report findings of kind at all (its declaration's sees,
 * tools/NAME.c); "not found by" names only those. */
int tool_detects(enum tool_id tool, enum finding_kind kind);
/* 1 when the run did not get to its end: "failed", "timeout" or "stopped". */
int tool_run_unfinished(const struct tool_run *t);

/* "error" when error_message is set (the build failed); else "buggy" when
 * there is any finding that counts (an error, not waived by a suppression
 * or the baseline); else "clean" when every tool ran to its end or was
 * skipped by design, and at least one ran; else "error".
 * Computed: r->verdict is not read. */
const char *report_verdict(const struct report *r);
/* Why the verdict is "error", one line (the build error, or which tools did
 * not finish and why); "" for another verdict. */
void report_error_text(const struct report *r, char *out, size_t len);
/* r->verdict when set, else report_verdict(r): what the writers print. */
const char *report_effective_verdict(const struct report *r);

/* DESIGN.md's exit code: 3 when the verdict is "error", 1 when "buggy" (a
 * finding outranks a tool that failed beside it), 0 when "clean". */
int report_exit_code(const struct report *r);

/* How many findings count for the verdict, and how many are waived by
 * WAIVER_SUPPRESSED / WAIVER_BASELINE. */
size_t report_counted_findings(const struct report *r);
/* How many notes (level note, not waived): shown, never counted. */
size_t report_note_count(const struct report *r);
size_t report_waived_findings(const struct report *r, enum finding_waiver waiver);

/* The explanation of each finding kind, for students and for SARIF rules:
 * the one table (report.c). Unknown kinds give "" and "warning". */
const char *report_kind_title(enum finding_kind kind);        /* one line */
const char *report_kind_explanation(enum finding_kind kind);  /* one paragraph: what it is */
const char *report_kind_help(enum finding_kind kind);         /* how to fix it */
/* One line: what the kind is (the README table, the man page). */
const char *report_kind_meaning(enum finding_kind kind);
const char *report_kind_level(enum finding_kind kind);        /* SARIF "error" or "warning" */

/* Writers. Each writes the whole report to out and returns 0, or -1 when
 * writing failed. Strings that are not valid UTF-8 are written with '?' for
 * the bad bytes. */
int report_write_text(FILE *out, const struct report *r);
int report_write_json(FILE *out, const struct report *r);
int report_write_sarif(FILE *out, const struct report *r);
int report_write_junit(FILE *out, const struct report *r);
/* Gradescope's autograder results.json, scored by r->rubric (NULL: the
 * default rubric, reports/rubric.h). */
int report_write_gradescope(FILE *out, const struct report *r);

/* Parts JSON and SARIF write alike (jansson json_t *; report_json.c):
 * {"TOOL": runs that saw f} with --repeat, and f's replay
 * {"schedule", "seed", "command"}. */
struct json_t *report_json_runs(const struct report *r, const struct finding *f);
struct json_t *report_json_replay(const struct finding *f);

/* By format name ("text", "json", "sarif", "junit", "gradescope"); -2 for an
 * unknown name. */
int report_write(FILE *out, const struct report *r, const char *format);

/* Helpers shared by the writers. */
/* The length of the valid UTF-8 sequence at p (1 for ASCII), 0 when it is
 * invalid or p is at the terminating NUL (jansson's rules). */
size_t report_utf8_len(const unsigned char *p);
/* A malloc'd copy of s with invalid UTF-8 bytes, and controls other than
 * tab and newline, replaced by '?'; NULL for NULL. */
char *report_clean_text(const char *s);
/* The number of runs of tool t that saw f, and out of how many runs. */
unsigned report_runs_of(const struct report *r, const struct finding *f, enum tool_id t);
int report_runs_total(const struct report *r, enum tool_id t);
/* A malloc'd copy of path lexically normalised ("a/../b" is "b", "./"
 * dropped), relative to the working directory when it lies under it, else
 * absolute; NULL for NULL. Every printer shows paths through it. */
char *report_relative_path(const char *path);

#endif
