/* Text into HTML pages (the audit summary, the crosscheck page): every
 * string that came from a program, a report or a file name goes through one
 * of these, so no page carries markup someone else wrote. */
#ifndef RACECHECK_HTML_TEXT_H
#define RACECHECK_HTML_TEXT_H

#include <stdio.h>

/* s as HTML text, safe in an element and in a quoted attribute; control
 * characters and invalid UTF-8 cleaned as in every report. */
void html_escape(FILE *out, const char *s);
/* s as one segment of a relative URL: every byte but unreserved ones
 * percent-encoded, so it is safe in an href and inside an attribute. */
void html_url_segment(FILE *out, const char *s);

#endif
