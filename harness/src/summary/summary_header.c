/* The summaries' header: what judged the class (OUT/audit.json, made by the
 * audit or the merge: audit/audit_header.h) as field and value lines that
 * summary.html, summary.md and summary-header.csv each print in their own
 * escaping. Every option is shown as it was in effect, given or default; a
 * file or folder with the SHA-256 of its content. */
#include "summary/summary_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value as text: null "(none)", true "yes", a file "PATH (sha256 HEX)". */
static void value_text(json_t *v, char *out, size_t len)
{
    if (!v || json_is_null(v)) {
        snprintf(out, len, "(none)");
    } else if (json_is_boolean(v)) {
        snprintf(out, len, "%s", json_is_true(v) ? "yes" : "no");
    } else if (json_is_integer(v)) {
        snprintf(out, len, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        snprintf(out, len, "%g", json_real_value(v));
    } else if (json_is_string(v)) {
        snprintf(out, len, "%s", json_string_value(v));
    } else if (json_is_object(v) && json_object_get(v, "sha256")) {
        const char *path = json_string_value(json_object_get(v, "path"));
        const char *hash = json_string_value(json_object_get(v, "sha256"));
        snprintf(out, len, "%s (sha256 %s)", path ? path : "?", hash ? hash : "?");
    } else if (json_is_array(v)) {
        size_t i, n = 0;
        json_t *x;
        out[0] = '\0';
        if (!json_array_size(v))
            snprintf(out, len, "(none)");
        json_array_foreach(v, i, x) {
            char one[1200];
            value_text(x, one, sizeof one);
            n = strlen(out);
            snprintf(out + n, len - n, "%s%s", i ? "; " : "", one);
        }
    } else {
        char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(out, len, "%s", dump ? dump : "?");
        free(dump);
    }
}

void summary_header_fields(const struct summary *s, summary_header_each each, void *ctx)
{
    json_t *h = s->header;
    char value[4096], field[256];
    if (!h) {
        each(ctx, "header", s->header_why[0] ? s->header_why
                                             : "none: this folder has no audit.json, so what judged these "
                                               "reports is unknown (not made by racecheck audit or merge)");
        return;
    }
    each(ctx, "racecheck version", json_string_value(json_object_get(h, "version")));
    snprintf(value, sizeof value, "%s", json_string_value(json_object_get(h, "date")));
    each(ctx, json_is_true(json_object_get(h, "merged")) ? "merged (UTC)" : "date (UTC)", value);
    each(ctx, "host", json_string_value(json_object_get(h, "host")));
    json_t *runs = json_object_get(h, "runs"), *run, *v;
    size_t i;
    json_array_foreach(runs, i, run) {
        const char *finished = json_string_value(json_object_get(run, "finished"));
        snprintf(value, sizeof value, "shard %s on %s, %s to %s", json_string_value(json_object_get(run, "shard")),
                 json_string_value(json_object_get(run, "host")), json_string_value(json_object_get(run, "date")),
                 finished ? finished : "(not finished)");
        each(ctx, "judged", value);
    }
    const char *key;
    json_object_foreach(json_object_get(h, "options"), key, v) {
        snprintf(field, sizeof field, "option --%s", key);
        value_text(v, value, sizeof value);
        each(ctx, field, value);
    }
    json_object_foreach(json_object_get(h, "toolchain"), key, v) {
        snprintf(field, sizeof field, "toolchain %s", key);
        value_text(v, value, sizeof value);
        each(ctx, field, value);
    }
}

void summary_score_text(const struct summary_entry *e, char *out, size_t len)
{
    if (e->has_score)
        snprintf(out, len, "%g of %g", e->score, e->max_score);
    else
        snprintf(out, len, "%s", "");
}
