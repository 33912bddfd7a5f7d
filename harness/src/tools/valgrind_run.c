/* A run under Valgrind, the same for every Valgrind tool: the command, and
 * the XML file it leaves read with the tool's dialect. */
#include "tools/valgrind_xml.h"

#include <stdio.h>
#include <stdlib.h>

int valgrind_prepare(const struct tool_job *job, struct tool_invocation *inv, const char *tool)
{
    snprintf(inv->log, sizeof inv->log, "%s/%s-%d.xml", job->workdir, tool, job->run);
    inv->argv[inv->argc++] = "valgrind";
    inv->argv[inv->argc++] = tool_keep(inv, 0, "--tool=%s", tool);
    inv->argv[inv->argc++] = "--xml=yes";
    inv->argv[inv->argc++] = tool_keep(inv, 1, "--xml-file=%s", inv->log);
    inv->argv[inv->argc++] = "-q";
    return 0;
}

int valgrind_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res,
                  const struct valgrind_dialect *dialect)
{
    size_t len = 0;
    char *text = tool_read_file(inv->log, &len);
    if (text) {
        valgrind_parse_xml(text, len, job->filter, dialect, &job->findings);
        free(text);
        return 0;
    }
    if (res->timed_out)
        return 0;
    snprintf(job->reason, sizeof job->reason, "valgrind wrote no report: %.200s", res->err ? res->err : "");
    return -1;
}
