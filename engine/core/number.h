/* number.h — numbers as Vietnamese and international data write them.
 *
 * Two styles:
 *   NUM_PLAIN  dot decimal: "87.57", "-3", "1e3", "87.57%".  A comma is never a
 *              decimal mark here; "1,234.5" (comma thousands AND a dot decimal)
 *              is accepted, "1,234" is ambiguous, "87,57" is malformed (with a
 *              hint to declare the Vietnamese style).
 *   NUM_VI     decimal comma, dot thousands: "87,57", "87,57%", "15.833" (=15833),
 *              "1.234.567,5".  Dot groups must have exactly three digits, so
 *              "43.83" is malformed in this style.
 * Both: optional sign, surrounding spaces, one trailing '%' (the value is kept
 * as written: "87,57%" gives 87.57 with percent set), non-breaking spaces as
 * spaces.  "nan", "inf", "infinity" and values outside the double range
 * ("1e309") are NUM_NOT_FINITE.  Empty text and the missing-value tokens
 * ("NA", "N/A", "#N/A", "-", "–", "—") are NUM_EMPTY.
 */
#ifndef CHISO_NUMBER_H
#define CHISO_NUMBER_H

#include <stddef.h>

typedef enum NumStyle { NUM_PLAIN = 0, NUM_VI = 1 } NumStyle;

typedef enum NumResult {
    NUM_OK = 0,
    NUM_EMPTY,      /* empty or a missing-value token */
    NUM_TEXT,       /* does not look like a number at all: a text value */
    NUM_MALFORMED,  /* looks numeric but is not valid in this style */
    NUM_AMBIGUOUS,  /* more than one reading; the style must be declared */
    NUM_NOT_FINITE  /* nan, inf, or outside the double range */
} NumResult;

typedef struct NumValue {
    double value;
    int percent;      /* a trailing % was present */
    int decimals;     /* digits after the decimal mark as written (0 if none) */
    const char *why;  /* for MALFORMED/AMBIGUOUS/NOT_FINITE: a short reason, static text */
} NumValue;
/* For NUM_AMBIGUOUS, value holds the thousands-separator reading ("12,345" ->
 * 12345), for callers whose plain style was declared rather than assumed. */

/* Parse s[0..len).  Never reads past len; s need not be NUL-terminated. */
NumResult number_parse(const char *s, size_t len, NumStyle style, NumValue *out);

/* True when s[0..len) is empty/blank or a missing-value token. */
int number_is_missing(const char *s, size_t len);

/* Format v with `decimals` digits after the mark (decimals < 0: shortest text
 * that reads back as v: 15 significant digits when they suffice, else 16 or
 * 17).  NUM_VI uses a decimal comma and no thousands separator.  NAN gives ""
 * (a missing cell), infinities "inf" and "-inf"; a value that rounds to zero
 * has no minus sign.  Returns the length written (truncated to n-1). */
size_t number_format(double v, int decimals, NumStyle style, char *buf, size_t n);

#endif
