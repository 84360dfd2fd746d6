/* score.h — scoring every unit of a table under a methodology tree.
 *
 * For each unit and node: the points, the applicable maximum (a node that is
 * not applicable and excluded contributes neither points nor max), and how the
 * points came about (given by the data, computed from children, a rule, not
 * applicable, missing).  Totals are then a share of the applicable maximum.
 *
 * A node whose points the data give takes them as given; when its children
 * can be computed as well, their aggregate is kept beside it so that callers
 * can check published totals against published components.
 */
#ifndef CHISO_SCORE_H
#define CHISO_SCORE_H

#include <stddef.h>

#include "diag.h"
#include "table.h"
#include "tree.h"

typedef enum NodeState {
    ST_UNKNOWN = 0,  /* no data to score it */
    ST_GIVEN,        /* points given by the data */
    ST_COMPUTED,     /* aggregated from children */
    ST_RULE,         /* a leaf scored by its rule */
    ST_MISSING,      /* a leaf whose value is missing, scored 0 */
    ST_NA_FULL,      /* not applicable: full points */
    ST_NA_EXCLUDED   /* not applicable: left out of points and max */
} NodeState;

/* Lua-function leaves are scored through this hook (the C core stays free of
 * Lua).  Return 0 with *points set (NAN: unknown; *na = 1: not applicable),
 * or -1 with d filled to stop scoring. */
typedef struct ScoreHooks {
    int (*fn)(void *ud, const Node *node, size_t row, double *points, int *na, Diag *d);
    void *ud;
} ScoreHooks;

typedef struct ScoreResult {
    const Tree *tree;
    size_t nunits, nnodes;
    /* node-major arrays: [node * nunits + unit] */
    double *points;
    double *amax;          /* applicable max (NAN when the node's max is not public) */
    double *sum;           /* children's aggregate beside a given value, NAN when not computable */
    unsigned char *state;  /* NodeState */
    short *decided;        /* leaves: the step or category that decided (-1 none) */
} ScoreResult;

#define SCORE_AT(r, arr, node, unit) ((r)->arr[(size_t)(node) * (r)->nunits + (unit)])

/* Score every row of data.  Rule columns must exist (-1 with d filled
 * otherwise); given columns that the data lack are simply absent. */
ScoreResult *score_run(const Tree *t, const Table *data, const ScoreHooks *hooks, Diag *d);
void score_free(ScoreResult *r);

/* Total as % of the applicable max of the root (NAN when unknown). */
double score_percent(const ScoreResult *r, int node, size_t unit);

/* Does a given value disagree with its children's aggregate by more than the
 * rounding of its components allows (half a unit of the last published
 * decimal per component)?  Returns 0 when there is nothing to compare,
 * 1 when they agree within rounding, 2 when they differ beyond it;
 * *diff = given − children. */
int score_given_check(const ScoreResult *r, int node, size_t unit, double *diff, double *tolerance);

/* Score one leaf of the main tree for every unit exactly as score_run does
 * (not applicable, then a given column, then the rule), with `rule` in place
 * of the node's own (NULL: its own).  points, amax, state: d->nrows each.
 * The sensitivity analysis moves a threshold this way without copying the
 * tree.  Returns 0, or -1 with d filled. */
int score_leaf(const Tree *t, const Table *d, int node, const Rule *rule, const ScoreHooks *hooks,
               double *points, double *amax, unsigned char *state, Diag *diag);

/* Points the data give that are outside [0, max] of their node: one
 * "FILE:LINE: column 'X': 12 is above the maximum of node 1.1 (5 points)"
 * (or "... is below zero ...") per value, added to out.  Returns how many.
 * chiso check DATA reports them as problems, chiso score as warnings. */
size_t score_given_range(const Tree *t, const Table *data, DiagList *out);

#endif
