/* --help, generated from the grammar: every option a command takes, its
 * value, its range or values, and its default. */
#include "cli/cli.h"
#include "sys/version.h"
#include "findings/finding.h"
#include "sys/exit_status.h"

#include <string.h>

const char *cli_use_choices(const struct cli_use *u)
{
    return u->choices ? u->choices : cli_options[u->id].choices;
}

void cli_choices_text(const char *choices, char *out, size_t len)
{
    out[0] = '\0';
    int total = 1, n = 0;
    for (const char *c = choices; *c; c++)
        total += *c == '|';
    for (const char *c = choices; *c; n++) {
        size_t k = strcspn(c, "|"), used = strlen(out);
        snprintf(out + used, len - used, "%s%.*s", n == 0 ? "" : n == total - 1 ? " or " : ", ",
                 (int)k, c);
        c += k + (c[k] == '|');
    }
}

int cli_use_is_listed(const struct cli_command *cmd, const struct cli_use *u)
{
    if (u->hidden)
        return 0;
    /* an old spelling of a detector key another option passes */
    if (cli_options[u->id].detector_key)
        for (const struct cli_use *v = cmd->uses; v < cmd->uses + cmd->nuses; v++)
            if (v != u && v->detector_key && !cli_options[v->id].detector_key &&
                !strcmp(v->detector_key, cli_options[u->id].detector_key))
                return 0;
    return 1;
}

void cli_use_describe(const struct cli_use *u, char *out, size_t len)
{
    const struct cli_option *o = &cli_options[u->id];
    char list[200];
    snprintf(out, len, "%s", u->help ? u->help : o->help);
    size_t n = strlen(out);
    switch (o->type) {
    case CLI_INT:
        snprintf(out + n, len - n, ", %.0f-%.0f", o->min, o->max);
        break;
    case CLI_SECONDS:
        snprintf(out + n, len - n, ", at most %g", o->max);
        break;
    case CLI_CHOICE:
        cli_choices_text(cli_use_choices(u), list, sizeof list);
        snprintf(out + n, len - n, ": %s", list);
        break;
    case CLI_TOOLS:
        tool_names_text(list, sizeof list);
        snprintf(out + n, len - n, ": %s", list);
        break;
    default:
        break;
    }
    n = strlen(out);
    if (o->repeats)
        snprintf(out + n, len - n, "; up to %d times", o->repeats);
    n = strlen(out);
    const char *def = u->default_value ? u->default_value : u->default_doc;
    if (!def && o->detector_default && o->detector_default[0])
        def = o->detector_default;
    if (def && o->type != CLI_FLAG)
        snprintf(out + n, len - n, " (default: %s)", def);
}

void cli_use_synopsis(const struct cli_use *u, char *out, size_t len)
{
    const struct cli_option *o = &cli_options[u->id];
    char flag[64];
    cli_option_flag(u->id, flag, sizeof flag);
    const char *meta = u->metavar ? u->metavar : o->metavar;
    if (o->short_name)
        snprintf(out, len, "-%c%s%s, %s%s%s", o->short_name, meta ? " " : "", meta ? meta : "", flag,
                 meta ? "=" : "", meta ? meta : "");
    else
        snprintf(out, len, "%s%s%s", flag, meta ? "=" : "", meta ? meta : "");
}

/* text folded at width, each line after the first indented by indent */
static void print_folded(FILE *f, const char *text, int col, int indent, int width)
{
    const char *p = text;
    while (*p) {
        size_t word = strcspn(p, " \n");
        if (col > indent && col + 1 + (int)word > width) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", (int)word, p);
        col += (int)word;
        p += word;
        if (*p == '\n' && p[1] == '\n') {
            fprintf(f, "\n\n%*s", indent, "");
            col = indent;
            p += 2;
            continue;
        }
        while (*p == ' ' || *p == '\n')
            p++;
    }
    fputc('\n', f);
}

void cli_print_help(FILE *f, const struct cli_command *cmd)
{
    for (int i = 0; i < 3 && cmd->synopsis[i]; i++)
        fprintf(f, "%s racecheck %s %s\n", i ? "      " : "usage:", cmd->name, cmd->synopsis[i]);
    fputc('\n', f);
    print_folded(f, cmd->description, 0, 0, 79);
    fprintf(f, "\nOptions:\n");
    for (const struct cli_use *u = cmd->uses; u < cmd->uses + cmd->nuses; u++) {
        if (!cli_use_is_listed(cmd, u))
            continue;
        char syn[120], desc[800];
        cli_use_synopsis(u, syn, sizeof syn);
        cli_use_describe(u, desc, sizeof desc);
        int col = fprintf(f, "  %-24s", syn);
        if (col > 26) {
            fprintf(f, "\n%26s", "");
            col = 26;
        }
        print_folded(f, desc, col, 26, 79);
    }
    fprintf(f, "\nExit status:");
    print_folded(f, cmd->exit_status ? cmd->exit_status : cli_exit_status, 12, 0, 79);
}

void cli_print_overview(FILE *f)
{
    fprintf(f, "usage: racecheck COMMAND [OPTIONS] ...\n"
               "       racecheck --version | --help\n\ncommands:\n");
    for (int i = 0; i < cli_ncommands; i++)
        fprintf(f, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(f, "\n'racecheck COMMAND --help' describes each command's options; so do the man pages\n"
               "(man racecheck, man racecheck-COMMAND, man lockgraph-options).\n"
               "Exit status: %s\n", cli_exit_status);
}
