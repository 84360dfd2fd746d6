/* rng.h — counter-based random numbers.
 *
 * The value drawn for (seed, stream, counter) is a pure function of the three,
 * so a Monte Carlo run gives the same numbers whatever the thread count or the
 * order in which work is done: give each draw (or unit) its own stream.
 */
#ifndef CHISO_RNG_H
#define CHISO_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t key;     /* seed and stream mixed */
    uint64_t counter;
} Rng;

/* A generator for one stream of a seed. */
Rng rng_stream(uint64_t seed, uint64_t stream);

uint64_t rng_u64(Rng *r);

/* Uniform in [0, 1) with 53 random bits. */
double rng_uniform(Rng *r);

/* Uniform integer in [0, n), without modulo bias; n > 0. */
uint64_t rng_below(Rng *r, uint64_t n);

/* Standard normal (Box–Muller; two uniforms per value, no cached state). */
double rng_normal(Rng *r);

/* Poisson(1) count, for the Poisson bootstrap. */
unsigned rng_poisson1(Rng *r);

#endif
