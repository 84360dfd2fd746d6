/* test_csv_load.c — the CSV loader and the record stream: encodings, line
 * ends, quoting, delimiters, column typing, every error with its exact
 * position, block boundaries, the fast path against libcsv itself, and the
 * csv-spectrum acid test.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

#include "csv_load.h"

#define FIX_DIR CHISO_SRC_DIR "/tests/fixtures/csv/"
#define SPECTRUM_DIR CHISO_SRC_DIR "/tests/fixtures/csv-spectrum/"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* Load a fixture; messages name it by its file name alone. */
static Table *load_fixture(const char *name, CsvOptions *o, Diag *d)
{
    char path[512];
    CsvOptions def;
    if (!o) {
        csv_options_init(&def);
        o = &def;
    }
    o->display_name = name;
    snprintf(path, sizeof path, "%s%s", FIX_DIR, name);
    return csv_load_file(path, o, d);
}

static Table *load_str(const char *s, CsvOptions *o, Diag *d)
{
    return csv_load_buffer(s, strlen(s), "buf.csv", o, d);
}

static void expect_fixture_error(const char *name, const char *want)
{
    Diag d;
    Table *t;
    memset(&d, 0, sizeof d);
    t = load_fixture(name, NULL, &d);
    if (t) {
        table_free(t);
        fail_msg("%s loaded, expected the error \"%s\"", name, want);
    }
    if (strcmp(d.msg, want) != 0)
        fail_msg("%s:\n  got:      %s\n  expected: %s", name, d.msg, want);
}

static void expect_str_error(const char *csv, CsvOptions *o, const char *want)
{
    Diag d;
    Table *t;
    memset(&d, 0, sizeof d);
    t = load_str(csv, o, &d);
    if (t) {
        table_free(t);
        fail_msg("loaded, expected the error \"%s\"", want);
    }
    assert_contains(d.msg, want);
}

static const Column *col(const Table *t, const char *name)
{
    int c = table_find(t, name);
    if (c < 0)
        fail_msg("no column '%s'", name);
    return &t->cols[c];
}

static void assert_text(const Table *t, const char *name, size_t row, const char *want)
{
    const Column *c = col(t, name);
    assert_int_equal(c->type, COL_TEXT);
    if (!want) {
        assert_true(c->miss[row]);
        assert_null(c->text[row]);
        return;
    }
    assert_false(c->miss[row]);
    assert_string_equal(c->text[row], want);
}

static void assert_num(const Table *t, const char *name, size_t row, double want)
{
    const Column *c = col(t, name);
    assert_int_equal(c->type, COL_NUMBER);
    if (isnan(want)) {
        assert_true(c->miss[row]);
        assert_true(isnan(c->num[row]));
        return;
    }
    assert_false(c->miss[row]);
    if (c->num[row] != want)
        fail_msg("%s[%zu] = %.17g, expected %.17g", name, row, c->num[row], want);
}

static void assert_lines(const Table *t, const long *want, size_t n)
{
    size_t i;
    assert_int_equal(t->nrows, n);
    assert_non_null(t->lines);
    for (i = 0; i < n; i++)
        if (t->lines[i] != want[i])
            fail_msg("row %zu: line %ld, expected %ld", i, t->lines[i], want[i]);
}

/* ------------------------------------------------------------------------ */
/* Files that load                                                           */

/* Excel under Vietnamese settings: BOM, ';', CRLF, decimal commas, percent,
 * dot thousands, decomposed (NFD) text, a code column. */
static void test_vi_excel(void **state)
{
    static const long lines[] = {2, 3, 4};
    Diag d;
    Table *t = load_fixture("vi_excel.csv", NULL, &d);
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_int_equal(t->delimiter, ';');
    assert_int_equal(t->style, NUM_VI);
    assert_int_equal(t->ncols, 5);
    assert_lines(t, lines, 3);
    assert_string_equal(t->source, "vi_excel.csv");
    /* the header name was NFD in the file: stored NFC, found NFC */
    assert_text(t, "Tỉnh", 0, "Hà Nội");
    assert_text(t, "Tỉnh", 1, "Thừa Thiên Huế");
    assert_text(t, "Tỉnh", 2, "Đà Nẵng");
    assert_text(t, "code_gso", 0, "01");
    assert_text(t, "code_gso", 1, "46");
    assert_num(t, "score", 0, 87.57);
    assert_num(t, "score", 1, 85.6);
    assert_num(t, "score", 2, NAN);
    assert_int_equal(col(t, "score")->decimals, 2);
    assert_int_equal(col(t, "score")->percent, 0);
    assert_int_equal(col(t, "score")->style, NUM_VI);
    assert_num(t, "ratio", 0, 87.57);
    assert_num(t, "ratio", 1, 90.1);
    assert_num(t, "ratio", 2, NAN); /* "—" */
    assert_int_equal(col(t, "ratio")->percent, 1);
    assert_int_equal(col(t, "ratio")->n_missing, 1);
    assert_num(t, "pop", 0, 8246600);
    assert_num(t, "pop", 2, 1220200);
    assert_int_equal(col(t, "pop")->decimals, 0);
    table_free(t);
}

static void test_quoting(void **state)
{
    static const long lines[] = {2, 3, 6};
    Diag d;
    Table *t = load_fixture("quoted.csv", NULL, &d);
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_lines(t, lines, 3); /* a record's line is the line it starts on */
    assert_num(t, "id", 2, 3);
    assert_text(t, "name", 0, "Nguyễn, Văn A");
    assert_text(t, "name", 1, "multi\nline\nnote");
    assert_text(t, "name", 2, "spaced");   /* unquoted: trimmed */
    assert_text(t, "note", 0, "He said \"hi\"");
    assert_text(t, "note", 1, "x");
    assert_text(t, "note", 2, "  kept  "); /* quoted: as written */
    table_free(t);
}

static void test_mixed_line_ends(void **state)
{
    static const long lines[] = {2, 3, 4, 6};
    Diag d;
    Table *t = load_fixture("mixed_eol.csv", NULL, &d);
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_lines(t, lines, 4);
    assert_num(t, "a", 3, 4);
    assert_text(t, "b", 0, "x");
    assert_text(t, "b", 1, "y");
    assert_text(t, "b", 2, "p\r\nq");
    assert_text(t, "b", 3, "z"); /* last line without a line end */
    table_free(t);
}

/* Old Mac files end lines with a lone CR: no LF anywhere to search for. */
static void test_cr_only_file(void **state)
{
    size_t n = 40000, i, len = 0;
    char *buf = malloc(n * 32 + 32);
    Table *t;
    Diag d;
    (void)state;
    assert_non_null(buf);
    len += (size_t)sprintf(buf, "id,name\r");
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(buf + len, i % 7 ? "%zu,Huế %zu\r" : "%zu,\"q %zu\"\r", i, i);
    t = csv_load_buffer(buf, len, "mac.csv", NULL, &d);
    free(buf);
    if (!t)
        fail_msg("%s", d.msg);
    assert_int_equal(t->nrows, n);
    assert_int_equal(t->lines[n - 1], (long)n + 1);
    assert_text(t, "name", n - 1, "Huế 39999");
    assert_text(t, "name", 7, "q 7");
    table_free(t);
}

static void test_tab_delimited(void **state)
{
    Diag d;
    Table *t = load_fixture("tab.tsv", NULL, &d);
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_int_equal(t->delimiter, '\t');
    assert_int_equal(t->style, NUM_PLAIN);
    assert_text(t, "name", 0, "Hà Nội");
    assert_text(t, "name", 1, "x");
    assert_num(t, "score", 0, 87.57);
    assert_num(t, "score", 1, 5);
    table_free(t);
}

static void test_column_typing(void **state)
{
    Diag d;
    Table *t = load_fixture("codes.csv", NULL, &d);
    const Column *c;
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_text(t, "code", 0, "01");
    assert_text(t, "code", 2, "10"); /* one leading zero makes the whole column codes */
    assert_text(t, "code", 3, "007");
    assert_num(t, "score", 1, 2.5);
    assert_num(t, "score", 2, NAN);
    assert_num(t, "score", 3, -3);
    assert_int_equal(col(t, "score")->decimals, 1);
    c = col(t, "empty"); /* completely empty: numbers, all missing */
    assert_int_equal(c->type, COL_NUMBER);
    assert_int_equal(c->n_missing, 4);
    c = col(t, "tokens"); /* NA, N/A, #N/A, - */
    assert_int_equal(c->type, COL_NUMBER);
    assert_int_equal(c->n_missing, 4);
    c = col(t, "pct");
    assert_int_equal(c->percent, 1);
    assert_int_equal(c->decimals, 2);
    assert_num(t, "pct", 1, 20.25);
    assert_num(t, "pct", 3, 5);
    table_free(t);

    /* any text makes a text column, kept as written (tokens too) */
    t = load_str("a,b\n1,x\n2,NA\n3.5,\n", NULL, &d);
    assert_non_null(t);
    assert_text(t, "b", 0, "x");
    assert_text(t, "b", 1, "NA");
    assert_text(t, "b", 2, NULL);
    assert_num(t, "a", 2, 3.5);
    table_free(t);

    /* equal text cells share one NFC copy, wherever they are */
    t = load_str("p\nTha\xcc\x80nh\nx\nTha\xcc\x80nh\ny\nThành\n", NULL, &d);
    assert_non_null(t);
    assert_text(t, "p", 0, "Thành");
    assert_text(t, "p", 4, "Thành");
    assert_ptr_equal(col(t, "p")->text[0], col(t, "p")->text[2]);
    table_free(t);

    /* a malformed cell is no error when the column turns out to be text */
    t = load_str("a\n\"87,57\"\nabc\n", NULL, &d);
    assert_non_null(t);
    assert_text(t, "a", 0, "87,57");
    table_free(t);
}

static void test_blank_and_empty_rows(void **state)
{
    static const long lines[] = {3, 5};
    Diag d;
    Table *t = load_fixture("blank_rows.csv", NULL, &d);
    (void)state;
    if (!t)
        fail_msg("%s", d.msg);
    assert_lines(t, lines, 2); /* blank lines skipped; ";" rows Excel leaves are dropped */
    assert_num(t, "a", 1, 3);
    assert_num(t, "b", 1, 4);
    table_free(t);
}

static void test_column_specs(void **state)
{
    CsvColumnSpec spec[4];
    CsvOptions o;
    Diag d;
    Table *t;
    (void)state;

    csv_options_init(&o);
    spec[0].name = "code";
    spec[0].type = COL_NUMBER; /* codes read as numbers on request */
    spec[0].style = -1;
    spec[1].name = "score";
    spec[1].type = COL_TEXT;
    spec[1].style = -1;
    spec[2].name = "Th\x61\xcc\x80nh"; /* "Thành" decomposed: matches the NFC header */
    spec[2].type = COL_TEXT;
    spec[2].style = -1;
    spec[3].name = "absent";   /* a spec for a missing column is ignored */
    spec[3].type = COL_NUMBER;
    spec[3].style = -1;
    o.columns = spec;
    o.ncolumns = 4;
    t = load_str("code,score,Thành\n01,5,7\n02,6.5,8\n", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_num(t, "code", 0, 1);
    assert_num(t, "code", 1, 2);
    assert_text(t, "score", 1, "6.5");
    assert_text(t, "Thành", 0, "7");
    table_free(t);

    /* per-column style in a ';' file */
    csv_options_init(&o);
    spec[0].name = "b";
    spec[0].type = -1;
    spec[0].style = NUM_PLAIN;
    o.columns = spec;
    o.ncolumns = 1;
    t = load_str("a;b\n1,5;1.5\n2;1.234\n", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_num(t, "a", 0, 1.5);
    assert_num(t, "b", 0, 1.5);
    assert_num(t, "b", 1, 1.234);
    assert_int_equal(col(t, "b")->style, NUM_PLAIN);
    assert_int_equal(col(t, "a")->style, NUM_VI);
    table_free(t);

    /* a column declared numeric must hold numbers */
    csv_options_init(&o);
    spec[0].name = "n";
    spec[0].type = COL_NUMBER;
    spec[0].style = -1;
    o.columns = spec;
    o.ncolumns = 1;
    expect_str_error("n\n1\nabc\n", &o,
                     "buf.csv:3: column 'n': 'abc' is not a number (the column is declared numeric)");
}

static void test_declared_style(void **state)
{
    CsvOptions o;
    Diag d;
    Table *t;
    (void)state;
    /* declared plain: a comma can only group thousands */
    csv_options_init(&o);
    o.style = NUM_PLAIN;
    t = load_str("pop\n\"12,345\"\n\"1,234,567\"\n", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_num(t, "pop", 0, 12345);
    assert_num(t, "pop", 1, 1234567);
    table_free(t);
    /* declared Vietnamese in a ',' file */
    csv_options_init(&o);
    o.style = NUM_VI;
    t = load_str("a,b\n\"87,57\",1.234\n", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_num(t, "a", 0, 87.57);
    assert_num(t, "b", 0, 1234);
    assert_int_equal(t->style, NUM_VI);
    table_free(t);
    /* declared plain in a ';' file: no Vietnamese default */
    csv_options_init(&o);
    o.style = NUM_PLAIN;
    t = load_str("a;b\n43.83;1\n", &o, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_num(t, "a", 0, 43.83);
    table_free(t);
}

static void test_delimiter_detection(void **state)
{
    CsvOptions o;
    Diag d;
    Table *t;
    (void)state;
    /* semicolons inside quotes do not count */
    t = load_str("\"a;b;c\",d\n1,2\n", NULL, &d);
    assert_non_null(t);
    assert_int_equal(t->delimiter, ',');
    assert_int_equal(t->ncols, 2);
    assert_string_equal(t->cols[0].name, "a;b;c");
    table_free(t);
    /* a tie goes to ',' */
    t = load_str("a;b,c\n1;2,3\n", NULL, &d);
    assert_non_null(t);
    assert_int_equal(t->delimiter, ',');
    table_free(t);
    /* more semicolons */
    t = load_str("a;b;c,d\n1;2;3,5\n", NULL, &d);
    assert_non_null(t);
    assert_int_equal(t->delimiter, ';');
    assert_num(t, "c,d", 0, 3.5);
    table_free(t);
    /* a given delimiter wins */
    csv_options_init(&o);
    o.delimiter = ';';
    t = load_str("a,b;c\n1;2\n", &o, &d);
    assert_non_null(t);
    assert_string_equal(t->cols[0].name, "a,b");
    assert_int_equal(t->style, NUM_VI);
    table_free(t);
    csv_options_init(&o);
    o.delimiter = '"';
    expect_str_error("a\n1\n", &o, "cannot be the delimiter");
    /* a header after blank lines is still the header */
    t = load_str("\n\n  \na\tb\n1\t2\n", NULL, &d);
    assert_non_null(t);
    assert_int_equal(t->delimiter, '\t');
    assert_int_equal(t->lines[0], 5);
    table_free(t);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

static void test_errors_structure(void **state)
{
    Diag d;
    Table *t;
    (void)state;
    expect_fixture_error("empty.csv", "empty.csv: empty file: no header row");
    expect_fixture_error("bom_only.csv", "bom_only.csv: empty file: no header row");
    expect_fixture_error("header_only.csv", "header_only.csv:1: no data rows (header only)");
    expect_fixture_error("no_name.csv", "no_name.csv:1:4: column 2 has no name");
    expect_fixture_error("dup_name.csv",
                         "dup_name.csv:1:15: duplicate column name 'score' (also column 2)");
    expect_fixture_error("ragged.csv", "ragged.csv:3: row has 5 fields, the header has 4");
    expect_str_error("a,b\n1\n", NULL, "buf.csv:2: row has 1 field, the header has 2");
    expect_str_error("a;b\n;\n;\n", NULL, "buf.csv:1: no data rows (every row after the header is empty)");
    expect_str_error("a,\"\"\n1,2\n", NULL, "buf.csv:1:3: column 2 has no name");
    expect_str_error("a,\"  \"\n1,2\n", NULL, "buf.csv:1:3: column 2 has no name");
    /* names equal after NFC are duplicates */
    expect_str_error("Thành,Tha\xcc\x80nh\n1,2\n", NULL,
                     "buf.csv:1:7: duplicate column name 'Thành' (also column 1)");
    expect_str_error("", NULL, "buf.csv: empty file: no header row");
    expect_str_error("\n\r\n  \n", NULL, "buf.csv: empty file: no header row");

    t = csv_load_file("/nonexistent/dir/x.csv", NULL, &d);
    assert_null(t);
    assert_string_equal(d.msg, "/nonexistent/dir/x.csv: cannot open: No such file or directory");
    t = csv_load_file(CHISO_SRC_DIR "/tests/fixtures/csv", NULL, &d);
    assert_null(t);
    assert_contains(d.msg, "tests/fixtures/csv: cannot open: Is a directory");
}

static void test_errors_numbers(void **state)
{
    (void)state;
    expect_fixture_error("plain_decimal_comma.csv",
                         "plain_decimal_comma.csv:2: column 'score': '87,57' is not a number in "
                         "the plain style (decimal comma? declare the Vietnamese format with "
                         "--decimal-comma)");
    expect_fixture_error("vi_decimal_point.csv",
                         "vi_decimal_point.csv:2: column 'score': '43.83' is not a number in the "
                         "Vietnamese style (decimal point? ';'-separated files are read with "
                         "decimal commas unless you declare the plain number format)");
    expect_fixture_error("ambiguous.csv",
                         "ambiguous.csv:2: column 'pop': '12,345' is ambiguous: ',' may separate "
                         "thousands (12345) or be a decimal comma (12.345); declare the number "
                         "format (--decimal-comma for Vietnamese numbers)");
    expect_fixture_error("not_finite.csv",
                         "not_finite.csv:2: column 'y': '1e309' is not a finite number (outside "
                         "the range of a double)");
    expect_str_error("x\n1\nnan\n", NULL, "buf.csv:3: column 'x': 'nan' is not a finite number");
    expect_str_error("x\n1\n-Infinity\n", NULL, "buf.csv:3: column 'x': '-Infinity' is not a finite number");
    expect_str_error("v\n1\n1.2.3\n", NULL,
                     "buf.csv:3: column 'v': '1.2.3' is not a number in the plain style: more "
                     "than one decimal point");
    {
        CsvOptions o;
        csv_options_init(&o);
        o.style = NUM_VI;
        expect_str_error("v\n1\n\"43.83\"\n", &o,
                         "buf.csv:3: column 'v': '43.83' is not a number in the Vietnamese style "
                         "(decimal point? declare the plain number format)");
    }
    /* the first bad cell is named, with its line */
    expect_str_error("v\n1\n2\n\n\"3,5\"\n\"4,5\"\n", NULL, "buf.csv:5: column 'v': '3,5'");
    {
        /* a long cell is cut in the message, at 60 characters */
        char csv[128], want[128];
        snprintf(csv, sizeof csv, "v\n1\n\"1,%070d\"\n", 2);
        memset(csv + strlen("v\n1\n\"1,"), '2', 70);
        snprintf(want, sizeof want, "'1,%058d\xE2\x80\xA6'", 2);
        memset(want + 3, '2', 58);
        expect_str_error(csv, NULL, want);
    }
}

static void test_errors_encoding(void **state)
{
    (void)state;
    expect_fixture_error("cp1258.csv",
                         "cp1258.csv:2:2: invalid UTF-8 byte 0xE0: the file is in Windows-1258, a "
                         "legacy Vietnamese encoding, not UTF-8; convert it with 'iconv -f CP1258 "
                         "-t UTF-8 cp1258.csv > cp1258-utf8.csv' (or 'chiso convert cp1258.csv "
                         "--from cp1258 -o cp1258-utf8.csv'), or re-save it as 'CSV UTF-8'");
    expect_fixture_error("bad_utf8_late.csv", "bad_utf8_late.csv:3:6: invalid UTF-8 byte 0xFF");
    expect_fixture_error("utf16.csv", "utf16.csv:1:1: the file is UTF-16, not UTF-8; re-save it as 'CSV UTF-8'");
    expect_fixture_error("nul.csv", "nul.csv:2:3: NUL byte in the data: the file is binary or "
                                    "UTF-16, not UTF-8 text; re-save it as 'CSV UTF-8'");
    /* the column counts characters after a BOM, and overlongs/surrogates are invalid */
    expect_str_error("\xEF\xBB\xBF" "ab\xC0\xAF,c\n1,2\n", NULL, "buf.csv:1:3: invalid UTF-8 byte 0xC0");
    expect_str_error("a,b\n\"Hà\",x\xED\xA0\x80\n", NULL, "buf.csv:2:7: invalid UTF-8 byte 0xED");
    /* inside a quoted field that spans lines: the physical line of the byte */
    expect_str_error("a,b\n1,\"line one\nli\xFFne two\"\n", NULL, "buf.csv:3:3: invalid UTF-8 byte 0xFF");
}

static void test_errors_quotes(void **state)
{
    (void)state;
    expect_fixture_error("stray_quote.csv",
                         "stray_quote.csv:3:6: stray quote in an unquoted field (quote the whole "
                         "field and double the quotes inside it: \"a \"\"b\"\"\")");
    expect_fixture_error("after_quote.csv",
                         "after_quote.csv:2:4: unexpected 'y' after a closing quote (a quote inside "
                         "a quoted field must be doubled: \"\")");
    expect_fixture_error("unterminated.csv",
                         "unterminated.csv:3:3: unterminated quoted field: the quote opened here is "
                         "never closed");
    /* the column counts characters, not bytes */
    expect_str_error("a,b\nĐà Nẵng,x\"y\n", NULL, "buf.csv:2:10: stray quote");
    expect_str_error("a,b\n\"Đà\" \"x\n", NULL, "buf.csv:2:6: unexpected '\"' after a closing quote");
    expect_str_error("a,b\n\"x\"ộ,1\n", NULL, "buf.csv:2:4: unexpected 'ộ' after a closing quote");
    /* a doubled quote does not move the opening position */
    expect_str_error("a,b\n1,2\n3,\"say \"\"hi\"\"\nand go,4\n", NULL,
                     "buf.csv:3:3: unterminated quoted field");
    expect_str_error("a,b\n1,\"ok\"\n\"open,4\n", NULL, "buf.csv:3:1: unterminated quoted field");
    /* a parse error in a later line of a multi-line record */
    expect_str_error("a,b\n1,\"x\ny\"z\n", NULL, "buf.csv:3:3: unexpected 'z'");
}

/* ------------------------------------------------------------------------ */
/* The stream                                                                */

typedef struct Collect {
    char out[4096];
    size_t len;
    int stop_at;      /* record number at which to return 7, or -1 */
    long calls;
} Collect;

static int collect_row(void *ud, long record, long line, size_t nf, char *const *f,
                       const size_t *lens, Diag *d)
{
    Collect *c = ud;
    size_t i;
    (void)d;
    c->calls++;
    c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "%ld@%ld:", record, line);
    for (i = 0; i < nf; i++) {
        if (!f[i]) {
            assert_int_equal(lens[i], 0);
            c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "[NULL]");
        } else {
            assert_int_equal(strlen(f[i]), lens[i]);
            c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "[%s]", f[i]);
        }
    }
    c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "\n");
    if (record == c->stop_at) {
        diag_set(d, "cb", 0, 0, "stopped");
        return 7;
    }
    return 0;
}

/* Write data to a fresh temporary file; returns its path in buf. */
static void temp_file(char *buf, size_t size, const char *data, size_t len)
{
    int fd;
    FILE *f;
    snprintf(buf, size, "/tmp/chiso_test_csv_XXXXXX");
    fd = mkstemp(buf);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_stream_records(void **state)
{
    const char *data = "\xEF\xBB\xBFh1,h2,h3\n"
                       "1,,\"\"\n"
                       "\n"
                       "  a b  , \"q,\"\"x\"\"\" ,\"multi\nline\"\r\n"
                       "Hà Nội,2,3";
    char path[64];
    Collect c;
    Diag d;
    int rc;
    (void)state;
    temp_file(path, sizeof path, data, strlen(data));
    memset(&c, 0, sizeof c);
    c.stop_at = -1;
    rc = csv_stream_file(path, NULL, collect_row, &c, &d);
    if (rc)
        fail_msg("%s", d.msg);
    assert_string_equal(c.out, "0@1:[h1][h2][h3]\n"
                               "1@2:[1][NULL][]\n"
                               "2@4:[a b][q,\"x\"][multi\nline]\n"
                               "3@6:[Hà Nội][2][3]\n");

    /* a non-zero return stops the stream and comes back */
    memset(&c, 0, sizeof c);
    c.stop_at = 1;
    rc = csv_stream_file(path, NULL, collect_row, &c, &d);
    assert_int_equal(rc, 7);
    assert_int_equal(c.calls, 2);
    assert_string_equal(d.msg, "cb: stopped");

    /* ragged rows and encoding errors are the stream's own checks */
    unlink(path);
    temp_file(path, sizeof path, "a,b\n1,2\n3\n", 10);
    memset(&c, 0, sizeof c);
    c.stop_at = -1;
    rc = csv_stream_file(path, NULL, collect_row, &c, &d);
    assert_int_equal(rc, -1);
    assert_contains(d.msg, ":3: row has 1 field, the header has 2");
    unlink(path);

    /* after a parse error nothing more is delivered, not even the partial
     * record libcsv holds (and an unterminated quote flushes nothing) */
    temp_file(path, sizeof path, "a,b\n1,2\n3,x\"y\n", 14);
    memset(&c, 0, sizeof c);
    c.stop_at = -1;
    assert_int_equal(csv_stream_file(path, NULL, collect_row, &c, &d), -1);
    assert_contains(d.msg, ":3:4: stray quote");
    assert_string_equal(c.out, "0@1:[a][b]\n1@2:[1][2]\n");
    unlink(path);
    temp_file(path, sizeof path, "a,b\n1,2\n3,\"open\n", 16);
    memset(&c, 0, sizeof c);
    c.stop_at = -1;
    assert_int_equal(csv_stream_file(path, NULL, collect_row, &c, &d), -1);
    assert_contains(d.msg, ":3:3: unterminated quoted field");
    assert_string_equal(c.out, "0@1:[a][b]\n1@2:[1][2]\n");
    unlink(path);

    /* a header only is fine for a stream */
    temp_file(path, sizeof path, "a,b\n", 4);
    memset(&c, 0, sizeof c);
    c.stop_at = -1;
    assert_int_equal(csv_stream_file(path, NULL, collect_row, &c, &d), 0);
    assert_int_equal(c.calls, 1);
    unlink(path);

    assert_int_equal(csv_stream_file("/nonexistent.csv", NULL, collect_row, &c, &d), -1);
    assert_string_equal(d.msg, "/nonexistent.csv: cannot open: No such file or directory");
    {
        CsvOptions o;
        csv_options_init(&o);
        o.display_name = "shown.csv";
        assert_int_equal(csv_stream_file("/nonexistent.csv", &o, collect_row, &c, &d), -1);
        assert_string_equal(d.msg, "shown.csv: cannot open: No such file or directory");
    }
}

/* A callback that appends to the file it is reading. */
static int grow_row(void *ud, long record, long line, size_t nf, char *const *f,
                    const size_t *lens, Diag *d)
{
    (void)line;
    (void)nf;
    (void)f;
    (void)lens;
    (void)d;
    if (record == 1) {
        FILE *fp = fopen(ud, "ab");
        assert_non_null(fp);
        fputs("9,9\n", fp);
        fclose(fp);
    }
    return 0;
}

static void test_file_changed(void **state)
{
    char path[64];
    Diag d;
    int rc;
    (void)state;
    temp_file(path, sizeof path, "a,b\n1,2\n3,4\n", 12);
    rc = csv_stream_file(path, NULL, grow_row, path, &d);
    assert_int_equal(rc, -1);
    assert_contains(d.msg, "the file changed while it was being read");
    unlink(path);
}

/* ------------------------------------------------------------------------ */
/* Block boundaries and long lines (the reader works in 1 MiB blocks)       */

static void test_block_boundaries(void **state)
{
    const size_t block = (size_t)1 << 20;
    size_t cap = 6 * block, len = 0, pad, i, rows = 0;
    char *buf = malloc(cap);
    Table *t;
    Diag d;
    (void)state;
    assert_non_null(buf);
    len += (size_t)sprintf(buf, "id,t\r\n");
    /* row 1 is quoted (the careful path) and puts its CR on the last byte of
     * the first block, its LF on the first byte of the next */
    pad = block - 1 - len - 4;
    len += (size_t)sprintf(buf + len, "1,\"");
    memset(buf + len, 'x', pad);
    len += pad;
    len += (size_t)sprintf(buf + len, "\"\r\n");
    assert_int_equal(buf[block - 1], '\r');
    rows++;
    /* then many short rows with multibyte text, so later block ends fall
     * inside characters and lines */
    for (i = 2; len < 3 * block; i++, rows++)
        len += (size_t)sprintf(buf + len, "%zu,Hà Nội ộ %zu\r\n", i, i);
    /* an unquoted line longer than a block (the fast path must wait for it) */
    len += (size_t)sprintf(buf + len, "%zu,", i++);
    memset(buf + len, 'y', block + 12345);
    len += block + 12345;
    len += (size_t)sprintf(buf + len, "\n");
    rows++;
    /* a quoted field of 1.5 blocks with line ends inside, then a last row */
    len += (size_t)sprintf(buf + len, "%zu,\"", i++);
    for (pad = 0; pad < block + block / 2; pad += 10)
        len += (size_t)sprintf(buf + len, "ab\r\ncd\nef ");
    len += (size_t)sprintf(buf + len, "\"\n%zu,end", i);
    rows += 2;
    assert_true(len < cap);

    t = csv_load_buffer(buf, len, "big.csv", NULL, &d);
    if (!t)
        fail_msg("%s", d.msg);
    assert_int_equal(t->nrows, rows);
    assert_int_equal(t->lines[0], 2);
    assert_int_equal(t->lines[1], 3);
    assert_int_equal(strlen(col(t, "t")->text[0]), block - 11);
    assert_text(t, "t", 1, "Hà Nội ộ 2");
    assert_int_equal(strlen(col(t, "t")->text[rows - 3]), block + 12345);
    assert_int_equal(t->lines[rows - 1] - t->lines[rows - 2], 1 + 2 * (long)((block + block / 2 + 9) / 10));
    assert_text(t, "t", rows - 1, "end");
    for (i = 1; i + 3 < rows; i++) {
        char want[64];
        snprintf(want, sizeof want, "Hà Nội ộ %zu", i + 1);
        if (strcmp(col(t, "t")->text[i], want) != 0)
            fail_msg("row %zu: '%s'", i, col(t, "t")->text[i]);
        assert_int_equal(t->lines[i], (long)i + 2);
    }
    table_free(t);

    /* the same bytes from a file */
    {
        char path[64];
        temp_file(path, sizeof path, buf, len);
        t = csv_load_file(path, NULL, &d);
        if (!t)
            fail_msg("%s", d.msg);
        assert_int_equal(t->nrows, rows);
        assert_text(t, "t", rows - 1, "end");
        table_free(t);
        unlink(path);
    }
    free(buf);
}

/* ------------------------------------------------------------------------ */
/* The fast path must split exactly as libcsv does                           */

typedef struct Events {
    char *s;
    size_t len, cap;
} Events;

static void ev_add(Events *e, const char *p, size_t n)
{
    if (e->len + n + 1 > e->cap) {
        e->cap = (e->len + n + 1) * 2;
        e->s = realloc(e->s, e->cap);
        assert_non_null(e->s);
    }
    memcpy(e->s + e->len, p, n);
    e->len += n;
    e->s[e->len] = '\0';
}

static void ref_field(void *data, size_t n, void *ud)
{
    Events *e = ud;
    if (!data) {
        ev_add(e, "\x01N", 2);
    } else {
        ev_add(e, "\x01S", 2);
        ev_add(e, data, n);
    }
}

static void ref_row(int term, void *ud)
{
    (void)term;
    ev_add(ud, "\x02", 1);
}

static int got_row(void *ud, long record, long line, size_t nf, char *const *f,
                   const size_t *lens, Diag *d)
{
    Events *e = ud;
    size_t i;
    char num[32];
    (void)record;
    (void)d;
    for (i = 0; i < nf; i++)
        ref_field(f[i], lens[i], e);
    ev_add(e, "\x02", 1);
    snprintf(num, sizeof num, "@%ld;", line);
    ev_add(e + 1, num, strlen(num)); /* lines go to the second list */
    return 0;
}

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7FFF;
}

/* A random field: plain text, spaces and tabs, empty, quoted with delimiters,
 * quotes and line ends inside. */
static void gen_field(Events *out, unsigned *seed, char delim, long *line)
{
    static const char *const words[] = {"1", "42", "3.5", "Hà", "Nội", "x", "a b", "ộ", "0"};
    unsigned k = rnd(seed) % 10;
    char blank = delim == '\t' ? ' ' : (rnd(seed) & 1 ? ' ' : '\t');
    if (k == 0)
        return; /* empty */
    if (k == 6) {
        ev_add(out, &blank, 1); /* only blanks: an empty field */
        ev_add(out, &blank, 1);
        return;
    }
    if (k <= 5) {
        const char *w = words[rnd(seed) % 9];
        if (k == 1)
            ev_add(out, &blank, 1);
        ev_add(out, w, strlen(w));
        if (k == 2) {
            ev_add(out, &blank, 1);
            ev_add(out, &blank, 1);
        }
        if (k == 3) {
            ev_add(out, &blank, 1); /* an inner blank stays */
            ev_add(out, "z", 1);
        }
        return;
    }
    /* quoted */
    ev_add(out, "\"", 1);
    {
        unsigned parts = 1 + rnd(seed) % 4, i;
        for (i = 0; i < parts; i++) {
            switch (rnd(seed) % 6) {
            case 0: ev_add(out, &delim, 1); break;
            case 1: ev_add(out, "\"\"", 2); break;
            case 2: ev_add(out, "\n", 1); (*line)++; break;
            case 3: ev_add(out, "\r\n", 2); (*line)++; break;
            case 4: ev_add(out, " ", 1); break;
            default: ev_add(out, "Đà", strlen("Đà")); break;
            }
        }
    }
    ev_add(out, "\"", 1);
}

static void check_against_libcsv(char delim, unsigned seed)
{
    Events text = {0}, want = {0}, got[2] = {{0}, {0}}, want_lines = {0};
    long line = 1;
    int r, ncols = 4, nrec = 3000;
    char path[64];
    struct csv_parser p;
    CsvOptions o;
    Diag d;

    for (r = 0; r < nrec; r++) {
        int c;
        static const char *const eols[] = {"\n", "\r\n", "\r"};
        char num[32];
        /* blank and blank-looking lines between records */
        if (rnd(&seed) % 15 == 0) {
            const char *blank = rnd(&seed) & 1 ? "  \n" : "\r\n";
            ev_add(&text, blank, strlen(blank));
            line++;
        }
        snprintf(num, sizeof num, "@%ld;", line);
        ev_add(&want_lines, num, strlen(num));
        for (c = 0; c < ncols; c++) {
            if (c)
                ev_add(&text, &delim, 1);
            if (r == 0) {
                snprintf(num, sizeof num, "h%d", c);
                ev_add(&text, num, strlen(num));
            } else {
                gen_field(&text, &seed, delim, &line);
            }
        }
        if (r + 1 < nrec || rnd(&seed) & 1) {
            const char *eol = eols[rnd(&seed) % 3];
            ev_add(&text, eol, strlen(eol));
            line++;
        }
    }
    /* what libcsv makes of it, fed in one piece */
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL), 0);
    csv_set_delim(&p, (unsigned char)delim);
    assert_int_equal(csv_parse(&p, text.s, text.len, ref_field, ref_row, &want), text.len);
    assert_int_equal(csv_fini(&p, ref_field, ref_row, &want), 0);
    csv_free(&p);
    /* what the stream makes of it */
    temp_file(path, sizeof path, text.s, text.len);
    csv_options_init(&o);
    o.delimiter = delim;
    ev_add(&got[0], "", 0);
    ev_add(&got[1], "", 0);
    if (csv_stream_file(path, &o, got_row, got, &d) != 0)
        fail_msg("%s", d.msg);
    unlink(path);
    if (strcmp(got[0].s, want.s) != 0) {
        size_t i = 0;
        while (got[0].s[i] == want.s[i])
            i++;
        fail_msg("delimiter '%c': fields differ from libcsv at byte %zu", delim, i);
    }
    assert_string_equal(got[1].s, want_lines.s);
    free(text.s);
    free(want.s);
    free(got[0].s);
    free(got[1].s);
    free(want_lines.s);
}

static void test_fast_path_matches_libcsv(void **state)
{
    (void)state;
    check_against_libcsv(',', 1);
    check_against_libcsv(';', 2);
    check_against_libcsv('\t', 3);
    check_against_libcsv(',', 4);
}

/* ------------------------------------------------------------------------ */
/* csv-spectrum                                                              */

typedef struct JsonRec {
    char *key[16], *val[16];
    size_t n;
} JsonRec;

/* A reader for exactly the shape of the csv-spectrum expectations: an array
 * (or a single object) of objects whose values are all strings. */
static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

static const char *json_string(const char *p, char **out)
{
    char *s = malloc(strlen(p) + 1), *w = s;
    assert_non_null(s);
    assert_int_equal(*p, '"');
    p++;
    while (*p != '"') {
        assert_true(*p != '\0');
        if (*p == '\\') {
            p++;
            switch (*p) {
            case 'n': *w++ = '\n'; break;
            case 'r': *w++ = '\r'; break;
            case 't': *w++ = '\t'; break;
            case 'u': {
                unsigned cp = (unsigned)strtoul((char[5]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
                assert_true(cp < 0x800); /* enough for these files */
                if (cp < 0x80) {
                    *w++ = (char)cp;
                } else {
                    *w++ = (char)(0xC0 | (cp >> 6));
                    *w++ = (char)(0x80 | (cp & 0x3F));
                }
                p += 4;
                break;
            }
            default: *w++ = *p; break; /* \" \\ \/ */
            }
            p++;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    *out = s;
    return p + 1;
}

static size_t json_read(const char *p, JsonRec *recs, size_t max)
{
    size_t n = 0;
    int array;
    p = json_ws(p);
    array = *p == '[';
    if (array)
        p = json_ws(p + 1);
    while (*p == '{') {
        JsonRec *r = &recs[n++];
        assert_true(n <= max);
        r->n = 0;
        p = json_ws(p + 1);
        while (*p == '"') {
            assert_true(r->n < 16);
            p = json_ws(json_string(p, &r->key[r->n]));
            assert_int_equal(*p, ':');
            p = json_ws(json_string(json_ws(p + 1), &r->val[r->n]));
            r->n++;
            if (*p == ',')
                p = json_ws(p + 1);
        }
        assert_int_equal(*p, '}');
        p = json_ws(p + 1);
        if (array && *p == ',')
            p = json_ws(p + 1);
    }
    if (array)
        assert_int_equal(*p, ']');
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Does the cell, written back as text, equal the expected string? */
static int cell_matches(const Column *c, size_t r, const char *want)
{
    char buf[64];
    NumValue v;
    if (c->miss[r])
        return want[0] == '\0'; /* an empty quoted field may be missing */
    if (c->type == COL_TEXT)
        return strcmp(c->text[r], want) == 0;
    number_format(c->num[r], c->decimals, c->style, buf, sizeof buf);
    if (strcmp(buf, want) == 0)
        return 1;
    /* a number may print as the same number */
    return number_parse(want, strlen(want), NUM_PLAIN, &v) == NUM_OK && v.value == c->num[r];
}

static void test_csv_spectrum(void **state)
{
    static const char *const cases[] = {
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
        "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
        "location_coordinates",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[512];
        char *json;
        JsonRec recs[8];
        size_t n, i, j;
        Table *t;
        Diag d;
        snprintf(path, sizeof path, "%sjson/%s.json", SPECTRUM_DIR, cases[k]);
        json = slurp(path);
        n = json_read(json, recs, 8);
        free(json);
        snprintf(path, sizeof path, "%scsvs/%s.csv", SPECTRUM_DIR, cases[k]);
        t = csv_load_file(path, NULL, &d);
        if (strcmp(cases[k], "location_coordinates") == 0) {
            /* not a fair case (see its README): it must fail cleanly */
            assert_null(t);
            assert_contains(d.msg, "location_coordinates.csv:2:");
            assert_contains(d.msg, "stray quote");
        } else {
            if (!t)
                fail_msg("%s: %s", cases[k], d.msg);
            assert_int_equal(t->nrows, n);
            for (i = 0; i < n; i++) {
                assert_int_equal(t->ncols, recs[i].n);
                for (j = 0; j < recs[i].n; j++) {
                    const Column *c = col(t, recs[i].key[j]);
                    if (!cell_matches(c, i, recs[i].val[j]))
                        fail_msg("%s: row %zu column '%s': expected '%s'", cases[k], i + 1,
                                 recs[i].key[j], recs[i].val[j]);
                }
            }
            table_free(t);
        }
        for (i = 0; i < n; i++)
            for (j = 0; j < recs[i].n; j++) {
                free(recs[i].key[j]);
                free(recs[i].val[j]);
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vi_excel),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_mixed_line_ends),
        cmocka_unit_test(test_cr_only_file),
        cmocka_unit_test(test_tab_delimited),
        cmocka_unit_test(test_column_typing),
        cmocka_unit_test(test_blank_and_empty_rows),
        cmocka_unit_test(test_column_specs),
        cmocka_unit_test(test_declared_style),
        cmocka_unit_test(test_delimiter_detection),
        cmocka_unit_test(test_errors_structure),
        cmocka_unit_test(test_errors_numbers),
        cmocka_unit_test(test_errors_encoding),
        cmocka_unit_test(test_errors_quotes),
        cmocka_unit_test(test_stream_records),
        cmocka_unit_test(test_file_changed),
        cmocka_unit_test(test_block_boundaries),
        cmocka_unit_test(test_fast_path_matches_libcsv),
        cmocka_unit_test(test_csv_spectrum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
