/* Fuzz target: the files a CI gate reads from a project, a suppression file
 * (--suppressions) and, for input that starts like JSON, a baseline
 * (--baseline). Whatever the bytes, parsing ends with a rule list or a
 * one-line error, and matching the rules against findings never crashes. */
#include <stddef.h>
#include <stdint.h>

#include "findings/baseline.h"
#include "fuzz_findings.h"
#include "findings/suppressions.h"

/* findings with every shape the matcher meets: full, partial, no locations */
static void sample_findings(struct finding_list *list)
{
    struct finding *f = finding_list_add(list, KIND_DATA_RACE, TOOL_TSAN, "race");
    finding_add_location(f, "/src/project/racy.c", 11, "inc");
    finding_add_location(f, "racy.c", 30, "main");
    f = finding_list_add(list, KIND_LOCK_ORDER_INVERSION, TOOL_LOCKGRAPH, "cycle");
    f->tools |= 1u << TOOL_HELGRIND;
    finding_add_location(f, NULL, 0, "worker_a");
    finding_add_location(f, "dir/abba.c", 0, NULL);
    finding_list_add(list, KIND_HANG, TOOL_LOCKGRAPH, "no progress");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char error[300];
    struct finding_list list = {0};
    sample_findings(&list);

    struct suppressions s = {0};
    error[0] = '\0';
    if (suppressions_parse(&s, "fuzz.supp", text, size, error, sizeof error) != 0)
        fuzz_check_error(error);
    for (size_t i = 0; i < s.count; i++) {
        const struct suppression_rule *r = &s.rules[i];
        FUZZ_REQUIRE(r->kind >= -1 && r->kind < KIND_COUNT, "a rule of no known kind");
        FUZZ_REQUIRE(r->glob && r->glob[0] && r->origin, "a rule without its glob or origin");
        FUZZ_REQUIRE(r->tools < 1u << TOOL_COUNT, "a rule naming an unknown tool");
    }
    size_t waived = suppressions_apply(&s, &list);
    size_t marked = 0;
    for (size_t i = 0; i < list.count; i++)
        marked += list.items[i].waiver == WAIVER_SUPPRESSED && list.items[i].waived_by;
    FUZZ_REQUIRE(waived == marked && (!waived || s.count), "waived findings not as counted");
    suppressions_free(&s);

    if (size && (data[0] == '{' || data[0] == '[')) {
        struct baseline b;
        error[0] = '\0';
        if (baseline_parse(&b, "fuzz.json", text, size, error, sizeof error) == 0) {
            for (size_t i = 1; i < b.count; i++)
                FUZZ_REQUIRE(strcmp(b.fingerprints[i - 1], b.fingerprints[i]) <= 0,
                             "fingerprints not sorted (baseline_knows bsearches them)");
            baseline_apply(&b, &list);
            for (size_t i = 0; i < list.count; i++)
                if (list.items[i].waiver == WAIVER_BASELINE)
                    FUZZ_REQUIRE(baseline_knows(&b, &list.items[i]), "waived but not known");
        } else {
            fuzz_check_error(error);
        }
        baseline_free(&b);
    }
    finding_list_free(&list);
    return 0;
}
