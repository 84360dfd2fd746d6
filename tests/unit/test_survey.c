/* test_survey.c — respondent-level surveys (engine/core/survey.c): rates
 * computed by hand on tests/fixtures/survey/weighted.csv, both formulas,
 * weights, blanks, a question nobody answered, the errors a user can cause,
 * and a bootstrap whose results do not depend on the number of threads.
 *
 * weighted.csv (weights 1, 2, 1.5, 0.5 for Hà Nội; 1, 3 for Hải Phòng):
 *
 *   Hà Nội     q1: 5 3 4 NA   answered 4.5, satisfied 2.5  -> 55.5556
 *              q2: 4 . 2 5    answered 3.0, satisfied 1.5  -> 50
 *              q3: 1 5 . 4    answered 3.5, satisfied 2.5  -> 71.4286
 *   Hải Phòng  q1: 5 1        answered 4,   satisfied 1    -> 25
 *              q2: 5 4        answered 4,   satisfied 4    -> 100
 *              q3: nobody answered                          -> no rate
 *
 * Elements: e1 = {q1, q2}, e2 = {q3}.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "survey.h"
#include "units.h"

#define FIX(name) SRC("tests/fixtures/survey/" name)
#define EPS 1e-9

/* cmocka 1.1.5's assert_float_equal works in float: compare doubles here. */
#define assert_near(a, b, eps)                                                       \
    do {                                                                             \
        double a_ = (a), b_ = (b);                                                   \
        if (!(fabs(a_ - b_) <= (eps)))                                               \
            fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                      \
    } while (0)

static SurveySpec *spec_e1e2(const char *weight_column, SurveyElementFormula ef, SurveyIndexFormula xf)
{
    static const char *const e1[] = {"q1", "q2"};
    static const char *const e2[] = {"q3"};
    Diag d;
    SurveySpec *s = survey_spec_new("province", weight_column);
    assert_non_null(s);
    assert_int_equal(survey_spec_unit_word(s, "province"), 0);
    assert_int_equal(survey_spec_add_element(s, "e1", "Element 1", 1, e1, 2, &d), 0);
    assert_int_equal(survey_spec_add_element(s, "e2", "Element 2", 3, e2, 1, &d), 1);
    s->element_formula = ef;
    s->index_formula = xf;
    return s;
}

static Units *three_provinces(void)
{
    Diag d;
    Units *u = units_new();
    assert_non_null(u);
    assert_int_equal(units_add(u, "01", "Hà Nội", &d), 0);
    assert_int_equal(units_add(u, "31", "Hải Phòng", &d), 1);
    assert_int_equal(units_add(u, "96", "Cà Mau", &d), 2);
    return u;
}

static SurveyResult *run_ok(const SurveySpec *s, const char *path, const SurveyRunOptions *o)
{
    Diag d;
    SurveyResult *r = survey_run(s, path, o, &d);
    if (!r)
        fail_msg("survey_run failed: %s", d.msg);
    return r;
}

static void run_fails(const SurveySpec *s, const char *path, const SurveyRunOptions *o, const char *expect)
{
    Diag d;
    SurveyResult *r = survey_run(s, path, o, &d);
    if (r) {
        survey_result_free(r);
        fail_msg("expected an error containing \"%s\"", expect);
    }
    assert_contains(d.msg, expect);
}

/* ---- hand-computed rates ------------------------------------------------- */

static void test_weighted_mean_of_means(void **state)
{
    SurveySpec *s = spec_e1e2("weight", SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    SurveyResult *r = run_ok(s, FIX("weighted.csv"), NULL);
    (void)state;
    assert_int_equal(r->nunits, 2);
    assert_int_equal(r->rows, 6); /* the row of empty cells is skipped */
    assert_true(r->weighted);
    /* No resolver: units in order of first appearance. */
    assert_string_equal(r->names[0], "Hà Nội");
    assert_string_equal(r->names[1], "Hải Phòng");
    assert_int_equal(r->respondents[0], 4);
    assert_int_equal(r->respondents[1], 2);
    assert_near(r->weight[0], 5.0, EPS);
    assert_near(r->weight[1], 4.0, EPS);
    assert_near(r->answered[0 * 3 + 0], 4.5, EPS);
    assert_near(r->satisfied[0 * 3 + 0], 2.5, EPS);
    assert_near(r->rate[0 * 3 + 0], 2.5 / 4.5 * 100, EPS);
    assert_near(r->rate[0 * 3 + 1], 50.0, EPS);
    assert_near(r->rate[0 * 3 + 2], 2.5 / 3.5 * 100, EPS);
    assert_near(r->element[0], (2.5 / 4.5 * 100 + 50.0) / 2, EPS);
    assert_near(r->element[1], 2.5 / 3.5 * 100, EPS);
    assert_near(r->index[0], ((2.5 / 4.5 * 100 + 50.0) / 2 + 2.5 / 3.5 * 100) / 2, EPS);
    /* Hải Phòng: q3 unanswered -> no rate, e2 has none, the index is e1 alone. */
    assert_near(r->rate[1 * 3 + 0], 25.0, EPS);
    assert_near(r->rate[1 * 3 + 1], 100.0, EPS);
    assert_true(isnan(r->rate[1 * 3 + 2]));
    assert_near(r->answered[1 * 3 + 2], 0.0, EPS);
    assert_near(r->element[2], 62.5, EPS);
    assert_true(isnan(r->element[3]));
    assert_near(r->index[1], 62.5, EPS);
    /* 62.50 beats 62.10 */
    assert_int_equal(r->rank[0], 2);
    assert_int_equal(r->rank[1], 1);
    assert_int_equal(r->notes.n, 1);
    assert_contains(r->notes.items[0], "Hải Phòng: nobody answered q3");
    assert_int_equal(r->draws, 0);
    survey_result_free(r);
    survey_spec_free(s);
}

static void test_pooled_formulas(void **state)
{
    SurveySpec *s = spec_e1e2("weight", SURVEY_EL_POOLED, SURVEY_IX_POOLED);
    SurveyResult *r = run_ok(s, FIX("weighted.csv"), NULL);
    (void)state;
    assert_near(r->element[0], (2.5 + 1.5) / (4.5 + 3.0) * 100, EPS);
    assert_near(r->element[1], 2.5 / 3.5 * 100, EPS);
    assert_near(r->index[0], (2.5 + 1.5 + 2.5) / (4.5 + 3.0 + 3.5) * 100, EPS);
    assert_near(r->element[2], 5.0 / 8.0 * 100, EPS);
    assert_near(r->index[1], 62.5, EPS);
    assert_contains(r->notes.items[0], "nothing to pool");
    survey_result_free(r);
    survey_spec_free(s);
}

static void test_weighted_mean_of_elements(void **state)
{
    /* e1 weight 1, e2 weight 3 */
    SurveySpec *s = spec_e1e2("weight", SURVEY_EL_MEAN, SURVEY_IX_WMEAN);
    SurveyResult *r = run_ok(s, FIX("weighted.csv"), NULL);
    double e1 = (2.5 / 4.5 * 100 + 50.0) / 2, e2 = 2.5 / 3.5 * 100;
    (void)state;
    assert_near(r->index[0], (1 * e1 + 3 * e2) / 4, EPS);
    assert_near(r->index[1], 62.5, EPS); /* e2 has no rate: e1 alone */
    survey_result_free(r);
    survey_spec_free(s);
}

static void test_unweighted(void **state)
{
    /* The same file without the weight column declared: every row counts once. */
    SurveySpec *s = spec_e1e2(NULL, SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    SurveyResult *r = run_ok(s, FIX("weighted.csv"), NULL);
    (void)state;
    assert_false(r->weighted);
    assert_near(r->rate[0], 200.0 / 3, EPS);         /* q1: 5 3 4 */
    assert_near(r->rate[1], 200.0 / 3, EPS);         /* q2: 4 2 5 */
    assert_near(r->rate[2], 200.0 / 3, EPS);         /* q3: 1 5 4 */
    assert_near(r->index[1], (50.0 + 100.0) / 2, EPS); /* Hải Phòng: e1 only */
    assert_near(r->weight[0], 4.0, EPS);
    survey_result_free(r);
    survey_spec_free(s);
    /* A declared weight column the file lacks: unweighted as well. */
    s = spec_e1e2("sample_weight", SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    r = run_ok(s, FIX("unknown.csv"), NULL);
    assert_false(r->weighted);
    survey_result_free(r);
    survey_spec_free(s);
}

static void test_registry_order_and_names(void **state)
{
    SurveySpec *s = spec_e1e2(NULL, SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    Units *u = three_provinces();
    SurveyRunOptions o;
    SurveyResult *r;
    Diag d;
    (void)state;
    survey_run_options_init(&o);
    o.units = u;
    /* "Ha Noi" and "Hà Nội" are one unit. */
    r = survey_run(s, FIX("unknown.csv"), &o, &d);
    assert_null(r);
    assert_contains(d.msg, "unknown.csv:4: unknown province 'Hai Phongg' (did you mean 'Hải Phòng'?)");
    r = run_ok(s, FIX("weighted.csv"), &o);
    assert_int_equal(r->nunits, 2);
    assert_string_equal(r->codes[0], "01");
    assert_string_equal(r->codes[1], "31");
    assert_int_equal(r->unit_index[1], 1);
    survey_result_free(r);
    /* Semicolon file: Vietnamese numbers for the weights ("1,5"). */
    r = run_ok(s, FIX("semicolon.csv"), &o);
    assert_int_equal(r->nunits, 2);
    assert_string_equal(r->names[1], "Cà Mau"); /* registry order: Hà Nội, Cà Mau */
    survey_result_free(r);
    survey_spec_free(s);
    s = spec_e1e2("weight", SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    r = run_ok(s, FIX("semicolon.csv"), &o);
    assert_near(r->weight[0], 1.5, EPS);
    assert_near(r->weight[1], 0.5, EPS);
    survey_result_free(r);
    survey_spec_free(s);
    units_free(u);
}

/* A resolver callback: "Hà…" is unit 0, other "H…" unit 1, anything else unknown. */
static int by_letter(void *ud, const char *cell, size_t len, const char **name_out, char *why, size_t whysize)
{
    int *calls = ud;
    (void)len;
    (*calls)++;
    if (strncmp(cell, "Hà", strlen("Hà")) == 0)
        return 0;
    if (cell[0] == 'H') {
        *name_out = "H-other";
        return 1;
    }
    snprintf(why, whysize, "no such place '%s'", cell);
    return -1;
}

static void test_resolver_callback(void **state)
{
    SurveySpec *s = spec_e1e2(NULL, SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    SurveyRunOptions o;
    SurveyResult *r;
    int calls = 0;
    (void)state;
    survey_run_options_init(&o);
    o.resolve = by_letter;
    o.resolve_ud = &calls;
    r = run_ok(s, FIX("weighted.csv"), &o);
    /* "Hà Nội" -> 0, "Hải Phòng" -> 1; each spelling resolved once. */
    assert_int_equal(calls, 2);
    assert_int_equal(r->nunits, 2);
    assert_string_equal(r->names[1], "H-other");
    assert_int_equal(r->respondents[0], 4);
    survey_result_free(r);
    survey_spec_free(s);
}

/* ---- errors --------------------------------------------------------------- */

static void test_errors(void **state)
{
    SurveySpec *s = spec_e1e2(NULL, SURVEY_EL_MEAN, SURVEY_IX_MEAN), *w;
    (void)state;
    /* "4.0" on line 3 is accepted; 7 on line 4 is not. */
    run_fails(s, FIX("bad_answer.csv"), NULL, "bad_answer.csv:4: column 'q2': answer 7 is outside the scale 1–5");
    run_fails(s, FIX("half.csv"), NULL, "half.csv:3: column 'q1': '3.5' is not a whole number");
    run_fails(s, FIX("header_only.csv"), NULL, "header_only.csv: no respondents");
    run_fails(s, FIX("no_such_file.csv"), NULL, "no_such_file.csv");
    w = spec_e1e2("weight", SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    run_fails(w, FIX("bad_weight.csv"), NULL, "bad_weight.csv:3: column 'weight': weight -1 is negative");
    survey_spec_free(w);
    survey_spec_free(s);
}

static void test_missing_columns(void **state)
{
    static const char *const e1[] = {"q1", "q2"};
    static const char *const e3[] = {"q3", "q4"};
    Diag d;
    SurveySpec *s = survey_spec_new("province", NULL);
    (void)state;
    assert_int_equal(survey_spec_add_element(s, "e1", "E1", 1, e1, 2, &d), 0);
    assert_int_equal(survey_spec_add_element(s, "e3", "E3", 1, e3, 2, &d), 1);
    run_fails(s, FIX("weighted.csv"), NULL, "weighted.csv:1: no column 'q4' (a question of element 'e3')");
    survey_spec_free(s);
    s = survey_spec_new("provinc", NULL);
    assert_int_equal(survey_spec_add_element(s, "e1", "E1", 1, e1, 2, &d), 0);
    run_fails(s, FIX("weighted.csv"), NULL, "no column 'provinc' (the unit of each respondent) (did you mean 'province'?)");
    survey_spec_free(s);
}

static void test_spec_checks(void **state)
{
    static const char *const dup[] = {"q1", "q1"};
    static const char *const one[] = {"q1"};
    Diag d;
    SurveySpec *s = survey_spec_new("province", NULL);
    (void)state;
    assert_int_equal(survey_spec_add_element(s, "e", "E", 1, dup, 2, &d), -1);
    assert_contains(d.msg, "lists question 'q1' twice");
    assert_int_equal(survey_spec_check(s, &d), -1);
    assert_contains(d.msg, "no elements");
    assert_int_equal(survey_spec_add_element(s, "e", "E", 1, one, 1, &d), 0);
    assert_int_equal(survey_spec_add_element(s, "e", "E", 1, one, 1, &d), -1);
    assert_contains(d.msg, "two elements with the code 'e'");
    assert_int_equal(survey_spec_check(s, &d), 0);
    s->sat_lo = 4;
    s->sat_hi = 6;
    assert_int_equal(survey_spec_check(s, &d), -1);
    assert_contains(d.msg, "must lie inside the scale 1–5");
    s->sat_hi = 5;
    s->scale_hi = 300;
    assert_int_equal(survey_spec_check(s, &d), -1);
    survey_spec_free(s);
}

/* ---- bootstrap ------------------------------------------------------------ */

static SurveyResult *boot(const SurveySpec *s, const char *path, size_t draws, uint64_t seed, int threads)
{
    SurveyRunOptions o;
    survey_run_options_init(&o);
    o.draws = draws;
    o.seed = seed;
    o.threads = threads;
    return run_ok(s, path, &o);
}

static void assert_same_ci(const SurveyResult *a, const SurveyResult *b)
{
    size_t u;
    assert_int_equal(a->nunits, b->nunits);
    for (u = 0; u < a->nunits; u++) {
        /* Bit for bit: memcmp also treats NaN == NaN. */
        assert_memory_equal(&a->index_lo[u], &b->index_lo[u], sizeof(double));
        assert_memory_equal(&a->index_hi[u], &b->index_hi[u], sizeof(double));
        assert_int_equal(a->rank_lo[u], b->rank_lo[u]);
        assert_int_equal(a->rank_hi[u], b->rank_hi[u]);
        assert_int_equal(a->draws_ok[u], b->draws_ok[u]);
    }
}

static void test_bootstrap_threads(void **state)
{
    static const char *const acc[] = {"q01", "q02", "q03", "q04"};
    static const char *const pro[] = {"q05", "q06", "q07", "q08", "q09"};
    static const char *const sta[] = {"q10", "q11", "q12", "q13", "q14"};
    static const char *const res[] = {"q15", "q16", "q17", "q18"};
    static const char *const fee[] = {"q19", "q20", "q21", "q22"};
    const char *path = SRC("datasets/synthetic/sipas_bench_20000_1.csv");
    SurveySpec *s = survey_spec_new("province", "weight");
    SurveyResult *one, *two, *again, *other;
    Diag d;
    size_t u, differ = 0;
    (void)state;
    assert_int_equal(survey_spec_add_element(s, "access", "A", 1, acc, 4, &d), 0);
    assert_int_equal(survey_spec_add_element(s, "procedures", "P", 1, pro, 5, &d), 1);
    assert_int_equal(survey_spec_add_element(s, "staff", "S", 1, sta, 5, &d), 2);
    assert_int_equal(survey_spec_add_element(s, "results", "R", 1, res, 4, &d), 3);
    assert_int_equal(survey_spec_add_element(s, "feedback", "F", 1, fee, 4, &d), 4);
    one = boot(s, path, 200, 7, 1);
    two = boot(s, path, 200, 7, 2);
    again = boot(s, path, 200, 7, 5);
    other = boot(s, path, 200, 8, 2);
    assert_int_equal(one->nunits, 63);
    assert_int_equal(one->draws, 200);
    assert_same_ci(one, two);
    assert_same_ci(one, again);
    for (u = 0; u < one->nunits; u++) {
        /* ~300 respondents a unit: every draw has an index, and it brackets the estimate. */
        assert_int_equal(one->draws_ok[u], 200);
        assert_true(one->index_lo[u] < one->index[u] && one->index[u] < one->index_hi[u]);
        assert_true(one->index_hi[u] - one->index_lo[u] < 6.0);
        assert_true(one->rank_lo[u] >= 1 && one->rank_lo[u] <= one->rank[u]);
        assert_true(one->rank_hi[u] >= one->rank[u] && one->rank_hi[u] <= 63);
        differ += one->index_lo[u] != other->index_lo[u];
    }
    assert_true(differ > 50); /* another seed, other draws */
    survey_result_free(one);
    survey_result_free(two);
    survey_result_free(again);
    survey_result_free(other);
    survey_spec_free(s);
}

static void test_bootstrap_weighted_small(void **state)
{
    /* Weighted path, units of 2 and 4 respondents: some draws leave a unit
     * without answers; the counts of such draws must not depend on threads. */
    SurveySpec *s = spec_e1e2("weight", SURVEY_EL_MEAN, SURVEY_IX_MEAN);
    SurveyResult *a = boot(s, FIX("weighted.csv"), 500, 3, 1);
    SurveyResult *b = boot(s, FIX("weighted.csv"), 500, 3, 2);
    (void)state;
    assert_same_ci(a, b);
    assert_true(a->draws_ok[1] < 500); /* P(both of Hải Phòng's respondents get 0) = e^-2 */
    assert_true(a->draws_ok[1] > 350);
    assert_true(a->index_lo[0] <= a->index[0] && a->index[0] <= a->index_hi[0]);
    survey_result_free(a);
    survey_result_free(b);
    survey_spec_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_mean_of_means),
        cmocka_unit_test(test_pooled_formulas),
        cmocka_unit_test(test_weighted_mean_of_elements),
        cmocka_unit_test(test_unweighted),
        cmocka_unit_test(test_registry_order_and_names),
        cmocka_unit_test(test_resolver_callback),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_missing_columns),
        cmocka_unit_test(test_spec_checks),
        cmocka_unit_test(test_bootstrap_threads),
        cmocka_unit_test(test_bootstrap_weighted_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
