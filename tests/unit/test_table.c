/* test_table.c — building tables by hand: number and text columns, missing
 * cells, duplicate names, lookup, and the string arena.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "table.h"

static void test_new_free(void **state)
{
    Table *t = table_new("scores.csv", 3);
    (void)state;
    assert_non_null(t);
    assert_string_equal(t->source, "scores.csv");
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->ncols, 0);
    assert_null(t->lines);
    assert_int_equal(t->delimiter, 0);
    assert_int_equal(table_find(t, "x"), -1);
    table_free(t);
    table_free(NULL);

    t = table_new(NULL, 0); /* a name is made up; zero rows is fine */
    assert_non_null(t);
    assert_non_null(t->source);
    assert_int_equal(table_add_number(t, "a", NULL, NULL, NULL), 0);
    assert_int_equal(table_add_text(t, "b", NULL, NULL), 1);
    assert_int_equal(t->cols[0].n_missing, 0);
    table_free(t);
}

static void test_number_columns(void **state)
{
    const double v[4] = {1.5, NAN, -2, 0};
    const unsigned char m[4] = {0, 0, 1, 0};
    Table *t = table_new("t", 4);
    Diag d;
    int c;
    (void)state;
    assert_non_null(t);

    /* NAN is missing when no flags are given */
    c = table_add_number(t, "score", v, NULL, &d);
    assert_int_equal(c, 0);
    assert_int_equal(t->cols[c].type, COL_NUMBER);
    assert_null(t->cols[c].text);
    assert_int_equal(t->cols[c].n_missing, 1);
    assert_true(t->cols[c].num[0] == 1.5);
    assert_true(t->cols[c].miss[1] && isnan(t->cols[c].num[1]));
    assert_true(t->cols[c].num[2] == -2 && !t->cols[c].miss[2]);
    assert_int_equal(t->cols[c].decimals, -1); /* built columns print shortest */
    assert_int_equal(t->cols[c].percent, 0);

    /* explicit flags win; a flagged value reads as NAN */
    c = table_add_number(t, "rank", v, m, &d);
    assert_int_equal(c, 1);
    assert_int_equal(t->cols[c].n_missing, 1);
    assert_true(t->cols[c].miss[2] && isnan(t->cols[c].num[2]));
    assert_true(!t->cols[c].miss[1] && isnan(t->cols[c].num[1])); /* NAN, but flagged present */

    /* vals NULL: all missing */
    c = table_add_number(t, "empty", NULL, NULL, &d);
    assert_int_equal(c, 2);
    assert_int_equal(t->cols[c].n_missing, 4);
    assert_true(isnan(t->cols[c].num[3]));

    assert_int_equal(table_find(t, "rank"), 1);
    assert_int_equal(table_find(t, "Rank"), -1);
    assert_int_equal(table_find(t, NULL), -1);
    table_free(t);
}

static void test_text_columns(void **state)
{
    char name[] = "Hà Nội";
    const char *vals[3];
    Table *t = table_new("t", 3);
    Diag d;
    int c;
    (void)state;
    assert_non_null(t);
    vals[0] = name;
    vals[1] = NULL;
    vals[2] = "";
    c = table_add_text(t, "province", vals, &d);
    assert_int_equal(c, 0);
    assert_int_equal(t->cols[c].type, COL_TEXT);
    assert_null(t->cols[c].num);
    name[0] = 'X'; /* the table has its own copy */
    assert_string_equal(t->cols[c].text[0], "Hà Nội");
    assert_null(t->cols[c].text[1]);
    assert_true(t->cols[c].miss[1]);
    assert_string_equal(t->cols[c].text[2], ""); /* an empty string is a value here */
    assert_false(t->cols[c].miss[2]);
    assert_int_equal(t->cols[c].n_missing, 1);

    c = table_add_text(t, "none", NULL, &d);
    assert_int_equal(t->cols[c].n_missing, 3);
    table_free(t);
}

static void test_bad_names(void **state)
{
    Table *t = table_new("ranks.csv", 2);
    Diag d;
    (void)state;
    assert_non_null(t);
    assert_int_equal(table_add_number(t, "score", NULL, NULL, &d), 0);
    assert_int_equal(table_add_number(t, "score", NULL, NULL, &d), -1);
    assert_string_equal(d.msg, "ranks.csv: duplicate column name 'score'");
    assert_int_equal(table_add_text(t, "score", NULL, &d), -1);
    assert_contains(d.msg, "duplicate column name 'score'");
    assert_int_equal(table_add_text(t, "", NULL, &d), -1);
    assert_contains(d.msg, "needs a name");
    assert_int_equal(table_add_number(t, NULL, NULL, NULL, NULL), -1); /* d may be NULL */
    assert_int_equal(t->ncols, 1);
    table_free(t);
}

static void test_many_columns(void **state)
{
    Table *t = table_new("wide", 2);
    char name[32];
    int i;
    (void)state;
    assert_non_null(t);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "q%03d", i);
        assert_int_equal(table_add_number(t, name, NULL, NULL, NULL), i);
    }
    assert_int_equal(table_find(t, "q000"), 0);
    assert_int_equal(table_find(t, "q299"), 299);
    assert_string_equal(t->cols[150].name, "q150");
    table_free(t);
}

static void test_strdup_arena(void **state)
{
    Table *t = table_new("t", 0);
    char *big, *p[5000];
    size_t n = 300000, i;
    (void)state;
    assert_non_null(t);
    /* many small strings span several blocks and stay intact */
    for (i = 0; i < 5000; i++) {
        char buf[32];
        int k = snprintf(buf, sizeof buf, "cell-%zu", i);
        p[i] = table_strdup(t, buf, (size_t)k);
        assert_non_null(p[i]);
    }
    /* a string bigger than a block gets one of its own */
    big = malloc(n);
    assert_non_null(big);
    memset(big, 'x', n);
    {
        char *q = table_strdup(t, big, n);
        assert_non_null(q);
        assert_int_equal(strlen(q), n);
    }
    free(big);
    for (i = 0; i < 5000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "cell-%zu", i);
        assert_string_equal(p[i], buf);
    }
    /* len bounds the copy; the result is NUL-terminated */
    assert_string_equal(table_strdup(t, "abcdef", 3), "abc");
    assert_string_equal(table_strdup(t, NULL, 0), "");
    assert_null(table_strdup(NULL, "x", 1));
    table_free(t);
}

/* Loaded-table fields that table_free must release. */
static void test_free_lines(void **state)
{
    Table *t = table_new("t", 2);
    (void)state;
    assert_non_null(t);
    t->lines = malloc(2 * sizeof *t->lines);
    assert_non_null(t->lines);
    t->lines[0] = 2;
    t->lines[1] = 3;
    table_free(t); /* valgrind/ASan: no leak */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_free),
        cmocka_unit_test(test_number_columns),
        cmocka_unit_test(test_text_columns),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_many_columns),
        cmocka_unit_test(test_strdup_arena),
        cmocka_unit_test(test_free_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
