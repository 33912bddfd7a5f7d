/* The arguments of racecheck check that make an explored run happen again:
 * what builds and runs the program the same way, quoted for a shell. */
#include "cli/cli.h"
#include "sys/shell_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_MAX 16384

char *cli_replay_args(const struct cli_args *a)
{
    char *line = calloc(1, REPLAY_MAX);
    if (!line)
        abort();
    /* lockgraph alone replays a schedule; the build and the run as given */
    shell_append_word(line, REPLAY_MAX, "--tools=lockgraph");
    static const enum cli_option_id same[] = {OPT_TIMEOUT, OPT_STDIN, OPT_CC, OPT_CFLAGS, OPT_LDFLAGS};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char word[4200];
        if (cli_is_set(a, same[i])) {
            snprintf(word, sizeof word, "--%s=%s", cli_options[same[i]].name, cli_text(a, same[i]));
            shell_append_word(line, REPLAY_MAX, word);
        }
    }
    for (int i = 0; i < a->noperands; i++)
        shell_append_word(line, REPLAY_MAX, a->operands[i]);
    if (a->has_rest) {
        shell_append_word(line, REPLAY_MAX, "--");
        for (int i = 0; i < a->nrest; i++)
            shell_append_word(line, REPLAY_MAX, a->rest[i]);
    }
    return line;    /* starts with a space */
}
