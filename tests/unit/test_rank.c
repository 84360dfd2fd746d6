/* test_rank.c — cmocka tests of rank.c: competition ranking with rounding and
 * missing values, rank intervals on partial tables (synthetic and the real
 * PAR 2022/2023 published tables), consistency checks, and seeded property
 * tests (complete tables give exact ranks; hidden data never excludes the
 * truth). */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

#include "rank.h"

/* ---- helpers ----------------------------------------------------------- */

/* xorshift64*: a fixed, platform-independent stream for the property tests. */
static uint64_t test_rng_next(uint64_t *st)
{
    uint64_t x = *st;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *st = x;
    return x * 2685821657736338717ULL;
}

static unsigned test_rng_below(uint64_t *st, unsigned n)
{
    return (unsigned)(test_rng_next(st) >> 33) % n;
}

static RankEntry ent(double score, int rank)
{
    RankEntry e;
    e.score = score;
    e.has_score = 1;
    e.rank = rank;
    return e;
}

static RankEntry ent_rank_only(int rank)
{
    RankEntry e;
    e.score = 0.0;
    e.has_score = 0;
    e.rank = rank;
    return e;
}

static RankEntry ent_score_only(double score)
{
    return ent(score, 0);
}

static void assert_interval(const RankEntry *e, size_t n, int of, double s, int exclude,
                            int want_min, int want_max)
{
    RankInterval iv = { -1, -1, -1 };
    assert_int_equal(rank_interval(e, n, of, s, exclude, 2, &iv), 0);
    if (iv.min != want_min || iv.max != want_max)
        fail_msg("score %.4f (exclude %d): got %d-%d, want %d-%d", s, exclude, iv.min,
                 iv.max, want_min, want_max);
    assert_int_equal(iv.of, of);
}

/* ---- the real published tables ----------------------------------------- */

/* PAR INDEX 2023, every listed province as in
 * datasets/published/par_index_2023.csv (score blank → rank only). */
enum {
    P23_QUANG_NINH, P23_HAI_PHONG, P23_HA_NOI, P23_BAC_GIANG, P23_BR_VT,
    P23_THAI_NGUYEN, P23_LAO_CAI, P23_LONG_AN, P23_YEN_BAI, P23_NINH_BINH,
    P23_DA_NANG, P23_NGHE_AN, P23_HUE, P23_HAU_GIANG, P23_DAK_LAK,
    P23_NAM_DINH, P23_CA_MAU, P23_HCM, P23_QUANG_TRI, P23_CAN_THO,
    P23_KON_TUM, P23_LAM_DONG, P23_DAK_NONG, P23_PHU_YEN, P23_QUANG_NAM,
    P23_GIA_LAI, P23_BAC_LIEU, P23_BINH_THUAN, P23_SOC_TRANG, P23_AN_GIANG,
    P23_HOA_BINH, P23_N
};

static void par2023(RankEntry *e)
{
    e[P23_QUANG_NINH] = ent(92.18, 1);
    e[P23_HAI_PHONG] = ent(91.87, 2);
    e[P23_HA_NOI] = ent(91.43, 3);
    e[P23_BAC_GIANG] = ent(91.16, 4);
    e[P23_BR_VT] = ent(91.03, 5);
    e[P23_THAI_NGUYEN] = ent(90.76, 6);
    e[P23_LAO_CAI] = ent_rank_only(7);
    e[P23_LONG_AN] = ent_rank_only(8);
    e[P23_YEN_BAI] = ent(88.86, 10);
    e[P23_NINH_BINH] = ent(88.72, 11);
    e[P23_DA_NANG] = ent(88.68, 12);
    e[P23_NGHE_AN] = ent_rank_only(15);
    e[P23_HUE] = ent(88.38, 17);
    e[P23_HAU_GIANG] = ent_rank_only(19);
    e[P23_DAK_LAK] = ent_rank_only(28);
    e[P23_NAM_DINH] = ent(87.32, 29);
    e[P23_CA_MAU] = ent(86.89, 32);
    e[P23_HCM] = ent(86.97, 33);
    e[P23_QUANG_TRI] = ent(86.25, 41);
    e[P23_CAN_THO] = ent(86.15, 42);
    e[P23_KON_TUM] = ent(86.14, 43);
    e[P23_LAM_DONG] = ent_rank_only(46);
    e[P23_DAK_NONG] = ent_rank_only(51);
    e[P23_PHU_YEN] = ent(85.39, 52);
    e[P23_QUANG_NAM] = ent(84.6, 56);
    e[P23_GIA_LAI] = ent_rank_only(58);
    e[P23_BAC_LIEU] = ent_rank_only(59);
    e[P23_BINH_THUAN] = ent(81.87, 61);
    e[P23_SOC_TRANG] = ent(81.70, 62);
    e[P23_AN_GIANG] = ent(81.32, 63);
    e[P23_HOA_BINH] = ent_score_only(86.76);
}

/* PAR INDEX 2022 as in datasets/published/par_index_2022.csv; the four
 * group_only rows have neither score nor rank. */
enum {
    P22_QUANG_NINH, P22_HAI_PHONG, P22_HA_NOI, P22_BAC_GIANG, P22_DA_NANG,
    P22_LONG_AN, P22_SON_LA, P22_NGHE_AN, P22_DIEN_BIEN, P22_KHANH_HOA,
    P22_NINH_THUAN, P22_BINH_PHUOC, P22_DAK_NONG, P22_TRA_VINH, P22_DONG_NAI,
    P22_QUANG_TRI, P22_GIA_LAI, P22_PHU_YEN, P22_CAO_BANG, P22_BAC_KAN,
    P22_BAC_NINH, P22_BINH_THUAN, P22_N
};

static void par2022(RankEntry *e)
{
    e[P22_QUANG_NINH] = ent(90.1, 1);
    e[P22_HAI_PHONG] = ent(90.09, 2);
    e[P22_HA_NOI] = ent(89.58, 3);
    e[P22_BAC_GIANG] = ent(88.54, 4);
    e[P22_DA_NANG] = ent(87.54, 5);
    e[P22_LONG_AN] = ent_rank_only(8);
    e[P22_SON_LA] = ent(86.78, 13);
    e[P22_NGHE_AN] = ent_rank_only(16);
    e[P22_DIEN_BIEN] = ent(86.30, 22);
    e[P22_KHANH_HOA] = ent(86.19, 25);
    e[P22_NINH_THUAN] = ent(85.78, 29);
    e[P22_BINH_PHUOC] = ent(84.46, 29);
    e[P22_DAK_NONG] = ent(84.66, 37);
    e[P22_TRA_VINH] = ent(83.00, 50);
    e[P22_DONG_NAI] = ent(82.92, 51);
    e[P22_QUANG_TRI] = ent_rank_only(52);
    e[P22_GIA_LAI] = ent(80.35, 58);
    e[P22_PHU_YEN] = ent(75.99, 63);
    e[P22_CAO_BANG] = ent_rank_only(0);
    e[P22_BAC_KAN] = ent_rank_only(0);
    e[P22_BAC_NINH] = ent_rank_only(0);
    e[P22_BINH_THUAN] = ent_rank_only(0);
}

/* ---- rank_competition -------------------------------------------------- */

static void test_competition_1224(void **state)
{
    const double v[] = { 80.0, 90.0, 85.0, 85.0, 70.0 };
    int r[5];
    (void)state;
    rank_competition(v, NULL, 5, 0, 2, r);
    assert_int_equal(r[0], 4);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 2);
    assert_int_equal(r[3], 2);
    assert_int_equal(r[4], 5);
}

static void test_competition_all_tied(void **state)
{
    const double v[] = { 5.0, 5.0, 5.0 };
    int r[3];
    (void)state;
    rank_competition(v, NULL, 3, 0, -1, r);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 1);
}

static void test_competition_lower_is_better(void **state)
{
    const double v[] = { 3.0, 1.0, 2.0, 1.0, 7.5 };
    int r[5];
    (void)state;
    rank_competition(v, NULL, 5, 1, -1, r);
    assert_int_equal(r[0], 4);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 3);
    assert_int_equal(r[3], 1);
    assert_int_equal(r[4], 5);
}

static void test_competition_missing(void **state)
{
    const double v[] = { 80.0, 99.0, 85.0, NAN, 85.0 };
    const unsigned char miss[] = { 0, 1, 0, 0, 0 };
    int r[5] = { -1, -1, -1, -1, -1 };
    (void)state;
    rank_competition(v, miss, 5, 0, 2, r);
    assert_int_equal(r[0], 3);
    assert_int_equal(r[1], 0); /* flagged missing: its 99 must not count */
    assert_int_equal(r[2], 1);
    assert_int_equal(r[3], 0); /* NaN without a flag is missing too */
    assert_int_equal(r[4], 1);
}

static void test_competition_empty_and_all_missing(void **state)
{
    const double v[] = { 1.0, 2.0 };
    const unsigned char miss[] = { 1, 1 };
    int r[2] = { -1, -1 };
    (void)state;
    rank_competition(v, NULL, 0, 0, 2, r); /* n == 0 touches nothing */
    assert_int_equal(r[0], -1);
    rank_competition(v, miss, 2, 0, 2, r);
    assert_int_equal(r[0], 0);
    assert_int_equal(r[1], 0);
}

static void test_competition_rounding_ties(void **state)
{
    int r[2];
    (void)state;
    {
        /* 86.145 is stored as 86.14499999999999…; the decimal value rounds
         * half away from zero to 86.15, so it ties with 86.15. */
        const double v[] = { 86.145, 86.15 };
        rank_competition(v, NULL, 2, 0, 2, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 1);
        rank_competition(v, NULL, 2, 0, -1, r); /* exact: 86.15 is better */
        assert_int_equal(r[0], 2);
        assert_int_equal(r[1], 1);
    }
    {
        /* 86.144999 → 86.14 but 86.145 → 86.15 at two places; both → 86.145
         * at three. */
        const double v[] = { 86.144999, 86.145 };
        rank_competition(v, NULL, 2, 0, 2, r);
        assert_int_equal(r[0], 2);
        assert_int_equal(r[1], 1);
        rank_competition(v, NULL, 2, 0, 3, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 1);
    }
    {
        /* Computed totals differing by binary noise tie as published. */
        const double v[] = { 0.1 + 0.2, 0.3 };
        rank_competition(v, NULL, 2, 0, 2, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 1);
        rank_competition(v, NULL, 2, 0, -1, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 2);
    }
    {
        /* Half away from zero on the negative side too: -1.005 → -1.01. */
        const double v[] = { -1.005, -1.01 };
        rank_competition(v, NULL, 2, 0, 2, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 1);
    }
    {
        /* decimals 0: 2.5 → 3 ties with 3.4; 2.4999 → 2 does not. */
        const double v[] = { 2.5, 3.4 };
        const double w[] = { 2.4999, 3.4 };
        rank_competition(v, NULL, 2, 0, 0, r);
        assert_int_equal(r[0], 1);
        assert_int_equal(r[1], 1);
        rank_competition(w, NULL, 2, 0, 0, r);
        assert_int_equal(r[0], 2);
        assert_int_equal(r[1], 1);
    }
}

static void test_competition_infinities(void **state)
{
    const double v[] = { -INFINITY, 1.0, INFINITY, INFINITY };
    int r[4];
    (void)state;
    rank_competition(v, NULL, 4, 0, 2, r);
    assert_int_equal(r[0], 4);
    assert_int_equal(r[1], 3);
    assert_int_equal(r[2], 1);
    assert_int_equal(r[3], 1);
}

/* Against a brute-force count, and independent of input order. */
static void test_competition_matches_brute_force(void **state)
{
    enum { N = 1500 };
    static double v[N], w[N];
    static unsigned char miss[N];
    static int r[N], rw[N];
    static size_t perm[N];
    uint64_t st = 0x5eed1234abcdULL;
    size_t i, j;
    (void)state;
    for (i = 0; i < N; i++) {
        v[i] = 60.0 + test_rng_below(&st, 400) * 0.1; /* many ties */
        miss[i] = test_rng_below(&st, 10) == 0;
        perm[i] = i;
    }
    rank_competition(v, miss, N, 0, 1, r);
    for (i = 0; i < N; i++) {
        int better = 0;
        if (miss[i]) {
            assert_int_equal(r[i], 0);
            continue;
        }
        for (j = 0; j < N; j++)
            if (!miss[j] && round(v[j] * 10) > round(v[i] * 10))
                better++;
        assert_int_equal(r[i], better + 1);
    }
    /* Fisher–Yates shuffle; every value keeps its rank. */
    for (i = N - 1; i > 0; i--) {
        size_t k = test_rng_below(&st, (unsigned)(i + 1)), t = perm[i];
        perm[i] = perm[k];
        perm[k] = t;
    }
    {
        static unsigned char mw[N];
        for (i = 0; i < N; i++) {
            w[i] = v[perm[i]];
            mw[i] = miss[perm[i]];
        }
        rank_competition(w, mw, N, 0, 1, rw);
        for (i = 0; i < N; i++)
            assert_int_equal(rw[i], r[perm[i]]);
    }
}

static void test_competition_large(void **state)
{
    enum { N = 200000 };
    double *v = malloc(N * sizeof *v);
    int *r = malloc(N * sizeof *r);
    uint64_t st = 42;
    size_t i, ones = 0;
    (void)state;
    assert_non_null(v);
    assert_non_null(r);
    for (i = 0; i < N; i++)
        v[i] = (double)test_rng_below(&st, 1000);
    rank_competition(v, NULL, N, 0, 0, r);
    for (i = 0; i < N; i++) {
        ones += r[i] == 1;
        if (v[i] == 999.0)
            assert_int_equal(r[i], 1);
        assert_in_range(r[i], 1, N);
    }
    assert_true(ones > 0);
    free(v);
    free(r);
}

/* ---- rank_interval: synthetic ------------------------------------------ */

static void test_interval_exact_neighbours(void **state)
{
    const RankEntry e[] = { ent(90, 1), ent(85, 2), ent(80, 3), ent(75, 4) };
    (void)state;
    assert_interval(e, 4, 4, 87.0, -1, 2, 2);
    assert_interval(e, 4, 4, 82.5, -1, 3, 3);
    assert_interval(e, 4, 4, 90.01, -1, 1, 1); /* above the top */
    assert_interval(e, 4, 4, 60.0, -1, 4, 4);  /* 5th of 4: clamped */
    assert_interval(e, 4, 4, 85.0, -1, 2, 2);  /* equal: shares the rank */
    /* The unit at rank 2 asking about other scores of its own. */
    assert_interval(e, 4, 4, 95.0, 1, 1, 1);
    assert_interval(e, 4, 4, 85.0, 1, 2, 2);
    assert_interval(e, 4, 4, 78.0, 1, 3, 3);
    assert_interval(e, 4, 4, 70.0, 1, 4, 4);
}

static void test_interval_unknown_stretch(void **state)
{
    /* Ranks 1 and 5 known of 10: slots 2–4 lie in (80, 90), slots 6–10
     * below 80. */
    const RankEntry e[] = { ent(90, 1), ent(80, 5) };
    (void)state;
    assert_interval(e, 2, 10, 85.0, -1, 2, 5);  /* slots 2–4 may be above or below */
    assert_interval(e, 2, 10, 91.0, -1, 1, 1);
    assert_interval(e, 2, 10, 90.0, -1, 1, 1);
    assert_interval(e, 2, 10, 80.0, -1, 5, 5);  /* ties rank 5: 2–4 are above 80 */
    assert_interval(e, 2, 10, 79.0, -1, 6, 10); /* slots 6–10 may be above */
    assert_interval(e, 2, 10, 0.0, -1, 6, 10);  /* below everything: up to the bottom */
}

static void test_interval_top_unknown(void **state)
{
    /* The best three are not published. */
    const RankEntry e[] = { ent(88, 4), ent(86, 5) };
    (void)state;
    assert_interval(e, 2, 20, 99.0, -1, 1, 4);
    assert_interval(e, 2, 20, 88.0, -1, 4, 4);
    assert_interval(e, 2, 20, 87.0, -1, 5, 5);
}

static void test_interval_bottom_known(void **state)
{
    const RankEntry e[] = { ent(90, 1), ent(70, 10) };
    (void)state;
    assert_interval(e, 2, 10, 69.0, -1, 10, 10); /* below the last: 11th → 10 */
    assert_interval(e, 2, 10, 70.0, -1, 10, 10);
    assert_interval(e, 2, 10, 75.0, -1, 2, 10);
}

static void test_interval_rank_only_entries(void **state)
{
    /* Rank 3 has no score: it lies strictly between 90 (2) and 80 (4). */
    const RankEntry e[] = { ent(95, 1), ent(90, 2), ent_rank_only(3), ent(80, 4) };
    (void)state;
    assert_interval(e, 4, 4, 85.0, -1, 3, 4);
    assert_interval(e, 4, 4, 80.0, -1, 4, 4);
    assert_interval(e, 4, 4, 90.0, -1, 2, 2);
    /* Rank-only entry tied with a scored one shares its score exactly. */
    {
        const RankEntry t[] = { ent(95, 1), ent(90, 2), ent_rank_only(2), ent(80, 4) };
        assert_interval(t, 4, 4, 92.0, -1, 2, 2);
        assert_interval(t, 4, 4, 85.0, -1, 4, 4);
    }
}

static void test_interval_ties_in_table(void **state)
{
    /* 90, 85, 85, 80: the tie at 2 holds slots 2–3. */
    const RankEntry e[] = { ent(90, 1), ent(85, 2), ent(85, 2), ent(80, 4) };
    (void)state;
    assert_interval(e, 4, 4, 85.0, -1, 2, 2);
    assert_interval(e, 4, 4, 84.0, -1, 4, 4);
    assert_interval(e, 4, 4, 84.0, 1, 3, 3); /* one of the tie drops to 3rd */
    /* A listed tie of two at rank 2 of 10 with the next listed at 6:
     * slots 4–5 are at most 85 (a third tied unit is possible). */
    {
        const RankEntry t[] = { ent(90, 1), ent(85, 2), ent(85, 2), ent(80, 6) };
        assert_interval(t, 4, 10, 85.0, -1, 2, 2);
        assert_interval(t, 4, 10, 84.0, -1, 4, 6);
    }
}

static void test_interval_unranked_scored(void **state)
{
    /* 90 (1), 80 (5) of 10, plus an unranked 85 that takes one of slots 2–4. */
    const RankEntry e[] = { ent(90, 1), ent(80, 5), ent_score_only(85) };
    (void)state;
    assert_interval(e, 3, 10, 86.0, -1, 2, 4);  /* 85 is below; two free slots */
    assert_interval(e, 3, 10, 84.0, -1, 3, 5);  /* 85 certainly above */
    assert_interval(e, 3, 10, 85.0, -1, 2, 4);  /* equal to 85: not above */
    assert_interval(e, 3, 10, 79.0, -1, 6, 10);
    /* Excluded, the unranked unit's slot is removed: 90 and two unknowns. */
    assert_interval(e, 3, 10, 86.0, 2, 2, 4);
    assert_interval(e, 3, 10, 95.0, 2, 1, 1);
    assert_interval(e, 3, 10, 80.0, 2, 4, 4); /* 90 and the two unknowns above */
}

static void test_interval_exclude(void **state)
{
    /* Complete table of 5; each unit asking about its own score gets its own
     * rank, and moving it shifts only what it passes. */
    const RankEntry e[] = { ent(91, 1), ent(88, 2), ent(85, 3), ent(82, 4), ent(79, 5) };
    size_t i;
    (void)state;
    for (i = 0; i < 5; i++)
        assert_interval(e, 5, 5, e[i].score, (int)i, e[i].rank, e[i].rank);
    assert_interval(e, 5, 5, 89.0, 3, 2, 2); /* 4th overtakes 88 */
    assert_interval(e, 5, 5, 78.0, 0, 5, 5); /* 1st falls to the bottom */
    assert_interval(e, 5, 5, 80.0, 0, 4, 4); /* still above 79 */
    assert_interval(e, 5, 5, 86.0, 0, 2, 2);
    /* Without exclude the old 88 still counts. */
    assert_interval(e, 5, 5, 86.0, -1, 3, 3);
}

static void test_interval_exclude_unscored_unranked(void **state)
{
    /* An excluded entry with neither rank nor score leaves one free slot
     * empty, anywhere: the interval widens by one. */
    const RankEntry e[] = { ent(90, 1), ent(80, 4), ent_rank_only(0) };
    (void)state;
    /* Of 5: slots 2–3 in (80, 90), slot 5 below 80; 2 unknown others. */
    assert_interval(e, 3, 5, 85.0, 2, 2, 4);
    assert_interval(e, 3, 5, 79.0, 2, 4, 5);
    assert_interval(e, 3, 5, 85.0, -1, 2, 4);
    assert_interval(e, 3, 5, 79.0, -1, 5, 5);
}

static void test_interval_errors(void **state)
{
    const RankEntry e[] = { ent(90, 1), ent(80, 2) };
    RankInterval iv;
    (void)state;
    assert_int_equal(rank_interval(e, 2, 1, 85.0, -1, 2, &iv), -1); /* of < n */
    assert_int_equal(rank_interval(e, 2, 0, 85.0, -1, 2, &iv), -1);
    assert_int_equal(rank_interval(e, 2, 5, 85.0, 2, 2, &iv), -1);  /* exclude ≥ n */
    assert_int_equal(rank_interval(e, 2, 5, 85.0, -2, 2, &iv), -1);
    assert_int_equal(rank_interval(e, 2, 5, NAN, -1, 2, &iv), -1);
    assert_int_equal(rank_interval(e, 2, 5, 85.0, -1, 2, NULL), -1);
    assert_int_equal(rank_interval(NULL, 1, 5, 85.0, -1, 2, &iv), -1);
    /* An empty table: anything between 1 and of. */
    assert_int_equal(rank_interval(NULL, 0, 5, 85.0, -1, 2, &iv), 0);
    assert_int_equal(iv.min, 1);
    assert_int_equal(iv.max, 5);
}

static void test_interval_rounding(void **state)
{
    const RankEntry e[] = { ent(86.15, 1), ent(80, 2) };
    RankInterval iv;
    (void)state;
    /* 86.145 ties 86.15 at two places (shares rank 1), not exactly. */
    assert_int_equal(rank_interval(e, 2, 2, 86.145, -1, 2, &iv), 0);
    assert_int_equal(iv.min, 1);
    assert_int_equal(iv.max, 1);
    assert_int_equal(rank_interval(e, 2, 2, 86.145, -1, -1, &iv), 0);
    assert_int_equal(iv.min, 2);
    assert_int_equal(iv.max, 2);
}

/* Inconsistent or malformed data: no crash, and 1 <= min <= max <= of. */
static void test_interval_bad_data(void **state)
{
    const RankEntry e[] = {
        ent(80, 1), ent(90, 2),          /* order reversed */
        ent(85, 3), ent(70, 3),          /* one rank, two scores */
        ent(60, 99), ent(50, -4),        /* out of range */
        ent(88, 5), ent(88, 5), ent(88, 5), ent(87, 6), /* crowded */
        ent_score_only(95), ent_score_only(95), ent_score_only(40),
        ent_rank_only(0), ent(NAN, 7),
    };
    const size_t n = sizeof e / sizeof e[0];
    int s10, x;
    (void)state;
    for (x = -1; x < (int)n; x++) {
        for (s10 = 300; s10 <= 1100; s10 += 5) {
            RankInterval iv;
            assert_int_equal(rank_interval(e, n, 15, s10 / 10.0, x, 2, &iv), 0);
            assert_in_range(iv.min, 1, 15);
            assert_in_range(iv.max, iv.min, 15);
        }
    }
}

/* ---- rank_interval: real PAR 2023 -------------------------------------- */

static void test_interval_par2023_87(void **state)
{
    RankEntry e[P23_N];
    (void)state;
    par2023(e);
    /* 87.0 between Nam Định 87.32 (29) and TP.HCM 86.97 (33) → 30–32.
     * Certainly above 87.0 (29 units):
     *  - 11 listed scores above it: ranks 1–6, 10, 11, 12, 17, 29;
     *  - 5 rank-only entries (7, 8, 15, 19, 28): each has a better rank than
     *    Nam Định, so a score strictly above 87.32;
     *  - 13 free slots (9, 13, 14, 16, 18, 20–27), each above a known score
     *    of at least 87.32.
     * Possibly above: the 2 free slots 30–31, bounded by Nam Định 87.32 above
     * and Cà Mau 86.89 below, so either side of 87.0 → at most 31 above.
     * Cà Mau 86.89, TP.HCM 86.97 and the unranked Hòa Bình 86.76 are below;
     * the free slots from 34 on are at most 86.97. */
    assert_interval(e, P23_N, 63, 87.0, -1, 30, 32);
    /* Same for a listed unit moving there, e.g. Hòa Bình (unranked). */
    assert_interval(e, P23_N, 63, 87.0, P23_HOA_BINH, 30, 32);
}

static void test_interval_par2023_more(void **state)
{
    RankEntry e[P23_N];
    (void)state;
    par2023(e);
    assert_interval(e, P23_N, 63, 92.5, -1, 1, 1);   /* above Quảng Ninh */
    assert_interval(e, P23_N, 63, 92.18, -1, 1, 1);  /* ties Quảng Ninh */
    assert_interval(e, P23_N, 63, 80.0, -1, 63, 63); /* below An Giang: bottom */
    assert_interval(e, P23_N, 63, 88.86, -1, 10, 10); /* ties Yên Bái */
    /* Between Thái Nguyên 90.76 (6) and Yên Bái 88.86 (10): Lào Cai, Long
     * An and free slot 9 all lie in (88.86, 90.76). */
    assert_interval(e, P23_N, 63, 89.5, -1, 7, 10);
    /* Yên Bái itself at 88.70: below Ninh Bình 88.72, above Đà Nẵng 88.68. */
    assert_interval(e, P23_N, 63, 88.70, P23_YEN_BAI, 11, 11);
    assert_interval(e, P23_N, 63, 88.86, P23_YEN_BAI, 10, 10);
    /* Kon Tum (43, 86.14) asking for 86.20: passes Cần Thơ 86.15 only. */
    assert_interval(e, P23_N, 63, 86.20, P23_KON_TUM, 42, 42);
    /* Between the inconsistent pair: above Cà Mau 86.89, below TP.HCM 86.97.
     * The free slots 34–40 are bounded by TP.HCM's 86.97 above, so they may
     * be above 86.93: the interval is wide but valid. */
    {
        RankInterval iv;
        assert_int_equal(rank_interval(e, P23_N, 63, 86.93, -1, 2, &iv), 0);
        assert_int_equal(iv.min, 31);
        assert_int_equal(iv.max, 39);
    }
}

/* Bounds never cross and move the right way as the score rises. */
static void test_interval_monotone_on_real_tables(void **state)
{
    RankEntry a[P23_N], b[P22_N];
    int k, prev_min, prev_max;
    (void)state;
    par2023(a);
    par2022(b);
    prev_min = prev_max = 63;
    for (k = 7000; k <= 9500; k++) {
        RankInterval iv;
        assert_int_equal(rank_interval(a, P23_N, 63, k / 100.0, -1, 2, &iv), 0);
        assert_in_range(iv.min, 1, 63);
        assert_in_range(iv.max, iv.min, 63);
        assert_true(iv.min <= prev_min);
        assert_true(iv.max <= prev_max);
        prev_min = iv.min;
        prev_max = iv.max;
    }
    prev_min = prev_max = 63;
    for (k = 7000; k <= 9500; k++) {
        RankInterval iv;
        assert_int_equal(rank_interval(b, P22_N, 63, k / 100.0, -1, 2, &iv), 0);
        assert_in_range(iv.min, 1, 63);
        assert_in_range(iv.max, iv.min, 63);
        assert_true(iv.min <= prev_min);
        assert_true(iv.max <= prev_max);
        prev_min = iv.min;
        prev_max = iv.max;
    }
}

/* ---- rank_check --------------------------------------------------------- */

static void test_check_consistent(void **state)
{
    /* A tie holding slots 2–3, a rank-only unit at 4, and an unranked 82
     * that fits the free slots 5–6 between 85 and 80. */
    const RankEntry e[] = { ent(90, 1), ent(85, 2), ent(85, 2), ent_rank_only(4),
                            ent(80, 7), ent_score_only(82) };
    static RankIssue dummy;
    RankIssue *is = &dummy; /* must come back NULL */
    (void)state;
    assert_int_equal(rank_check(e, 6, 10, 2, &is), 0);
    assert_null(is);
    /* Empty and invalid tables. */
    is = &dummy;
    assert_int_equal(rank_check(NULL, 0, 63, 2, &is), 0);
    assert_null(is);
    assert_int_equal(rank_check(NULL, 1, 63, 2, &is), -1);
}

static void test_check_each_kind(void **state)
{
    const RankEntry e[] = {
        ent(80, 1),        /* 0: ORDER against 1 */
        ent(90, 2),        /* 1 */
        ent(75, 3),        /* 2: TIE_SCORE with 3 */
        ent(74, 3),        /* 3 */
        ent(70, 6),        /* 4: TIE_SPLIT with 5 */
        ent(70, 7),        /* 5 */
        ent(60, 9),        /* 6: CROWDED (3 at 9, next 11) */
        ent(60, 9),        /* 7 */
        ent(60, 9),        /* 8 */
        ent(50, 11),       /* 9 */
        ent(40, 13),       /* 10: RANGE (of 12) */
        ent_score_only(99) /* 11: NO_SLOT: nothing free above 80/90 */
    };
    RankIssue *is = NULL;
    long k;
    (void)state;
    k = rank_check(e, 12, 12, 2, &is);
    assert_int_equal(k, 6);
    assert_non_null(is);
    assert_int_equal(is[0].kind, RANK_ISSUE_ORDER);
    assert_int_equal(is[0].a, 0);
    assert_int_equal(is[0].b, 1);
    assert_int_equal(is[1].kind, RANK_ISSUE_TIE_SPLIT);
    assert_int_equal(is[1].a, 4);
    assert_int_equal(is[1].b, 5);
    assert_int_equal(is[2].kind, RANK_ISSUE_TIE_SCORE);
    assert_int_equal(is[2].a, 2);
    assert_int_equal(is[2].b, 3);
    assert_int_equal(is[3].kind, RANK_ISSUE_RANGE);
    assert_int_equal(is[3].a, 10);
    assert_int_equal(is[4].kind, RANK_ISSUE_NO_SLOT);
    assert_int_equal(is[4].a, 11);
    assert_int_equal(is[5].kind, RANK_ISSUE_CROWDED);
    assert_int_equal(is[5].a, 6);
    assert_int_equal(is[5].b, 9);
    free(is);
    /* Count only. */
    assert_int_equal(rank_check(e, 12, 12, 2, NULL), 6);
}

static void test_check_pairs_once_and_order(void **state)
{
    /* Scores rising with rank: every pair disagrees, once, better rank first. */
    const RankEntry e[] = { ent(70, 3), ent(60, 1), ent(65, 2) };
    RankIssue *is = NULL;
    (void)state;
    assert_int_equal(rank_check(e, 3, 3, 2, &is), 3);
    assert_int_equal(is[0].kind, RANK_ISSUE_ORDER);
    assert_int_equal(is[0].a, 1);
    assert_int_equal(is[0].b, 0);
    assert_int_equal(is[1].a, 1);
    assert_int_equal(is[1].b, 2);
    assert_int_equal(is[2].a, 2);
    assert_int_equal(is[2].b, 0);
    free(is);
}

static void test_check_crowded_and_range_edges(void **state)
{
    /* A tie of 3 at rank 4 of 5 runs past the table. */
    const RankEntry e[] = { ent(9, 4), ent(9, 4), ent(9, 4), ent(10, 0) };
    RankIssue *is = NULL;
    (void)state;
    assert_int_equal(rank_check(e, 4, 5, 2, &is), 1);
    assert_int_equal(is[0].kind, RANK_ISSUE_CROWDED);
    assert_int_equal(is[0].a, 0);
    assert_int_equal(is[0].b, 0);
    free(is);
    {
        const RankEntry r[] = { ent_rank_only(-1), ent_rank_only(6) };
        assert_int_equal(rank_check(r, 2, 5, 2, &is), 2);
        assert_int_equal(is[0].kind, RANK_ISSUE_RANGE);
        assert_int_equal(is[0].a, 0);
        assert_int_equal(is[1].kind, RANK_ISSUE_RANGE);
        assert_int_equal(is[1].a, 1);
        free(is);
    }
    /* Rounding: 86.145 and 86.15 tie at two places; at rank 1 and 2 that is
     * a split tie. */
    {
        const RankEntry t[] = { ent(86.15, 1), ent(86.145, 2) };
        assert_int_equal(rank_check(t, 2, 2, 2, &is), 1);
        assert_int_equal(is[0].kind, RANK_ISSUE_TIE_SPLIT);
        free(is);
        assert_int_equal(rank_check(t, 2, 2, -1, &is), 0);
    }
}

static void test_check_tie_with_unranked(void **state)
{
    /* An unranked 85 equal to the rank-2 group may take the slot right after
     * it (a third tied unit), but not a slot after a rank-only unit. */
    const RankEntry ok[] = { ent(90, 1), ent(85, 2), ent_score_only(85), ent(80, 4) };
    const RankEntry bad[] = { ent(90, 1), ent(85, 2), ent_rank_only(3), ent_score_only(85),
                              ent(80, 5) };
    RankIssue *is = NULL;
    (void)state;
    assert_int_equal(rank_check(ok, 4, 4, 2, &is), 0);
    assert_int_equal(rank_check(bad, 5, 5, 2, &is), 1);
    assert_int_equal(is[0].kind, RANK_ISSUE_NO_SLOT);
    assert_int_equal(is[0].a, 3);
    free(is);
}

static void test_check_par2023(void **state)
{
    RankEntry e[P23_N];
    RankIssue *is = NULL;
    (void)state;
    par2023(e);
    /* The only disagreement: Cà Mau 86.89 at 32 above TP.HCM 86.97 at 33
     * (README conflict 5).  Hòa Bình's unranked 86.76 fits slots 34–40. */
    assert_int_equal(rank_check(e, P23_N, 63, 2, &is), 1);
    assert_int_equal(is[0].kind, RANK_ISSUE_ORDER);
    assert_int_equal(is[0].a, P23_CA_MAU);
    assert_int_equal(is[0].b, P23_HCM);
    free(is);
}

static void test_check_par2022(void **state)
{
    RankEntry e[P22_N];
    RankIssue *is = NULL;
    (void)state;
    par2022(e);
    /* Bình Phước 84.46 at 29 (README conflict 6): it shares rank 29 with
     * Ninh Thuận's 85.78, and is below Đắk Nông's 84.66 at 37. */
    assert_int_equal(rank_check(e, P22_N, 63, 2, &is), 2);
    assert_int_equal(is[0].kind, RANK_ISSUE_ORDER);
    assert_int_equal(is[0].a, P22_BINH_PHUOC);
    assert_int_equal(is[0].b, P22_DAK_NONG);
    assert_int_equal(is[1].kind, RANK_ISSUE_TIE_SCORE);
    assert_int_equal(is[1].a, P22_NINH_THUAN);
    assert_int_equal(is[1].b, P22_BINH_PHUOC);
    free(is);
}

/* ---- property tests ----------------------------------------------------- */

/* A random complete table of n units with many ties (0.5-point grid). */
static void random_table(uint64_t *st, size_t n, double *v, int *r)
{
    size_t i;
    for (i = 0; i < n; i++)
        v[i] = 70.0 + test_rng_below(st, 40) * 0.5;
    rank_competition(v, NULL, n, 0, 2, r);
}

/* 1 + the number of units other than `skip` strictly above s, clamped. */
static int true_rank(const double *v, size_t n, size_t skip, double s)
{
    size_t i;
    int above = 0;
    for (i = 0; i < n; i++)
        if (i != skip && v[i] > s)
            above++;
    return above + 1 > (int)n ? (int)n : above + 1;
}

/* All entries known: the interval is the exact rank, for every unit's own
 * score (with exclude, and inserted without) and for random scores. */
static void test_property_complete_tables_exact(void **state)
{
    enum { MAXN = 70 };
    double v[MAXN];
    int r[MAXN];
    RankEntry e[MAXN];
    uint64_t st = 0xc0ffee;
    int trial;
    (void)state;
    for (trial = 0; trial < 300; trial++) {
        size_t n = 1 + test_rng_below(&st, MAXN), i;
        RankIssue *is = NULL;
        random_table(&st, n, v, r);
        for (i = 0; i < n; i++)
            e[i] = ent(v[i], r[i]);
        assert_int_equal(rank_check(e, n, (int)n, 2, &is), 0);
        for (i = 0; i < n; i++) {
            RankInterval iv;
            double s = 69.0 + test_rng_below(&st, 90) * 0.25;
            assert_int_equal(rank_interval(e, n, (int)n, v[i], (int)i, 2, &iv), 0);
            assert_int_equal(iv.min, r[i]);
            assert_int_equal(iv.max, r[i]);
            assert_int_equal(rank_interval(e, n, (int)n, v[i], -1, 2, &iv), 0);
            assert_int_equal(iv.min, r[i]);
            assert_int_equal(iv.max, r[i]);
            assert_int_equal(rank_interval(e, n, (int)n, s, (int)i, 2, &iv), 0);
            assert_int_equal(iv.min, true_rank(v, n, i, s));
            assert_int_equal(iv.max, iv.min);
            assert_int_equal(rank_interval(e, n, (int)n, s, -1, 2, &iv), 0);
            assert_int_equal(iv.min, true_rank(v, n, (size_t)-1, s));
            assert_int_equal(iv.max, iv.min);
        }
    }
}

/* Hide parts of a random complete table: no issue is reported and the true
 * rank always lies inside the interval. */
static void test_property_partial_tables_sound(void **state)
{
    enum { MAXN = 70 };
    double v[MAXN];
    int r[MAXN];
    RankEntry e[MAXN];
    size_t unit_of[MAXN];
    uint64_t st = 0xfeedbeef;
    int trial;
    (void)state;
    for (trial = 0; trial < 400; trial++) {
        size_t n = 1 + test_rng_below(&st, MAXN), i, m = 0;
        int q;
        random_table(&st, n, v, r);
        for (i = 0; i < n; i++) {
            switch (test_rng_below(&st, 5)) {
            case 0: /* unlisted */
                break;
            case 1:
                e[m] = ent_rank_only(r[i]);
                unit_of[m++] = i;
                break;
            case 2:
                e[m] = ent_score_only(v[i]);
                unit_of[m++] = i;
                break;
            case 3:
                e[m] = ent_rank_only(0); /* listed with nothing (group only) */
                unit_of[m++] = i;
                break;
            default:
                e[m] = ent(v[i], r[i]);
                unit_of[m++] = i;
                break;
            }
        }
        if (rank_check(e, m, (int)n, 2, NULL) != 0)
            fail_msg("trial %d: a consistent partial table reported issues", trial);
        for (q = 0; q < 30; q++) {
            RankInterval iv;
            double s = 69.0 + test_rng_below(&st, 90) * 0.25;
            int x = m ? (int)test_rng_below(&st, (unsigned)m + 1) - 1 : -1;
            size_t skip = x < 0 ? (size_t)-1 : unit_of[x];
            int t = true_rank(v, n, skip, s);
            assert_int_equal(rank_interval(e, m, (int)n, s, x, 2, &iv), 0);
            if (t < iv.min || t > iv.max)
                fail_msg("trial %d: score %.2f exclude %d: truth %d outside %d-%d", trial, s,
                         x, t, iv.min, iv.max);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_competition_1224),
        cmocka_unit_test(test_competition_all_tied),
        cmocka_unit_test(test_competition_lower_is_better),
        cmocka_unit_test(test_competition_missing),
        cmocka_unit_test(test_competition_empty_and_all_missing),
        cmocka_unit_test(test_competition_rounding_ties),
        cmocka_unit_test(test_competition_infinities),
        cmocka_unit_test(test_competition_matches_brute_force),
        cmocka_unit_test(test_competition_large),
        cmocka_unit_test(test_interval_exact_neighbours),
        cmocka_unit_test(test_interval_unknown_stretch),
        cmocka_unit_test(test_interval_top_unknown),
        cmocka_unit_test(test_interval_bottom_known),
        cmocka_unit_test(test_interval_rank_only_entries),
        cmocka_unit_test(test_interval_ties_in_table),
        cmocka_unit_test(test_interval_unranked_scored),
        cmocka_unit_test(test_interval_exclude),
        cmocka_unit_test(test_interval_exclude_unscored_unranked),
        cmocka_unit_test(test_interval_errors),
        cmocka_unit_test(test_interval_rounding),
        cmocka_unit_test(test_interval_bad_data),
        cmocka_unit_test(test_interval_par2023_87),
        cmocka_unit_test(test_interval_par2023_more),
        cmocka_unit_test(test_interval_monotone_on_real_tables),
        cmocka_unit_test(test_check_consistent),
        cmocka_unit_test(test_check_each_kind),
        cmocka_unit_test(test_check_pairs_once_and_order),
        cmocka_unit_test(test_check_crowded_and_range_edges),
        cmocka_unit_test(test_check_tie_with_unranked),
        cmocka_unit_test(test_check_par2023),
        cmocka_unit_test(test_check_par2022),
        cmocka_unit_test(test_property_complete_tables_exact),
        cmocka_unit_test(test_property_partial_tables_sound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
