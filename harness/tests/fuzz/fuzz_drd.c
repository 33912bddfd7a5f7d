/* Fuzz target: Valgrind's --xml=yes output in DRD's dialect. The file is
 * written while the program under test runs, which can write to it too.
 * Whatever the bytes: no crash, no leak, one well-formed finding of DRD's per
 * <error>, as many with a filter as without. Seeds: tests/fixtures/drd/. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_findings.h"
#include "tools/drd_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list plain = {0}, filtered = {0};
    fuzz_check_findings(&plain, drd_parse_xml(text, size, NULL, &plain), TOOL_DRD);
    fuzz_check_findings(&filtered, drd_parse_xml(text, size, &fuzz_filter, &filtered), TOOL_DRD);
    fuzz_check_same_findings(&plain, &filtered);
    finding_list_free(&plain);
    finding_list_free(&filtered);
    return 0;
}
