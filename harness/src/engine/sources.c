#include "engine/sources.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *suffix;
    enum source_language language;
} suffixes[] = {
    {".c", SOURCE_C}, {".cc", SOURCE_CXX}, {".cpp", SOURCE_CXX}, {".cxx", SOURCE_CXX},
    {".c++", SOURCE_CXX}, {".C", SOURCE_CXX},
};

static char extensions_text[64];

static void make_extensions_text(void)
{
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        snprintf(extensions_text + strlen(extensions_text), sizeof extensions_text - strlen(extensions_text),
                 "%s%s", i ? ", " : "", suffixes[i].suffix);
}

const char *source_extensions_text(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;     /* the audit's workers are threads */
    pthread_once(&once, make_extensions_text);
    return extensions_text;
}

enum source_language source_language(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return SOURCE_NONE;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (!strcmp(dot, suffixes[i].suffix))
            return suffixes[i].language;
    return SOURCE_NONE;
}

int sources_have_cxx(char *const *sources, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (source_language(sources[i]) == SOURCE_CXX)
            return 1;
    return 0;
}

const char *source_cxx_driver(const char *cc, char *buf, size_t len)
{
    /* the driver's name, with its directory and version suffix kept */
    static const char *const pairs[][2] = {{"clang", "clang++"}, {"gcc", "g++"}, {"cc", "c++"}};
    const char *base = strrchr(cc, '/');
    base = base ? base + 1 : cc;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        size_t k = strlen(pairs[i][0]);
        if (!strncmp(base, pairs[i][0], k) && (base[k] == '\0' || base[k] == '-')) {
            snprintf(buf, len, "%.*s%s%s", (int)(base - cc), cc, pairs[i][1], base + k);
            return buf;
        }
    }
    return NULL;
}
