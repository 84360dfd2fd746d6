/* test_regex.c — regex_compile / regex_match: compile errors with offsets,
 * flags, Unicode classes and caseless matching on Vietnamese, captures and
 * named groups, the match limits against catastrophic backtracking, invalid
 * UTF-8 subjects, and a caller's allocator that sees every byte returned.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "regex.h"

static Regex *compile_ok(const char *pat, const char *flags)
{
    Diag d;
    Regex *rx = regex_compile(pat, (size_t)-1, flags, 1, NULL, NULL, &d);
    if (!rx)
        fail_msg("'%s' did not compile: %s", pat, d.msg);
    return rx;
}

/* The text of group k of the last match (static buffer). */
static const char *group(Regex *rx, const char *s, int k)
{
    static char buf[256];
    const size_t *ov = regex_ovector(rx);
    size_t n;
    if (ov[2 * k] == REGEX_UNSET)
        return NULL;
    n = ov[2 * k + 1] - ov[2 * k];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s + ov[2 * k], n);
    buf[n] = '\0';
    return buf;
}

static int match(Regex *rx, const char *s)
{
    Diag d;
    int n = regex_match(rx, s, strlen(s), 0, 0, &d);
    if (n < 0)
        fail_msg("match failed: %s", d.msg);
    return n;
}

static void compile_errors(void **state)
{
    Diag d;
    (void)state;
    assert_null(regex_compile("ab(c", (size_t)-1, "", 1, NULL, NULL, &d));
    assert_string_equal(d.msg, "invalid pattern at offset 4: missing closing parenthesis");
    assert_null(regex_compile("xếp [thứ", (size_t)-1, "i", 1, NULL, NULL, &d));
    assert_contains(d.msg, "invalid pattern at offset 12: missing terminating ] for character class");
    assert_null(regex_compile("a{2,1}", (size_t)-1, "", 1, NULL, NULL, &d));
    assert_contains(d.msg, "invalid pattern at offset 5:");
    assert_null(regex_compile("(?<=a+)b", (size_t)-1, "", 1, NULL, NULL, &d));
    assert_contains(d.msg, "invalid pattern at offset");
    assert_contains(d.msg, "lookbehind");
    assert_null(regex_compile("abc", (size_t)-1, "iq", 1, NULL, NULL, &d));
    assert_string_equal(d.msg, "unknown flag 'q' (flags are i, m, s, x)");
    /* An invalid UTF-8 pattern is a compile error, not a crash. */
    assert_null(regex_compile("a\xff", (size_t)-1, "", 1, NULL, NULL, &d));
    assert_contains(d.msg, "invalid pattern at offset 1: UTF-8 error");
}

static void flags_and_info(void **state)
{
    Regex *rx = compile_ok("x  # a comment\n y", "xsmi");
    (void)state;
    assert_string_equal(regex_flags(rx), "imsx");
    assert_int_equal(match(rx, "XY"), 1);
    assert_int_equal(regex_groups(rx), 0);
    regex_free(rx);

    rx = compile_ok("^b$", "m");
    assert_int_equal(match(rx, "a\nb\nc"), 1);
    regex_free(rx);
    rx = compile_ok("^b$", "");
    assert_int_equal(match(rx, "a\nb\nc"), 0);
    regex_free(rx);
    rx = compile_ok("a.b", "s");
    assert_int_equal(match(rx, "a\nb"), 1);
    regex_free(rx);
}

static void unicode_classes(void **state)
{
    const char *s = "Đắk Lắk xếp thứ 27/63";
    Regex *rx = compile_ok("\\p{L}+", "");
    (void)state;
    assert_int_equal(match(rx, s), 1);
    assert_string_equal(group(rx, s, 0), "Đắk");
    regex_free(rx);

    /* \w and \b know Vietnamese letters (UCP). */
    rx = compile_ok("\\bthứ\\b\\s+(\\d+)/(\\d+)", "");
    assert_int_equal(match(rx, s), 3);
    assert_string_equal(group(rx, s, 1), "27");
    assert_string_equal(group(rx, s, 2), "63");
    regex_free(rx);
    rx = compile_ok("^\\w+\\s\\w+", "");
    assert_int_equal(match(rx, s), 1);
    assert_string_equal(group(rx, s, 0), "Đắk Lắk");
    regex_free(rx);

    /* \p{Lu} is upper case only, even under "i". */
    rx = compile_ok("^\\p{Lu}", "i");
    assert_int_equal(match(rx, "Đạt"), 1);
    assert_int_equal(match(rx, "đạt"), 0);
    regex_free(rx);
}

static void caseless_vietnamese(void **state)
{
    Regex *rx = compile_ok("tăng (\\d+) bậc", "i");
    (void)state;
    assert_int_equal(match(rx, "Tăng 27 bậc"), 2);
    assert_int_equal(match(rx, "TĂNG 7 BẬC"), 2);
    assert_int_equal(match(rx, "tang 7 bac"), 0); /* diacritics still count */
    regex_free(rx);
    rx = compile_ok("đạt", "i");
    assert_int_equal(match(rx, "ĐẠT 87,57%"), 1);
    regex_free(rx);
    rx = compile_ok("tăng", "");
    assert_int_equal(match(rx, "Tăng"), 0);
    regex_free(rx);
}

static void captures_and_names(void **state)
{
    const char *s = "xếp hạng 24/63";
    Regex *rx = compile_ok("xếp (?:thứ|hạng) (?<rank>\\d+)(?:/(?<of>\\d+))?(?<none>x)?", "i");
    int i, g = 0;
    (void)state;
    assert_int_equal(match(rx, s), 4);
    assert_int_equal(regex_names(rx), 3);
    for (i = 0; i < regex_names(rx); i++) {
        const char *name = regex_name(rx, i, &g);
        if (strcmp(name, "rank") == 0)
            assert_string_equal(group(rx, s, g), "24");
        else if (strcmp(name, "of") == 0)
            assert_string_equal(group(rx, s, g), "63");
        else
            assert_null(group(rx, s, g)); /* did not take part */
    }
    assert_null(regex_name(rx, 3, &g));
    regex_free(rx);
}

static void options_and_offsets(void **state)
{
    Diag d;
    const char *s = "a1 b22 c333";
    Regex *rx = compile_ok("\\d+", "");
    (void)state;
    assert_int_equal(regex_match(rx, s, strlen(s), 3, 0, &d), 1);
    assert_string_equal(group(rx, s, 0), "22");
    assert_int_equal(regex_match(rx, s, strlen(s), 3, REGEX_ANCHORED, &d), 0);
    assert_int_equal(regex_match(rx, s, strlen(s), 4, REGEX_ANCHORED, &d), 1);
    assert_int_equal(regex_match(rx, s, strlen(s), strlen(s) + 1, 0, &d), 0);
    regex_free(rx);
    rx = compile_ok("x*", "");
    assert_int_equal(regex_match(rx, "abc", 3, 0, 0, &d), 1);
    assert_int_equal(regex_ovector(rx)[1], 0); /* empty match at 0 */
    assert_int_equal(regex_match(rx, "abc", 3, 0, REGEX_NOTEMPTY_ATSTART | REGEX_ANCHORED, &d), 0);
    regex_free(rx);
    /* \G anchors at the start offset. */
    {
        const char *t = "Bộ Nội vụ đã công bố";
        size_t at = (size_t)(strstr(t, " đã") - t);
        rx = compile_ok("\\G\\s*đã", "");
        assert_int_equal(regex_match(rx, t, strlen(t), at, 0, &d), 1);
        assert_int_equal(regex_match(rx, t, strlen(t), 0, 0, &d), 0);
    }
    regex_free(rx);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void catastrophic_is_stopped(void **state)
{
    static const char *const pats[] = {"(a+)+$", "(a|aa)+$", "^(\\w+\\s?)*$", "(?:a*)*b$"};
    size_t n = 100000, k;
    char *s = malloc(n + 2);
    (void)state;
    assert_non_null(s);
    memset(s, 'a', n);
    s[n] = '!';
    s[n + 1] = '\0';
    for (k = 0; k < sizeof pats / sizeof *pats; k++) {
        int jit;
        for (jit = 0; jit <= 1; jit++) {
            Diag d;
            Regex *rx = regex_compile(pats[k], (size_t)-1, "", jit, jit ? NULL : "no-jit", NULL, &d);
            double t0 = seconds();
            int rc;
            assert_non_null(rx);
            rc = regex_match(rx, s, n + 1, 0, 0, &d);
            if (seconds() - t0 > 2.0)
                fail_msg("'%s' (jit %d) took %.2f s", pats[k], jit, seconds() - t0);
            if (rc != 0) { /* PCRE2 may prove some of these cannot match without backtracking */
                assert_int_equal(rc, -1);
                assert_contains(d.msg, "exceeded the");
                assert_contains(d.msg, jit ? pats[k] : "pattern 'no-jit'");
            }
            regex_free(rx);
        }
    }
    {
        Diag d;
        Regex *rx = compile_ok("(a+)+$", "");
        assert_int_equal(regex_match(rx, s, n + 1, 0, 0, &d), -1);
        assert_string_equal(d.msg, "pattern '(a+)+$' exceeded the match limit");
        regex_free(rx);
    }
    free(s);
}

static void invalid_utf8_subject(void **state)
{
    static const char s[] = "\xff\xfe" "Lạng\xc3 Sơn \xe1\xba"; /* bad bytes, truncated sequences */
    Diag d;
    Regex *rx = compile_ok("\\p{L}+", "");
    int rc;
    (void)state;
    rc = regex_match(rx, s, sizeof s - 1, 0, 0, &d);
    assert_int_equal(rc, 1);
    assert_string_equal(group(rx, s, 0), "Lạng");
    rc = regex_match(rx, s, sizeof s - 1, regex_ovector(rx)[1], 0, &d);
    assert_int_equal(rc, 1);
    assert_string_equal(group(rx, s, 0), "Sơn");
    /* A start offset inside a character is not an error either. */
    rc = regex_match(rx, s, sizeof s - 1, 3, 0, &d);
    assert_true(rc >= 0);
    regex_free(rx);
    rx = compile_ok(".", "s");
    assert_int_equal(regex_match(rx, "\xff", 1, 0, 0, &d), 0);
    regex_free(rx);
}

/* A caller's allocator: counts live bytes. */
typedef struct Counter {
    long live, calls;
} Counter;

static void *count_alloc(size_t n, void *data)
{
    Counter *c = data;
    size_t *p = malloc(n + sizeof(max_align_t));
    if (!p)
        return NULL;
    *p = n;
    c->live += (long)n;
    c->calls++;
    return (char *)p + sizeof(max_align_t);
}

static void count_free(void *ptr, void *data)
{
    Counter *c = data;
    size_t *p;
    if (!ptr)
        return;
    p = (size_t *)(void *)((char *)ptr - sizeof(max_align_t));
    c->live -= (long)*p;
    free(p);
}

static void caller_allocator(void **state)
{
    Counter c = {0, 0};
    RegexAlloc a;
    Diag d;
    Regex *rx;
    char big[4000];
    (void)state;
    a.alloc = count_alloc;
    a.free = count_free;
    a.data = &c;
    rx = regex_compile("(\\w+)\\s+(?<n>\\d+)", (size_t)-1, "i", 0, "counted", &a, &d);
    assert_non_null(rx);
    assert_true(c.live > 0);
    memset(big, 'a', sizeof big - 2);
    big[sizeof big - 2] = '1';
    big[sizeof big - 1] = '\0';
    assert_int_equal(regex_match(rx, "xếp 27", strlen("xếp 27"), 0, 0, &d), 3);
    (void)regex_match(rx, big, sizeof big - 1, 0, 0, &d);
    assert_string_equal(regex_label(rx), "counted");
    assert_int_equal(regex_jit(rx), 0);
    regex_free(rx);
    assert_int_equal(c.live, 0);
    /* Compile errors free everything too. */
    assert_null(regex_compile("(", (size_t)-1, "", 1, NULL, &a, &d));
    assert_int_equal(c.live, 0);
}

static void labels(void **state)
{
    Regex *rx = compile_ok("Chỉ số cải cách hành chính của các tỉnh, thành phố trực thuộc Trung ương", "");
    const char *l = regex_label(rx);
    (void)state;
    assert_true(strlen(l) <= 40 + 3);
    assert_non_null(strstr(l, "\xE2\x80\xA6"));
    assert_string_equal(regex_pattern(rx), "Chỉ số cải cách hành chính của các tỉnh, thành phố trực thuộc Trung ương");
    regex_free(rx);
    regex_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compile_errors),       cmocka_unit_test(flags_and_info),
        cmocka_unit_test(unicode_classes),      cmocka_unit_test(caseless_vietnamese),
        cmocka_unit_test(captures_and_names),   cmocka_unit_test(options_and_offsets),
        cmocka_unit_test(catastrophic_is_stopped), cmocka_unit_test(invalid_utf8_subject),
        cmocka_unit_test(caller_allocator),     cmocka_unit_test(labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
