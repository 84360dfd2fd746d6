/* test_text.c — UTF-8 validation and length, terminal width, NFC, the
 * matching fold and edit distance (engine/core/text.c).
 *
 * Decomposed (NFD) strings are spelled out byte by byte so that no editor or
 * tool can silently normalise them.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "text.h"

/* "Hòa Bình" in NFC and in NFD (o + U+0300, i + U+0300). */
#define HOA_BINH_NFC "H\xc3\xb2" "a B\xc3\xac" "nh"
#define HOA_BINH_NFD "Ho\xcc\x80" "a Bi\xcc\x80" "nh"
/* "Hà Nội": ộ = U+1ED9; in NFD o + U+0323 (dot below) + U+0302 (circumflex). */
#define HA_NOI_NFC "H\xc3\xa0 N\xe1\xbb\x99i"
#define HA_NOI_NFD "Ha\xcc\x80 No\xcc\xa3\xcc\x82i"

/* ---- utf8_check -------------------------------------------------------- */

static void check_ok(const char *s, size_t n)
{
    size_t bad = 12345;
    if (utf8_check(s, n, &bad) != 0)
        fail_msg("expected valid UTF-8, rejected at byte %zu", bad);
    assert_int_equal(bad, 12345); /* untouched on success */
}

static void check_bad(const char *s, size_t n, size_t want_bad)
{
    size_t bad = 12345;
    assert_int_equal(utf8_check(s, n, &bad), -1);
    assert_int_equal(bad, want_bad);
}

static void test_check_valid(void **state)
{
    (void)state;
    check_ok("", 0);
    check_ok(NULL, 0);
    check_ok("plain ASCII, longer than eight bytes", 36);
    check_ok(HA_NOI_NFC, sizeof HA_NOI_NFC - 1);
    check_ok(HA_NOI_NFD, sizeof HA_NOI_NFD - 1);
    check_ok("a\0b", 3);                 /* U+0000 is a valid code point */
    check_ok("\xc2\x80", 2);             /* U+0080, smallest 2-byte */
    check_ok("\xdf\xbf", 2);             /* U+07FF */
    check_ok("\xe0\xa0\x80", 3);         /* U+0800, smallest 3-byte */
    check_ok("\xed\x9f\xbf", 3);         /* U+D7FF, just below surrogates */
    check_ok("\xee\x80\x80", 3);         /* U+E000, just above */
    check_ok("\xef\xbf\xbf", 3);         /* U+FFFF */
    check_ok("\xf0\x90\x80\x80", 4);     /* U+10000, smallest 4-byte */
    check_ok("\xf4\x8f\xbf\xbf", 4);     /* U+10FFFF, the last code point */
    check_ok("\xe4\xb8\xad\xe6\x96\x87", 6); /* 中文 */
    /* the length bounds the check: a bad byte after n is not looked at */
    check_ok("ok\xff", 2);
    /* bad may be NULL */
    assert_int_equal(utf8_check("ok", 2, NULL), 0);
    assert_int_equal(utf8_check("\xff", 1, NULL), -1);
}

static void test_check_invalid(void **state)
{
    (void)state;
    check_bad("\x80", 1, 0);                 /* lone continuation byte */
    check_bad("ab\xbf", 3, 2);
    check_bad("\xc0\xaf", 2, 0);             /* overlong '/' */
    check_bad("\xc1\xbf", 2, 0);             /* overlong */
    check_bad("\xe0\x80\xaf", 3, 0);         /* overlong 3-byte */
    check_bad("\xe0\x9f\xbf", 3, 0);         /* overlong U+07FF */
    check_bad("\xf0\x80\x80\xaf", 4, 0);     /* overlong 4-byte */
    check_bad("\xf0\x8f\xbf\xbf", 4, 0);     /* overlong U+FFFF */
    check_bad("\xed\xa0\x80", 3, 0);         /* U+D800, high surrogate */
    check_bad("\xed\xbf\xbf", 3, 0);         /* U+DFFF, low surrogate */
    check_bad("\xf4\x90\x80\x80", 4, 0);     /* U+110000 */
    check_bad("\xf5\x80\x80\x80", 4, 0);     /* F5..FF never valid */
    check_bad("\xfe", 1, 0);
    check_bad("\xff", 1, 0);
    /* truncated sequences, at the end and before other text */
    check_bad("x\xe1\xbb", 3, 1);
    check_bad("x\xe1\xbb" "A", 4, 1);
    check_bad("\xf0\x9f\x98", 3, 0);
    check_bad("\xc3", 1, 0);
    check_bad("\xc3 ", 2, 0);
    /* a valid sequence cut by n */
    check_bad(HA_NOI_NFC, 6, 5);             /* "Hà N" + first byte of ộ */
    /* the first bad byte is reported, not a later one */
    check_bad("\xc3\xa0\x80\xff", 4, 2);
}

/* The ASCII fast path reads eight bytes at a time: a bad byte must be found
 * at every offset within and after such a block. */
static void test_check_every_offset(void **state)
{
    char buf[80];
    size_t at;
    (void)state;
    for (at = 0; at < 64; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = (char)0x80;
        check_bad(buf, sizeof buf, at);
        memset(buf, 'a', sizeof buf);
        memcpy(buf + at, "\xe1\xbb\x99", 3); /* ộ at every alignment */
        check_ok(buf, sizeof buf);
        buf[at + 2] = 'x';                   /* now truncated */
        check_bad(buf, sizeof buf, at);
    }
}

/* A large mixed buffer (like a data file validated line by line). */
static void test_check_large(void **state)
{
    const char line[] = "01,H\xc3\xa0 N\xe1\xbb\x99i,Ha Noi,Th\xc3\xa0nh ph\xe1\xbb\x91,"
                        "\xc4\x90\xe1\xbb\x93ng b\xe1\xba\xb1ng s\xc3\xb4ng H\xe1\xbb\x93ng\n";
    size_t ll = sizeof line - 1, reps = 20000, i;
    char *big = malloc(ll * reps + 1);
    (void)state;
    assert_non_null(big);
    for (i = 0; i < reps; i++)
        memcpy(big + i * ll, line, ll);
    check_ok(big, ll * reps);
    big[ll * reps - 3] = (char)0xc0;
    check_bad(big, ll * reps, ll * reps - 3);
    free(big);
}

/* ---- utf8_length ------------------------------------------------------- */

static void test_length(void **state)
{
    (void)state;
    assert_int_equal(utf8_length("", 0), 0);
    assert_int_equal(utf8_length("abc", 3), 3);
    assert_int_equal(utf8_length(HA_NOI_NFC, sizeof HA_NOI_NFC - 1), 6);
    assert_int_equal(utf8_length(HA_NOI_NFD, sizeof HA_NOI_NFD - 1), 9); /* 3 marks */
    assert_int_equal(utf8_length("\xe4\xb8\xad\xe6\x96\x87", 6), 2);
    assert_int_equal(utf8_length("\xf0\x9f\x98\x80", 4), 1);
    /* every invalid byte counts as one */
    assert_int_equal(utf8_length("\xff\xfe", 2), 2);
    assert_int_equal(utf8_length("a\xe1\xbb" "b", 4), 4);
    assert_int_equal(utf8_length("a\0b", 3), 3);
    /* long ASCII run then multibyte (fast path) */
    assert_int_equal(utf8_length("abcdefghijklmnop\xc3\xa0", 18), 17);
}

/* ---- text_width -------------------------------------------------------- */

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width(NULL), 0);
    assert_int_equal(text_width("Ha Noi"), 6);
    /* Vietnamese: precomposed and decomposed take the same columns */
    assert_int_equal(text_width(HA_NOI_NFC), 6);
    assert_int_equal(text_width(HA_NOI_NFD), 6);
    assert_int_equal(text_width(HOA_BINH_NFC), 8);
    assert_int_equal(text_width(HOA_BINH_NFD), 8);
    assert_int_equal(text_width("TP. H\xe1\xbb\x93 Ch\xc3\xad Minh"), 15);
    /* "Đắk Lắk" with two stacked marks per vowel, decomposed */
    assert_int_equal(text_width("\xc4\x90" "a\xcc\x86\xcc\x81" "k La\xcc\x86\xcc\x81" "k"), 7);
    /* a lone combining mark takes no column */
    assert_int_equal(text_width("\xcc\x81"), 0);
    /* CJK is two columns wide */
    assert_int_equal(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4);            /* 中文 */
    assert_int_equal(text_width("\xe6\x9c\x80\xe4\xb8\x8b\xe4\xbd\x8d"), 6); /* 最下位 */
    assert_int_equal(text_width("ab\xe4\xb8\xad"), 4);
    /* fullwidth forms too */
    assert_int_equal(text_width("\xef\xbc\xa1"), 2);                        /* Ａ */
    /* control characters take none; an invalid byte shows as one */
    assert_int_equal(text_width("a\tb\n"), 2);
    assert_int_equal(text_width("a\xff" "b"), 3);
}

/* ---- text_nfc ---------------------------------------------------------- */

static void test_nfc(void **state)
{
    char *s;
    (void)state;
    s = text_nfc(HOA_BINH_NFD, sizeof HOA_BINH_NFD - 1);
    assert_non_null(s);
    assert_string_equal(s, HOA_BINH_NFC);
    free(s);
    s = text_nfc(HA_NOI_NFD, sizeof HA_NOI_NFD - 1);
    assert_non_null(s);
    assert_string_equal(s, HA_NOI_NFC);
    free(s);
    /* already NFC: unchanged */
    s = text_nfc(HA_NOI_NFC, sizeof HA_NOI_NFC - 1);
    assert_non_null(s);
    assert_string_equal(s, HA_NOI_NFC);
    free(s);
    /* ASCII copy, bounded by n */
    s = text_nfc("Hanoi, Vietnam", 5);
    assert_non_null(s);
    assert_string_equal(s, "Hanoi");
    free(s);
    s = text_nfc("", 0);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
    /* NFC keeps compatibility characters (that is NFKC's job) */
    s = text_nfc("\xef\xbc\xa1", 3);
    assert_non_null(s);
    assert_string_equal(s, "\xef\xbc\xa1");
    free(s);
    /* invalid UTF-8 gives NULL */
    assert_null(text_nfc("H\xc3", 2));
    assert_null(text_nfc("\xed\xa0\x80", 3));
    assert_null(text_nfc("abc\xc0\xaf", 5));
}

/* ---- text_fold --------------------------------------------------------- */

static void fold_is(const char *in, const char *want)
{
    char *f = text_fold(in);
    if (!f)
        fail_msg("text_fold(\"%s\") returned NULL", in);
    if (strcmp(f, want) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "text_fold(\"%s\") = \"%s\", want \"%s\"", in, f, want);
        free(f);
        fail_msg("%s", msg);
    }
    free(f);
}

static void test_fold_basic(void **state)
{
    (void)state;
    fold_is("Th\xe1\xbb\xab" "a Thi\xc3\xaan - Hu\xe1\xba\xbf", "thua thien hue");
    fold_is("TP. H\xe1\xbb\x93 Ch\xc3\xad Minh", "tp ho chi minh");
    fold_is("Ha Noi", "ha noi");
    fold_is("HANOI", "hanoi");
    fold_is("", "");
    fold_is("  \t--  ", "");
    fold_is("  Lai   Ch\xc3\xa2u  ", "lai chau");
    fold_is("PAR INDEX 2023", "par index 2023");
}

static void test_fold_nfc_nfd(void **state)
{
    (void)state;
    fold_is(HOA_BINH_NFC, "hoa binh");
    fold_is(HOA_BINH_NFD, "hoa binh");
    fold_is(HA_NOI_NFC, "ha noi");
    fold_is(HA_NOI_NFD, "ha noi");
    /* marks in the other canonical order still vanish */
    fold_is("Ha\xcc\x80 No\xcc\x82\xcc\xa3i", "ha noi");
}

/* Old- and new-style tone placement: "Hoà" (mark on a) vs "Hòa" (mark on o). */
static void test_fold_tone_placement(void **state)
{
    (void)state;
    fold_is("Ho\xc3\xa0 B\xc3\xacnh", "hoa binh");           /* Hoà Bình */
    fold_is("H\xc3\xb2" "a B\xc3\xacnh", "hoa binh");        /* Hòa Bình */
    fold_is("Thanh Ho\xc3\xa1", "thanh hoa");                /* Thanh Hoá */
    fold_is("Thanh H\xc3\xb3" "a", "thanh hoa");             /* Thanh Hóa */
    fold_is("Kh\xc3\xa1nh Ho\xc3\xa0", "khanh hoa");         /* Khánh Hoà */
    fold_is("\xe1\xbb\xa6y ban", "uy ban");                  /* Ủy */
    fold_is("U\xe1\xbb\xb7 ban", "uy ban");                  /* Uỷ */
}

static void test_fold_case_and_d(void **state)
{
    (void)state;
    fold_is("\xc4\x90\xe1\xba\xaek L\xe1\xba\xaek", "dak lak");         /* ĐẮK LẮK */
    fold_is("\xc4\x91\xe1\xba\xafk l\xe1\xba\xafk", "dak lak");         /* đắk lắk */
    fold_is("\xc4\x90\xc3\xa0 N\xe1\xba\xb5ng", "da nang");             /* Đà Nẵng */
    fold_is("\xc4\x90\xc4\x82K N\xc3\x94NG", "dak nong");               /* ĐĂK NÔNG */
    /* Ð (U+00D0, eth) as legacy encodings write Đ */
    fold_is("\xc3\x90\xc3\xa0 N\xe1\xba\xb5ng", "da nang");
    /* ư and ơ lose the horn */
    fold_is("H\xc6\xb0ng Y\xc3\xaan", "hung yen");
    fold_is("S\xc6\xa1n La", "son la");
    /* case folding beyond ASCII */
    fold_is("STRA\xc3\x9f" "E", "strasse");
}

static void test_fold_separators(void **state)
{
    (void)state;
    fold_is("B\xc3\xa0 R\xe1\xbb\x8b" "a - V\xc5\xa9ng T\xc3\xa0u", "ba ria vung tau");
    fold_is("B\xc3\xa0 R\xe1\xbb\x8b" "a\xe2\x80\x93V\xc5\xa9ng T\xc3\xa0u", "ba ria vung tau"); /* en dash */
    fold_is("Ba Ria-Vung Tau", "ba ria vung tau");
    fold_is("B\xe1\xbb\x99 L\xc4\x90-TB&XH", "bo ld tb xh");
    fold_is("T.P.  H\xe1\xbb\x93 Ch\xc3\xad Minh", "t p ho chi minh");
    fold_is("\"Qu\xe1\xba\xa3ng Ninh\"", "quang ninh");
    fold_is("Ministry of Labour, Invalids and Social Affairs",
            "ministry of labour invalids and social affairs");
    /* no-break space and ideographic space are separators */
    fold_is("Ha\xc2\xa0Noi", "ha noi");
    fold_is("Ha\xe3\x80\x80Noi", "ha noi");
    /* invisible characters vanish instead of splitting a word */
    fold_is("Ngh\xc2\xad\xe1\xbb\x87 An", "nghe an");     /* soft hyphen */
    fold_is("Ha\xe2\x80\x8bnoi", "hanoi");                /* zero-width space */
    fold_is("\xef\xbb\xbfHanoi", "hanoi");               /* BOM */
}

static void test_fold_compat(void **state)
{
    (void)state;
    fold_is("\xef\xbc\xa8\xef\xbc\xa1\xef\xbc\xae\xef\xbc\xaf\xef\xbc\xa9", "hanoi"); /* ＨＡＮＯＩ */
    fold_is("\xef\xac\x81" "ve", "five");                 /* ﬁ ligature */
    fold_is("x\xc2\xb2", "x2");                          /* superscript two */
    fold_is("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87"); /* CJK kept */
    /* U+FDFA expands to 18 code points (the longest decomposition) */
    {
        char *f = text_fold("\xef\xb7\xba");
        assert_non_null(f);
        assert_int_equal(utf8_length(f, strlen(f)), 18);
        free(f);
    }
}

static void test_fold_invalid(void **state)
{
    (void)state;
    assert_null(text_fold(NULL));
    assert_null(text_fold("H\xc3"));
    assert_null(text_fold("\xed\xa0\x80"));
    assert_null(text_fold("ok \xff"));
}

/* ---- text_distance ----------------------------------------------------- */

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(text_distance("", ""), 0);
    assert_int_equal(text_distance(NULL, "abc"), 3);
    assert_int_equal(text_distance("abc", NULL), 3);
    assert_int_equal(text_distance("abc", "abc"), 0);
    assert_int_equal(text_distance("kitten", "sitting"), 3);
    assert_int_equal(text_distance("sitting", "kitten"), 3);
    assert_int_equal(text_distance("flaw", "lawn"), 2);
    assert_int_equal(text_distance("quangnimh", "quangninh"), 1);
    assert_int_equal(text_distance("ab", "ba"), 2); /* no transposition */
    /* counted in code points, not bytes: ế (3 bytes) vs e is one edit */
    assert_int_equal(text_distance("Hu\xe1\xba\xbf", "Hue"), 1);
    assert_int_equal(text_distance("\xe4\xb8\xad", "\xe6\x96\x87"), 1);
    /* the raw strings differ where tone marks sit differently */
    assert_int_equal(text_distance("H\xc3\xb2" "a", "Ho\xc3\xa0"), 2);
    /* invalid bytes count as one each and equal only themselves */
    assert_int_equal(text_distance("a\xff", "a\xfe"), 1);
    assert_int_equal(text_distance("a\xff", "a\xff"), 0);
    assert_int_equal(text_distance("\xff", "\xc3\xbf"), 1); /* 0xFF byte vs ÿ */
}

/* Longer than the on-stack buffers. */
static void test_distance_long(void **state)
{
    char a[301], b[301];
    (void)state;
    memset(a, 'x', 300);
    a[300] = '\0';
    memcpy(b, a, sizeof b);
    assert_int_equal(text_distance(a, b), 0);
    b[0] = 'y';
    b[150] = 'y';
    b[299] = 'y';
    assert_int_equal(text_distance(a, b), 3);
    b[150] = '\0';
    assert_int_equal(text_distance(a, b), 151);
    assert_int_equal(text_distance(b, a), 151);
    /* long against short, nothing shared */
    assert_int_equal(text_distance(a, "abc"), 300);
    {
        char c[201];
        size_t i;
        for (i = 0; i < 200; i++)
            c[i] = (char)('a' + i % 26);
        c[200] = '\0';
        memset(a, 'a', 200);
        a[200] = '\0';
        /* c has one 'a' every 26 letters: 8 of 200 match in place */
        assert_int_equal(text_distance(a, c), 192);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_valid),
        cmocka_unit_test(test_check_invalid),
        cmocka_unit_test(test_check_every_offset),
        cmocka_unit_test(test_check_large),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_fold_basic),
        cmocka_unit_test(test_fold_nfc_nfd),
        cmocka_unit_test(test_fold_tone_placement),
        cmocka_unit_test(test_fold_case_and_d),
        cmocka_unit_test(test_fold_separators),
        cmocka_unit_test(test_fold_compat),
        cmocka_unit_test(test_fold_invalid),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_distance_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
