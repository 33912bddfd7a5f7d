/* DRD's reading of Valgrind's XML (drd.c). */
#ifndef RACECHECK_DRD_PARSE_H
#define RACECHECK_DRD_PARSE_H

#include <stddef.h>

#include "findings/finding.h"
#include "tools/frame_filter.h"

/* valgrind_parse_xml in DRD's dialect: findings of tool TOOL_DRD. */
int drd_parse_xml(const char *xml, size_t len, const struct frame_filter *filter, struct finding_list *out);

#endif
