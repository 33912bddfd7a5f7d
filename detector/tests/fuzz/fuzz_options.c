/* Fuzz target: LOCKGRAPH_OPTIONS, which the detector parses inside the
 * watched program before anything else. Whatever the text, parsing either
 * fails with one printable line (the detector writes it to the program's
 * stderr after "lockgraph: error: ") or leaves options the detector can use
 * as they are; and accepted options written back as key=value read the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockgraph.h"

/* the stand-ins test_options.c uses for what init.c would provide */
atomic_int lg_state;
void lg_init(void) {}

#define REQUIRE(cond, what)                                                               \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "fuzz property broken: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

static void check_error_is_one_line(const char *err)
{
    REQUIRE(err[0], "an error path that set no message");
    for (const unsigned char *p = (const unsigned char *)err; *p; p++)
        REQUIRE(*p >= 0x20 && *p != 0x7f, "a control byte in the error (it breaks the line)");
}

/* What the detector does with the values: it must be defined behaviour. */
static void check_usable(const struct lg_options *o)
{
    char err[256];
    struct lg_options copy = *o;
    REQUIRE(lg_options_parse(&copy, NULL, err, sizeof err) == 0,
            "accepted options that fail the range checks");
    /* waitfor.c converts hang_timeout to (uint64_t)(hang_timeout * 1e9) ns */
    REQUIRE(o->hang_timeout >= 0 && o->hang_timeout * 1e9 < 18446744073709551616.0,
            "a hang_timeout that does not fit the watchdog's nanoseconds");
    REQUIRE(memchr(o->log_path, '\0', sizeof o->log_path) &&
                memchr(o->graph_path, '\0', sizeof o->graph_path) &&
                memchr(o->format, '\0', sizeof o->format),
            "a string option without its NUL");
}

/* Writes o back as LOCKGRAPH_OPTIONS text, parses it into fresh defaults and
 * compares every field. */
static void check_round_trip(const struct lg_options *o)
{
    static char text[8192];
    size_t n = 0;
#define LG_OPT_INT(name, def, help) n += (size_t)snprintf(text + n, sizeof text - n, #name "=%ld:", o->name);
#define LG_OPT_DBL(name, def, help) n += (size_t)snprintf(text + n, sizeof text - n, #name "=%.17g:", o->name);
#define LG_OPT_STR(name, def, help) n += (size_t)snprintf(text + n, sizeof text - n, #name "=%s:", o->name);
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
    REQUIRE(n < sizeof text, "options too long to write back");
    struct lg_options back;
    char err[256];
    lg_options_defaults(&back);
    REQUIRE(lg_options_parse(&back, text, err, sizeof err) == 0,
            "accepted options that do not read back");
#define LG_OPT_INT(name, def, help) REQUIRE(back.name == o->name, #name " reads back different");
#define LG_OPT_DBL(name, def, help) REQUIRE(back.name == o->name, #name " reads back different");
#define LG_OPT_STR(name, def, help) REQUIRE(!strcmp(back.name, o->name), #name " reads back different");
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an environment variable: the text up to the first NUL */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    struct lg_options o;
    char err[256];
    lg_options_defaults(&o);
    memset(err, 0, sizeof err);
    if (lg_options_parse(&o, text, err, sizeof err) == 0) {
        check_usable(&o);
        check_round_trip(&o);
    } else {
        check_error_is_one_line(err);
    }
    free(text);
    return 0;
}
