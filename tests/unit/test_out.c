/* test_out.c — the table writers (aligned text, Markdown, CSV, JSON), atomic
 * output files, and diagnostics formatting. */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "out.h"
#include "outfile.h"
#include "table.h"

static Table *sample(void)
{
    Diag d;
    Table *t = table_new("sample", 3);
    double rank[] = {1, 2, NAN};
    double score[] = {92.18, 91.8, 86.14};
    double change[] = {3, -2, 0};
    const char *unit[] = {"Quảng Ninh", "Bà Rịa - Vũng Tàu", "Kon \"Tum\", Gia Lai"};
    const char *note[] = {NULL, "a|b", NULL};
    assert_non_null(t);
    assert_int_equal(table_add_number(t, "rank", rank, NULL, &d), 0);
    assert_int_equal(table_add_text(t, "unit", unit, &d), 1);
    assert_int_equal(table_add_number(t, "score", score, NULL, &d), 2);
    assert_int_equal(table_add_number(t, "change", change, NULL, &d), 3);
    assert_int_equal(table_add_text(t, "note", note, &d), 4);
    t->cols[0].decimals = 0;
    t->cols[2].decimals = 2;
    t->cols[3].decimals = 0;
    t->cols[3].plus = 1;
    return t;
}

static char *render(const Table *t, OutFormat fmt, NumStyle style)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    OutOptions o = {style, NULL};
    assert_non_null(f);
    assert_int_equal(out_write(f, t, fmt, &o), 0);
    fclose(f);
    return buf;
}

static void test_text_alignment(void **state)
{
    Table *t = sample();
    char *s = render(t, OUT_TABLE, NUM_PLAIN);
    (void)state;
    /* Widths count display columns, not bytes: "Bà Rịa - Vũng Tàu" is 17 wide
     * (27 bytes) and pads to the 18 of the longest name. */
    assert_string_equal(s,
        "rank  unit                score  change  note\n"
        "----  ------------------  -----  ------  ----\n"
        "   1  Quảng Ninh          92.18      +3\n"
        "   2  Bà Rịa - Vũng Tàu   91.80      -2  a|b\n"
        "      Kon \"Tum\", Gia Lai  86.14       0\n");
    free(s);
    table_free(t);
}

static void test_text_vietnamese_style(void **state)
{
    Table *t = sample();
    char *s = render(t, OUT_TABLE, NUM_VI);
    (void)state;
    assert_contains(s, "92,18");
    assert_contains(s, "91,80");
    free(s);
    table_free(t);
}

static void test_markdown(void **state)
{
    Table *t = sample();
    char *s = render(t, OUT_MD, NUM_PLAIN);
    (void)state;
    assert_contains(s, "| rank | unit ");
    assert_contains(s, "|-----:|:");
    assert_contains(s, "a\\|b"); /* a pipe inside a cell is escaped */
    free(s);
    table_free(t);
}

static void test_csv_quoting(void **state)
{
    Table *t = sample();
    char *s = render(t, OUT_CSV, NUM_VI); /* CSV is always plain dot decimals */
    (void)state;
    assert_string_equal(s,
        "rank,unit,score,change,note\n"
        "1,Quảng Ninh,92.18,+3,\n"
        "2,Bà Rịa - Vũng Tàu,91.80,-2,a|b\n"
        ",\"Kon \"\"Tum\"\", Gia Lai\",86.14,0,\n");
    free(s);
    table_free(t);
}

static void test_json(void **state)
{
    Table *t = sample();
    char *s = render(t, OUT_JSON, NUM_PLAIN);
    (void)state;
    assert_string_equal(s,
        "[\n"
        "  {\"rank\": 1, \"unit\": \"Quảng Ninh\", \"score\": 92.18, \"change\": 3, \"note\": null},\n"
        "  {\"rank\": 2, \"unit\": \"Bà Rịa - Vũng Tàu\", \"score\": 91.8, \"change\": -2, \"note\": \"a|b\"},\n"
        "  {\"rank\": null, \"unit\": \"Kon \\\"Tum\\\", Gia Lai\", \"score\": 86.14, \"change\": 0, \"note\": null}\n"
        "]\n");
    free(s);
    table_free(t);
}

static void test_json_rounds_to_decimals(void **state)
{
    Diag d;
    Table *t = table_new("r", 1);
    double v[] = {54.95 + 31.19}; /* 86.13999999999999 in binary */
    char *s;
    (void)state;
    table_add_number(t, "total", v, NULL, &d);
    t->cols[0].decimals = 2;
    s = render(t, OUT_JSON, NUM_PLAIN);
    assert_contains(s, "\"total\": 86.14}");
    free(s);
    table_free(t);
}

static void test_format_names(void **state)
{
    (void)state;
    assert_int_equal(out_format_parse("table"), OUT_TABLE);
    assert_int_equal(out_format_parse("csv"), OUT_CSV);
    assert_int_equal(out_format_parse("json"), OUT_JSON);
    assert_int_equal(out_format_parse("md"), OUT_MD);
    assert_int_equal(out_format_parse("xml"), -1);
}

static char tmpdir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/chiso-test-out-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static int count_entries(const char *dir)
{
    char cmd[256];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void test_outfile_commit_and_abort(void **state)
{
    char path[128], buf[64] = {0};
    Diag d;
    OutFile *o;
    FILE *f;
    (void)state;
    snprintf(path, sizeof path, "%s/result.csv", tmpdir);

    /* Nothing appears at the target until commit. */
    o = outfile_open(path, &d);
    assert_non_null(o);
    fputs("partial", outfile_stream(o));
    fflush(outfile_stream(o));
    assert_int_not_equal(access(path, F_OK), 0);
    outfile_abort(o);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(count_entries(tmpdir), 0); /* the temporary is gone too */

    /* An existing file is replaced whole on commit. */
    assert_int_equal(outfile_write_all(path, "old\n", 4, &d), 0);
    o = outfile_open(path, &d);
    fputs("new\n", outfile_stream(o));
    f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "old\n"); /* untouched while writing */
    assert_int_equal(outfile_commit(o, &d), 0);
    f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "new\n");
    assert_int_equal(count_entries(tmpdir), 1);
}

static void test_outfile_errors(void **state)
{
    Diag d;
    char path[128];
    (void)state;
    assert_null(outfile_open("/nonexistent-dir/x.csv", &d));
    assert_contains(d.msg, "/nonexistent-dir/x.csv: cannot write:");
    snprintf(path, sizeof path, "%s/", tmpdir);
    assert_null(outfile_open(path, &d));
    assert_contains(d.msg, "names a directory");
}

static void test_outfile_cleanup_all(void **state)
{
    char path[128];
    Diag d;
    OutFile *o;
    (void)state;
    snprintf(path, sizeof path, "%s/pending.csv", tmpdir);
    o = outfile_open(path, &d);
    assert_non_null(o);
    assert_int_equal(count_entries(tmpdir), 2); /* result.csv + the temporary */
    /* What the signal handler does: pending temporaries vanish. */
    outfile_cleanup_all();
    assert_int_equal(count_entries(tmpdir), 1);
    outfile_abort(o); /* unlinking again is harmless */
}

static void test_diag_shapes(void **state)
{
    Diag d;
    DiagList l = {0};
    (void)state;
    assert_int_equal(diag_set(&d, "a.csv", 3, 7, "bad %s", "thing"), -1);
    assert_string_equal(d.msg, "a.csv:3:7: bad thing");
    diag_set(&d, "a.csv", 3, 0, "no column");
    assert_string_equal(d.msg, "a.csv:3: no column");
    diag_set(&d, "a.csv", 0, 0, "whole file");
    assert_string_equal(d.msg, "a.csv: whole file");
    diag_set(&d, NULL, 5, 5, "no file");
    assert_string_equal(d.msg, "no file");
    assert_int_equal(diag_set(NULL, "x", 1, 1, "ignored"), -1);
    diaglist_add(&l, "r.lua", 12, 0, "first");
    diaglist_add(&l, NULL, 0, 0, "second %d", 2);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0], "r.lua:12: first");
    assert_string_equal(l.items[1], "second 2");
    diaglist_free(&l);
    assert_int_equal(l.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_alignment),
        cmocka_unit_test(test_text_vietnamese_style),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_rounds_to_decimals),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_outfile_commit_and_abort),
        cmocka_unit_test(test_outfile_errors),
        cmocka_unit_test(test_outfile_cleanup_all),
        cmocka_unit_test(test_diag_shapes),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
