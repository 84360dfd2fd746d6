/* test_target.c — cmocka tests of target.c, the exact target solver: plans
 * checked by hand where rounding a continuous answer would be wrong,
 * headroom limits, infeasible targets (every item at its maximum), the
 * tie-breaking order, invalid input, and a seeded comparison with exhaustive
 * enumeration on small random instances. */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "target.h"

/* ---- helpers ------------------------------------------------------------ */

static TargetItem cont(long long headroom, double unit_cost)
{
    TargetItem it;
    memset(&it, 0, sizeof it);
    it.kind = TARGET_CONTINUOUS;
    it.headroom = headroom;
    it.unit_cost = unit_cost;
    return it;
}

static TargetItem disc(const TargetOption *o, size_t n)
{
    TargetItem it;
    memset(&it, 0, sizeof it);
    it.kind = TARGET_DISCRETE;
    it.options = o;
    it.noptions = n;
    return it;
}

static void solve_ok(const TargetItem *items, size_t n, long long need, TargetPlan *p)
{
    Diag d;
    d.msg[0] = 0;
    if (target_solve(items, n, need, p, &d) != 0)
        fail_msg("target_solve failed: %s", d.msg);
}

static void assert_takes(const TargetPlan *p, const long long *want)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        if (p->take[i] != want[i])
            fail_msg("item %zu: take %lld, want %lld", i + 1, p->take[i], want[i]);
}

/* ---- hand-checked plans ------------------------------------------------- */

/* 1.5 points needed (150 hundredths).  A step worth 2 points costs 1; a
 * continuous node costs 1 per point.  The continuous relaxation "1.5 points of
 * the continuous node, cost 1.5", or the step's fractional share (0.75 of
 * it, rounded up) are both wrong; the exact answer takes the whole step. */
static void step_beats_continuous(void **state)
{
    TargetOption a[] = {{200, 1.0}};
    TargetItem items[2];
    TargetPlan p;
    long long want[] = {200, 0};
    (void)state;
    items[0] = disc(a, 1);
    items[1] = cont(1000, 0.01);
    solve_ok(items, 2, 150, &p);
    assert_true(p.feasible);
    assert_takes(&p, want);
    assert_int_equal(p.option[0], 0);
    assert_int_equal(p.option[1], -1);
    assert_true(fabs(p.cost - 1.0) < 1e-12);
    assert_int_equal(p.gain, 200); /* margin 0.5 point */
    assert_int_equal(p.used, 1);
    target_plan_free(&p);
}

/* The same, with the step costing 3: the continuous node is cheaper (1.5). */
static void continuous_beats_step(void **state)
{
    TargetOption a[] = {{200, 3.0}};
    TargetItem items[2];
    TargetPlan p;
    long long want[] = {0, 150};
    (void)state;
    items[0] = disc(a, 1);
    items[1] = cont(1000, 0.01);
    solve_ok(items, 2, 150, &p);
    assert_takes(&p, want);
    assert_true(fabs(p.cost - 1.5) < 1e-12);
    assert_int_equal(p.gain, 150);
    target_plan_free(&p);
}

/* Need 2.5 points.  Steps: A reaches +1 (cost 1) or +2 (cost 1.8); B +3 at
 * cost 2.6; C continuous, 0.5 points of headroom at 2 per point.  By cost per
 * point A's +2 (0.9) is the best buy, and the continuous relaxation fills it
 * and C's 0.5 (2.8); the exact optimum is B alone (2.6).  With B at 2.9 the
 * answer mixes a step and a continuous remainder: A +2 and all of C (2.8). */
static void combination_exact(void **state)
{
    TargetOption a[] = {{100, 1.0}, {200, 1.8}};
    TargetOption b[] = {{300, 2.6}};
    TargetItem items[3];
    TargetPlan p;
    long long want[] = {0, 300, 0};
    (void)state;
    items[0] = disc(a, 2);
    items[1] = disc(b, 1);
    items[2] = cont(50, 0.02);
    solve_ok(items, 3, 250, &p);
    assert_takes(&p, want);
    assert_true(fabs(p.cost - 2.6) < 1e-12);
    target_plan_free(&p);

    /* Now B costs 2.9: A+2 with all of C (2.8) is the answer, a mix of a
     * step and a continuous remainder. */
    {
        TargetOption b2[] = {{300, 2.9}};
        long long want2[] = {200, 0, 50};
        items[1] = disc(b2, 1);
        solve_ok(items, 3, 250, &p);
        assert_takes(&p, want2);
        assert_int_equal(p.option[0], 1);
        assert_true(fabs(p.cost - 2.8) < 1e-12);
        target_plan_free(&p);
    }
}

/* A cheap continuous node cannot go above its max: its headroom (1 point)
 * is used in full and the rest comes from the dearer one. */
static void headroom_limits(void **state)
{
    TargetItem items[2];
    TargetPlan p;
    long long want[] = {100, 80};
    (void)state;
    items[0] = cont(100, 0.005);
    items[1] = cont(500, 0.02);
    solve_ok(items, 2, 180, &p);
    assert_takes(&p, want);
    assert_true(fabs(p.cost - (0.5 + 1.6)) < 1e-12);
    target_plan_free(&p);
}

/* Steps over their levels: a schedule 1 → 2 → 4 meetings is +5, +15 from
 * the current 5 of 20; only those gains exist. Need 7 points: +15 (cost 15)
 * unless the continuous node (3 points at most) helps: +5 plus 2 of it. */
static void steps_and_headroom(void **state)
{
    TargetOption s[] = {{500, 5.0}, {1500, 15.0}};
    TargetItem items[2];
    TargetPlan p;
    long long want[] = {500, 200};
    (void)state;
    items[0] = disc(s, 2);
    items[1] = cont(300, 0.01);
    solve_ok(items, 2, 700, &p);
    assert_takes(&p, want);
    assert_true(fabs(p.cost - 7.0) < 1e-12);
    target_plan_free(&p);

    /* Need 9: +5 and 3 of the continuous node reach only 8; the step to +15. */
    {
        long long want2[] = {1500, 0};
        solve_ok(items, 2, 900, &p);
        assert_takes(&p, want2);
        assert_int_equal(p.gain, 1500);
        target_plan_free(&p);
    }
}

/* More than every item at its maximum: infeasible, and the plan is every
 * item at its maximum (the best reachable), with its gain and cost. */
static void infeasible_best_reachable(void **state)
{
    TargetOption s[] = {{100, 1.0}, {300, 2.0}};
    TargetItem items[3];
    TargetPlan p;
    long long want[] = {300, 250, 0};
    (void)state;
    items[0] = disc(s, 2);
    items[1] = cont(250, 0.01);
    items[2] = cont(0, 0.01);
    solve_ok(items, 3, 1000, &p);
    assert_false(p.feasible);
    assert_int_equal(p.max_gain, 550);
    assert_int_equal(p.gain, 550);
    assert_takes(&p, want);
    assert_int_equal(p.option[0], 1);
    assert_true(fabs(p.cost - 4.5) < 1e-12);
    assert_int_equal(p.used, 2);
    target_plan_free(&p);

    /* Exactly the maximum is reachable. */
    solve_ok(items, 3, 550, &p);
    assert_true(p.feasible);
    assert_int_equal(p.gain, 550);
    target_plan_free(&p);
}

static void nothing_needed(void **state)
{
    TargetItem items[1];
    TargetPlan p;
    long long want[] = {0};
    (void)state;
    items[0] = cont(100, 0.01);
    solve_ok(items, 1, 0, &p);
    assert_true(p.feasible);
    assert_takes(&p, want);
    assert_int_equal(p.used, 0);
    assert_true(p.cost == 0);
    target_plan_free(&p);
    solve_ok(items, 1, -40, &p);
    assert_true(p.feasible);
    target_plan_free(&p);
    solve_ok(NULL, 0, 0, &p);
    assert_true(p.feasible);
    target_plan_free(&p);
    solve_ok(NULL, 0, 5, &p);
    assert_false(p.feasible);
    assert_int_equal(p.max_gain, 0);
    target_plan_free(&p);
}

/* ---- ties ---------------------------------------------------------------- */

static void ties(void **state)
{
    TargetItem items[3];
    TargetPlan p;
    (void)state;
    /* Two equal continuous nodes: the earlier one alone. */
    items[0] = cont(100, 0.01);
    items[1] = cont(100, 0.01);
    {
        long long want[] = {50, 0};
        solve_ok(items, 2, 50, &p);
        assert_takes(&p, want);
        target_plan_free(&p);
    }
    /* Fewest nodes before node order: 0.6 + 0.6 from the first two, or 1.0 from
     * the third alone: the third. */
    items[0] = cont(60, 0.01);
    items[1] = cont(60, 0.01);
    items[2] = cont(100, 0.01);
    {
        long long want[] = {0, 0, 100};
        solve_ok(items, 3, 100, &p);
        assert_takes(&p, want);
        assert_int_equal(p.used, 1);
        target_plan_free(&p);
    }
    /* Two nodes needed either way: the earliest pair, the first filled. */
    {
        long long want[] = {60, 50, 0};
        solve_ok(items, 3, 110, &p);
        assert_takes(&p, want);
        target_plan_free(&p);
    }
    /* Equal steps: the earlier node. */
    {
        TargetOption a[] = {{100, 1.0}};
        TargetOption b[] = {{100, 1.0}};
        long long want[] = {100, 0};
        items[0] = disc(a, 1);
        items[1] = disc(b, 1);
        solve_ok(items, 2, 100, &p);
        assert_takes(&p, want);
        target_plan_free(&p);
    }
    /* Equal cost, one step vs two: one (A +2 at 2, or B +1 and C +1 at 1 each). */
    {
        TargetOption a[] = {{200, 2.0}};
        TargetOption b[] = {{100, 1.0}};
        TargetOption c[] = {{100, 1.0}};
        long long want[] = {200, 0, 0};
        items[0] = disc(b, 1);
        items[1] = disc(c, 1);
        items[2] = disc(a, 1);
        solve_ok(items, 3, 200, &p);
        {
            long long w2[] = {0, 0, 200};
            assert_takes(&p, w2);
        }
        target_plan_free(&p);
        items[0] = disc(a, 1);
        items[1] = disc(b, 1);
        items[2] = disc(c, 1);
        solve_ok(items, 3, 200, &p);
        assert_takes(&p, want);
        target_plan_free(&p);
    }
    /* A step and a continuous node of equal cost: the earlier one, whichever
     * kind it is. */
    {
        TargetOption a[] = {{100, 1.0}};
        long long want[] = {100, 0};
        long long want2[] = {100, 0};
        items[0] = disc(a, 1);
        items[1] = cont(100, 0.01);
        solve_ok(items, 2, 100, &p);
        assert_takes(&p, want);
        target_plan_free(&p);
        items[1] = disc(a, 1);
        items[0] = cont(100, 0.01);
        solve_ok(items, 2, 100, &p);
        assert_takes(&p, want2);
        target_plan_free(&p);
    }
}

/* Runs twice the same: the same plan. */
static void deterministic(void **state)
{
    TargetOption a[] = {{50, 0.5}, {100, 1.0}, {150, 1.5}};
    TargetItem items[5];
    TargetPlan p, q;
    (void)state;
    items[0] = disc(a, 3);
    items[1] = cont(70, 0.01);
    items[2] = disc(a, 3);
    items[3] = cont(70, 0.01);
    items[4] = disc(a, 3);
    solve_ok(items, 5, 260, &p);
    solve_ok(items, 5, 260, &q);
    assert_memory_equal(p.take, q.take, 5 * sizeof *p.take);
    /* 2.6 needs three items (two reach 260 only as 150 + 150, at 3.0): the
     * earliest, raised furthest: 150 + 70 + 40 (a step of 50 would overshoot). */
    assert_true(fabs(p.cost - 2.6) < 1e-12);
    assert_int_equal(p.used, 3);
    {
        long long want[] = {150, 70, 0, 40, 0};
        assert_takes(&p, want);
    }
    target_plan_free(&p);
    target_plan_free(&q);
}

/* ---- invalid input ------------------------------------------------------- */

static void invalid(void **state)
{
    TargetItem items[1];
    TargetPlan p;
    Diag d;
    TargetOption bad[] = {{0, 1.0}};
    TargetOption neg[] = {{10, -1.0}};
    (void)state;
    items[0] = cont(-5, 0.01);
    assert_int_equal(target_solve(items, 1, 10, &p, &d), -1);
    assert_contains(d.msg, "negative headroom");
    items[0] = cont(5, NAN);
    assert_int_equal(target_solve(items, 1, 10, &p, &d), -1);
    assert_contains(d.msg, "cost");
    items[0] = disc(bad, 1);
    assert_int_equal(target_solve(items, 1, 10, &p, &d), -1);
    assert_contains(d.msg, "gain must be > 0");
    items[0] = disc(neg, 1);
    assert_int_equal(target_solve(items, 1, 10, &p, &d), -1);
    assert_contains(d.msg, "cost");
}

static void too_large(void **state)
{
    TargetOption *o = malloc(2 * sizeof *o);
    TargetItem *items = malloc(300 * sizeof *items);
    TargetPlan p;
    Diag d;
    size_t i;
    (void)state;
    o[0].gain = 1000000;
    o[0].cost = 1;
    o[1].gain = 2000000;
    o[1].cost = 3;
    for (i = 0; i < 300; i++)
        items[i] = disc(o, 2);
    assert_int_equal(target_solve(items, 300, 100000000, &p, &d), -1);
    assert_contains(d.msg, "too large");
    free(o);
    free(items);
}

/* ---- exhaustive comparison ---------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return (unsigned)((x * 2685821657736338717ULL) >> 33) % n;
}

/* Every combination: continuous items in whole units 0 … headroom.  The best
 * is the least cost, then the fewest items (costs equal within 1e-9). */
typedef struct Best {
    double cost;
    int used;
} Best;

static void better(Best *b, double cost, int used)
{
    if (cost < b->cost - 1e-9 || (fabs(cost - b->cost) <= 1e-9 && used < b->used)) {
        b->cost = cost;
        b->used = used;
    }
}

static void brute(const TargetItem *items, size_t n, long long need, size_t i, long long got, double cost, int used,
                  Best *b)
{
    size_t k;
    long long x;
    if (i == n) {
        if (got >= need)
            better(b, cost, used);
        return;
    }
    brute(items, n, need, i + 1, got, cost, used, b);
    if (items[i].kind == TARGET_CONTINUOUS) {
        for (x = 1; x <= items[i].headroom; x++)
            brute(items, n, need, i + 1, got + x, cost + (double)x * items[i].unit_cost, used + 1, b);
    } else {
        for (k = 0; k < items[i].noptions; k++)
            brute(items, n, need, i + 1, got + items[i].options[k].gain, cost + items[i].options[k].cost, used + 1, b);
    }
}

static void against_brute_force(void **state)
{
    int round;
    (void)state;
    for (round = 0; round < 2000; round++) {
        TargetItem items[5];
        TargetOption opts[5][3];
        size_t n = 1 + rnd(5), i, k;
        long long need, maxg = 0, sum = 0;
        double want;
        int want_used;
        TargetPlan p;
        for (i = 0; i < n; i++) {
            if (rnd(2)) {
                items[i] = cont(rnd(6), (double)(1 + rnd(4)) / 4);
                maxg += items[i].headroom;
            } else {
                size_t no = rnd(4);
                long long g = 0, best = 0;
                for (k = 0; k < no; k++) {
                    g += 1 + rnd(4);
                    opts[i][k].gain = g;
                    opts[i][k].cost = (double)(rnd(12)) / 4;
                    if (g > best)
                        best = g;
                }
                items[i] = disc(opts[i], no);
                maxg += best;
            }
        }
        need = rnd((unsigned)maxg + 3);
        {
            Best b = {HUGE_VAL, 0};
            brute(items, n, need, 0, 0, 0, 0, &b);
            want = b.cost;
            want_used = b.used;
        }
        solve_ok(items, n, need, &p);
        if (isinf(want)) {
            assert_false(p.feasible);
            assert_int_equal(p.gain, maxg);
        } else {
            assert_true(p.feasible);
            if (fabs(p.cost - want) > 1e-9)
                fail_msg("round %d: cost %.4f, brute force %.4f (need %lld)", round, p.cost, want, need);
            if ((int)p.used != want_used)
                fail_msg("round %d: %zu items changed, brute force %d (need %lld)", round, p.used, want_used, need);
            /* takes are consistent with the items and add up */
            for (i = 0; i < n; i++) {
                if (items[i].kind == TARGET_CONTINUOUS) {
                    assert_true(p.take[i] >= 0 && p.take[i] <= items[i].headroom);
                    assert_int_equal(p.option[i], -1);
                } else if (p.take[i] > 0) {
                    assert_int_equal(p.take[i], items[i].options[p.option[i]].gain);
                }
                sum += p.take[i];
            }
            assert_int_equal(sum, p.gain);
            assert_true(p.gain >= need);
            sum = 0;
        }
        target_plan_free(&p);
    }
}

/* A sub-criterion-sized problem solves quickly: 120 stepped items, 4 levels
 * each, 60 continuous, 40 points needed in hundredths. */
static void realistic_size(void **state)
{
    TargetOption o[4] = {{25, 0.25}, {50, 0.6}, {75, 0.7}, {100, 1.1}};
    TargetItem items[180];
    TargetPlan p;
    size_t i;
    (void)state;
    for (i = 0; i < 120; i++)
        items[i] = disc(o, 4);
    for (i = 120; i < 180; i++)
        items[i] = cont(50, 0.012);
    solve_ok(items, 180, 4000, &p);
    assert_true(p.feasible);
    /* 53 × 75 at 0.7 = 3975 for 37.1, plus 25 more: one more +25 (0.25): 37.35 */
    assert_true(fabs(p.cost - 37.35) < 1e-9);
    target_plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(step_beats_continuous),
        cmocka_unit_test(continuous_beats_step),
        cmocka_unit_test(combination_exact),
        cmocka_unit_test(headroom_limits),
        cmocka_unit_test(steps_and_headroom),
        cmocka_unit_test(infeasible_best_reachable),
        cmocka_unit_test(nothing_needed),
        cmocka_unit_test(ties),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(invalid),
        cmocka_unit_test(too_large),
        cmocka_unit_test(against_brute_force),
        cmocka_unit_test(realistic_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
