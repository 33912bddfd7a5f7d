#include "reports/html_text.h"
#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

void html_escape(FILE *out, const char *s)
{
    if (!s)
        return;
    char *clean = report_clean_text(s);
    for (const char *p = clean; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out);
        }
    }
    free(clean);
}

void html_url_segment(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
}
