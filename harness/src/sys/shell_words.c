#include "sys/shell_words.h"

#include <stdio.h>
#include <string.h>

#define PLAIN "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+%@"

void shell_append_word(char *line, size_t len, const char *word)
{
    size_t n = strlen(line);
    if (word[0] && strspn(word, PLAIN) == strlen(word)) {
        snprintf(line + n, len - n, " %s", word);
        return;
    }
    snprintf(line + n, len - n, " '");
    for (const char *p = word; *p && (n = strlen(line)) + 5 < len; p++)
        snprintf(line + n, len - n, *p == '\'' ? "'\\''" : "%c", *p);
    n = strlen(line);
    snprintf(line + n, len - n, "'");
}
