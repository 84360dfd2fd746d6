/* text.c — UTF-8 validation and length, terminal width, NFC, the matching fold
 * and code-point edit distance (text.h).
 *
 * Validation is our own strict decoder (Unicode Table 3-7) with an 8-bytes-at-
 * a-time ASCII fast path, because it runs over whole data files.  Width, NFC
 * and the fold use utf8proc; the fold works one code point at a time with
 * utf8proc_decompose_char, so no intermediate NFKD string is built.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Code points given to invalid bytes by text_distance: above U+10FFFF, so they
 * never equal a real character, and distinct per byte value. */
#define TEXT_BAD_BYTE_BASE 0x110000

/* Decode one code point from s[0..n) (n >= 1).  Returns its length in bytes
 * and sets *cp, or returns 0 when the sequence starting at s is ill-formed:
 * stray continuation byte, overlong form, surrogate, above U+10FFFF, or cut
 * short by the end of the buffer. */
static size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */

    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xC2) /* continuation byte, or C0/C1 (always overlong) */
        return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = (int32_t)(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu));
        return 2;
    }
    if (c < 0xF0) {
        if (c == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above: surrogates D800..DFFF */
        if (n < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        *cp = (int32_t)(((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
        return 3;
    }
    if (c < 0xF5) {
        if (c == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above: beyond U+10FFFF */
        if (n < 4 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        *cp = (int32_t)(((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
                        ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu));
        return 4;
    }
    return 0; /* F5..FF never occur in UTF-8 */
}

/* Length of the run of ASCII bytes at the start of p[0..n), eight at a time. */
static size_t ascii_run(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w); /* memcpy: no alignment assumption */
        if (w & UINT64_C(0x8080808080808080))
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

int utf8_check(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        int32_t cp;
        size_t k;
        i += ascii_run(p + i, n - i);
        if (i >= n)
            break;
        k = utf8_decode(p + i, n - i, &cp);
        if (k == 0) {
            if (bad)
                *bad = i;
            return -1;
        }
        i += k;
    }
    return 0;
}

size_t utf8_length(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, count = 0;

    while (i < n) {
        int32_t cp;
        size_t k, a = ascii_run(p + i, n - i);
        i += a;
        count += a;
        if (i >= n)
            break;
        k = utf8_decode(p + i, n - i, &cp);
        i += k ? k : 1; /* an invalid byte counts as one */
        count++;
    }
    return count;
}

size_t text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n, i = 0, width = 0;

    if (!s)
        return 0;
    n = strlen(s);
    while (i < n) {
        int32_t cp;
        size_t k;
        if (p[i] < 0x80) {
            /* printable ASCII takes one column, control characters none */
            width += (p[i] >= 0x20 && p[i] < 0x7F) ? 1 : 0;
            i++;
            continue;
        }
        k = utf8_decode(p + i, n - i, &cp);
        if (k == 0) {
            width += 1; /* a terminal shows one replacement character */
            i++;
            continue;
        }
        {
            int w = utf8proc_charwidth(cp);
            width += w > 0 ? (size_t)w : 0;
        }
        i += k;
    }
    return width;
}

char *text_nfc(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r;
    size_t a;

    if (!s && n)
        return NULL;
    a = n ? ascii_run((const unsigned char *)s, n) : 0;
    if (a == n) {
        char *copy = malloc(n + 1);
        if (!copy)
            return NULL;
        if (n)
            memcpy(copy, s, n);
        copy[n] = '\0';
        return copy;
    }
    /* utf8proc is more lenient in places; hold every input to our rules */
    if (utf8_check(s + a, n - a, NULL) != 0)
        return NULL;
    if (n > (size_t)PTRDIFF_MAX)
        return NULL;
    r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0)
        return NULL;
    return (char *)out;
}

/* A growing output buffer for text_fold. */
typedef struct FoldBuf {
    char *p;
    size_t len, cap;
    int pending_space; /* a separator was seen since the last alphanumeric */
} FoldBuf;

static int foldbuf_reserve(FoldBuf *b, size_t extra)
{
    size_t need = b->len + extra + 1, nc;
    char *np;
    if (need <= b->cap)
        return 0;
    nc = b->cap ? b->cap : 16;
    while (nc < need)
        nc *= 2;
    np = realloc(b->p, nc);
    if (!np)
        return -1;
    b->p = np;
    b->cap = nc;
    return 0;
}

/* Append one alphanumeric code point, preceded by the single space that
 * stands for any separators seen since the previous one (none at the start). */
static int foldbuf_put(FoldBuf *b, int32_t cp)
{
    unsigned char enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
    if (k <= 0)
        return 0;
    if (foldbuf_reserve(b, (size_t)k + 1) != 0)
        return -1;
    if (b->pending_space && b->len > 0)
        b->p[b->len++] = ' ';
    b->pending_space = 0;
    memcpy(b->p + b->len, enc, (size_t)k);
    b->len += (size_t)k;
    return 0;
}

static int is_alnum_cp(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* Feed one code point of the NFKD/casefolded/mark-stripped expansion. */
static int fold_emit(FoldBuf *b, int32_t cp)
{
    /* Vietnamese đ has no decomposition.  U+00F0 (ð, the case-fold of Ð
     * U+00D0) is what legacy Vietnamese encodings often produce for Đ. */
    if (cp == 0x0111 || cp == 0x00F0)
        cp = 'd';
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            return foldbuf_put(b, cp);
        if (cp >= 'A' && cp <= 'Z')
            return foldbuf_put(b, cp - 'A' + 'a');
        b->pending_space = 1;
        return 0;
    }
    if (is_alnum_cp(cp))
        return foldbuf_put(b, cp);
    b->pending_space = 1;
    return 0;
}

char *text_fold(const char *s)
{
    const utf8proc_option_t opts = UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                   UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                   UTF8PROC_IGNORE;
    const unsigned char *p = (const unsigned char *)s;
    FoldBuf b = {NULL, 0, 0, 0};
    size_t n, i = 0;

    if (!s)
        return NULL;
    n = strlen(s);
    /* Folding shrinks Vietnamese text (marks vanish), so n + 1 is usually
     * enough; compatibility expansions grow the buffer when needed. */
    if (foldbuf_reserve(&b, n) != 0)
        return NULL;
    while (i < n) {
        int32_t cp, dec[32];
        utf8proc_ssize_t r;
        int boundclass = 0;
        size_t k;

        if (p[i] < 0x80) {
            if (fold_emit(&b, p[i]) != 0)
                goto fail;
            i++;
            continue;
        }
        k = utf8_decode(p + i, n - i, &cp);
        if (k == 0)
            goto fail;
        i += k;
        r = utf8proc_decompose_char(cp, dec, 32, opts, &boundclass);
        if (r < 0) {
            b.pending_space = 1; /* cannot happen for valid input; be safe */
            continue;
        }
        if (r > 32) {
            /* Longer than any decomposition utf8proc currently has. */
            int32_t *big = malloc((size_t)r * sizeof *big);
            utf8proc_ssize_t j, r2;
            if (!big)
                goto fail;
            boundclass = 0;
            r2 = utf8proc_decompose_char(cp, big, r, opts, &boundclass);
            for (j = 0; j < r2 && j < r; j++)
                if (fold_emit(&b, big[j]) != 0) {
                    free(big);
                    goto fail;
                }
            free(big);
            continue;
        }
        {
            utf8proc_ssize_t j;
            for (j = 0; j < r; j++)
                if (fold_emit(&b, dec[j]) != 0)
                    goto fail;
        }
    }
    b.p[b.len] = '\0';
    return b.p;
fail:
    free(b.p);
    return NULL;
}

/* Decode s into code points for text_distance; invalid bytes get values
 * above U+10FFFF.  Returns the count; out has room for strlen(s) entries. */
static size_t to_code_points(const char *s, size_t n, int32_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, m = 0;
    while (i < n) {
        int32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0) {
            out[m++] = TEXT_BAD_BYTE_BASE + p[i];
            i++;
        } else {
            out[m++] = cp;
            i += k;
        }
    }
    return m;
}

size_t text_distance(const char *a, const char *b)
{
    /* Names are short: small inputs stay on the stack. */
    enum { SMALL = 64 };
    int32_t sa[SMALL], sb[SMALL];
    size_t srow[SMALL + 1];
    int32_t *ha = NULL, *hb = NULL; /* heap copies, freed at the end */
    int32_t *ca = sa, *cb = sb, *tmp;
    size_t *row = srow;
    size_t la, lb, na, nb, i, j, result;

    if (!a)
        a = "";
    if (!b)
        b = "";
    la = strlen(a);
    lb = strlen(b);
    if (la > SMALL)
        ca = ha = malloc(la * sizeof *ha);
    if (lb > SMALL)
        cb = hb = malloc(lb * sizeof *hb);
    if (!ca || !cb) {
        result = SIZE_MAX;
        goto done;
    }
    na = to_code_points(a, la, ca);
    nb = to_code_points(b, lb, cb);

    /* A shared prefix or suffix does not change the distance. */
    while (na && nb && ca[0] == cb[0]) {
        ca++;
        cb++;
        na--;
        nb--;
    }
    while (na && nb && ca[na - 1] == cb[nb - 1]) {
        na--;
        nb--;
    }
    /* keep the row over the shorter string: O(min) memory */
    if (nb > na) {
        size_t t = na;
        na = nb;
        nb = t;
        tmp = ca;
        ca = cb;
        cb = tmp;
    }
    if (nb == 0) {
        result = na;
        goto done;
    }
    if (nb > SMALL) {
        row = malloc((nb + 1) * sizeof *row);
        if (!row) {
            result = SIZE_MAX;
            goto done;
        }
    }
    for (j = 0; j <= nb; j++)
        row[j] = j;
    for (i = 1; i <= na; i++) {
        size_t diag = row[0]; /* distance of the two prefixes one shorter */
        row[0] = i;
        for (j = 1; j <= nb; j++) {
            size_t up = row[j], best;
            best = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    result = row[nb];
done:
    if (row != srow)
        free(row);
    free(ha);
    free(hb);
    return result;
}
