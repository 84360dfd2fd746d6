/* test_legacy.c — legacy Vietnamese encodings (legacy.c): every byte table
 * against an independent decoder (the C library's iconv, where it knows the
 * encoding), each encoding's words, recognition of whole files and of single
 * lines, conversion errors, and the loader's message naming the encoding.
 */
#include "test_util.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "csv_load.h"
#include "legacy.h"
#include "text.h"

#define HOSTILE CHISO_SRC_DIR "/tests/hostile/data/"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static void expect_conv(LegacyEnc e, const char *in, const char *want)
{
    size_t olen, bad;
    char *out = legacy_to_utf8(e, in, strlen(in), &olen, &bad);
    if (!out)
        fail_msg("%s: conversion failed at byte %zu", legacy_name(e), bad);
    if (strcmp(out, want) != 0)
        fail_msg("%s: expected \"%s\", got \"%s\"", legacy_name(e), want, out);
    assert_int_equal(olen, strlen(want));
    free(out);
}

/* Decode one byte with iconv; 0 when iconv rejects it or is unavailable. */
static size_t iconv_byte(const char *enc, unsigned char b, char *out, size_t size)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    char in[1];
    char *ip = in, *op = out;
    size_t il = 1, ol = size - 1;
    if (cd == (iconv_t)-1)
        return 0;
    in[0] = (char)b;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
        iconv_close(cd);
        return 0;
    }
    iconv_close(cd);
    *op = '\0';
    return (size_t)(op - out);
}

/* Every Windows-1258 byte decodes as the C library's CP1258 does (combining
 * marks alone, after a space, stay combining marks). */
static void test_cp1258_table(void **state)
{
    unsigned b;
    int checked = 0;
    (void)state;
    for (b = 0x80; b <= 0xFF; b++) {
        char want[16], in[2] = {(char)b, 0};
        size_t olen, bad, k = iconv_byte("CP1258", (unsigned char)b, want, sizeof want);
        char *got = legacy_to_utf8(LEGACY_CP1258, in, 1, &olen, &bad);
        if (k == 0) {
            /* iconv missing, or an undefined byte: ours must refuse it too when iconv exists */
            if (iconv_byte("CP1258", 'a', want, sizeof want) != 0 && got)
                fail_msg("0x%02X: iconv rejects it, we gave \"%s\"", b, got);
            free(got);
            continue;
        }
        if (!got)
            fail_msg("0x%02X: iconv gives \"%s\", we refuse it", b, want);
        if (strcmp(got, want) != 0)
            fail_msg("0x%02X: iconv gives \"%s\", we give \"%s\"", b, want, got);
        free(got);
        checked++;
    }
    print_message("  %d Windows-1258 bytes checked against iconv\n", checked);
}

/* Every byte TCVN3 defines decodes as the C library's TCVN5712-1 (of which
 * TCVN3, VN3, is the part the ABC fonts use). */
static void test_tcvn3_table(void **state)
{
    unsigned b;
    int defined = 0, checked = 0;
    (void)state;
    for (b = 0x80; b <= 0xFF; b++) {
        char want[16], in[2] = {(char)b, 0};
        size_t olen, bad, k;
        char *got = legacy_to_utf8(LEGACY_TCVN3, in, 1, &olen, &bad);
        if (!got) {
            assert_int_equal(bad, 0);
            continue;
        }
        defined++;
        k = iconv_byte("TCVN5712-1", (unsigned char)b, want, sizeof want);
        if (k) {
            if (strcmp(got, want) != 0)
                fail_msg("0x%02X: iconv gives \"%s\", we give \"%s\"", b, want, got);
            checked++;
        }
        free(got);
    }
    /* 67 lowercase letters, Ă Â Ê Ô Ơ Ư Đ, and the no-break space */
    assert_int_equal(defined, 67 + 7 + 1);
    print_message("  %d TCVN3 bytes checked against iconv\n", checked);
}

static void test_words(void **state)
{
    (void)state;
    /* Windows-1258: precomposed where the code page has the letter, base +
     * combining mark otherwise; both come out precomposed */
    expect_conv(LEGACY_CP1258, "H\xE0 N\xF4\xF2i", "Hà Nội");
    expect_conv(LEGACY_CP1258, "Th\xFD\xCC" "a Thi\xEAn Hu\xEA\xEC", "Thừa Thiên Huế");
    expect_conv(LEGACY_CP1258, "\xD0\xE3\xECk L\xE3\xECk", "Đắk Lắk");
    expect_conv(LEGACY_CP1258, "\xCC", "\xCC\x80"); /* a lone mark stays a mark */
    /* TCVN3 */
    expect_conv(LEGACY_TCVN3, "h\xb5 n\xe9i", "hà nội");
    expect_conv(LEGACY_TCVN3, "\xa7\xbek l\xbek", "Đắk lắk");
    expect_conv(LEGACY_TCVN3, "ng\xad\xea" "i", "người");
    /* VNI: base + modifier, and the single-byte letters */
    expect_conv(LEGACY_VNI, "Ha\xF8 No\xE4i", "Hà Nội");
    expect_conv(LEGACY_VNI, "Th\xF6\xF8" "a Thie\xE2n Hue\xE1", "Thừa Thiên Huế");
    expect_conv(LEGACY_VNI, "\xD1" "a\xE9k La\xE9k", "Đắk Lắk");
    expect_conv(LEGACY_VNI, "ng\xF6\xF4\xF8i", "người");
    expect_conv(LEGACY_VNI, "Vi\xEE" "t Tr\xEC", "Viỵt Trì"); /* ỵ, ì single bytes */
    expect_conv(LEGACY_VNI, "QUA\xDBNG NGA\xD5I", "QUẢNG NGÃI");
    expect_conv(LEGACY_VNI, "\xF9", "ù"); /* a modifier with nothing to modify */
    /* ASCII is ASCII in all three */
    expect_conv(LEGACY_TCVN3, "a,\"b\";c\r\n", "a,\"b\";c\r\n");
}

static void test_undefined_bytes(void **state)
{
    size_t olen, bad;
    (void)state;
    assert_null(legacy_to_utf8(LEGACY_TCVN3, "ab\x80", 3, &olen, &bad));
    assert_int_equal(bad, 2);
    assert_null(legacy_to_utf8(LEGACY_CP1258, "x\x8A", 2, &olen, &bad));
    assert_int_equal(bad, 1);
    assert_null(legacy_to_utf8(LEGACY_VNI, "\x81", 1, &olen, &bad));
    assert_int_equal(bad, 0);
    assert_null(legacy_to_utf8(LEGACY_NONE, "a", 1, &olen, &bad));
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(legacy_parse("CP1258"), LEGACY_CP1258);
    assert_int_equal(legacy_parse("windows-1258"), LEGACY_CP1258);
    assert_int_equal(legacy_parse("ABC"), LEGACY_TCVN3);
    assert_int_equal(legacy_parse("tcvn3"), LEGACY_TCVN3);
    assert_int_equal(legacy_parse("vni"), LEGACY_VNI);
    assert_int_equal(legacy_parse("latin1"), LEGACY_NONE);
    assert_int_equal(legacy_parse(NULL), LEGACY_NONE);
    assert_string_equal(legacy_name(LEGACY_TCVN3), "TCVN3 (ABC)");
    assert_string_equal(legacy_key(LEGACY_VNI), "vni");
}

static void expect_detect(const char *file, LegacyEnc want)
{
    size_t n;
    char *buf = slurp(file, &n);
    LegacyEnc got = legacy_detect(buf, n, NULL);
    free(buf);
    if (got != want)
        fail_msg("%s: expected %s, detected %s", file, legacy_name(want), legacy_name(got));
}

static void test_detect_files(void **state)
{
    (void)state;
    expect_detect(HOSTILE "legacy_cp1258.csv", LEGACY_CP1258);
    expect_detect(HOSTILE "legacy_tcvn3.csv", LEGACY_TCVN3);
    expect_detect(HOSTILE "legacy_vni.csv", LEGACY_VNI);
    expect_detect(HOSTILE "latin1.csv", LEGACY_NONE);
    expect_detect(CHISO_SRC_DIR "/tests/fixtures/csv/cp1258.csv", LEGACY_CP1258);
}

/* Short texts: the right answer or none, never a wrong one. */
static void test_detect_short(void **state)
{
    static const struct { const char *s; LegacyEnc e; } cases[] = {
        {"H\xE0 N\xF4\xF2i", LEGACY_CP1258},
        {"h\xb5 n\xe9i", LEGACY_TCVN3},
        {"Ha\xF8 No\xE4i", LEGACY_VNI},
        {"Qua\xFBng Ninh", LEGACY_VNI},
        {"Soci\xE9t\xE9 G\xE9n\xE9rale", LEGACY_NONE},
        {"M\xFCller", LEGACY_NONE},
        {"25\xB0" "C", LEGACY_NONE},
        {"", LEGACY_NONE},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        LegacyEnc got = legacy_detect(cases[i].s, strlen(cases[i].s), NULL);
        if (got != cases[i].e)
            fail_msg("case %zu: expected %s, detected %s", i, legacy_name(cases[i].e),
                     legacy_name(got));
    }
}

/* A converted file equals the UTF-8 original (TCVN3: lowercased, as the ABC
 * fonts write capitals with the same codes). */
static void expect_file_conversion(LegacyEnc e, const char *file, int lower)
{
    char tmp[] = "/tmp/chiso_legacy_XXXXXX";
    int fd = mkstemp(tmp);
    FILE *out = fdopen(fd, "w");
    Diag d;
    size_t n, m;
    char *got, *want;
    assert_non_null(out);
    if (legacy_convert_file(e, file, file, out, &d) != 0)
        fail_msg("%s", d.msg);
    fclose(out);
    got = slurp(tmp, &n);
    want = slurp(lower ? HOSTILE "legacy_utf8_lower.csv" : HOSTILE "legacy_utf8.csv", &m);
    unlink(tmp);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void test_convert_files(void **state)
{
    Diag d;
    FILE *null = fopen("/dev/null", "w");
    (void)state;
    expect_file_conversion(LEGACY_CP1258, HOSTILE "legacy_cp1258.csv", 0);
    expect_file_conversion(LEGACY_VNI, HOSTILE "legacy_vni.csv", 0);
    expect_file_conversion(LEGACY_TCVN3, HOSTILE "legacy_tcvn3.csv", 1);
    /* a UTF-8 file is refused, not garbled */
    assert_int_equal(legacy_convert_file(LEGACY_VNI, HOSTILE "legacy_utf8.csv", "u.csv", null, &d), -1);
    assert_string_equal(d.msg, "u.csv: the file is UTF-8 already: nothing to convert");
    /* a byte the encoding lacks: its position */
    assert_int_equal(legacy_convert_file(LEGACY_TCVN3, HOSTILE "legacy_vni.csv", "v.csv", null, &d), -1);
    assert_contains(d.msg, "v.csv:2:31: byte 0xE0 is not defined in TCVN3 (ABC)");
    assert_int_equal(legacy_convert_file(LEGACY_TCVN3, HOSTILE "nope.csv", "n.csv", null, &d), -1);
    assert_contains(d.msg, "n.csv: cannot open");
    fclose(null);
}

/* The loader names the encoding and the way to convert. */
static void test_loader_message(void **state)
{
    static const struct { const char *file, *want; } cases[] = {
        {"legacy_cp1258.csv", "legacy_cp1258.csv:1:1: invalid UTF-8 byte 0xF0: the file is in "
                              "Windows-1258, a legacy Vietnamese encoding, not UTF-8; convert it "
                              "with 'iconv -f CP1258 -t UTF-8 legacy_cp1258.csv > "
                              "legacy_cp1258-utf8.csv'"},
        {"legacy_tcvn3.csv", "legacy_tcvn3.csv:1:1: invalid UTF-8 byte 0xAE: the file is in TCVN3 "
                             "(ABC), a legacy Vietnamese encoding, not UTF-8; convert it with "
                             "'chiso convert legacy_tcvn3.csv --from tcvn3 -o "
                             "legacy_tcvn3-utf8.csv'"},
        {"legacy_vni.csv", "legacy_vni.csv:1:1: invalid UTF-8 byte 0xF1: the file is in VNI, a "
                           "legacy Vietnamese encoding, not UTF-8; convert it with 'chiso convert "
                           "legacy_vni.csv --from vni -o legacy_vni-utf8.csv'"},
        {"latin1.csv", "latin1.csv:2:5: invalid UTF-8 byte 0xE9: the file is not UTF-8"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        CsvOptions o;
        Diag d;
        Table *t;
        csv_options_init(&o);
        o.display_name = cases[i].file;
        snprintf(path, sizeof path, "%s%s", HOSTILE, cases[i].file);
        t = csv_load_file(path, &o, &d);
        assert_null(t);
        assert_contains(d.msg, cases[i].want);
    }
    /* from a buffer too */
    {
        size_t n;
        char *buf = slurp(HOSTILE "legacy_vni.csv", &n);
        Diag d;
        assert_null(csv_load_buffer(buf, n, "b.csv", NULL, &d));
        assert_contains(d.msg, "the file is in VNI");
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1258_table),   cmocka_unit_test(test_tcvn3_table),
        cmocka_unit_test(test_words),          cmocka_unit_test(test_undefined_bytes),
        cmocka_unit_test(test_names),          cmocka_unit_test(test_detect_files),
        cmocka_unit_test(test_detect_short),   cmocka_unit_test(test_convert_files),
        cmocka_unit_test(test_loader_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
