/* LOCKGRAPH_OPTIONS: key=value pairs separated by ':', ',' or spaces, as
 * TSAN_OPTIONS. Strict: an unknown key or a bad value is an error. help=1
 * lists the options, as the sanitizers do. */
#include "lockgraph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lg_options lg_opt;

void lg_options_defaults(struct lg_options *o)
{
#define LG_OPT_INT(name, def, help) o->name = (def);
#define LG_OPT_DBL(name, def, help) o->name = (def);
#define LG_OPT_STR(name, def, help) snprintf(o->name, sizeof o->name, "%s", def);
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
}

static int set_int(long *dst, const char *v)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end)
        return -1;
    *dst = x;
    return 0;
}

static int set_dbl(double *dst, const char *v)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || x != x)
        return -1;
    *dst = x;
    return 0;
}

static int set_str(char *dst, size_t size, const char *v)
{
    if (strlen(v) >= size)
        return -1;
    strcpy(dst, v);
    return 0;
}

/* The detector writes an error as one line after "lockgraph: error: ", so
 * text quoted from LOCKGRAPH_OPTIONS is cut to 100 bytes and gets '?' for
 * control bytes. */
struct quoted { char text[101]; };

static struct quoted quote(const char *s)
{
    struct quoted q;
    size_t i = 0;
    for (; s[i] && i < sizeof q.text - 1; i++)
        q.text[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    q.text[i] = '\0';
    return q;
}

static int check_ranges(const struct lg_options *o, char *err, size_t errlen)
{
    if (strcmp(o->format, "text") && strcmp(o->format, "json"))
        return snprintf(err, errlen, "format must be text or json, not '%s'", quote(o->format).text), -1;
    if (o->stack_depth < 1 || o->stack_depth > LG_MAX_FRAMES)
        return snprintf(err, errlen, "stack_depth must be 1-%d", LG_MAX_FRAMES), -1;
    if (o->direct_held < 1 || o->direct_held > LG_MAX_HELD)
        return snprintf(err, errlen, "direct_held must be 1-%d", LG_MAX_HELD), -1;
    /* the watchdog counts it in uint64_t nanoseconds; inf, 1e30 would not fit */
    if (!(o->hang_timeout >= 0 && o->hang_timeout <= LG_MAX_HANG_TIMEOUT))
        return snprintf(err, errlen, "hang_timeout must be 0-%d seconds", LG_MAX_HANG_TIMEOUT), -1;
    if (!(o->time_limit >= 0 && o->time_limit <= LG_MAX_HANG_TIMEOUT))
        return snprintf(err, errlen, "time_limit must be 0-%d seconds", LG_MAX_HANG_TIMEOUT), -1;
    if (strcmp(o->schedule, "none") && strcmp(o->schedule, "random") && strcmp(o->schedule, "pct"))
        return snprintf(err, errlen, "schedule must be none, random or pct, not '%s'",
                        quote(o->schedule).text), -1;
    if (o->seed < 0)
        return snprintf(err, errlen, "seed must be 0 or more"), -1;
    if (o->pct_depth < 1 || o->pct_depth > 16)
        return snprintf(err, errlen, "pct_depth must be 1-16"), -1;
    if (o->pct_steps < 0)
        return snprintf(err, errlen, "pct_steps must be 0 or more"), -1;
    if (o->exitcode < 0 || o->exitcode > 255)
        return snprintf(err, errlen, "exitcode must be 0-255"), -1;
    if (o->max_locks < 16 || o->max_locks > 100000000 || o->max_edges < 16 ||
        o->max_edges > 100000000)
        return snprintf(err, errlen, "max_locks and max_edges must be 16-100000000"), -1;
    if (o->trace_max_events < 1 || o->trace_max_events > 100000000)
        return snprintf(err, errlen, "trace_max_events must be 1-100000000"), -1;
    if (o->full_stacks != 0 && o->full_stacks != 1)
        return snprintf(err, errlen, "full_stacks must be 0 or 1"), -1;
    if (o->max_findings < 1 || o->max_findings > 100000)
        return snprintf(err, errlen, "max_findings must be 1-100000"), -1;
    return 0;
}

/* help=1: every option with its default and meaning, on standard error.
 * Written with write(2) line by line: this runs before the detector is
 * ready, and stdio could lock or allocate through wrapped functions. */
static void print_help(void)
{
    char line[512];
    int n = snprintf(line, sizeof line,
                     "lockgraph: LOCKGRAPH_OPTIONS, key=value separated by ':', ',' or spaces:\n");
    if (write(2, line, (size_t)n) < 0)
        return;
#define LG_OPT_HELP(name, defstr, help)                                                       \
    n = snprintf(line, sizeof line, "lockgraph:   %-17s %s (default: %s)\n", #name, help,      \
                 *(defstr) ? (defstr) : "none");                                              \
    if (n > 0 && write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) < 0)   \
        return;
#define LG_OPT_INT(name, def, help) LG_OPT_HELP(name, #def, help)
#define LG_OPT_DBL(name, def, help) LG_OPT_HELP(name, #def, help)
#define LG_OPT_STR(name, def, help) LG_OPT_HELP(name, def, help)
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
#undef LG_OPT_HELP
    n = snprintf(line, sizeof line, "lockgraph:   %-17s %s\n", "help", "1: this list");
    if (write(2, line, (size_t)n) < 0)
        return;
}

int lg_options_parse(struct lg_options *o, const char *text, char *err, size_t errlen)
{
    char buf[4096];
    if (!text)
        return check_ranges(o, err, errlen);
    if (strlen(text) >= sizeof buf)
        return snprintf(err, errlen, "LOCKGRAPH_OPTIONS is too long"), -1;
    strcpy(buf, text);
    char *save = NULL;
    for (char *item = strtok_r(buf, ":, \t\n", &save); item; item = strtok_r(NULL, ":, \t\n", &save)) {
        char *eq = strchr(item, '=');
        if (!eq)
            return snprintf(err, errlen, "option '%s' has no value (expected key=value)",
                            quote(item).text), -1;
        *eq = '\0';
        const char *key = item, *value = eq + 1;
        int rc = 1;
        if (!strcmp(key, "help")) {
            long on;
            rc = set_int(&on, value);
            if (rc == 0 && on)
                print_help();
        }
#define LG_OPT_INT(name, def, help) if (!strcmp(key, #name)) rc = set_int(&o->name, value);
#define LG_OPT_DBL(name, def, help) if (!strcmp(key, #name)) rc = set_dbl(&o->name, value);
#define LG_OPT_STR(name, def, help) if (!strcmp(key, #name)) rc = set_str(o->name, sizeof o->name, value);
#include "options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
        if (rc == 1)
            return snprintf(err, errlen, "unknown option '%s'", quote(key).text), -1;
        if (rc < 0)
            return snprintf(err, errlen, "bad value '%s' for option %s", quote(value).text, key), -1;
    }
    return check_ranges(o, err, errlen);
}
