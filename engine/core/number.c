/* number.c — reading and writing numbers in the plain (dot decimal) and the
 * Vietnamese (decimal comma, dot thousands) styles (number.h).
 *
 * Parsing is a small hand-written scanner, not strtod on the raw text: strtod
 * follows LC_NUMERIC, accepts hex, "infinity" and leading spaces, and cannot
 * tell "1,234" from "1.234".  The scanner checks the shape, collects the
 * digits, and converts them exactly: with integer arithmetic and one correctly
 * rounded multiply or divide when the digits fit in 2^53 and the power of ten
 * is at most 10^22 (exact operands, so the result is the correctly rounded
 * value), otherwise with strtod on a "DIGITSeEXP" string, which has no radix
 * character and so reads the same in every locale.
 *
 * Decisions the header leaves open:
 *   - ".5" (plain) and ",5" (Vietnamese) are accepted as 0.5; "5." and "5,"
 *     are accepted as 5 with no decimals (spreadsheets, Stata and R write both).
 *   - Missing-value tokens are matched case-insensitively ("na", "n/a").
 *   - Spacing is ' ', TAB, U+00A0, U+2007, U+2009 and U+202F.  Inside the digits
 *     it is a thousands separator in both styles (groups of exactly three).
 *   - U+2212 MINUS SIGN is a minus.
 *   - Exponents ("1e3", "1,5E-2") are accepted in both styles; `decimals` is
 *     then the number of decimals needed to write the value without exponent
 *     (capped at NUM_MAX_DECIMALS).
 *   - A grouped number may not start with a 0 group ("0.500" in the
 *     Vietnamese style is a mistyped decimal, not 500).
 *   - -0 reads as 0.
 *   - Only digits with separators, sign, exponent and '%' can be MALFORMED or
 *     AMBIGUOUS; anything with other characters ("2023-01-05", "0x1A",
 *     "(5)") is NUM_TEXT, so such a column becomes text instead of an error.
 *     "- 5" (space after the sign) is MALFORMED.
 */
#include "number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_MAX_DECIMALS 15
#define NUM_MAX_DIGITS 400 /* significant digits kept for strtod; more cannot matter */

/* Reasons, as static text (NumValue.why). */
static const char W_SIGN_SPACE[] = "space between the sign and the digits";
static const char W_TWO_SEPS[] = "two separators in a row";
static const char W_MULTI_DOT[] = "more than one decimal point";
static const char W_MULTI_COMMA[] = "more than one decimal comma";
static const char W_SEP_AFTER_DEC[] = "a thousands separator after the decimal mark";
static const char W_MIXED_GROUPS[] = "mixed thousands separators";
static const char W_PLAIN_COMMA[] = "a comma is not a decimal mark in the plain style";
static const char W_PLAIN_GROUPS[] = "comma thousands groups must have exactly three digits";
static const char W_VI_DOT[] =
    "'.' separates thousands in the Vietnamese style and must be followed by exactly three digits";
static const char W_SPACE_GROUPS[] = "space-separated digit groups must have exactly three digits";
static const char W_ZERO_GROUP[] = "a number with thousands separators cannot start with 0";
static const char W_AMBIGUOUS[] =
    "',' may separate thousands or be a decimal comma; the number style must be declared";
static const char W_RANGE[] = "outside the range of a double";
static const char W_NAN[] = "not a number (NaN)";
static const char W_INF[] = "infinite";

/* Length of the spacing character at s[0..n), or 0. */
static size_t space_at(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) /* U+00A0 NO-BREAK SPACE */
        return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x87 || s[2] == 0x89 || s[2] == 0xAF)) /* U+2007, U+2009, U+202F */
        return 3;
    return 0;
}

/* Length of the spacing character that ends s[0..n), or 0. */
static size_t space_before(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 &&
        (s[n - 1] == 0x87 || s[n - 1] == 0x89 || s[n - 1] == 0xAF))
        return 3;
    return 0;
}

static void trim(const unsigned char **s, size_t *n)
{
    size_t k;
    while (*n && (k = space_at(*s, *n)) != 0) {
        *s += k;
        *n -= k;
    }
    while (*n && (k = space_before(*s, *n)) != 0)
        *n -= k;
}

/* ASCII case-insensitive equality of s[0..n) and the lower-case word w. */
static int word_eq(const unsigned char *s, size_t n, const char *w)
{
    size_t i;
    if (strlen(w) != n)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)w[i])
            return 0;
    }
    return 1;
}

static int is_missing_token(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 1;
    if (word_eq(s, n, "na") || word_eq(s, n, "n/a") || word_eq(s, n, "#n/a"))
        return 1;
    if (n == 1 && s[0] == '-')
        return 1;
    /* U+2013 EN DASH, U+2014 EM DASH */
    if (n == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94))
        return 1;
    return 0;
}

int number_is_missing(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!s)
        return 1;
    trim(&p, &len);
    return is_missing_token(p, len);
}

/* Separator kinds inside the mantissa. */
enum { SEP_NONE = 0, SEP_DOT, SEP_COMMA, SEP_SPACE };

#define NUM_MAX_RUNS 64 /* digit groups in one number; more is not a number anyone writes */

/* Convert the decimal digits d[0..nd) times 10^e10 to a double. */
static double digits_to_double(const char *d, size_t nd, long e10)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    while (nd && d[0] == '0') { /* leading zeros carry no value */
        d++;
        nd--;
    }
    if (nd == 0)
        return 0.0;
    while (nd > 1 && d[nd - 1] == '0') { /* trailing zeros move into the exponent */
        nd--;
        e10++;
    }
    if (nd <= 15) {
        uint64_t m = 0;
        size_t i;
        for (i = 0; i < nd; i++)
            m = m * 10 + (uint64_t)(d[i] - '0');
        if (e10 == 0)
            return (double)m;
        if (e10 > 0 && e10 <= 22)
            return (double)m * pow10[e10];
        if (e10 < 0 && e10 >= -22)
            return (double)m / pow10[-e10];
    }
    {
        /* "DIGITSeEXP" has no radix character, so strtod reads it the same
         * under any LC_NUMERIC. */
        char buf[NUM_MAX_DIGITS + 32];
        memcpy(buf, d, nd);
        snprintf(buf + nd, sizeof buf - nd, "e%ld", e10);
        return strtod(buf, NULL);
    }
}

static NumResult finish(NumValue *out, NumResult r, const char *why)
{
    out->why = why;
    if (r != NUM_OK && r != NUM_AMBIGUOUS) {
        out->value = NAN;
        out->percent = 0;
        out->decimals = 0;
    }
    return r;
}

/* The mantissa as written: run[0] sep[1] run[1] ... sep[k] run[k], where a run
 * is a (possibly empty) string of digits and a separator is '.', ',' or spacing. */
typedef struct Mantissa {
    size_t k;                         /* number of separators */
    size_t run[NUM_MAX_RUNS + 1];     /* digits in each run */
    char lead0[NUM_MAX_RUNS + 1];     /* run starts with '0' */
    unsigned char sep[NUM_MAX_RUNS + 1]; /* sep[i] precedes run[i]; sep[0] unused */
    char digits[NUM_MAX_DIGITS];      /* significant digits kept */
    size_t kept, ndig;
} Mantissa;

/* Split p[0..n) into runs and separators.  Returns 0, or NUM_TEXT for a
 * character that cannot be part of a number, or NUM_MALFORMED for too many groups. */
static int mantissa_scan(const unsigned char *p, size_t n, Mantissa *m)
{
    size_t i = 0;
    m->k = 0;
    m->run[0] = 0;
    m->lead0[0] = 0;
    m->kept = m->ndig = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t w;
        if (c >= '0' && c <= '9') {
            if (m->run[m->k] == 0)
                m->lead0[m->k] = c == '0';
            m->run[m->k]++;
            m->ndig++;
            if (m->kept < NUM_MAX_DIGITS)
                m->digits[m->kept++] = (char)c;
            i++;
            continue;
        }
        if (c == '.' || c == ',') {
            w = 1;
            c = c == '.' ? SEP_DOT : SEP_COMMA;
        } else if ((w = space_at(p + i, n - i)) != 0) {
            c = SEP_SPACE;
        } else {
            return NUM_TEXT;
        }
        if (m->k == NUM_MAX_RUNS)
            return NUM_MALFORMED;
        m->k++;
        m->sep[m->k] = c;
        m->run[m->k] = 0;
        m->lead0[m->k] = 0;
        i += w;
    }
    return 0;
}

/* The bulk of survey data: up to 15 digits with at most one decimal mark
 * between them ("4", "87.57").  The same arithmetic as digits_to_double, so
 * the same value.  Returns 1 when it handled s. */
static int parse_simple(const char *s, size_t len, NumStyle style, NumValue *out)
{
    static const double p10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6, 1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};
    const char mark = style == NUM_VI ? ',' : '.';
    uint64_t m = 0;
    size_t i, dpos = 0, frac;
    if (len == 0 || len > 15)
        return 0;
    for (i = 0; i < len; i++) {
        unsigned dg = (unsigned)(unsigned char)s[i] - '0';
        if (dg < 10)
            m = m * 10 + dg;
        else if (s[i] == mark && !dpos && i > 0 && i + 1 < len)
            dpos = i;
        else
            return 0;
    }
    frac = dpos ? len - dpos - 1 : 0;
    out->value = frac ? (double)m / p10[frac] : (double)m;
    out->decimals = (int)frac;
    return 1;
}

NumResult number_parse(const char *s, size_t len, NumStyle style, NumValue *out)
{
    NumValue tmp;
    Mantissa m;
    const unsigned char *p = (const unsigned char *)s, *end;
    const int dec = style == NUM_VI ? SEP_COMMA : SEP_DOT;
    int neg = 0, r;
    long exp10 = 0, e10;
    size_t i, ndec = 0, d = 0, nint, frac;
    int has_exp = 0;
    double v;

    if (!out)
        out = &tmp;
    out->value = NAN;
    out->percent = 0;
    out->decimals = 0;
    out->why = NULL;
    if (!s)
        return NUM_EMPTY;

    if (parse_simple(s, len, style, out))
        return NUM_OK;

    trim(&p, &len);
    if (len == 0 || ((*p < '0' || *p > '9') && is_missing_token(p, len)))
        return NUM_EMPTY;
    end = p + len;

    /* One trailing '%', possibly after spaces ("87,57 %"). */
    if (end[-1] == '%') {
        out->percent = 1;
        len--;
        while (len && space_before(p, len))
            len -= space_before(p, len);
        end = p + len;
        if (len == 0)
            return finish(out, NUM_TEXT, NULL);
    }

    /* Sign: '+', '-' or U+2212 MINUS SIGN. */
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    } else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
        neg = 1;
        p += 3;
    }
    if (p == end)
        return finish(out, NUM_TEXT, NULL);

    if (word_eq(p, (size_t)(end - p), "nan"))
        return finish(out, NUM_NOT_FINITE, W_NAN);
    if (word_eq(p, (size_t)(end - p), "inf") || word_eq(p, (size_t)(end - p), "infinity"))
        return finish(out, NUM_NOT_FINITE, W_INF);

    /* Exponent: [eE][+-]?digits at the very end, after at least one character. */
    {
        const unsigned char *q = end, *e;
        while (q > p && q[-1] >= '0' && q[-1] <= '9')
            q--;
        e = q;
        if (e < end && e > p && (e[-1] == '+' || e[-1] == '-'))
            e--;
        if (q < end && e - 1 > p && (e[-1] == 'e' || e[-1] == 'E')) {
            const unsigned char *t;
            for (t = q; t < end; t++)
                if (exp10 < 100000) /* saturate: 1e100000 is out of range anyway */
                    exp10 = exp10 * 10 + (*t - '0');
            if (*e == '-')
                exp10 = -exp10;
            end = e - 1;
            has_exp = 1;
        }
    }

    if (space_at(p, (size_t)(end - p))) {
        /* "- 5": numeric if the rest is, but not a number we accept */
        r = mantissa_scan(p, (size_t)(end - p), &m);
        if (r == NUM_TEXT || m.ndig == 0)
            return finish(out, NUM_TEXT, NULL);
        return finish(out, NUM_MALFORMED, W_SIGN_SPACE);
    }
    r = mantissa_scan(p, (size_t)(end - p), &m);
    if (r == NUM_TEXT || (r == 0 && m.ndig == 0))
        return finish(out, NUM_TEXT, NULL);
    if (r == NUM_MALFORMED)
        return finish(out, NUM_MALFORMED, W_TWO_SEPS);

    /* Judge the shape, the most telling reason first. */
    for (i = 1; i <= m.k; i++)
        if (m.sep[i] == dec) {
            ndec++;
            if (ndec == 1)
                d = i;
        }
    if (ndec > 1)
        return finish(out, NUM_MALFORMED, style == NUM_VI ? W_MULTI_COMMA : W_MULTI_DOT);
    nint = ndec ? d - 1 : m.k; /* index of the last integer run */
    for (i = 1; i < m.k; i++)
        if (m.run[i] == 0) /* "1,,5", "1. 5" */
            return finish(out, NUM_MALFORMED, W_TWO_SEPS);
    if (ndec && d < m.k)
        return finish(out, NUM_MALFORMED, W_SEP_AFTER_DEC);
    for (i = 2; i <= nint; i++)
        if (m.sep[i] != m.sep[1])
            return finish(out, NUM_MALFORMED, W_MIXED_GROUPS);
    if (nint >= 1) {
        /* Thousands groups: 1-3 digits (not a lone 0 or a leading 0), then threes. */
        int ok = m.run[0] >= 1 && m.run[0] <= 3, zero = m.lead0[0];
        for (i = 1; i <= nint; i++)
            if (m.run[i] != 3)
                ok = 0;
        if (!ok || zero) {
            if (m.sep[1] == SEP_COMMA && style == NUM_PLAIN)
                return finish(out, NUM_MALFORMED,
                              nint == 1 && !ndec ? W_PLAIN_COMMA : ok ? W_ZERO_GROUP : W_PLAIN_GROUPS);
            if (ok)
                return finish(out, NUM_MALFORMED, W_ZERO_GROUP);
            return finish(out, NUM_MALFORMED, m.sep[1] == SEP_SPACE ? W_SPACE_GROUPS : W_VI_DOT);
        }
    }

    /* The value: the digits times 10^(exp - fraction digits + digits not kept). */
    frac = ndec ? m.run[d] : 0;
    e10 = exp10 - (long)frac + (long)(m.ndig - m.kept);
    v = digits_to_double(m.digits, m.kept, e10);
    if (isinf(v))
        return finish(out, NUM_NOT_FINITE, W_RANGE);
    if (neg)
        v = -v;
    if (v == 0)
        v = 0.0; /* no negative zero */
    out->value = v;
    {
        long dd = has_exp ? (long)frac - exp10 : (long)frac;
        if (dd < 0)
            dd = 0;
        if (dd > NUM_MAX_DECIMALS)
            dd = NUM_MAX_DECIMALS;
        out->decimals = (int)dd;
    }
    /* "12,345" in the plain style: thousands (12345) or a decimal comma (12.345).
     * value holds the thousands reading, for callers whose style is declared. */
    if (style == NUM_PLAIN && nint == 1 && !ndec && m.sep[1] == SEP_COMMA)
        return finish(out, NUM_AMBIGUOUS, W_AMBIGUOUS);
    return finish(out, NUM_OK, NULL);
}

/* Replace the radix character snprintf wrote (whatever LC_NUMERIC says) by
 * the style's mark, and drop the sign of a value that printed as zero. */
static size_t fix_text(char *t, size_t n, NumStyle style)
{
    size_t i;
    int nonzero = 0;
    for (i = 0; i < n; i++) {
        if (t[i] == '.' || t[i] == ',')
            t[i] = style == NUM_VI ? ',' : '.';
        else if (t[i] >= '1' && t[i] <= '9')
            nonzero = 1;
        else if (t[i] == 'e' || t[i] == 'E')
            break; /* exponent digits do not make the value non-zero */
    }
    if (t[0] == '-' && !nonzero) {
        memmove(t, t + 1, n);
        n--;
    }
    return n;
}

size_t number_format(double v, int decimals, NumStyle style, char *buf, size_t n)
{
    char t[512];
    int k;
    size_t len;

    if (!buf || n == 0)
        return 0;
    if (isnan(v)) {
        buf[0] = '\0'; /* missing: an empty cell */
        return 0;
    }
    if (isinf(v)) {
        len = v < 0 ? 4 : 3;
        if (len >= n)
            len = n - 1;
        memcpy(buf, v < 0 ? "-inf" : "inf", len);
        buf[len] = '\0';
        return len;
    }
    if (decimals >= 0) {
        if (decimals > 30)
            decimals = 30;
        k = snprintf(t, sizeof t, "%.*f", decimals, v);
    } else {
        /* Shortest exact text: %.15g reads back for any value written with up
         * to 15 significant digits; a few need 16 or 17. */
        int prec;
        k = 0;
        for (prec = 15; prec <= 17; prec++) {
            NumValue back;
            k = snprintf(t, sizeof t, "%.*g", prec, v);
            if (k < 0)
                break;
            fix_text(t, (size_t)k, NUM_PLAIN);
            if (number_parse(t, strlen(t), NUM_PLAIN, &back) == NUM_OK && back.value == v)
                break;
        }
    }
    if (k < 0)
        t[0] = '\0';
    len = fix_text(t, strlen(t), style);
    if (len >= n)
        len = n - 1;
    memcpy(buf, t, len);
    buf[len] = '\0';
    return len;
}
