/* sensitivity.c — the N(d+2) design, the runs, rank distributions and Sobol
 * indices (contract in sensitivity.h).
 *
 * Speed comes from not scoring anything in the runs.  Each methodology (the
 * base and every variant) is scored once by score_run; a threshold
 * alternative's leaf is scored once per value (score_leaf).  A run then only
 * re-aggregates the "dirty" nodes — those on the path from an alternative's
 * node to the root — reading every other node's points from the base scores,
 * and ranks the units.  With weights on the eight areas of a PAR-sized index
 * that is one node per run.
 *
 * Per node and unit the runs carry points, the applicable maximum and the
 * change of that maximum caused by weights below the node (delta), so that a
 * mean parent divides by the maximum its part really has.
 */
#include "sensitivity.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rank.h"
#include "rng.h"
#include "text.h"

/* One methodology as the runs see it. */
typedef struct Model {
    const ScoreResult *sr;
    const Tree *t;
    int *node;           /* [d] node of each alternative (-1: the variant alternative) */
    int *ctl_weight;     /* [nnodes] the weight alternative on the node, or -1 */
    int *ctl_agg;        /* [nnodes] the aggregation alternative, or -1 */
    int *ctl_thr;        /* [nnodes] the threshold alternative, or -1 */
    double **thr_points; /* [d]: THRESHOLD: [nvalues × nunits] the leaf's points per value */
    int *row;            /* [nnodes] workspace row of a node re-aggregated in the runs, or -1 */
    int *order;          /* those nodes, children before parents */
    size_t norder;
} Model;

typedef struct Ctx {
    const SensAlt *alts;
    size_t d, n, nruns, nu;
    int variant;         /* index of the variant alternative, or -1 */
    Model *models;       /* 1 (the base) or the variant's values */
    size_t nmodels;
    size_t maxrows;
    const int *base_rank;
    long unit;
    const unsigned short *level;
    double *y[SENS_NOUT];
} Ctx;

typedef struct Work {
    const Ctx *c;
    size_t from, to;     /* runs */
    double *P, *A, *D;   /* [maxrows × nu] */
    double *p, *am, *ex, *ws, *dl; /* [nu] accumulators */
    double *pct;
    int *rank;
    unsigned *hist;      /* [nu × (nu + 1)] */
    int failed;
} Work;

/* ---- design ------------------------------------------------------------- */

void sens_run_block(size_t n, size_t r, size_t *block, size_t *row)
{
    *block = r / n;
    *row = r % n;
}

static unsigned short level_of(double u, size_t m)
{
    size_t k = (size_t)(u * (double)m);
    return (unsigned short)(k >= m ? m - 1 : k);
}

void sens_design(size_t n, size_t d, const size_t *m, uint64_t seed, unsigned short *level)
{
    size_t j, i, k;
    for (j = 0; j < n; j++) {
        Rng g = rng_stream(seed, j);
        unsigned short *a = level + j * d, *b = level + (n + j) * d;
        for (i = 0; i < d; i++)
            a[i] = level_of(rng_uniform(&g), m[i]);
        for (i = 0; i < d; i++)
            b[i] = level_of(rng_uniform(&g), m[i]);
        for (k = 0; k < d; k++) {
            unsigned short *ab = level + ((2 + k) * n + j) * d;
            memcpy(ab, a, d * sizeof *ab);
            ab[k] = b[k];
        }
    }
}

/* ---- estimators --------------------------------------------------------- */

/* S1 and ST of every input from the rows idx[0..n) (NULL: 0..n-1).
 *   V  = variance of f over the 2N runs of A and B
 *   S1 = mean of (f_B − mean)(f_ABi − f_A) / V   (Saltelli 2010, Table 2 (b))
 *   ST = mean of (f_A − f_ABi)² / 2 / V          (Jansen 1999)
 * f_B is centred on the mean, as SALib does by standardising the output:
 * the expectation is the same (E[f_ABi − f_A] = 0) and the variance far
 * lower when the output's mean is large against its spread (a score near
 * 70 % that moves by a few points). */
static void sobol_rows(const double *y, size_t n, size_t d, const size_t *idx, double *s1, double *st,
                       double *mean, double *var)
{
    const double *fa = y, *fb = y + n;
    double sum = 0, ss = 0, m, v;
    size_t j, i;
    for (j = 0; j < n; j++) {
        size_t r = idx ? idx[j] : j;
        sum += fa[r] + fb[r];
    }
    m = sum / (double)(2 * n);
    for (j = 0; j < n; j++) {
        size_t r = idx ? idx[j] : j;
        ss += (fa[r] - m) * (fa[r] - m) + (fb[r] - m) * (fb[r] - m);
    }
    v = ss / (double)(2 * n);
    if (mean)
        *mean = m;
    if (var)
        *var = v;
    for (i = 0; i < d; i++) {
        const double *fab = y + (2 + i) * n;
        double a = 0, b = 0;
        for (j = 0; j < n; j++) {
            size_t r = idx ? idx[j] : j;
            a += (fb[r] - m) * (fab[r] - fa[r]);
            b += (fa[r] - fab[r]) * (fa[r] - fab[r]);
        }
        /* No variation at all (or only rounding noise): the indices are undefined. */
        if (!(v > 1e-12 * (1 + m * m))) {
            s1[i] = st[i] = NAN;
        } else {
            s1[i] = a / (double)n / v;
            st[i] = b / (double)(2 * n) / v;
        }
    }
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (isnan(a) || isnan(b))
        return isnan(a) - isnan(b); /* NaN last */
    return (a > b) - (a < b);
}

/* Quantile (linear between order statistics, R's type 7) of sorted v[0..n). */
static double quantile7(const double *v, size_t n, double p)
{
    double h, f;
    size_t lo;
    if (n == 0)
        return NAN;
    h = (double)(n - 1) * p;
    lo = (size_t)floor(h);
    f = h - (double)lo;
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + f * (v[lo + 1] - v[lo]);
}

void sens_sobol(const double *y, size_t n, size_t d, size_t boot, uint64_t seed, SensIndex *out, double *mean,
                double *var)
{
    double *s1 = malloc((d ? d : 1) * sizeof *s1), *st = malloc((d ? d : 1) * sizeof *st);
    double *b1 = NULL, *bt = NULL;
    size_t *idx = NULL, i, b, j;
    if (!s1 || !st)
        goto nomem;
    sobol_rows(y, n, d, NULL, s1, st, mean, var);
    for (i = 0; i < d; i++) {
        out[i].s1 = s1[i];
        out[i].st = st[i];
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
    }
    if (boot == 0 || isnan(s1[0]))
        goto done;
    b1 = malloc(d * boot * sizeof *b1);
    bt = malloc(d * boot * sizeof *bt);
    idx = malloc(n * sizeof *idx);
    if (!b1 || !bt || !idx)
        goto done; /* intervals stay NAN */
    for (b = 0; b < boot; b++) {
        /* Streams of their own, apart from the design's (seed, row) streams. */
        Rng g = rng_stream(seed ^ 0x5eb5b007c0ffee11ULL, b);
        for (j = 0; j < n; j++)
            idx[j] = (size_t)rng_below(&g, n);
        sobol_rows(y, n, d, idx, s1, st, NULL, NULL);
        for (i = 0; i < d; i++) {
            b1[i * boot + b] = s1[i];
            bt[i * boot + b] = st[i];
        }
    }
    for (i = 0; i < d; i++) {
        size_t ok1, okt;
        qsort(b1 + i * boot, boot, sizeof *b1, cmp_double);
        qsort(bt + i * boot, boot, sizeof *bt, cmp_double);
        for (ok1 = 0; ok1 < boot && !isnan(b1[i * boot + ok1]); ok1++)
            ;
        for (okt = 0; okt < boot && !isnan(bt[i * boot + okt]); okt++)
            ;
        out[i].s1_lo = quantile7(b1 + i * boot, ok1, 0.025);
        out[i].s1_hi = quantile7(b1 + i * boot, ok1, 0.975);
        out[i].st_lo = quantile7(bt + i * boot, okt, 0.025);
        out[i].st_hi = quantile7(bt + i * boot, okt, 0.975);
    }
done:
    free(b1);
    free(bt);
    free(idx);
    free(s1);
    free(st);
    return;
nomem:
    for (i = 0; i < d; i++)
        out[i].s1 = out[i].st = out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
    free(s1);
    free(st);
}

/* ---- setting up the models ---------------------------------------------- */

static const char *kind_word(SensKind k)
{
    static const char *const w[] = {"weight", "threshold", "aggregation", "variant"};
    return w[k];
}

static void model_free(Model *m, size_t d)
{
    size_t k;
    if (!m)
        return;
    if (m->thr_points)
        for (k = 0; k < d; k++)
            free(m->thr_points[k]);
    free(m->thr_points);
    free(m->node);
    free(m->ctl_weight);
    free(m->ctl_agg);
    free(m->ctl_thr);
    free(m->row);
    free(m->order);
}

/* The closest code of the tree to `code`, for "did you mean". */
static const char *nearest_code(const Tree *t, const char *code)
{
    const char *best = NULL;
    size_t i, bd = (size_t)-1, len = strlen(code);
    for (i = 0; i < t->n; i++) {
        size_t dd = text_distance(code, t->nodes[i].code);
        if (dd < bd) {
            bd = dd;
            best = t->nodes[i].code;
        }
    }
    return best && bd <= (len / 3 > 1 ? len / 3 : 1) ? best : NULL;
}

static int in_main_tree(const Tree *t, int i)
{
    while (t->nodes[i].parent >= 0)
        i = t->nodes[i].parent;
    return i == 0;
}

/* Mark node i and its ancestors as re-aggregated in the runs. */
static void mark_up(const Tree *t, unsigned char *dirty, int i)
{
    for (; i >= 0; i = t->nodes[i].parent)
        if (t->nodes[i].nchild)
            dirty[i] = 1;
}

static int fail_alt(Diag *diag, const SensAlt *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_alt(Diag *diag, const SensAlt *a, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_set(diag, a->file, a->line, 0, "%s '%s': %s", kind_word(a->kind), a->name ? a->name : "?", msg);
}

/* Resolve every alternative in one methodology (the base: which = NULL; a
 * variant: its description for messages) and precompute what its runs need. */
static int model_init(Model *m, const ScoreResult *sr, const Table *data, const SensAlt *alts, size_t d,
                      const char *root_code, const char *which, Diag *diag)
{
    const Tree *t = sr->tree;
    size_t nn = t->n, nu = sr->nunits, k;
    unsigned char *dirty = NULL;
    int i, rc = -1;
    Rule rule;
    Step *steps = NULL;
    double *amax = NULL;
    unsigned char *state = NULL;

    memset(m, 0, sizeof *m);
    m->sr = sr;
    m->t = t;
    m->node = malloc((d ? d : 1) * sizeof *m->node);
    m->ctl_weight = malloc(nn * sizeof *m->ctl_weight);
    m->ctl_agg = malloc(nn * sizeof *m->ctl_agg);
    m->ctl_thr = malloc(nn * sizeof *m->ctl_thr);
    m->row = malloc(nn * sizeof *m->row);
    m->order = malloc(nn * sizeof *m->order);
    m->thr_points = calloc(d ? d : 1, sizeof *m->thr_points);
    dirty = calloc(nn, 1);
    amax = malloc((nu ? nu : 1) * sizeof *amax);
    state = malloc(nu ? nu : 1);
    if (!m->node || !m->ctl_weight || !m->ctl_agg || !m->ctl_thr || !m->row || !m->order || !m->thr_points ||
        !dirty || !amax || !state) {
        diag_set(diag, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (i = 0; i < (int)nn; i++)
        m->ctl_weight[i] = m->ctl_agg[i] = m->ctl_thr[i] = m->row[i] = -1;

    for (k = 0; k < d; k++) {
        const SensAlt *a = &alts[k];
        const Node *n;
        int x, *ctl;
        m->node[k] = -1;
        if (a->kind == SENS_VARIANT)
            continue;
        /* The base's root code stands for each methodology's root. */
        x = strcmp(a->code, root_code) == 0 ? 0 : tree_find(t, a->code);
        if (x < 0) {
            const char *near = nearest_code(t, a->code);
            char hint[300] = "";
            if (near)
                snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
            if (which)
                fail_alt(diag, a, "variant methodology %s has no node '%s'%s", which, a->code, hint);
            else
                fail_alt(diag, a, "methodology %s has no node '%s'%s", t->file ? t->file : "?", a->code, hint);
            goto out;
        }
        n = &t->nodes[x];
        if (!in_main_tree(t, x)) {
            fail_alt(diag, a, "'%s' is in a view, which regroups nodes without changing the total", a->code);
            goto out;
        }
        ctl = a->kind == SENS_WEIGHT ? m->ctl_weight : a->kind == SENS_AGGREGATION ? m->ctl_agg : m->ctl_thr;
        if (ctl[x] >= 0) {
            fail_alt(diag, a, "'%s' already has a %s alternative ('%s'): one of each kind per node", a->code,
                     kind_word(a->kind), alts[ctl[x]].name ? alts[ctl[x]].name : "?");
            goto out;
        }
        ctl[x] = (int)k;
        m->node[k] = x;
        switch (a->kind) {
        case SENS_WEIGHT:
            if (x == 0) {
                fail_alt(diag, a, "'%s' is the index itself: a weight acts on a part, as its parent adds it up",
                         a->code);
                goto out;
            }
            mark_up(t, dirty, n->parent);
            break;
        case SENS_AGGREGATION:
            if (!n->nchild) {
                fail_alt(diag, a, "'%s' has no parts to aggregate", a->code);
                goto out;
            }
            mark_up(t, dirty, x);
            break;
        case SENS_THRESHOLD: {
            size_t s, bounded = 0, step = 0, v;
            if (n->nchild || (n->rule.kind != RULE_STEPS && n->rule.kind != RULE_SCHEDULE)) {
                fail_alt(diag, a, "'%s' is not scored by steps { … } or schedule { … }", a->code);
                goto out;
            }
            for (s = 0; s < n->rule.nsteps; s++)
                if (n->rule.steps[s].op != STEP_ELSE) {
                    bounded++;
                    if (!step)
                        step = s + 1;
                }
            if (a->step == 0 && bounded != 1) {
                fail_alt(diag, a, "the rule of '%s' has %zu steps with a bound: say which with step = 1, 2, …",
                         a->code, bounded);
                goto out;
            }
            if (a->step != 0)
                step = (size_t)a->step;
            if (a->step < 0 || step > n->rule.nsteps || n->rule.steps[step - 1].op == STEP_ELSE) {
                fail_alt(diag, a, "'%s' has no step %d with a bound", a->code, a->step);
                goto out;
            }
            free(steps);
            steps = malloc(n->rule.nsteps * sizeof *steps);
            m->thr_points[k] = malloc(a->nvalues * (nu ? nu : 1) * sizeof **m->thr_points);
            if (!steps || !m->thr_points[k]) {
                diag_set(diag, NULL, 0, 0, "out of memory");
                goto out;
            }
            memcpy(steps, n->rule.steps, n->rule.nsteps * sizeof *steps);
            rule = n->rule;
            rule.steps = steps;
            for (v = 0; v < a->nvalues; v++) {
                steps[step - 1].at = a->values[v];
                if (score_leaf(t, data, x, &rule, NULL, m->thr_points[k] + v * nu, amax, state, diag) != 0)
                    goto out;
            }
            mark_up(t, dirty, n->parent);
            break;
        }
        default:
            break;
        }
    }
    /* Children have higher indices than their parents: walk down the indices. */
    for (i = (int)nn - 1; i >= 0; i--)
        if (dirty[i]) {
            m->row[i] = (int)m->norder;
            m->order[m->norder++] = i;
        }
    rc = 0;
out:
    /* Say which methodology a problem is in, when it is a variant's. */
    if (rc != 0 && which && diag && !strstr(diag->msg, "variant methodology")) {
        size_t len = strlen(diag->msg);
        snprintf(diag->msg + len, sizeof diag->msg - len, " (in variant methodology %s)", which);
    }
    free(dirty);
    free(steps);
    free(amax);
    free(state);
    return rc;
}

/* ---- runs --------------------------------------------------------------- */

static const double *points_of(const Ctx *c, const Model *m, const Work *w, int node, const unsigned short *lv)
{
    if (m->row[node] >= 0)
        return w->P + (size_t)m->row[node] * c->nu;
    if (m->ctl_thr[node] >= 0) {
        int k = m->ctl_thr[node];
        return m->thr_points[k] + (size_t)lv[k] * c->nu;
    }
    return m->sr->points + (size_t)node * c->nu;
}

static const double *amax_of(const Ctx *c, const Model *m, const Work *w, int node)
{
    if (m->row[node] >= 0)
        return w->A + (size_t)m->row[node] * c->nu;
    return m->sr->amax + (size_t)node * c->nu;
}

static const double *delta_of(const Ctx *c, const Model *m, const Work *w, int node)
{
    return m->row[node] >= 0 ? w->D + (size_t)m->row[node] * c->nu : NULL;
}

/* Re-aggregate node i for every unit, as score.c's aggregate() does, with the
 * run's weights and aggregation. */
static void eval_node(const Ctx *c, const Model *m, Work *w, int i, const unsigned short *lv)
{
    const Tree *t = m->t;
    const Node *n = &t->nodes[i];
    const ScoreResult *sr = m->sr;
    size_t nu = c->nu, u, k;
    const unsigned char *st0 = sr->state + (size_t)i * nu;
    const double *p0 = sr->points + (size_t)i * nu, *a0 = sr->amax + (size_t)i * nu;
    double *P = w->P + (size_t)m->row[i] * nu, *A = w->A + (size_t)m->row[i] * nu, *D = w->D + (size_t)m->row[i] * nu;
    Aggregate agg = m->ctl_agg[i] >= 0 ? c->alts[m->ctl_agg[i]].aggs[lv[m->ctl_agg[i]]] : n->agg;

    for (u = 0; u < nu; u++)
        w->p[u] = w->am[u] = w->ex[u] = w->ws[u] = w->dl[u] = 0;
    for (k = 0; k < n->nchild; k++) {
        int ch = n->child[k];
        const Node *cn = &t->nodes[ch];
        const unsigned char *cst = sr->state + (size_t)ch * nu;
        const double *cp = points_of(c, m, w, ch, lv), *cm = amax_of(c, m, w, ch), *cd = delta_of(c, m, w, ch);
        double wt = m->ctl_weight[ch] >= 0 ? c->alts[m->ctl_weight[ch]].values[lv[m->ctl_weight[ch]]] : 1;
        if (agg == AGG_SUM) {
            double cmax = isnan(cn->max) ? 0 : cn->max;
            for (u = 0; u < nu; u++) {
                double dd = cd ? cd[u] : 0, cm0;
                if (cst[u] == ST_NA_EXCLUDED) {
                    w->ex[u] += cmax;
                } else if (cst[u] != ST_UNKNOWN) {
                    /* A partly exempt part takes its exemption away from this
                     * node too: judged on its maximum without the weights. */
                    cm0 = cm[u] - dd;
                    if (!isnan(cn->max) && !isnan(cm0) && cm0 < cn->max)
                        w->ex[u] += cn->max - cm0;
                    w->p[u] += wt * cp[u];
                    w->am[u] += wt * cm[u];
                    w->dl[u] += (wt - 1) * cm[u] + dd;
                }
            }
        } else {
            double ww = wt * (agg == AGG_WMEAN ? cn->weight : 1);
            for (u = 0; u < nu; u++) {
                double cmax;
                if (cst[u] == ST_NA_EXCLUDED || cst[u] == ST_UNKNOWN)
                    continue;
                cmax = isnan(cn->max) ? cm[u] : cn->max + (cd ? cd[u] : 0);
                w->p[u] += ww * (cmax > 0 ? cp[u] / cmax : 0);
                w->ws[u] += ww;
            }
        }
    }
    for (u = 0; u < nu; u++) {
        if (st0[u] != ST_COMPUTED) {
            /* Given by the data, not applicable, unknown: as in the base. */
            P[u] = p0[u];
            A[u] = a0[u];
            D[u] = 0;
        } else if (agg == AGG_SUM) {
            P[u] = w->p[u];
            A[u] = isnan(n->max) ? w->am[u] : n->max - w->ex[u] + w->dl[u];
            D[u] = w->dl[u];
        } else {
            P[u] = w->ws[u] > 0 ? w->p[u] / w->ws[u] * n->max : 0;
            A[u] = n->max;
            D[u] = 0;
        }
    }
}

static void eval_run(const Ctx *c, Work *w, size_t r)
{
    const unsigned short *lv = c->level + r * c->d;
    const Model *m = &c->models[c->variant >= 0 ? lv[c->variant] : 0];
    const double *P, *A;
    size_t k, u, nu = c->nu, ranked = 0;
    double shift = 0;

    for (k = 0; k < m->norder; k++)
        eval_node(c, m, w, m->order[k], lv);
    P = points_of(c, m, w, 0, lv);
    A = amax_of(c, m, w, 0);
    for (u = 0; u < nu; u++)
        w->pct[u] = (isnan(P[u]) || isnan(A[u]) || A[u] <= 0) ? NAN : P[u] / A[u] * 100;
    rank_competition(w->pct, NULL, nu, 0, m->t->decimals, w->rank);
    for (u = 0; u < nu; u++) {
        w->hist[u * (nu + 1) + (size_t)w->rank[u]]++;
        if (w->rank[u] > 0 && c->base_rank[u] > 0) {
            shift += fabs((double)(w->rank[u] - c->base_rank[u]));
            ranked++;
        }
    }
    c->y[SENS_OUT_SHIFT][r] = ranked ? shift / (double)ranked : 0;
    if (c->unit >= 0) {
        int rk = w->rank[c->unit];
        c->y[SENS_OUT_RANK][r] = rk > 0 ? (double)rk : NAN;
        c->y[SENS_OUT_SCORE][r] = w->pct[c->unit];
    }
}

static void *worker(void *arg)
{
    Work *w = arg;
    size_t r;
    for (r = w->from; r < w->to; r++)
        eval_run(w->c, w, r);
    return NULL;
}

static void work_free(Work *w)
{
    free(w->P);
    free(w->A);
    free(w->D);
    free(w->p);
    free(w->am);
    free(w->ex);
    free(w->ws);
    free(w->dl);
    free(w->pct);
    free(w->rank);
    free(w->hist);
}

static int work_init(Work *w, const Ctx *c)
{
    size_t nu = c->nu ? c->nu : 1, rows = c->maxrows ? c->maxrows : 1;
    memset(w, 0, sizeof *w);
    w->c = c;
    w->P = malloc(rows * nu * sizeof *w->P);
    w->A = malloc(rows * nu * sizeof *w->A);
    w->D = malloc(rows * nu * sizeof *w->D);
    w->p = malloc(nu * sizeof *w->p);
    w->am = malloc(nu * sizeof *w->am);
    w->ex = malloc(nu * sizeof *w->ex);
    w->ws = malloc(nu * sizeof *w->ws);
    w->dl = malloc(nu * sizeof *w->dl);
    w->pct = malloc(nu * sizeof *w->pct);
    w->rank = malloc(nu * sizeof *w->rank);
    w->hist = calloc(nu * (c->nu + 1), sizeof *w->hist);
    if (!w->P || !w->A || !w->D || !w->p || !w->am || !w->ex || !w->ws || !w->dl || !w->pct || !w->rank ||
        !w->hist) {
        work_free(w);
        return -1;
    }
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Smallest rank r with at least ⌈total · num / den⌉ runs at r or better. */
static int rank_quantile(const unsigned *h, size_t nu, size_t total, size_t num, size_t den)
{
    size_t k = (total * num + den - 1) / den, cum = 0, r;
    if (k < 1)
        k = 1;
    for (r = 1; r <= nu; r++) {
        cum += h[r];
        if (cum >= k)
            return (int)r;
    }
    return 0;
}

void sens_free(SensResult *r)
{
    int o;
    if (!r)
        return;
    free(r->base_rank);
    free(r->base_pct);
    free(r->hist);
    free(r->median);
    free(r->q05);
    free(r->q95);
    free(r->mean_rank);
    for (o = 0; o < SENS_NOUT; o++) {
        free(r->y[o]);
        free(r->index[o]);
    }
    free(r->level);
    free(r);
}

static int check_alt(const SensAlt *a, const ScoreResult *base, size_t *nvariant, Diag *diag)
{
    size_t v;
    if (a->nvalues < 2 || a->nvalues > SENS_MAX_VALUES)
        return diag_set(diag, a->file, a->line, 0, "%s '%s': values = { … } needs 2 to %d alternatives",
                        kind_word(a->kind), a->name ? a->name : "?", SENS_MAX_VALUES);
    if (a->kind != SENS_VARIANT && !a->code)
        return diag_set(diag, a->file, a->line, 0, "%s '%s' needs node = m.node \"code\"", kind_word(a->kind),
                        a->name ? a->name : "?");
    for (v = 0; v < a->nvalues; v++) {
        switch (a->kind) {
        case SENS_WEIGHT:
            if (!a->values || !isfinite(a->values[v]) || a->values[v] < 0)
                return diag_set(diag, a->file, a->line, 0, "weight '%s': value %zu must be a multiplier ≥ 0",
                                a->name ? a->name : "?", v + 1);
            break;
        case SENS_THRESHOLD:
            if (!a->values || !isfinite(a->values[v]))
                return diag_set(diag, a->file, a->line, 0, "threshold '%s': value %zu must be a number",
                                a->name ? a->name : "?", v + 1);
            break;
        case SENS_AGGREGATION:
            if (!a->aggs || (a->aggs[v] != AGG_SUM && a->aggs[v] != AGG_MEAN && a->aggs[v] != AGG_WMEAN))
                return diag_set(diag, a->file, a->line, 0,
                                "aggregation '%s': value %zu must be \"sum\", \"mean\" or \"weighted_mean\"",
                                a->name ? a->name : "?", v + 1);
            break;
        case SENS_VARIANT:
            if (!a->variants || !a->variants[v] || !a->variants[v]->tree)
                return diag_set(diag, a->file, a->line, 0, "variant '%s': value %zu is not a scored methodology",
                                a->name ? a->name : "?", v + 1);
            if (a->variants[v]->nunits != base->nunits)
                return diag_set(diag, a->file, a->line, 0,
                                "variant '%s': methodology %s scored %zu units, the base %zu", a->name ? a->name : "?",
                                a->variants[v]->tree->file ? a->variants[v]->tree->file : "?",
                                a->variants[v]->nunits, base->nunits);
            break;
        }
    }
    if (a->kind == SENS_VARIANT && ++*nvariant > 1)
        return diag_set(diag, a->file, a->line, 0,
                        "variant '%s': one variant alternative per analysis (list several methodologies in its values)",
                        a->name ? a->name : "?");
    return 0;
}

SensResult *sens_run(const ScoreResult *base, const Table *data, const SensAlt *alts, size_t d,
                     const SensOptions *o, Diag *diag)
{
    SensResult *res = NULL;
    Ctx c;
    Work work[SENS_MAX_THREADS];
    pthread_t tid[SENS_MAX_THREADS];
    int started[SENS_MAX_THREADS];
    size_t nvariant = 0, k, u, i, nw = 0;
    size_t *m = NULL;
    int oi, ok = 0;
    double t0 = now_seconds();

    memset(&c, 0, sizeof c);
    c.variant = -1;
    if (!base || !base->tree || !data || !o || (d && !alts)) {
        diag_set(diag, NULL, 0, 0, "sensitivity: nothing to analyse");
        return NULL;
    }
    if (d == 0) {
        diag_set(diag, NULL, 0, 0, "sensitivity: no alternatives");
        return NULL;
    }
    if (base->nunits != data->nrows) {
        diag_set(diag, NULL, 0, 0, "sensitivity: the scores cover %zu units, the data %zu rows", base->nunits,
                 data->nrows);
        return NULL;
    }
    if (o->n < 2) {
        diag_set(diag, NULL, 0, 0, "sensitivity: the base sample needs N ≥ 2 (runs ≥ 2(d + 2) = %zu)", 2 * (d + 2));
        return NULL;
    }
    if (o->threads < 1 || o->threads > SENS_MAX_THREADS) {
        diag_set(diag, NULL, 0, 0, "sensitivity: threads must be 1 to %d", SENS_MAX_THREADS);
        return NULL;
    }
    if (o->unit >= (long)base->nunits) {
        diag_set(diag, NULL, 0, 0, "sensitivity: no unit %ld", o->unit + 1);
        return NULL;
    }
    for (k = 0; k < d; k++) {
        if (check_alt(&alts[k], base, &nvariant, diag) != 0)
            return NULL;
        if (alts[k].kind == SENS_VARIANT)
            c.variant = (int)k;
    }
    if (o->n > ((size_t)-1) / 4 / (d + 2) / (d ? d : 1)) {
        diag_set(diag, NULL, 0, 0, "sensitivity: too many runs");
        return NULL;
    }

    c.alts = alts;
    c.d = d;
    c.n = o->n;
    c.nruns = o->n * (d + 2);
    c.nu = base->nunits;
    c.unit = o->unit;
    c.nmodels = c.variant >= 0 ? alts[c.variant].nvalues : 1;
    c.models = calloc(c.nmodels, sizeof *c.models);
    res = calloc(1, sizeof *res);
    m = malloc(d * sizeof *m);
    if (!c.models || !res || !m) {
        diag_set(diag, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (i = 0; i < c.nmodels; i++) {
        const ScoreResult *sr = c.variant >= 0 ? alts[c.variant].variants[i] : base;
        char which[512];
        snprintf(which, sizeof which, "%s", sr->tree->file ? sr->tree->file : "?");
        if (model_init(&c.models[i], sr, data, alts, d, base->tree->nodes[0].code, sr == base ? NULL : which,
                       diag) != 0)
            goto out;
        if (c.models[i].norder > c.maxrows)
            c.maxrows = c.models[i].norder;
    }

    res->n = c.n;
    res->d = d;
    res->nruns = c.nruns;
    res->nunits = c.nu;
    res->base_rank = calloc(c.nu ? c.nu : 1, sizeof *res->base_rank);
    res->base_pct = malloc((c.nu ? c.nu : 1) * sizeof *res->base_pct);
    res->hist = calloc((c.nu ? c.nu : 1) * (c.nu + 1), sizeof *res->hist);
    res->median = calloc(c.nu ? c.nu : 1, sizeof *res->median);
    res->q05 = calloc(c.nu ? c.nu : 1, sizeof *res->q05);
    res->q95 = calloc(c.nu ? c.nu : 1, sizeof *res->q95);
    res->mean_rank = malloc((c.nu ? c.nu : 1) * sizeof *res->mean_rank);
    res->level = malloc(c.nruns * d * sizeof *res->level);
    for (oi = 0; oi < SENS_NOUT; oi++) {
        res->mean[oi] = res->var[oi] = NAN;
        if (oi != SENS_OUT_SHIFT && o->unit < 0)
            continue;
        res->y[oi] = malloc(c.nruns * sizeof *res->y[oi]);
        res->index[oi] = malloc(d * sizeof *res->index[oi]);
        if (!res->y[oi] || !res->index[oi]) {
            diag_set(diag, NULL, 0, 0, "out of memory");
            goto out;
        }
        c.y[oi] = res->y[oi];
    }
    if (!res->base_rank || !res->base_pct || !res->hist || !res->median || !res->q05 || !res->q95 ||
        !res->mean_rank || !res->level) {
        diag_set(diag, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (u = 0; u < c.nu; u++)
        res->base_pct[u] = score_percent(base, 0, u);
    rank_competition(res->base_pct, NULL, c.nu, 0, base->tree->decimals, res->base_rank);
    c.base_rank = res->base_rank;

    for (k = 0; k < d; k++)
        m[k] = alts[k].nvalues;
    sens_design(c.n, d, m, o->seed, res->level);
    c.level = res->level;

    /* Runs in contiguous blocks, one per thread; the first block in this thread. */
    nw = (size_t)o->threads;
    if (nw > c.nruns)
        nw = c.nruns;
    for (i = 0; i < nw; i++) {
        started[i] = 0;
        if (work_init(&work[i], &c) != 0) {
            size_t j;
            for (j = 0; j < i; j++)
                work_free(&work[j]);
            nw = 0;
            diag_set(diag, NULL, 0, 0, "out of memory");
            goto out;
        }
        work[i].from = c.nruns * i / nw;
        work[i].to = c.nruns * (i + 1) / nw;
    }
    for (i = 1; i < nw; i++)
        started[i] = pthread_create(&tid[i], NULL, worker, &work[i]) == 0;
    worker(&work[0]);
    for (i = 1; i < nw; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            worker(&work[i]); /* no thread: the same runs, here */
    }
    res->threads = 0;
    for (i = 0; i < nw; i++)
        res->threads += i == 0 || started[i];
    for (i = 0; i < nw; i++) {
        size_t j, cells = c.nu * (c.nu + 1);
        for (j = 0; j < cells; j++)
            res->hist[j] += work[i].hist[j];
        work_free(&work[i]);
    }

    for (u = 0; u < c.nu; u++) {
        const unsigned *h = res->hist + u * (c.nu + 1);
        size_t total = 0, r;
        double sum = 0;
        for (r = 1; r <= c.nu; r++) {
            total += h[r];
            sum += (double)r * h[r];
        }
        res->mean_rank[u] = total ? sum / (double)total : NAN;
        res->median[u] = total ? rank_quantile(h, c.nu, total, 1, 2) : 0;
        res->q05[u] = total ? rank_quantile(h, c.nu, total, 5, 100) : 0;
        res->q95[u] = total ? rank_quantile(h, c.nu, total, 95, 100) : 0;
    }
    for (oi = 0; oi < SENS_NOUT; oi++) {
        if (!res->y[oi])
            continue;
        if (oi != SENS_OUT_SHIFT) {
            /* A unit without a rank or score in some run: no indices. */
            size_t r, missing = 0;
            for (r = 0; r < c.nruns; r++)
                missing += isnan(res->y[oi][r]);
            if (missing) {
                for (k = 0; k < d; k++)
                    res->index[oi][k].s1 = res->index[oi][k].st = res->index[oi][k].s1_lo =
                        res->index[oi][k].s1_hi = res->index[oi][k].st_lo = res->index[oi][k].st_hi = NAN;
                continue;
            }
        }
        sens_sobol(res->y[oi], c.n, d, o->boot, o->seed, res->index[oi], &res->mean[oi], &res->var[oi]);
    }
    res->seconds = now_seconds() - t0;
    ok = 1;
out:
    if (c.models)
        for (i = 0; i < c.nmodels; i++)
            model_free(&c.models[i], d);
    free(c.models);
    free(m);
    if (!ok) {
        sens_free(res);
        return NULL;
    }
    return res;
}
