/* Command lines a user can paste into a shell (a replay command). */
#ifndef RACECHECK_SHELL_WORDS_H
#define RACECHECK_SHELL_WORDS_H

#include <stddef.h>

/* Appends a space and word to line (of len bytes), single-quoted unless it
 * has nothing a shell would split or expand; cut at len. */
void shell_append_word(char *line, size_t len, const char *word);

#endif
