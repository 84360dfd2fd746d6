/* tree.h — a methodology as plain C data: the tree of an index.
 *
 * index → parts/areas → criteria → sub-criteria, any depth.  Each node has a
 * code, a name, max points (NAN when not public), an optional owner agency,
 * and either children (aggregated by sum, mean or weighted mean) or a scoring
 * rule over one unit's data.  Any node may also name a data column that gives
 * its points directly (a published component score): the scorer then takes
 * them as given, and checks them against the children where both exist.
 *
 * Views regroup nodes of the main tree without changing the total (the same
 * 100 points reported as "68 from documents + 32 from surveys"), or hold an
 * alternative breakdown whose values the data give (area scores).
 *
 * Built by the Lua binding from a rule file's declaration; the scorer
 * (score.h) runs on it without Lua.
 */
#ifndef CHISO_TREE_H
#define CHISO_TREE_H

#include <stddef.h>

#include "diag.h"
#include "table.h"

typedef enum NodeKind {
    NODE_INDEX = 0, NODE_PART, NODE_AREA, NODE_CRITERION, NODE_SUB, NODE_VIEW, NODE_GROUP
} NodeKind;

typedef enum Aggregate { AGG_SUM = 0, AGG_MEAN, AGG_WMEAN } Aggregate;

typedef enum NaTreat { NA_EXCLUDE = 0, NA_FULL } NaTreat;

typedef enum RuleKind {
    RULE_NONE = 0, /* an inner node, or a leaf scored only by its given column */
    RULE_STEPS,    /* thresholds on a value: first matching step gives the points */
    RULE_RATE,     /* value / scale (or column / den_column) × max, capped at max */
    RULE_LINEAR,   /* (value − lo) / (hi − lo) × max, clamped to [0, max] */
    RULE_ON_TIME,  /* on time / late / not done */
    RULE_YES_NO,   /* yes / no */
    RULE_SCHEDULE, /* a count: the first step with count ≥ at gives the points */
    RULE_PENALTY,  /* max − per × count, never below max − cap (cap = max if NAN) */
    RULE_FUNCTION  /* a Lua function (through ScoreHooks) */
} RuleKind;

typedef enum StepOp { STEP_GT = 0, STEP_GE, STEP_LT, STEP_LE, STEP_EQ, STEP_ELSE } StepOp;

typedef struct Step {
    StepOp op;
    double at;
    double points;
} Step;

/* What a leaf does with a missing value. */
typedef enum MissingPolicy { MISSING_ZERO = 0, MISSING_NA, MISSING_UNKNOWN } MissingPolicy;

/* A rate whose denominator is zero (no petitions in the year …). */
typedef enum ZeroDen { ZERO_DEN_NA = 0, ZERO_DEN_FULL, ZERO_DEN_ZERO } ZeroDen;

typedef struct Rule {
    RuleKind kind;
    char *column;        /* the value the rule reads */
    char *den_column;    /* RATE: denominator column, or NULL */
    Step *steps;         /* STEPS, SCHEDULE */
    size_t nsteps;
    double scale;        /* RATE: the value that earns full points (1, 100 …) */
    double lo, hi;       /* LINEAR */
    double on_time, late, not_done; /* ON_TIME points */
    double yes, no;      /* YES_NO points */
    double per, cap;     /* PENALTY */
    ZeroDen zero_den;
    MissingPolicy missing;
    int fn;              /* FUNCTION: an id the hooks understand */
} Rule;

typedef struct Node {
    NodeKind kind;
    char *code, *name, *name_en;
    char *owner;         /* owner agency (sở, ban, ngành), or NULL */
    char *status;        /* "official", "illustrative", … or NULL */
    char *note, *source;
    char *max_reason;    /* why children's max do not add up to this max */
    char *file;          /* where declared */
    int line;
    double max;          /* NAN: not public */
    double weight;       /* in an AGG_WMEAN parent (default 1) */
    Aggregate agg;
    char *column;        /* points given by the data, or NULL */
    Rule rule;
    NaTreat na;          /* what "not applicable" means for this node */
    char *na_column;     /* not applicable when this column ... */
    char *na_value;      /* ... equals this text (folded) ... */
    double na_number;    /* ... or this number (when na_value is NULL) */
    int parent;          /* -1 for the root and for views */
    int *child;
    size_t nchild;
    char **of;           /* GROUP: codes of main-tree nodes it regroups */
    size_t nof;
    int *of_index;       /* resolved by tree_finish */
} Node;

typedef struct Band {
    char *label;
    double from;         /* lower bound of % of max; NAN: everything below */
} Band;

typedef struct Tree {
    Node *nodes;         /* nodes[0] is the index root */
    size_t n, cap;
    char *file;
    Band *bands;
    size_t nbands;
    int decimals;        /* published precision of totals (default 2) */
} Tree;

Tree *tree_new(const char *file);
void tree_free(Tree *t);

/* Append a copy of `proto` (strings and arrays are copied) under `parent`
 * (-1: a root; only node 0 and views are roots).  Returns the new index or -1
 * (out of memory).  */
int tree_add(Tree *t, const Node *proto, int parent);

int tree_add_band(Tree *t, const char *label, double from);

/* Node index by code, or -1.  Codes are unique across the tree and views. */
int tree_find(const Tree *t, const char *code);

/* Resolve view references; -1 with d filled ("file:line: view group 'x'
 * regroups unknown node 'y'"). */
int tree_finish(Tree *t, Diag *d);

/* The band label for a percentage, or NULL when there are no bands. */
const char *tree_band(const Tree *t, double pct);

/* Every problem of the methodology as "file:line: message": duplicate codes,
 * children's max not adding up to the parent's (without a max_reason), leaves
 * with no rule and no given column, steps not monotone or not covering their
 * range, points above max; with data, referenced columns that do not exist.
 * Returns the number of problems. */
size_t tree_check(const Tree *t, const Table *data, DiagList *out);

/* Describe a leaf's rule in words ("> 90 → 2; ≥ 70 → 1; otherwise 0"). */
void tree_rule_text(const Node *n, char *buf, size_t len);

/* Describe what decided a leaf's points: the matching step ("≥ 70 → 1"),
 * category ("late → 0.5"), etc.; `decided` as recorded by the scorer. */
void tree_decided_text(const Node *n, int decided, char *buf, size_t len);

#endif
