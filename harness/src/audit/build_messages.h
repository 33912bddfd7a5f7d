/* What a failed build may show in an audit's reports: the compiler's
 * diagnostics about the submission's own files and nothing else. A Makefile
 * prints what it likes (a host file, say); only lines in a compiler's or
 * make's own formats that name a file of the submission pass, each
 * diagnostic's source line only when it is that file's real line. */
#ifndef RACECHECK_BUILD_MESSAGES_H
#define RACECHECK_BUILD_MESSAGES_H

#include <stddef.h>

#define BUILD_MESSAGES_MAX_LINES 8

/* Filters text (a build's standard error, its first line possibly prefixed
 * "COMMAND: ") into out: at most max_lines lines of at most 240 bytes. A
 * path names the submission when, with one of the prefixes (its private
 * copies, absolute) taken off, it is a relative path of a file under root.
 * Returns the number of lines kept (0: out is ""). */
int build_messages_keep(const char *text, const char *root, const char *const *prefixes,
                        int nprefixes, int max_lines, char *out, size_t len);

/* s made safe to show and to put in JSON, in place: a byte that is not valid
 * UTF-8, and every control character but newline and tab, becomes '?'. */
void text_make_safe(char *s);

#endif
