#include "sys/demangle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The C++ runtime's demangler (libstdc++, cxxabi.h), declared for C. */
extern char *__cxa_demangle(const char *mangled, char *out, size_t *len, int *status);

const char *demangle(const char *name, char *buf, size_t len)
{
    if (!name || strncmp(name, "_Z", 2))
        return name;
    int status = 0;
    char *plain = __cxa_demangle(name, NULL, NULL, &status);
    if (!plain || status != 0) {
        free(plain);
        return name;
    }
    snprintf(buf, len, "%s", plain);
    free(plain);
    return buf;
}
