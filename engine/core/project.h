/* project.h — the Monte Carlo kernel of `chiso project`: many draws of a
 * table of units, each unit's score the sum of its areas plus noise, ranked
 * by competition ranking in every draw; what comes out is, per unit, the
 * distribution of its rank (a histogram, from which medians, 5–95% bands and
 * P(rank <= k) follow), how often it reached a group threshold, and its mean
 * score.
 *
 * In one draw, unit u scores
 *
 *     total[u] = offset[u] + base[u] + sum over areas a of (mean[u][a] + sd[u][a] * z)
 *
 * with z standard normal (one per area with sd > 0), and base[u] = 0 for a
 * unit whose base score is known (its known points are in mean[][]), a uniform
 * draw in [lo[u], hi[u]] for a unit whose published rank is known but whose
 * score is not (PROJECT_SLOT: the scores of its known neighbours bound it), and
 * for the units of no known rank (PROJECT_POOL) a uniform draw inside one of
 * the free slots pool_lo/pool_hi, the slots being shuffled among those units
 * afresh in every draw (which free slot an unlisted unit holds is unknown).
 * Totals are clamped into [min, max] when min < max, rounded to `decimals`
 * places (as rank_competition does) and ranked: rank = 1 + the number of units
 * strictly above.
 *
 * Reproducibility: draw i uses its own random stream rng_stream(seed, i), and
 * threads only split the draws and add integer counts, so the result for a
 * seed is identical whatever the thread count.  Inside a draw, the normal of
 * (unit u, area a) is a pure function of its position in the stream, so the
 * AVX-512 path (chosen at run time where the processor has it) and the
 * portable one give bit-identical results.  Nothing is allocated per draw.
 */
#ifndef CHISO_PROJECT_H
#define CHISO_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "rng.h"

enum {
    PROJECT_KNOWN = 0, /* base score known: it is in mean[] */
    PROJECT_SLOT = 1,  /* base drawn uniformly in [lo[u], hi[u]] */
    PROJECT_POOL = 2   /* base drawn in one of the pool slots, shuffled per draw */
};

/* Called from the calling thread about every 100 ms while the draws run:
 * done of total draws finished. */
typedef void (*ProjectProgress)(void *ud, uint64_t done, uint64_t total);

typedef struct ProjectSpec {
    size_t units;              /* U >= 1 */
    size_t areas;              /* A >= 1 (1: the total only) */
    const double *mean;        /* U*A, unit-major (mean[u*A + a]): expected points */
    const double *sd;          /* U*A, >= 0, or NULL: no noise */
    const double *offset;      /* U or NULL: added to the unit's total (a change, a trend) */
    const unsigned char *kind; /* U or NULL (all PROJECT_KNOWN) */
    const double *lo, *hi;     /* U: bounds of PROJECT_SLOT units (others ignored) */
    const double *pool_lo, *pool_hi; /* npool: one slot per PROJECT_POOL unit */
    size_t npool;              /* must equal the number of PROJECT_POOL units */
    double min, max;           /* totals clamped into [min, max] when min < max */
    int decimals;              /* places compared when ranking, 0..6 */
    double threshold;          /* count draws with total >= threshold (NAN: none) */
    uint64_t draws;            /* >= 1 */
    uint64_t seed;
    unsigned threads;          /* 0 or 1: the calling thread only */
    int portable;              /* 1: never the SIMD path (the result is the same either way) */
    ProjectProgress progress;  /* optional */
    void *progress_ud;
} ProjectSpec;

typedef struct ProjectResult {
    size_t units;
    uint64_t draws;
    int decimals;
    uint64_t *hist;    /* units × (units + 1): hist[u * (units + 1) + r], r = 1..units */
    uint64_t *above;   /* units: draws with total >= threshold (all 0 without one) */
    int64_t *key_sum;  /* units: sum over draws of the rounded total × 10^decimals */
} ProjectResult;

/* Run the draws.  Returns 0 and fills *out (free with project_result_free),
 * or -1 with a message in d for an invalid spec or when out of memory. */
int project_run(const ProjectSpec *s, ProjectResult *out, Diag *d);

void project_result_free(ProjectResult *r);

/* The q-quantile (0 < q <= 1) of unit u's rank: the smallest rank r with
 * P(rank <= r) >= q.  0 for a bad u. */
int project_rank_quantile(const ProjectResult *r, size_t u, double q);

/* P(rank <= k) of unit u. */
double project_p_rank_le(const ProjectResult *r, size_t u, int k);

/* P(total >= threshold) of unit u. */
double project_p_above(const ProjectResult *r, size_t u);

/* Mean total of unit u (of the totals as rounded for ranking). */
double project_mean(const ProjectResult *r, size_t u);

/* A standard normal from r: the kernel's 2048-layer ziggurat, a candidate
 * from each rng_u64 (one per value in 99.8% of cases).  Exposed for the
 * tests. */
double project_normal(Rng *r);

/* Whether project_run can take the SIMD path on this processor. */
int project_simd(void);

/* The key a total is ranked by: round(v × 10^decimals), half away from zero,
 * saturated to ±2^31-1 (as rank_competition rounds).  Exposed for the tests. */
int32_t project_key(double v, int decimals);

#endif
