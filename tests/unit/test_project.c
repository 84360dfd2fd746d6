/* test_project.c — cmocka tests of project.c, the Monte Carlo kernel:
 * identical results for any thread count and for the SIMD and portable
 * paths (also for tables of more than 64 units, more than 8 areas and keys
 * spanning more than 2^16), zero noise giving the exact competition ranking,
 * P(rank <= k) and P(group) on small hand-computed cases, unknown slots kept
 * within their bounds, the distribution of the kernel's normals (its CDF at
 * 64 points, its mean) and of project_normal (moments and tails), keys, and
 * invalid specs.  No expected value depends on the exact random stream: the
 * statistical checks have tolerances of about five standard errors. */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "project.h"
#include "rank.h"
#include "rng.h"

/* A 12-unit × 3-area table with noise, unknown slots and a pool. */
typedef struct Fixture {
    double mean[36], sd[36], offset[12], lo[12], hi[12], plo[2], phi[2];
    unsigned char kind[12];
} Fixture;

static void fixture(Fixture *f, ProjectSpec *s)
{
    size_t u, a;
    memset(f, 0, sizeof *f);
    memset(s, 0, sizeof *s);
    for (u = 0; u < 12; u++) {
        for (a = 0; a < 3; a++) {
            f->mean[u * 3 + a] = 25.0 + (double)(u % 5) * 0.7 + (double)a * 0.1;
            f->sd[u * 3 + a] = 0.2 + 0.1 * (double)(u % 3);
        }
        f->offset[u] = (u == 4) ? 1.5 : 0.0;
    }
    /* Unit 9 has a known rank but no score: between 74 and 76; 10 and 11 share two free slots. */
    f->kind[9] = PROJECT_SLOT;
    for (a = 0; a < 3; a++)
        f->mean[9 * 3 + a] = 0;
    f->lo[9] = 74;
    f->hi[9] = 76;
    f->kind[10] = f->kind[11] = PROJECT_POOL;
    for (a = 0; a < 3; a++)
        f->mean[10 * 3 + a] = f->mean[11 * 3 + a] = 0;
    f->plo[0] = 70;
    f->phi[0] = 72;
    f->plo[1] = 78;
    f->phi[1] = 80;
    s->units = 12;
    s->areas = 3;
    s->mean = f->mean;
    s->sd = f->sd;
    s->offset = f->offset;
    s->kind = f->kind;
    s->lo = f->lo;
    s->hi = f->hi;
    s->pool_lo = f->plo;
    s->pool_hi = f->phi;
    s->npool = 2;
    s->min = 0;
    s->max = 100;
    s->decimals = 2;
    s->threshold = 77.0;
    s->draws = 20000;
    s->seed = 42;
}

static void assert_same(const ProjectResult *a, const ProjectResult *b)
{
    size_t U = a->units;
    assert_int_equal(a->units, b->units);
    assert_int_equal(a->draws, b->draws);
    assert_memory_equal(a->hist, b->hist, U * (U + 1) * sizeof *a->hist);
    assert_memory_equal(a->above, b->above, U * sizeof *a->above);
    assert_memory_equal(a->key_sum, b->key_sum, U * sizeof *a->key_sum);
}

static void test_threads_identical(void **state)
{
    Fixture f;
    ProjectSpec s;
    ProjectResult r1, r2, r3, r4;
    Diag d;
    (void)state;
    fixture(&f, &s);
    s.threads = 1;
    assert_int_equal(project_run(&s, &r1, &d), 0);
    s.threads = 2;
    assert_int_equal(project_run(&s, &r2, &d), 0);
    s.threads = 7; /* more threads than cores, uneven split */
    assert_int_equal(project_run(&s, &r3, &d), 0);
    s.threads = 2;
    s.portable = 1; /* the portable path gives the same numbers as SIMD */
    assert_int_equal(project_run(&s, &r4, &d), 0);
    assert_same(&r1, &r2);
    assert_same(&r1, &r3);
    assert_same(&r1, &r4);
    /* A different seed gives different counts. */
    s.seed = 43;
    project_result_free(&r2);
    assert_int_equal(project_run(&s, &r2, &d), 0);
    assert_true(memcmp(r1.hist, r2.hist, 12 * 13 * sizeof *r1.hist) != 0);
    project_result_free(&r1);
    project_result_free(&r2);
    project_result_free(&r3);
    project_result_free(&r4);
}

static void test_progress_same_result(void **state)
{
    Fixture f;
    ProjectSpec s;
    ProjectResult r1, r2;
    Diag d;
    (void)state;
    fixture(&f, &s);
    assert_int_equal(project_run(&s, &r1, &d), 0); /* no threads, no callback */
    s.threads = 3;
    s.progress = NULL;
    assert_int_equal(project_run(&s, &r2, &d), 0);
    assert_same(&r1, &r2);
    project_result_free(&r1);
    project_result_free(&r2);
}

/* Without noise every draw is the table itself: ranks as rank_competition. */
static void test_zero_noise_exact(void **state)
{
    double mean[8] = {80.1, 85.25, 80.1, 90.0, 79.999, 85.245, 60.0, 80.104};
    int want[8];
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    size_t u;
    (void)state;
    rank_competition(mean, NULL, 8, 0, 2, want);
    memset(&s, 0, sizeof s);
    s.units = 8;
    s.areas = 1;
    s.mean = mean;
    s.decimals = 2;
    s.threshold = NAN;
    s.draws = 1000;
    s.seed = 1;
    s.threads = 2;
    assert_int_equal(project_run(&s, &r, &d), 0);
    for (u = 0; u < 8; u++) {
        assert_int_equal(project_rank_quantile(&r, u, 0.05), want[u]);
        assert_int_equal(project_rank_quantile(&r, u, 0.5), want[u]);
        assert_int_equal(project_rank_quantile(&r, u, 0.95), want[u]);
        assert_true(project_p_rank_le(&r, u, want[u]) == 1.0);
        assert_true(project_p_rank_le(&r, u, want[u] - 1) == 0.0);
        assert_true(fabs(project_mean(&r, u) - floor(mean[u] * 100 + 0.5) / 100) < 1e-9);
    }
    /* 85.25 and 85.245 (→ 85.25) tie for 2nd; 80.1 twice and 80.104 tie for 4th. */
    assert_int_equal(want[1], 2);
    assert_int_equal(want[5], 2);
    assert_int_equal(want[0], 4);
    assert_int_equal(want[7], 4);
    assert_int_equal(want[4], 7);
    project_result_free(&r);
}

/* X ~ U[0, 10] among Y = 7.5 and Z = 2.5 (no noise): P(X first) = 0.25,
 * P(X in the top 2) = 0.75; P(X >= 5) = 0.5. */
static void test_hand_computed(void **state)
{
    double mean[3] = {0, 7.5, 2.5}, lo[3] = {0, 0, 0}, hi[3] = {10, 0, 0};
    unsigned char kind[3] = {PROJECT_SLOT, PROJECT_KNOWN, PROJECT_KNOWN};
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    (void)state;
    memset(&s, 0, sizeof s);
    s.units = 3;
    s.areas = 1;
    s.mean = mean;
    s.kind = kind;
    s.lo = lo;
    s.hi = hi;
    s.decimals = 6;
    s.threshold = 5.0;
    s.draws = 100000;
    s.seed = 9;
    s.threads = 2;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(fabs(project_p_rank_le(&r, 0, 1) - 0.25) < 0.01);
    assert_true(fabs(project_p_rank_le(&r, 0, 2) - 0.75) < 0.01);
    assert_true(project_p_rank_le(&r, 0, 3) == 1.0);
    assert_true(fabs(project_p_rank_le(&r, 1, 1) - 0.75) < 0.01);
    assert_true(fabs(project_p_rank_le(&r, 2, 2) - 0.25) < 0.01);
    assert_true(fabs(project_p_above(&r, 0) - 0.5) < 0.01);
    assert_true(project_p_above(&r, 1) == 1.0);
    assert_true(project_p_above(&r, 2) == 0.0);
    assert_true(fabs(project_mean(&r, 0) - 5.0) < 0.05);
    assert_int_equal(project_rank_quantile(&r, 0, 0.5), 2);
    assert_int_equal(project_rank_quantile(&r, 0, 0.05), 1);
    assert_int_equal(project_rank_quantile(&r, 0, 0.95), 3);
    project_result_free(&r);
}

/* A ~ 10 + N(0, 1) against B = 11: P(A first) = P(z >= 1) = 0.1587; with
 * 8 areas of sd 1/√8 the same. */
static void test_normal_case(void **state)
{
    double mean1[2] = {10, 11}, sd1[2] = {1, 0};
    double mean8[16], sd8[16];
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    int a;
    (void)state;
    memset(&s, 0, sizeof s);
    s.units = 2;
    s.areas = 1;
    s.mean = mean1;
    s.sd = sd1;
    s.decimals = 6;
    s.threshold = NAN;
    s.draws = 200000;
    s.seed = 5;
    s.threads = 2;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(fabs(project_p_rank_le(&r, 0, 1) - 0.158655) < 0.004);
    assert_true(fabs(project_mean(&r, 0) - 10.0) < 0.01);
    project_result_free(&r);
    for (a = 0; a < 8; a++) {
        mean8[a] = 10.0 / 8;
        sd8[a] = 1 / sqrt(8.0);
        mean8[8 + a] = 11.0 / 8;
        sd8[8 + a] = 0;
    }
    s.areas = 8;
    s.mean = mean8;
    s.sd = sd8;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(fabs(project_p_rank_le(&r, 0, 1) - 0.158655) < 0.004);
    project_result_free(&r);
}

/* Unknown slots: a ranked unit between 3 and 4 among known 1, 2, 5, 6 is
 * always third; two pooled units share slots [0, 1] and [10, 11] around a
 * known 5: never second, first half the time. */
static void test_slots_within_bounds(void **state)
{
    double mean[5] = {1, 2, 5, 6, 0}, lo[5] = {0, 0, 0, 0, 3}, hi[5] = {0, 0, 0, 0, 4};
    unsigned char kind[5] = {0, 0, 0, 0, PROJECT_SLOT};
    double pmean[3] = {0, 5, 0}, plo[2] = {0, 10}, phi[2] = {1, 11};
    unsigned char pkind[3] = {PROJECT_POOL, PROJECT_KNOWN, PROJECT_POOL};
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    (void)state;
    memset(&s, 0, sizeof s);
    s.units = 5;
    s.areas = 1;
    s.mean = mean;
    s.kind = kind;
    s.lo = lo;
    s.hi = hi;
    s.decimals = 2;
    s.threshold = NAN;
    s.draws = 5000;
    s.seed = 11;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(project_p_rank_le(&r, 4, 3) == 1.0);
    assert_true(project_p_rank_le(&r, 4, 2) == 0.0);
    assert_true(project_mean(&r, 4) >= 3.0 && project_mean(&r, 4) <= 4.0);
    project_result_free(&r);

    memset(&s, 0, sizeof s);
    s.units = 3;
    s.areas = 1;
    s.mean = pmean;
    s.kind = pkind;
    s.pool_lo = plo;
    s.pool_hi = phi;
    s.npool = 2;
    s.decimals = 2;
    s.threshold = 5.5;
    s.draws = 20000;
    s.seed = 12;
    s.threads = 2;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(project_p_rank_le(&r, 1, 2) == 1.0 && project_p_rank_le(&r, 1, 1) == 0.0);
    assert_true(r.hist[0 * 4 + 2] == 0 && r.hist[2 * 4 + 2] == 0); /* pooled units never second */
    assert_true(fabs(project_p_rank_le(&r, 0, 1) - 0.5) < 0.02);
    /* Each draw gives one pooled unit the top slot: their firsts add up. */
    assert_int_equal(r.hist[0 * 4 + 1] + r.hist[2 * 4 + 1], s.draws);
    assert_int_equal(r.above[0] + r.above[2], s.draws);
    assert_true(project_mean(&r, 0) > 0.0 && project_mean(&r, 0) < 11.0);
    project_result_free(&r);
}

static void test_clamp(void **state)
{
    double mean[2] = {99.5, 0.5}, sd[2] = {5, 5};
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    (void)state;
    memset(&s, 0, sizeof s);
    s.units = 2;
    s.areas = 1;
    s.mean = mean;
    s.sd = sd;
    s.min = 0;
    s.max = 100;
    s.decimals = 2;
    s.threshold = 100.0;
    s.draws = 10000;
    s.seed = 2;
    assert_int_equal(project_run(&s, &r, &d), 0);
    assert_true(project_mean(&r, 0) <= 100.0 && project_mean(&r, 1) >= 0.0);
    assert_true(project_p_above(&r, 0) > 0.4 && project_p_above(&r, 0) < 0.6); /* clamped at 100 half the time */
    project_result_free(&r);
}

static void test_normal_moments(void **state)
{
    Rng r = rng_stream(123, 0);
    long i, n = 2000000, beyond2 = 0, tail = 0;
    double s1 = 0, s2 = 0, s4 = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        double z = project_normal(&r);
        s1 += z;
        s2 += z * z;
        s4 += z * z * z * z;
        beyond2 += fabs(z) > 2;
        tail += fabs(z) > 3.5;
    }
    /* five standard errors: 0.0035, 0.005, 0.034, 0.00074 */
    assert_true(fabs(s1 / (double)n) < 0.0035);
    assert_true(fabs(s2 / (double)n - 1) < 0.005);
    assert_true(fabs(s4 / (double)n - 3) < 0.034);
    assert_true(fabs((double)beyond2 / (double)n - 0.0455003) < 0.00074);
    /* P(|z| > 3.5) = 4.653e-4: about 931 of 2,000,000 (sd 30.5). */
    assert_true(tail > 778 && tail < 1084);
}

/* Far tail: the ziggurat's layer 0 beyond R = 4.22 is sampled too, and
 * not only at R. */
static void test_normal_tail(void **state)
{
    Rng r = rng_stream(7, 1);
    long i, n = 2000000, beyond = 0, beyond45 = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        double z = project_normal(&r);
        beyond += z > 4.1;
        beyond45 += z < -4.5;
    }
    /* P(z > 4.1) = 2.07e-5: about 41 of 2,000,000; P(z < -4.5) = 3.4e-6: about 6.8. */
    assert_true(beyond > 15 && beyond < 80);
    assert_true(beyond45 >= 1 && beyond45 < 20);
}

/* A table of U units × A areas with noise, scores spread over `spread`
 * points, for the SIMD/portable and thread-count comparisons on shapes other
 * than the fixture's: several blocks of 64 units, groups of eight areas,
 * partial chunks of normals. */
static void wide_spec(ProjectSpec *s, double *mean, double *sd, size_t U, size_t A, double spread, int decimals)
{
    size_t u, a;
    memset(s, 0, sizeof *s);
    for (u = 0; u < U; u++)
        for (a = 0; a < A; a++) {
            mean[u * A + a] = (50.0 + spread * (double)((u * 37) % U) / (double)U) / (double)A;
            sd[u * A + a] = 0.05 + 0.3 * (double)((u + a) % 4);
        }
    s->units = U;
    s->areas = A;
    s->mean = mean;
    s->sd = sd;
    s->decimals = decimals;
    s->threshold = 50.0 + spread / 2;
    s->draws = 3000;
    s->seed = 77;
}

static void test_shapes_identical(void **state)
{
    static double mean[130 * 11], sd[130 * 11];
    /* units, areas, spread, decimals: 100 × 11 at 2 decimals (16-bit keys,
     * two groups of areas, chunks of 256 normals and a partial one); 130 × 3
     * at 6 decimals over 2000 points (keys spanning 2·10^9: 32-bit counting);
     * 1 × 1 (a single block) */
    const struct {
        size_t U, A;
        double spread;
        int decimals;
    } shape[3] = {{100, 11, 30.0, 2}, {130, 3, 2000.0, 6}, {1, 1, 0.0, 2}};
    int k;
    (void)state;
    for (k = 0; k < 3; k++) {
        ProjectSpec s;
        ProjectResult r1, r2, r3;
        Diag d;
        wide_spec(&s, mean, sd, shape[k].U, shape[k].A, shape[k].spread, shape[k].decimals);
        s.threads = 1;
        assert_int_equal(project_run(&s, &r1, &d), 0);
        s.threads = 3;
        assert_int_equal(project_run(&s, &r2, &d), 0);
        s.threads = 2;
        s.portable = 1;
        assert_int_equal(project_run(&s, &r3, &d), 0);
        assert_same(&r1, &r2);
        assert_same(&r1, &r3);
        project_result_free(&r1);
        project_result_free(&r2);
        project_result_free(&r3);
    }
}

/* Without noise, more than 64 units, keys within and beyond 16 bits: the
 * ranks of rank_competition on both paths. */
static void test_zero_noise_many(void **state)
{
    static double mean[150];
    int want[150];
    int portable, wide;
    (void)state;
    for (wide = 0; wide < 2; wide++) {
        size_t u;
        for (u = 0; u < 150; u++) /* ties every few units */
            mean[u] = wide ? -900.0 + 12.5 * (double)((u * 7) % 150) - (double)(u % 3 == 0) * 0.0000004
                           : 70.0 + 0.01 * (double)((u * 11) % 97);
        rank_competition(mean, NULL, 150, 0, wide ? 6 : 2, want);
        for (portable = 0; portable < 2; portable++) {
            ProjectSpec s;
            ProjectResult r;
            Diag d;
            memset(&s, 0, sizeof s);
            s.units = 150;
            s.areas = 1;
            s.mean = mean;
            s.decimals = wide ? 6 : 2;
            s.threshold = NAN;
            s.draws = 20;
            s.seed = 3;
            s.portable = portable;
            assert_int_equal(project_run(&s, &r, &d), 0);
            for (u = 0; u < 150; u++)
                assert_int_equal(project_rank_quantile(&r, u, 0.5), want[u]);
            project_result_free(&r);
        }
    }
}

/* The kernel's normals: 64 units each N(mu_u, 1) with mu_u from -4.2 to 4.2
 * and the threshold at 0 count P(z >= -mu_u) = Phi(mu_u) for 64 points of
 * the CDF (both tails included), and the mean of each unit's rounded total
 * estimates mu_u; 200,000 draws (12.8 million normals), on both paths. */
static void test_kernel_normal_cdf(void **state)
{
    double mean[64], sd[64];
    size_t u;
    int portable;
    const double N = 200000;
    (void)state;
    for (u = 0; u < 64; u++) {
        mean[u] = -4.2 + 8.4 * (double)u / 63.0;
        sd[u] = 1.0;
    }
    for (portable = 0; portable < 2; portable++) {
        ProjectSpec s;
        ProjectResult r;
        Diag d;
        double chi2 = 0;
        memset(&s, 0, sizeof s);
        s.units = 64;
        s.areas = 1;
        s.mean = mean;
        s.sd = sd;
        s.decimals = 6;
        s.threshold = 0.0;
        s.draws = (uint64_t)N;
        s.seed = 2024;
        s.threads = 2;
        s.portable = portable;
        assert_int_equal(project_run(&s, &r, &d), 0);
        for (u = 0; u < 64; u++) {
            double p = 0.5 * erfc(-mean[u] / sqrt(2.0)); /* Phi(mu) */
            double got = project_p_above(&r, u), se = sqrt(p * (1 - p) / N) + 1e-7;
            if (fabs(got - p) > 5 * se)
                fail_msg("unit %zu: P(z >= %.3f) = %.6f, expected %.6f (se %.2g)", u, -mean[u], got, p, se);
            chi2 += (got - p) * (got - p) / (se * se);
            if (fabs(project_mean(&r, u) - mean[u]) > 5 / sqrt(N))
                fail_msg("unit %zu: mean %.5f, expected %.5f", u, project_mean(&r, u), mean[u]);
        }
        /* 64 correlated points, each about N(0, 1): far below 200 unless the
         * distribution is off */
        assert_true(chi2 < 200);
        project_result_free(&r);
    }
}

static void test_keys(void **state)
{
    (void)state;
    assert_int_equal(project_key(86.145, 2), 8615);
    assert_int_equal(project_key(86.144999, 2), 8614);
    assert_int_equal(project_key(-1.005, 2), -101);
    assert_int_equal(project_key(0.0, 2), 0);
    assert_int_equal(project_key(1e30, 6), 2147483647);
    assert_int_equal(project_key(-1e30, 6), -2147483647);
}

static void test_invalid(void **state)
{
    double mean[3] = {1, 2, 3}, sd[3] = {1, -1, 0}, plo[1] = {0}, phi[1] = {1};
    unsigned char kind[3] = {PROJECT_POOL, PROJECT_POOL, PROJECT_KNOWN};
    ProjectSpec s;
    ProjectResult r;
    Diag d;
    (void)state;
    memset(&s, 0, sizeof s);
    s.units = 3;
    s.areas = 1;
    s.mean = mean;
    s.sd = sd;
    s.decimals = 2;
    s.threshold = NAN;
    s.draws = 10;
    assert_int_equal(project_run(&s, &r, &d), -1);
    assert_contains(d.msg, "unit 2, area 1: sd must be a finite number >= 0");
    sd[1] = 1;
    s.kind = kind;
    s.pool_lo = plo;
    s.pool_hi = phi;
    s.npool = 1;
    assert_int_equal(project_run(&s, &r, &d), -1);
    assert_contains(d.msg, "2 pooled units but 1 pool slots");
    s.kind = NULL;
    s.npool = 0;
    s.draws = 0;
    assert_int_equal(project_run(&s, &r, &d), -1);
    assert_contains(d.msg, "draws must be at least 1");
    s.draws = 1;
    s.decimals = 9;
    assert_int_equal(project_run(&s, &r, &d), -1);
    assert_contains(d.msg, "decimals must be 0 to 6");
    s.decimals = 2;
    mean[0] = NAN;
    assert_int_equal(project_run(&s, &r, &d), -1);
    assert_contains(d.msg, "not a finite number");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_identical),   cmocka_unit_test(test_progress_same_result),
        cmocka_unit_test(test_zero_noise_exact),    cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_normal_case),         cmocka_unit_test(test_slots_within_bounds),
        cmocka_unit_test(test_clamp),               cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_normal_tail),         cmocka_unit_test(test_keys),
        cmocka_unit_test(test_invalid),             cmocka_unit_test(test_shapes_identical),
        cmocka_unit_test(test_zero_noise_many),     cmocka_unit_test(test_kernel_normal_cdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
