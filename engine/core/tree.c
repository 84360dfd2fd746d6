/* tree.c — methodology trees: building, checking, and describing rules. */
#include "tree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "text.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

Tree *tree_new(const char *file)
{
    Tree *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->file = dup_or_null(file);
    t->decimals = 2;
    return t;
}

static void node_free(Node *n)
{
    size_t i;
    free(n->code);
    free(n->name);
    free(n->name_en);
    free(n->owner);
    free(n->status);
    free(n->note);
    free(n->source);
    free(n->max_reason);
    free(n->file);
    free(n->column);
    free(n->rule.column);
    free(n->rule.den_column);
    free(n->rule.steps);
    free(n->na_column);
    free(n->na_value);
    free(n->child);
    for (i = 0; i < n->nof; i++)
        free(n->of[i]);
    free(n->of);
    free(n->of_index);
}

void tree_free(Tree *t)
{
    size_t i;
    if (!t)
        return;
    for (i = 0; i < t->n; i++)
        node_free(&t->nodes[i]);
    free(t->nodes);
    for (i = 0; i < t->nbands; i++)
        free(t->bands[i].label);
    free(t->bands);
    free(t->file);
    free(t);
}

int tree_add(Tree *t, const Node *p, int parent)
{
    Node *n;
    size_t i;
    int ok = 1;

    if (parent >= (int)t->n)
        return -1;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 32;
        Node *nn = realloc(t->nodes, nc * sizeof *nn);
        if (!nn)
            return -1;
        t->nodes = nn;
        t->cap = nc;
    }
    n = &t->nodes[t->n];
    *n = *p;
    /* Own copies of everything, so the caller's prototype can be temporary. */
    n->code = dup_or_null(p->code);
    n->name = dup_or_null(p->name);
    n->name_en = dup_or_null(p->name_en);
    n->owner = dup_or_null(p->owner);
    n->status = dup_or_null(p->status);
    n->note = dup_or_null(p->note);
    n->source = dup_or_null(p->source);
    n->max_reason = dup_or_null(p->max_reason);
    n->file = dup_or_null(p->file);
    n->column = dup_or_null(p->column);
    n->rule.column = dup_or_null(p->rule.column);
    n->rule.den_column = dup_or_null(p->rule.den_column);
    n->rule.steps = NULL;
    if (p->rule.nsteps) {
        n->rule.steps = malloc(p->rule.nsteps * sizeof *n->rule.steps);
        if (n->rule.steps)
            memcpy(n->rule.steps, p->rule.steps, p->rule.nsteps * sizeof *n->rule.steps);
        else
            ok = 0;
    }
    n->na_column = dup_or_null(p->na_column);
    n->na_value = dup_or_null(p->na_value);
    n->child = NULL;
    n->nchild = 0;
    n->of = NULL;
    n->of_index = NULL;
    if (p->nof) {
        n->of = calloc(p->nof, sizeof *n->of);
        if (n->of)
            for (i = 0; i < p->nof; i++)
                if (!(n->of[i] = strdup(p->of[i])))
                    ok = 0;
        if (!n->of)
            ok = 0;
    }
    n->parent = parent;
    if (!ok || !n->code) {
        node_free(n);
        return -1;
    }
    if (parent >= 0) {
        Node *pn = &t->nodes[parent];
        int *nc = realloc(pn->child, (pn->nchild + 1) * sizeof *nc);
        if (!nc) {
            node_free(n);
            return -1;
        }
        pn->child = nc;
        pn->child[pn->nchild++] = (int)t->n;
    }
    return (int)t->n++;
}

int tree_add_band(Tree *t, const char *label, double from)
{
    Band *nb = realloc(t->bands, (t->nbands + 1) * sizeof *nb);
    if (!nb)
        return -1;
    t->bands = nb;
    nb[t->nbands].label = strdup(label);
    nb[t->nbands].from = from;
    if (!nb[t->nbands].label)
        return -1;
    t->nbands++;
    return 0;
}

int tree_find(const Tree *t, const char *code)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        if (strcmp(t->nodes[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* Does following `of` references from node i come back to `start`? */
static int regroups(const Tree *t, int i, int start, int depth)
{
    const Node *n = &t->nodes[i];
    size_t k;
    if (depth > (int)t->n)
        return 1;
    for (k = 0; k < n->nof; k++) {
        int j = n->of_index[k], p = j;
        while (p >= 0) {          /* j itself or any ancestor of j */
            if (p == start)
                return 1;
            p = t->nodes[p].parent;
        }
        if (t->nodes[j].of_index && regroups(t, j, start, depth + 1))
            return 1;
    }
    return 0;
}

int tree_finish(Tree *t, Diag *d)
{
    size_t i, k;
    for (i = 0; i < t->n; i++) {
        Node *n = &t->nodes[i];
        if (!n->nof)
            continue;
        free(n->of_index);
        n->of_index = malloc(n->nof * sizeof *n->of_index);
        if (!n->of_index)
            return diag_set(d, n->file, n->line, 0, "out of memory");
        for (k = 0; k < n->nof; k++) {
            int j = tree_find(t, n->of[k]);
            if (j < 0)
                return diag_set(d, n->file, n->line, 0, "'%s' regroups '%s', which is not a node of this index",
                                n->code, n->of[k]);
            n->of_index[k] = j;
        }
    }
    for (i = 0; i < t->n; i++) {
        const Node *n = &t->nodes[i];
        if (n->nof && n->of_index && regroups(t, (int)i, (int)i, 0))
            return diag_set(d, n->file, n->line, 0, "'%s' regroups itself (through the nodes it names)", n->code);
    }
    return 0;
}

const char *tree_band(const Tree *t, double pct)
{
    size_t i;
    if (!t->nbands || isnan(pct))
        return NULL;
    /* Bands are listed from the best down; the first whose bound is met wins.
     * Compare at the published precision so 89.995 rounds into the band it prints as. */
    for (i = 0; i < t->nbands; i++) {
        double scale = pow(10, t->decimals);
        if (isnan(t->bands[i].from) || round(pct * scale) >= round(t->bands[i].from * scale))
            return t->bands[i].label;
    }
    return NULL;
}

static const char *fmt(double v, char *buf, size_t n)
{
    number_format(v, -1, NUM_PLAIN, buf, n);
    return buf;
}

static const char *op_text(StepOp op)
{
    switch (op) {
    case STEP_GT: return ">";
    case STEP_GE: return "≥";
    case STEP_LT: return "<";
    case STEP_LE: return "≤";
    case STEP_EQ: return "=";
    case STEP_ELSE: return "otherwise";
    }
    return "?";
}

static void step_text(const Step *s, int schedule, char *buf, size_t len)
{
    char a[32], p[32];
    if (s->op == STEP_ELSE)
        snprintf(buf, len, "otherwise → %s", fmt(s->points, p, sizeof p));
    else
        snprintf(buf, len, "%s %s%s → %s", op_text(s->op), fmt(s->at, a, sizeof a),
                 schedule ? "" : "", fmt(s->points, p, sizeof p));
}

void tree_rule_text(const Node *n, char *buf, size_t len)
{
    const Rule *r = &n->rule;
    char a[32], b[32], c[32];
    size_t i, used = 0;
    buf[0] = '\0';
    switch (r->kind) {
    case RULE_NONE:
        if (n->column)
            snprintf(buf, len, "points given by column '%s'", n->column);
        else
            snprintf(buf, len, "sum of its parts");
        break;
    case RULE_STEPS:
    case RULE_SCHEDULE:
        used = (size_t)snprintf(buf, len, "%s%s: ", r->column, r->kind == RULE_SCHEDULE ? " (count)" : "");
        for (i = 0; i < r->nsteps && used < len; i++) {
            char s[96];
            step_text(&r->steps[i], r->kind == RULE_SCHEDULE, s, sizeof s);
            used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "", s);
        }
        break;
    case RULE_RATE:
        if (r->den_column)
            snprintf(buf, len, "%s / %s × max", r->column, r->den_column);
        else
            snprintf(buf, len, "%s / %s × max", r->column, fmt(r->scale, a, sizeof a));
        break;
    case RULE_LINEAR:
        snprintf(buf, len, "%s from %s to %s, scaled to max", r->column, fmt(r->lo, a, sizeof a),
                 fmt(r->hi, b, sizeof b));
        break;
    case RULE_ON_TIME:
        snprintf(buf, len, "%s: on time → %s; late → %s; not done → %s", r->column, fmt(r->on_time, a, sizeof a),
                 fmt(r->late, b, sizeof b), fmt(r->not_done, c, sizeof c));
        break;
    case RULE_YES_NO:
        snprintf(buf, len, "%s: yes → %s; no → %s", r->column, fmt(r->yes, a, sizeof a), fmt(r->no, b, sizeof b));
        break;
    case RULE_PENALTY:
        snprintf(buf, len, "%s: max − %s per case%s%s", r->column, fmt(r->per, a, sizeof a),
                 isnan(r->cap) ? "" : ", at most − ", isnan(r->cap) ? "" : fmt(r->cap, b, sizeof b));
        break;
    case RULE_FUNCTION:
        snprintf(buf, len, "a Lua function (%s:%d)", n->file ? n->file : "?", n->line);
        break;
    }
}

void tree_decided_text(const Node *n, int decided, char *buf, size_t len)
{
    const Rule *r = &n->rule;
    char a[32];
    buf[0] = '\0';
    if (decided == -2) {
        snprintf(buf, len, "no value → %s", r->missing == MISSING_NA ? "not applicable" : "0");
        return;
    }
    if (decided == -3) {
        snprintf(buf, len, "not applicable");
        return;
    }
    if (decided == -4) {
        snprintf(buf, len, "zero denominator → %s",
                 r->zero_den == ZERO_DEN_FULL ? "full points" : r->zero_den == ZERO_DEN_ZERO ? "0" : "not applicable");
        return;
    }
    switch (r->kind) {
    case RULE_STEPS:
    case RULE_SCHEDULE:
        if (decided >= 0 && (size_t)decided < r->nsteps)
            step_text(&r->steps[decided], r->kind == RULE_SCHEDULE, buf, len);
        else
            snprintf(buf, len, "no step matched → 0");
        break;
    case RULE_ON_TIME:
        snprintf(buf, len, "%s → %s", decided == 0 ? "on time" : decided == 1 ? "late" : "not done",
                 fmt(decided == 0 ? r->on_time : decided == 1 ? r->late : r->not_done, a, sizeof a));
        break;
    case RULE_YES_NO:
        snprintf(buf, len, "%s → %s", decided == 0 ? "yes" : "no", fmt(decided == 0 ? r->yes : r->no, a, sizeof a));
        break;
    case RULE_RATE:
        snprintf(buf, len, "rate × max");
        break;
    case RULE_LINEAR:
        snprintf(buf, len, "scaled between %s and %s", fmt(r->lo, a, sizeof a), fmt(r->hi, a + 16, 16));
        break;
    case RULE_PENALTY:
        snprintf(buf, len, "%s deducted per case", fmt(r->per, a, sizeof a));
        break;
    case RULE_FUNCTION:
        snprintf(buf, len, "Lua function");
        break;
    case RULE_NONE:
        break;
    }
}

/* ---- checking ------------------------------------------------------------ */

static int is_view_node(const Tree *t, size_t i)
{
    int p = (int)i;
    while (t->nodes[p].parent >= 0)
        p = t->nodes[p].parent;
    return t->nodes[p].kind == NODE_VIEW;
}

static void suggest_column(const Table *data, const char *name, char *buf, size_t len)
{
    size_t i, best = 0, bestd = (size_t)-1;
    buf[0] = '\0';
    for (i = 0; i < data->ncols; i++) {
        size_t d = text_distance(name, data->cols[i].name);
        if (d < bestd) {
            bestd = d;
            best = i;
        }
    }
    if (bestd != (size_t)-1 && bestd <= 3 && bestd < strlen(name))
        snprintf(buf, len, " (did you mean '%s'?)", data->cols[best].name);
}

static void check_column(const Tree *t, const Node *n, const Table *data, const char *col, const char *what,
                         int need_number, DiagList *out, size_t *count)
{
    char hint[128];
    int c;
    (void)t;
    if (!col)
        return;
    c = table_find(data, col);
    if (c < 0) {
        suggest_column(data, col, hint, sizeof hint);
        diaglist_add(out, n->file, n->line, 0, "'%s': %s column '%s' is not in %s%s", n->code, what, col,
                     data->source, hint);
        (*count)++;
    } else if (need_number && data->cols[c].type != COL_NUMBER) {
        diaglist_add(out, n->file, n->line, 0, "'%s': %s column '%s' holds text, not numbers", n->code, what, col);
        (*count)++;
    }
}

static void check_steps(const Node *n, DiagList *out, size_t *count)
{
    const Rule *r = &n->rule;
    size_t i;
    int dir = 0; /* +1 thresholds going down (> / ≥), -1 going up (< / ≤) */
    int has_else = 0;
    const Step *prev = NULL;
    char a[32], b[32];

    if (r->nsteps == 0) {
        diaglist_add(out, n->file, n->line, 0, "'%s': no steps", n->code);
        (*count)++;
        return;
    }
    for (i = 0; i < r->nsteps; i++) {
        const Step *s = &r->steps[i];
        int sdir;
        if (!isnan(n->max) && s->points > n->max + 1e-9) {
            diaglist_add(out, n->file, n->line, 0, "'%s': step %zu gives %s points, above the max %s", n->code,
                         i + 1, fmt(s->points, a, sizeof a), fmt(n->max, b, sizeof b));
            (*count)++;
        }
        if (s->points < 0) {
            diaglist_add(out, n->file, n->line, 0, "'%s': step %zu gives negative points", n->code, i + 1);
            (*count)++;
        }
        if (s->op == STEP_ELSE) {
            if (i + 1 != r->nsteps) {
                diaglist_add(out, n->file, n->line, 0, "'%s': 'otherwise' must be the last step", n->code);
                (*count)++;
            }
            has_else = 1;
            continue;
        }
        if (s->op == STEP_EQ)
            continue;
        sdir = (s->op == STEP_GT || s->op == STEP_GE) ? 1 : -1;
        if (r->kind == RULE_SCHEDULE && sdir < 0) {
            diaglist_add(out, n->file, n->line, 0, "'%s': a schedule counts up: use counts, not upper bounds",
                         n->code);
            (*count)++;
        }
        if (dir && sdir != dir) {
            diaglist_add(out, n->file, n->line, 0,
                         "'%s': steps mix lower bounds (above/from) and upper bounds (below/upto)", n->code);
            (*count)++;
            return;
        }
        dir = sdir;
        if (prev) {
            /* Thresholds must move away from the best value, and points must not rise. */
            int order_ok = dir > 0 ? (s->at < prev->at || (s->at == prev->at && prev->op == STEP_GT && s->op == STEP_GE))
                                   : (s->at > prev->at || (s->at == prev->at && prev->op == STEP_LT && s->op == STEP_LE));
            if (!order_ok) {
                diaglist_add(out, n->file, n->line, 0, "'%s': thresholds are not monotone (%s %s after %s %s)",
                             n->code, op_text(s->op), fmt(s->at, a, sizeof a), op_text(prev->op),
                             fmt(prev->at, b, sizeof b));
                (*count)++;
            }
            if (s->points > prev->points + 1e-12) {
                diaglist_add(out, n->file, n->line, 0,
                             "'%s': points rise from %s to %s as the value gets worse", n->code,
                             fmt(prev->points, a, sizeof a), fmt(s->points, b, sizeof b));
                (*count)++;
            }
        }
        prev = s;
    }
    if (!has_else && prev) {
        /* A schedule from 0 up, or steps down to "≥ 0" on a non-negative value, cover everything. */
        int covers = (prev->op == STEP_GE && prev->at <= 0) || (prev->op == STEP_LE && isinf(prev->at));
        if (!covers) {
            diaglist_add(out, n->file, n->line, 0,
                         "'%s': steps do not cover values %s %s: add { otherwise = points }", n->code,
                         dir > 0 ? (prev->op == STEP_GE ? "below" : "at or below") : (prev->op == STEP_LE ? "above" : "at or above"),
                         fmt(prev->at, a, sizeof a));
            (*count)++;
        }
    }
}

size_t tree_check(const Tree *t, const Table *data, DiagList *out)
{
    size_t i, j, count = 0;
    char a[32], b[32];

    for (i = 0; i < t->n; i++) {
        const Node *n = &t->nodes[i];
        int view = is_view_node(t, i);

        for (j = 0; j < i; j++) {
            if (strcmp(t->nodes[j].code, n->code) == 0) {
                diaglist_add(out, n->file, n->line, 0, "duplicate code '%s' (first at line %d)", n->code,
                             t->nodes[j].line);
                count++;
                break;
            }
        }
        if (!isnan(n->max) && n->max < 0) {
            diaglist_add(out, n->file, n->line, 0, "'%s': negative max", n->code);
            count++;
        }

        /* Children's max must add up to the parent's, unless a reason is given. */
        if ((n->nchild || n->nof) && n->agg == AGG_SUM && n->kind != NODE_VIEW && !n->max_reason) {
            double sum = 0;
            int unknown = 0;
            const char *unknown_code = NULL;
            size_t k, m = n->nchild ? n->nchild : n->nof;
            for (k = 0; k < m; k++) {
                const Node *c;
                if (n->nchild)
                    c = &t->nodes[n->child[k]];
                else if (n->of_index)
                    c = &t->nodes[n->of_index[k]];
                else
                    continue;
                if (isnan(c->max)) {
                    unknown = 1;
                    unknown_code = c->code;
                } else {
                    sum += c->max;
                }
            }
            if (isnan(n->max) && !unknown) {
                /* Nothing to compare with: the parent's max is not public. */
            } else if (unknown && !isnan(n->max)) {
                diaglist_add(out, n->file, n->line, 0,
                             "'%s': cannot check that its parts add up to %s: the max of '%s' is not public "
                             "(say why with max_reason)", n->code, fmt(n->max, a, sizeof a), unknown_code);
                count++;
            } else if (!unknown && fabs(sum - n->max) > 1e-9) {
                diaglist_add(out, n->file, n->line, 0, "'%s': its parts' max add up to %s, not %s (or give max_reason)",
                             n->code, fmt(sum, a, sizeof a), fmt(n->max, b, sizeof b));
                count++;
            }
        }
        if ((n->agg == AGG_MEAN || n->agg == AGG_WMEAN) && isnan(n->max)) {
            diaglist_add(out, n->file, n->line, 0, "'%s': a mean needs the node's max", n->code);
            count++;
        }
        if (n->agg == AGG_WMEAN) {
            size_t k;
            for (k = 0; k < n->nchild; k++) {
                const Node *c = &t->nodes[n->child[k]];
                if (!(c->weight > 0)) {
                    diaglist_add(out, c->file, c->line, 0, "'%s': weight must be positive", c->code);
                    count++;
                }
                if (isnan(c->max)) {
                    diaglist_add(out, c->file, c->line, 0, "'%s': a weighted mean needs each part's max", c->code);
                    count++;
                }
            }
        }

        /* Leaves need a way to get points. */
        if (!n->nchild && !n->nof && n->kind != NODE_VIEW && n->rule.kind == RULE_NONE && !n->column && !view) {
            diaglist_add(out, n->file, n->line, 0, "'%s' has no scoring rule and no data column", n->code);
            count++;
        }
        if (view && !n->nchild && !n->nof && !n->column && n->kind != NODE_VIEW) {
            diaglist_add(out, n->file, n->line, 0, "'%s': a view group needs 'of' or a data column", n->code);
            count++;
        }
        if (n->rule.kind != RULE_NONE && n->nchild) {
            diaglist_add(out, n->file, n->line, 0, "'%s' has both parts and a scoring rule", n->code);
            count++;
        }
        if (n->rule.kind != RULE_NONE && n->rule.kind != RULE_FUNCTION && isnan(n->max)) {
            diaglist_add(out, n->file, n->line, 0, "'%s': a scoring rule needs the node's max", n->code);
            count++;
        }
        switch (n->rule.kind) {
        case RULE_STEPS:
        case RULE_SCHEDULE:
            check_steps(n, out, &count);
            break;
        case RULE_ON_TIME:
            if (!isnan(n->max) && (n->rule.on_time > n->max + 1e-9 || n->rule.late > n->max + 1e-9)) {
                diaglist_add(out, n->file, n->line, 0, "'%s': on-time points above the max %s", n->code,
                             fmt(n->max, a, sizeof a));
                count++;
            }
            if (n->rule.late > n->rule.on_time || n->rule.not_done > n->rule.late) {
                diaglist_add(out, n->file, n->line, 0, "'%s': late must not earn more than on time, nor not done more than late",
                             n->code);
                count++;
            }
            break;
        case RULE_YES_NO:
            if (!isnan(n->max) && (n->rule.yes > n->max + 1e-9 || n->rule.no > n->max + 1e-9)) {
                diaglist_add(out, n->file, n->line, 0, "'%s': yes/no points above the max %s", n->code,
                             fmt(n->max, a, sizeof a));
                count++;
            }
            break;
        case RULE_RATE:
            if (!(n->rule.scale > 0)) {
                diaglist_add(out, n->file, n->line, 0, "'%s': a rate's scale must be positive", n->code);
                count++;
            }
            break;
        case RULE_LINEAR:
            if (!(n->rule.hi != n->rule.lo)) {
                diaglist_add(out, n->file, n->line, 0, "'%s': from and to must differ", n->code);
                count++;
            }
            break;
        case RULE_PENALTY:
            if (!(n->rule.per > 0)) {
                diaglist_add(out, n->file, n->line, 0, "'%s': the deduction per case must be positive", n->code);
                count++;
            }
            break;
        default:
            break;
        }

        if (data) {
            int numeric = n->rule.kind == RULE_STEPS || n->rule.kind == RULE_SCHEDULE || n->rule.kind == RULE_RATE ||
                          n->rule.kind == RULE_LINEAR || n->rule.kind == RULE_PENALTY;
            /* A column of given points is optional (a published table may
             * lack a breakdown), unless a column of a very similar name
             * exists: then it is probably misspelt. */
            if (n->column && table_find(data, n->column) < 0) {
                char hint[128];
                suggest_column(data, n->column, hint, sizeof hint);
                if (hint[0]) {
                    diaglist_add(out, n->file, n->line, 0, "'%s': points column '%s' is not in %s%s", n->code,
                                 n->column, data->source, hint);
                    count++;
                }
            } else {
                check_column(t, n, data, n->column, "points", 1, out, &count);
            }
            if (n->rule.kind != RULE_FUNCTION)
                check_column(t, n, data, n->rule.column, "value", numeric, out, &count);
            check_column(t, n, data, n->rule.den_column, "denominator", 1, out, &count);
            check_column(t, n, data, n->na_column, "not-applicable", 0, out, &count);
        }
    }
    for (i = 1; i < t->nbands; i++) {
        if (!isnan(t->bands[i].from) && !isnan(t->bands[i - 1].from) && t->bands[i].from >= t->bands[i - 1].from) {
            diaglist_add(out, t->file, t->nodes ? t->nodes[0].line : 0, 0,
                         "groups must be listed from the best down ('%s' from %s after '%s' from %s)",
                         t->bands[i].label, fmt(t->bands[i].from, a, sizeof a), t->bands[i - 1].label,
                         fmt(t->bands[i - 1].from, b, sizeof b));
            count++;
        }
    }
    return count;
}
