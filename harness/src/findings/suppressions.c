#include "findings/suppressions.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/paths.h"

/* the largest file read: a suppression file is written by hand */
#define MAX_FILE_BYTES (4u << 20)

static int fail(char *error, size_t len, const char *name, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(char *error, size_t len, const char *name, size_t line, const char *fmt, ...)
{
    int n = snprintf(error, len, "%s:%zu: ", name, line);
    if (n >= 0 && (size_t)n < len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error + n, len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* "lockgraph,tsan" -> bits; -1 for an empty list or an unknown tool */
static int parse_tool_list(const char *list, unsigned *bits)
{
    *bits = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        char name[32];
        if (n == 0 || n >= sizeof name)
            return -1;
        memcpy(name, p, n);
        name[n] = '\0';
        int t = tool_from_name(name);
        if (t < 0)
            return -1;
        *bits |= 1u << t;
        p += n;
        if (*p == ',' && !*++p)
            return -1;
    }
    return *bits ? 0 : -1;
}

/* Parses one line (NUL-terminated, no newline) into a rule. Returns 1 when
 * it added a rule, 0 for a comment or blank line, -1 on error. */
static int parse_line(struct suppressions *s, const char *name, size_t lineno, char *line,
                      char *error, size_t error_len)
{
    while (is_blank(*line))
        line++;
    size_t end = strlen(line);
    while (end && is_blank(line[end - 1]))
        line[--end] = '\0';
    if (!*line || *line == '#')
        return 0;
    char *origin;
    if (asprintf(&origin, "%s:%zu: %s", name, lineno, line) < 0)
        abort();

    /* the reason: text after whitespace and '#' */
    for (char *p = line + 1; *p; p++)
        if (*p == '#' && is_blank(p[-1])) {
            *p = '\0';
            break;
        }
    char *save = NULL;
    char *rule = strtok_r(line, " \t\r", &save);
    char *colon = strchr(rule, ':');
    if (!colon) {
        free(origin);
        return fail(error, error_len, name, lineno, "expected KIND:GLOB or KIND:file=GLOB, got '%.80s'",
                    rule);
    }
    *colon = '\0';
    struct suppression_rule r = {.kind = -1, .origin = origin};
    if (strcmp(rule, "*") != 0 && (r.kind = finding_kind_from_name(rule)) < 0) {
        free(origin);
        return fail(error, error_len, name, lineno,
                    "unknown finding kind '%.40s' (a kind such as data-race, or *)", rule);
    }
    const char *glob = colon + 1;
    if (!strncmp(glob, "file=", 5)) {
        r.match_file = 1;
        glob += 5;
    }
    if (!*glob) {
        free(origin);
        return fail(error, error_len, name, lineno, "empty %s glob after '%s:'",
                    r.match_file ? "file" : "function", rule);
    }
    for (char *opt = strtok_r(NULL, " \t\r", &save); opt; opt = strtok_r(NULL, " \t\r", &save)) {
        if (strncmp(opt, "tools=", 6) != 0 || r.tools) {
            free(origin);
            return fail(error, error_len, name, lineno,
                        "unexpected '%.40s' after the rule (only tools=LIST, or '# reason')", opt);
        }
        if (parse_tool_list(opt + 6, &r.tools) != 0) {
            char names[200];
            tool_names_text(names, sizeof names);
            free(origin);
            return fail(error, error_len, name, lineno,
                        "tools= takes a comma-separated list of %s, got '%.40s'", names, opt + 6);
        }
    }
    suppressions_add(s, r.kind, r.match_file, glob, r.tools, origin);
    free(origin);
    return 1;
}

void suppressions_add(struct suppressions *s, int kind, int match_file, const char *glob,
                      unsigned tools, const char *origin)
{
    struct suppression_rule r = {.kind = kind, .match_file = match_file, .glob = strdup(glob),
                                 .tools = tools, .origin = strdup(origin)};
    struct suppression_rule *rules = realloc(s->rules, (s->count + 1) * sizeof *rules);
    if (!r.glob || !r.origin || !rules)
        abort();
    s->rules = rules;
    s->rules[s->count++] = r;
}

int suppressions_parse(struct suppressions *s, const char *name, const char *text, size_t len,
                       char *error, size_t error_len)
{
    size_t lineno = 0, pos = 0;
    while (pos < len) {
        lineno++;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        if (memchr(text + pos, '\0', n))
            return fail(error, error_len, name, lineno, "a NUL byte: not a text file");
        /* other control bytes too: an error message quotes the line */
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)text[pos + i];
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
                return fail(error, error_len, name, lineno,
                            "a control character (byte 0x%02x): not a text file", c);
        }
        char *line = malloc(n + 1);
        if (!line)
            abort();
        memcpy(line, text + pos, n);
        line[n] = '\0';
        int rc = parse_line(s, name, lineno, line, error, error_len);
        free(line);
        if (rc < 0)
            return -1;
        pos += n + 1;
    }
    return 0;
}

int suppressions_load(struct suppressions *s, const char *path, char *error, size_t error_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(error, error_len, "cannot read suppression file %s: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(MAX_FILE_BYTES + 1);
    if (!text)
        abort();
    size_t len = fread(text, 1, MAX_FILE_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    int rc = -1;
    if (bad)
        snprintf(error, error_len, "cannot read suppression file %s", path);
    else if (len > MAX_FILE_BYTES)
        snprintf(error, error_len, "%s: a suppression file over %u MiB", path, MAX_FILE_BYTES >> 20);
    else if (suppressions_format_of(text, len) == SUPPRESSIONS_VALGRIND)
        rc = suppressions_parse_valgrind(s, path, text, len, error, error_len);
    else if (suppressions_format_of(text, len) == SUPPRESSIONS_TSAN)
        rc = suppressions_parse_tsan(s, path, text, len, error, error_len);
    else
        rc = suppressions_parse(s, path, text, len, error, error_len);
    free(text);
    return rc;
}

static int glob_matches_file(const char *glob, const char *file)
{
    if (!file)
        return 0;
    if (strchr(glob, '/'))
        return fnmatch(glob, file, 0) == 0;
    return fnmatch(glob, path_basename(file), 0) == 0;
}

static int rule_matches(const struct suppression_rule *r, const struct finding *f)
{
    if (r->kind >= 0 && (int)f->kind != r->kind)
        return 0;
    if (r->tools && (!f->tools || (f->tools & ~r->tools)))
        return 0;
    if (!strcmp(r->glob, "*"))
        return 1;
    for (size_t i = 0; i < f->nlocations; i++) {
        const struct location *l = &f->locations[i];
        if (r->match_file ? glob_matches_file(r->glob, l->file)
                          : l->function && fnmatch(r->glob, l->function, 0) == 0)
            return 1;
    }
    return 0;
}

const struct suppression_rule *suppressions_match(const struct suppressions *s,
                                                  const struct finding *f)
{
    for (size_t i = 0; i < s->count; i++)
        if (rule_matches(&s->rules[i], f))
            return &s->rules[i];
    return NULL;
}

size_t suppressions_apply(const struct suppressions *s, struct finding_list *list)
{
    size_t waived = 0;
    for (size_t i = 0; i < list->count; i++) {
        struct finding *f = &list->items[i];
        if (!finding_counts(f))
            continue;
        const struct suppression_rule *r = suppressions_match(s, f);
        if (r) {
            finding_waive(f, WAIVER_SUPPRESSED, r->origin);
            waived++;
        }
    }
    return waived;
}

void suppressions_free(struct suppressions *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->rules[i].glob);
        free(s->rules[i].origin);
    }
    free(s->rules);
    free(s->ignored_example);
    memset(s, 0, sizeof *s);
}
