/* score.c — points for every unit and node of a methodology tree.
 *
 * Nodes are visited children-first (a child's index is always above its
 * parent's), the main tree before the views that regroup it.  Each node is
 * one tight loop over the units, so scoring thousands of units stays cheap;
 * only Lua-function leaves call out, through ScoreHooks.
 */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct Cols {
    int given, value, den, na;
} Cols;

static int root_of(const Tree *t, int i)
{
    while (t->nodes[i].parent >= 0)
        i = t->nodes[i].parent;
    return i;
}

/* Folded text categories for on-time and yes/no values. */
static int in_list(const char *folded, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(folded, *list) == 0)
            return 1;
    return 0;
}

static const char *const ON_TIME[] = {"on time", "on_time", "ontime", "dung han", "kip thoi", "dung thoi han",
                                      "yes", "co", "dung", "1", NULL};
static const char *const LATE[] = {"late", "cham", "tre", "tre han", "qua han", "khong kip thoi", "cham tre",
                                   "khong dung han", "0 5", NULL};
static const char *const NOT_DONE[] = {"not done", "not_done", "no", "none", "missing", "khong", "chua",
                                       "khong ban hanh", "chua ban hanh", "khong thuc hien", "chua thuc hien",
                                       "0", NULL};
static const char *const YES[] = {"yes", "y", "co", "dat", "dat yeu cau", "true", "x", "1", "dung", NULL};
static const char *const NO[] = {"no", "n", "khong", "khong dat", "chua dat", "khong dat yeu cau", "false",
                                 "0", "sai", NULL};

/* Category of a text cell: 0 first list, 1 second, 2 third, -1 unknown. */
static int category(const char *s, const char *const *a, const char *const *b, const char *const *c)
{
    char *f = text_fold(s);
    int k = -1;
    if (!f)
        return -1;
    if (in_list(f, a))
        k = 0;
    else if (b && in_list(f, b))
        k = 1;
    else if (c && in_list(f, c))
        k = 2;
    free(f);
    return k;
}

static long row_line(const Table *d, size_t row)
{
    return d->lines ? d->lines[row] : 0;
}

static int is_na(const Node *n, const Table *d, int col, size_t row)
{
    const Column *c;
    if (col < 0)
        return 0;
    c = &d->cols[col];
    if (c->miss[row])
        return 0;
    if (c->type == COL_NUMBER)
        return !n->na_value && c->num[row] == n->na_number;
    if (n->na_value) {
        char *a = text_fold(c->text[row]), *b = text_fold(n->na_value);
        int eq = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
        return eq;
    }
    return 0;
}

/* Apply a leaf rule to one unit.  Sets points, state and decided. */
static int apply_rule(const Tree *t, const Node *n, int node, const Cols *cols, const Table *d, size_t row,
                      const ScoreHooks *hooks, double *points, unsigned char *state, short *decided, Diag *diag)
{
    const Rule *r = &n->rule;
    const Column *vc = cols->value >= 0 ? &d->cols[cols->value] : NULL;
    double v = NAN;
    size_t k;
    (void)t;
    (void)node;

    *decided = -1;
    *state = ST_RULE;
    if (r->kind == RULE_FUNCTION) {
        int na = 0;
        if (!hooks || !hooks->fn)
            return diag_set(diag, n->file, n->line, 0, "'%s': Lua function leaves need the Lua engine", n->code);
        if (hooks->fn(hooks->ud, n, row, points, &na, diag) != 0)
            return -1;
        if (na) {
            *state = n->na == NA_FULL ? ST_NA_FULL : ST_NA_EXCLUDED;
            *points = n->na == NA_FULL ? n->max : 0;
            *decided = -3;
        } else if (isnan(*points)) {
            *state = ST_UNKNOWN;
        } else if (*points < -1e-9 || (!isnan(n->max) && *points > n->max + 1e-9)) {
            return diag_set(diag, n->file, n->line, 0, "'%s': the function gave %g points for row %zu, outside 0..%g",
                            n->code, *points, row + 1, n->max);
        }
        return 0;
    }

    if (!vc || vc->miss[row]) {
        *decided = -2;
        if (r->missing == MISSING_NA) {
            *state = n->na == NA_FULL ? ST_NA_FULL : ST_NA_EXCLUDED;
            *points = n->na == NA_FULL ? n->max : 0;
        } else if (r->missing == MISSING_UNKNOWN) {
            *state = ST_UNKNOWN;
            *points = NAN;
        } else {
            *state = ST_MISSING;
            /* An empty cell earns what "not done" / "no" earns, else 0. */
            *points = r->kind == RULE_ON_TIME ? r->not_done : r->kind == RULE_YES_NO ? r->no : 0;
        }
        return 0;
    }
    if (vc->type == COL_NUMBER)
        v = vc->num[row];

    switch (r->kind) {
    case RULE_STEPS:
    case RULE_SCHEDULE:
        if (vc->type != COL_NUMBER)
            goto need_number;
        *points = 0;
        *decided = -5;
        for (k = 0; k < r->nsteps; k++) {
            const Step *s = &r->steps[k];
            int hit = 0;
            switch (s->op) {
            case STEP_GT: hit = v > s->at; break;
            case STEP_GE: hit = v >= s->at - 1e-12; break;
            case STEP_LT: hit = v < s->at; break;
            case STEP_LE: hit = v <= s->at + 1e-12; break;
            case STEP_EQ: hit = fabs(v - s->at) <= 1e-9; break;
            case STEP_ELSE: hit = 1; break;
            }
            if (hit) {
                *points = s->points;
                *decided = (short)k;
                break;
            }
        }
        return 0;
    case RULE_RATE: {
        double rate;
        if (vc->type != COL_NUMBER)
            goto need_number;
        if (cols->den >= 0) {
            const Column *dc = &d->cols[cols->den];
            if (dc->miss[row]) {
                *decided = -2;
                *state = ST_MISSING;
                *points = 0;
                return 0;
            }
            if (dc->num[row] == 0) {
                *decided = -4;
                if (r->zero_den == ZERO_DEN_FULL) {
                    *points = n->max;
                } else if (r->zero_den == ZERO_DEN_ZERO) {
                    *points = 0;
                } else {
                    *state = n->na == NA_FULL ? ST_NA_FULL : ST_NA_EXCLUDED;
                    *points = n->na == NA_FULL ? n->max : 0;
                }
                return 0;
            }
            rate = v / dc->num[row];
        } else {
            rate = v / r->scale;
        }
        if (rate < 0)
            return diag_set(diag, d->source, row_line(d, row), 0, "column '%s': negative value %g for a rate ('%s')",
                            r->column, v, n->code);
        *points = (rate > 1 ? 1 : rate) * n->max;
        return 0;
    }
    case RULE_LINEAR: {
        double x;
        if (vc->type != COL_NUMBER)
            goto need_number;
        x = (v - r->lo) / (r->hi - r->lo);
        *points = (x < 0 ? 0 : x > 1 ? 1 : x) * n->max;
        return 0;
    }
    case RULE_PENALTY:
        if (vc->type != COL_NUMBER)
            goto need_number;
        if (v < 0)
            return diag_set(diag, d->source, row_line(d, row), 0, "column '%s': negative count %g ('%s')", r->column,
                            v, n->code);
        {
            double cap = isnan(r->cap) ? n->max : r->cap, loss = r->per * v;
            *points = n->max - (loss > cap ? cap : loss);
            if (*points < 0)
                *points = 0;
        }
        return 0;
    case RULE_ON_TIME: {
        int cat;
        if (vc->type == COL_NUMBER)
            cat = v == 1 ? 0 : v == 0.5 ? 1 : v == 0 ? 2 : -1;
        else
            cat = category(vc->text[row], ON_TIME, LATE, NOT_DONE);
        if (cat < 0)
            return diag_set(diag, d->source, row_line(d, row), 0,
                            "column '%s': '%s' is not on time / late / not done (đúng hạn / chậm / không) for '%s'",
                            r->column, vc->type == COL_TEXT ? vc->text[row] : "?", n->code);
        *decided = (short)cat;
        *points = cat == 0 ? r->on_time : cat == 1 ? r->late : r->not_done;
        return 0;
    }
    case RULE_YES_NO: {
        int cat;
        if (vc->type == COL_NUMBER)
            cat = v == 1 ? 0 : v == 0 ? 1 : -1;
        else
            cat = category(vc->text[row], YES, NO, NULL);
        if (cat < 0)
            return diag_set(diag, d->source, row_line(d, row), 0,
                            "column '%s': '%s' is not yes / no (có / không, đạt / không đạt) for '%s'", r->column,
                            vc->type == COL_TEXT ? vc->text[row] : "?", n->code);
        *decided = (short)cat;
        *points = cat == 0 ? r->yes : r->no;
        return 0;
    }
    default:
        return diag_set(diag, n->file, n->line, 0, "'%s': unsupported rule", n->code);
    }

need_number:
    return diag_set(diag, d->source, row_line(d, row), 0, "column '%s': '%s' is text, but '%s' needs a number",
                    r->column, vc->text[row], n->code);
}

/* A column a node takes points from holds text: point at the data, the
 * first cell that is not a number (one stray cell makes a column text), and
 * name the node that reads it. */
static int text_points(const Table *d, int col, const char *file, int line, const char *code, Diag *diag)
{
    const Column *c = &d->cols[col];
    size_t r;
    for (r = 0; r < d->nrows; r++) {
        NumValue v;
        const char *s = c->text[r];
        NumResult res;
        if (!s)
            continue;
        res = number_parse(s, strlen(s), d->style, &v);
        if (res != NUM_OK && res != NUM_EMPTY)
            return diag_set(diag, d->source, d->lines ? d->lines[r] : 0, 0,
                            "column '%s': '%s' is not a number, but node '%s' (%s:%d) takes points from it",
                            c->name, s, code, file, line);
    }
    return diag_set(diag, file, line, 0, "'%s': column '%s' holds text, not points", code, c->name);
}

static int resolve(const Tree *t, const Table *d, Cols *cols, Diag *diag)
{
    size_t i;
    for (i = 0; i < t->n; i++) {
        const Node *n = &t->nodes[i];
        cols[i].given = n->column ? table_find(d, n->column) : -1;
        cols[i].value = -1;
        cols[i].den = -1;
        cols[i].na = -1;
        if (n->rule.column && n->rule.kind != RULE_FUNCTION) {
            cols[i].value = table_find(d, n->rule.column);
            if (cols[i].value < 0)
                return diag_set(diag, n->file, n->line, 0, "'%s': column '%s' is not in %s", n->code, n->rule.column,
                                d->source);
        }
        if (n->rule.den_column) {
            cols[i].den = table_find(d, n->rule.den_column);
            if (cols[i].den < 0)
                return diag_set(diag, n->file, n->line, 0, "'%s': column '%s' is not in %s", n->code,
                                n->rule.den_column, d->source);
        }
        if (n->na_column) {
            cols[i].na = table_find(d, n->na_column);
            if (cols[i].na < 0)
                return diag_set(diag, n->file, n->line, 0, "'%s': column '%s' is not in %s", n->code, n->na_column,
                                d->source);
        }
        if (cols[i].given >= 0 && d->cols[cols[i].given].type != COL_NUMBER)
            return text_points(d, cols[i].given, n->file, n->line, n->code, diag);
    }
    return 0;
}

/* Aggregate children (or the nodes a view group regroups) for one unit.
 * Returns the state; *points, *amax set. */
static unsigned char aggregate(const Tree *t, const ScoreResult *r, const Node *n, size_t u, double *points,
                               double *amax)
{
    size_t k, m = n->nchild ? n->nchild : n->nof;
    double p = 0, am = 0, wsum = 0, excluded_max = 0;
    int applicable = 0, unknown = 0;

    for (k = 0; k < m; k++) {
        int c = n->nchild ? n->child[k] : n->of_index[k];
        const Node *cn = &t->nodes[c];
        unsigned char st = SCORE_AT(r, state, c, u);
        double cp = SCORE_AT(r, points, c, u), cm = SCORE_AT(r, amax, c, u);
        if (st == ST_UNKNOWN) {
            unknown = 1;
            continue;
        }
        if (st == ST_NA_EXCLUDED) {
            excluded_max += isnan(cn->max) ? 0 : cn->max;
            continue;
        }
        /* A part that is partly exempt (an excluded criterion inside it)
         * takes that share of the maximum away from this node too. */
        if (!isnan(cn->max) && !isnan(cm) && cm < cn->max)
            excluded_max += cn->max - cm;
        applicable++;
        if (n->agg == AGG_SUM) {
            p += cp;
            am += cm;
        } else {
            double w = n->agg == AGG_WMEAN ? cn->weight : 1;
            double cmax = isnan(cn->max) ? cm : cn->max;
            p += w * (cmax > 0 ? cp / cmax : 0);
            wsum += w;
        }
    }
    if (unknown) {
        *points = NAN;
        *amax = NAN;
        return ST_UNKNOWN;
    }
    if (!applicable && m) {
        *points = 0;
        *amax = 0;
        return ST_NA_EXCLUDED;
    }
    if (n->agg == AGG_SUM) {
        *points = p;
        /* The node's own max, less what its excluded parts took away. */
        *amax = isnan(n->max) ? am : n->max - excluded_max;
    } else {
        *points = wsum > 0 ? p / wsum * n->max : 0;
        *amax = n->max;
    }
    return ST_COMPUTED;
}

/* Not-applicable status per node and unit, inherited from ancestors:
 * 0 applicable, 1 not applicable with full points, 2 excluded.  Parents come
 * before their parts in node order, so one forward pass suffices. */
static void inherit_na(const Tree *t, const Table *d, const Cols *cols, unsigned char *na, size_t nunits)
{
    size_t i, u;
    for (i = 0; i < t->n; i++) {
        const Node *n = &t->nodes[i];
        for (u = 0; u < nunits; u++) {
            unsigned char v = 0;
            if (n->parent >= 0)
                v = na[(size_t)n->parent * nunits + u];
            if (!v && is_na(n, d, cols[i].na, u))
                v = n->na == NA_FULL ? 1 : 2;
            na[i * nunits + u] = v;
        }
    }
}

static int score_node(const Tree *t, ScoreResult *r, const Table *d, const Cols *cols, const unsigned char *na,
                      int i, const ScoreHooks *hooks, Diag *diag)
{
    const Node *n = &t->nodes[i];
    size_t u;
    int has_parts = n->nchild || n->nof;
    for (u = 0; u < r->nunits; u++) {
        double *pp = &SCORE_AT(r, points, i, u), *am = &SCORE_AT(r, amax, i, u);
        unsigned char *st = &SCORE_AT(r, state, i, u);
        short *dec = &SCORE_AT(r, decided, i, u);
        const Column *gc = cols[i].given >= 0 ? &d->cols[cols[i].given] : NULL;

        SCORE_AT(r, sum, i, u) = NAN;
        *dec = -1;
        if (na[(size_t)i * r->nunits + u]) {
            int full = na[(size_t)i * r->nunits + u] == 1;
            *st = full ? ST_NA_FULL : ST_NA_EXCLUDED;
            *pp = full ? n->max : 0;
            *am = full ? n->max : 0;
            *dec = -3;
            continue;
        }
        if (gc && !gc->miss[u]) {
            *pp = gc->num[u];
            *am = n->max;
            *st = ST_GIVEN;
            if (has_parts) {
                double cp, cm;
                if (aggregate(t, r, n, u, &cp, &cm) == ST_COMPUTED)
                    SCORE_AT(r, sum, i, u) = cp;
            }
            continue;
        }
        if (has_parts) {
            *st = aggregate(t, r, n, u, pp, am);
            continue;
        }
        if (n->rule.kind != RULE_NONE) {
            if (apply_rule(t, n, i, &cols[i], d, u, hooks, pp, st, dec, diag) != 0)
                return -1;
            *am = (*st == ST_NA_EXCLUDED) ? 0 : n->max;
            continue;
        }
        *pp = NAN;
        *am = NAN;
        *st = ST_UNKNOWN;
    }
    return 0;
}

/* Post-order over a view node's parts and the nodes it regroups. */
static void view_order(const Tree *t, int i, unsigned char *mark, int *order, size_t *n)
{
    const Node *nd = &t->nodes[i];
    size_t k;
    if (mark[i] || t->nodes[root_of(t, i)].kind != NODE_VIEW)
        return;
    mark[i] = 1;
    for (k = 0; k < nd->nchild; k++)
        view_order(t, nd->child[k], mark, order, n);
    for (k = 0; k < nd->nof && nd->of_index; k++)
        view_order(t, nd->of_index[k], mark, order, n);
    order[(*n)++] = i;
}

ScoreResult *score_run(const Tree *t, const Table *d, const ScoreHooks *hooks, Diag *diag)
{
    ScoreResult *r;
    Cols *cols;
    unsigned char *na = NULL;
    size_t cells = t->n * d->nrows;
    int i;

    cols = calloc(t->n ? t->n : 1, sizeof *cols);
    r = calloc(1, sizeof *r);
    if (!cols || !r) {
        free(cols);
        free(r);
        diag_set(diag, NULL, 0, 0, "out of memory");
        return NULL;
    }
    r->tree = t;
    r->nunits = d->nrows;
    r->nnodes = t->n;
    r->points = malloc((cells ? cells : 1) * sizeof *r->points);
    r->amax = malloc((cells ? cells : 1) * sizeof *r->amax);
    r->sum = malloc((cells ? cells : 1) * sizeof *r->sum);
    r->state = calloc(cells ? cells : 1, 1);
    r->decided = malloc((cells ? cells : 1) * sizeof *r->decided);
    if (!r->points || !r->amax || !r->sum || !r->state || !r->decided) {
        diag_set(diag, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if (resolve(t, d, cols, diag) != 0)
        goto fail;
    na = malloc(cells ? cells : 1);
    if (!na) {
        diag_set(diag, NULL, 0, 0, "out of memory");
        goto fail;
    }
    inherit_na(t, d, cols, na, d->nrows);
    /* Main tree first, children before parents; then the views, each node
     * after the nodes it regroups (tree_finish rejected cycles). */
    for (i = (int)t->n - 1; i >= 0; i--) {
        if (t->nodes[root_of(t, i)].kind == NODE_VIEW)
            continue;
        if (score_node(t, r, d, cols, na, i, hooks, diag) != 0)
            goto fail;
    }
    if (t->n) {
        int *order = malloc(t->n * sizeof *order);
        unsigned char *mark = calloc(t->n, 1);
        size_t norder = 0, k;
        if (!order || !mark) {
            free(order);
            free(mark);
            diag_set(diag, NULL, 0, 0, "out of memory");
            goto fail;
        }
        for (i = 0; i < (int)t->n; i++)
            if (t->nodes[root_of(t, i)].kind == NODE_VIEW)
                view_order(t, i, mark, order, &norder);
        for (k = 0; k < norder; k++) {
            if (score_node(t, r, d, cols, na, order[k], hooks, diag) != 0) {
                free(order);
                free(mark);
                goto fail;
            }
        }
        free(order);
        free(mark);
    }
    free(na);
    free(cols);
    return r;
fail:
    free(na);
    free(cols);
    score_free(r);
    return NULL;
}

void score_free(ScoreResult *r)
{
    if (!r)
        return;
    free(r->points);
    free(r->amax);
    free(r->sum);
    free(r->state);
    free(r->decided);
    free(r);
}

double score_percent(const ScoreResult *r, int node, size_t unit)
{
    double p = SCORE_AT(r, points, node, unit), m = SCORE_AT(r, amax, node, unit);
    if (isnan(p) || isnan(m) || m <= 0)
        return NAN;
    return p / m * 100;
}

/* How far a node's points can be from the exact value because published
 * figures were rounded: half a unit of the last decimal for a given value,
 * the parts' allowances carried by their shares for a computed one, none for
 * a value a rule computed. */
static double rounding_allowance(const ScoreResult *r, int node, size_t unit, int top);

static double parts_allowance(const ScoreResult *r, int node, size_t unit)
{
    const Tree *t = r->tree;
    const Node *n = &t->nodes[node];
    size_t k, m = n->nchild ? n->nchild : n->nof, parts = 0;
    double wsum = 0, total = 0;
    for (k = 0; k < m; k++) {
        int c = n->nchild ? n->child[k] : n->of_index[k];
        if (SCORE_AT(r, state, c, unit) != ST_NA_EXCLUDED) {
            parts++;
            wsum += t->nodes[c].weight;
        }
    }
    for (k = 0; k < m; k++) {
        int c = n->nchild ? n->child[k] : n->of_index[k];
        const Node *cn = &t->nodes[c];
        double share;
        if (SCORE_AT(r, state, c, unit) == ST_NA_EXCLUDED)
            continue;
        if (n->agg == AGG_SUM || isnan(cn->max) || cn->max <= 0)
            share = 1;
        else if (n->agg == AGG_MEAN)
            share = n->max / (cn->max * (double)parts);
        else
            share = (wsum > 0 ? cn->weight / wsum : 0) * n->max / cn->max;
        total += share * rounding_allowance(r, c, unit, 0);
    }
    return total;
}

static double rounding_allowance(const ScoreResult *r, int node, size_t unit, int top)
{
    unsigned char st = SCORE_AT(r, state, node, unit);
    if (st == ST_GIVEN && !top)
        return 0.5 * pow(10, -r->tree->decimals);
    if (st == ST_COMPUTED || (st == ST_GIVEN && top))
        return parts_allowance(r, node, unit);
    return 0;
}

int score_given_check(const ScoreResult *r, int node, size_t unit, double *diff, double *tolerance)
{
    double s = SCORE_AT(r, sum, node, unit);
    if (SCORE_AT(r, state, node, unit) != ST_GIVEN || isnan(s))
        return 0;
    *diff = SCORE_AT(r, points, node, unit) - s;
    /* Each published part is rounded: half a unit of the last decimal each,
     * through computed parts down to the published figures they add up. */
    *tolerance = rounding_allowance(r, node, unit, 1) + 1e-9;
    return fabs(*diff) <= *tolerance ? 1 : 2;
}

/* ---- one leaf with another rule (sensitivity analysis) -------------------- */

int score_leaf(const Tree *t, const Table *d, int node, const Rule *rule, const ScoreHooks *hooks,
               double *points, double *amax, unsigned char *state, Diag *diag)
{
    Node n;
    Cols c;
    int chain[64], nacol[64], depth = 0, i, k;
    size_t u;
    if (!t || !d || node < 0 || (size_t)node >= t->n)
        return diag_set(diag, NULL, 0, 0, "score_leaf: no such node");
    n = t->nodes[node]; /* a shallow copy: only its rule is replaced */
    if (rule)
        n.rule = *rule;
    if (n.nchild || n.nof)
        return diag_set(diag, n.file, n.line, 0, "'%s' is not a leaf", n.code);
    /* Not applicable is inherited: the node and its ancestors, root first. */
    for (i = node; i >= 0; i = t->nodes[i].parent) {
        const Node *a = &t->nodes[i];
        if (depth == (int)(sizeof chain / sizeof chain[0]))
            return diag_set(diag, n.file, n.line, 0, "'%s' is nested too deeply", n.code);
        chain[depth] = i;
        nacol[depth] = -1;
        if (a->na_column && (nacol[depth] = table_find(d, a->na_column)) < 0)
            return diag_set(diag, a->file, a->line, 0, "'%s': column '%s' is not in %s", a->code, a->na_column,
                            d->source);
        depth++;
    }
    c.given = n.column ? table_find(d, n.column) : -1;
    c.value = c.den = c.na = -1;
    if (c.given >= 0 && d->cols[c.given].type != COL_NUMBER)
        return text_points(d, c.given, n.file, n.line, n.code, diag);
    if (n.rule.column && n.rule.kind != RULE_FUNCTION && (c.value = table_find(d, n.rule.column)) < 0)
        return diag_set(diag, n.file, n.line, 0, "'%s': column '%s' is not in %s", n.code, n.rule.column, d->source);
    if (n.rule.den_column && (c.den = table_find(d, n.rule.den_column)) < 0)
        return diag_set(diag, n.file, n.line, 0, "'%s': column '%s' is not in %s", n.code, n.rule.den_column,
                        d->source);
    for (u = 0; u < d->nrows; u++) {
        const Column *gc = c.given >= 0 ? &d->cols[c.given] : NULL;
        short dec = -1;
        int na = 0;
        for (k = depth - 1; k >= 0 && !na; k--)
            if (is_na(&t->nodes[chain[k]], d, nacol[k], u))
                na = t->nodes[chain[k]].na == NA_FULL ? 1 : 2;
        if (na) {
            state[u] = na == 1 ? ST_NA_FULL : ST_NA_EXCLUDED;
            points[u] = amax[u] = na == 1 ? n.max : 0;
        } else if (gc && !gc->miss[u]) {
            points[u] = gc->num[u];
            amax[u] = n.max;
            state[u] = ST_GIVEN;
        } else if (n.rule.kind != RULE_NONE) {
            if (apply_rule(t, &n, node, &c, d, u, hooks, &points[u], &state[u], &dec, diag) != 0)
                return -1;
            amax[u] = state[u] == ST_NA_EXCLUDED ? 0 : n.max;
        } else {
            points[u] = amax[u] = NAN;
            state[u] = ST_UNKNOWN;
        }
    }
    return 0;
}

/* ---- given values out of range (added for the hardening work) ------------ */

size_t score_given_range(const Tree *t, const Table *data, DiagList *out)
{
    size_t i, u, found = 0;
    if (!t || !data)
        return 0;
    for (i = 0; i < t->n; i++) {
        const Node *n = &t->nodes[i];
        const Column *c;
        int col;
        char v[64], mx[64];
        if (!n->column || (col = table_find(data, n->column)) < 0)
            continue;
        c = &data->cols[col];
        if (c->type != COL_NUMBER)
            continue;
        for (u = 0; u < data->nrows; u++) {
            double x = c->num[u];
            long line = data->lines ? data->lines[u] : (long)u + 2;
            if (c->miss[u] || isnan(x))
                continue;
            if (x < 0) {
                number_format(x, -1, NUM_PLAIN, v, sizeof v);
                diaglist_add(out, data->source, line, 0,
                             "column '%s': %s is below zero (points of node %s)", n->column, v,
                             n->code);
                found++;
            } else if (!isnan(n->max) && x > n->max + 1e-9) {
                number_format(x, -1, NUM_PLAIN, v, sizeof v);
                number_format(n->max, -1, NUM_PLAIN, mx, sizeof mx);
                diaglist_add(out, data->source, line, 0,
                             "column '%s': %s is above the maximum of node %s (%s points)",
                             n->column, v, n->code, mx);
                found++;
            }
        }
    }
    return found;
}
