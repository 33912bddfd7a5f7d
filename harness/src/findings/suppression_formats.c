/* Other tools' suppression files, read into racecheck's rules, and
 * racecheck's own written for the findings at hand (--gen-suppressions).
 *
 * ThreadSanitizer (TYPE:PATTERN a line, # comments): PATTERN is a substring
 * of a function, file or module name in the report's stacks, with '*'
 * wildcards and '^'/'$' anchors. It becomes two racecheck rules (function
 * and file= globs) for each kind TYPE stands for, narrowed to tsan.
 *
 * Valgrind ({ NAME  TOOL:KIND  frame lines... }): the block's first fun:
 * frame pattern (Valgrind's '*' and '?' are fnmatch's) becomes a function
 * rule for each kind TOOL:KIND stands for, narrowed to that tool; a block
 * with no fun: frame (obj: or ... only) has no equivalent. */
#include "findings/suppressions.h"

#include <stdlib.h>
#include <string.h>

#define K(kind) (1u << KIND_##kind)

/* A foreign kind and the racecheck kinds it covers. */
struct kind_map {
    const char *name;
    unsigned kinds;
};

static const struct kind_map tsan_types[] = {
    {"race", K(DATA_RACE)},
    {"race_top", K(DATA_RACE)},
    /* TSan's deadlock report is a lock-order inversion; one that happened too */
    {"deadlock", K(LOCK_ORDER_INVERSION) | K(DEADLOCK)},
    {"mutex", K(DOUBLE_LOCK) | K(BAD_UNLOCK) | K(DESTROY_LOCKED) | K(MISUSE)},
    {"thread", K(MISUSE)},                  /* thread leaks */
    {"signal", 0},                          /* signal-unsafe calls: racecheck has no such kind */
    {"called_from_lib", 0},
};

static const struct kind_map valgrind_kinds[] = {
    {"Helgrind:Race", K(DATA_RACE)},
    {"Helgrind:LockOrder", K(LOCK_ORDER_INVERSION)},
    {"Helgrind:UnlockUnlocked", K(BAD_UNLOCK)},
    {"Helgrind:UnlockForeign", K(BAD_UNLOCK)},
    {"Helgrind:UnlockBogus", K(BAD_UNLOCK)},
    {"Helgrind:PthAPIerror", K(DOUBLE_LOCK) | K(BAD_UNLOCK) | K(DESTROY_LOCKED) | K(COND_MISUSE) | K(MISUSE)},
    {"Helgrind:Misc", K(COND_MISUSE) | K(MISUSE) | K(LOCK_LEAK) | K(DESTROY_LOCKED)},
    {"drd:ConflictingAccess", K(DATA_RACE)},
    {"drd:MutexErr", K(DOUBLE_LOCK) | K(BAD_UNLOCK) | K(DESTROY_LOCKED) | K(LOCK_LEAK)},
    {"drd:CondErr", K(COND_MISUSE)},
    {"drd:GenericErr", K(MISUSE)},
    {"drd:InvalidThreadId", K(MISUSE)},
};

static const struct kind_map *find_map(const struct kind_map *maps, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(maps[i].name, name))
            return &maps[i];
    return NULL;
}

/* The next line of text at *pos, trimmed, in buf; 0 at the end. */
static int next_line(const char *text, size_t len, size_t *pos, char *buf, size_t size, size_t *lineno)
{
    if (*pos >= len)
        return 0;
    const char *nl = memchr(text + *pos, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - (text + *pos)) : len - *pos;
    const char *p = text + *pos;
    *pos += n + 1;
    (*lineno)++;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    snprintf(buf, size, "%.*s", (int)n, p);
    return 1;
}

enum suppressions_format suppressions_format_of(const char *text, size_t len)
{
    char line[1024];
    size_t pos = 0, lineno = 0;
    int tsan_only = 0, ours = 0;
    while (next_line(text, len, &pos, line, sizeof line, &lineno)) {
        if (!strcmp(line, "{"))
            return SUPPRESSIONS_VALGRIND;
        char *colon = strchr(line, ':');
        if (line[0] == '#' || !colon)
            continue;
        *colon = '\0';
        const struct kind_map *m = find_map(tsan_types, sizeof tsan_types / sizeof *tsan_types, line);
        tsan_only |= m && strcmp(line, "deadlock");
        ours |= !m && (!strcmp(line, "*") || finding_kind_from_name(line) >= 0);
    }
    /* a file that names one of racecheck's kinds is racecheck's, and its
     * race: line an error there */
    return tsan_only && !ours ? SUPPRESSIONS_TSAN : SUPPRESSIONS_RACECHECK;
}

static void ignore(struct suppressions *s, const char *name, size_t lineno, const char *what)
{
    if (!s->ignored++ && asprintf(&s->ignored_example, "%s:%zu: %s", name, lineno, what) < 0)
        abort();
}

/* One rule per kind of kinds, for glob (as a function, and as a file when
 * both), narrowed to tool. */
static void add_rules(struct suppressions *s, unsigned kinds, const char *glob, int also_file,
                      enum tool_id tool, const char *origin)
{
    for (int k = 0; k < KIND_COUNT; k++) {
        if (!(kinds & (1u << k)))
            continue;
        suppressions_add(s, k, 0, glob, 1u << tool, origin);
        if (also_file)
            suppressions_add(s, k, 1, glob, 1u << tool, origin);
    }
}

int suppressions_parse_tsan(struct suppressions *s, const char *name, const char *text, size_t len,
                            char *error, size_t error_len)
{
    char line[1024], origin[1200], glob[1100];
    size_t pos = 0, lineno = 0;
    while (next_line(text, len, &pos, line, sizeof line, &lineno)) {
        if (!line[0] || line[0] == '#')
            continue;
        char *colon = strchr(line, ':');
        snprintf(origin, sizeof origin, "%s:%zu: %s", name, lineno, line);
        if (!colon || !colon[1]) {
            snprintf(error, error_len, "%s:%zu: expected TYPE:PATTERN (a TSan suppression), got '%.80s'",
                     name, lineno, line);
            return -1;
        }
        *colon = '\0';
        const char *pattern = colon + 1;
        const struct kind_map *m = find_map(tsan_types, sizeof tsan_types / sizeof *tsan_types, line);
        if (!m) {
            snprintf(error, error_len, "%s:%zu: unknown TSan suppression type '%.40s'", name, lineno, line);
            return -1;
        }
        if (!m->kinds) {
            ignore(s, name, lineno, origin + strlen(name) + 1);
            continue;
        }
        /* a substring unless anchored: ^foo -> foo*, foo$ -> *foo */
        size_t n = strlen(pattern);
        int start = pattern[0] == '^', end = n > 1 && pattern[n - 1] == '$';
        snprintf(glob, sizeof glob, "%s%.*s%s", start ? "" : "*", (int)(n - start - end),
                 pattern + start, end ? "" : "*");
        add_rules(s, m->kinds, glob, 1, TOOL_TSAN, origin);
    }
    return 0;
}

int suppressions_parse_valgrind(struct suppressions *s, const char *name, const char *text,
                                size_t len, char *error, size_t error_len)
{
    char line[1024], origin[1200] = "", kind[200] = "", fun[900] = "";
    size_t pos = 0, lineno = 0, start = 0;
    int in_block = 0, field = 0;
    while (next_line(text, len, &pos, line, sizeof line, &lineno)) {
        if (!in_block) {
            if (!line[0] || line[0] == '#')
                continue;
            if (strcmp(line, "{")) {
                snprintf(error, error_len, "%s:%zu: expected '{' (a Valgrind suppression), got '%.80s'",
                         name, lineno, line);
                return -1;
            }
            in_block = 1, field = 0, start = lineno, kind[0] = fun[0] = '\0';
            continue;
        }
        if (strcmp(line, "}")) {
            /* the name, then TOOL:KIND, then an optional extra line, frames */
            if (field == 1)
                snprintf(kind, sizeof kind, "%.199s", line);
            else if (field > 1 && !fun[0] && !strncmp(line, "fun:", 4))
                snprintf(fun, sizeof fun, "%.899s", line + 4);
            field++;
            continue;
        }
        in_block = 0;
        /* Valgrind spells a tool in a suppression as Helgrind: or drd: */
        const struct kind_map *m = find_map(valgrind_kinds, sizeof valgrind_kinds / sizeof *valgrind_kinds,
                                            kind);
        snprintf(origin, sizeof origin, "%s:%zu: %s %s", name, start, kind, fun[0] ? fun : "");
        if (!m || !fun[0]) {
            ignore(s, name, start, kind[0] ? kind : "an empty block");
            continue;
        }
        add_rules(s, m->kinds, fun, 0, !strncmp(kind, "drd:", 4) ? TOOL_DRD : TOOL_HELGRIND, origin);
    }
    if (in_block) {
        snprintf(error, error_len, "%s:%zu: a suppression block without its '}'", name, start);
        return -1;
    }
    return 0;
}

/* name as a glob that matches exactly it, with no blanks (a rule ends at the
 * first): C++ names hold "operator[]" and "f(int, char)" */
static void exact_glob(FILE *out, const char *name)
{
    for (const char *p = name; *p; p++) {
        if (strchr("*?[\\", *p))
            fputc('\\', out);
        fputc(*p == ' ' || *p == '\t' || *p == '#' ? '?' : *p, out);
    }
}

void suppressions_write(FILE *out, const struct finding_list *list)
{
    fputs("# racecheck suppressions for the findings of one check (--gen-suppressions):\n"
          "# racecheck check --suppressions=FILE waives them. Keep only the ones you have\n"
          "# looked at, and say why after '#'.\n", out);
    for (size_t i = 0; i < list->count; i++) {
        const struct finding *f = &list->items[i];
        if (!finding_counts(f))
            continue;
        const struct location *where = NULL;
        for (size_t j = 0; j < f->nlocations && !where; j++)
            if (f->locations[j].function)
                where = &f->locations[j];
        fprintf(out, "%s:", finding_kind_name(f->kind));
        if (where)
            exact_glob(out, where->function);
        else if (f->nlocations && f->locations[0].file)
            fputs("file=", out), exact_glob(out, f->locations[0].file);
        else
            fputc('*', out);
        fputs(" tools=", out);
        for (int t = 0, n = 0; t < TOOL_COUNT; t++)
            if (f->tools & (1u << t))
                fprintf(out, "%s%s", n++ ? "," : "", tool_name((enum tool_id)t));
        fputs("  # ", out);
        for (const char *p = f->summary ? f->summary : ""; *p && p - f->summary < 120; p++)
            fputc(*p == '\n' ? ' ' : *p, out);
        fputc('\n', out);
    }
}
