/* The command line: one grammar for every command. options.inc declares each
 * option once (name, value, range, help); commands.c says which command takes
 * which, with its default; parse.c reads argv by those tables, help.c and
 * man.c print them. The commands only read the parsed values. */
#ifndef RACECHECK_CLI_H
#define RACECHECK_CLI_H

#include <stdio.h>

enum cli_type {
    CLI_FLAG,       /* no value */
    CLI_TEXT,       /* any text */
    CLI_READABLE,   /* a file that must be readable now */
    CLI_INT,        /* a whole number in [min, max] */
    CLI_SECONDS,    /* a number of seconds in (min, max] */
    CLI_CHOICE,     /* one of choices */
    CLI_TOOLS,      /* a comma-separated list of tool names */
    CLI_SHARD,      /* I/N with min <= I <= N <= max */
    CLI_REPORT,     /* FORMAT:FILE, FORMAT one of --format's choices */
    CLI_DETECTOR_INT,   /* a LOCKGRAPH_OPTIONS key: the detector checks its range */
    CLI_DETECTOR_NUMBER,
    CLI_DETECTOR_TEXT,
};

enum cli_option_id {
#define CLI_OPTION(id, name, shrt, metavar, type, min, max, choices, repeats, help) OPT_##id,
#include "cli/options.inc"
#undef CLI_OPTION
#define LG_OPT_INT(name, def, help) OPT_LG_##name,
#define LG_OPT_DBL(name, def, help) OPT_LG_##name,
#define LG_OPT_STR(name, def, help) OPT_LG_##name,
#include "detector/src/options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
    OPT_COUNT
};

struct cli_option {
    const char *name;           /* --name; a detector key keeps its '_', shown as '-' */
    char short_name;            /* -X, or 0 */
    const char *metavar;        /* NULL for a flag */
    enum cli_type type;
    double min, max;
    const char *choices;
    int repeats;
    const char *help;
    const char *detector_key;   /* the LOCKGRAPH_OPTIONS key, or NULL */
    const char *detector_default;
};

extern const struct cli_option cli_options[OPT_COUNT];

/* One option as one command takes it. */
struct cli_use {
    enum cli_option_id id;
    const char *default_value;  /* parsed like a given value; NULL: none */
    const char *default_doc;    /* for help when the default is computed ("the number of CPUs") */
    const char *help;           /* NULL: the option's own */
    const char *metavar;        /* NULL: the option's own */
    const char *choices;        /* CLI_CHOICE: the values this command takes; NULL: the option's own */
    int hidden;                 /* accepted, not documented (internal) */
    /* racecheck run: the LOCKGRAPH_OPTIONS key the value is passed as. A
     * detector key that another option of the command already passes is an
     * old spelling: accepted, not listed twice. */
    const char *detector_key;
};

struct cli_command {
    const char *name;
    const char *synopsis[3];    /* after "racecheck NAME " */
    const char *summary;        /* one line for racecheck --help */
    const char *description;    /* paragraphs, '\n\n' between them */
    const struct cli_use *uses;
    int nuses;
    int program_ends_options;   /* run: the first operand is PROGRAM, the rest its arguments */
    const char *exit_status;
};

extern const struct cli_command cli_commands[];
extern const int cli_ncommands;
const struct cli_command *cli_command_find(const char *name);
/* The exit status paragraph every command shares unless it says its own. */
extern const char cli_exit_status[];

/* What a command line said. Strings point into argv. */
struct cli_args {
    const struct cli_command *cmd;
    const char **given[OPT_COUNT];   /* every value, in order */
    int ngiven[OPT_COUNT];
    char **operands;                        /* before "--" (run: none) */
    int noperands;
    char **rest;                            /* after "--" (run: PROGRAM ARGS...) */
    int nrest, has_rest;
};

/* Parses argv (argv[0] is the command's name) by cmd's grammar. Returns 0;
 * CLI_HELP_SHOWN after printing --help; or EXIT_USAGE after printing an error
 * that names the option. */
#define CLI_HELP_SHOWN (-1)
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a);
void cli_args_free(struct cli_args *a);

/* The value of an option: the last given, else the command's default, else NULL. */
const char *cli_text(const struct cli_args *a, enum cli_option_id id);
/* racecheck check's arguments that build and run the program as a made
 * (after the schedule and seed of a replay), each after a space and quoted
 * for a shell; malloc'd. */
char *cli_replay_args(const struct cli_args *a);
int cli_is_set(const struct cli_args *a, enum cli_option_id id);
/* Numbers of already checked values (0 when neither given nor defaulted). */
long cli_int(const struct cli_args *a, enum cli_option_id id);
double cli_seconds(const struct cli_args *a, enum cli_option_id id);
/* --shard=I/N */
void cli_shard(const struct cli_args *a, enum cli_option_id id, int *index, int *count);
/* --tools=LIST as bits of enum tool_id */
unsigned cli_tools(const struct cli_args *a, enum cli_option_id id);

/* The options of a that can change a verdict or a score, as a JSON object
 * {"NAME": value} (every option of the command but --output, -j, --shard and
 * the hidden ones; a file or folder as {"path", "sha256"}, audit_header.h);
 * NULL with a one-line reason when a file cannot be read (judging_options.c). */
struct json_t *cli_judging_options(const struct cli_args *a, char *err, size_t errlen);

/* "racecheck: error: COMMAND: ..." on stderr; returns EXIT_USAGE. */
int cli_error(const struct cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A report's destination (output.c): path, or standard output when NULL;
 * NULL, said on stderr, when it cannot be written. */
FILE *cli_output_open(const char *path);
/* Closes (or flushes) it; 0, or EXIT_TOOL_FAILED, said, when the report was
 * not written whole (failed: the writer itself said so). */
int cli_output_close(FILE *out, const char *path, int failed);
/* Closes and removes an output the command wrote nothing to (it failed first). */
void cli_output_discard(FILE *out, const char *path);

/* The option's name as typed: "--hang-timeout". */
void cli_option_flag(enum cli_option_id id, char *out, size_t len);

void cli_print_help(FILE *f, const struct cli_command *cmd);
/* What --help and the man page show of one option of cmd: whether it is
 * listed, "-j N, --jobs=N", and its help with range, values and default. */
int cli_use_is_listed(const struct cli_command *cmd, const struct cli_use *u);
void cli_use_synopsis(const struct cli_use *u, char *out, size_t len);
void cli_use_describe(const struct cli_use *u, char *out, size_t len);
/* The values a CLI_CHOICE option takes in this use of it. */
const char *cli_use_choices(const struct cli_use *u);
/* "a|b|c" as "a, b or c" */
void cli_choices_text(const char *choices, char *out, size_t len);
void cli_print_overview(FILE *f);
/* The man page NAME ("racecheck", "racecheck-check", ..., "lockgraph-options") in roff; -1 when unknown. */
int cli_write_man(FILE *f, const char *page);
/* The completion script of shell ("bash"); -1 for another shell. */
int cli_write_completion(FILE *f, const char *shell);
/* The finding kinds as a Markdown table (README.md's, generated). */
void cli_write_kinds_markdown(FILE *f);
/* Every man page name with its section, NULL-terminated: "racecheck.1", ... */
extern const char *const cli_man_pages[];

#endif
