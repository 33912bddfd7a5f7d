/* Reads a command line by its command's grammar (commands.c) and the option
 * table (options.inc). Every option takes --name=VALUE and --name VALUE, a
 * short one -xVALUE and -x VALUE; every value is checked against the one
 * declaration of its option, so a range or a set of values is the same in
 * every command, and every error names the option. */
#include "cli/cli.h"
#include "findings/finding.h"
#include "sys/exit_status.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "racecheck: error: %s%s", cmd ? cmd->name : "", cmd ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

void cli_option_flag(enum cli_option_id id, char *out, size_t len)
{
    snprintf(out, len, "--%s", cli_options[id].name);
    for (char *p = out + 2; *p; p++)
        if (*p == '_')
            *p = '-';
}

/* "hang_timeout" and "hang-timeout" are one name */
static int same_name(const char *a, const char *b, size_t blen)
{
    size_t i = 0;
    for (; i < blen && a[i]; i++) {
        char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
        if (x != y)
            return 0;
    }
    return i == blen && !a[i];
}

static const struct cli_use *find_long(const struct cli_command *cmd, const char *name, size_t len)
{
    for (int i = 0; i < cmd->nuses; i++)
        if (same_name(cli_options[cmd->uses[i].id].name, name, len))
            return &cmd->uses[i];
    return NULL;
}

static const struct cli_use *find_short(const struct cli_command *cmd, char c)
{
    for (int i = 0; i < cmd->nuses; i++)
        if (cli_options[cmd->uses[i].id].short_name == c)
            return &cmd->uses[i];
    return NULL;
}

static int parse_long(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end)
        return -1;
    *out = x;
    return 0;
}

static int parse_number(const char *v, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

static int is_choice(const char *choices, const char *v, size_t len)
{
    for (const char *c = choices; c && *c;) {
        size_t n = strcspn(c, "|");
        if (n == len && !strncmp(c, v, len))
            return 1;
        c += n + (c[n] == '|');
    }
    return 0;
}

/* The command's use of option id, or NULL. */
static const struct cli_use *use_of(const struct cli_command *cmd, enum cli_option_id id)
{
    for (int i = 0; i < cmd->nuses; i++)
        if (cmd->uses[i].id == id)
            return &cmd->uses[i];
    return NULL;
}

/* Checks v against the option's declaration as cmd uses it; 0, or EXIT_USAGE
 * with a message. */
static int check_value(const struct cli_command *cmd, const struct cli_use *u, const char *v)
{
    enum cli_option_id id = u->id;
    const struct cli_option *o = &cli_options[id];
    char flag[64], list[200];
    cli_option_flag(id, flag, sizeof flag);
    long n;
    double x;
    switch (o->type) {
    case CLI_FLAG:
    case CLI_TEXT:
    case CLI_DETECTOR_TEXT:
        return 0;
    case CLI_READABLE:
        if (access(v, R_OK) != 0)
            return cli_error(cmd, "%s: cannot read %s: %s", flag, v, strerror(errno));
        return 0;
    case CLI_INT:
        if (parse_long(v, &n) != 0 || n < (long)o->min || n > (long)o->max)
            return cli_error(cmd, "%s needs a whole number from %ld to %ld, not '%s'", flag,
                             (long)o->min, (long)o->max, v);
        return 0;
    case CLI_DETECTOR_INT:
        if (parse_long(v, &n) != 0)
            return cli_error(cmd, "%s needs a whole number, not '%s'", flag, v);
        return 0;
    case CLI_DETECTOR_NUMBER:
        if (parse_number(v, &x) != 0)
            return cli_error(cmd, "%s needs a number, not '%s'", flag, v);
        return 0;
    case CLI_SECONDS:
        if (parse_number(v, &x) != 0 || !(x > o->min) || x > o->max)
            return cli_error(cmd, "%s needs a number of seconds above %g and at most %g, not '%s'",
                             flag, o->min, o->max, v);
        return 0;
    case CLI_CHOICE:
        if (!is_choice(cli_use_choices(u), v, strlen(v))) {
            cli_choices_text(cli_use_choices(u), list, sizeof list);
            return cli_error(cmd, "%s must be %s, not '%s'", flag, list, v);
        }
        return 0;
    case CLI_TOOLS: {
        unsigned bits;
        if (tool_set_parse(v, &bits) != 0) {
            tool_names_text(list, sizeof list);
            return cli_error(cmd, "%s takes a comma-separated list of %s, not '%s'", flag, list, v);
        }
        return 0;
    }
    case CLI_SHARD: {
        char *end;
        long i = strtol(v, &end, 10), count = 0;
        if (*end == '/')
            count = strtol(end + 1, &end, 10);
        if (*end || i < (long)o->min || count > (long)o->max || i > count)
            return cli_error(cmd, "%s needs I/N with 1 <= I <= N <= %ld, not '%s'", flag,
                             (long)o->max, v);
        return 0;
    }
    case CLI_REPORT: {
        const char *colon = strchr(v, ':');
        /* a report is in one of the formats this command writes */
        const struct cli_use *format = use_of(cmd, OPT_FORMAT);
        const char *choices = format ? cli_use_choices(format) : cli_options[OPT_FORMAT].choices;
        if (!colon || !colon[1] || !is_choice(choices, v, (size_t)(colon - v))) {
            cli_choices_text(choices, list, sizeof list);
            return cli_error(cmd, "%s takes FORMAT:FILE with FORMAT %s, not '%s'", flag, list, v);
        }
        return 0;
    }
    }
    return 0;
}

static int take(const struct cli_command *cmd, struct cli_args *a, const struct cli_use *u,
                const char *value, int argc)
{
    const struct cli_option *o = &cli_options[u->id];
    char flag[64];
    cli_option_flag(u->id, flag, sizeof flag);
    if (o->repeats && a->ngiven[u->id] == o->repeats)
        return cli_error(cmd, "%s may be given at most %d times", flag, o->repeats);
    int rc = check_value(cmd, u, value);
    if (rc)
        return rc;
    if (!a->given[u->id] && !(a->given[u->id] = calloc((size_t)argc, sizeof *a->given[u->id])))
        abort();
    a->given[u->id][a->ngiven[u->id]++] = value;
    return 0;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->operands = calloc((size_t)argc + 1, sizeof *a->operands);
    if (!a->operands)
        abort();
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (!strcmp(arg, "--")) {
            a->rest = &argv[i + 1];
            a->nrest = argc - i - 1;
            a->has_rest = 1;
            break;
        }
        const struct cli_use *u = NULL;
        const char *value = NULL;
        char shown[80];
        if (arg[0] == '-' && arg[1] == '-') {
            const char *name = arg + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            u = find_long(cmd, name, len);
            snprintf(shown, sizeof shown, "--%.*s", (int)(len < 60 ? len : 60), name);
            value = eq ? eq + 1 : NULL;
        } else if (arg[0] == '-' && arg[1]) {
            u = find_short(cmd, arg[1]);
            snprintf(shown, sizeof shown, "-%c", arg[1]);
            value = arg[2] ? arg + 2 : NULL;
        } else if (cmd->program_ends_options) {
            a->rest = &argv[i];
            a->nrest = argc - i;
            a->has_rest = 1;
            break;
        } else {
            a->operands[a->noperands++] = arg;
            continue;
        }
        if (!u)
            return cli_error(cmd, "unknown option '%s' (see racecheck %s --help)", arg, cmd->name);
        const struct cli_option *o = &cli_options[u->id];
        if (o->type == CLI_FLAG) {
            if (value)
                return cli_error(cmd, "%s takes no value", shown);
            value = "1";
        } else if (!value) {
            if (i + 1 >= argc)
                return cli_error(cmd, "%s needs a value (%s)", shown, u->metavar ? u->metavar : o->metavar);
            value = argv[++i];
        }
        int rc = take(cmd, a, u, value, argc);
        if (rc)
            return rc;
        if (u->id == OPT_HELP) {
            cli_print_help(stdout, cmd);
            return CLI_HELP_SHOWN;
        }
    }
    return 0;
}

void cli_args_free(struct cli_args *a)
{
    for (int i = 0; i < OPT_COUNT; i++)
        free(a->given[i]);
    free(a->operands);
    memset(a, 0, sizeof *a);
}

int cli_is_set(const struct cli_args *a, enum cli_option_id id)
{
    return a->ngiven[id] > 0;
}

const char *cli_text(const struct cli_args *a, enum cli_option_id id)
{
    if (a->ngiven[id])
        return a->given[id][a->ngiven[id] - 1];
    const struct cli_use *u = use_of(a->cmd, id);
    return u ? u->default_value : NULL;
}

long cli_int(const struct cli_args *a, enum cli_option_id id)
{
    const char *v = cli_text(a, id);
    return v ? strtol(v, NULL, 10) : 0;
}

double cli_seconds(const struct cli_args *a, enum cli_option_id id)
{
    const char *v = cli_text(a, id);
    return v ? strtod(v, NULL) : 0;
}

void cli_shard(const struct cli_args *a, enum cli_option_id id, int *index, int *count)
{
    const char *v = cli_text(a, id);
    char *end;
    *index = *count = 1;
    if (!v)
        return;
    *index = (int)strtol(v, &end, 10);
    *count = *end == '/' ? (int)strtol(end + 1, NULL, 10) : 1;
}

unsigned cli_tools(const struct cli_args *a, enum cli_option_id id)
{
    unsigned bits = 0;
    const char *v = cli_text(a, id);
    if (v)
        tool_set_parse(v, &bits);
    return bits;
}
