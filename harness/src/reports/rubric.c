#include "reports/rubric.h"
#include "reports/report.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const visibilities[] = {"hidden", "after_due_date", "after_published", "visible", NULL};

void rubric_default(struct rubric *r)
{
    memset(r, 0, sizeof *r);
    r->maximum = 1;
    for (int k = 0; k < KIND_COUNT; k++)
        r->points[k] = 1;
}

/* A points value: a finite number from 0 to 1e6. */
static int points_of(json_t *v, double *out)
{
    if (!json_is_number(v))
        return -1;
    double x = json_number_value(v);
    if (!isfinite(x) || x < 0 || x > 1e6)
        return -1;
    *out = x;
    return 0;
}

int rubric_load(struct rubric *r, const char *path, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
        return -1;
    }
    int rc = -1;
    const char *key;
    json_t *v, *points = json_object_get(root, "points");
    if (!json_is_object(root))
        snprintf(err, errlen, "%s: a rubric is a JSON object", path);
    else if (points_of(json_object_get(root, "maximum"), &r->maximum) != 0)
        snprintf(err, errlen, "%s: \"maximum\" must be a number from 0 to 1000000", path);
    else if (points && !json_is_object(points))
        snprintf(err, errlen, "%s: \"points\" must be an object of KIND: POINTS", path);
    else
        rc = 0;
    /* "*" first: the kinds it names after it keep their own */
    double other = 0;
    json_t *star = points ? json_object_get(points, "*") : NULL;
    if (rc == 0 && star && points_of(star, &other) != 0) {
        snprintf(err, errlen, "%s: points of \"*\" must be a number from 0 to 1000000", path);
        rc = -1;
    }
    for (int k = 0; k < KIND_COUNT; k++)
        r->points[k] = other;
    if (rc == 0 && points) {
        json_object_foreach(points, key, v) {
            if (!strcmp(key, "*"))
                continue;
            int k = finding_kind_from_name(key);
            if (k < 0 || points_of(v, &r->points[k]) != 0) {
                snprintf(err, errlen, "%s: \"points\": %s \"%.40s\"", path,
                         k < 0 ? "unknown finding kind" : "needs a number from 0 to 1000000 for", key);
                rc = -1;
                break;
            }
            r->named[k] = 1;
        }
    }
    json_t *vis = json_object_get(root, "visibility");
    if (rc == 0 && vis) {
        int known = 0;
        for (int i = 0; json_is_string(vis) && visibilities[i]; i++)
            known |= !strcmp(json_string_value(vis), visibilities[i]);
        if (!known) {
            snprintf(err, errlen, "%s: \"visibility\" must be hidden, after_due_date, after_published or "
                                  "visible", path);
            rc = -1;
        } else {
            snprintf(r->visibility, sizeof r->visibility, "%s", json_string_value(vis));
        }
    }
    /* an unknown key is most likely a typo that would change scores */
    if (rc == 0) {
        json_object_foreach(root, key, v) {
            if (strcmp(key, "maximum") && strcmp(key, "points") && strcmp(key, "visibility")) {
                snprintf(err, errlen, "%s: unknown key \"%.40s\" (maximum, points, visibility)", path, key);
                rc = -1;
                break;
            }
        }
    }
    json_decref(root);
    return rc;
}

double rubric_score(const struct rubric *r, const struct report *rep, double lost[KIND_COUNT])
{
    int found[KIND_COUNT] = {0};
    for (size_t i = 0; i < rep->findings.count; i++)
        if (finding_counts(&rep->findings.items[i]))
            found[rep->findings.items[i].kind] = 1;
    double score = r->maximum;
    for (int k = 0; k < KIND_COUNT; k++) {
        double cost = found[k] ? r->points[k] : 0;
        if (lost)
            lost[k] = cost;
        score -= cost;
    }
    if (rep->error_message && !report_program_ran(rep))
        score = 0;          /* it did not build: nothing ran */
    return score > 0 ? score : 0;
}
