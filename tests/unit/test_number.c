/* test_number.c — number_parse, number_is_missing and number_format in both
 * styles: the accepted forms, the rejected ones with their reasons, exact
 * values, and shortest round-trip formatting.
 */
#include "test_util.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "number.h"

typedef struct Case {
    const char *text;
    NumStyle style;
    NumResult result;
    double value;      /* checked for NUM_OK and NUM_AMBIGUOUS */
    int percent;
    int decimals;
    const char *why;   /* substring of the reason, or NULL */
} Case;

#define P NUM_PLAIN
#define V NUM_VI

static const Case cases[] = {
    /* plain */
    {"87.57", P, NUM_OK, 87.57, 0, 2, NULL},
    {"-3", P, NUM_OK, -3, 0, 0, NULL},
    {"+5", P, NUM_OK, 5, 0, 0, NULL},
    {"0", P, NUM_OK, 0, 0, 0, NULL},
    {"-0", P, NUM_OK, 0, 0, 0, NULL},
    {"87.50", P, NUM_OK, 87.5, 0, 2, NULL},
    {"87.57%", P, NUM_OK, 87.57, 1, 2, NULL},
    {" 87.57 % ", P, NUM_OK, 87.57, 1, 2, NULL},
    {"1,234.5", P, NUM_OK, 1234.5, 0, 1, NULL},
    {"1,234,567.89", P, NUM_OK, 1234567.89, 0, 2, NULL},
    {"1,234,567", P, NUM_OK, 1234567, 0, 0, NULL},
    {"1 234.5", P, NUM_OK, 1234.5, 0, 1, NULL},
    {"1e3", P, NUM_OK, 1000, 0, 0, NULL},
    {"1E-2", P, NUM_OK, 0.01, 0, 2, NULL},
    {"1.25e1", P, NUM_OK, 12.5, 0, 1, NULL},
    {"2.5E+3", P, NUM_OK, 2500, 0, 0, NULL},
    {".5", P, NUM_OK, 0.5, 0, 1, NULL},
    {"5.", P, NUM_OK, 5, 0, 0, NULL},
    {"-.5", P, NUM_OK, -0.5, 0, 1, NULL},
    {"\xE2\x88\x92" "5", P, NUM_OK, -5, 0, 0, NULL},             /* U+2212 minus */
    {"\xC2\xA0" "12.5\xC2\xA0", P, NUM_OK, 12.5, 0, 1, NULL},     /* NBSP padding */
    {"123456789012345", P, NUM_OK, 123456789012345.0, 0, 0, NULL},
    {"12345678901234567890", P, NUM_OK, 12345678901234567890.0, 0, 0, NULL},
    {"0.1", P, NUM_OK, 0.1, 0, 1, NULL},
    {"1e-400", P, NUM_OK, 0, 0, 15, NULL},
    {"12,345", P, NUM_AMBIGUOUS, 12345, 0, 0, "thousands"},
    {"1,234", P, NUM_AMBIGUOUS, 1234, 0, 0, "decimal comma"},
    {"87,57", P, NUM_MALFORMED, 0, 0, 0, "comma is not a decimal mark"},
    {"12,5", P, NUM_MALFORMED, 0, 0, 0, "comma is not a decimal mark"},
    {"-0,5", P, NUM_MALFORMED, 0, 0, 0, "comma is not a decimal mark"},
    {"0,500", P, NUM_MALFORMED, 0, 0, 0, "comma is not a decimal mark"},
    {"1,2345", P, NUM_MALFORMED, 0, 0, 0, "comma is not a decimal mark"},
    {"1.2.3", P, NUM_MALFORMED, 0, 0, 0, "more than one decimal point"},
    {"1.234.567,89", P, NUM_MALFORMED, 0, 0, 0, "more than one decimal point"},
    {"1.234,5", P, NUM_MALFORMED, 0, 0, 0, "after the decimal mark"},
    {"1,23,456", P, NUM_MALFORMED, 0, 0, 0, "three digits"},
    {"1,,5", P, NUM_MALFORMED, 0, 0, 0, "two separators"},
    {"- 5", P, NUM_MALFORMED, 0, 0, 0, "sign"},
    {"12 34", P, NUM_MALFORMED, 0, 0, 0, "three digits"},
    {"1e309", P, NUM_NOT_FINITE, 0, 0, 0, "range"},
    {"-1e309", P, NUM_NOT_FINITE, 0, 0, 0, "range"},
    {"nan", P, NUM_NOT_FINITE, 0, 0, 0, "NaN"},
    {"NaN", P, NUM_NOT_FINITE, 0, 0, 0, "NaN"},
    {"inf", P, NUM_NOT_FINITE, 0, 0, 0, "infinite"},
    {"-Infinity", P, NUM_NOT_FINITE, 0, 0, 0, "infinite"},
    {"INF%", P, NUM_NOT_FINITE, 0, 0, 0, NULL},
    {"abc", P, NUM_TEXT, 0, 0, 0, NULL},
    {"2023-01-05", P, NUM_TEXT, 0, 0, 0, NULL},
    {"12abc", P, NUM_TEXT, 0, 0, 0, NULL},
    {"0x1A", P, NUM_TEXT, 0, 0, 0, NULL},
    {"1e", P, NUM_TEXT, 0, 0, 0, NULL},
    {"e5", P, NUM_TEXT, 0, 0, 0, NULL},
    {"%", P, NUM_TEXT, 0, 0, 0, NULL},
    {"5%%", P, NUM_TEXT, 0, 0, 0, NULL},
    {".", P, NUM_TEXT, 0, 0, 0, NULL},
    {"+", P, NUM_TEXT, 0, 0, 0, NULL},
    {"(5)", P, NUM_TEXT, 0, 0, 0, NULL},
    {"", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"   ", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"NA", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"n/a", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"#N/A", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"-", P, NUM_EMPTY, 0, 0, 0, NULL},
    {"\xE2\x80\x93", P, NUM_EMPTY, 0, 0, 0, NULL}, /* en dash */
    {" \xE2\x80\x94 ", P, NUM_EMPTY, 0, 0, 0, NULL}, /* em dash */
    /* Vietnamese */
    {"87,57", V, NUM_OK, 87.57, 0, 2, NULL},
    {"87,57%", V, NUM_OK, 87.57, 1, 2, NULL},
    {" 87,57 % ", V, NUM_OK, 87.57, 1, 2, NULL},
    {"-0,5", V, NUM_OK, -0.5, 0, 1, NULL},
    {"15.833", V, NUM_OK, 15833, 0, 0, NULL},
    {"1.234.567,89", V, NUM_OK, 1234567.89, 0, 2, NULL},
    {"1.234.567,5", V, NUM_OK, 1234567.5, 0, 1, NULL},
    {"12,345", V, NUM_OK, 12.345, 0, 3, NULL},
    {"1 234 567,5", V, NUM_OK, 1234567.5, 0, 1, NULL},
    {"1\xC2\xA0" "234,5", V, NUM_OK, 1234.5, 0, 1, NULL},          /* NBSP group */
    {"1\xE2\x80\xAF" "234\xE2\x80\xAF" "567", V, NUM_OK, 1234567, 0, 0, NULL}, /* NNBSP */
    {"\xE2\x80\xAF" "5,5\xC2\xA0%", V, NUM_OK, 5.5, 1, 1, NULL},
    {",5", V, NUM_OK, 0.5, 0, 1, NULL},
    {"5,", V, NUM_OK, 5, 0, 0, NULL},
    {"1,5e3", V, NUM_OK, 1500, 0, 0, NULL},
    {"\xE2\x88\x92" "2,5", V, NUM_OK, -2.5, 0, 1, NULL},
    {"43.83", V, NUM_MALFORMED, 0, 0, 0, "exactly three digits"},
    {"87.57%", V, NUM_MALFORMED, 0, 0, 0, "exactly three digits"},
    {"0.500", V, NUM_MALFORMED, 0, 0, 0, "cannot start with 0"},
    {"1.2.3", V, NUM_MALFORMED, 0, 0, 0, "exactly three digits"},
    {".5", V, NUM_MALFORMED, 0, 0, 0, "exactly three digits"},
    {"1,234,567.89", V, NUM_MALFORMED, 0, 0, 0, "more than one decimal comma"},
    {"1.234 567", V, NUM_MALFORMED, 0, 0, 0, "mixed"},
    {"1,5.3", V, NUM_MALFORMED, 0, 0, 0, "after the decimal mark"},
    {"nan", V, NUM_NOT_FINITE, 0, 0, 0, NULL},
    {"1e309", V, NUM_NOT_FINITE, 0, 0, 0, NULL},
    {"Hà Nội", V, NUM_TEXT, 0, 0, 0, NULL},
    {"NA", V, NUM_EMPTY, 0, 0, 0, NULL},
};

static void test_parse_cases(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        NumValue v;
        NumResult r = number_parse(c->text, strlen(c->text), c->style, &v);
        if (r != c->result)
            fail_msg("'%s' (%s): result %d, expected %d (%s)", c->text,
                     c->style == NUM_VI ? "vi" : "plain", (int)r, (int)c->result,
                     v.why ? v.why : "");
        if (r == NUM_OK || r == NUM_AMBIGUOUS) {
            if (v.value != c->value)
                fail_msg("'%s': value %.17g, expected %.17g", c->text, v.value, c->value);
        } else {
            assert_true(isnan(v.value));
        }
        if (r == NUM_OK) {
            if (v.percent != c->percent || v.decimals != c->decimals)
                fail_msg("'%s': percent %d decimals %d, expected %d %d", c->text, v.percent,
                         v.decimals, c->percent, c->decimals);
            assert_null(v.why);
            assert_false(signbit(v.value) && v.value == 0); /* no -0 */
        }
        if (r == NUM_MALFORMED || r == NUM_AMBIGUOUS || r == NUM_NOT_FINITE)
            assert_non_null(v.why);
        if (c->why)
            assert_contains(v.why, c->why);
    }
}

/* The length bounds the text: no reading past len, no NUL needed. */
static void test_parse_respects_len(void **state)
{
    NumValue v;
    (void)state;
    assert_int_equal(number_parse("12345", 2, NUM_PLAIN, &v), NUM_OK);
    assert_true(v.value == 12);
    assert_int_equal(number_parse("87,57%xyz", 5, NUM_VI, &v), NUM_OK);
    assert_true(v.value == 87.57 && !v.percent);
    assert_int_equal(number_parse("87,57%xyz", 6, NUM_VI, &v), NUM_OK);
    assert_true(v.value == 87.57 && v.percent);
    assert_int_equal(number_parse("1e3", 2, NUM_PLAIN, &v), NUM_TEXT);
    assert_int_equal(number_parse("abc", 0, NUM_PLAIN, &v), NUM_EMPTY);
    assert_int_equal(number_parse(NULL, 0, NUM_PLAIN, &v), NUM_EMPTY);
    /* out may be NULL */
    assert_int_equal(number_parse("3", 1, NUM_PLAIN, NULL), NUM_OK);
    {
        /* not NUL-terminated, in a heap block of exactly that size (ASan checks) */
        char *s = malloc(4);
        assert_non_null(s);
        memcpy(s, "2,5%", 4);
        assert_int_equal(number_parse(s, 4, NUM_VI, &v), NUM_OK);
        assert_true(v.value == 2.5 && v.percent);
        memcpy(s, "1e30", 4);
        assert_int_equal(number_parse(s, 4, NUM_PLAIN, &v), NUM_OK);
        assert_true(v.value == 1e30);
        free(s);
    }
}

/* Every value must be exactly what strtod (correctly rounded) gives. */
static void test_parse_exact(void **state)
{
    unsigned seed = 12345;
    int i;
    (void)state;
    for (i = 0; i < 20000; i++) {
        char buf[64], vi[64];
        int ndig, k, len = 0, point;
        NumValue v;
        double want;
        seed = seed * 1103515245u + 12345u;
        ndig = 1 + (int)((seed >> 16) % 20);
        seed = seed * 1103515245u + 12345u;
        point = (int)((seed >> 16) % (unsigned)(ndig + 1));
        for (k = 0; k < ndig; k++) {
            if (k == point && k > 0)
                buf[len++] = '.';
            seed = seed * 1103515245u + 12345u;
            buf[len++] = (char)('0' + (seed >> 16) % 10);
        }
        buf[len] = '\0';
        want = strtod(buf, NULL);
        assert_int_equal(number_parse(buf, (size_t)len, NUM_PLAIN, &v), NUM_OK);
        if (v.value != want)
            fail_msg("'%s': %.17g, strtod %.17g", buf, v.value, want);
        /* the same digits with a decimal comma, in the Vietnamese style */
        memcpy(vi, buf, (size_t)len + 1);
        for (k = 0; k < len; k++)
            if (vi[k] == '.')
                vi[k] = ',';
        assert_int_equal(number_parse(vi, (size_t)len, NUM_VI, &v), NUM_OK);
        assert_true(v.value == want);
    }
    {
        NumValue v;
        const char *s = "0.30000000000000004";
        assert_int_equal(number_parse(s, strlen(s), NUM_PLAIN, &v), NUM_OK);
        assert_true(v.value == 0.1 + 0.2);
        s = "1.7976931348623157e308";
        assert_int_equal(number_parse(s, strlen(s), NUM_PLAIN, &v), NUM_OK);
        assert_true(v.value == DBL_MAX);
        s = "4.9406564584124654e-324";
        assert_int_equal(number_parse(s, strlen(s), NUM_PLAIN, &v), NUM_OK);
        assert_true(v.value > 0 && v.value < 1e-323);
    }
}

static void test_is_missing(void **state)
{
    (void)state;
    assert_true(number_is_missing("", 0));
    assert_true(number_is_missing("  ", 2));
    assert_true(number_is_missing("NA", 2));
    assert_true(number_is_missing(" N/A ", 5));
    assert_true(number_is_missing("#N/A", 4));
    assert_true(number_is_missing("-", 1));
    assert_true(number_is_missing("\xE2\x80\x93", 3));
    assert_true(number_is_missing("\xE2\x80\x94", 3));
    assert_true(number_is_missing("\xC2\xA0", 2));
    assert_false(number_is_missing("0", 1));
    assert_false(number_is_missing("NAM", 3));
    assert_false(number_is_missing("--", 2));
    assert_false(number_is_missing("Hà Nội", strlen("Hà Nội")));
}

static void check_format(double v, int dec, NumStyle st, const char *want)
{
    char buf[128];
    size_t n = number_format(v, dec, st, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fail_msg("format(%.17g, %d, %s) = '%s', expected '%s'", v, dec, st ? "vi" : "plain", buf,
                 want);
    assert_int_equal(n, strlen(want));
}

static void test_format(void **state)
{
    char small[5];
    (void)state;
    check_format(87.57, 2, NUM_PLAIN, "87.57");
    check_format(87.57, 2, NUM_VI, "87,57");
    check_format(87.5, 2, NUM_VI, "87,50");
    check_format(1234567.891, 1, NUM_VI, "1234567,9"); /* no thousands separator */
    check_format(2.5, 0, NUM_PLAIN, "2");              /* round half to even, like printf */
    check_format(-0.001, 2, NUM_PLAIN, "0.00");        /* no "-0.00" */
    check_format(-0.0, -1, NUM_PLAIN, "0");
    check_format(-1.5, 1, NUM_PLAIN, "-1.5");
    check_format(0.1, -1, NUM_PLAIN, "0.1");
    check_format(87.57, -1, NUM_VI, "87,57");
    check_format(1.0 / 3, -1, NUM_PLAIN, "0.3333333333333333");
    check_format(0.1 + 0.2, -1, NUM_PLAIN, "0.30000000000000004");
    check_format(100, -1, NUM_PLAIN, "100");
    check_format(1e21, -1, NUM_PLAIN, "1e+21");
    check_format(1.5e-7, -1, NUM_VI, "1,5e-07");
    check_format(NAN, 2, NUM_PLAIN, "");
    check_format(INFINITY, 2, NUM_PLAIN, "inf");
    check_format(-INFINITY, -1, NUM_VI, "-inf");
    /* truncation: returns what was written */
    assert_int_equal(number_format(123456.5, 1, NUM_PLAIN, small, sizeof small), 4);
    assert_string_equal(small, "1234");
    assert_int_equal(number_format(1, 0, NUM_PLAIN, small, 0), 0);
    assert_int_equal(number_format(1, 0, NUM_PLAIN, NULL, 10), 0);
}

/* decimals < 0 reads back as exactly the same double. */
static void test_format_round_trip(void **state)
{
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    int i;
    (void)state;
    for (i = 0; i < 20000; i++) {
        double v;
        char buf[64];
        NumValue back;
        NumStyle st = (i & 1) ? NUM_VI : NUM_PLAIN;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (i % 3 == 0) {
            memcpy(&v, &x, sizeof v); /* any bit pattern */
            if (!isfinite(v))
                continue;
        } else {
            v = (double)(x % 100000000) / 100.0 * ((i & 2) ? -1 : 1); /* survey-like values */
        }
        number_format(v, -1, st, buf, sizeof buf);
        if (number_parse(buf, strlen(buf), st, &back) != NUM_OK || back.value != v)
            fail_msg("%.17g -> '%s' does not read back (%s)", v, buf, back.why ? back.why : "");
        if (strlen(buf) > 24)
            fail_msg("'%s' is too long", buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_cases),
        cmocka_unit_test(test_parse_respects_len),
        cmocka_unit_test(test_parse_exact),
        cmocka_unit_test(test_is_missing),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
