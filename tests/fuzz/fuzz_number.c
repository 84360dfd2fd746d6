/* fuzz_number.c — numbers as Vietnamese and international data write them
 * (number.c): decimal comma, percent, thousands.  The first byte picks the
 * style.  Invariants: a parsed number is finite; written back in the shortest
 * form it reads again as the same value in either style; formatting never
 * overflows its buffer; "missing" agrees with NUM_EMPTY. */
#include "fuzz_util.h"

#include <math.h>
#include <string.h>

#include "number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NumValue v, back;
    NumResult r;
    NumStyle st;
    char buf[64];
    size_t n;
    int dec;
    if (size == 0)
        return 0;
    st = (data[0] & 1) ? NUM_VI : NUM_PLAIN;
    dec = (int)(data[0] >> 1) % 20 - 1;
    data++, size--;
    r = number_parse((const char *)data, size, st, &v);
    if ((r == NUM_EMPTY) != (number_is_missing((const char *)data, size) != 0))
        fuzz_fail("number_is_missing disagrees with number_parse");
    if (r != NUM_OK)
        return 0;
    if (!isfinite(v.value))
        fuzz_fail("a parsed number is not finite");
    if (v.decimals < 0)
        fuzz_fail("negative decimals");
    n = number_format(v.value, -1, st, buf, sizeof buf);
    if (n >= sizeof buf || strlen(buf) != n)
        fuzz_fail("format length");
    if (number_parse(buf, n, st, &back) != NUM_OK || back.value != v.value)
        fuzz_fail("'%.*s' -> %.17g -> '%s' does not read back", (int)size, (const char *)data, v.value, buf);
    n = number_format(v.value, dec, st == NUM_VI ? NUM_PLAIN : NUM_VI, buf, sizeof buf);
    if (n >= sizeof buf)
        fuzz_fail("format length with %d decimals", dec);
    return 0;
}
