/* The options of a command line that can change a verdict or a score, as the
 * audit's header states them (audit/audit_header.h). Read from the command's
 * grammar, so a new audit option is stated without an edit here; only the
 * few that cannot change what is judged are left out, by name below. */
#include "cli/cli.h"
#include "audit/audit_header.h"
#include "findings/finding.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Where the reports go, how many at once, which share: never the verdict. */
static int judges(enum cli_option_id id)
{
    return id != OPT_HELP && id != OPT_OUTPUT && id != OPT_JOBS && id != OPT_SHARD;
}

/* A file or folder option is stated by its content. */
enum content { CONTENT_NONE, CONTENT_FILE, CONTENT_TREE };
static enum content content_of(enum cli_option_id id)
{
    switch (id) {
    case OPT_STDIN:
    case OPT_RUBRIC:
    case OPT_SUPPRESSIONS:
        return CONTENT_FILE;
    case OPT_OVERLAY:
        return CONTENT_TREE;
    default:
        return CONTENT_NONE;
    }
}

static json_t *value_of(const struct cli_use *u, const char *v, char *err, size_t errlen)
{
    const struct cli_option *o = &cli_options[u->id];
    enum content c = content_of(u->id);
    if (!v)
        return json_null();
    if (c != CONTENT_NONE) {
        char hex[65], real[PATH_MAX], why[400];
        int rc = c == CONTENT_FILE ? audit_sha256_file(v, hex, why, sizeof why)
                                   : audit_sha256_tree(v, hex, why, sizeof why);
        if (rc != 0) {
            snprintf(err, errlen, "--%s: %s", o->name, why);
            return NULL;
        }
        json_t *path = json_string(realpath(v, real) ? real : v);
        return json_pack("{s:o, s:s}", "path", path ? path : json_string("(not UTF-8)"), "sha256", hex);
    }
    switch (o->type) {
    case CLI_INT:
        return json_integer(strtol(v, NULL, 10));
    case CLI_SECONDS:
        return json_real(strtod(v, NULL));
    case CLI_TOOLS: {
        unsigned bits = 0;
        char list[256] = "";
        tool_set_parse(v, &bits);
        for (int t = 0; t < TOOL_COUNT; t++)
            if (bits & (1u << t)) {
                size_t n = strlen(list);
                snprintf(list + n, sizeof list - n, "%s%s", n ? "," : "", tool_name((enum tool_id)t));
            }
        return json_string(list);
    }
    default: {
        json_t *s = json_string(v);
        return s ? s : json_string("(not UTF-8)");
    }
    }
}

struct json_t *cli_judging_options(const struct cli_args *a, char *err, size_t errlen)
{
    json_t *opts = json_object();
    for (const struct cli_use *u = a->cmd->uses; u < a->cmd->uses + a->cmd->nuses; u++) {
        if (u->hidden || !judges(u->id))
            continue;
        const struct cli_option *o = &cli_options[u->id];
        json_t *v;
        if (o->type == CLI_FLAG) {
            v = json_boolean(cli_is_set(a, u->id));
        } else if (o->repeats) {
            v = json_array();
            for (int i = 0; v && i < a->ngiven[u->id]; i++) {
                json_t *one = value_of(u, a->given[u->id][i], err, errlen);
                if (!one) {
                    json_decref(v);
                    v = NULL;
                } else {
                    json_array_append_new(v, one);
                }
            }
        } else {
            v = value_of(u, cli_text(a, u->id), err, errlen);
        }
        if (!v) {
            json_decref(opts);
            return NULL;
        }
        json_object_set_new(opts, o->name, v);
    }
    return opts;
}
