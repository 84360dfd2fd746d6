/* project.c — the Monte Carlo kernel (see project.h).
 *
 * Per draw: shuffle the pool slots among the pooled units, draw the unknown
 * bases, one normal per (unit, area) (all of them: a zero sd multiplies its
 * normal away), the totals, integer keys at the published precision, and
 * ranks by counting, for every unit, the keys strictly above it (63 × 64
 * comparisons for PAR: 32 at a time with AVX-512 when the draw's keys span
 * less than 2^16, as they do at two decimals, else 16; 4 at a time with
 * GCC/Clang vector extensions elsewhere — SSE2 on x86-64, NEON on ARM).
 *
 * Normals: a 2048-layer ziggurat (Marsaglia & Tsang 2000, in Doornik's
 * ZIGNOR layout) fed by the counter-based generator of rng.h (SplitMix64's
 * finaliser of key + 0x9e37…·position, the draw's key from rng_stream(seed,
 * draw)).  Each 64-bit value feeds two normals, a 32-bit half each, plus 3
 * bits per normal from values set aside for them (see ZCHUNK), so a normal
 * costs 35 random bits: 11 for the layer, 24 for the uniform.  The halves of
 * SplitMix64's output are as good as the whole (it passes BigCrush and
 * PractRand as a 64-bit generator, and both are tested as bit streams), and
 * the values of a draw's stream — its own key, distinct positions — are
 * as independent as the generator's outputs are.  The normal at index j of a
 * draw is a pure function of (key, j): in the 0.23% of cases that miss the
 * fast test the rest of the ziggurat takes its values from positions
 * (j + 1)·2^32 + 1 … of the draw's key, which no other value uses.  So the
 * AVX-512 path (sixteen normals at a time, chosen at run time) and the
 * portable path compute the same numbers, bit for bit, with the same
 * operations in the same order (no fused multiply-adds: C11 mode keeps
 * -ffp-contract=off).  Normals are single precision (the ziggurat's edges
 * are), as is the sum of each unit's noise over up to eight areas; totals
 * are double.
 *
 * Threads take chunks of draws from a shared counter; each keeps its own integer
 * counts, added up at the end, so the result does not depend on the split.
 */
#include "project.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* clang contracts a*b+c by default even in C11 mode */
#endif

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_UNITS 2000
#define MAX_THREADS 256
#define CHUNK 64            /* draws a thread takes at a time */

/* ---- random numbers ----------------------------------------------------- */

#define GOLDEN 0x9e3779b97f4a7c15ULL

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* rng_u64 of rng.c, inlined: the same function of (key, counter), so a
 * stream gives the same values either way (checked by the tests). */
static inline uint64_t next_u64(Rng *r)
{
    return mix64(r->key + GOLDEN * ++r->counter);
}

/* Uniform in [0, 1) with 53 bits, as rng_uniform. */
static inline double uniform(Rng *r)
{
    return (double)(next_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0, 1]: safe for log(). */
static inline double uniform_pos(Rng *r)
{
    return (double)((next_u64(r) >> 11) + 1) * 0x1.0p-53;
}

/* A 2048-layer ziggurat (Marsaglia & Tsang 2000, laid out as Doornik's
 * ZIGNOR: layer 0 is the base strip and the tail).  A candidate is a layer i
 * (11 bits) and a signed uniform j / 2^23 in [-1, 1) (j a 24-bit integer):
 * 35 random bits.  R and V solve the layer recurrence for 2048 equal areas;
 * 99.77% of candidates take the fast path (the rest cost about a hundred
 * times more: hence so many layers; their table takes 16 KB).
 *
 * The layer edges are rounded to single precision; the wedges and the tail
 * are sampled exactly against those edges, so the only departures from a
 * normal density are that the 2048 areas are equal to about 1e-7 rather than
 * exactly, and that within a layer of half-width x the values lie on a grid
 * of x·2^-23 and are rounded to single precision — both far below anything a
 * projection can see.
 *
 * The fast test |j| · xs[i] < x[i + 1] (xs[i] = x[i]·2^-23 exactly) is done on
 * integers, |j| < kt[i], kt[i] being the smallest integer with kt[i] · xs[i]
 * >= x[i + 1] (a 24-bit integer times a float is exact in double), and the
 * value (float)j · xs[i] is the exact product rounded once to single
 * precision: the same number on every path. */
#define ZIG_BITS 11
#define ZIG_C (1 << ZIG_BITS)
#define ZIG_HALF (1 << 23)
#define ZIG_R 4.216370409511898
#define ZIG_V 0.0006126065176240442

static float zig_xf[ZIG_C + 1];     /* layer edges (zig_xf[0] = V / f(R), zig_xf[1] = R, zig_xf[C] = 0) */
static float zig_xs[ZIG_C];         /* zig_xf[i]·2^-23 */
static int32_t zig_kt[ZIG_C];       /* the fast test: |j| < zig_kt[i] */
static uint64_t zig_pair[ZIG_C];    /* bits of zig_xs[i] | zig_kt[i] << 32: one look-up per candidate */
/* What the slow path needs of layer i, in one cache line: its inner and
 * outer edges a = x[i + 1] and b = x[i], f(a) and f(b) (f(x) = exp(-x²/2)),
 * 1 / (b - a), bounds lo and hi on the density's distance from the chord of
 * the wedge (see zig_init), and xs[i]. */
typedef struct ZigLayer {
    double a, b, fa, fb, inv_w, lo, hi, xs;
} ZigLayer;
static _Alignas(64) ZigLayer zig_l[ZIG_C];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void)
{
    double x[ZIG_C + 1];
    double f = exp(-0.5 * ZIG_R * ZIG_R);
    int i;
    x[0] = ZIG_V / f;
    x[1] = ZIG_R;
    x[ZIG_C] = 0.0;
    for (i = 2; i < ZIG_C; i++) {
        double a = ZIG_V / x[i - 1] + f;
        x[i] = a < 1.0 ? sqrt(-2.0 * log(a)) : 0.0;
        f = exp(-0.5 * x[i] * x[i]);
    }
    for (i = 0; i <= ZIG_C; i++)
        zig_xf[i] = (float)x[i];
    for (i = 0; i < ZIG_C; i++) {
        double xs = ldexp((double)zig_xf[i], -23), next = (double)zig_xf[i + 1];
        double k = ceil(next / xs);
        uint32_t bits;
        while (k > 0 && (k - 1) * xs >= next) /* exact products: undo any rounding of the division */
            k--;
        while (k * xs < next)
            k++;
        zig_xs[i] = (float)xs;
        zig_kt[i] = (int32_t)k;
        memcpy(&bits, &zig_xs[i], sizeof bits);
        zig_pair[i] = (uint64_t)bits | (uint64_t)(uint32_t)zig_kt[i] << 32;
    }
    /* The wedge of layer i >= 1 spans [a, b] = [x[i + 1], x[i]]: there the
     * density f is within (b - a)²/8 · max |f''| of the chord from (a, f(a)) to
     * (b, f(b)), with |f''(x)| = |x² - 1| f(x), which decreases on [0, 1] and
     * [√3, ∞) and increases between: its maximum on [a, b] is at a, b or √3.
     * dev is that bound in units of the layer's height f(a) - f(b), widened a
     * little against rounding; f lies above the chord where it is concave (b
     * <= 1) and below where it is convex (a >= 1). */
    for (i = 0; i < ZIG_C; i++) {
        ZigLayer *l = &zig_l[i];
        double a = (double)zig_xf[i + 1], b = (double)zig_xf[i], s3 = sqrt(3.0);
        double fa = exp(-0.5 * a * a), fb = exp(-0.5 * b * b);
        double ga = fabs(a * a - 1) * fa, gb = fabs(b * b - 1) * fb, m = ga > gb ? ga : gb, dev;
        if (a < s3 && s3 < b && 2 * exp(-1.5) > m)
            m = 2 * exp(-1.5);
        dev = m * (b - a) * (b - a) / 8 / (fa - fb) * (1 + 1e-6) + 1e-12;
        l->a = a;
        l->b = b;
        l->fa = fa;
        l->fb = fb;
        l->inv_w = 1 / (b - a);
        l->lo = b <= 1 ? 0 : -dev;
        l->hi = a >= 1 ? 0 : dev;
        l->xs = (double)zig_xs[i];
    }
}

/* The signed uniform of a candidate from 24 random bits (the low 24 of b). */
static inline int32_t zig_j(uint32_t b)
{
    return (int32_t)(b & 0xFFFFFF) - ZIG_HALF;
}

/* The tail beyond R (Marsaglia 1964). */
static double zig_tail(Rng *r, int negative)
{
    const double R = (double)zig_xf[1];
    double x, y;
    do {
        x = log(uniform_pos(r)) / R;
        y = log(uniform_pos(r));
    } while (-2.0 * y < x * x);
    return negative ? x - R : R - x;
}

/* The whole ziggurat from the candidate (i, j) on: the fast test (again, in
 * double), then the tail (layer 0) or a wedge; further candidates and
 * uniforms come from r, a candidate from the 35 low bits of a value. */
static double zig_from(Rng *r, unsigned i, int32_t j)
{
    for (;;) {
        const ZigLayer *l = &zig_l[i];
        double x = (double)j * l->xs; /* exact */
        uint64_t v;
        if (fabs(x) < l->a)
            return x;
        if (i == 0)
            return zig_tail(r, x < 0);
        /* A wedge: a uniform height y = f(b) + u·(f(a) - f(b)) in the layer,
         * accepted under the density f.  With t = (|x| - a) / (b - a), y is
         * below the chord iff u + t < 1, and f(x) = f(b) + (1 - t + d)·(f(a) -
         * f(b)) with lo <= d <= hi: so most candidates are decided without
         * exp(). */
        {
            double u = uniform(r), s = u + (fabs(x) - l->a) * l->inv_w;
            if (s < 1 + l->lo)
                return x;
            if (s <= 1 + l->hi && l->fb + u * (l->fa - l->fb) < exp(-0.5 * x * x))
                return x;
        }
        v = next_u64(r);
        i = (unsigned)(v & (ZIG_C - 1));
        j = zig_j((uint32_t)(v >> ZIG_BITS));
    }
}

double project_normal(Rng *r)
{
    uint64_t v;
    pthread_once(&zig_once, zig_init);
    v = next_u64(r);
    return zig_from(r, (unsigned)(v & (ZIG_C - 1)), zig_j((uint32_t)(v >> ZIG_BITS)));
}

/* In a draw, the normals come in chunks of up to 256 (ZCHUNK), chunk c
 * taking the ZSTRIDE = 144 positions from the draw's first + 144c on: normal
 * r = 16b + k of the chunk (block b, lane k < 16) takes its candidate from
 * the 32-bit half r % 2 (0: low) of the value at the chunk's position r/2
 * and from 3 bits of the value at its position 128 + b: bits 4·(k/2) up of
 * that value's half k % 2.  The half gives the layer (its 11 low bits) and
 * 21 bits of j, the three bits the rest: j = (half >> 8 with its three low
 * bits replaced by them) - 2^23.  So sixteen normals take nine values. */
#define ZCHUNK 256
#define ZSTRIDE (ZCHUNK / 2 + ZCHUNK / 16)

static inline int32_t word_j(uint32_t w, uint32_t e)
{
    return zig_j(((w >> 8) & ~7u) | (e & 7u));
}

/* The extra bits of lane k from the block's value e. */
static inline uint32_t lane_bits(uint64_t e, unsigned k)
{
    return (uint32_t)(e >> (32 * (k % 2))) >> (4 * (k / 2));
}

/* The normal of a draw's j-th candidate when it misses the fast test: the
 * rest of the ziggurat takes its values from counters (j + 1)·2^32 + 1 … of
 * the draw's key, which the draw's own positions (below 2^32) never reach, so
 * they are independent of all other values. */
static float normal_slow(uint64_t key, size_t j, unsigned layer, int32_t v)
{
    Rng s;
    s.key = key;
    s.counter = (uint64_t)(j + 1) << 32;
    return (float)zig_from(&s, layer, v);
}

/* The normal of a draw's j-th candidate (half w, extra bits e). */
static inline float normal_word(uint64_t key, size_t j, uint32_t w, uint32_t e)
{
    unsigned i = w & (ZIG_C - 1);
    int32_t v = word_j(w, e);
    uint64_t pair = zig_pair[i];
    uint32_t xbits = (uint32_t)pair;
    float xs;
    memcpy(&xs, &xbits, sizeof xs);
    if ((v < 0 ? -v : v) < (int32_t)(pair >> 32))
        return (float)v * xs;
    return normal_slow(key, j, i, v);
}

/* The n normals of a draw whose values start at position pos0. */
static void normals_portable(uint64_t key, uint64_t pos0, float *z, size_t n)
{
    size_t c0, r;
    for (c0 = 0; c0 < n; c0 += ZCHUNK) {
        uint64_t p = pos0 + c0 / ZCHUNK * ZSTRIDE, e = 0;
        size_t m = n - c0 < ZCHUNK ? n - c0 : ZCHUNK;
        for (r = 0; r < m; r += 2) {
            uint64_t v = mix64(key + GOLDEN * (p + r / 2));
            if (r % 16 == 0)
                e = mix64(key + GOLDEN * (p + ZCHUNK / 2 + r / 16));
            z[c0 + r] = normal_word(key, c0 + r, (uint32_t)v, lane_bits(e, (unsigned)(r % 16)));
            if (r + 1 < m)
                z[c0 + r + 1] = normal_word(key, c0 + r + 1, (uint32_t)(v >> 32), lane_bits(e, (unsigned)(r % 16 + 1)));
        }
    }
}

/* ---- keys and ranks ----------------------------------------------------- */

static const double POW10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

#define KEY_MAX 2147483647.0

/* Half away from zero with the relative tolerance of rank.c's rank_key, so
 * 86.145 (stored as 86.14499…) ranks as the published 86.15 does. */
static inline int32_t key_of(double v, double p)
{
    double x = v * p;
    double ax = fabs(x);
    double r = ax + 0.5 + ax * 1e-12;
    int32_t k;
    if (r > KEY_MAX)
        r = KEY_MAX;
    k = (int32_t)r;
    return x < 0 ? -k : k;
}

int32_t project_key(double v, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    if (isnan(v))
        return 0;
    return key_of(v, POW10[decimals]);
}

/* rank[i] = 1 + #{j : key[j] > key[i]} for i < n; key has npad entries (a
 * multiple of 16), the padding INT32_MIN (below every real key, which
 * saturates at -(2^31 - 1)). */
#if defined(__GNUC__) || defined(__clang__)
typedef int32_t v4i32 __attribute__((vector_size(16)));

static void rank_portable(const int32_t *key, size_t n, size_t npad, uint16_t *rank)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        int32_t k = key[i];
        v4i32 ki = {k, k, k, k};
        v4i32 acc0 = {0, 0, 0, 0}, acc1 = {0, 0, 0, 0};
        for (j = 0; j < npad; j += 8) {
            v4i32 a, b;
            memcpy(&a, key + j, sizeof a);
            memcpy(&b, key + j + 4, sizeof b);
            acc0 += (v4i32)(a > ki); /* -1 where above */
            acc1 += (v4i32)(b > ki);
        }
        acc0 += acc1;
        rank[i] = (uint16_t)(1 - (acc0[0] + acc0[1] + acc0[2] + acc0[3]));
    }
}
#else
static void rank_portable(const int32_t *key, size_t n, size_t npad, uint16_t *rank)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        int c = 1;
        for (j = 0; j < npad; j++)
            c += key[j] > key[i];
        rank[i] = (uint16_t)c;
    }
}
#endif

/* ---- the run ------------------------------------------------------------ */

typedef struct Ctx {
    const ProjectSpec *s;
    size_t U, npad, A;  /* npad: U rounded up to 16 */
    double p10;
    double *fixed;      /* npad: offset + sum of the means (0 in the padding) */
    float *sdf;         /* A × npad: sd by area, then unit (0 in the padding) */
    size_t *pool_unit;  /* npool: the PROJECT_POOL units in order */
    int clamp, has_thr, simd;
    int32_t thr_key;
    atomic_uint_least64_t next; /* the first draw no thread has taken yet */
    atomic_uint_least64_t done;
    unsigned finished;          /* threads done: under lock, signalled by cond */
    pthread_mutex_t lock;
    pthread_cond_t cond;
} Ctx;

typedef struct Work {
    Ctx *c;
    uint64_t unflushed; /* draws counted in hist32 since the last flush */
    uint32_t *hist32;   /* counts of the draws since the last flush (half the cache of 64-bit counts) */
    uint64_t *hist, *above;
    int64_t *key_sum;
    double *base;       /* npad: the drawn base of unknown units (0 for the known) */
    double *total;      /* npad */
    float *z;           /* A × npad: the normals of one draw */
    int32_t *key;       /* npad */
    uint16_t *rank;     /* npad rounded up to 64 */
    int16_t *k16;       /* npad rounded up to 64 */
    size_t *perm;
    pthread_t tid;
    int started;
    char pad[128]; /* the threads' Work side by side share no cache line */
} Work;

/* One draw's totals and keys from fixed, base and z; the portable path.
 * The noise of each group of up to ZGROUP areas is summed in single
 * precision (as z is single precision), the groups' sums in double. */
#define ZGROUP 8

static void totals_portable(const Ctx *c, Work *w)
{
    const ProjectSpec *s = c->s;
    size_t u, a, a0;
    for (u = 0; u < c->npad; u++) {
        double t = c->fixed[u] + w->base[u];
        for (a0 = 0; a0 < c->A; a0 += ZGROUP) {
            size_t a1 = c->A - a0 < ZGROUP ? c->A : a0 + ZGROUP;
            float g = 0.0f;
            for (a = a0; a < a1; a++)
                g = g + c->sdf[a * c->npad + u] * w->z[a * c->npad + u];
            t = t + (double)g;
        }
        if (c->clamp)
            t = t < s->min ? s->min : t > s->max ? s->max : t;
        w->total[u] = t;
        w->key[u] = key_of(t, c->p10);
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX512 1
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))

/* A chunk of 256 normals in three passes, each bound by throughput rather
 * than latency: the stream values (vector, sixteen halves at a time), each
 * candidate's layer entry (scalar loads, which beat gather instructions on
 * current AMD and Intel cores), then the fast test and the values (vector).
 * The candidates that miss the fast test (0.23%) are marked in a 64-bit mask
 * per 64 normals and done at the end of the chunk: no branch in the vector
 * loop (a block of sixteen has a miss about once in thirty, too often for a
 * branch to be predicted) and no call (which would spill every vector
 * register). */
AVX512 static void normals_avx512(uint64_t key, uint64_t pos0, float *z, size_t n)
{
    uint32_t wb[ZCHUNK];
    uint64_t eb[ZCHUNK / 16];
    uint64_t pb[ZCHUNK];
    size_t c0, j, j0, n16 = n & ~(size_t)15;
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    const __m512i odd = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
    const __m512i shifts = _mm512_set_epi32(28, 28, 24, 24, 20, 20, 16, 16, 12, 12, 8, 8, 4, 4, 0, 0);
    const __m512i g8 = _mm512_set_epi64((long long)(GOLDEN * 7), (long long)(GOLDEN * 6), (long long)(GOLDEN * 5),
                                        (long long)(GOLDEN * 4), (long long)(GOLDEN * 3), (long long)(GOLDEN * 2),
                                        (long long)GOLDEN, 0);
    const __m512i step = _mm512_set1_epi64((long long)(GOLDEN * 8));
    const __m512i c1 = _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ULL);
    const __m512i c2 = _mm512_set1_epi64((long long)0x94d049bb133111ebULL);
    const __m512i half = _mm512_set1_epi32(ZIG_HALF), seven = _mm512_set1_epi32(7);
#define MIX(V)                                                                                   \
    do {                                                                                         \
        V = _mm512_mullo_epi64(_mm512_xor_si512(V, _mm512_srli_epi64(V, 30)), c1);               \
        V = _mm512_mullo_epi64(_mm512_xor_si512(V, _mm512_srli_epi64(V, 27)), c2);               \
        V = _mm512_xor_si512(V, _mm512_srli_epi64(V, 31));                                       \
    } while (0)
    for (c0 = 0; c0 < n16; c0 += ZCHUNK) {
        size_t m = n16 - c0 < ZCHUNK ? n16 - c0 : ZCHUNK;
        uint64_t p = pos0 + c0 / ZCHUNK * ZSTRIDE;
        uint64_t badw[ZCHUNK / 64]; /* bit r % 64 of badw[r / 64]: candidate r missed */
        __m512i x = _mm512_add_epi64(_mm512_set1_epi64((long long)(key + GOLDEN * p)), g8);
        __m512i e = _mm512_add_epi64(_mm512_set1_epi64((long long)(key + GOLDEN * (p + ZCHUNK / 2))), g8);
        for (j = 0; j < m / 16; j += 8) {
            __m512i v = e;
            MIX(v);
            _mm512_storeu_si512((void *)(eb + j), v);
            e = _mm512_add_epi64(e, step);
        }
        for (j = 0; j < m; j += 16) {
            __m512i v = x;
            MIX(v);
            _mm512_storeu_si512((void *)(wb + j), v);
            x = _mm512_add_epi64(x, step);
        }
        for (j = 0; j < m; j += 4) { /* m is a multiple of 16 */
            uint64_t v0, v1;
            memcpy(&v0, wb + j, 8);
            memcpy(&v1, wb + j + 2, 8);
            pb[j] = zig_pair[v0 & (ZIG_C - 1)];
            pb[j + 1] = zig_pair[(v0 >> 32) & (ZIG_C - 1)];
            pb[j + 2] = zig_pair[v1 & (ZIG_C - 1)];
            pb[j + 3] = zig_pair[(v1 >> 32) & (ZIG_C - 1)];
        }
        for (j0 = 0; j0 < m; j0 += 64) {
            size_t end = m - j0 < 64 ? m : j0 + 64;
            uint64_t bad = 0; /* bit r: candidate j0 + r missed */
            for (j = j0; j < end; j += 16) {
                __m512i w = _mm512_loadu_si512((const void *)(wb + j));
                __m512i p0 = _mm512_loadu_si512((const void *)(pb + j));
                __m512i p1 = _mm512_loadu_si512((const void *)(pb + j + 8));
                __m512 xs = _mm512_castsi512_ps(_mm512_permutex2var_epi32(p0, even, p1));
                __m512i kt = _mm512_permutex2var_epi32(p0, odd, p1);
                __m512i bits = _mm512_srlv_epi32(_mm512_set1_epi64((long long)eb[j / 16]), shifts);
                /* ((w >> 8) & ~7) | (bits & 7), less 2^23 */
                __m512i v =
                    _mm512_sub_epi32(_mm512_ternarylogic_epi32(_mm512_srli_epi32(w, 8), bits, seven, 0xD8), half);
                __mmask16 ok = _mm512_cmplt_epi32_mask(_mm512_abs_epi32(v), kt);
                _mm512_storeu_ps(z + c0 + j, _mm512_mul_ps(_mm512_cvtepi32_ps(v), xs));
                bad |= (uint64_t)(uint16_t)~ok << (j - j0);
            }
            badw[j0 / 64] = bad;
        }
        for (j0 = 0; j0 < m; j0 += 64) {
            uint64_t bad = badw[j0 / 64];
            while (bad) {
                size_t r = j0 + (size_t)__builtin_ctzll(bad);
                bad &= bad - 1;
                z[c0 + r] = normal_slow(key, c0 + r, wb[r] & (ZIG_C - 1),
                                        word_j(wb[r], lane_bits(eb[r / 16], (unsigned)(r % 16))));
            }
        }
    }
#undef MIX
    if (n16 < n) /* not with npad a multiple of 16: the portable path's order, for the record */
        normals_portable(key, pos0, z, n);
}

/* The keys of eight units from their totals t (clamped first when asked),
 * their sums and the counts at or above the threshold.  key_sum and above
 * have npad entries: the padding's are never read. */
typedef struct KeyConst {
    __m512d p, half, tol, kmax, zero, lo, hi;
    __m512i one;
    __m256i thr;
    int clamp, has_thr;
} KeyConst;

AVX512 static inline void keys8(const KeyConst *k, Work *w, size_t v, __m512d t)
{
    __m512d x, ax, r;
    __m256i key;
    __mmask8 neg;
    if (k->clamp)
        t = _mm512_max_pd(_mm512_min_pd(t, k->hi), k->lo);
    _mm512_storeu_pd(w->total + v, t);
    x = _mm512_mul_pd(t, k->p);
    ax = _mm512_abs_pd(x);
    r = _mm512_min_pd(_mm512_add_pd(_mm512_add_pd(ax, k->half), _mm512_mul_pd(ax, k->tol)), k->kmax);
    neg = _mm512_cmp_pd_mask(x, k->zero, _CMP_LT_OQ);
    r = _mm512_mask_sub_pd(r, neg, k->zero, r);
    key = _mm512_cvttpd_epi32(r);
    _mm256_storeu_si256((__m256i *)(void *)(w->key + v), key);
    _mm512_storeu_si512((void *)(w->key_sum + v),
                        _mm512_add_epi64(_mm512_loadu_si512((const void *)(w->key_sum + v)), _mm512_cvtepi32_epi64(key)));
    if (k->has_thr) {
        __m512i ab = _mm512_loadu_si512((const void *)(w->above + v));
        _mm512_storeu_si512((void *)(w->above + v), _mm512_mask_add_epi64(ab, _mm256_cmpge_epi32_mask(key, k->thr), ab, k->one));
    }
}

/* The two halves of sixteen single-precision sums, in double. */
#define LO8(G) _mm512_cvtps_pd(_mm512_castps512_ps256(G))
#define HI8(G) _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(G), 1)))

/* Each unit's noise summed in single precision over each group of up to
 * ZGROUP areas, the groups' sums added to its double total (the portable
 * order); sixty-four units at a time (four independent chains of sums),
 * then sixteen; then the keys. */
AVX512 static void totals_avx512(const Ctx *c, Work *w)
{
    const ProjectSpec *s = c->s;
    const size_t np = c->npad, A = c->A;
    const float *sdf = c->sdf, *z = w->z;
    size_t u = 0, a0, a;
    KeyConst k;
    k.p = _mm512_set1_pd(c->p10);
    k.half = _mm512_set1_pd(0.5);
    k.tol = _mm512_set1_pd(1e-12);
    k.kmax = _mm512_set1_pd(KEY_MAX);
    k.zero = _mm512_setzero_pd();
    k.lo = _mm512_set1_pd(s->min);
    k.hi = _mm512_set1_pd(s->max);
    k.one = _mm512_set1_epi64(1);
    k.thr = _mm256_set1_epi32(c->thr_key);
    k.clamp = c->clamp;
    k.has_thr = c->has_thr;
    for (; u + 64 <= np; u += 64) {
#define T0(K) _mm512_add_pd(_mm512_loadu_pd(c->fixed + u + 8 * K), _mm512_loadu_pd(w->base + u + 8 * K))
        __m512d t0 = T0(0), t1 = T0(1), t2 = T0(2), t3 = T0(3), t4 = T0(4), t5 = T0(5), t6 = T0(6), t7 = T0(7);
#undef T0
        for (a0 = 0; a0 < A; a0 += ZGROUP) {
            size_t a1 = A - a0 < ZGROUP ? A : a0 + ZGROUP;
            __m512 g0 = _mm512_setzero_ps(), g1 = g0, g2 = g0, g3 = g0;
            for (a = a0; a < a1; a++) {
                const float *sa = sdf + a * np + u, *za = z + a * np + u;
                g0 = _mm512_add_ps(g0, _mm512_mul_ps(_mm512_loadu_ps(sa), _mm512_loadu_ps(za)));
                g1 = _mm512_add_ps(g1, _mm512_mul_ps(_mm512_loadu_ps(sa + 16), _mm512_loadu_ps(za + 16)));
                g2 = _mm512_add_ps(g2, _mm512_mul_ps(_mm512_loadu_ps(sa + 32), _mm512_loadu_ps(za + 32)));
                g3 = _mm512_add_ps(g3, _mm512_mul_ps(_mm512_loadu_ps(sa + 48), _mm512_loadu_ps(za + 48)));
            }
            t0 = _mm512_add_pd(t0, LO8(g0));
            t1 = _mm512_add_pd(t1, HI8(g0));
            t2 = _mm512_add_pd(t2, LO8(g1));
            t3 = _mm512_add_pd(t3, HI8(g1));
            t4 = _mm512_add_pd(t4, LO8(g2));
            t5 = _mm512_add_pd(t5, HI8(g2));
            t6 = _mm512_add_pd(t6, LO8(g3));
            t7 = _mm512_add_pd(t7, HI8(g3));
        }
        keys8(&k, w, u, t0);
        keys8(&k, w, u + 8, t1);
        keys8(&k, w, u + 16, t2);
        keys8(&k, w, u + 24, t3);
        keys8(&k, w, u + 32, t4);
        keys8(&k, w, u + 40, t5);
        keys8(&k, w, u + 48, t6);
        keys8(&k, w, u + 56, t7);
    }
    for (; u < np; u += 16) {
        __m512d t0 = _mm512_add_pd(_mm512_loadu_pd(c->fixed + u), _mm512_loadu_pd(w->base + u));
        __m512d t1 = _mm512_add_pd(_mm512_loadu_pd(c->fixed + u + 8), _mm512_loadu_pd(w->base + u + 8));
        for (a0 = 0; a0 < A; a0 += ZGROUP) {
            size_t a1 = A - a0 < ZGROUP ? A : a0 + ZGROUP;
            __m512 g = _mm512_setzero_ps();
            for (a = a0; a < a1; a++)
                g = _mm512_add_ps(g, _mm512_mul_ps(_mm512_loadu_ps(sdf + a * np + u), _mm512_loadu_ps(z + a * np + u)));
            t0 = _mm512_add_pd(t0, LO8(g));
            t1 = _mm512_add_pd(t1, HI8(g));
        }
        keys8(&k, w, u, t0);
        keys8(&k, w, u + 8, t1);
    }
}
#undef LO8
#undef HI8

/* rank[i] = 1 + #{j < n : key[j] > key[i]} by counting: for every unit j,
 * add one to the counts of the units it is above.  When the n keys of the
 * draw span less than 2^16 (always so for scores to two decimals) they are
 * counted as 16-bit numbers, 32 units to a register and 64 at a time, with
 * one broadcast per unit j; otherwise as 32-bit numbers, 16 to a register.
 * key has npad entries (a multiple of 16); k16 has npad rounded up to 64. */
AVX512 static void rank_avx512(const int32_t *key, size_t n, size_t npad, int16_t *k16, uint16_t *rank)
{
    __m512i lo = _mm512_set1_epi32(INT32_MAX), hi = _mm512_set1_epi32(INT32_MIN);
    size_t b, j;
    for (b = 0; b < npad; b += 16) {
        __mmask16 in = n - b >= 16 ? 0xFFFF : (__mmask16)((1u << (n - b)) - 1);
        __m512i k = _mm512_maskz_loadu_epi32(in, (const void *)(key + b));
        lo = _mm512_mask_min_epi32(lo, in, lo, k);
        hi = _mm512_mask_max_epi32(hi, in, hi, k);
    }
    {
        int32_t kmin = _mm512_reduce_min_epi32(lo), kmax = _mm512_reduce_max_epi32(hi);
        if ((int64_t)kmax - kmin <= 65535) {
            const __m512i lo16 = _mm512_set1_epi32(kmin), h16 = _mm512_set1_epi32(32768);
            const __m512i one = _mm512_set1_epi16(1);
            size_t np64 = (npad + 63) & ~(size_t)63;
            for (b = 0; b < npad; b += 16) /* key - kmin - 32768 fits: a 16-bit key */
                _mm256_storeu_si256((__m256i *)(void *)(k16 + b),
                                    _mm512_cvtepi32_epi16(_mm512_sub_epi32(
                                        _mm512_sub_epi32(_mm512_loadu_si512((const void *)(key + b)), lo16), h16)));
            for (; b < np64; b += 16)
                _mm256_storeu_si256((__m256i *)(void *)(k16 + b), _mm256_setzero_si256());
            for (b = 0; b < np64; b += 64) {
                __m512i ka = _mm512_loadu_si512((const void *)(k16 + b));
                __m512i kb = _mm512_loadu_si512((const void *)(k16 + b + 32));
                __m512i ca = one, cb = one;
                /* two accumulators per block: shorter chains */
                __m512i da = _mm512_setzero_si512(), db = _mm512_setzero_si512();
                for (j = 0; j + 1 < n; j += 2) {
                    __m512i kj = _mm512_set1_epi16(k16[j]), kk = _mm512_set1_epi16(k16[j + 1]);
                    ca = _mm512_mask_add_epi16(ca, _mm512_cmpgt_epi16_mask(kj, ka), ca, one);
                    cb = _mm512_mask_add_epi16(cb, _mm512_cmpgt_epi16_mask(kj, kb), cb, one);
                    da = _mm512_mask_add_epi16(da, _mm512_cmpgt_epi16_mask(kk, ka), da, one);
                    db = _mm512_mask_add_epi16(db, _mm512_cmpgt_epi16_mask(kk, kb), db, one);
                }
                if (j < n) {
                    __m512i kj = _mm512_set1_epi16(k16[j]);
                    ca = _mm512_mask_add_epi16(ca, _mm512_cmpgt_epi16_mask(kj, ka), ca, one);
                    cb = _mm512_mask_add_epi16(cb, _mm512_cmpgt_epi16_mask(kj, kb), cb, one);
                }
                ca = _mm512_add_epi16(ca, da);
                cb = _mm512_add_epi16(cb, db);
                /* rank has np64 entries: the padding's counts land there harmlessly */
                _mm512_storeu_si512((void *)(rank + b), ca);
                _mm512_storeu_si512((void *)(rank + b + 32), cb);
            }
            return;
        }
    }
    {
        const __m512i one = _mm512_set1_epi32(1);
        for (b = 0; b < npad; b += 16) {
            __m512i kb = _mm512_loadu_si512((const void *)(key + b));
            __m512i cnt = one;
            for (j = 0; j < n; j++) {
                __mmask16 above = _mm512_cmpgt_epi32_mask(_mm512_set1_epi32(key[j]), kb);
                cnt = _mm512_mask_add_epi32(cnt, above, cnt, one);
            }
            _mm256_storeu_si256((__m256i *)(void *)(rank + b), _mm512_cvtepi32_epi16(cnt));
        }
    }
}

static int cpu_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
}
#else
#define HAVE_AVX512 0
static int cpu_avx512(void)
{
    return 0;
}
#endif

int project_simd(void)
{
    return cpu_avx512();
}

static void work_free(Work *w)
{
    free(w->hist32);
    free(w->hist);
    free(w->above);
    free(w->key_sum);
    free(w->base);
    free(w->total);
    free(w->z);
    free(w->key);
    free(w->rank);
    free(w->k16);
    free(w->perm);
}

static int work_alloc(Work *w, const Ctx *c)
{
    size_t U = c->U;
    w->hist32 = calloc(U * (U + 1), sizeof *w->hist32);
    w->hist = calloc(U * (U + 1), sizeof *w->hist);
    w->above = calloc(c->npad, sizeof *w->above);
    w->key_sum = calloc(c->npad, sizeof *w->key_sum);
    w->base = calloc(c->npad, sizeof *w->base);
    w->total = calloc(c->npad, sizeof *w->total);
    w->z = calloc(c->A * c->npad, sizeof *w->z);
    w->key = calloc(c->npad, sizeof *w->key);
    w->rank = calloc((c->npad + 63) & ~(size_t)63, sizeof *w->rank);
    w->k16 = calloc((c->npad + 63) & ~(size_t)63, sizeof *w->k16);
    w->perm = malloc((c->s->npool ? c->s->npool : 1) * sizeof *w->perm);
    if (!w->hist32 || !w->hist || !w->above || !w->key_sum || !w->base || !w->total || !w->z ||  !w->key ||
        !w->rank || !w->k16 || !w->perm)
        return -1;
    return 0;
}

static void flush_hist(Work *w, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        w->hist[k] += w->hist32[k];
        w->hist32[k] = 0;
    }
}

#define FLUSH_EVERY (1ULL << 31) /* draws a 32-bit count can take */

/* One draw, counted into w. */
static void run_draw(Work *w, uint64_t d)
{
    Ctx *c = w->c;
    const ProjectSpec *s = c->s;
    const size_t U = c->U, npool = s->npool, nz = c->A * c->npad;
    const unsigned char *kind = s->kind;
    size_t u, k;
    {
        Rng r = rng_stream(s->seed, d);
        /* Which free slot each pooled unit holds in this draw, and where in it. */
        if (npool) {
            for (k = 0; k < npool; k++)
                w->perm[k] = k;
            for (k = npool - 1; k > 0; k--) {
                size_t j = (size_t)rng_below(&r, (uint64_t)k + 1);
                size_t t = w->perm[k];
                w->perm[k] = w->perm[j];
                w->perm[j] = t;
            }
            for (k = 0; k < npool; k++) {
                size_t slot = w->perm[k];
                double lo = s->pool_lo[slot], hi = s->pool_hi[slot];
                w->base[c->pool_unit[k]] = lo + (hi - lo) * uniform(&r);
            }
        }
        if (kind)
            for (u = 0; u < U; u++)
                if (kind[u] == PROJECT_SLOT)
                    w->base[u] = s->lo[u] + (s->hi[u] - s->lo[u]) * uniform(&r);
        /* The normals: positions r.counter + 1 … of the draw's stream. */
#if HAVE_AVX512
        if (c->simd) {
            normals_avx512(r.key, r.counter + 1, w->z, nz);
            totals_avx512(c, w); /* and the key sums and threshold counts */
        } else
#endif
        {
            normals_portable(r.key, r.counter + 1, w->z, nz);
            totals_portable(c, w);
        }
        for (u = U; u < c->npad; u++)
            w->key[u] = INT32_MIN;
#if HAVE_AVX512
        if (c->simd)
            rank_avx512(w->key, U, c->npad, w->k16, w->rank);
        else
#endif
            rank_portable(w->key, U, c->npad, w->rank);
        for (u = 0; u < U; u++)
            w->hist32[u * (U + 1) + (size_t)w->rank[u]]++;
        if (!c->simd) { /* the SIMD path did these with the totals */
            for (u = 0; u < U; u++)
                w->key_sum[u] += w->key[u];
            if (c->has_thr)
                for (u = 0; u < U; u++)
                    w->above[u] += w->key[u] >= c->thr_key;
        }
        if (++w->unflushed == FLUSH_EVERY) {
            flush_hist(w, U * (U + 1));
            w->unflushed = 0;
        }
    }
}

/* Take chunks of draws until none is left: a thread on a busy core takes
 * fewer.  Which thread does a draw changes nothing in the counts. */
static void run_draws(Work *w)
{
    Ctx *c = w->c;
    const uint64_t draws = c->s->draws;
    for (;;) {
        uint64_t d0 = atomic_fetch_add(&c->next, (uint64_t)CHUNK), d1, d;
        if (d0 >= draws)
            break;
        d1 = draws - d0 < CHUNK ? draws : d0 + CHUNK;
        for (d = d0; d < d1; d++)
            run_draw(w, d);
        atomic_fetch_add_explicit(&c->done, d1 - d0, memory_order_relaxed);
    }
    flush_hist(w, c->U * (c->U + 1));
}

static void *worker(void *arg)
{
    Work *w = arg;
    run_draws(w);
    pthread_mutex_lock(&w->c->lock);
    w->c->finished++;
    pthread_cond_signal(&w->c->cond);
    pthread_mutex_unlock(&w->c->lock);
    return NULL;
}

static int check_spec(const ProjectSpec *s, size_t *npooled, Diag *d)
{
    size_t U = s->units, A = s->areas, i, pooled = 0;
    if (U < 1 || U > MAX_UNITS)
        return diag_set(d, NULL, 0, 0, "projection: %zu units (1 to %d can be projected)", U, MAX_UNITS);
    if (A < 1 || A > 10000)
        return diag_set(d, NULL, 0, 0, "projection: %zu areas per unit (1 to 10000)", A);
    if (!s->mean)
        return diag_set(d, NULL, 0, 0, "projection: no means given");
    if (s->draws < 1)
        return diag_set(d, NULL, 0, 0, "projection: the number of draws must be at least 1");
    if (s->decimals < 0 || s->decimals > 6)
        return diag_set(d, NULL, 0, 0, "projection: decimals must be 0 to 6, not %d", s->decimals);
    for (i = 0; i < U * A; i++) {
        if (!isfinite(s->mean[i]))
            return diag_set(d, NULL, 0, 0, "projection: unit %zu, area %zu: the mean is not a finite number",
                            i / A + 1, i % A + 1);
        if (s->sd && (!isfinite(s->sd[i]) || s->sd[i] < 0))
            return diag_set(d, NULL, 0, 0, "projection: unit %zu, area %zu: sd must be a finite number >= 0",
                            i / A + 1, i % A + 1);
    }
    for (i = 0; i < U; i++) {
        if (s->offset && !isfinite(s->offset[i]))
            return diag_set(d, NULL, 0, 0, "projection: unit %zu: the offset is not a finite number", i + 1);
        if (!s->kind || s->kind[i] == PROJECT_KNOWN)
            continue;
        if (s->kind[i] == PROJECT_SLOT) {
            if (!s->lo || !s->hi || !isfinite(s->lo[i]) || !isfinite(s->hi[i]) || s->lo[i] > s->hi[i])
                return diag_set(d, NULL, 0, 0, "projection: unit %zu: its slot needs finite bounds lo <= hi", i + 1);
        } else if (s->kind[i] == PROJECT_POOL) {
            pooled++;
        } else {
            return diag_set(d, NULL, 0, 0, "projection: unit %zu: unknown kind %d", i + 1, s->kind[i]);
        }
    }
    if (pooled != s->npool)
        return diag_set(d, NULL, 0, 0, "projection: %zu pooled units but %zu pool slots", pooled, s->npool);
    for (i = 0; i < s->npool; i++) {
        if (!s->pool_lo || !s->pool_hi || !isfinite(s->pool_lo[i]) || !isfinite(s->pool_hi[i]) ||
            s->pool_lo[i] > s->pool_hi[i])
            return diag_set(d, NULL, 0, 0, "projection: pool slot %zu needs finite bounds lo <= hi", i + 1);
    }
    if (s->min < s->max && (!isfinite(s->min) || !isfinite(s->max)))
        return diag_set(d, NULL, 0, 0, "projection: the clamp bounds must be finite");
    *npooled = pooled;
    return 0;
}

static void ctx_free(Ctx *c)
{
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->cond);
    free(c->fixed);
    free(c->sdf);
    free(c->pool_unit);
}

/* Wait until `running` threads have finished, reporting progress every 100 ms. */
static void wait_workers(Ctx *c, unsigned running)
{
    const ProjectSpec *s = c->s;
    pthread_mutex_lock(&c->lock);
    while (c->finished < running) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&c->cond, &c->lock, &ts);
        if (c->finished < running && s->progress) {
            pthread_mutex_unlock(&c->lock);
            s->progress(s->progress_ud, atomic_load(&c->done), s->draws);
            pthread_mutex_lock(&c->lock);
        }
    }
    pthread_mutex_unlock(&c->lock);
}

int project_run(const ProjectSpec *s, ProjectResult *out, Diag *d)
{
    Ctx c;
    Work *w = NULL;
    size_t U, A, u, a, k, npooled = 0;
    unsigned T, t;
    int spawn, rc = -1;

    if (!s || !out)
        return diag_set(d, NULL, 0, 0, "projection: no spec");
    memset(out, 0, sizeof *out);
    if (check_spec(s, &npooled, d) != 0)
        return -1;
    pthread_once(&zig_once, zig_init);

    U = s->units;
    A = s->areas;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.U = U;
    c.p10 = POW10[s->decimals];
    c.clamp = s->min < s->max;
    c.has_thr = !isnan(s->threshold);
    c.thr_key = c.has_thr ? key_of(s->threshold, c.p10) : 0;
    atomic_init(&c.next, 0);
    atomic_init(&c.done, 0);
    c.finished = 0;
    pthread_mutex_init(&c.lock, NULL);
    pthread_cond_init(&c.cond, NULL);
    c.A = A;
    c.npad = (U + 15) / 16 * 16;
    c.simd = !s->portable && cpu_avx512();
    c.fixed = calloc(c.npad, sizeof *c.fixed);
    c.sdf = calloc(A * c.npad, sizeof *c.sdf);
    c.pool_unit = malloc((npooled ? npooled : 1) * sizeof *c.pool_unit);
    if (!c.fixed || !c.sdf || !c.pool_unit) {
        diag_set(d, NULL, 0, 0, "projection: out of memory");
        goto done;
    }
    k = 0;
    for (u = 0; u < U; u++) {
        double f = s->offset ? s->offset[u] : 0.0;
        for (a = 0; a < A; a++) {
            f += s->mean[u * A + a];
            if (s->sd)
                c.sdf[a * c.npad + u] = (float)s->sd[u * A + a];
        }
        c.fixed[u] = f;
        if (s->kind && s->kind[u] == PROJECT_POOL)
            c.pool_unit[k++] = u;
    }

    T = s->threads < 1 ? 1 : s->threads > MAX_THREADS ? MAX_THREADS : s->threads;
    if ((uint64_t)T > s->draws)
        T = (unsigned)s->draws;
    w = calloc(T, sizeof *w);
    if (!w) {
        diag_set(d, NULL, 0, 0, "projection: out of memory");
        goto done;
    }
    for (t = 0; t < T; t++) {
        w[t].c = &c;
        if (work_alloc(&w[t], &c) != 0) {
            diag_set(d, NULL, 0, 0, "projection: out of memory");
            goto done;
        }
    }

    /* Threads when asked for, or when progress must be reported meanwhile.
     * If a thread cannot be started, this one takes its place. */
    spawn = T > 1 || s->progress;
    if (spawn) {
        unsigned running = 0;
        for (t = 0; t < T; t++) {
            w[t].started = pthread_create(&w[t].tid, NULL, worker, &w[t]) == 0;
            running += (unsigned)w[t].started;
        }
        for (t = 0; t < T; t++)
            if (!w[t].started) {
                run_draws(&w[t]);
                break;
            }
        wait_workers(&c, running);
        for (t = 0; t < T; t++)
            if (w[t].started)
                pthread_join(w[t].tid, NULL);
    } else {
        run_draws(&w[0]);
    }
    if (s->progress)
        s->progress(s->progress_ud, s->draws, s->draws);

    /* The counts of all threads, in thread order (integer sums: any order gives the same). */
    out->units = U;
    out->draws = s->draws;
    out->decimals = s->decimals;
    out->hist = calloc(U * (U + 1), sizeof *out->hist);
    out->above = calloc(U, sizeof *out->above);
    out->key_sum = calloc(U, sizeof *out->key_sum);
    if (!out->hist || !out->above || !out->key_sum) {
        project_result_free(out);
        diag_set(d, NULL, 0, 0, "projection: out of memory");
        goto done;
    }
    for (t = 0; t < T; t++) {
        for (k = 0; k < U * (U + 1); k++)
            out->hist[k] += w[t].hist[k];
        for (u = 0; u < U; u++) {
            out->above[u] += w[t].above[u];
            out->key_sum[u] += w[t].key_sum[u];
        }
    }
    rc = 0;
done:
    if (w) {
        for (t = 0; t < T; t++)
            work_free(&w[t]);
        free(w);
    }
    ctx_free(&c);
    return rc;
}

void project_result_free(ProjectResult *r)
{
    if (!r)
        return;
    free(r->hist);
    free(r->above);
    free(r->key_sum);
    r->hist = NULL;
    r->above = NULL;
    r->key_sum = NULL;
}

int project_rank_quantile(const ProjectResult *r, size_t u, double q)
{
    uint64_t need, cum = 0;
    size_t k;
    if (!r || !r->hist || u >= r->units || r->draws == 0 || !(q > 0))
        return 0;
    if (q > 1)
        q = 1;
    need = (uint64_t)ceil(q * (double)r->draws - 1e-9);
    if (need < 1)
        need = 1;
    for (k = 1; k <= r->units; k++) {
        cum += r->hist[u * (r->units + 1) + k];
        if (cum >= need)
            return (int)k;
    }
    return (int)r->units;
}

double project_p_rank_le(const ProjectResult *r, size_t u, int k)
{
    uint64_t cum = 0;
    int i;
    if (!r || !r->hist || u >= r->units || r->draws == 0)
        return NAN;
    for (i = 1; i <= k && (size_t)i <= r->units; i++)
        cum += r->hist[u * (r->units + 1) + (size_t)i];
    return (double)cum / (double)r->draws;
}

double project_p_above(const ProjectResult *r, size_t u)
{
    if (!r || !r->above || u >= r->units || r->draws == 0)
        return NAN;
    return (double)r->above[u] / (double)r->draws;
}

double project_mean(const ProjectResult *r, size_t u)
{
    if (!r || !r->key_sum || u >= r->units || r->draws == 0)
        return NAN;
    return (double)r->key_sum[u] / (double)r->draws / POW10[r->decimals < 0 ? 0 : r->decimals > 6 ? 6 : r->decimals];
}
