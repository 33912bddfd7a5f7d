/* Fuzz target: the files a CI gate reads from a project, a suppression file
 * (--suppressions) and, for input that starts like JSON, a baseline
 * (--baseline). Whatever the bytes, parsing ends with a rule list or a
 * one-line error, and matching the rules against findings never crashes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "baseline.h"
#include "suppressions.h"

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
    if (suppressions_parse(&s, "fuzz.supp", text, size, error, sizeof error) != 0 &&
        (!error[0] || memchr(error, '\n', strlen(error))))
        __builtin_trap(); /* an error must be one non-empty line */
    suppressions_apply(&s, &list);
    suppressions_free(&s);

    if (size && (data[0] == '{' || data[0] == '[')) {
        struct baseline b;
        if (baseline_parse(&b, "fuzz.json", text, size, error, sizeof error) == 0)
            baseline_apply(&b, &list);
        baseline_free(&b);
    }
    finding_list_free(&list);
    return 0;
}
