/* test_score.c — methodology trees and the scorer: every rule kind at its
 * boundaries, not-applicable exclusion, aggregation, given values checked
 * against their parts, views, and the problems tree_check reports. */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "csv_load.h"
#include "score.h"
#include "tree.h"

/* Prototypes borrow strings that tree_add copies. */
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
    n.code = mut(code); /* tree_add copies */
    n.name = n.code;
    n.max = max;
    n.weight = 1;
    n.file = mut("t.lua");
    n.line = 1;
    return n;
}

static int add_steps(Tree *t, int parent, const char *code, double max, const char *col, const Step *s, size_t ns)
{
    Node n = proto(code, max);
    n.rule.kind = RULE_STEPS;
    n.rule.column = mut(col);
    n.rule.steps = (Step *)(void *)(uintptr_t)s;
    n.rule.nsteps = ns;
    return tree_add(t, &n, parent);
}

static double pts(const ScoreResult *r, const Tree *t, const char *code, size_t u)
{
    return SCORE_AT(r, points, tree_find(t, code), u);
}

static void test_steps_boundaries(void **state)
{
    /* Cà Mau 1.1.4: > 90% → 2; 70–90% → 1; < 70% → 0 */
    Step s[] = {{STEP_GT, 90, 2}, {STEP_GE, 70, 1}, {STEP_ELSE, 0, 0}};
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,done\nA,90.01\nB,90\nC,70\nD,69.99\nE,\n");
    Node root = proto("T", 2);
    ScoreResult *r;
    Diag e;
    (void)state;
    tree_add(t, &root, -1);
    add_steps(t, 0, "1.1.4", 2, "done", s, 3);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_float_equal(pts(r, t, "1.1.4", 0), 2, 1e-12);
    assert_float_equal(pts(r, t, "1.1.4", 1), 1, 1e-12); /* 90 is not above 90 */
    assert_float_equal(pts(r, t, "1.1.4", 2), 1, 1e-12); /* 70 is in 70–90 */
    assert_float_equal(pts(r, t, "1.1.4", 3), 0, 1e-12);
    assert_int_equal(SCORE_AT(r, state, 1, 4), ST_MISSING);  /* an empty cell scores 0, marked */
    assert_int_equal(SCORE_AT(r, decided, 1, 1), 1);
    {
        char buf[64];
        tree_decided_text(&t->nodes[1], SCORE_AT(r, decided, 1, 1), buf, sizeof buf);
        assert_string_equal(buf, "≥ 70 → 1");
    }
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_categories_and_rates(void **state)
{
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,plan,ok,a,b,n,late_reports\n"
                    "A,đúng hạn,có,9,10,4,0\n"
                    "B,Chậm,không đạt,0,0,2,3\n"
                    "C,không ban hành,Đạt,5,10,0,9\n");
    Node root = proto("T", 12), n;
    ScoreResult *r;
    Step sched[] = {{STEP_GE, 4, 4}, {STEP_GE, 3, 3}, {STEP_GE, 2, 2}, {STEP_GE, 1, 1}, {STEP_ELSE, 0, 0}};
    Diag e;
    (void)state;
    tree_add(t, &root, -1);
    n = proto("plan", 1);
    n.rule.kind = RULE_ON_TIME;
    n.rule.column = mut("plan");
    n.rule.on_time = 1;
    n.rule.late = 0.5;
    tree_add(t, &n, 0);
    n = proto("ok", 2);
    n.rule.kind = RULE_YES_NO;
    n.rule.column = mut("ok");
    n.rule.yes = 2;
    tree_add(t, &n, 0);
    n = proto("rate", 3);
    n.rule.kind = RULE_RATE;
    n.rule.column = mut("a");
    n.rule.den_column = mut("b");
    n.rule.scale = 1;
    n.rule.zero_den = ZERO_DEN_FULL;
    tree_add(t, &n, 0);
    n = proto("meet", 4);
    n.rule.kind = RULE_SCHEDULE;
    n.rule.column = mut("n");
    n.rule.steps = sched;
    n.rule.nsteps = 5;
    tree_add(t, &n, 0);
    n = proto("pen", 2);
    n.rule.kind = RULE_PENALTY;
    n.rule.column = mut("late_reports");
    n.rule.per = 0.5;
    n.rule.cap = 1;
    tree_add(t, &n, 0);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_float_equal(pts(r, t, "plan", 0), 1, 1e-12);
    assert_float_equal(pts(r, t, "plan", 1), 0.5, 1e-12);
    assert_float_equal(pts(r, t, "plan", 2), 0, 1e-12);
    assert_float_equal(pts(r, t, "ok", 0), 2, 1e-12);
    assert_float_equal(pts(r, t, "ok", 1), 0, 1e-12);
    assert_float_equal(pts(r, t, "ok", 2), 2, 1e-12);
    assert_float_equal(pts(r, t, "rate", 0), 2.7, 1e-12);
    assert_float_equal(pts(r, t, "rate", 1), 3, 1e-12); /* 0/0: full points, as declared */
    assert_float_equal(pts(r, t, "rate", 2), 1.5, 1e-12);
    assert_float_equal(pts(r, t, "meet", 0), 4, 1e-12);
    assert_float_equal(pts(r, t, "meet", 1), 2, 1e-12);
    assert_float_equal(pts(r, t, "meet", 2), 0, 1e-12);
    assert_float_equal(pts(r, t, "pen", 0), 2, 1e-12);
    assert_float_equal(pts(r, t, "pen", 1), 1, 1e-12); /* 3 × 0.5 capped at 1 */
    assert_float_equal(pts(r, t, "T", 0), 1 + 2 + 2.7 + 4 + 2, 1e-9);
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_bad_category_value(void **state)
{
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,plan\nA,maybe\n");
    Node root = proto("T", 1), n = proto("plan", 1);
    Diag e;
    (void)state;
    tree_add(t, &root, -1);
    n.rule.kind = RULE_ON_TIME;
    n.rule.column = mut("plan");
    n.rule.on_time = 1;
    tree_add(t, &n, 0);
    assert_null(score_run(t, d, NULL, &e));
    assert_contains(e.msg, "data.csv:2: column 'plan': 'maybe' is not on time / late / not done");
    tree_free(t);
    table_free(d);
}

static void test_not_applicable_excluded(void **state)
{
    /* Units without administrative procedures are not scored on area 2: the
     * index is then a share of the applicable maximum. */
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,a1,a2,has_procedures\nA,8,16,yes\nB,8,,no\n");
    Node root = proto("T", 30), a1 = proto("1", 10), a2 = proto("2", 20);
    ScoreResult *r;
    Diag e;
    (void)state;
    tree_add(t, &root, -1);
    a1.column = mut("a1");
    tree_add(t, &a1, 0);
    a2.column = mut("a2");
    a2.na_column = mut("has_procedures");
    a2.na_value = mut("No"); /* compared folded: "no" in the data matches */
    tree_add(t, &a2, 0);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_float_equal(SCORE_AT(r, points, 0, 0), 24, 1e-12);
    assert_float_equal(score_percent(r, 0, 0), 80, 1e-9);
    assert_int_equal(SCORE_AT(r, state, 2, 1), ST_NA_EXCLUDED);
    assert_float_equal(SCORE_AT(r, points, 0, 1), 8, 1e-12);
    assert_float_equal(SCORE_AT(r, amax, 0, 1), 10, 1e-12);
    assert_float_equal(score_percent(r, 0, 1), 80, 1e-9);
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_given_against_parts(void **state)
{
    /* Kon Tum 2023: 54.95 + 31.19 = 86.14; Quảng Ninh 2020: 91.04 published,
     * parts 57.66 + 9.56 + 18.83 + 5 = 91.05 (within the rounding of 4 parts). */
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,score,p1,p2,p3,p4\nKon Tum,86.14,54.95,31.19,,\nQN,91.04,57.66,9.56,18.83,5\n"
                    "Bad,80,50,20,5,2\nPartsOnly,,50,20,5,2\n");
    Node root = proto("T", 100), n;
    const char *cols[] = {"p1", "p2", "p3", "p4"};
    const char *codes[] = {"A", "B", "C", "D"};
    ScoreResult *r;
    Diag e;
    double diff, tol;
    int k;
    (void)state;
    root.column = mut("score");
    root.max_reason = mut("test");
    tree_add(t, &root, -1);
    for (k = 0; k < 4; k++) {
        n = proto(codes[k], NAN);
        n.column = mut(cols[k]);
        tree_add(t, &n, 0);
    }
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    /* Kon Tum: C and D missing, so the parts cannot be summed: nothing to compare. */
    assert_int_equal(score_given_check(r, 0, 0, &diff, &tol), 0);
    assert_float_equal(SCORE_AT(r, points, 0, 0), 86.14, 1e-12);
    assert_int_equal(score_given_check(r, 0, 1, &diff, &tol), 1);
    assert_float_equal(diff, -0.01, 1e-9);
    assert_float_equal(tol, 0.02, 1e-6);
    assert_int_equal(score_given_check(r, 0, 2, &diff, &tol), 2); /* 80 vs 77: flagged */
    assert_float_equal(SCORE_AT(r, points, 0, 3), 77, 1e-9);      /* computed when not given */
    assert_int_equal(SCORE_AT(r, state, 0, 3), ST_COMPUTED);
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_mean_and_weighted_mean(void **state)
{
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,a,b,c\nX,90,80,\nY,100,50,70\n");
    Node root = proto("T", 100), n;
    const char *c[] = {"a", "b", "c"};
    ScoreResult *r;
    Diag e;
    int k;
    (void)state;
    root.agg = AGG_WMEAN;
    tree_add(t, &root, -1);
    for (k = 0; k < 3; k++) {
        n = proto(c[k], 100);
        n.column = mut(c[k]);
        n.weight = k + 1;
        tree_add(t, &n, 0);
    }
    /* X has no value for c: a missing given value leaves the total unknown. */
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_int_equal(SCORE_AT(r, state, 0, 0), ST_UNKNOWN);
    assert_float_equal(SCORE_AT(r, points, 0, 1), (100 * 1 + 50 * 2 + 70 * 3) / 6.0, 1e-9);
    score_free(r);
    t->nodes[0].agg = AGG_MEAN;
    r = score_run(t, d, NULL, &e);
    assert_float_equal(SCORE_AT(r, points, 0, 1), (100 + 50 + 70) / 3.0, 1e-9);
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_views_regroup(void **state)
{
    /* 2022–2023: 68 from documents (61.5 + 6.5), 32 from surveys (10 + 22). */
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,td,s1,s2,s3\nKon Tum,54.95,8.5,18.33,4.36\n");
    Node n = proto("PAR", 100);
    const char *doc[] = {"TD", "S3"}, *sur[] = {"S1", "S2"};
    ScoreResult *r;
    Diag e;
    int v;
    (void)state;
    tree_add(t, &n, -1);
    n = proto("TD", 61.5);
    n.column = mut("td");
    tree_add(t, &n, 0);
    n = proto("TAC", 38.5);
    tree_add(t, &n, 0);
    n = proto("S1", 10);
    n.column = mut("s1");
    tree_add(t, &n, 2);
    n = proto("S2", 22);
    n.column = mut("s2");
    tree_add(t, &n, 2);
    n = proto("S3", 6.5);
    n.column = mut("s3");
    tree_add(t, &n, 2);
    n = proto("by_source", NAN);
    n.kind = NODE_VIEW;
    v = tree_add(t, &n, -1);
    n = proto("DOC", 68);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)doc;
    n.nof = 2;
    tree_add(t, &n, v);
    n = proto("SURVEY", 32);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)sur;
    n.nof = 2;
    tree_add(t, &n, v);
    assert_int_equal(tree_finish(t, &e), 0);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_float_equal(pts(r, t, "PAR", 0), 86.14, 1e-9);
    assert_float_equal(pts(r, t, "TAC", 0), 31.19, 1e-9);
    assert_float_equal(pts(r, t, "DOC", 0), 54.95 + 4.36, 1e-9);
    assert_float_equal(pts(r, t, "SURVEY", 0), 8.5 + 18.33, 1e-9);
    {
        DiagList l = {0};
        assert_int_equal(tree_check(t, d, &l), 0); /* 61.5 + 38.5; 10 + 22 + 6.5; 68; 32 */
        diaglist_free(&l);
    }
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_check_problems(void **state)
{
    Step bad[] = {{STEP_GE, 70, 1}, {STEP_GT, 90, 3}};
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,done\nA,1\n");
    Node root = proto("T", 10), n;
    DiagList l = {0};
    size_t k;
    (void)state;
    tree_add(t, &root, -1);
    add_steps(t, 0, "1", 2, "don", bad, 2);      /* not monotone, over max, no otherwise, misspelt column */
    n = proto("1", 3);                           /* duplicate code, no rule */
    tree_add(t, &n, 0);
    k = tree_check(t, d, &l);
    assert_true(k >= 6);
    assert_contains(l.items[0], "t.lua:1: 'T': its parts' max add up to 5, not 10");
    {
        size_t i;
        int mono = 0, above = 0, cover = 0, col = 0, dup = 0, norule = 0;
        for (i = 0; i < l.n; i++) {
            mono |= strstr(l.items[i], "thresholds are not monotone") != NULL;
            above |= strstr(l.items[i], "gives 3 points, above the max 2") != NULL;
            cover |= strstr(l.items[i], "steps do not cover values") != NULL;
            col |= strstr(l.items[i], "value column 'don' is not in data.csv (did you mean 'done'?)") != NULL;
            dup |= strstr(l.items[i], "duplicate code '1'") != NULL;
            norule |= strstr(l.items[i], "'1' has no scoring rule and no data column") != NULL;
        }
        assert_true(mono && above && cover && col && dup && norule);
    }
    diaglist_free(&l);
    tree_free(t);
    table_free(d);
}

static void test_nested_rounding_and_view_order(void **state)
{
    /* 2020: the impact part is computed from three published parts, so the
     * total may differ from its four published components by up to 0.02. */
    Tree *t = tree_new("t.lua");
    Table *d = load("unit,score,td,s1,s2,s3\nQN,91.07,57.66,9.56,18.83,5\nX,91.08,57.66,9.56,18.83,5\n");
    Node n = proto("PAR", 100);
    const char *g1[] = {"TD"}, *g2[] = {"TAC"}, *all[] = {"G1", "G2"};
    ScoreResult *r;
    Diag e;
    double diff, tol;
    int v;
    (void)state;
    n.column = mut("score");
    tree_add(t, &n, -1);
    n = proto("TD", 61.5);
    n.column = mut("td");
    tree_add(t, &n, 0);
    n = proto("TAC", 38.5);
    tree_add(t, &n, 0);
    n = proto("S1", 10);
    n.column = mut("s1");
    tree_add(t, &n, 2);
    n = proto("S2", 22);
    n.column = mut("s2");
    tree_add(t, &n, 2);
    n = proto("S3", 6.5);
    n.column = mut("s3");
    tree_add(t, &n, 2);
    /* A view whose ALL group regroups groups declared around it. */
    n = proto("v", NAN);
    n.kind = NODE_VIEW;
    v = tree_add(t, &n, -1);
    n = proto("G1", NAN);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)g1;
    n.nof = 1;
    tree_add(t, &n, v);
    n = proto("ALL", NAN);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)all;
    n.nof = 2;
    tree_add(t, &n, v);
    n = proto("G2", NAN);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)g2;
    n.nof = 1;
    tree_add(t, &n, v);
    assert_int_equal(tree_finish(t, &e), 0);
    r = score_run(t, d, NULL, &e);
    assert_non_null(r);
    assert_int_equal(score_given_check(r, 0, 0, &diff, &tol), 1);
    assert_float_equal(diff, 0.02, 1e-9);
    assert_float_equal(tol, 0.02, 1e-6);
    assert_int_equal(score_given_check(r, 0, 1, &diff, &tol), 2);
    assert_float_equal(pts(r, t, "ALL", 0), 91.05, 1e-9);
    score_free(r);
    tree_free(t);
    table_free(d);
}

static void test_view_cycle(void **state)
{
    Tree *t = tree_new("t.lua");
    Node n = proto("I", 1);
    const char *a[] = {"B"}, *b[] = {"A"};
    Diag e;
    int v;
    (void)state;
    tree_add(t, &n, -1);
    n = proto("v", NAN);
    n.kind = NODE_VIEW;
    v = tree_add(t, &n, -1);
    n = proto("A", NAN);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)a;
    n.nof = 1;
    tree_add(t, &n, v);
    n = proto("B", NAN);
    n.kind = NODE_GROUP;
    n.of = (char **)(void *)b;
    n.nof = 1;
    tree_add(t, &n, v);
    assert_int_equal(tree_finish(t, &e), -1);
    assert_contains(e.msg, "regroups itself");
    tree_free(t);
}

static void test_bands(void **state)
{
    Tree *t = tree_new("t.lua");
    (void)state;
    tree_add_band(t, "A", 90);
    tree_add_band(t, "B", 80);
    tree_add_band(t, "C", 70);
    tree_add_band(t, "D", NAN);
    assert_string_equal(tree_band(t, 92.18), "A");
    assert_string_equal(tree_band(t, 90.0), "A");
    assert_string_equal(tree_band(t, 89.994), "B");
    assert_string_equal(tree_band(t, 89.996), "A"); /* prints as 90.00 */
    assert_string_equal(tree_band(t, 69.0), "D");
    assert_null(tree_band(t, NAN));
    tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_boundaries),
        cmocka_unit_test(test_categories_and_rates),
        cmocka_unit_test(test_bad_category_value),
        cmocka_unit_test(test_not_applicable_excluded),
        cmocka_unit_test(test_given_against_parts),
        cmocka_unit_test(test_mean_and_weighted_mean),
        cmocka_unit_test(test_views_regroup),
        cmocka_unit_test(test_check_problems),
        cmocka_unit_test(test_nested_rounding_and_view_order),
        cmocka_unit_test(test_view_cycle),
        cmocka_unit_test(test_bands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
