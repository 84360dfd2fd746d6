/* sensitivity.h — uncertainty and sensitivity analysis of a rule-scored index.
 *
 * The uncertain choices of a methodology ("alternatives") each take one of a
 * few discrete values: a weight multiplier on a node, the bound of one step
 * of a thresholds leaf, a node's aggregation, or a whole variant methodology.
 * Every unit is scored and ranked under many combinations, drawn as the
 * N(d+2) design of Saltelli (2010): two independent N × d samples A and B and,
 * for each alternative i, A_B^(i) — A with column i taken from B.  Each input
 * is a discrete uniform choice among its values, drawn through the unit
 * interval (level = ⌊u · m⌋ for u uniform in [0, 1) and m values).
 *
 * From the runs: each unit's rank distribution (median, 5 % and 95 %
 * quantiles over all N(d+2) runs) and, for a scalar output, each
 * alternative's first-order index S1 (Saltelli 2010) and total index ST
 * (Jansen 1999), with percentile bootstrap intervals.
 *
 * Outputs (SENS_OUT_*):
 *   SHIFT  mean over units of |rank in the run − rank under the base
 *          methodology| (units ranked in both); always computed.
 *   RANK   one unit's rank (with SensOptions.unit).
 *   SCORE  one unit's % of the applicable maximum (with SensOptions.unit).
 *
 * What an alternative does (exactly the scorer's arithmetic otherwise, so a
 * run with every alternative at its nominal value reproduces score_run):
 *   WEIGHT       multiplier w on the node as its parent sees it: in a sum
 *                parent, its points and applicable maximum both count w times
 *                (the parent's maximum grows by (w − 1) × the node's maximum,
 *                so totals stay a share of what can be earned); in a mean or
 *                weighted-mean parent, its weight is multiplied by w.
 *   THRESHOLD    the bound of one step of a steps/schedule leaf.
 *   AGGREGATION  the node combines its parts by sum, mean or weighted mean.
 *   VARIANT      the whole methodology is replaced; the other alternatives
 *                act on the variant's node of the same code (the index's
 *                root code means each methodology's root).  A node missing
 *                from a variant is an error, never a silent skip.
 * States never change with the alternatives: a node given by the data keeps
 * its given points, a not-applicable node stays excluded.
 *
 * Runs are split among threads in blocks; every run's numbers depend only on
 * (seed, run), and per-thread counts are summed as integers, so results are
 * identical for any thread count.
 */
#ifndef CHISO_SENSITIVITY_H
#define CHISO_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "score.h"
#include "table.h"
#include "tree.h"

#define SENS_MAX_THREADS 64
#define SENS_MAX_VALUES 1000 /* values of one alternative */

typedef enum SensKind { SENS_WEIGHT = 0, SENS_THRESHOLD, SENS_AGGREGATION, SENS_VARIANT } SensKind;

typedef struct SensAlt {
    SensKind kind;
    const char *name;      /* for messages ("w_area8") */
    const char *file;      /* where it was declared, for messages */
    int line;
    const char *code;      /* the node (not VARIANT) */
    int step;              /* THRESHOLD: 1-based step of the rule; 0 = its only step with a bound */
    size_t nvalues;        /* 2 .. SENS_MAX_VALUES */
    const double *values;  /* WEIGHT: multipliers (≥ 0); THRESHOLD: bounds */
    const Aggregate *aggs; /* AGGREGATION */
    const ScoreResult *const *variants; /* VARIANT: each value's methodology scored on the same data */
} SensAlt;

enum { SENS_OUT_SHIFT = 0, SENS_OUT_RANK, SENS_OUT_SCORE, SENS_NOUT };

typedef struct SensOptions {
    size_t n;          /* base sample size N ≥ 2; runs = N(d + 2) */
    uint64_t seed;
    int threads;       /* 1 .. SENS_MAX_THREADS */
    long unit;         /* a row whose rank and score are outputs too, or -1 */
    size_t boot;       /* bootstrap resamples for the intervals of S1 and ST; 0: none */
} SensOptions;

typedef struct SensIndex {
    double s1, st;          /* NAN when the output does not vary */
    double s1_lo, s1_hi;    /* 95 % percentile bootstrap interval (NAN without) */
    double st_lo, st_hi;
} SensIndex;

typedef struct SensResult {
    size_t n, d, nruns, nunits;
    int threads;
    int *base_rank;          /* [nunits] rank under the base methodology (0: no score) */
    double *base_pct;        /* [nunits] % of the applicable maximum (NAN: no score) */
    unsigned *hist;          /* [nunits × (nunits + 1)]: runs in which unit u had rank r, at u*(nunits+1)+r (r = 0: no rank) */
    int *median, *q05, *q95; /* [nunits] rank quantiles over the runs that rank the unit (0: none) */
    double *mean_rank;       /* [nunits] (NAN: never ranked) */
    double *y[SENS_NOUT];    /* [nruns] each run's output (NULL when not asked for) */
    double mean[SENS_NOUT], var[SENS_NOUT]; /* over the 2N runs of A and B */
    SensIndex *index[SENS_NOUT];            /* [d] (NULL when not asked for) */
    unsigned short *level;   /* [nruns × d] 0-based value of each alternative in each run */
    double seconds;          /* wall time of the runs and indices */
} SensResult;

/* The design's run r: block 0 = A, 1 = B, 2 + i = A_B^(i); row j of it. */
void sens_run_block(size_t n, size_t r, size_t *block, size_t *row);

/* Fill level[nruns × d] with the N(d+2) design for inputs with m[i] values. */
void sens_design(size_t n, size_t d, const size_t *m, uint64_t seed, unsigned short *level);

/* S1 (Saltelli 2010) and ST (Jansen 1999) from outputs y laid out as the
 * design's runs: [A | B | A_B^(1) | … | A_B^(d)], N each.  With boot > 0,
 * 95 % percentile intervals from that many resamples of the N rows (a
 * generator stream per resample, from seed).  *mean, *var: over A and B. */
void sens_sobol(const double *y, size_t n, size_t d, size_t boot, uint64_t seed, SensIndex *out,
                double *mean, double *var);

/* Run the analysis.  base: the base methodology scored on data by score_run
 * (Lua-function leaves are scored there, once; the runs only re-aggregate).
 * Returns NULL with diag filled ("file:line: …" at the alternative) on an
 * alternative that names no node of a methodology, does not fit its node,
 * or on bad options. */
SensResult *sens_run(const ScoreResult *base, const Table *data, const SensAlt *alts, size_t d,
                     const SensOptions *o, Diag *diag);
void sens_free(SensResult *r);

#endif
