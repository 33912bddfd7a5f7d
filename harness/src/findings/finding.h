/* The finding model shared by every parser, the merge step and every printer.
 * Kinds are DESIGN.md's fixed vocabulary, declared once for the detector and
 * the harness in detector/src/finding_kinds.inc. */
#ifndef RACECHECK_FINDING_H
#define RACECHECK_FINDING_H

#include <stddef.h>

enum finding_kind {
#define FINDING_KIND(id, name, level, meaning, headline, title, explanation, fix) KIND_##id,
#include "detector/src/finding_kinds.inc"
#undef FINDING_KIND
    KIND_COUNT
};

/* Tools (tools/tool_list.inc), as bits so a merged finding can say which
 * tools saw it. */
enum tool_id {
#define TOOL(id, name) TOOL_##id,
#include "tools/tool_list.inc"
#undef TOOL
    TOOL_COUNT
};

struct location {
    char *file;      /* as the tool printed it; NULL when unknown */
    int line;        /* 0 when unknown */
    char *function;  /* NULL when unknown */
    /* whose step this was and what happened there, when the tool said so:
     * thread "T1 (thread1)", step "acquires lock_a"; NULL when unknown */
    char *thread;
    char *step;
};

struct finding {
    enum finding_kind kind;
    unsigned tools;              /* bit (1u << tool_id) per tool that saw it */
    char *summary;               /* one line, human readable */
    /* a race's memory by its name ("counter"), NULL when unknown: two tools
     * that place one race on different lines (one build inlines, the other
     * not) still name the same variable */
    char *object;
    struct location *locations;  /* the bug's own code first; may be empty */
    size_t nlocations;
    /* --repeat: runs[t] = in how many runs tool t saw it */
    unsigned runs[TOOL_COUNT];
    /* --suppressions / --baseline: a waived finding is still reported but
     * does not count for the verdict; waived_by says which rule or baseline */
    enum finding_waiver { WAIVER_NONE, WAIVER_SUPPRESSED, WAIVER_BASELINE } waiver;
    char *waived_by;
    /* LEVEL_NOTE: shown with why (note) but never decides the verdict: a
     * report lockgraph proved impossible, or what is not a threading bug. A
     * proven note (lockgraph's proof) outranks every tool's error in the
     * merge; another note gives way to any tool that calls it an error. */
    enum finding_level { LEVEL_ERROR, LEVEL_NOTE } level;
    char *note;
    int proven;
    /* found under schedule exploration: how to make it happen again */
    struct replay {
        char *schedule;          /* "pct", "pct:DEPTH", "random"; NULL: no replay */
        long seed;
        char *command;           /* racecheck ..., run from the same directory */
    } replay;
    /* a predicted lock-order inversion: lockgraph's sites of its edges as the
     * detector's steer=FILE reads them ("HELD WANTED" lines), or NULL; and
     * whether a run steered toward it deadlocked */
    char *steer;
    enum confirmation { CONFIRM_UNTRIED, CONFIRM_NOT_REACHED, CONFIRM_DEADLOCKED } confirmed;
    /* a deadlock's or a lock-order inversion's interleaving: every thread's
     * steps (thread and step set), a thread's steps in the order it took
     * them, threads in order of first appearance. Kept apart from locations,
     * which the merge matches on. flow_tool and flow_kind say whose and of
     * which kind it is, so the merge keeps the best one. */
    struct location *flow;
    size_t nflow;
    enum tool_id flow_tool;
    enum finding_kind flow_kind;
};

struct finding_list {
    struct finding *items;
    size_t count, capacity;
};

const char *finding_kind_name(enum finding_kind kind);
/* Returns -1 when name is not a known kind. */
int finding_kind_from_name(const char *name);
const char *tool_name(enum tool_id tool);
int tool_from_name(const char *name);
/* "lockgraph, tsan, helgrind, drd": every tool's name, for messages */
void tool_names_text(char *out, size_t len);
/* "lockgraph,tsan" -> tool bits; -1 for an unknown or empty list. */
int tool_set_parse(const char *list, unsigned *bits);

/* Appends a finding with no locations and returns it; the list owns copies of
 * every string passed to the functions below. */
struct finding *finding_list_add(struct finding_list *list, enum finding_kind kind,
                                 enum tool_id tool, const char *summary);
void finding_add_location(struct finding *f, const char *file, int line,
                          const char *function);
/* Appends a step of f's interleaving (see struct finding's flow). */
void finding_add_flow_step(struct finding *f, enum tool_id tool, const char *thread,
                           const char *step, const char *file, int line, const char *function);
/* Gives the locations of f that are also steps of its flow their step's
 * thread and words (same file and line), so a printer can say them. */
void finding_label_locations(struct finding *f);
/* dst's flow becomes a copy of src's. */
void finding_copy_flow(struct finding *dst, const struct finding *src);
/* 1 when the list has a finding of that kind. */
int finding_list_has_kind(const struct finding_list *list, enum finding_kind kind);
/* 1 when f counts for the verdict: an error, not suppressed, not known from
 * a baseline. */
int finding_counts(const struct finding *f);
/* Waives f (WAIVER_SUPPRESSED or WAIVER_BASELINE) with a copy of why. */
void finding_waive(struct finding *f, enum finding_waiver waiver, const char *why);
/* Makes f a note saying why; proven: lockgraph proved it cannot happen. */
void finding_make_note(struct finding *f, const char *why, int proven);
/* Gives f the replay of the schedule it was found under. */
void finding_set_replay(struct finding *f, const char *schedule, long seed, const char *command);
/* Makes f an error again (--count-notes, or another tool's error wins). */
void finding_make_error(struct finding *f);
/* Frees f's locations and empties the list (the rest of f stays). */
void finding_clear_locations(struct finding *f);
/* Frees what one finding owns (not the finding itself). */
void finding_free(struct finding *f);
void finding_list_free(struct finding_list *list);

#endif
