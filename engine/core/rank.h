/* rank.h — competition ranking, rank intervals on partial tables, and the
 * consistency checks of published ranks.
 *
 * Competition ranking ("1224"): equal scores share the best rank and the next
 * rank skips.  Scores are compared after rounding to `decimals` places
 * (decimals < 0: exact), so computed totals that differ only by floating-point
 * noise tie as the published figures do.
 */
#ifndef CHISO_RANK_H
#define CHISO_RANK_H

#include <stddef.h>

/* rank[i] = competition rank of v[i] among the non-missing values (1 = best;
 * higher values are better unless lower_is_better); 0 where missing. */
void rank_competition(const double *v, const unsigned char *miss, size_t n,
                      int lower_is_better, int decimals, int *rank);

/* One unit of a published table: its score and rank when known. */
typedef struct RankEntry {
    double score;
    int has_score;
    int rank; /* 0 = unknown */
} RankEntry;

typedef struct RankInterval {
    int min, max; /* best and worst possible rank, 1..of */
    int of;
} RankInterval;

/* The rank a unit scoring `score` would take among the `of` units of a table
 * of which `e[0..n)` are published (higher is better).  Units not listed fill
 * the free rank slots; a free slot's score is bounded by the nearest known
 * scores above and below it, an unranked score takes a free slot that fits.
 * `exclude` is the index of the unit whose own slot is replaced (a unit asking
 * about itself), or -1 for a unit outside the table.  Exact where neighbours
 * are known: min == max.  Returns 0, or -1 when of < n or of < 1.
 *
 * Precisely: rank = 1 + the number of other units whose score is strictly
 * above `score` (rounded as in rank_competition); min counts those certainly
 * above, max those possibly above; both are clamped to 1..of.  With -1 the
 * score is set into the table as published (every free slot stays filled, so
 * a result past the last unit is clamped to of); with an index, that entry is
 * not counted and its slot is not refilled, but its published score still
 * bounds its neighbours.  An excluded entry with neither rank nor score leaves
 * a free slot empty somewhere, which widens the interval by at most one.
 * Also returns -1 for a NULL out, a NaN score, an exclude outside -1..n-1,
 * or when out of memory. */
int rank_interval(const RankEntry *e, size_t n, int of, double score, int exclude,
                  int decimals, RankInterval *out);

/* A disagreement inside a published table. */
typedef enum RankIssueKind {
    RANK_ISSUE_ORDER,      /* a has a better rank than b but a lower score */
    RANK_ISSUE_TIE_SPLIT,  /* a and b have equal scores but different ranks */
    RANK_ISSUE_TIE_SCORE,  /* a and b share a rank but have different scores */
    RANK_ISSUE_RANGE,      /* a's rank is outside 1..of (b == a) */
    RANK_ISSUE_NO_SLOT,    /* unranked score a fits no free slot (b == a) */
    RANK_ISSUE_CROWDED     /* rank a is shared by more units than a tie allows (b: first entry of the
                              next listed rank, or b == a when the tie runs past of) */
} RankIssueKind;

typedef struct RankIssue {
    RankIssueKind kind;
    size_t a, b; /* indices into e */
} RankIssue;

/* Find every disagreement; *issues is malloc'd (free it), returns the count
 * (0 and *issues NULL when consistent), or -1 when out of memory.  Each pair
 * is reported once; issues are sorted by kind, then a, then b.  For CROWDED,
 * a is the first listed entry of the rank.  issues may be NULL to count only. */
long rank_check(const RankEntry *e, size_t n, int of, int decimals, RankIssue **issues);

#endif
