/* The source files racecheck builds: which language each is by its name,
 * once for check, the audit and the build. */
#ifndef RACECHECK_SOURCES_H
#define RACECHECK_SOURCES_H

#include <stddef.h>

enum source_language { SOURCE_NONE, SOURCE_C, SOURCE_CXX };

/* The language of path by its extension (.c; .cc, .cpp, .cxx, .c++, .C). */
enum source_language source_language(const char *path);
/* ".c, .cc, .cpp, ...", from the one table: for messages. */
const char *source_extensions_text(void);
/* 1 when any of the sources is C++: the program links as C++. */
int sources_have_cxx(char *const *sources, size_t n);
/* The C++ driver that goes with the C compiler cc (gcc -> g++, clang-14 ->
 * clang++-14, cc -> c++); NULL when there is no known one. */
const char *source_cxx_driver(const char *cc, char *buf, size_t len);

#endif
