/* fuzz_util.h — what the fuzz targets share.
 *
 * Each target defines LLVMFuzzerTestOneInput (libFuzzer's entry point).  Built
 * with clang -fsanitize=fuzzer,address,undefined by `make fuzz`; built with
 * the ordinary compiler and tests/fuzz/replay.c by `make tests`, it replays
 * its seed corpus and every regression input (tests/fuzz/regress/NAME/), so
 * what a fuzzer once found stays fixed under `make test`, the sanitizer build
 * and valgrind.
 *
 * A broken invariant calls fuzz_fail(), which prints and aborts: libFuzzer
 * then saves the input.
 */
#ifndef CHISO_FUZZ_UTIL_H
#define CHISO_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef CHISO_SRC_DIR
#define CHISO_SRC_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_fail(...)                                                           \
    do {                                                                         \
        fprintf(stderr, "fuzz invariant broken (%s:%d): ", __FILE__, __LINE__);  \
        fprintf(stderr, __VA_ARGS__);                                            \
        fputc('\n', stderr);                                                     \
        abort();                                                                 \
    } while (0)

#endif
