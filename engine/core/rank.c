/* rank.c — competition ranking, rank intervals on partial published tables,
 * and the consistency checks of published ranks (contract in rank.h).
 *
 * Scores are compared through a "key": the score rounded half away from zero
 * to `decimals` places, kept as an integer-valued double (x·10^d rounded), so
 * equal keys are exact ties whatever binary noise the inputs carried.
 *
 * The partial-table model shared by rank_interval and rank_check:
 *  - ranked entries are grouped by rank; a group of t listed units at rank r
 *    holds the slots r..r+t-1;
 *  - the slots no group holds are free; the free slots between two consecutive
 *    groups form a region, and every slot of a region has the same bounds:
 *    strictly above the nearest known score below it, and at most the nearest
 *    known score above it (equal only as a tie with the group just above);
 *  - unlisted units and listed-but-unranked units fill the free slots; an
 *    unranked unit with a score takes a slot of a region its score fits.
 */
#include "rank.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

/* ---- keys -------------------------------------------------------------- */

/* 10^d for 0 <= d <= 22 is exact in binary64. */
static double rank_pow10(int d)
{
    double p = 1.0;
    while (d-- > 0)
        p *= 10.0;
    return p;
}

/* Round v to `decimals` places, half away from zero, as x·10^d (an integer
 * valued double).  86.145 is 86.14499999999999602… in binary, so a plain
 * round() of 8614.4999… would give 86.14; a relative tolerance of 1e-12 (far
 * above binary noise, far below any published precision) restores the decimal
 * intent.  Past 1e10 units the tolerance would swamp the last digit, so there
 * the value is rounded as stored; past 2^52 it is already integral. */
static double rank_key(double v, int decimals)
{
    double x, ax, r;
    if (decimals < 0 || !isfinite(v))
        return v;
    if (decimals > 22)
        decimals = 22;
    x = v * rank_pow10(decimals);
    ax = fabs(x);
    if (!isfinite(x) || ax >= 4503599627370496.0) /* 2^52 */
        return x;
    r = floor(ax + 0.5 + (ax < 1e10 ? ax * 1e-12 : 0.0));
    return copysign(r, x);
}

static int entry_scored(const RankEntry *e)
{
    return e->has_score && !isnan(e->score);
}

/* ---- competition ranking ----------------------------------------------- */

typedef struct KeyIdx {
    double key;
    size_t idx;
} KeyIdx;

/* Best first; equal keys keep input order, so the sort is deterministic
 * even though qsort is not stable. */
static int keyidx_cmp_desc(const void *pa, const void *pb)
{
    const KeyIdx *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static int keyidx_cmp_asc(const void *pa, const void *pb)
{
    const KeyIdx *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static int rank_from_count(size_t k)
{
    return k >= (size_t)INT_MAX ? INT_MAX : (int)k + 1;
}

void rank_competition(const double *v, const unsigned char *miss, size_t n,
                      int lower_is_better, int decimals, int *rank)
{
    KeyIdx *a;
    size_t i, m = 0;

    if (!rank || n == 0)
        return;
    for (i = 0; i < n; i++)
        rank[i] = 0;
    if (!v)
        return;
    a = malloc(n * sizeof *a);
    if (!a) {
        /* No memory for the sort: count better values directly (quadratic,
         * but the function has no way to report failure). */
        for (i = 0; i < n; i++) {
            size_t j, better = 0;
            double ki;
            if ((miss && miss[i]) || isnan(v[i]))
                continue;
            ki = rank_key(v[i], decimals);
            for (j = 0; j < n; j++) {
                double kj;
                if ((miss && miss[j]) || isnan(v[j]))
                    continue;
                kj = rank_key(v[j], decimals);
                if (lower_is_better ? kj < ki : kj > ki)
                    better++;
            }
            rank[i] = rank_from_count(better);
        }
        return;
    }
    for (i = 0; i < n; i++) {
        if ((miss && miss[i]) || isnan(v[i]))
            continue; /* NaN has no order: treated as missing */
        a[m].key = rank_key(v[i], decimals);
        a[m].idx = i;
        m++;
    }
    qsort(a, m, sizeof *a, lower_is_better ? keyidx_cmp_asc : keyidx_cmp_desc);
    for (i = 0; i < m; i++) {
        if (i > 0 && a[i].key == a[i - 1].key)
            rank[a[i].idx] = rank[a[i - 1].idx];
        else
            rank[a[i].idx] = rank_from_count(i);
    }
    free(a);
}

/* ---- the partial-table layout ------------------------------------------ */

typedef struct RankIdx {
    long long rank;
    size_t idx;
} RankIdx;

typedef struct Group {
    long long rank;
    size_t first, count; /* members: ord[first .. first+count) */
    int known;           /* some member has a score */
    double kmin, kmax;   /* extreme member keys (differ only in bad data) */
    /* Bounds of a member without a score: strictly between the nearest
     * known groups above and below. */
    int has_lo, has_hi;
    double lo, hi;
} Group;

typedef struct Region {
    int has_lo, has_hi;
    double lo, hi;  /* slot key: > lo, and < hi (or == hi when tie_ok) */
    int tie_ok;     /* first slot directly follows a known group: may tie it */
    long long cap;  /* free slots not yet taken */
} Region;

typedef struct Layout {
    RankIdx *ord; /* ranked entries by (rank, index) */
    Group *g;
    Region *r;    /* ng + 1 regions: before group 0, …, after the last */
    long *where;  /* per entry: region of an unranked score, -1 if none */
    size_t nr, ng;
} Layout;

static int rankidx_cmp(const void *pa, const void *pb)
{
    const RankIdx *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static void layout_free(Layout *L)
{
    free(L->ord);
    free(L->g);
    free(L->r);
    free(L->where);
    L->ord = NULL;
    L->g = NULL;
    L->r = NULL;
    L->where = NULL;
}

/* Build groups and regions for a table of `of` units.  With inconsistent
 * data (a group with different scores, crossing known scores) the looser
 * bound is taken, so intervals widen rather than exclude the truth. */
static int layout_build(Layout *L, const RankEntry *e, size_t n, long long of, int decimals)
{
    size_t i, k;
    long long next_free = 1; /* first slot not held by any group so far */
    long long prev_end = 0;  /* where the previous group ends (rank + count) */
    long known_above = -1;

    L->nr = L->ng = 0;
    L->ord = malloc((n ? n : 1) * sizeof *L->ord);
    L->g = malloc((n ? n : 1) * sizeof *L->g);
    L->r = malloc((n + 1) * sizeof *L->r);
    L->where = malloc((n ? n : 1) * sizeof *L->where);
    if (!L->ord || !L->g || !L->r || !L->where) {
        layout_free(L);
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (e[i].rank == 0)
            continue;
        L->ord[L->nr].rank = e[i].rank;
        L->ord[L->nr].idx = i;
        L->nr++;
    }
    qsort(L->ord, L->nr, sizeof *L->ord, rankidx_cmp);

    for (i = 0; i < L->nr; i++) {
        const RankEntry *x = &e[L->ord[i].idx];
        Group *g;
        if (i == 0 || L->ord[i].rank != L->ord[i - 1].rank) {
            g = &L->g[L->ng++];
            g->rank = L->ord[i].rank;
            g->first = i;
            g->count = 0;
            g->known = 0;
            g->kmin = g->kmax = 0.0;
        } else {
            g = &L->g[L->ng - 1];
        }
        g->count++;
        if (entry_scored(x)) {
            double key = rank_key(x->score, decimals);
            if (!g->known || key < g->kmin)
                g->kmin = key;
            if (!g->known || key > g->kmax)
                g->kmax = key;
            g->known = 1;
        }
    }

    /* Regions: region k holds the free slots just before group k. */
    for (k = 0; k <= L->ng; k++) {
        Region *r = &L->r[k];
        long long last = k < L->ng ? L->g[k].rank - 1 : of;
        if (last > of)
            last = of;
        r->cap = last >= next_free ? last - next_free + 1 : 0;
        r->has_hi = known_above >= 0;
        r->hi = r->has_hi ? L->g[known_above].kmax : 0.0;
        /* a tie with group k-1 needs the region to start where it ends */
        r->tie_ok = k > 0 && L->g[k - 1].known && next_free == prev_end;
        r->has_lo = 0;
        r->lo = 0.0;
        if (k < L->ng) {
            Group *g = &L->g[k];
            long long end = g->rank + (long long)g->count;
            g->has_hi = known_above >= 0;
            g->hi = g->has_hi ? L->g[known_above].kmax : 0.0;
            if (g->known)
                known_above = (long)k;
            prev_end = end;
            if (end > next_free)
                next_free = end;
        }
    }
    /* Lower bounds, from the bottom up. */
    {
        long known_below = -1;
        for (k = L->ng + 1; k-- > 0;) {
            Region *r = &L->r[k];
            r->has_lo = known_below >= 0;
            r->lo = r->has_lo ? L->g[known_below].kmin : 0.0;
            if (k > 0) {
                Group *g = &L->g[k - 1];
                g->has_lo = known_below >= 0;
                g->lo = g->has_lo ? L->g[known_below].kmin : 0.0;
                if (g->known)
                    known_below = (long)(k - 1);
            }
        }
    }
    return 0;
}

static int region_fits(const Region *r, double key)
{
    if (r->has_lo && !(key > r->lo))
        return 0;
    if (r->has_hi && !(key < r->hi || (key == r->hi && r->tie_ok)))
        return 0;
    return 1;
}

/* The best region with room that fits key; with tie_only, only a region
 * whose first slot can tie the group above at exactly key. */
static long layout_find(const Layout *L, double key, int tie_only)
{
    size_t k;
    for (k = 0; k <= L->ng; k++) {
        const Region *r = &L->r[k];
        if (r->cap <= 0 || !region_fits(r, key))
            continue;
        if (tie_only && !(r->tie_ok && r->has_hi && key == r->hi))
            continue;
        return (long)k;
    }
    return -1;
}

/* Give every unranked score a free slot (L->where).  Scores tying a group
 * can only go right after it, so they are placed first; the rest take the
 * best region that fits, in input order.  Regions with equal bounds count
 * alike, so which of them a score takes does not change any interval. */
static void layout_place_all(Layout *L, const RankEntry *e, size_t n, int decimals)
{
    size_t i;
    int pass;
    for (i = 0; i < n; i++)
        L->where[i] = -1;
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            long k;
            if (e[i].rank != 0 || !entry_scored(&e[i]) || L->where[i] >= 0)
                continue;
            k = layout_find(L, rank_key(e[i].score, decimals), pass == 0);
            if (k >= 0) {
                L->r[k].cap--;
                L->where[i] = k;
            }
        }
    }
}

/* ---- rank intervals ---------------------------------------------------- */

int rank_interval(const RankEntry *e, size_t n, int of, double score, int exclude,
                  int decimals, RankInterval *out)
{
    Layout L;
    double s;
    size_t i, k;
    long long cert = 0, poss = 0;  /* other units certainly / possibly above s */
    long long unknown;             /* units with no score and no rank */
    long long cb = 0, mid = 0, low = 0, cap;
    long long take;

    if (!out || of < 1 || (size_t)of < n || (n > 0 && !e) || isnan(score) ||
        exclude < -1 || (exclude >= 0 && (size_t)exclude >= n))
        return -1;
    if (layout_build(&L, e, n, of, decimals) != 0)
        return -1;
    s = rank_key(score, decimals);

    /* Listed units with a rank: exact when scored (or tied with a scored
     * member), else bounded by the nearest known scores around the group. */
    for (k = 0; k < L.ng; k++) {
        const Group *g = &L.g[k];
        for (i = g->first; i < g->first + g->count; i++) {
            size_t idx = L.ord[i].idx;
            int c, p;
            if ((long)idx == exclude)
                continue;
            if (entry_scored(&e[idx])) {
                double key = rank_key(e[idx].score, decimals);
                c = p = key > s;
            } else if (g->known) {
                c = g->kmin > s;
                p = g->kmax > s;
            } else {
                c = g->has_lo && g->lo >= s; /* strictly above lo */
                p = c || !g->has_hi || g->hi > s;
            }
            cert += c;
            poss += p;
        }
    }

    /* Listed units without a rank.  A scored one counts by its score and
     * takes a free slot (the excluded one's slot is removed, not refilled);
     * an unscored one is as unknown as an unlisted unit. */
    unknown = (long long)of - (long long)n;
    layout_place_all(&L, e, n, decimals);
    for (i = 0; i < n; i++) {
        if (e[i].rank != 0)
            continue;
        if (entry_scored(&e[i])) {
            double key = rank_key(e[i].score, decimals);
            if ((long)i != exclude) {
                cert += key > s;
                poss += key > s;
            }
        } else if ((long)i != exclude) {
            unknown++;
        }
    }

    /* Unknown units fill the free slots.  When the slots outnumber them
     * (an excluded unscored unit left one empty somewhere) the emptiest
     * placement is taken for each bound; when they outnumber the slots
     * (inconsistent data) the extra ones are unconstrained. */
    for (k = 0; k <= L.ng; k++) {
        const Region *r = &L.r[k];
        if (r->has_lo && r->lo >= s)
            cb += r->cap;
        else if (!r->has_hi || r->hi > s)
            mid += r->cap;
        else
            low += r->cap;
    }
    cap = cb + mid + low;
    take = unknown < cap ? unknown : cap;
    if (take - low - mid > 0)
        cert += take - low - mid;
    poss += unknown < cb + mid ? unknown : cb + mid;
    if (unknown > cap)
        poss += unknown - cap;

    out->of = of;
    out->min = cert + 1 > of ? of : (int)(cert + 1);
    out->max = poss + 1 > of ? of : (int)(poss + 1);
    if (out->max < out->min)
        out->max = out->min; /* cannot happen (certain ⊆ possible); kept as a guard */
    layout_free(&L);
    return 0;
}

/* ---- consistency checks ------------------------------------------------ */

typedef struct IssueBuf {
    RankIssue *v;
    size_t n, cap;
} IssueBuf;

static int issue_push(IssueBuf *b, RankIssueKind kind, size_t a, size_t bb)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16;
        RankIssue *nv = realloc(b->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        b->v = nv;
        b->cap = nc;
    }
    b->v[b->n].kind = kind;
    b->v[b->n].a = a;
    b->v[b->n].b = bb;
    b->n++;
    return 0;
}

static int issue_cmp(const void *pa, const void *pb)
{
    const RankIssue *a = pa, *b = pb;
    if (a->kind != b->kind)
        return (int)a->kind < (int)b->kind ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

long rank_check(const RankEntry *e, size_t n, int of, int decimals, RankIssue **issues)
{
    IssueBuf b = { NULL, 0, 0 };
    Layout L;
    size_t i, j, k;

    if (issues)
        *issues = NULL;
    if (n > 0 && !e)
        return -1;
    if (layout_build(&L, e, n, of, decimals) != 0)
        return -1;

    for (i = 0; i < n; i++)
        if (e[i].rank != 0 && (e[i].rank < 1 || e[i].rank > of))
            if (issue_push(&b, RANK_ISSUE_RANGE, i, i) != 0)
                goto oom;

    /* Every pair of ranked entries, once. */
    for (i = 0; i < n; i++) {
        if (e[i].rank == 0)
            continue;
        for (j = i + 1; j < n; j++) {
            double ki, kj;
            size_t a, c;
            if (e[j].rank == 0 || !entry_scored(&e[i]) || !entry_scored(&e[j]))
                continue;
            ki = rank_key(e[i].score, decimals);
            kj = rank_key(e[j].score, decimals);
            if (e[i].rank == e[j].rank) {
                if (ki != kj && issue_push(&b, RANK_ISSUE_TIE_SCORE, i, j) != 0)
                    goto oom;
                continue;
            }
            a = e[i].rank < e[j].rank ? i : j; /* the better-ranked one */
            c = a == i ? j : i;
            if (ki == kj) {
                if (issue_push(&b, RANK_ISSUE_TIE_SPLIT, a, c) != 0)
                    goto oom;
            } else if ((a == i ? ki : kj) < (a == i ? kj : ki)) {
                if (issue_push(&b, RANK_ISSUE_ORDER, a, c) != 0)
                    goto oom;
            }
        }
    }

    /* A tie of t units at rank r leaves the next rank at r+t at the earliest;
     * the last group must end within the table. */
    for (k = 0; k < L.ng; k++) {
        const Group *g = &L.g[k];
        size_t first = L.ord[g->first].idx;
        if (g->count < 2 || g->rank < 1 || g->rank > of)
            continue;
        if (k + 1 < L.ng) {
            if (g->rank + (long long)g->count > L.g[k + 1].rank &&
                issue_push(&b, RANK_ISSUE_CROWDED, first, L.ord[L.g[k + 1].first].idx) != 0)
                goto oom;
        } else if (g->rank + (long long)g->count - 1 > of &&
                   issue_push(&b, RANK_ISSUE_CROWDED, first, first) != 0) {
            goto oom;
        }
    }

    /* Unranked scores, each needing a free slot that fits. */
    layout_place_all(&L, e, n, decimals);
    for (i = 0; i < n; i++)
        if (e[i].rank == 0 && entry_scored(&e[i]) && L.where[i] < 0 &&
            issue_push(&b, RANK_ISSUE_NO_SLOT, i, i) != 0)
            goto oom;

    layout_free(&L);
    if (b.n == 0) {
        free(b.v);
        return 0;
    }
    qsort(b.v, b.n, sizeof *b.v, issue_cmp);
    if (issues)
        *issues = b.v;
    else
        free(b.v);
    return (long)b.n;

oom:
    layout_free(&L);
    free(b.v);
    return -1;
}
