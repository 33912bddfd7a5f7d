/* OUT/audit.json: what judged a class, so a grader can defend a verdict. It
 * names the racecheck version, when and where the audit ran (UTC, ISO 8601;
 * the host), every option that can change a verdict or a score (a file or
 * folder by the SHA-256 of its content) and the toolchain that built and
 * checked the programs:
 *
 *   {"racecheck_audit": 1, "version": "1.4.0",
 *    "date": "2026-12-07T14:20:00Z", "host": "node1",
 *    "options": {"tools": "lockgraph,tsan,helgrind", "timeout": 30, ...,
 *                "overlay": {"path": "/abs/dir", "sha256": "..."}},
 *    "toolchain": {"cc": "gcc (Debian 12.2.0-14) 12.2.0", ...},
 *    "runs": [{"shard": "1/1", "host": "node1", "date": "...", "finished": "..."}]}
 *
 * An audit writes one run; racecheck merge joins shards whose version,
 * options and toolchain agree (paths aside: the same file may live elsewhere
 * on another machine) and lists every shard's run. The summaries show it
 * (summary/summary_header.c). */
#ifndef RACECHECK_AUDIT_HEADER_H
#define RACECHECK_AUDIT_HEADER_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#define AUDIT_HEADER_FILE "audit.json"
#define AUDIT_HEADER_FORMAT 1

/* "2026-12-07T14:20:00Z" */
void audit_header_time(time_t t, char out[32]);

/* The SHA-256 of a file's content, or of a folder's tree (each entry's type,
 * relative path and content or link target, sorted; links are not followed),
 * as 64 hex digits; 0, or -1 with a one-line reason. */
int audit_sha256_file(const char *path, char hex[65], char *err, size_t errlen);
int audit_sha256_tree(const char *path, char hex[65], char *err, size_t errlen);

/* A new header: options (consumed) as the command line gave them, the
 * toolchain of the tools (bits of enum tool_id) probed now, this run's shard
 * and its start. */
json_t *audit_header_new(json_t *options, unsigned tools, int shard_index, int shard_count,
                         time_t started);
/* Writes out_dir/audit.json, the run's "finished" set to now; 0 or -1 with err. */
int audit_header_write(const char *out_dir, json_t *header, int finished, char *err, size_t errlen);

/* out_dir/audit.json (never through a link), checked to be a header; NULL
 * with a one-line reason (why is "" when the file is just not there). */
json_t *audit_header_read(const char *out_dir, char *why, size_t whylen);

/* 0 when a and b judged alike (version, options without paths, toolchain);
 * else 1 with the first difference in what ("--timeout: 10 and 30"). */
int audit_header_differs(json_t *a, json_t *b, char *what, size_t whatlen);

/* An audit into an output folder another audit wrote (shards sharing one):
 * 1 with what differs when old was judged otherwise; else 0, and header's
 * runs are old's (but a run of the same shard, which this one redoes) and
 * then this run (header's last); call again with the file as it is later. */
int audit_header_continue(json_t *header, json_t *old, char *what, size_t whatlen);

/* The header of a merge of shards[0..n) (alike, as above): the first's
 * version, options and toolchain, every shard's runs sorted by shard, and
 * the merge's own date and host. */
json_t *audit_header_merge(json_t *const *shards, size_t n, time_t now);

#endif
