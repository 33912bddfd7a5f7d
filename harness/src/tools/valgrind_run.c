/* A run under Valgrind, the same for every Valgrind tool: the command, the
 * XML file it leaves read with the tool's dialect, and whether Valgrind
 * itself broke (then the run says nothing about the program). */
#include "tools/valgrind_xml.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Appends the line at p to out, without Valgrind's "==PID==" or "--PID--"
 * prefix and surrounding blanks; returns the start of the next line. */
static const char *take_line(const char *p, char *out, size_t size)
{
    const char *end = strchr(p, '\n');
    if (!end)
        end = p + strlen(p);
    if ((p[0] == '=' && p[1] == '=') || (p[0] == '-' && p[1] == '-')) {
        const char *q = p + 2;
        while (q < end && (isdigit((unsigned char)*q) || *q == ':'))
            q++;
        if (q + 1 < end && q[0] == p[0] && q[1] == p[0])
            p = q + 2;
    }
    while (p < end && isspace((unsigned char)*p))
        p++;
    const char *stop = end;
    while (stop > p && isspace((unsigned char)stop[-1]))
        stop--;
    size_t used = strlen(out);
    if (stop > p && used + 1 < size)
        snprintf(out + used, size - used, "%s%.*s", used ? " " : "", (int)(stop - p), p);
    return *end ? end + 1 : end;
}

/* Valgrind's words when it fails: an internal error (its own crash), a
 * panic or failed assertion ("valgrind: m_x.c:12 (fn): Assertion 'e'
 * failed." -- glibc's assert quotes with a backtick), its out of memory. A
 * line ending in ':' is continued by the next (the reason of a panic). */
static int valgrind_message(const char *err, char *why, size_t size)
{
    static const char *const markers[] = {"VALGRIND INTERNAL ERROR", "the 'impossible' happened",
                                          "): Assertion '", "Valgrind's memory management: out of memory",
                                          NULL};
    for (int i = 0; err && markers[i]; i++) {
        const char *p = strstr(err, markers[i]);
        if (!p)
            continue;
        while (p > err && p[-1] != '\n')
            p--;
        why[0] = '\0';
        const char *next = take_line(p, why, size);
        while (*why && why[strlen(why) - 1] == ':' && *next)
            next = take_line(next, why, size);
        return 1;
    }
    return 0;
}

/* 1 when the XML records that the program itself died of signal sig */
static int program_died_of(const char *xml, int sig)
{
    for (const char *p = xml; (p = strstr(p, "<fatal_signal>")); p++) {
        const char *end = strstr(p, "</fatal_signal>"), *no = strstr(p, "<signo>");
        if (end && no && no < end && atoi(no + 7) == sig)
            return 1;
    }
    return 0;
}

int valgrind_broke(const char *xml, const struct proc_result *res, char *why, size_t size)
{
    if (valgrind_message(res->err, why, size))
        return 1;
    if (res->timed_out || res->output_limited || res->cancelled)
        return 0;   /* stopped by us: the report may be cut, Valgrind did not break */
    if (xml && !strstr(xml, "<valgrindoutput"))
        xml = NULL;     /* an empty file: it broke before writing a word */
    /* its startup errors say "valgrind: ..." */
    const char *line = !xml && res->err ? strstr(res->err, "valgrind: ") : NULL;
    if (line) {
        why[0] = '\0';
        take_line(line, why, size);
        return 1;
    }
    /* Valgrind records the program's fatal signal (<fatal_signal>) and then
     * dies of it; a program's SIGKILL of itself it cannot record, but it
     * finishes its report first. Any other death is Valgrind's own. */
    if (res->signaled && !(xml && (program_died_of(xml, res->signal) ||
                                   (res->signal == SIGKILL && strstr(xml, "<state>FINISHED</state>"))))) {
        snprintf(why, size, "valgrind crashed: killed by signal %d (%s)%s", res->signal,
                 strsignal(res->signal), xml ? ", not the program" : " before writing its report");
        return 1;
    }
    if (!xml) {
        snprintf(why, size, "valgrind wrote no report (exit %d)", res->exit_status);
        return 1;
    }
    return 0;
}

int valgrind_read(struct tool_job *job, const struct tool_invocation *inv, const struct proc_result *res,
                  const struct valgrind_dialect *dialect)
{
    size_t len = 0;
    char *text = tool_read_file(inv->log, &len);
    char why[200];
    if (valgrind_broke(text, res, why, sizeof why)) {
        snprintf(job->reason, sizeof job->reason, "%s", why);
        free(text);
        return -1;
    }
    if (text)
        valgrind_parse_xml(text, len, job->filter, dialect, &job->findings);
    free(text);
    return 0;
}
