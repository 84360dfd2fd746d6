/* target.c — the exact target solver (see target.h for the method and the
 * argument for its exactness).
 *
 * Layout of the work:
 *   1. validate the items; sum what every item could gain (max_gain);
 *   2. need <= 0: the empty plan; need > max_gain: every item at its maximum;
 *   3. DP over the discrete items, last to first: f_j[g] = the best choice of
 *      items j … m−1 gaining at least g (g = 0 … cap), where "best" is the
 *      total order (cost, items changed, item vector); the item vector of a
 *      state is compared through ordinals of the next level's states, so each
 *      comparison is O(1) and the principle of optimality holds for the whole
 *      order, not only for the cost;
 *   4. the continuous items in cost classes (equal unit costs), each class's
 *      headrooms prefix-summed so that the cost and the fewest items covering
 *      any remainder are found by binary search;
 *   5. the minimum over g of f_0[g] + continuous(need − g), ties resolved by
 *      rebuilding the competing plans and comparing them item by item.
 */
#include "target.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* -1, 0, 1: a below, equal to (within 1e-9 relative), above b. */
static int cost_cmp(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    double tol = 1e-9 * (m > 1 ? m : 1);
    if (isinf(a) || isinf(b))
        return a < b ? -1 : a > b ? 1 : 0;
    if (a < b - tol)
        return -1;
    if (a > b + tol)
        return 1;
    return 0;
}

static long long sat_add(long long a, long long b)
{
    return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

/* ---- discrete items ------------------------------------------------------ */

typedef struct DOpt {
    long long gain;
    double cost;
    int orig; /* index in the caller's option list */
} DOpt;

typedef struct DItem {
    size_t item; /* index in the caller's items */
    DOpt *opt;   /* sorted: gain ascending, then cost, then orig */
    size_t nopt;
    long long best_gain;
} DItem;

static int dopt_cmp(const void *pa, const void *pb)
{
    const DOpt *a = pa, *b = pb;
    if (a->gain != b->gain)
        return a->gain < b->gain ? -1 : 1;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    return a->orig - b->orig;
}

/* The vector key of a DP state: included first, then the larger option
 * (options are sorted by gain), then the next level's ordinal of the state it
 * continues from.  Sorting by it orders states by preference. */
typedef struct Key {
    int inc;
    int opt;
    int sub_ord;
    int g;
} Key;

static int key_cmp(const void *pa, const void *pb)
{
    const Key *a = pa, *b = pb;
    if (a->inc != b->inc)
        return a->inc > b->inc ? -1 : 1;
    if (a->opt != b->opt)
        return a->opt > b->opt ? -1 : 1;
    if (a->sub_ord != b->sub_ord)
        return a->sub_ord < b->sub_ord ? -1 : 1;
    return a->g < b->g ? -1 : a->g > b->g;
}

/* ---- continuous items ---------------------------------------------------- */

typedef struct CClass {
    size_t *members;    /* caller item indices, ascending */
    size_t n;
    double unit_cost;   /* the class's cost per unit (its cheapest member's) */
    long long total;    /* Σ headroom */
    double full_cost;   /* Σ headroom × unit cost, member by member */
    long long *desc;    /* prefix sums of the headrooms sorted descending: desc[q] = q largest */
    long long *top;     /* lazily: top[i * (n + 1) + q] = q largest headrooms among members i+1 … n−1 */
} CClass;

typedef struct Cont {
    CClass *cls;
    size_t ncls;
    long long *ph;      /* ph[k] = Σ total of classes < k */
    double *pc;         /* pc[k] = Σ full_cost of classes < k */
    size_t *pn;         /* pn[k] = Σ members of classes < k */
} Cont;

static int ll_desc(const void *pa, const void *pb)
{
    long long a = *(const long long *)pa, b = *(const long long *)pb;
    return a > b ? -1 : a < b;
}

typedef struct Solver {
    const TargetItem *items;
    size_t n;
    long long need;
    /* discrete */
    DItem *d;
    size_t m;
    long long cap;
    int *choice;        /* m × (cap + 1): -1 infeasible, 0 skip, t + 1 option t */
    double *f0cost;     /* level 0 */
    int *f0cnt;
    /* continuous */
    Cont c;
} Solver;

static void cont_free(Cont *c)
{
    size_t k;
    for (k = 0; k < c->ncls; k++) {
        free(c->cls[k].members);
        free(c->cls[k].desc);
        free(c->cls[k].top);
    }
    free(c->cls);
    free(c->ph);
    free(c->pc);
    free(c->pn);
    memset(c, 0, sizeof *c);
}

typedef struct CostIdx {
    double cost;
    size_t idx;
} CostIdx;

static int cost_idx_cmp(const void *pa, const void *pb)
{
    const CostIdx *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int size_asc(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

static int cont_build(Solver *s)
{
    const TargetItem *it = s->items;
    size_t i, nc = 0, k, start;
    CostIdx *order;
    Cont *c = &s->c;

    for (i = 0; i < s->n; i++)
        if (it[i].kind == TARGET_CONTINUOUS && it[i].headroom > 0)
            nc++;
    c->ph = calloc(nc + 1, sizeof *c->ph);
    c->pc = calloc(nc + 1, sizeof *c->pc);
    c->pn = calloc(nc + 1, sizeof *c->pn);
    c->cls = calloc(nc ? nc : 1, sizeof *c->cls);
    order = malloc((nc ? nc : 1) * sizeof *order);
    if (!c->ph || !c->pc || !c->pn || !c->cls || !order) {
        free(order);
        return -1;
    }
    nc = 0;
    for (i = 0; i < s->n; i++)
        if (it[i].kind == TARGET_CONTINUOUS && it[i].headroom > 0) {
            order[nc].cost = it[i].unit_cost;
            order[nc++].idx = i;
        }
    qsort(order, nc, sizeof *order, cost_idx_cmp);
    for (start = 0; start < nc;) {
        size_t end = start + 1, q;
        CClass *cl = &c->cls[c->ncls];
        while (end < nc && cost_cmp(order[end].cost, order[start].cost) == 0)
            end++;
        cl->n = end - start;
        cl->members = malloc(cl->n * sizeof *cl->members);
        cl->desc = malloc((cl->n + 1) * sizeof *cl->desc);
        if (!cl->members || !cl->desc) {
            c->ncls++;
            free(order);
            return -1;
        }
        cl->unit_cost = order[start].cost;
        for (q = 0; q < cl->n; q++)
            cl->members[q] = order[start + q].idx;
        qsort(cl->members, cl->n, sizeof *cl->members, size_asc);
        cl->desc[0] = 0;
        for (q = 0; q < cl->n; q++) {
            const TargetItem *x = &it[cl->members[q]];
            cl->total = sat_add(cl->total, x->headroom);
            cl->full_cost += (double)x->headroom * x->unit_cost;
            cl->desc[q + 1] = x->headroom;
        }
        qsort(cl->desc + 1, cl->n, sizeof *cl->desc, ll_desc);
        for (q = 1; q <= cl->n; q++)
            cl->desc[q] = sat_add(cl->desc[q], cl->desc[q - 1]);
        c->ncls++;
        start = end;
    }
    free(order);
    for (k = 0; k < c->ncls; k++) {
        c->ph[k + 1] = sat_add(c->ph[k], c->cls[k].total);
        c->pc[k + 1] = c->pc[k] + c->cls[k].full_cost;
        c->pn[k + 1] = c->pn[k] + c->cls[k].n;
    }
    return 0;
}

/* Fewest members of a class whose headrooms cover rem (rem <= total). */
static size_t class_mincount(const CClass *cl, long long rem)
{
    size_t lo = 0, hi = cl->n;
    if (rem <= 0)
        return 0;
    while (lo < hi) { /* smallest q with desc[q] >= rem */
        size_t mid = lo + (hi - lo) / 2;
        if (cl->desc[mid] >= rem)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* The class a remainder r (0 < r <= ph[ncls]) ends in: ph[k] < r <= ph[k+1]. */
static size_t cont_class_of(const Cont *c, long long r)
{
    size_t lo = 0, hi = c->ncls - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->ph[mid + 1] >= r)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Cost and items of covering r with the continuous items; 0 or -1 (cannot). */
static int cont_eval(const Cont *c, long long r, double *cost, size_t *count)
{
    size_t k;
    if (r <= 0) {
        *cost = 0;
        *count = 0;
        return 0;
    }
    if (c->ncls == 0 || r > c->ph[c->ncls])
        return -1;
    k = cont_class_of(c, r);
    *cost = c->pc[k] + (double)(r - c->ph[k]) * c->cls[k].unit_cost;
    *count = c->pn[k] + class_mincount(&c->cls[k], r - c->ph[k]);
    return 0;
}

/* top[i][q]: the q largest headrooms among members after i (built once). */
static int class_top(const TargetItem *it, CClass *cl)
{
    size_t n = cl->n, i, q, len = 0;
    long long *sorted;
    if (cl->top)
        return 0;
    cl->top = malloc((n + 1) * (n + 1) * sizeof *cl->top);
    sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!cl->top || !sorted) {
        free(sorted);
        free(cl->top);
        cl->top = NULL;
        return -1;
    }
    for (i = n; i-- > 0;) {
        long long sum = 0;
        /* sorted holds the headrooms of members i+1 … n−1, descending */
        cl->top[i * (n + 1)] = 0;
        for (q = 1; q <= n; q++) {
            if (q <= len)
                sum += sorted[q - 1];
            cl->top[i * (n + 1) + q] = sum;
        }
        {
            long long h = it[cl->members[i]].headroom;
            size_t p = len;
            while (p > 0 && sorted[p - 1] < h) {
                sorted[p] = sorted[p - 1];
                p--;
            }
            sorted[p] = h;
            len++;
        }
    }
    free(sorted);
    return 0;
}

/* Fill take[] with the continuous part covering r: cheaper classes in full,
 * then in the last class the fewest members, the earliest such set. */
static int cont_fill(Solver *s, long long r, long long *take)
{
    Cont *c = &s->c;
    size_t k, last, i, q;
    long long rem;
    CClass *cl;
    if (r <= 0)
        return 0;
    last = cont_class_of(c, r);
    for (k = 0; k < last; k++)
        for (i = 0; i < c->cls[k].n; i++)
            take[c->cls[k].members[i]] = s->items[c->cls[k].members[i]].headroom;
    cl = &c->cls[last];
    rem = r - c->ph[last];
    q = class_mincount(cl, rem);
    if (class_top(s->items, cl) != 0)
        return -1;
    for (i = 0; i < cl->n && q > 0 && rem > 0; i++) {
        long long h = s->items[cl->members[i]].headroom;
        /* Take member i if the q − 1 largest after it complete the cover. */
        if (sat_add(h, cl->top[i * (cl->n + 1) + (q - 1)]) >= rem) {
            take[cl->members[i]] = h < rem ? h : rem;
            rem -= take[cl->members[i]];
            q--;
        }
    }
    return 0;
}

/* ---- the DP ---------------------------------------------------------------- */

static int dp_run(Solver *s)
{
    size_t m = s->m, j;
    long long cap = s->cap, g;
    size_t w = (size_t)cap + 1;
    double *cn = NULL, *cc = NULL;
    int *nn = NULL, *nc = NULL, *on = NULL, *oc = NULL;
    Key *keys = NULL;
    int rc = -1;

    s->choice = malloc((m ? m : 1) * w * sizeof *s->choice);
    cn = malloc(w * sizeof *cn);
    cc = malloc(w * sizeof *cc);
    nn = malloc(w * sizeof *nn);
    nc = malloc(w * sizeof *nc);
    on = malloc(w * sizeof *on);
    oc = malloc(w * sizeof *oc);
    keys = malloc(w * sizeof *keys);
    if (!s->choice || !cn || !cc || !nn || !nc || !on || !oc || !keys)
        goto done;

    /* level m: nothing left; only g = 0 is reached */
    for (g = 0; g <= cap; g++) {
        cn[g] = g == 0 ? 0 : HUGE_VAL;
        nn[g] = 0;
        on[g] = 0;
    }
    for (j = m; j-- > 0;) {
        const DItem *di = &s->d[j];
        int *ch = s->choice + j * w;
        size_t nk = 0, t;
        for (g = 0; g <= cap; g++) {
            double bc = cn[g];
            int bn = nn[g], binc = 0, bopt = 0, bsub = on[g], bch = isinf(cn[g]) ? -1 : 0;
            for (t = 0; t < di->nopt; t++) {
                long long sub = g - di->opt[t].gain;
                double c;
                int k;
                if (sub < 0)
                    sub = 0;
                if (isinf(cn[sub]))
                    continue;
                c = di->opt[t].cost + cn[sub];
                k = bch < 0 ? -1 : cost_cmp(c, bc);
                if (k == 0) {
                    /* equal cost: fewer items, then included, then the larger option, then the rest */
                    int cnt = nn[sub] + 1;
                    if (cnt != bn)
                        k = cnt < bn ? -1 : 1;
                    else if (!binc)
                        k = -1;
                    else if ((int)t != bopt)
                        k = (int)t > bopt ? -1 : 1;
                    else
                        k = on[sub] < bsub ? -1 : 1;
                }
                if (k < 0) {
                    bc = c;
                    bn = nn[sub] + 1;
                    binc = 1;
                    bopt = (int)t;
                    bsub = on[sub];
                    bch = (int)t + 1;
                }
            }
            cc[g] = bch < 0 ? HUGE_VAL : bc;
            nc[g] = bn;
            ch[g] = bch;
            if (bch >= 0) {
                keys[nk].inc = binc;
                keys[nk].opt = binc ? bopt : 0;
                keys[nk].sub_ord = bsub;
                keys[nk].g = (int)g;
                nk++;
            }
        }
        /* Ordinals of this level's item vectors, for the level before. */
        qsort(keys, nk, sizeof *keys, key_cmp);
        for (g = 0; g <= cap; g++)
            oc[g] = INT32_MAX;
        {
            size_t q;
            int ord = 0;
            for (q = 0; q < nk; q++) {
                if (q > 0 && (keys[q].inc != keys[q - 1].inc || keys[q].opt != keys[q - 1].opt ||
                              keys[q].sub_ord != keys[q - 1].sub_ord))
                    ord++;
                oc[keys[q].g] = ord;
            }
        }
        /* swap levels */
        {
            double *td = cn;
            int *ti;
            cn = cc;
            cc = td;
            ti = nn;
            nn = nc;
            nc = ti;
            ti = on;
            on = oc;
            oc = ti;
        }
    }
    s->f0cost = cn;
    s->f0cnt = nn;
    cn = NULL;
    nn = NULL;
    rc = 0;
done:
    free(cn);
    free(cc);
    free(nn);
    free(nc);
    free(on);
    free(oc);
    free(keys);
    return rc;
}

/* Rebuild the plan for a discrete gain bucket g: take[] and option[]. */
static int rebuild(Solver *s, long long g, long long *take, int *option)
{
    size_t j, i;
    long long gg = g;
    size_t w = (size_t)s->cap + 1;
    for (i = 0; i < s->n; i++) {
        take[i] = 0;
        option[i] = -1;
    }
    for (j = 0; j < s->m; j++) {
        int ch = s->choice[j * w + (size_t)gg];
        if (ch > 0) {
            const DOpt *o = &s->d[j].opt[ch - 1];
            take[s->d[j].item] = o->gain;
            option[s->d[j].item] = o->orig;
            gg -= o->gain;
            if (gg < 0)
                gg = 0;
        }
    }
    return cont_fill(s, s->need - g, take);
}

/* Item vectors, lexicographically: the larger gain on the first item where
 * they differ wins (so an item changed beats one left alone, and an earlier
 * item raised further beats a later one). */
static int vector_cmp(const long long *a, const long long *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] > b[i] ? -1 : 1;
    return 0;
}

/* ---- the entry point ------------------------------------------------------ */

static int plan_alloc(TargetPlan *p, size_t n)
{
    memset(p, 0, sizeof *p);
    p->n = n;
    p->take = calloc(n ? n : 1, sizeof *p->take);
    p->option = malloc((n ? n : 1) * sizeof *p->option);
    if (!p->take || !p->option) {
        free(p->take);
        free(p->option);
        p->take = NULL;
        p->option = NULL;
        return -1;
    }
    return 0;
}

void target_plan_free(TargetPlan *plan)
{
    if (!plan)
        return;
    free(plan->take);
    free(plan->option);
    plan->take = NULL;
    plan->option = NULL;
}

/* The plan's cost and count, from its takes. */
static void plan_totals(const TargetItem *items, TargetPlan *p)
{
    size_t i;
    p->cost = 0;
    p->gain = 0;
    p->used = 0;
    for (i = 0; i < p->n; i++) {
        if (p->take[i] <= 0)
            continue;
        p->used++;
        p->gain = sat_add(p->gain, p->take[i]);
        if (items[i].kind == TARGET_CONTINUOUS)
            p->cost += (double)p->take[i] * items[i].unit_cost;
        else
            p->cost += items[i].options[p->option[i]].cost;
    }
}

static int validate(const TargetItem *items, size_t n, Diag *d)
{
    size_t i, k;
    for (i = 0; i < n; i++) {
        const TargetItem *it = &items[i];
        if (it->kind == TARGET_CONTINUOUS) {
            if (it->headroom < 0)
                return diag_set(d, NULL, 0, 0, "target: item %zu has a negative headroom", i + 1);
            if (!(it->unit_cost >= 0) || isinf(it->unit_cost))
                return diag_set(d, NULL, 0, 0, "target: item %zu: the cost must be a finite number >= 0", i + 1);
        } else if (it->kind == TARGET_DISCRETE) {
            if (it->noptions && !it->options)
                return diag_set(d, NULL, 0, 0, "target: item %zu has no option list", i + 1);
            if (it->noptions > (size_t)INT32_MAX - 1)
                return diag_set(d, NULL, 0, 0, "target: item %zu has too many options", i + 1);
            for (k = 0; k < it->noptions; k++) {
                if (it->options[k].gain <= 0)
                    return diag_set(d, NULL, 0, 0, "target: item %zu, option %zu: the gain must be > 0", i + 1,
                                    k + 1);
                if (!(it->options[k].cost >= 0) || isinf(it->options[k].cost))
                    return diag_set(d, NULL, 0, 0,
                                    "target: item %zu, option %zu: the cost must be a finite number >= 0", i + 1,
                                    k + 1);
            }
        } else {
            return diag_set(d, NULL, 0, 0, "target: item %zu has an unknown kind", i + 1);
        }
    }
    return 0;
}

/* Every item at its maximum: the best reachable. */
static void plan_max(const TargetItem *items, TargetPlan *p)
{
    size_t i, k;
    for (i = 0; i < p->n; i++) {
        const TargetItem *it = &items[i];
        p->take[i] = 0;
        p->option[i] = -1;
        if (it->kind == TARGET_CONTINUOUS) {
            p->take[i] = it->headroom;
        } else {
            for (k = 0; k < it->noptions; k++) {
                const TargetOption *o = &it->options[k];
                if (p->option[i] < 0 || o->gain > p->take[i] ||
                    (o->gain == p->take[i] && o->cost < it->options[p->option[i]].cost)) {
                    p->take[i] = o->gain;
                    p->option[i] = (int)k;
                }
            }
        }
    }
}

static void solver_free(Solver *s)
{
    size_t j;
    for (j = 0; j < s->m; j++)
        free(s->d[j].opt);
    free(s->d);
    free(s->choice);
    free(s->f0cost);
    free(s->f0cnt);
    cont_free(&s->c);
}

int target_solve(const TargetItem *items, size_t n, long long need, TargetPlan *plan, Diag *d)
{
    Solver s;
    size_t i, k;
    long long dmax = 0, cmax = 0, g, bestg = -1;
    double bestc = 0;
    size_t bestn = 0;
    long long *tmp_take = NULL;
    int *tmp_opt = NULL;
    int rc = -1;

    if (!plan || (n && !items))
        return diag_set(d, NULL, 0, 0, "target: no items");
    memset(plan, 0, sizeof *plan);
    if (validate(items, n, d) != 0)
        return -1;
    if (plan_alloc(plan, n) != 0)
        return diag_set(d, NULL, 0, 0, "target: out of memory");
    plan->need = need;
    for (i = 0; i < n; i++)
        plan->option[i] = -1;

    memset(&s, 0, sizeof s);
    s.items = items;
    s.n = n;
    s.need = need;
    for (i = 0; i < n; i++) {
        if (items[i].kind == TARGET_CONTINUOUS) {
            cmax = sat_add(cmax, items[i].headroom);
        } else {
            long long best = 0;
            for (k = 0; k < items[i].noptions; k++)
                if (items[i].options[k].gain > best)
                    best = items[i].options[k].gain;
            dmax = sat_add(dmax, best);
        }
    }
    plan->max_gain = sat_add(dmax, cmax);

    if (need <= 0) {
        plan->feasible = 1;
        return 0;
    }
    if (need > plan->max_gain) {
        plan_max(items, plan);
        plan_totals(items, plan);
        plan->feasible = 0;
        return 0;
    }

    /* Discrete items with something to offer, in item order. */
    s.d = calloc(n ? n : 1, sizeof *s.d);
    if (!s.d)
        goto oom;
    for (i = 0; i < n; i++) {
        DItem *di;
        if (items[i].kind != TARGET_DISCRETE || items[i].noptions == 0)
            continue;
        di = &s.d[s.m++];
        di->item = i;
        di->nopt = items[i].noptions;
        di->opt = malloc(di->nopt * sizeof *di->opt);
        if (!di->opt)
            goto oom;
        for (k = 0; k < di->nopt; k++) {
            di->opt[k].gain = items[i].options[k].gain;
            di->opt[k].cost = items[i].options[k].cost;
            di->opt[k].orig = (int)k;
        }
        qsort(di->opt, di->nopt, sizeof *di->opt, dopt_cmp);
    }
    s.cap = need < dmax ? need : dmax;
    if ((double)s.m * ((double)s.cap + 1) > (double)TARGET_MAX_CELLS || s.cap >= INT32_MAX) {
        diag_set(d, NULL, 0, 0,
                 "target: too large to solve exactly (%zu stepped items × %lld units of gain); "
                 "use fewer decimals or fewer stepped items",
                 s.m, s.cap + 1);
        goto fail;
    }
    {
        size_t nc = 0;
        for (i = 0; i < n; i++)
            nc += items[i].kind == TARGET_CONTINUOUS && items[i].headroom > 0;
        if (nc > TARGET_MAX_CONTINUOUS) {
            diag_set(d, NULL, 0, 0, "target: too many continuous items (%zu; at most %d)", nc,
                     TARGET_MAX_CONTINUOUS);
            goto fail;
        }
    }
    if (dp_run(&s) != 0 || cont_build(&s) != 0)
        goto oom;

    tmp_take = malloc((n ? n : 1) * sizeof *tmp_take);
    tmp_opt = malloc((n ? n : 1) * sizeof *tmp_opt);
    if (!tmp_take || !tmp_opt)
        goto oom;

    for (g = 0; g <= s.cap; g++) {
        double cc, total;
        size_t cnt, tn;
        int cmp;
        if (isinf(s.f0cost[g]) || cont_eval(&s.c, need - g, &cc, &cnt) != 0)
            continue;
        total = s.f0cost[g] + cc;
        tn = (size_t)s.f0cnt[g] + cnt;
        if (bestg < 0) {
            cmp = -1;
        } else {
            cmp = cost_cmp(total, bestc);
            if (cmp == 0 && tn != bestn)
                cmp = tn < bestn ? -1 : 1;
            if (cmp == 0) {
                if (rebuild(&s, g, tmp_take, tmp_opt) != 0)
                    goto oom;
                cmp = vector_cmp(tmp_take, plan->take, n);
                if (cmp < 0) {
                    memcpy(plan->take, tmp_take, n * sizeof *tmp_take);
                    memcpy(plan->option, tmp_opt, n * sizeof *tmp_opt);
                    bestg = g;
                    bestc = total;
                    bestn = tn;
                }
                continue;
            }
        }
        if (cmp < 0) {
            if (rebuild(&s, g, plan->take, plan->option) != 0)
                goto oom;
            bestg = g;
            bestc = total;
            bestn = tn;
        }
    }
    if (bestg < 0) { /* cannot happen: need <= max_gain */
        diag_set(d, NULL, 0, 0, "target: no plan found (internal error)");
        goto fail;
    }
    plan_totals(items, plan);
    plan->feasible = plan->gain >= need;
    rc = 0;
    goto out;
oom:
    diag_set(d, NULL, 0, 0, "target: out of memory");
fail:
    target_plan_free(plan);
out:
    free(tmp_take);
    free(tmp_opt);
    solver_free(&s);
    return rc;
}
