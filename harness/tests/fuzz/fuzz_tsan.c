/* Fuzz target: ThreadSanitizer's text output, which the program under test
 * shares its stderr with (and can forge). Whatever the bytes: no crash, no
 * leak, one well-formed finding per report, as many with a filter as without. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_findings.h"
#include "tools/tsan_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list plain = {0}, filtered = {0};
    fuzz_check_findings(&plain, tsan_parse(text, size, NULL, &plain), TOOL_TSAN);
    fuzz_check_findings(&filtered, tsan_parse(text, size, &fuzz_filter, &filtered), TOOL_TSAN);
    fuzz_check_same_findings(&plain, &filtered);
    finding_list_free(&plain);
    finding_list_free(&filtered);
    return 0;
}
