/* racecheck audit: every submission of a class directory, each built and
 * checked by a worker process in its own sandbox (audit_worker.c), the
 * results written to OUT/submissions/<name>/ (audit_output.c), listed and
 * shared out by audit_list.c; cmd_audit.c drives it all. */
#ifndef RACECHECK_AUDIT_H
#define RACECHECK_AUDIT_H

#include <jansson.h>
#include <stddef.h>

struct rubric;
struct suppressions;

struct audit_options {
    unsigned tools;
    double timeout;             /* each tool run (check's --timeout) */
    double build_timeout;       /* each build (make, or the compiler) */
    const char *args;           /* the program's arguments, split on spaces */
    const char *stdin_path;
    const char *make_target, *binary;
    const char *output;
    int jobs;                   /* submissions at once */
    int tool_jobs;              /* tool runs at once inside one submission */
    int shard_index, shard_count;
    int sandbox;                /* 0: --no-sandbox */
    long max_processes;         /* per submission */
    long file_size_mb;
    long tmp_mb;                /* the private /tmp */
    long memory_mb;             /* resident memory of all its processes together */
    int explore;                /* --explore=N: seeds per submission; 0: none */
    const char *overlay;        /* --overlay=DIR: the instructor's files, or NULL */
    const char *cgroup;         /* the worker's cgroup v2 group (cgroup_limits.h), or NULL */
    int count_notes;            /* --count-notes: notes count as findings */
    const struct suppressions *suppressions;  /* --suppressions, loaded (maybe none) */
    const struct rubric *rubric;  /* --rubric, loaded; NULL: the default rubric */
};

/* One submission: its safe name and where it is. */
struct submission {
    char name[256];
    char path[4096];
};

/* The submissions of dir (sorted by entry name, then this shard's share):
 * every subdirectory and every loose .c file, hidden entries and the output
 * directory left out. Returns the count, or -1 with a reason in err. */
long audit_list(const char *dir, const char *skip_path, int shard_index, int shard_count,
                struct submission **out, char *err, size_t errlen);

/* The worker: the hidden command the audit starts once per submission
 * ("racecheck audit --worker=SLOT [OPTIONS] -- NAME PATH"). Builds and checks
 * the submission inside the sandbox and prints one JSON document on standard
 * output: {"report": {...}, "text": "...", "dot": "..." or null,
 * "gradescope": {...}} (the results.json of reports/report_gradescope.c). */
int audit_worker(const struct audit_options *o, int slot, const char *name, const char *path);

/* Writes OUT/submissions/<name>/report.json, report.txt, results.json
 * (Gradescope's) and lockgraph.dot from a worker's document; a malformed one
 * is written as audit_write_error's. 0 or -1 with err. */
int audit_write_result(const char *sub_dir, const char *name, json_t *doc, const struct rubric *rubric,
                       char *err, size_t errlen);
/* The same for a submission the worker could not judge: verdict error, reason
 * one line, scored by rubric (NULL: the default) as a program that did not build. */
int audit_write_error(const char *sub_dir, const char *name, const char *reason,
                      const struct rubric *rubric, char *err, size_t errlen);

/* The report document of a check (JSON report with "submission", "sandbox"
 * and a one-line "error" added) as the worker prints it. */
struct report;
struct sandbox_status;
json_t *audit_report_json(const struct report *r, const char *name,
                          const struct sandbox_status *sb, const char *one_line_error);
/* Gradescope's results.json of r (report_write_gradescope, scored by
 * r->rubric) as a document; JSON null when it could not be written. */
json_t *audit_gradescope_json(const struct report *r);

#endif
