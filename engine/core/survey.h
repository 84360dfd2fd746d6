/* survey.h — respondent-level satisfaction surveys (SIPAS): rates per unit,
 * per question, per element and overall, from a CSV file with one row per
 * respondent, streamed (no table of all rows is ever built).
 *
 * Definitions (all "weighted" sums use the sample weight, 1 without one):
 *   answered[u][q]  = Σ weight of respondents of unit u who answered q
 *   satisfied[u][q] = Σ weight of those whose answer is in satisfied lo..hi
 *   rate[u][q]      = satisfied / answered × 100; NAN (no rate) when nobody
 *                     in the unit answered q
 *   element, formula "mean":   mean of its questions' rates, skipping
 *                              questions without a rate
 *            formula "pooled": all its answers pooled: Σ satisfied / Σ answered × 100
 *   index,   formula "mean":          mean of the element rates
 *            formula "weighted_mean": Σ w·element / Σ w over the elements
 *            formula "pooled":        every answer pooled, as above
 *   (elements without a rate are skipped by the means; NAN when none is left)
 *   rank = competition ranking of the index, compared at `decimals` places.
 *
 * Cells: an answer is a whole number on the scale, written "4" (fast path),
 * " 4 ", "4.0" or "4,0"; an empty cell and the missing-value tokens of
 * number.h (NA, N/A, #N/A, -, –, —) are "not answered"; anything else is an
 * error "file:line: column 'q07': …".  A weight is any finite number >= 0 in
 * the file's number style (a ';' file or decimal_comma: Vietnamese style); an
 * empty, negative or non-numeric weight is an error.  A declared weight
 * column that the file lacks means unweighted (SurveyResult.weighted = 0).
 * Rows whose every field is empty (what spreadsheets leave below the data)
 * are skipped.
 *
 * Units: each distinct spelling of the unit cell is resolved once (a small
 * hash on the exact bytes), through a Units registry, a callback, or neither
 * (then every distinct spelling is its own unit).  Result units are those
 * present in the file, ordered by the resolver's index (the registry's order);
 * without a resolver, by first appearance.
 *
 * Bootstrap (draws > 0): answers are kept, one byte each plus the weight,
 * and each unit's respondents are resampled with Poisson(1) counts (drawn
 * from 21-bit uniforms: each probability within 2^-21 of Poisson(1)), B
 * times.  The counts of unit u (its index in the result) in draw b come from
 * rng stream (u << 32 | b) of the seed, so results depend on the seed and the
 * data only, never on the number of threads.  Each draw is ranked
 * (competition ranking); per unit the result holds the 2.5 and 97.5
 * percentiles of the index and of the rank (linear interpolation between
 * order statistics, "type 7"; rank bounds rounded outwards to whole ranks).
 * Draws in which a unit has no index (nobody resampled answered anything) are
 * left out of that unit's percentiles; with fewer than half the draws left,
 * the unit has no interval.  SURVEY_DEFAULT_DRAWS = 1000: for 1,000,000
 * respondents (22 answers each) about 2.8 s on 2 threads, 4.7 s on one.
 */
#ifndef CHISO_SURVEY_H
#define CHISO_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "units.h"

#define SURVEY_DEFAULT_DRAWS 1000
#define SURVEY_MAX_QUESTIONS 4096
#define SURVEY_MAX_THREADS 64

typedef enum SurveyElementFormula { SURVEY_EL_MEAN = 0, SURVEY_EL_POOLED } SurveyElementFormula;
typedef enum SurveyIndexFormula { SURVEY_IX_MEAN = 0, SURVEY_IX_WMEAN, SURVEY_IX_POOLED } SurveyIndexFormula;

typedef struct SurveyElement {
    char *code, *name;
    double weight;      /* for SURVEY_IX_WMEAN */
    size_t *q;          /* indices into SurveySpec.questions */
    size_t nq;
} SurveyElement;

typedef struct SurveySpec {
    char *unit_column;
    char *weight_column;   /* NULL: unweighted */
    char *unit_word;       /* "province" in messages ("unknown province 'X'") */
    int scale_lo, scale_hi;        /* answers are whole numbers in lo..hi (0..255) */
    int sat_lo, sat_hi;            /* satisfied: lo..hi, inside the scale */
    SurveyElementFormula element_formula;
    SurveyIndexFormula index_formula;
    int decimals;                  /* ranking compares the index at this many places */
    SurveyElement *elements;
    size_t nelements, cap_el;
    char **questions;              /* distinct question columns, in first-use order */
    size_t nquestions, cap_q;
} SurveySpec;

/* A spec with the defaults: scale 1..5, satisfied 4..5, mean/mean, decimals 2,
 * unit word "unit".  weight_column may be NULL.  NULL when out of memory. */
SurveySpec *survey_spec_new(const char *unit_column, const char *weight_column);
void survey_spec_free(SurveySpec *s);

/* Set the word used for units in messages (copied); 0 or -1 when out of memory. */
int survey_spec_unit_word(SurveySpec *s, const char *word);

/* Add an element asking the given question columns (strings copied; a
 * question may belong to several elements).  Returns its index, or -1 with d
 * filled (no code, duplicate code, no questions, a question listed twice in
 * the element, out of memory). */
int survey_spec_add_element(SurveySpec *s, const char *code, const char *name, double weight,
                            const char *const *questions, size_t nq, Diag *d);

/* Check the whole spec (scale, satisfied range inside it, at least one
 * element, weights for weighted_mean): 0, or -1 with d filled (no position:
 * the caller prefixes the rule file's). */
int survey_spec_check(const SurveySpec *s, Diag *d);

/* Resolve a unit cell: return an index >= 0, or -1 after writing into why a
 * message without position ("unknown province 'X' (did you mean 'Y'?)").
 * name_out, when set to non-NULL, is the unit's display name (copied). */
typedef int (*SurveyResolveFn)(void *ud, const char *cell, size_t len, const char **name_out,
                               char *why, size_t whysize);

typedef struct SurveyRunOptions {
    const Units *units;            /* resolve through this registry, or */
    SurveyResolveFn resolve;       /* through this callback (when units is NULL), or raw spellings */
    void *resolve_ud;
    int style;                     /* weights: -1 auto (';' file: Vietnamese), 0 plain, 1 Vietnamese */
    const char *display_name;      /* file name in messages (default: the path) */
    const char *unit_column;       /* overrides the spec's unit column when not NULL */
    size_t draws;                  /* bootstrap draws; 0: none */
    uint64_t seed;
    int threads;                   /* 0: the number of online CPUs (at most SURVEY_MAX_THREADS) */
} SurveyRunOptions;

void survey_run_options_init(SurveyRunOptions *o);

typedef struct SurveyResult {
    const SurveySpec *spec;        /* borrowed: must outlive the result */
    size_t nunits, nq, nel;
    char **codes;                  /* registry code, or the spelling */
    char **names;                  /* registry name, or the spelling */
    int *unit_index;               /* the resolver's index (first appearance without one) */
    long *respondents;             /* rows */
    double *weight;                /* Σ weights (= respondents when unweighted) */
    double *answered, *satisfied;  /* [u * nq + q] */
    double *rate;                  /* [u * nq + q], NAN: nobody answered */
    double *element;               /* [u * nel + e], NAN: no rate */
    double *index;                 /* NAN: no rate */
    int *rank;                     /* 0: no index */
    long rows;
    int weighted;                  /* 1 when a weight column was read */
    /* Bootstrap, when draws > 0 */
    size_t draws;
    uint64_t seed;
    int threads;
    double *index_lo, *index_hi;   /* NAN when too few draws had an index */
    int *rank_lo, *rank_hi;        /* 0 likewise */
    size_t *draws_ok;              /* draws in which the unit had an index */
    DiagList notes;                /* facts worth saying: units with unanswered questions */
} SurveyResult;

/* Stream the file and compute everything.  NULL with d filled on any error
 * ("file:line: message"). */
SurveyResult *survey_run(const SurveySpec *s, const char *path, const SurveyRunOptions *o, Diag *d);
void survey_result_free(SurveyResult *r);

#endif
