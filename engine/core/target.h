/* target.h — the cheapest set of improvements that reaches a target.
 *
 * Items are the nodes a unit can still improve.  Each is either
 *   - continuous: any gain from 0 to its headroom (max − current points), at a
 *     fixed cost per unit of gain (a published component, a rate, a linear
 *     rule), or
 *   - discrete: a list of options, each a gain and the cost of reaching it
 *     (the step levels of a steps / schedule / on_time / yes_no / penalty
 *     rule above the node's current level).
 * Gains are whole units of the target's precision (hundredths of a point at
 * two published decimals), so the problem is solved exactly over the steps:
 *
 *   minimise  Σ cost_i(x_i)   subject to  Σ x_i ≥ need,
 *   x_i ∈ {0} ∪ {gains of i's options}   (discrete),
 *   0 ≤ x_i ≤ headroom_i                  (continuous, cost linear in x_i).
 *
 * Method: dynamic programming over the discrete items (f[g] = cheapest choice
 * whose gain is at least g, g = 0 … min(need, their total headroom)), and a
 * fractional knapsack over the continuous items (cheapest per unit first,
 * which is optimal for a single covering constraint with linear costs).
 * The two are combined exactly: the answer is the minimum over g of
 * f[g] + continuous cost of the remainder need − g.  Any plan's discrete
 * part gains some g′; with g = min(g′, cap) its continuous part covers at
 * least need − g, so no plan is cheaper than that minimum.
 *
 * Ties (costs equal within 1e-9, relatively) are broken deterministically:
 * fewer items changed, then the lexicographically greatest vector of gains in
 * item order — the plan whose first differing item is changed wins, and an
 * earlier item raised further beats the same gain spread onto later ones.
 * The same order decides inside the DP (through ordinals of the next level's
 * states), inside the continuous part (cheaper classes in full, then the
 * fewest items of the last class, earliest first, each filled in item order)
 * and between the two, so the plan returned is the minimum of one total order.
 *
 * When need exceeds every item at its maximum, the plan is infeasible and is
 * returned as "every item at its maximum" (the best reachable), with its
 * cost and gain.
 *
 * No Lua, no I/O; errors fill a Diag.
 */
#ifndef CHISO_TARGET_H
#define CHISO_TARGET_H

#include <stddef.h>

#include "diag.h"

typedef struct TargetOption {
    long long gain; /* > 0, in units */
    double cost;    /* >= 0 */
} TargetOption;

typedef enum TargetKind { TARGET_CONTINUOUS = 0, TARGET_DISCRETE } TargetKind;

typedef struct TargetItem {
    TargetKind kind;
    long long headroom;          /* CONTINUOUS: the most it can gain, in units (>= 0) */
    double unit_cost;            /* CONTINUOUS: cost of one unit of gain (>= 0) */
    const TargetOption *options; /* DISCRETE: the reachable levels above the current one */
    size_t noptions;             /* DISCRETE: may be 0 (the item is already at its top) */
} TargetItem;

typedef struct TargetPlan {
    int feasible;        /* 1: gain >= need; 0: the best reachable (every item at its maximum) */
    long long need;
    long long gain;      /* the plan's total gain */
    long long max_gain;  /* every item at its maximum */
    double cost;
    size_t used;         /* items the plan changes */
    size_t n;
    long long *take;     /* per item: the gain taken (0: unchanged) */
    int *option;         /* per item: index of the DISCRETE option taken, or -1 */
} TargetPlan;

/* Largest number of DP cells (discrete items × (cap + 1)) target_solve accepts. */
#define TARGET_MAX_CELLS (1LL << 25)

/* Largest number of continuous items with some headroom it accepts. */
#define TARGET_MAX_CONTINUOUS 2048

/* Solve; plan is filled (free it with target_plan_free) and 0 returned, or -1
 * with d filled for invalid items (negative headroom or cost, a non-positive
 * option gain, NaN) or a problem too large (TARGET_MAX_CELLS, TARGET_MAX_CONTINUOUS). */
int target_solve(const TargetItem *items, size_t n, long long need, TargetPlan *plan, Diag *d);

void target_plan_free(TargetPlan *plan);

#endif
