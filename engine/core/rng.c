/* rng.c — counter-based generator: SplitMix64's finaliser applied to a key
 * and an incrementing counter.  Each output is an independent hash, which is
 * what makes streams reproducible in any order. */
#include "rng.h"

#include <math.h>

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Rng rng_stream(uint64_t seed, uint64_t stream)
{
    Rng r;
    /* Two rounds so that nearby seeds and streams give unrelated keys. */
    r.key = mix(mix(seed + 0x9e3779b97f4a7c15ULL) ^ (stream * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL));
    r.counter = 0;
    return r;
}

uint64_t rng_u64(Rng *r)
{
    return mix(r->key + 0x9e3779b97f4a7c15ULL * ++r->counter);
}

double rng_uniform(Rng *r)
{
    return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

uint64_t rng_below(Rng *r, uint64_t n)
{
    /* Lemire's multiply-and-reject method. */
    uint64_t x = rng_u64(r);
    __uint128_t m = (__uint128_t)x * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t t = -n % n;
        while (lo < t) {
            x = rng_u64(r);
            m = (__uint128_t)x * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double rng_normal(Rng *r)
{
    double u1 = rng_uniform(r), u2 = rng_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

unsigned rng_poisson1(Rng *r)
{
    /* Inversion with the cumulative probabilities of Poisson(1). */
    static const double cdf[] = {0.36787944117144233, 0.7357588823428847, 0.9196986029286058, 0.9810118431238462,
                                 0.9963401531726563,  0.9994058151824183, 0.9999167588507119, 0.9999897508033253,
                                 0.9999988747974400,  0.9999998885745217, 0.9999999899522336};
    double u = rng_uniform(r);
    unsigned k;
    for (k = 0; k < sizeof cdf / sizeof cdf[0]; k++)
        if (u < cdf[k])
            return k;
    return k;
}
