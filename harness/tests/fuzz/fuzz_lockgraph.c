/* Fuzz target: the detector's JSON report. The detector runs inside the
 * program under test and writes the report to its stderr or a file, so the
 * program can write there too. Whatever the bytes: no crash, no leak,
 * well-formed findings (or -1 and none), as many with a filter as without, a
 * note only as lockgraph's proof with its reason, and a report summary
 * (lockgraph_info) that holds together. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_findings.h"
#include "tools/lockgraph_parse.h"

static void check_info(const struct lockgraph_info *info)
{
    FUZZ_REQUIRE(info->nwarnings >= 0 && info->nwarnings <= 8, "warnings out of bounds");
    FUZZ_REQUIRE(!(info->truncated && info->complete), "a document both cut off and complete");
    for (int i = 0; i < info->nwarnings; i++)
        FUZZ_REQUIRE(memchr(info->warnings[i], '\0', sizeof info->warnings[i]),
                     "a warning without its NUL");
}

static void check_levels(const struct finding_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        const struct finding *f = &l->items[i];
        if (f->level == LEVEL_NOTE)
            FUZZ_REQUIRE(f->proven && f->note && f->note[0], "a note without proof or reason");
        else
            FUZZ_REQUIRE(!f->proven && !f->note, "an error with a note's fields");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list plain = {0}, filtered = {0};
    struct lockgraph_info info;
    fuzz_check_findings(&plain, lockgraph_parse_json_ex(text, size, NULL, &plain, &info),
                        TOOL_LOCKGRAPH);
    check_info(&info);
    check_levels(&plain);
    fuzz_check_findings(&filtered, lockgraph_parse_json(text, size, &fuzz_filter, &filtered),
                        TOOL_LOCKGRAPH);
    fuzz_check_same_findings(&plain, &filtered);
    finding_list_free(&plain);
    finding_list_free(&filtered);
    return 0;
}
