/* Shell completion, generated from the same tables as --help and the man
 * pages (options.inc, commands.c), so a new option or value completes without
 * an edit here. `make` writes it with racecheck --completion=bash; `make
 * install` puts it in share/bash-completion/completions/racecheck. The script
 * uses bash-completion's helpers (_init_completion, _filedir), which load it. */
#include "cli/cli.h"
#include "findings/finding.h"

#include <string.h>

/* What a value or an operand completes to, from its metavar. */
enum completes { COMPLETE_NOTHING, COMPLETE_FILE, COMPLETE_DIR, COMPLETE_COMMAND };

static enum completes metavar_completes(const char *metavar)
{
    if (!metavar)
        return COMPLETE_NOTHING;
    if (strstr(metavar, "DIR"))
        return COMPLETE_DIR;
    if (strstr(metavar, "FILE") || strstr(metavar, "PATH") || strstr(metavar, "PROG"))
        return COMPLETE_FILE;
    if (!strcmp(metavar, "CC"))
        return COMPLETE_COMMAND;
    return COMPLETE_NOTHING;
}

static const char *const completes_shell[] = {
    [COMPLETE_NOTHING] = "return",
    [COMPLETE_FILE] = "_filedir; return",
    [COMPLETE_DIR] = "_filedir -d; return",
    [COMPLETE_COMMAND] = "COMPREPLY=($(compgen -c -- \"$cur\")); return",
};

/* What the value of one option completes to, as shell code. */
static void value_action(const struct cli_command *cmd, const struct cli_use *u, char *out, size_t len)
{
    const struct cli_option *o = &cli_options[u->id];
    size_t n;
    switch (o->type) {
    case CLI_CHOICE:
        snprintf(out, len, "COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return", cli_use_choices(u));
        break;
    case CLI_TOOLS:
        /* a comma-separated list: the last name after the others */
        snprintf(out, len, "_racecheck_list '");
        for (int t = 0; t < TOOL_COUNT; t++) {
            n = strlen(out);
            snprintf(out + n, len - n, "%s%s", t ? " " : "", tool_name((enum tool_id)t));
        }
        n = strlen(out);
        snprintf(out + n, len - n, "'; return");
        break;
    case CLI_REPORT: {
        /* FORMAT:FILE, FORMAT one of the formats this command writes (as parse.c checks it) */
        const char *formats = cli_options[OPT_FORMAT].choices;
        for (const struct cli_use *v = cmd->uses; v < cmd->uses + cmd->nuses; v++)
            if (v->id == OPT_FORMAT)
                formats = cli_use_choices(v);
        snprintf(out, len, "_racecheck_report '%s'; return", formats);
        break;
    }
    case CLI_READABLE:
        snprintf(out, len, "%s", completes_shell[COMPLETE_FILE]);
        break;
    default:
        snprintf(out, len, "%s", completes_shell[metavar_completes(u->metavar ? u->metavar : o->metavar)]);
        break;
    }
    for (char *p = out; *p; p++)
        if (*p == '|')
            *p = ' ';
}

/* The case arms of the options' values, one per action: every option that
 * completes the same way in one pattern. */
static void value_arms(FILE *f, const struct cli_command *cmd)
{
    int done[OPT_COUNT] = {0};
    for (const struct cli_use *u = cmd->uses; u < cmd->uses + cmd->nuses; u++) {
        if (!cli_use_is_listed(cmd, u) || cli_options[u->id].type == CLI_FLAG || done[u->id])
            continue;
        char action[300], other[300];
        value_action(cmd, u, action, sizeof action);
        fprintf(f, "        ");
        const char *sep = "";
        for (const struct cli_use *v = u; v < cmd->uses + cmd->nuses; v++) {
            if (!cli_use_is_listed(cmd, v) || cli_options[v->id].type == CLI_FLAG || done[v->id])
                continue;
            value_action(cmd, v, other, sizeof other);
            if (strcmp(action, other))
                continue;
            char flag[64];
            cli_option_flag(v->id, flag, sizeof flag);
            fprintf(f, "%s%s", sep, flag);
            if (cli_options[v->id].short_name)
                fprintf(f, "|-%c", cli_options[v->id].short_name);
            sep = "|";
            done[v->id] = 1;
        }
        fprintf(f, ")\n            %s ;;\n", action);
    }
}

static void command_function(FILE *f, const struct cli_command *cmd)
{
    fprintf(f, "\n_racecheck_%s()\n{\n    case $prev in\n", cmd->name);
    value_arms(f, cmd);
    fprintf(f, "    esac\n    $split && return\n    if [[ $cur == -* ]]; then\n"
               "        COMPREPLY=($(compgen -W '");
    const char *sep = "";
    for (const struct cli_use *u = cmd->uses; u < cmd->uses + cmd->nuses; u++) {
        if (!cli_use_is_listed(cmd, u))
            continue;
        char flag[64];
        cli_option_flag(u->id, flag, sizeof flag);
        fprintf(f, "%s%s%s", sep, flag, cli_options[u->id].type == CLI_FLAG ? "" : "=");
        sep = " ";
    }
    fprintf(f, "' -- \"$cur\"))\n        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace\n"
               "        return\n    fi\n");
    /* the operands, as the synopsis names them: DIR, FILE.c, PROGRAM */
    enum completes operands = COMPLETE_NOTHING;
    for (int i = 0; i < 3 && cmd->synopsis[i]; i++) {
        enum completes c = metavar_completes(cmd->synopsis[i]);
        if (c > operands)
            operands = c;
    }
    if (strstr(cmd->synopsis[0], "FILE") && operands < COMPLETE_FILE)
        operands = COMPLETE_FILE;
    fprintf(f, "    %s\n}\n", completes_shell[operands]);
}

int cli_write_completion(FILE *f, const char *shell)
{
    if (strcmp(shell, "bash"))
        return -1;
    fprintf(f, "# bash completion for racecheck. Generated by racecheck --completion=bash\n"
               "# from harness/src/cli/options.inc and commands.c; edit those, not this.\n");
    /* a comma-separated list of names: complete the last one */
    fprintf(f, "\n_racecheck_list()\n{\n"
               "    local done=\"\"\n"
               "    [[ $cur == *,* ]] && done=\"${cur%%,*},\"\n"
               "    COMPREPLY=($(compgen -P \"$done\" -W \"$1\" -- \"${cur##*,}\"))\n"
               "    compopt -o nospace\n}\n");
    /* FORMAT:FILE; ':' may break words (COMP_WORDBREAKS), hence the trim */
    fprintf(f, "\n_racecheck_report()\n{\n"
               "    if [[ $cur == *:* ]]; then\n"
               "        COMPREPLY=($(compgen -f -P \"${cur%%%%:*}:\" -- \"${cur#*:}\"))\n"
               "    else\n"
               "        COMPREPLY=($(compgen -S : -W \"$1\" -- \"$cur\"))\n"
               "        compopt -o nospace\n"
               "    fi\n"
               "    __ltrim_colon_completions \"$cur\"\n}\n");
    for (int i = 0; i < cli_ncommands; i++)
        command_function(f, &cli_commands[i]);
    fprintf(f, "\n_racecheck()\n{\n    local cur prev words cword split\n"
               "    _init_completion -s -n : || return\n"
               "    if ((cword == 1)); then\n        COMPREPLY=($(compgen -W '");
    for (int i = 0; i < cli_ncommands; i++)
        fprintf(f, "%s ", cli_commands[i].name);
    fprintf(f, "--help --version' -- \"$cur\"))\n        return\n    fi\n");
    /* after "--": the program and its arguments, completed as a command line */
    fprintf(f, "    local i\n    for ((i = 2; i < cword; i++)); do\n"
               "        if [[ ${words[i]} == -- ]]; then\n"
               "            _command_offset $((i + 1))\n            return\n        fi\n    done\n");
    fprintf(f, "    case ${words[1]} in\n");
    for (int i = 0; i < cli_ncommands; i++)
        fprintf(f, "        %s) _racecheck_%s ;;\n", cli_commands[i].name, cli_commands[i].name);
    fprintf(f, "    esac\n} &&\n    complete -F _racecheck racecheck\n");
    return 0;
}
