/* The detector's lock-order graph (its DOT file) as a picture: drawn by
 * Graphviz's own library (libgvc) after a sanitizing copy, for racecheck
 * run --graph, check --graph and the audit's HTML summary alike. */
#ifndef RACECHECK_LOCK_GRAPH_DRAW_H
#define RACECHECK_LOCK_GRAPH_DRAW_H

#include <stddef.h>

enum lock_graph_format { LOCK_GRAPH_DOT, LOCK_GRAPH_SVG, LOCK_GRAPH_PNG };

/* The format a file name's extension asks for (.dot, .svg, .png; any case);
 * -1 for any other. */
int lock_graph_format_of(const char *path);

/* The DOT file at dot_path (written inside the watched program, so hostile)
 * drawn as SVG or PNG. Only the graph's structure and the attributes the
 * detector sets are kept (plain-text labels, red and bold cycles, dashed
 * read acquisitions, ellipse thread nodes, the wait-for clusters): never a
 * URL, an image or an HTML label; a graph past the size caps is cut to its
 * reported cycles. Returns malloc'd bytes (*len of them), or NULL with the
 * reason in why. On success why is "" or a note for the reader (a cut graph). */
char *lock_graph_draw(const char *dot_path, enum lock_graph_format format, size_t *len,
                      char *why, size_t whylen);

/* The graph for racecheck run/check --graph: the detector's DOT as it is for
 * LOCK_GRAPH_DOT, else drawn as above, and a graph with no edge drawn too.
 * With no DOT file to read (dot_path NULL or missing: the detector did not
 * get to write one), a graph that only says so, and the reason in note.
 * Returns malloc'd bytes (*len), or NULL with the reason in note (the DOT is
 * not valid, too large, or Graphviz failed). */
char *lock_graph_for_file(const char *dot_path, enum lock_graph_format format, size_t *len,
                          char *note, size_t notelen);

#endif
