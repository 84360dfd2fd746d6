/* test_sensitivity.c — the N(d+2) design, the Sobol estimators on models
 * whose indices are known analytically, runs that reproduce the scorer under
 * each alternative, rank quantiles, thread-count independence, and the
 * errors of alternatives that point at no node or do not fit theirs. */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "csv_load.h"
#include "score.h"
#include "sensitivity.h"
#include "tree.h"

static char *mut(const char *s)
{
    union {
        const char *c;
        char *m;
    } u;
    u.c = s;
    return u.m;
}

static Table *load(const char *csv)
{
    Diag d;
    CsvOptions o;
    Table *t;
    csv_options_init(&o);
    t = csv_load_buffer(csv, strlen(csv), "data.csv", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    return t;
}

static Node proto(const char *code, double max)
{
    Node n;
    memset(&n, 0, sizeof n);
    n.code = mut(code);
    n.name = n.code;
    n.max = max;
    n.weight = 1;
    n.file = mut("t.lua");
    n.line = 1;
    return n;
}

static int add_steps(Tree *t, int parent, const char *code, double max, const char *col, Step *s, size_t ns)
{
    Node n = proto(code, max);
    n.rule.kind = RULE_STEPS;
    n.rule.column = mut(col);
    n.rule.steps = s;
    n.rule.nsteps = ns;
    return tree_add(t, &n, parent);
}

static SensAlt alt(SensKind kind, const char *name, const char *code, int line, const double *values, size_t nv)
{
    SensAlt a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.name = name;
    a.file = "s.lua";
    a.line = line;
    a.code = code;
    a.values = values;
    a.nvalues = nv;
    return a;
}

static SensOptions options(size_t n, int threads, long unit, size_t boot)
{
    SensOptions o;
    o.n = n;
    o.seed = 7;
    o.threads = threads;
    o.unit = unit;
    o.boot = boot;
    return o;
}

/* ---- the design and the estimators, on functions of the levels ----------- */

static void test_design_blocks(void **state)
{
    size_t m[3] = {3, 2, 5}, n = 4000, d = 3, j, i, k, count[5] = {0};
    unsigned short *lv = malloc(n * (d + 2) * d * sizeof *lv);
    (void)state;
    sens_design(n, d, m, 1, lv);
    for (j = 0; j < n; j++) {
        const unsigned short *a = lv + j * d, *b = lv + (n + j) * d;
        for (i = 0; i < d; i++) {
            const unsigned short *ab = lv + ((2 + i) * n + j) * d;
            for (k = 0; k < d; k++)
                assert_int_equal(ab[k], k == i ? b[k] : a[k]);
            assert_true(a[i] < m[i] && b[i] < m[i]);
        }
        count[a[2]]++;
    }
    /* Each of 5 values about a fifth of the time. */
    for (k = 0; k < 5; k++)
        assert_in_range(count[k], 700, 900);
    {
        size_t block, row;
        sens_run_block(n, 2 * n + 5, &block, &row);
        assert_int_equal(block, 2);
        assert_int_equal(row, 5);
    }
    free(lv);
}

/* Y = X1 + 2 X2 + 0 X3, X uniform on {0, 1, 2}: V1 = 2/3, V2 = 8/3, V3 = 0, so
 * S1 = ST = (0.2, 0.8, 0). */
static void test_sobol_additive(void **state)
{
    size_t m[3] = {3, 3, 3}, n = 20000, d = 3, r, nr = n * (d + 2);
    unsigned short *lv = malloc(nr * d * sizeof *lv);
    double *y = malloc(nr * sizeof *y), mean, var;
    SensIndex ix[3];
    (void)state;
    sens_design(n, d, m, 11, lv);
    for (r = 0; r < nr; r++)
        y[r] = lv[r * d] + 2.0 * lv[r * d + 1] + 0.0 * lv[r * d + 2];
    sens_sobol(y, n, d, 200, 11, ix, &mean, &var);
    assert_float_equal(mean, 3, 0.05);
    assert_float_equal(var, 10.0 / 3, 0.1);
    assert_float_equal(ix[0].s1, 0.2, 0.03);
    assert_float_equal(ix[1].s1, 0.8, 0.03);
    assert_float_equal(ix[2].s1, 0, 1e-12); /* no effect: exactly 0 */
    assert_float_equal(ix[0].st, 0.2, 0.02);
    assert_float_equal(ix[1].st, 0.8, 0.03);
    assert_float_equal(ix[2].st, 0, 1e-12);
    /* The intervals hold the truth and are narrow at this N. */
    assert_true(ix[0].s1_lo <= 0.2 && 0.2 <= ix[0].s1_hi);
    assert_true(ix[1].st_lo <= 0.8 && 0.8 <= ix[1].st_hi);
    assert_true(ix[1].s1_hi - ix[1].s1_lo < 0.08);
    free(lv);
    free(y);
}

/* Y = X1 · X2, X uniform on {0, 1}: Var Y = 3/16, V1 = V2 = 1/16, so
 * S1 = 1/3 and ST = 1 − S1(other) = 2/3 for both: the interaction shows only
 * in the total index. */
static void test_sobol_interaction(void **state)
{
    size_t m[2] = {2, 2}, n = 40000, d = 2, r, nr = n * (d + 2);
    unsigned short *lv = malloc(nr * d * sizeof *lv);
    double *y = malloc(nr * sizeof *y);
    SensIndex ix[2];
    (void)state;
    sens_design(n, d, m, 3, lv);
    for (r = 0; r < nr; r++)
        y[r] = (double)(lv[r * d] * lv[r * d + 1]);
    sens_sobol(y, n, d, 0, 3, ix, NULL, NULL);
    assert_float_equal(ix[0].s1, 1.0 / 3, 0.03);
    assert_float_equal(ix[1].s1, 1.0 / 3, 0.03);
    assert_float_equal(ix[0].st, 2.0 / 3, 0.03);
    assert_float_equal(ix[1].st, 2.0 / 3, 0.03);
    assert_true(isnan(ix[0].s1_lo)); /* no bootstrap asked */
    free(lv);
    free(y);
}

/* ---- through the scorer -------------------------------------------------- */

/* T (sum, 5) = a (steps on x: ≥ T → 1, max 1) + b (steps on y: ≥ T → 2, max
 * 2) + c (steps on z: ≥ T → 2, max 2).  Unit U1: x = 5, y = 5, z = 10.
 * Threshold of a in {4, 6}: U1 earns 1 or 0 (variance 1/4); of b in {3, 4.5,
 * 6, 7}: 2, 2, 0, 0 (variance 1); of c in {1, 2}: always 2.  U1's score is
 * additive in the three: S1 = ST = (0.2, 0.8, 0). */
static Step sa[] = {{STEP_GE, 4, 1}, {STEP_ELSE, 0, 0}};
static Step sb[] = {{STEP_GE, 3, 2}, {STEP_ELSE, 0, 0}};
static Step sc[] = {{STEP_GE, 1, 2}, {STEP_ELSE, 0, 0}};

static Tree *additive_tree(void)
{
    Tree *t = tree_new("t.lua");
    Node root = proto("T", 5);
    tree_add(t, &root, -1);
    add_steps(t, 0, "a", 1, "x", sa, 2);
    add_steps(t, 0, "b", 2, "y", sb, 2);
    add_steps(t, 0, "c", 2, "z", sc, 2);
    return t;
}

static const char *ADDITIVE_CSV = "unit,x,y,z\nU1,5,5,10\nU2,4.5,6.5,0\nU3,7,2,3\nU4,3,4,2.5\n";

static void test_known_indices_through_the_scorer(void **state)
{
    Tree *t = additive_tree();
    Table *d = load(ADDITIVE_CSV);
    double ta[] = {4, 6}, tb[] = {3, 4.5, 6, 7}, tc[] = {1, 2};
    SensAlt alts[3];
    SensOptions o = options(20000, 2, 0, 100);
    ScoreResult *base;
    SensResult *r;
    Diag e;
    size_t k;
    (void)state;
    alts[0] = alt(SENS_THRESHOLD, "ta", "a", 2, ta, 2);
    alts[1] = alt(SENS_THRESHOLD, "tb", "b", 3, tb, 4);
    alts[2] = alt(SENS_THRESHOLD, "tc", "c", 4, tc, 2);
    base = score_run(t, d, NULL, &e);
    assert_non_null(base);
    r = sens_run(base, d, alts, 3, &o, &e);
    if (!r)
        fail_msg("%s", e.msg);
    assert_int_equal(r->nruns, 20000 * 5);
    /* U1's score: 0.2 / 0.8 / 0. */
    assert_float_equal(r->index[SENS_OUT_SCORE][0].s1, 0.2, 0.03);
    assert_float_equal(r->index[SENS_OUT_SCORE][1].s1, 0.8, 0.03);
    assert_float_equal(r->index[SENS_OUT_SCORE][2].s1, 0, 1e-12);
    assert_float_equal(r->index[SENS_OUT_SCORE][0].st, 0.2, 0.03);
    assert_float_equal(r->index[SENS_OUT_SCORE][1].st, 0.8, 0.03);
    assert_float_equal(r->index[SENS_OUT_SCORE][2].st, 0, 1e-12);
    /* E[score] = (0.5 + 1 + 2) / 5 = 70 %. */
    assert_float_equal(r->mean[SENS_OUT_SCORE], 70, 1);
    /* Every run's score is one of the four the thresholds allow. */
    for (k = 0; k < r->nruns; k++) {
        double s = r->y[SENS_OUT_SCORE][k];
        assert_true(fabs(s - 100) < 1e-9 || fabs(s - 80) < 1e-9 || fabs(s - 60) < 1e-9 || fabs(s - 40) < 1e-9);
    }
    /* The shift output is computed in any case; c never matters for it either. */
    assert_float_equal(r->index[SENS_OUT_SHIFT][2].s1, 0, 1e-12);
    assert_float_equal(r->index[SENS_OUT_SHIFT][2].st, 0, 1e-12);
    sens_free(r);
    score_free(base);
    tree_free(t);
    table_free(d);
}

/* U1 ranks first in a quarter of the runs and second otherwise; U2 the
 * reverse; U3 is always third. */
static void test_rank_quantiles(void **state)
{
    Step s1[] = {{STEP_GE, 4, 1}, {STEP_ELSE, 0, 0}};
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,x,b\nU1,5,1\nU2,0,1.5\nU3,0,0.5\n");
    Node root = proto("T", 3), b = proto("b", 2);
    static const double ta[] = {4, 6, 7, 8}, ones[] = {1, 1};
    SensAlt alts[2];
    SensOptions o = options(4000, 1, 0, 0);
    ScoreResult *base;
    SensResult *r;
    Diag e;
    (void)state;
    tree_add(t, &root, -1);
    add_steps(t, 0, "a", 1, "x", s1, 2);
    b.column = mut("b");
    tree_add(t, &b, 0);
    alts[0] = alt(SENS_THRESHOLD, "ta", "a", 2, ta, 4);
    alts[1] = alt(SENS_WEIGHT, "noop", "b", 3, ones, 2);
    base = score_run(t, d, NULL, &e);
    r = sens_run(base, d, alts, 2, &o, &e);
    if (!r)
        fail_msg("%s", e.msg);
    assert_int_equal(r->base_rank[0], 1);
    assert_int_equal(r->base_rank[1], 2);
    assert_int_equal(r->base_rank[2], 3);
    assert_int_equal(r->q05[0], 1);
    assert_int_equal(r->median[0], 2);
    assert_int_equal(r->q95[0], 2);
    assert_int_equal(r->q05[1], 1);
    assert_int_equal(r->median[1], 1);
    assert_int_equal(r->q95[1], 2);
    assert_int_equal(r->q05[2], 3);
    assert_int_equal(r->median[2], 3);
    assert_int_equal(r->q95[2], 3);
    assert_float_equal(r->mean_rank[0], 1.75, 0.02);
    assert_int_equal(r->hist[0 * 4 + 1] + r->hist[0 * 4 + 2], r->nruns);
    /* Only the threshold moves U1's rank; the weight of 1 or 1 never does. */
    assert_float_equal(r->index[SENS_OUT_RANK][0].s1, 1, 0.05);
    assert_float_equal(r->index[SENS_OUT_RANK][0].st, 1, 0.05);
    assert_float_equal(r->index[SENS_OUT_RANK][1].s1, 0, 1e-12);
    assert_float_equal(r->index[SENS_OUT_RANK][1].st, 0, 1e-12);
    /* Mean absolute shift: 2/3 of a place when U1 and U2 swap (a quarter of
     * the runs, against the base where U1 leads): 0.75 × 2/3 = 0.5. */
    assert_float_equal(r->mean[SENS_OUT_SHIFT], 0.5, 0.03);
    sens_free(r);
    score_free(base);
    tree_free(t);
    table_free(d);
}

/* A tree with a weighted mean, not-applicable parts (one leaves criterion
 * 3.1 partly exempt, which takes its share of the maximum from area 3 and
 * the index too) and a given leaf; the runs must give, for each combination
 * of the alternatives, exactly what score_run gives on a tree built with it:
 * a weight w on a part of a sum multiplies its points and maximum (and its
 * parents' maxima grow by as much), on a part of a weighted mean its weight. */
static Step s11[] = {{STEP_GT, 80, 2}, {STEP_GE, 50, 1}, {STEP_ELSE, 0, 0}};
static Step s21[] = {{STEP_GE, 3, 3}, {STEP_GE, 1, 1.5}, {STEP_ELSE, 0, 0}};
static Step s22[] = {{STEP_GE, 50, 3}, {STEP_ELSE, 0, 0}};
static Step s311[] = {{STEP_GE, 2, 1}, {STEP_ELSE, 0, 0}};

static Tree *mixed_tree(double w21, double w11, double w31, Aggregate root_agg)
{
    Tree *t = tree_new("t.lua");
    Node root = proto("T", 12 + (w21 - 1) * 3 + (w31 - 1) * 2), a1 = proto("1", 4),
         a2 = proto("2", 6 + (w21 - 1) * 3), a3 = proto("3", 2 + (w31 - 1) * 2), c31 = proto("3.1", 2 * w31), n;
    Step s21w[3], s311w[2];
    int i1, i2, i3, k;
    root.agg = root_agg;
    tree_add(t, &root, -1);
    a1.agg = AGG_WMEAN;
    i1 = tree_add(t, &a1, 0);
    n = proto("1.1", 2);
    n.weight = 2 * w11;
    n.rule.kind = RULE_STEPS;
    n.rule.column = mut("p");
    n.rule.steps = s11;
    n.rule.nsteps = 3;
    tree_add(t, &n, i1);
    n = proto("1.2", 2);
    n.rule.kind = RULE_RATE;
    n.rule.column = mut("done");
    n.rule.scale = 100;
    n.na_column = mut("has_x");
    n.na_value = mut("no");
    tree_add(t, &n, i1);
    i2 = tree_add(t, &a2, 0);
    for (k = 0; k < 3; k++) {
        s21w[k] = s21[k];
        s21w[k].points *= w21;
    }
    add_steps(t, i2, "2.1", 3 * w21, "q", s21w, 3);
    n = proto("2.2", 3);
    n.column = mut("g");
    n.rule.kind = RULE_STEPS;
    n.rule.column = mut("p");
    n.rule.steps = s22;
    n.rule.nsteps = 2;
    tree_add(t, &n, i2);
    i3 = tree_add(t, &a3, 0);
    i3 = tree_add(t, &c31, i3);
    for (k = 0; k < 2; k++) {
        s311w[k] = s311[k];
        s311w[k].points *= w31;
    }
    add_steps(t, i3, "3.1.1", w31, "q", s311w, 2);
    n = proto("3.1.2", w31);
    n.rule.kind = RULE_RATE;
    n.rule.column = mut("done");
    n.rule.scale = 100;
    n.na_column = mut("has_x");
    n.na_value = mut("no");
    tree_add(t, &n, i3);
    return t;
}

static const char *MIXED_CSV = "unit,p,done,has_x,q,g\n"
                               "A,90,50,yes,3,\n"
                               "B,60,100,no,0,2.5\n"
                               "C,40,80,yes,2,\n"
                               "D,85,10,yes,1,1\n"
                               "E,55,,yes,5,\n";

static void test_runs_reproduce_the_scorer(void **state)
{
    Table *d = load(MIXED_CSV);
    Tree *t = mixed_tree(1, 1, 1, AGG_SUM);
    static const double w21[] = {1, 2}, w11[] = {1, 3}, w31[] = {1, 1.5};
    static const Aggregate aggs[] = {AGG_SUM, AGG_MEAN};
    double expect[2][2][2][2][5];
    SensAlt alts[4];
    ScoreResult *base;
    Diag e;
    int i, j, k, l;
    long unit;
    size_t r;
    (void)state;
    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++)
            for (k = 0; k < 2; k++)
                for (l = 0; l < 2; l++) {
                    Tree *v = mixed_tree(w21[i], w11[j], w31[k], aggs[l]);
                    ScoreResult *s = score_run(v, d, NULL, &e);
                    size_t u;
                    assert_non_null(s);
                    for (u = 0; u < 5; u++)
                        expect[i][j][k][l][u] = score_percent(s, 0, u);
                    score_free(s);
                    tree_free(v);
                }
    alts[0] = alt(SENS_WEIGHT, "w21", "2.1", 2, w21, 2);
    alts[1] = alt(SENS_WEIGHT, "w11", "1.1", 3, w11, 2);
    alts[2] = alt(SENS_WEIGHT, "w31", "3.1", 4, w31, 2);
    alts[3] = alt(SENS_AGGREGATION, "agg", "T", 5, NULL, 2);
    alts[3].aggs = aggs;
    base = score_run(t, d, NULL, &e);
    assert_non_null(base);
    /* B is exempt from 1.2 and 3.1.2: 3.1 is half applicable. */
    assert_int_equal(SCORE_AT(base, state, tree_find(t, "3.1.2"), 1), ST_NA_EXCLUDED);
    assert_float_equal(SCORE_AT(base, amax, 0, 1), 11, 1e-12);
    for (unit = 0; unit < 5; unit++) {
        SensOptions o = options(64, 2, unit, 0);
        SensResult *res = sens_run(base, d, alts, 4, &o, &e);
        int seen[2][2][2][2];
        memset(seen, 0, sizeof seen);
        if (!res)
            fail_msg("%s", e.msg);
        for (r = 0; r < res->nruns; r++) {
            const unsigned short *lv = res->level + r * 4;
            double want = expect[lv[0]][lv[1]][lv[2]][lv[3]][unit], got = res->y[SENS_OUT_SCORE][r];
            seen[lv[0]][lv[1]][lv[2]][lv[3]] = 1;
            if (fabs(want - got) > 1e-9)
                fail_msg("unit %ld run %zu (%d %d %d %d): %.12g, score_run %.12g", unit, r, lv[0], lv[1], lv[2],
                         lv[3], got, want);
        }
        /* 64 × 6 runs see every one of the 16 combinations. */
        for (i = 0; i < 16; i++)
            assert_true(seen[i >> 3][(i >> 2) & 1][(i >> 1) & 1][i & 1]);
        /* The base ranks are the scorer's. */
        assert_float_equal(res->base_pct[unit], expect[0][0][0][0][unit], 1e-12);
        sens_free(res);
    }
    score_free(base);
    tree_free(t);
    table_free(d);
}

static void test_threads_identical(void **state)
{
    Tree *t = additive_tree();
    Table *d = load(ADDITIVE_CSV);
    double ta[] = {4, 6}, tb[] = {3, 4.5, 6, 7}, wc[] = {0.5, 1, 2};
    SensAlt alts[3];
    ScoreResult *base;
    SensResult *one, *many;
    Diag e;
    int threads[] = {2, 3, 8}, k, o;
    (void)state;
    alts[0] = alt(SENS_THRESHOLD, "ta", "a", 2, ta, 2);
    alts[1] = alt(SENS_THRESHOLD, "tb", "b", 3, tb, 4);
    alts[2] = alt(SENS_WEIGHT, "wc", "c", 4, wc, 3);
    base = score_run(t, d, NULL, &e);
    {
        SensOptions opt = options(1001, 1, 1, 50);
        one = sens_run(base, d, alts, 3, &opt, &e);
        assert_non_null(one);
        assert_int_equal(one->threads, 1);
    }
    for (k = 0; k < 3; k++) {
        SensOptions opt = options(1001, threads[k], 1, 50);
        many = sens_run(base, d, alts, 3, &opt, &e);
        assert_non_null(many);
        assert_int_equal(many->threads, threads[k]);
        assert_memory_equal(one->hist, many->hist, 4 * 5 * sizeof *one->hist);
        assert_memory_equal(one->median, many->median, 4 * sizeof *one->median);
        for (o = 0; o < SENS_NOUT; o++) {
            assert_memory_equal(one->y[o], many->y[o], one->nruns * sizeof *one->y[o]);
            assert_memory_equal(one->index[o], many->index[o], 3 * sizeof *one->index[o]);
        }
        sens_free(many);
    }
    sens_free(one);
    score_free(base);
    tree_free(t);
    table_free(d);
}

static void test_variant(void **state)
{
    /* A variant that swaps the maxima of b and c: a weight on "a" applies to
     * both methodologies (by code), and the index root's code stands for each
     * root whatever it is called. */
    Tree *t = additive_tree(), *v = tree_new("v.lua");
    Table *d = load(ADDITIVE_CSV);
    Node root = proto("V", 5);
    Step vb[] = {{STEP_GE, 3, 1}, {STEP_ELSE, 0, 0}}, vc[] = {{STEP_GE, 1, 3}, {STEP_ELSE, 0, 0}};
    double wa[] = {1, 2};
    static const Aggregate aggs[] = {AGG_SUM, AGG_MEAN};
    SensAlt alts[3];
    const ScoreResult *trees[2];
    ScoreResult *base, *sv;
    SensOptions o = options(500, 2, 0, 0);
    SensResult *r;
    Diag e;
    (void)state;
    tree_add(v, &root, -1);
    add_steps(v, 0, "a", 1, "x", sa, 2);
    add_steps(v, 0, "b", 1, "y", vb, 2);
    add_steps(v, 0, "c", 3, "z", vc, 2);
    base = score_run(t, d, NULL, &e);
    sv = score_run(v, d, NULL, &e);
    trees[0] = base;
    trees[1] = sv;
    alts[0] = alt(SENS_WEIGHT, "wa", "a", 2, wa, 2);
    alts[1] = alt(SENS_VARIANT, "method", NULL, 3, NULL, 2);
    alts[1].variants = trees;
    alts[2] = alt(SENS_AGGREGATION, "agg", "T", 4, NULL, 2);
    alts[2].aggs = aggs;
    r = sens_run(base, d, alts, 3, &o, &e);
    if (!r)
        fail_msg("%s", e.msg);
    /* U1 under V with a weight of 1 and a sum: (1 + 1 + 3) / 5 = 100 %; under T: 100 %. */
    {
        size_t k;
        int seen = 0;
        for (k = 0; k < r->nruns; k++) {
            const unsigned short *lv = r->level + k * 3;
            if (lv[0] == 0 && lv[1] == 1 && lv[2] == 0) {
                assert_float_equal(r->y[SENS_OUT_SCORE][k], 100, 1e-9);
                seen = 1;
            }
        }
        assert_true(seen);
    }
    sens_free(r);

    /* A node the variant lacks: an error naming the variant, not a skip. */
    {
        Tree *v2 = tree_new("v2.lua");
        Node r2 = proto("V2", 1);
        ScoreResult *s2;
        tree_add(v2, &r2, -1);
        add_steps(v2, 0, "b", 1, "y", vb, 2);
        s2 = score_run(v2, d, NULL, &e);
        trees[1] = s2;
        assert_null(sens_run(base, d, alts, 3, &o, &e));
        assert_contains(e.msg, "s.lua:2: weight 'wa': variant methodology v2.lua has no node 'a' (did you mean 'b'?)");
        score_free(s2);
        tree_free(v2);
    }
    score_free(sv);
    score_free(base);
    tree_free(v);
    tree_free(t);
    table_free(d);
}

static void expect_error(const ScoreResult *base, const Table *d, SensAlt a, const char *msg)
{
    SensOptions o = options(10, 1, -1, 0);
    Diag e;
    SensResult *r = sens_run(base, d, &a, 1, &o, &e);
    if (r) {
        sens_free(r);
        fail_msg("expected an error: %s", msg);
    }
    assert_contains(e.msg, msg);
}

static void test_missing_node(void **state)
{
    Tree *t = mixed_tree(1, 1, 1, AGG_SUM);
    Table *d = load(MIXED_CSV);
    double w[] = {0.8, 1.2};
    Diag e;
    ScoreResult *base = score_run(t, d, NULL, &e);
    (void)state;
    assert_non_null(base);
    expect_error(base, d, alt(SENS_WEIGHT, "w", "2.3", 7, w, 2),
                 "s.lua:7: weight 'w': methodology t.lua has no node '2.3' (did you mean '2.1'?)");
    expect_error(base, d, alt(SENS_WEIGHT, "w", "nothing-like-it", 8, w, 2),
                 "s.lua:8: weight 'w': methodology t.lua has no node 'nothing-like-it'");
    score_free(base);
    tree_free(t);
    table_free(d);
}

static void test_alternatives_that_do_not_fit(void **state)
{
    Tree *t = mixed_tree(1, 1, 1, AGG_SUM);
    Table *d = load(MIXED_CSV);
    double w[] = {0.8, 1.2}, neg[] = {-1, 1}, th[] = {70, 90}, one[] = {1};
    static const Aggregate bad[] = {AGG_SUM, (Aggregate)9}, good[] = {AGG_SUM, AGG_MEAN};
    SensAlt a;
    Diag e;
    ScoreResult *base = score_run(t, d, NULL, &e);
    (void)state;
    expect_error(base, d, alt(SENS_WEIGHT, "w", "T", 2, w, 2), "s.lua:2: weight 'w': 'T' is the index itself");
    expect_error(base, d, alt(SENS_WEIGHT, "w", "1", 2, neg, 2), "weight 'w': value 1 must be a multiplier ≥ 0");
    expect_error(base, d, alt(SENS_WEIGHT, "w", "1", 2, one, 1), "values = { … } needs 2 to 1000 alternatives");
    expect_error(base, d, alt(SENS_THRESHOLD, "t", "1", 3, th, 2),
                 "s.lua:3: threshold 't': '1' is not scored by steps { … } or schedule { … }");
    expect_error(base, d, alt(SENS_THRESHOLD, "t", "1.2", 3, th, 2), "'1.2' is not scored by steps");
    expect_error(base, d, alt(SENS_THRESHOLD, "t", "1.1", 4, th, 2),
                 "s.lua:4: threshold 't': the rule of '1.1' has 2 steps with a bound: say which with step = 1, 2, …");
    a = alt(SENS_THRESHOLD, "t", "1.1", 5, th, 2);
    a.step = 3;
    expect_error(base, d, a, "s.lua:5: threshold 't': '1.1' has no step 3 with a bound");
    a = alt(SENS_AGGREGATION, "g", "2.1", 6, NULL, 2);
    a.aggs = good;
    expect_error(base, d, a, "'2.1' has no parts to aggregate");
    a = alt(SENS_AGGREGATION, "g", "2", 6, NULL, 2);
    a.aggs = bad;
    expect_error(base, d, a, "aggregation 'g': value 2 must be \"sum\", \"mean\" or \"weighted_mean\"");
    {
        SensAlt two[2];
        SensOptions o = options(10, 1, -1, 0);
        two[0] = alt(SENS_WEIGHT, "w1", "1", 2, w, 2);
        two[1] = alt(SENS_WEIGHT, "w2", "1", 3, w, 2);
        assert_null(sens_run(base, d, two, 2, &o, &e));
        assert_contains(e.msg, "s.lua:3: weight 'w2': '1' already has a weight alternative ('w1')");
        o.n = 1;
        assert_null(sens_run(base, d, two, 1, &o, &e));
        assert_contains(e.msg, "N ≥ 2");
    }
    /* A threshold with step = 1 moves 1.1's first bound: with 95, A (90) falls to the second step. */
    {
        double th2[] = {80, 95};
        SensOptions o = options(200, 1, 0, 0);
        SensResult *r;
        size_t k;
        a = alt(SENS_THRESHOLD, "t", "1.1", 5, th2, 2);
        a.step = 1;
        r = sens_run(base, d, &a, 1, &o, &e);
        assert_non_null(r);
        for (k = 0; k < r->nruns; k++) {
            /* A: 1.1 earns 2 of 2 or 1 of 2 (share 1 or 0.5, weight 2 of 3 in area 1 of 4 points). */
            double area1 = r->level[k] == 0 ? (2.0 * 1 + 0.5) / 3 * 4 : (2.0 * 0.5 + 0.5) / 3 * 4;
            /* 2.1: q = 3 → 3 points; 2.2: p = 90 → 3 of 3; 3.1.1: q ≥ 2 → 1; 3.1.2: 50 % of 1. */
            double want = (area1 + 3 + 3 + 1.5) / 12 * 100;
            assert_float_equal(r->y[SENS_OUT_SCORE][k], want, 1e-9);
        }
        sens_free(r);
    }
    score_free(base);
    tree_free(t);
    table_free(d);
}

/* score_leaf gives what score_run gives, not-applicable ancestors included,
 * and with another rule what that rule gives. */
static void test_score_leaf(void **state)
{
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,x,has,given\nA,5,yes,\nB,9,no,\nC,2,yes,0.5\nD,,yes,\n");
    Node root = proto("T", 3), area = proto("A1", 2), other = proto("A2", 1);
    Step st[] = {{STEP_GE, 4, 2}, {STEP_ELSE, 0, 0}}, moved[2];
    double pts[4], am[4];
    unsigned char sts[4];
    ScoreResult *r;
    Rule rule;
    Diag e;
    int i, leaf;
    size_t u;
    (void)state;
    tree_add(t, &root, -1);
    area.na_column = mut("has");
    area.na_value = mut("no");
    i = tree_add(t, &area, 0);
    leaf = add_steps(t, i, "1.1", 2, "x", st, 2);
    t->nodes[leaf].column = strdup("given");
    other.column = mut("x");
    tree_add(t, &other, 0);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_int_equal(score_leaf(t, d, leaf, NULL, NULL, pts, am, sts, &e), 0);
    for (u = 0; u < 4; u++) {
        assert_int_equal(sts[u], SCORE_AT(r, state, leaf, u));
        assert_float_equal(pts[u], SCORE_AT(r, points, leaf, u), 1e-12);
        assert_float_equal(am[u], SCORE_AT(r, amax, leaf, u), 1e-12);
    }
    assert_int_equal(sts[1], ST_NA_EXCLUDED); /* its area does not apply to B */
    assert_int_equal(sts[2], ST_GIVEN);
    assert_int_equal(sts[3], ST_MISSING);
    memcpy(moved, st, sizeof moved);
    moved[0].at = 6;
    rule = t->nodes[leaf].rule;
    rule.steps = moved;
    assert_int_equal(score_leaf(t, d, leaf, &rule, NULL, pts, am, sts, &e), 0);
    assert_float_equal(pts[0], 0, 1e-12); /* 5 < 6 now */
    assert_float_equal(pts[2], 0.5, 1e-12); /* given: as given */
    assert_int_equal(score_leaf(t, d, 0, NULL, NULL, pts, am, sts, &e), -1);
    assert_contains(e.msg, "'T' is not a leaf");
    score_free(r);
    tree_free(t);
    table_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_blocks),
        cmocka_unit_test(test_score_leaf),
        cmocka_unit_test(test_sobol_additive),
        cmocka_unit_test(test_sobol_interaction),
        cmocka_unit_test(test_known_indices_through_the_scorer),
        cmocka_unit_test(test_rank_quantiles),
        cmocka_unit_test(test_runs_reproduce_the_scorer),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_variant),
        cmocka_unit_test(test_missing_node),
        cmocka_unit_test(test_alternatives_that_do_not_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
