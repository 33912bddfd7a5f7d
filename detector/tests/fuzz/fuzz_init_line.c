/* Fuzz target: a source line the detector reads at report time to name a
 * heap or stack lock (source_names.c). The file is the program's, so any
 * bytes: the first input byte is the column, the second the lock kind, the
 * rest the line, cut as lock_names.c cuts it. The answer is either none (an
 * empty name) or a bounded name made only of an lvalue's characters. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"
#include "report.h"

atomic_int lg_state;
void lg_init(void) {}

#define REQUIRE(cond, what)                                                               \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "fuzz property broken: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int column = data[0];
    int kind = 1 + data[1] % 5;
    char line[512];
    size_t n = size - 2 < sizeof line - 1 ? size - 2 : sizeof line - 1;
    memcpy(line, data + 2, n);
    line[n] = '\0';
    char out[LG_LVALUE_MAX + 1];
    memset(out, 'x', sizeof out);
    int rc = lg_init_call_lvalue(line, column, kind, out, sizeof out);
    if (rc != 0) {
        REQUIRE(rc == -1, "a result other than 0 and -1");
        REQUIRE(out[0] == '\0', "no name, but the buffer was left unterminated");
        return 0;
    }
    size_t len = strnlen(out, sizeof out);
    REQUIRE(len > 0 && len <= LG_LVALUE_MAX, "a name empty or longer than LG_LVALUE_MAX");
    for (size_t i = 0; i < len; i++)
        REQUIRE(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.->[]*+",
                       out[i]),
                "a character no simple lvalue has");
    return 0;
}
