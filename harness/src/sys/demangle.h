/* C++ names as a reader wrote them: "_ZL7counter" -> "counter",
 * "_ZN4bank7balanceE" -> "bank::balance". Tools that print symbol names
 * without demangling them (Helgrind's data symbols) go through this. */
#ifndef RACECHECK_DEMANGLE_H
#define RACECHECK_DEMANGLE_H

#include <stddef.h>

/* The demangled name in buf, or name itself when it is no C++ name. */
const char *demangle(const char *name, char *buf, size_t len);

#endif
