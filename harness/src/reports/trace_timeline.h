/* The detector's acquisition trace (Chrome trace-event JSON, written inside
 * the watched program and so read as hostile input) drawn as a per-thread
 * timeline for a slide: one lane per thread track, a bar per held lock, waits
 * hatched, findings marked by a vertical line, a time axis. SVG with text
 * only, or the same SVG in a small HTML page; no script, no external file. */
#ifndef RACECHECK_TRACE_TIMELINE_H
#define RACECHECK_TRACE_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads json_path and writes the picture to out_path (html: an HTML page
 * around it). 0, or -1 with one line of why in err. */
int trace_timeline_write(const char *json_path, const char *out_path, bool html, char *err,
                         size_t errlen);

#endif
