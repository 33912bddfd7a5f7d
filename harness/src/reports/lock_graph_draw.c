/* The detector's lock-order graph drawn by Graphviz's own library (libgvc).
 * The DOT file was written inside the watched program (a student's, in an
 * audit), so it is treated as hostile: it is parsed, and only its nodes, its
 * edges, its clusters (the wait-for graph of a deadlock) and the attributes
 * the detector sets are copied into a fresh graph before layout: plain-text
 * labels of bounded length, red and bold for a reported cycle, dashed for a
 * read acquisition, an ellipse for a thread. No URL, image, HTML label or
 * font reaches the picture, and a graph past the caps is cut to its cycles. */
#include "reports/lock_graph_draw.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#define GRAPH_MAX_DOT_BYTES (4L << 20)
#define GRAPH_MAX_NODES 120
#define GRAPH_MAX_EDGES 240
#define GRAPH_MAX_CLUSTERS 8
#define GRAPH_MAX_LABEL 200

int lock_graph_format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return -1;
    if (!strcasecmp(dot, ".dot"))
        return LOCK_GRAPH_DOT;
    if (!strcasecmp(dot, ".svg"))
        return LOCK_GRAPH_SVG;
    if (!strcasecmp(dot, ".png"))
        return LOCK_GRAPH_PNG;
    return -1;
}

/* The file's text, or NULL with why: a missing or irregular file (*missing
 * set), or one too large. */
static char *read_capped(const char *path, size_t *len, int *missing, char *why, size_t whylen)
{
    *missing = 0;
    int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        *missing = 1;
        snprintf(why, whylen, "no readable lock graph");
        return NULL;
    }
    if (st.st_size > GRAPH_MAX_DOT_BYTES) {
        close(fd);
        snprintf(why, whylen, "the lock graph is too large to draw (%lld bytes)", (long long)st.st_size);
        return NULL;
    }
    char *text = malloc((size_t)st.st_size + 1);
    if (!text)
        abort();
    ssize_t n = read(fd, text, (size_t)st.st_size);
    close(fd);
    *len = n > 0 ? (size_t)n : 0;
    text[*len] = '\0';
    return text;
}

static int attr_is(void *obj, const char *name, const char *value)
{
    const char *v = agget(obj, (char *)name);
    return v && !strcmp(v, value);
}

/* obj's label when it is plain text of a sane length, else NULL. */
static const char *plain_label(void *obj)
{
    char *label = agget(obj, "label");
    if (!label || !*label || !strcmp(label, "\\N") || aghtmlstr(label) || strlen(label) >= GRAPH_MAX_LABEL)
        return NULL;
    return label;
}

static void set_red(void *obj)
{
    agset(obj, "color", "red");
    agset(obj, "fontcolor", "red");
    agset(obj, "style", "bold");
    agset(obj, "penwidth", "2");
}

/* A new node of g for src's node n: its label if plain text, an ellipse
 * (a thread of a wait-for graph) or a box, red when n is. */
static Agnode_t *copy_node(Agraph_t *g, Agnode_t *n)
{
    Agnode_t *copy = agnode(g, agnameof(n), 1);
    if (!copy)
        return NULL;
    const char *label = plain_label(n);
    if (label)
        agset(copy, "label", (char *)label);
    if (attr_is(n, "shape", "ellipse"))
        agset(copy, "shape", "ellipse");
    if (attr_is(n, "color", "red"))
        set_red(copy);
    return copy;
}

/* A fresh graph with the edges of src (only the red ones when red_only) and
 * its clusters, renamed, holding the copied nodes that src's held. */
static Agraph_t *sanitized_copy(Agraph_t *src, int red_only, int *nnodes, int *nedges)
{
    Agraph_t *g = agopen("lockgraph", Agdirected, NULL);
    agattr(g, AGRAPH, "label", "");
    agattr(g, AGRAPH, "color", "black");
    agattr(g, AGNODE, "shape", "box");
    /* no fontname: Graphviz 2.42's pango plugin keeps a pointer to the last
     * font name, which agclose frees; its built-in default stays valid */
    agattr(g, AGNODE, "fontsize", "11");
    agattr(g, AGNODE, "label", "\\N");
    agattr(g, AGNODE, "color", "black");
    agattr(g, AGNODE, "fontcolor", "black");
    agattr(g, AGNODE, "style", "solid");
    agattr(g, AGNODE, "penwidth", "1");
    agattr(g, AGEDGE, "label", "");
    agattr(g, AGEDGE, "fontsize", "9");
    agattr(g, AGEDGE, "color", "black");
    agattr(g, AGEDGE, "fontcolor", "black");
    agattr(g, AGEDGE, "penwidth", "1");
    agattr(g, AGEDGE, "style", "solid");
    *nnodes = *nedges = 0;
    for (Agnode_t *n = agfstnode(src); n; n = agnxtnode(src, n)) {
        for (Agedge_t *e = agfstout(src, n); e; e = agnxtout(src, e)) {
            int red = attr_is(e, "color", "red");
            if (red_only && !red)
                continue;
            Agnode_t *from = agnode(g, agnameof(agtail(e)), 0);
            Agnode_t *to = agnode(g, agnameof(aghead(e)), 0);
            if (!from) {
                from = copy_node(g, agtail(e));
                ++*nnodes;
            }
            if (!to) {
                to = copy_node(g, aghead(e));
                ++*nnodes;
            }
            Agedge_t *copy = agedge(g, from, to, NULL, 1);
            ++*nedges;
            const char *label = plain_label(e);
            if (label)
                agset(copy, "label", (char *)label);
            if (red)
                set_red(copy);
            else if (attr_is(e, "style", "dashed"))
                agset(copy, "style", "dashed");
        }
    }
    int nclusters = 0;
    for (Agraph_t *s = agfstsubg(src); s && nclusters < GRAPH_MAX_CLUSTERS; s = agnxtsubg(s)) {
        if (strncmp(agnameof(s), "cluster", 7) != 0)
            continue;
        char name[32];
        snprintf(name, sizeof name, "cluster_%d", ++nclusters);
        Agraph_t *sub = agsubg(g, name, 1);
        const char *label = plain_label(s);
        if (label)
            agset(sub, "label", (char *)label);
        if (attr_is(s, "color", "red"))
            agset(sub, "color", "red");
        for (Agnode_t *n = agfstnode(s); n; n = agnxtnode(s, n)) {
            Agnode_t *copy = agnode(g, agnameof(n), 0);
            if (copy)
                agsubnode(sub, copy, 1);
        }
    }
    return g;
}

/* g laid out and rendered in format; malloc'd bytes, or NULL with why. */
static char *render(Agraph_t *g, enum lock_graph_format format, size_t *len, char *why, size_t whylen)
{
    /* one context per process: making and freeing one per graph leaks its
     * plugin configuration each time */
    static GVC_t *gvc;
    if (!gvc)
        gvc = gvContext();
    const char *name = format == LOCK_GRAPH_PNG ? "png" : "svg";
    if (format == LOCK_GRAPH_PNG)
        agattr(g, AGRAPH, "dpi", "144");      /* sharp enough for a slide */
    char *data = NULL, *out = NULL;
    unsigned int n = 0;
    if (gvLayout(gvc, g, "dot") != 0) {
        snprintf(why, whylen, "Graphviz could not lay out the lock graph");
        return NULL;
    }
    if (gvRenderData(gvc, g, name, &data, &n) != 0 || !data || !n) {
        snprintf(why, whylen, "Graphviz could not render the lock graph as %s",
                 format == LOCK_GRAPH_PNG ? "PNG" : "SVG");
    } else {
        if (!(out = malloc(n + 1)))
            abort();
        memcpy(out, data, n);
        out[n] = '\0';
        *len = n;
    }
    if (data)
        gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
    return out;
}

/* The DOT text drawn; with allow_empty a graph with no edge is drawn too.
 * *too_large says a NULL was for the size caps. */
static char *draw_text(const char *text, enum lock_graph_format format, int allow_empty, size_t *len,
                       int *too_large, char *why, size_t whylen)
{
    *too_large = 0;
    agseterr(AGMAX);    /* no Graphviz messages on stderr: the caller says what failed */
    Agraph_t *src = agmemread(text);
    if (!src) {
        snprintf(why, whylen, "the lock graph is not valid DOT");
        return NULL;
    }
    int nnodes, nedges, cut = 0;
    Agraph_t *g = sanitized_copy(src, 0, &nnodes, &nedges);
    if (nnodes > GRAPH_MAX_NODES || nedges > GRAPH_MAX_EDGES) {
        /* too large: the reported cycles alone are what the findings are about */
        agclose(g);
        g = sanitized_copy(src, 1, &nnodes, &nedges);
        cut = 1;
    }
    agclose(src);
    if ((nedges == 0 && (cut || !allow_empty)) || nnodes > GRAPH_MAX_NODES || nedges > GRAPH_MAX_EDGES) {
        agclose(g);
        *too_large = cut;
        if (!cut)
            snprintf(why, whylen, "the lock graph has no edges");
        else if (nedges == 0)
            snprintf(why, whylen, "the lock graph is too large to draw and has no reported cycle");
        else
            snprintf(why, whylen, "the lock graph is too large to draw (%d locks in its cycles)", nnodes);
        return NULL;
    }
    if (nedges == 0)
        agset(g, "label", "no lock-order edges: no thread took a lock while holding another");
    char *out = render(g, format, len, why, whylen);
    agclose(g);
    if (out && cut)
        snprintf(why, whylen, "only the reported cycles are drawn: the whole graph is too large");
    return out;
}

char *lock_graph_draw(const char *dot_path, enum lock_graph_format format, size_t *len, char *why,
                      size_t whylen)
{
    if (whylen)
        why[0] = '\0';
    size_t n;
    int missing;
    char *text = read_capped(dot_path, &n, &missing, why, whylen);
    if (!text)
        return NULL;
    int too_large;
    char *out = draw_text(text, format, 0, len, &too_large, why, whylen);
    free(text);
    return out;
}

#define NO_GRAPH_NOTE "no lock graph: lockgraph wrote none (the program did not run under it, or was stopped before its end)"

/* A graph that only says note (plain text, no quote or backslash), in format. */
static char *note_graph(const char *note, enum lock_graph_format format, size_t *len)
{
    char *text = NULL;
    if (asprintf(&text, "digraph lockgraph {\n  label=\"%s\";\n}\n", note) < 0)
        abort();
    if (format == LOCK_GRAPH_DOT) {
        *len = strlen(text);
        return text;
    }
    Agraph_t *g = agmemread(text);
    free(text);
    char why[200];
    char *out = g ? render(g, format, len, why, sizeof why) : NULL;
    if (g)
        agclose(g);
    return out;
}

char *lock_graph_for_file(const char *dot_path, enum lock_graph_format format, size_t *len,
                          char *note, size_t notelen)
{
    if (notelen)
        note[0] = '\0';
    size_t n = 0;
    int missing, too_large = 0;
    char *text = read_capped(dot_path, &n, &missing, note, notelen);
    if (!text && !missing)
        too_large = 1;      /* over the byte cap */
    if (!text && missing) {
        /* a graph that says why, so the file a slide links to exists */
        snprintf(note, notelen, "%s", NO_GRAPH_NOTE);
        return note_graph(NO_GRAPH_NOTE, format, len);
    }
    if (text && format == LOCK_GRAPH_DOT) {
        *len = n;
        return text;    /* as the detector wrote it */
    }
    char *out = text ? draw_text(text, format, 1, len, &too_large, note, notelen) : NULL;
    free(text);
    if (!out && too_large)
        out = note_graph(note, format, len);     /* the cap's own words: no quote in them */
    return out;
}
