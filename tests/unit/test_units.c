/* test_units.c — the unit registry and name matching (engine/core/units.c),
 * and the reference data it is fed: datasets/provinces.csv, ministries.csv,
 * aliases.csv, checked against every name as written in the published tables
 * (tests/fixtures/names/published_names.txt).
 *
 * The datasets are read with a small CSV reader of this file's own, so these
 * tests do not depend on the engine's loader.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "units.h"

/* ---- a small CSV reader (RFC 4180: quotes, doubled quotes, CRLF) -------- */

typedef struct TRow {
    char **f;
    size_t n;
} TRow;

typedef struct TCsv {
    TRow *rows; /* rows[0] is the header */
    size_t n;
} TCsv;

static char *t_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    if (!fp)
        return NULL;
    do {
        if (n + 4096 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 8192;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + n, 1, 4096, fp);
        n += r;
    } while (r > 0);
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void t_push_field(TRow *row, const char *s, size_t n)
{
    char **nf = realloc(row->f, (row->n + 1) * sizeof *nf);
    assert_non_null(nf);
    row->f = nf;
    row->f[row->n] = malloc(n + 1);
    assert_non_null(row->f[row->n]);
    memcpy(row->f[row->n], s, n);
    row->f[row->n][n] = '\0';
    row->n++;
}

static void t_push_row(TCsv *c, TRow *row)
{
    TRow *nr = realloc(c->rows, (c->n + 1) * sizeof *nr);
    assert_non_null(nr);
    c->rows = nr;
    c->rows[c->n++] = *row;
    row->f = NULL;
    row->n = 0;
}

static void t_csv_load(const char *path, TCsv *c)
{
    size_t len, i = 0, fl = 0;
    char *text = t_slurp(path, &len);
    char *field;
    TRow row = {NULL, 0};

    if (!text)
        fail_msg("cannot read %s", path);
    field = malloc(len + 1);
    assert_non_null(field);
    c->rows = NULL;
    c->n = 0;
    while (i < len) {
        /* one field */
        fl = 0;
        if (text[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    fail_msg("%s: unterminated quoted field", path);
                if (text[i] == '"') {
                    if (i + 1 < len && text[i + 1] == '"') {
                        field[fl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field[fl++] = text[i++];
            }
        } else {
            while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                field[fl++] = text[i++];
        }
        t_push_field(&row, field, fl);
        if (i < len && text[i] == ',') {
            i++;
            if (i == len)
                t_push_field(&row, "", 0);
            continue;
        }
        if (i < len && text[i] == '\r')
            i++;
        if (i < len && text[i] == '\n')
            i++;
        t_push_row(c, &row);
    }
    if (row.n)
        t_push_row(c, &row);
    free(field);
    free(text);
}

static void t_csv_free(TCsv *c)
{
    size_t i, j;
    for (i = 0; i < c->n; i++) {
        for (j = 0; j < c->rows[i].n; j++)
            free(c->rows[i].f[j]);
        free(c->rows[i].f);
    }
    free(c->rows);
    c->rows = NULL;
    c->n = 0;
}

/* Column index of a header name; fails the test when missing. */
static size_t t_col(const TCsv *c, const char *name)
{
    size_t j;
    assert_true(c->n > 0);
    for (j = 0; j < c->rows[0].n; j++)
        if (strcmp(c->rows[0].f[j], name) == 0)
            return j;
    fail_msg("no column %s", name);
    return 0;
}

static const char *t_get(const TCsv *c, size_t row, size_t col)
{
    if (col >= c->rows[row].n)
        fail_msg("row %zu has %zu fields, wanted field %zu", row, c->rows[row].n, col + 1);
    return c->rows[row].f[col];
}

/* ---- helpers ----------------------------------------------------------- */

/* Assert that name resolves to the unit with this code. */
static void find_is(const Units *u, const char *name, const char *code)
{
    int i = units_find(u, name);
    if (i < 0)
        fail_msg("\"%s\" not found (want %s)", name, code);
    if (strcmp(units_code(u, i), code) != 0)
        fail_msg("\"%s\" found %s \"%s\", want %s", name, units_code(u, i), units_name(u, i),
                 code);
}

static void suggest_is(const Units *u, const char *name, const char *code)
{
    int i = units_suggest(u, name);
    if (!code) {
        if (i >= 0)
            fail_msg("\"%s\" suggested %s \"%s\", want none", name, units_code(u, i),
                     units_name(u, i));
        return;
    }
    if (i < 0)
        fail_msg("\"%s\": no suggestion (want %s)", name, code);
    if (strcmp(units_code(u, i), code) != 0)
        fail_msg("\"%s\" suggested %s, want %s", name, units_code(u, i), code);
}

/* A few provinces, for the behaviour tests. */
static int setup_small(void **state)
{
    static const char *const list[][2] = {
        {"01", "H\xc3\xa0 N\xe1\xbb\x99i"},                        /* Hà Nội */
        {"17", "H\xc3\xb2" "a B\xc3\xacnh"},                       /* Hòa Bình */
        {"22", "Qu\xe1\xba\xa3ng Ninh"},                           /* Quảng Ninh */
        {"35", "H\xc3\xa0 Nam"},                                   /* Hà Nam */
        {"38", "Thanh H\xc3\xb3" "a"},                             /* Thanh Hóa */
        {"44", "Qu\xe1\xba\xa3ng B\xc3\xacnh"},                    /* Quảng Bình */
        {"46", "Th\xe1\xbb\xab" "a Thi\xc3\xaan Hu\xe1\xba\xbf"},  /* Thừa Thiên Huế */
        {"49", "Qu\xe1\xba\xa3ng Nam"},                            /* Quảng Nam */
        {"66", "\xc4\x90\xe1\xba\xafk L\xe1\xba\xafk"},            /* Đắk Lắk */
        {"77", "B\xc3\xa0 R\xe1\xbb\x8b" "a - V\xc5\xa9ng T\xc3\xa0u"}, /* Bà Rịa - Vũng Tàu */
        {"79", "TP. H\xe1\xbb\x93 Ch\xc3\xad Minh"},               /* TP. Hồ Chí Minh */
    };
    Units *u = units_new();
    Diag d;
    size_t i;
    assert_non_null(u);
    for (i = 0; i < sizeof list / sizeof *list; i++)
        assert_int_equal(units_add(u, list[i][0], list[i][1], &d), (int)i);
    *state = u;
    return 0;
}

static int teardown_units(void **state)
{
    units_free(*state);
    return 0;
}

/* ---- behaviour --------------------------------------------------------- */

static void test_basic(void **state)
{
    Units *u = *state;
    assert_int_equal(units_count(u), 11);
    assert_string_equal(units_code(u, 0), "01");
    assert_string_equal(units_name(u, 0), "H\xc3\xa0 N\xe1\xbb\x99i");
    assert_null(units_code(u, 11));
    assert_null(units_name(u, -1));
    assert_int_equal(units_find(u, "H\xc3\xa0 N\xe1\xbb\x99i"), 0);
    assert_int_equal(units_find(u, "Hanoi"), 0);
    assert_int_equal(units_find(u, "H\xc3\xa0 Nam"), 3);
    assert_int_equal(units_find(u, "Ha Nam"), 3);
    assert_int_equal(units_find(u, "Nowhere"), -1);
    assert_int_equal(units_find(u, ""), -1);
    assert_int_equal(units_find(u, " - "), -1);
    assert_int_equal(units_find(u, NULL), -1);
    assert_int_equal(units_find(u, "H\xc3"), -1); /* invalid UTF-8 */
    assert_int_equal(units_find(NULL, "Hanoi"), -1);
    assert_int_equal(units_count(NULL), 0);
}

static void test_codes(void **state)
{
    Units *u = *state;
    assert_int_equal(units_find(u, "01"), 0);
    assert_int_equal(units_find(u, "79"), 10);
    assert_int_equal(units_find(u, "46"), 6);
    assert_int_equal(units_find(u, "1"), -1);   /* codes match exactly */
    assert_int_equal(units_find(u, "02"), -1);
}

static void test_nfc_nfd(void **state)
{
    Units *u = *state;
    find_is(u, "Ho\xcc\x80" "a Bi\xcc\x80" "nh", "17");                  /* NFD */
    find_is(u, "Ha\xcc\x80 No\xcc\xa3\xcc\x82i", "01");                   /* NFD, two marks */
    find_is(u, "Qua\xcc\x89ng Ninh", "22");
    find_is(u, "\xc4\x90" "a\xcc\x86\xcc\x81" "k La\xcc\x86\xcc\x81" "k", "66");
    /* the stored name is NFC even if registered decomposed */
    {
        Units *v = units_new();
        Diag d;
        assert_int_equal(units_add(v, "17", "Ho\xcc\x80" "a Bi\xcc\x80" "nh", &d), 0);
        assert_string_equal(units_name(v, 0), "H\xc3\xb2" "a B\xc3\xacnh");
        find_is(v, "H\xc3\xb2" "a B\xc3\xacnh", "17");
        units_free(v);
    }
}

static void test_tone_placement_and_case(void **state)
{
    Units *u = *state;
    find_is(u, "Ho\xc3\xa0 B\xc3\xacnh", "17");        /* Hoà Bình */
    find_is(u, "H\xc3\xb2" "a B\xc3\xacnh", "17");     /* Hòa Bình */
    find_is(u, "Thanh Ho\xc3\xa1", "38");              /* Thanh Hoá */
    find_is(u, "Thanh H\xc3\xb3" "a", "38");           /* Thanh Hóa */
    find_is(u, "THANH H\xc3\x93" "A", "38");
    find_is(u, "thanh hoa", "38");
    find_is(u, "QU\xe1\xba\xa2NG NINH", "22");
    find_is(u, "\xc4\x91\xe1\xba\xafk l\xe1\xba\xafk", "66");
    find_is(u, "\xc4\x90\xc4\x83k L\xc4\x83k", "66");  /* Đăk Lăk */
    find_is(u, "Dak Lak", "66");
    find_is(u, "Daklak", "66");                        /* spaces do not count */
    find_is(u, "Quang Ninh", "22");
    find_is(u, "quangninh", "22");
}

static void test_prefixes(void **state)
{
    Units *u = *state;
    find_is(u, "T\xe1\xbb\x89nh Qu\xe1\xba\xa3ng Ninh", "22");               /* Tỉnh Quảng Ninh */
    find_is(u, "t\xe1\xbb\x89nh Qu\xe1\xba\xa3ng Nam", "49");
    find_is(u, "Th\xc3\xa0nh ph\xe1\xbb\x91 H\xc3\xa0 N\xe1\xbb\x99i", "01"); /* Thành phố Hà Nội */
    find_is(u, "TP H\xc3\xa0 N\xe1\xbb\x99i", "01");
    find_is(u, "TP. H\xe1\xbb\x93 Ch\xc3\xad Minh", "79");
    find_is(u, "Tp.H\xe1\xbb\x93 Ch\xc3\xad Minh", "79");
    find_is(u, "T.P. H\xe1\xbb\x93 Ch\xc3\xad Minh", "79");
    find_is(u, "Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh", "79");
    find_is(u, "H\xe1\xbb\x93 Ch\xc3\xad Minh", "79");
    find_is(u, "Ho Chi Minh City", "79");
    find_is(u, "Quang Ninh Province", "22");
    find_is(u, "Province of Quang Ninh", "22");
    find_is(u, "UBND t\xe1\xbb\x89nh Qu\xe1\xba\xa3ng Ninh", "22");
    find_is(u, "\xe1\xbb\xa6y ban nh\xc3\xa2n d\xc3\xa2n t\xe1\xbb\x89nh Qu\xe1\xba\xa3ng Ninh", "22");
    /* prefixes are whole words at the front, suffixes at the end */
    assert_int_equal(units_find(u, "Tinhquang Ninh"), -1);
    assert_int_equal(units_find(u, "Quang Ninh Tinh"), -1);
    assert_int_equal(units_find(u, "City Quang Ninh City"), 2);
    /* a name that is only a prefix is not stripped to nothing */
    assert_int_equal(units_find(u, "T\xe1\xbb\x89nh"), -1);
    assert_int_equal(units_find(u, "City"), -1);
}

static void test_hyphens_and_spaces(void **state)
{
    Units *u = *state;
    find_is(u, "B\xc3\xa0 R\xe1\xbb\x8b" "a - V\xc5\xa9ng T\xc3\xa0u", "77");
    find_is(u, "Ba Ria Vung Tau", "77");
    find_is(u, "B\xc3\xa0 R\xe1\xbb\x8b" "a\xe2\x80\x93V\xc5\xa9ng T\xc3\xa0u", "77"); /* en dash */
    find_is(u, "B\xc3\xa0 R\xe1\xbb\x8b" "a V\xc5\xa9ng T\xc3\xa0u", "77");
    find_is(u, "Ba Ria-Vung Tau", "77");
    find_is(u, "  ba  ria / vung   tau  ", "77");
    find_is(u, "Th\xe1\xbb\xab" "a Thi\xc3\xaan - Hu\xe1\xba\xbf", "46");
    find_is(u, "Thua Thien-Hue", "46");
    assert_int_equal(units_find(u, "Ba Ria"), -1);
}

static void test_aliases(void **state)
{
    Units *u = *state;
    Diag d;
    d.msg[0] = '\0';
    assert_int_equal(units_alias(u, 10, "HCM", &d), 0);
    assert_int_equal(units_alias(u, 10, "TPHCM", &d), 0);
    assert_int_equal(units_alias(u, 10, "S\xc3\xa0i G\xc3\xb2n", &d), 0);
    assert_int_equal(units_alias(u, 6, "Hu\xe1\xba\xbf", &d), 0);
    find_is(u, "TP HCM", "79");
    find_is(u, "TP.HCM", "79");
    find_is(u, "tphcm", "79");
    find_is(u, "HCM City", "79");
    find_is(u, "Saigon", "79");
    find_is(u, "Th\xc3\xa0nh ph\xe1\xbb\x91 Hu\xe1\xba\xbf", "46");
    find_is(u, "Hue", "46");
    /* an alias that is already a key of the same unit is fine */
    assert_int_equal(units_alias(u, 10, "Ho Chi Minh", &d), 0);
    assert_int_equal(units_alias(u, 10, "HCM", &d), 0);
    assert_int_equal(units_alias(u, 10, "79", &d), 0);
    /* an alias naming another unit is refused, and says which */
    assert_int_equal(units_alias(u, 0, "Tp. HCM", &d), -1);
    assert_contains(d.msg, "Tp. HCM");
    assert_contains(d.msg, "79");
    find_is(u, "HCM", "79");
    assert_int_equal(units_alias(u, 0, "Ha Nam", &d), -1);
    assert_contains(d.msg, "35");
    /* nor may an alias be another unit's code */
    assert_int_equal(units_alias(u, 0, "22", &d), -1);
    /* bad arguments */
    assert_int_equal(units_alias(u, 11, "x", &d), -1);
    assert_contains(d.msg, "no unit 11");
    assert_int_equal(units_alias(u, -1, "x", &d), -1);
    assert_int_equal(units_alias(u, 0, "--", &d), -1);
    assert_contains(d.msg, "no letters or digits");
    assert_int_equal(units_alias(u, 0, "H\xc3", &d), -1);
    assert_contains(d.msg, "UTF-8");
    assert_int_equal(units_alias(u, 0, NULL, &d), -1);
    assert_int_equal(units_alias(u, 0, "x", NULL), 0);
    assert_int_equal(units_alias(u, 3, "Hanoi", NULL), -1); /* NULL Diag is allowed */
}

static void test_collisions(void **state)
{
    Units *u = *state;
    Diag d;
    d.msg[0] = '\0';
    /* the same name written differently is the same key */
    assert_int_equal(units_add(u, "99", "Ha Noi", &d), -1);
    assert_contains(d.msg, "Ha Noi");
    assert_contains(d.msg, "01");
    assert_int_equal(units_add(u, "99", "T\xe1\xbb\x89nh H\xc3\xb2" "a B\xc3\xacnh", &d), -1);
    assert_contains(d.msg, "17");
    /* a code used twice */
    assert_int_equal(units_add(u, "01", "Somewhere Else", &d), -1);
    assert_contains(d.msg, "01");
    assert_contains(d.msg, "twice");
    /* a code whose key is another unit's name */
    assert_int_equal(units_add(u, "Hanoi", "Somewhere Else", &d), -1);
    assert_contains(d.msg, "code");
    /* a name equal to another unit's code */
    assert_int_equal(units_add(u, "99", "01", &d), -1);
    /* empty or invalid input */
    assert_int_equal(units_add(u, "", "Somewhere", &d), -1);
    assert_contains(d.msg, "no code");
    assert_int_equal(units_add(u, NULL, "Somewhere", &d), -1);
    assert_int_equal(units_add(u, "99", "", &d), -1);
    assert_contains(d.msg, "no name");
    assert_int_equal(units_add(u, "99", NULL, &d), -1);
    assert_int_equal(units_add(u, "99", "...", &d), -1);
    assert_contains(d.msg, "no letters or digits");
    assert_int_equal(units_add(u, "99", "Bad\xed\xa0\x80", &d), -1);
    assert_contains(d.msg, "UTF-8");
    assert_int_equal(units_add(u, "9\xff", "Somewhere", &d), -1);
    assert_contains(d.msg, "UTF-8");
    assert_int_equal(units_add(NULL, "99", "Somewhere", &d), -1);
    /* nothing of the failed attempts stayed behind */
    assert_int_equal(units_count(u), 11);
    assert_int_equal(units_find(u, "Somewhere Else"), -1);
    assert_int_equal(units_find(u, "99"), -1);
    /* and a good one still goes in */
    assert_int_equal(units_add(u, "99", "Somewhere", &d), 11);
    find_is(u, "somewhere", "99");
}

static void test_suggest(void **state)
{
    Units *u = *state;
    suggest_is(u, "Quang Nimh", "22");
    suggest_is(u, "Qu\xe1\xba\xa3ng Nimh", "22");
    suggest_is(u, "Tinh Quang Nimh", "22");
    suggest_is(u, "Hoa Binhh", "17");
    suggest_is(u, "Thanh Hao", "38");
    suggest_is(u, "Ba Ria Vung Tao", "77");
    suggest_is(u, "Thua Thien Hoe", "46");
    suggest_is(u, "Thanh pho Ho Chi Mihn", "79");
    /* an exact match is its own suggestion */
    suggest_is(u, "Hanoi", "01");
    suggest_is(u, "01", "01");
    /* nothing close */
    suggest_is(u, "Xyz", NULL);
    suggest_is(u, "Atlantis", NULL);
    suggest_is(u, "Quang", NULL);
    suggest_is(u, "", NULL);
    suggest_is(u, "--", NULL);
    suggest_is(u, "H\xc3", NULL);
    assert_int_equal(units_suggest(u, NULL), -1);
    assert_int_equal(units_suggest(NULL, "Hanoi"), -1);
    /* ties go to the lowest index: "hanom" is one edit from both
     * Hà Nội (0, "hanoi") and Hà Nam (3, "hanam") */
    suggest_is(u, "Ha Nom", "01");
}

static void test_suggest_tie_order(void **state)
{
    Units *u = units_new();
    Diag d;
    (void)state;
    assert_int_equal(units_add(u, "B", "abcdex", &d), 0);
    assert_int_equal(units_add(u, "A", "abcdey", &d), 1);
    suggest_is(u, "abcdez", "B");
    units_free(u);
    u = units_new();
    assert_int_equal(units_add(u, "A", "abcdey", &d), 0);
    assert_int_equal(units_add(u, "B", "abcdex", &d), 1);
    suggest_is(u, "abcdez", "A");
    /* codes are not suggestion targets */
    assert_int_equal(units_add(u, "LONGCODE", "Zzzzzzzz", &d), 2);
    suggest_is(u, "Longcodf", NULL);
    units_free(u);
}

static void test_prefix_registration(void **state)
{
    Units *u = units_new();
    Diag d;
    (void)state;
    assert_int_equal(units_add(u, "SNV", "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", &d), 0);
    assert_int_equal(units_add(u, "STC", "S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh", &d), 1);
    assert_int_equal(units_find(u, "N\xe1\xbb\x99i v\xe1\xbb\xa5"), -1);
    /* a prefix added after the units applies to them too */
    assert_int_equal(units_prefix(u, "S\xe1\xbb\x9f"), 0);
    find_is(u, "N\xe1\xbb\x99i v\xe1\xbb\xa5", "SNV");
    find_is(u, "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", "SNV");
    find_is(u, "so tai chinh", "STC");
    /* and to units added later */
    assert_int_equal(units_add(u, "SYT", "S\xe1\xbb\x9f Y t\xe1\xba\xbf", &d), 2);
    find_is(u, "Y te", "SYT");
    assert_int_equal(units_add(u, "X", "Y t\xe1\xba\xbf", &d), -1);
    /* adding it again changes nothing */
    assert_int_equal(units_prefix(u, "so"), 0);
    /* empty or invalid prefixes */
    assert_int_equal(units_prefix(u, ""), -1);
    assert_int_equal(units_prefix(u, " . "), -1);
    assert_int_equal(units_prefix(u, "\xff"), -1);
    assert_int_equal(units_prefix(u, NULL), -1);
    assert_int_equal(units_prefix(NULL, "so"), -1);
    units_free(u);

    /* a prefix that would merge two units is refused, and nothing changes */
    u = units_new();
    assert_int_equal(units_add(u, "A", "Ban Ninh", &d), 0);
    assert_int_equal(units_add(u, "B", "Ninh", &d), 1);
    assert_int_equal(units_alias(u, 0, "Ban Ninh Alias", &d), 0);
    assert_int_equal(units_prefix(u, "ban"), -1);
    find_is(u, "Ban Ninh", "A");
    find_is(u, "Ninh", "B");
    find_is(u, "Ban Ninh Alias", "A");
    /* a multi-word prefix */
    assert_int_equal(units_prefix(u, "Ban Qu\xe1\xba\xa3n l\xc3\xbd"), 0);
    assert_int_equal(units_add(u, "C", "Ban Qu\xe1\xba\xa3n l\xc3\xbd Khu kinh t\xe1\xba\xbf", &d), 2);
    find_is(u, "Khu kinh te", "C");
    units_free(u);
}

/* Many units: the tables grow and every name stays reachable. */
static void test_many_units(void **state)
{
    Units *u = units_new();
    Diag d;
    char code[32], name[64];
    int i;
    (void)state;
    for (i = 0; i < 3000; i++) {
        snprintf(code, sizeof code, "C%d", i);
        snprintf(name, sizeof name, "X\xc3\xa3 s\xe1\xbb\x91 %d", i); /* Xã số N */
        assert_int_equal(units_add(u, code, name, &d), i);
        snprintf(name, sizeof name, "Alias %d", i);
        assert_int_equal(units_alias(u, i, name, &d), 0);
    }
    assert_int_equal(units_count(u), 3000);
    for (i = 0; i < 3000; i += 7) {
        snprintf(code, sizeof code, "C%d", i);
        snprintf(name, sizeof name, "xa so %d", i);
        assert_int_equal(units_find(u, name), i);
        assert_int_equal(units_find(u, code), i);
        snprintf(name, sizeof name, "ALIAS %d", i);
        assert_int_equal(units_find(u, name), i);
    }
    units_free(u);
    units_free(NULL);
}

/* ---- the datasets ------------------------------------------------------ */

typedef struct Ref {
    Units *prov;  /* the 63 provinces */
    Units *min;   /* the ministries */
    Units *both;  /* both kinds in one registry: no key may collide across */
    TCsv provinces, ministries, aliases;
} Ref;

static void ref_add(Units *u, const char *code, const char *name)
{
    Diag d;
    if (units_add(u, code, name, &d) < 0)
        fail_msg("%s %s: %s", code, name, d.msg);
}

static void ref_alias(Units *u, const char *code, const char *alias)
{
    Diag d;
    int i = units_find(u, code);
    if (i < 0)
        fail_msg("alias \"%s\": unknown code %s", alias, code);
    if (units_alias(u, i, alias, &d) != 0)
        fail_msg("alias \"%s\" of %s: %s", alias, code, d.msg);
}

static int setup_ref(void **state)
{
    Ref *r = calloc(1, sizeof *r);
    size_t i, cc, cn, ce, ak, ac, aa;
    assert_non_null(r);
    t_csv_load(SRC("datasets/provinces.csv"), &r->provinces);
    t_csv_load(SRC("datasets/ministries.csv"), &r->ministries);
    t_csv_load(SRC("datasets/aliases.csv"), &r->aliases);
    r->prov = units_new();
    r->min = units_new();
    r->both = units_new();
    assert_non_null(r->prov);
    assert_non_null(r->min);
    assert_non_null(r->both);

    cc = t_col(&r->provinces, "code_gso");
    cn = t_col(&r->provinces, "name_vi");
    ce = t_col(&r->provinces, "name_ascii");
    for (i = 1; i < r->provinces.n; i++) {
        const char *code = t_get(&r->provinces, i, cc);
        ref_add(r->prov, code, t_get(&r->provinces, i, cn));
        ref_add(r->both, code, t_get(&r->provinces, i, cn));
        /* the ASCII name is the same key; registering it proves that */
        ref_alias(r->prov, code, t_get(&r->provinces, i, ce));
    }
    cc = t_col(&r->ministries, "code");
    cn = t_col(&r->ministries, "name_vi");
    ce = t_col(&r->ministries, "name_en");
    for (i = 1; i < r->ministries.n; i++) {
        const char *code = t_get(&r->ministries, i, cc);
        ref_add(r->min, code, t_get(&r->ministries, i, cn));
        ref_alias(r->min, code, t_get(&r->ministries, i, ce));
        ref_add(r->both, code, t_get(&r->ministries, i, cn));
        ref_alias(r->both, code, t_get(&r->ministries, i, ce));
    }
    ak = t_col(&r->aliases, "kind");
    ac = t_col(&r->aliases, "code");
    aa = t_col(&r->aliases, "alias");
    for (i = 1; i < r->aliases.n; i++) {
        const char *kind = t_get(&r->aliases, i, ak);
        const char *code = t_get(&r->aliases, i, ac);
        const char *alias = t_get(&r->aliases, i, aa);
        if (strcmp(kind, "province") == 0)
            ref_alias(r->prov, code, alias);
        else if (strcmp(kind, "ministry") == 0)
            ref_alias(r->min, code, alias);
        else
            fail_msg("aliases.csv line %zu: unknown kind \"%s\"", i + 1, kind);
        ref_alias(r->both, code, alias);
    }
    *state = r;
    return 0;
}

static int teardown_ref(void **state)
{
    Ref *r = *state;
    units_free(r->prov);
    units_free(r->min);
    units_free(r->both);
    t_csv_free(&r->provinces);
    t_csv_free(&r->ministries);
    t_csv_free(&r->aliases);
    free(r);
    return 0;
}

/* provinces.csv: 63 rows, unique 2-digit codes, the six regions of Nghị quyết
 * 81/2023/QH15 with their sizes, and a consistent 2025 merger into 34 units. */
static void test_provinces_csv(void **state)
{
    static const struct {
        const char *region;
        int count;
    } regions[] = {
        {"Trung du v\xc3\xa0 mi\xe1\xbb\x81n n\xc3\xbai ph\xc3\xad" "a B\xe1\xba\xaf" "c", 14},
        {"\xc4\x90\xe1\xbb\x93ng b\xe1\xba\xb1ng s\xc3\xb4ng H\xe1\xbb\x93ng", 11},
        {"B\xe1\xba\xaf" "c Trung B\xe1\xbb\x99 v\xc3\xa0 duy\xc3\xaan h\xe1\xba\xa3i mi\xe1\xbb\x81n Trung", 14},
        {"T\xc3\xa2y Nguy\xc3\xaan", 5},
        {"\xc4\x90\xc3\xb4ng Nam B\xe1\xbb\x99", 6},
        {"\xc4\x90\xe1\xbb\x93ng b\xe1\xba\xb1ng s\xc3\xb4ng C\xe1\xbb\xad" "u Long", 13},
    };
    Ref *r = *state;
    const TCsv *p = &r->provinces;
    size_t cc = t_col(p, "code_gso"), cn = t_col(p, "name_vi"), cr = t_col(p, "region_6");
    size_t cm = t_col(p, "merged_into_2025"), cmc = t_col(p, "merged_into_2025_code");
    size_t ct = t_col(p, "merger_type_2025"), cw = t_col(p, "merged_with");
    size_t i, j, k, unchanged = 0, groups = 0;
    int counts[6] = {0};

    /* every column present, including the sources */
    t_col(p, "name_ascii");
    t_col(p, "type");
    t_col(p, "source_code");
    t_col(p, "source_region");
    t_col(p, "source_merger");
    assert_int_equal(p->n, 64);
    assert_int_equal(units_count(r->prov), 63);
    for (i = 1; i < p->n; i++) {
        const char *code = t_get(p, i, cc);
        int found = 0;
        assert_int_equal(p->rows[i].n, p->rows[0].n);
        assert_int_equal(strlen(code), 2);
        assert_true(code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9');
        assert_int_equal(utf8_check(t_get(p, i, cn), strlen(t_get(p, i, cn)), NULL), 0);
        for (j = 0; j < 6; j++)
            if (strcmp(t_get(p, i, cr), regions[j].region) == 0) {
                counts[j]++;
                found = 1;
            }
        if (!found)
            fail_msg("%s: unknown region \"%s\"", code, t_get(p, i, cr));
    }
    for (j = 0; j < 6; j++)
        if (counts[j] != regions[j].count)
            fail_msg("region %s has %d provinces, want %d", regions[j].region, counts[j],
                     regions[j].count);

    /* 2025: each target code is one of the 63 codes; a group shares one name;
     * "merged_with" lists exactly the other members; singletons are
     * "unchanged" and the rest "merged". */
    for (i = 1; i < p->n; i++) {
        const char *target = t_get(p, i, cmc);
        size_t members = 0, first = 0;
        assert_true(units_find(r->prov, target) >= 0);
        assert_string_equal(units_code(r->prov, units_find(r->prov, target)), target);
        for (j = 1; j < p->n; j++)
            if (strcmp(t_get(p, j, cmc), target) == 0) {
                if (!members)
                    first = j;
                members++;
                assert_string_equal(t_get(p, j, cm), t_get(p, i, cm));
            }
        if (first == i)
            groups++;
        if (members == 1) {
            assert_string_equal(t_get(p, i, ct), "unchanged");
            assert_string_equal(t_get(p, i, cw), "");
            unchanged++;
        } else {
            /* each listed partner is a member of the same group, and there
             * are members - 1 of them */
            const char *w = t_get(p, i, cw);
            size_t listed = 0;
            assert_string_equal(t_get(p, i, ct), "merged");
            while (*w) {
                char part[128];
                size_t len = strcspn(w, ";");
                const char *s = w, *e = w + len;
                int pi;
                while (s < e && *s == ' ')
                    s++;
                while (e > s && e[-1] == ' ')
                    e--;
                assert_true((size_t)(e - s) < sizeof part);
                memcpy(part, s, (size_t)(e - s));
                part[e - s] = '\0';
                pi = units_find(r->prov, part);
                if (pi < 0)
                    fail_msg("%s: merged_with \"%s\" is not a province", t_get(p, i, cn), part);
                for (k = 1; k < p->n; k++)
                    if (strcmp(t_get(p, k, cc), units_code(r->prov, pi)) == 0)
                        break;
                assert_true(k < p->n);
                assert_string_equal(t_get(p, k, cmc), target);
                assert_true(k != i);
                listed++;
                w += len;
                if (*w == ';')
                    w++;
            }
            assert_int_equal(listed, members - 1);
        }
    }
    assert_int_equal(unchanged, 11);
    assert_int_equal(groups, 34);
}

static void test_ministries_csv(void **state)
{
    Ref *r = *state;
    const TCsv *m = &r->ministries;
    size_t i;
    t_col(m, "note");
    /* the 19 ministries and ministry-level agencies the index assesses */
    assert_int_equal(m->n, 20);
    assert_int_equal(units_count(r->min), 19);
    for (i = 1; i < m->n; i++)
        assert_int_equal(m->rows[i].n, 4);
    find_is(r->min, "MOJ", "MOJ");
    find_is(r->min, "moj", "MOJ");   /* codes are keys too */
    find_is(r->min, "Sbv", "SBV");
    assert_int_equal(units_count(r->both), 63 + 19);
}

/* Every alias resolves to its unit, in its own registry and in the joint one. */
static void test_aliases_csv(void **state)
{
    Ref *r = *state;
    const TCsv *a = &r->aliases;
    size_t ak = t_col(a, "kind"), ac = t_col(a, "code"), aa = t_col(a, "alias");
    size_t i;
    t_col(a, "note");
    assert_true(a->n > 1);
    for (i = 1; i < a->n; i++) {
        const Units *u = strcmp(t_get(a, i, ak), "province") == 0 ? r->prov : r->min;
        assert_int_equal(a->rows[i].n, 4);
        find_is(u, t_get(a, i, aa), t_get(a, i, ac));
        find_is(r->both, t_get(a, i, aa), t_get(a, i, ac));
    }
}

/* Every name as written in the published tables resolves to its code. */
static void test_published_names(void **state)
{
    Ref *r = *state;
    size_t len, n = 0;
    char *text = t_slurp(SRC("tests/fixtures/names/published_names.txt"), &len);
    char *line, *save = NULL;
    assert_non_null(text);
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *kind = line, *code, *name;
        if (*line == '#' || !*line)
            continue;
        code = strchr(kind, '\t');
        assert_non_null(code);
        *code++ = '\0';
        name = strchr(code, '\t');
        assert_non_null(name);
        *name++ = '\0';
        if (strcmp(kind, "province") == 0)
            find_is(r->prov, name, code);
        else if (strcmp(kind, "ministry") == 0)
            find_is(r->min, name, code);
        else
            fail_msg("unknown kind \"%s\"", kind);
        find_is(r->both, name, code);
        n++;
    }
    free(text);
    assert_true(n >= 140);
}

/* The ways people write these names that folding or an alias must catch. */
static void test_human_forms(void **state)
{
    static const char *const provinces[][2] = {
        {"79", "TP HCM"}, {"79", "TPHCM"}, {"79", "TP.HCM"}, {"79", "Tp. HCM"},
        {"79", "HCM"}, {"79", "HCMC"}, {"79", "HCM City"}, {"79", "Ho Chi Minh City"},
        {"79", "S\xc3\xa0i G\xc3\xb2n"}, {"79", "Saigon"}, {"79", "H\xe1\xbb\x93 Ch\xc3\xad Minh"},
        {"79", "Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh"},
        {"46", "Hu\xe1\xba\xbf"}, {"46", "TT-Hu\xe1\xba\xbf"}, {"46", "TT Hu\xe1\xba\xbf"},
        {"46", "TT.Hu\xe1\xba\xbf"}, {"46", "Th\xe1\xbb\xab" "a Thi\xc3\xaan - Hu\xe1\xba\xbf"},
        {"46", "Thua Thien Hue"}, {"46", "Th\xc3\xa0nh ph\xe1\xbb\x91 Hu\xe1\xba\xbf"},
        {"46", "Hue City"},
        {"77", "BR-VT"}, {"77", "BRVT"}, {"77", "B\xc3\xa0 R\xe1\xbb\x8b" "a V\xc5\xa9ng T\xc3\xa0u"},
        {"77", "Ba Ria-Vung Tau"}, {"77", "B\xc3\xa0 R\xe1\xbb\x8b" "a\xe2\x80\x93V\xc5\xa9ng T\xc3\xa0u"},
        {"66", "\xc4\x90\xe1\xba\xafk L\xe1\xba\xafk"}, {"66", "\xc4\x90\xc4\x83k L\xc4\x83k"},
        {"66", "Dak Lak"}, {"66", "Daklak"}, {"66", "\xc4\x90\xe1\xba\xaf" "c L\xe1\xba\xaf" "c"},
        {"66", "Dac Lac"},
        {"67", "\xc4\x90\xe1\xba\xafk N\xc3\xb4ng"}, {"67", "\xc4\x90\xc4\x83k N\xc3\xb4ng"},
        {"67", "Dak Nong"},
        {"62", "Kon Tum"}, {"62", "Kontum"},
        {"01", "H\xc3\xa0 N\xe1\xbb\x99i"}, {"01", "Hanoi"}, {"01", "Th\xe1\xbb\xa7 \xc4\x91\xc3\xb4 H\xc3\xa0 N\xe1\xbb\x99i"},
        {"31", "Haiphong"}, {"31", "Hai Phong City"},
        {"48", "Da Nang City"}, {"48", "Danang"}, {"92", "Can Tho City"},
        {"06", "B\xe1\xba\xaf" "c C\xe1\xba\xa1n"}, {"06", "Bac Kan"},
        {"17", "Ho\xc3\xa0 B\xc3\xacnh"}, {"38", "Thanh Ho\xc3\xa1"}, {"56", "Kh\xc3\xa1nh Ho\xc3\xa0"},
        {"20", "UBND t\xe1\xbb\x89nh L\xe1\xba\xa1ng S\xc6\xa1n"}, {"22", "Quang Ninh Province"},
    };
    static const char *const ministries[][2] = {
        {"SBV", "Ng\xc3\xa2n h\xc3\xa0ng Nh\xc3\xa0 n\xc6\xb0\xe1\xbb\x9b" "c"},
        {"SBV", "Ng\xc3\xa2n h\xc3\xa0ng Nh\xc3\xa0 n\xc6\xb0\xe1\xbb\x9b" "c Vi\xe1\xbb\x87t Nam"},
        {"SBV", "State Bank of Vietnam"}, {"SBV", "State Bank of Viet Nam"}, {"SBV", "NHNN"},
        {"MIC", "Ministry of Information and Communications"},
        {"MIC", "Ministry of Information and Communication"},
        {"MIC", "B\xe1\xbb\x99 TT&TT"},
        {"MOLISA", "B\xe1\xbb\x99 L\xc4\x90TBXH"}, {"MOLISA", "B\xe1\xbb\x99 L\xc4\x90-TB&XH"},
        {"MOLISA", "Ministry of Labor, Invalids and Social Affairs"},
        {"MARD", "B\xe1\xbb\x99 NN&PTNT"}, {"MONRE", "B\xe1\xbb\x99 TN&MT"},
        {"MOCST", "B\xe1\xbb\x99 VH-TT&DL"}, {"MOCST", "B\xe1\xbb\x99 V\xc4\x83n ho\xc3\xa1, Th\xe1\xbb\x83 thao v\xc3\xa0 Du l\xe1\xbb\x8b" "ch"},
        {"CEMA", "U\xe1\xbb\xb7 ban D\xc3\xa2n t\xe1\xbb\x99" "c"}, {"GI", "Government Inspectorate"},
        {"MOIT", "B\xe1\xbb\x99 C\xc3\xb4ng th\xc6\xb0\xc6\xa1ng"},
    };
    Ref *r = *state;
    size_t i;
    for (i = 0; i < sizeof provinces / sizeof *provinces; i++) {
        find_is(r->prov, provinces[i][1], provinces[i][0]);
        find_is(r->both, provinces[i][1], provinces[i][0]);
    }
    for (i = 0; i < sizeof ministries / sizeof *ministries; i++) {
        find_is(r->min, ministries[i][1], ministries[i][0]);
        find_is(r->both, ministries[i][1], ministries[i][0]);
    }
    /* ambiguous short forms are deliberately not aliases */
    assert_int_equal(units_find(r->prov, "HN"), -1);
    assert_int_equal(units_find(r->prov, "HP"), -1);
    assert_int_equal(units_find(r->prov, "\xc4\x90N"), -1);
    assert_int_equal(units_find(r->prov, "QN"), -1);
}

/* Suggestions on the full list. */
static void test_ref_suggest(void **state)
{
    Ref *r = *state;
    suggest_is(r->prov, "Quang Nimh", "22");
    suggest_is(r->prov, "Qu\xe1\xba\xa3ng Ngai", "51");
    suggest_is(r->prov, "Vinh Phuoc", "26");
    suggest_is(r->prov, "Thai Nguen", "19");
    suggest_is(r->prov, "Kien Gian", "91");
    suggest_is(r->prov, "Xyz", NULL);
    suggest_is(r->prov, "Paris", NULL);
    suggest_is(r->min, "Ministry of Jusitce", "MOJ");
    suggest_is(r->min, "B\xe1\xbb\x99 Y t\xe1\xbb\x87", "MOH");
    suggest_is(r->min, "Ministry of Magic", NULL);
    /* the shared "Ministry of ... nce" does not make these close */
    suggest_is(r->min, "Ministry of Defence", NULL);
    suggest_is(r->min, "Ministry of Sciense and Technology", "MOST");
}

/* The registry also works with ministry prefixes added, and the extra
 * prefixes merge no two units. */
static void test_ministry_prefixes(void **state)
{
    Ref *r = *state;
    assert_int_equal(units_prefix(r->min, "b\xe1\xbb\x99"), 0);
    assert_int_equal(units_prefix(r->min, "Ministry of"), 0);
    find_is(r->min, "T\xc6\xb0 ph\xc3\xa1p", "MOJ");
    find_is(r->min, "Justice", "MOJ");
    find_is(r->min, "B\xe1\xbb\x99 T\xc6\xb0 ph\xc3\xa1p", "MOJ");
    find_is(r->min, "GTVT", "MOT");
    assert_int_equal(units_prefix(r->both, "b\xe1\xbb\x99"), 0);
    assert_int_equal(units_prefix(r->both, "Ministry of"), 0);
    find_is(r->both, "Finance", "MOF");
    find_is(r->both, "TP HCM", "79");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_basic, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_codes, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_nfc_nfd, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_tone_placement_and_case, setup_small,
                                        teardown_units),
        cmocka_unit_test_setup_teardown(test_prefixes, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_hyphens_and_spaces, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_aliases, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_collisions, setup_small, teardown_units),
        cmocka_unit_test_setup_teardown(test_suggest, setup_small, teardown_units),
        cmocka_unit_test(test_suggest_tie_order),
        cmocka_unit_test(test_prefix_registration),
        cmocka_unit_test(test_many_units),
        cmocka_unit_test_setup_teardown(test_provinces_csv, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_ministries_csv, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_aliases_csv, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_published_names, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_human_forms, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_ref_suggest, setup_ref, teardown_ref),
        cmocka_unit_test_setup_teardown(test_ministry_prefixes, setup_ref, teardown_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
