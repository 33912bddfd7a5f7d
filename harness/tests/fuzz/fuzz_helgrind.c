/* Fuzz target: Valgrind's --xml=yes output (Helgrind). The file is written
 * while the program under test runs, which can write to it too. Whatever the
 * bytes: no crash, no leak, one well-formed finding per <error>, as many with
 * a filter as without. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_findings.h"
#include "tools/helgrind_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list plain = {0}, filtered = {0};
    fuzz_check_findings(&plain, helgrind_parse_xml(text, size, NULL, &plain), TOOL_HELGRIND);
    fuzz_check_findings(&filtered, helgrind_parse_xml(text, size, &fuzz_filter, &filtered), TOOL_HELGRIND);
    fuzz_check_same_findings(&plain, &filtered);
    finding_list_free(&plain);
    finding_list_free(&filtered);
    return 0;
}
