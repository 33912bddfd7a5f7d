/* Properties every parser's output keeps, whatever its input: what the merge
 * step and the printers rely on. A broken one stops the fuzzer with a message
 * (libFuzzer then saves the input). Control bytes in summaries, files and
 * functions are allowed: every printer cleans text (report_clean_text). */
#ifndef RACECHECK_FUZZ_FINDINGS_H
#define RACECHECK_FUZZ_FINDINGS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"

#define FUZZ_REQUIRE(cond, what)                                                          \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "fuzz property broken: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

static inline int fuzz_same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* An error message, which the command prints as it is after its name: one
 * non-empty line of printable bytes. */
static inline void fuzz_check_error(const char *error)
{
    FUZZ_REQUIRE(error[0], "an error path that set no message");
    for (const unsigned char *p = (const unsigned char *)error; *p; p++)
        FUZZ_REQUIRE(*p >= 0x20 && *p != 0x7f, "a control byte in an error message");
}

/* list holds exactly the count findings the parser said it appended (none
 * for -1), each seen by tool alone, of a known kind, with a summary. */
static inline void fuzz_check_findings(const struct finding_list *list, int count,
                                       enum tool_id tool)
{
    FUZZ_REQUIRE(count < 0 ? list->count == 0 : list->count == (size_t)count,
                 "the returned count is not the number of findings appended");
    for (size_t i = 0; i < list->count; i++) {
        const struct finding *f = &list->items[i];
        FUZZ_REQUIRE((unsigned)f->kind < KIND_COUNT, "a finding of no known kind");
        FUZZ_REQUIRE(f->tools == 1u << tool && f->runs[tool] == 1, "a finding of another tool");
        FUZZ_REQUIRE(f->summary && f->summary[0], "a finding without a summary");
        FUZZ_REQUIRE(f->waiver == WAIVER_NONE && !f->waived_by, "a parsed finding is waived");
        FUZZ_REQUIRE(!f->nlocations || f->locations, "locations counted but missing");
        for (size_t j = 0; j < f->nlocations; j++) {
            const struct location *l = &f->locations[j];
            FUZZ_REQUIRE(l->line >= 0, "a negative line number");
            FUZZ_REQUIRE(!l->file || l->file[0], "an empty file name instead of NULL");
            FUZZ_REQUIRE(!l->function || l->function[0], "an empty function name instead of NULL");
            for (size_t k = 0; k < j; k++)
                FUZZ_REQUIRE(l->line != f->locations[k].line ||
                                 !fuzz_same_str(l->file, f->locations[k].file) ||
                                 !fuzz_same_str(l->function, f->locations[k].function),
                             "a location repeated");
        }
    }
}

/* Two readings of the same input, with and without a list of program files:
 * the filter chooses locations, never which findings there are. */
static inline void fuzz_check_same_findings(const struct finding_list *a,
                                            const struct finding_list *b)
{
    FUZZ_REQUIRE(a->count == b->count, "the frame filter changed the number of findings");
    for (size_t i = 0; i < a->count; i++)
        FUZZ_REQUIRE(a->items[i].kind == b->items[i].kind, "the frame filter changed a kind");
}

static const char *const fuzz_program_files[] = {"racy.c", "src/abba.c", "/tmp/x/main.c"};
static const struct frame_filter fuzz_filter = {fuzz_program_files, 3};

#endif
