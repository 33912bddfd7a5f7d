/* The detector's lock-order graph (lockgraph.dot) drawn as SVG by Graphviz's
 * own library (libgvc), for the HTML summary. The DOT file was written inside
 * a student's process, so it is treated as hostile: it is parsed, and only
 * its nodes, its edges and the two attributes the detector sets (red for a
 * reported cycle, dashed for a read acquisition) and a plain-text node label
 * (the lock's name; nodes are keyed by lock id) are copied into a fresh
 * graph before layout; no URL, image or HTML label reaches the page. On
 * success why is "" or a note for the reader (a graph cut to its cycles). */
#include "summary/summary_model.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#define GRAPH_MAX_DOT_BYTES (4L << 20)
#define GRAPH_MAX_NODES 120
#define GRAPH_MAX_EDGES 240

static char *read_capped(const char *path, char *why, size_t whylen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
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
    text[n > 0 ? n : 0] = '\0';
    return text;
}

static int is_red(Agedge_t *e)
{
    const char *c = agget(e, "color");
    return c && !strcmp(c, "red");
}

/* A new node of g for src's node n, with n's label if it is plain text. */
static Agnode_t *copy_node(Agraph_t *g, Agnode_t *n)
{
    Agnode_t *copy = agnode(g, agnameof(n), 1);
    char *label = agget(n, "label");
    if (copy && label && *label && strcmp(label, "\\N") && !aghtmlstr(label) && strlen(label) < 200)
        agset(copy, "label", label);
    return copy;
}

/* A fresh graph with the edges of src (only the red ones when red_only). */
static Agraph_t *sanitized_copy(Agraph_t *src, int red_only, int *nnodes, int *nedges)
{
    Agraph_t *g = agopen("lockgraph", Agdirected, NULL);
    agattr(g, AGNODE, "shape", "box");
    /* no fontname: Graphviz 2.42's pango plugin keeps a pointer to the last
     * font name, which agclose frees; its built-in default stays valid */
    agattr(g, AGNODE, "fontsize", "11");
    agattr(g, AGNODE, "label", "\\N");
    agattr(g, AGEDGE, "color", "black");
    agattr(g, AGEDGE, "penwidth", "1");
    agattr(g, AGEDGE, "style", "solid");
    *nnodes = *nedges = 0;
    for (Agnode_t *n = agfstnode(src); n; n = agnxtnode(src, n)) {
        for (Agedge_t *e = agfstout(src, n); e; e = agnxtout(src, e)) {
            int red = is_red(e);
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
            if (red) {
                agset(copy, "color", "red");
                agset(copy, "penwidth", "2");
            } else {
                const char *style = agget(e, "style");
                if (style && !strcmp(style, "dashed"))
                    agset(copy, "style", "dashed");
            }
        }
    }
    return g;
}

char *lock_graph_svg(const char *dot_path, char *why, size_t whylen)
{
    if (whylen)
        why[0] = '\0';
    char *text = read_capped(dot_path, why, whylen);
    if (!text)
        return NULL;
    agseterr(AGMAX);    /* no Graphviz messages on stderr: the page says what failed */
    Agraph_t *src = agmemread(text);
    free(text);
    if (!src) {
        snprintf(why, whylen, "the lock graph is not valid DOT");
        return NULL;
    }
    int nnodes, nedges, cut = 0;
    Agraph_t *g = sanitized_copy(src, 0, &nnodes, &nedges);
    if (nnodes > GRAPH_MAX_NODES || nedges > GRAPH_MAX_EDGES) {
        /* too large: the reported cycles alone are what the finding is about */
        agclose(g);
        g = sanitized_copy(src, 1, &nnodes, &nedges);
        cut = 1;
    }
    agclose(src);
    if (nedges == 0 || nnodes > GRAPH_MAX_NODES || nedges > GRAPH_MAX_EDGES) {
        agclose(g);
        if (!cut)
            snprintf(why, whylen, "the lock graph has no edges");
        else if (nedges == 0)
            snprintf(why, whylen, "the lock graph is too large to draw and has no reported cycle");
        else
            snprintf(why, whylen, "the lock graph is too large to draw (%d locks in its cycles)", nnodes);
        return NULL;
    }
    /* one context per process: making and freeing one per graph leaks its
     * plugin configuration each time */
    static GVC_t *gvc;
    if (!gvc)
        gvc = gvContext();
    char *data = NULL, *svg = NULL;
    unsigned int len = 0;
    if (gvLayout(gvc, g, "dot") != 0) {
        snprintf(why, whylen, "Graphviz could not lay out the lock graph");
    } else {
        if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data) {
            snprintf(why, whylen, "Graphviz could not render the lock graph as SVG");
        } else {
            const char *start = strstr(data, "<svg");
            if (!start)
                snprintf(why, whylen, "Graphviz gave no SVG for the lock graph");
            else if (!(svg = strdup(start)))
                abort();
            else if (cut)
                snprintf(why, whylen, "only the reported cycles are drawn: the whole graph is too large");
        }
        if (data)
            gvFreeRenderData(data);
        gvFreeLayout(gvc, g);
    }
    agclose(g);
    return svg;
}
