/* The arguments of racecheck check that make an explored run happen again:
 * what builds and runs the program the same way, quoted for a shell. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes a space and word, single-quoted when a shell would split or
 * expand it. */
static void append_word(FILE *m, const char *word)
{
    int plain = *word != '\0';
    for (const char *p = word; *p && plain; p++)
        plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+%@", *p) != NULL;
    fputc(' ', m);
    if (plain) {
        fputs(word, m);
        return;
    }
    fputc('\'', m);
    for (const char *p = word; *p; p++)
        fputs(*p == '\'' ? "'\\''" : (char[2]){*p, 0}, m);
    fputc('\'', m);
}

char *cli_replay_args(const struct cli_args *a)
{
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m)
        abort();
    /* lockgraph alone replays a schedule; the build and the run as given */
    append_word(m, "--tools=lockgraph");
    static const enum cli_option_id same[] = {OPT_TIMEOUT, OPT_STDIN, OPT_CC, OPT_CFLAGS, OPT_LDFLAGS};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        const char *v = cli_is_set(a, same[i]) ? cli_text(a, same[i]) : NULL;
        char word[4200];
        if (v) {
            snprintf(word, sizeof word, "--%s=%s", cli_options[same[i]].name, v);
            append_word(m, word);
        }
    }
    for (int i = 0; i < a->noperands; i++)
        append_word(m, a->operands[i]);
    if (a->has_rest) {
        append_word(m, "--");
        for (int i = 0; i < a->nrest; i++)
            append_word(m, a->rest[i]);
    }
    fclose(m);
    return line;    /* starts with a space */
}
