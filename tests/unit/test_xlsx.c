/* test_xlsx.c — Excel workbooks (out_xlsx.c): values, formulas, number
 * formats, the frozen header, column widths, sheet names, atomic writes.
 * The workbook is read back with `unzip -p` and its XML checked as text. */
#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "out.h"
#include "table.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/chiso-xlsx-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    (void)state;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

static int have_unzip(void)
{
    return system("unzip -v >/dev/null 2>&1") == 0;
}

/* The text of one member of a zip file (malloc'd), or NULL. */
static char *member(const char *zip, const char *name)
{
    char cmd[512], *buf = NULL;
    size_t len = 0, cap = 0, k;
    FILE *p;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", zip, name);
    p = popen(cmd, "r");
    if (!p)
        return NULL;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);
            if (!nb)
                break;
            buf = nb;
        }
        k = fread(buf + len, 1, 4096, p);
        len += k;
        if (k == 0)
            break;
    }
    pclose(p);
    if (!buf || len == 0) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    return buf;
}

/* unit | TD | TAC | total (= TD + TAC) | change (+) | pct (%) */
static Table *scores(void)
{
    Diag d;
    Table *t = table_new("scores", 3);
    const char *unit[] = {"Quảng Ninh", "Bà Rịa - Vũng Tàu", "Kon Tum"};
    double td[] = {60.5, 55.254, 54.95};
    double tac[] = {31.68, 30, NAN};
    double total[] = {92.18, 85.25, 86.14};
    double change[] = {2, -3, 0};
    double pct[] = {87.5, 12.25, 1};
    assert_non_null(t);
    assert_int_equal(table_add_text(t, "unit", unit, &d), 0);
    assert_int_equal(table_add_number(t, "TD", td, NULL, &d), 1);
    assert_int_equal(table_add_number(t, "TAC", tac, NULL, &d), 2);
    assert_int_equal(table_add_number(t, "total", total, NULL, &d), 3);
    assert_int_equal(table_add_number(t, "change", change, NULL, &d), 4);
    assert_int_equal(table_add_number(t, "pct", pct, NULL, &d), 5);
    t->cols[1].decimals = t->cols[2].decimals = t->cols[3].decimals = 2;
    t->cols[4].decimals = 0;
    t->cols[4].plus = 1;
    t->cols[5].decimals = 2;
    t->cols[5].percent = 1;
    return t;
}

static const char *const total_rows[] = {"SUM({TD}:{TAC})", "SUM({TD}:{TAC})", "SUM({TD}:{TAC})"};

static void test_values_formulas_pane(void **state)
{
    Table *t = scores();
    const char *const *cols[6] = {NULL, NULL, NULL, total_rows, NULL, NULL};
    XlsxSheet s[2] = {{"score", t, cols}, {"score", t, NULL}};
    char path[128], *sheet, *strings, *styles, *book;
    Diag d;
    (void)state;
    if (!have_unzip())
        skip();
    snprintf(path, sizeof path, "%s/a.xlsx", dir);
    assert_int_equal(out_xlsx_write(path, s, 2, &d), 0);
    sheet = member(path, "xl/worksheets/sheet1.xml");
    strings = member(path, "xl/sharedStrings.xml");
    styles = member(path, "xl/styles.xml");
    book = member(path, "xl/workbook.xml");
    assert_non_null(sheet);
    assert_non_null(strings);
    /* The header row is frozen and filtered. */
    assert_contains(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>");
    assert_contains(sheet, "<autoFilter ref=\"A1:F4\"/>");
    /* Values at full precision, shown with two decimals; a formula with its cached value. */
    assert_contains(sheet, "<c r=\"B2\" s=\"2\"><v>60.5</v></c>");
    assert_contains(sheet, "<c r=\"B3\" s=\"2\"><v>55.254</v></c>");
    assert_contains(sheet, "<f>SUM(B2:C2)</f><v>92.18");
    assert_contains(sheet, "<f>SUM(B3:C3)</f><v>85.25</v>");
    /* Kon Tum has no TAC: its total stays a value, its TAC cell empty. */
    assert_contains(sheet, "<c r=\"D4\" s=\"2\"><v>86.14</v></c>");
    assert_null(strstr(sheet, "C4"));
    assert_contains(sheet, "<v>-3</v>");
    /* Widths count letters, not bytes: "Bà Rịa - Vũng Tàu" is 17 wide (27 bytes), + 2. */
    assert_contains(sheet, "<col min=\"1\" max=\"1\" width=\"19.7109375\" customWidth=\"1\"/>");
    assert_contains(strings, "Bà Rịa - Vũng Tàu");
    assert_contains(strings, "Quảng Ninh");
    /* Number formats: two decimals, a sign on changes, a literal %. */
    assert_contains(styles, "formatCode=\"0.00\"");
    assert_contains(styles, "formatCode=\"+0;-0;0\"");
    assert_contains(styles, "formatCode=\"0.00&quot;%&quot;\"");
    /* Two sheets asked for the same name. */
    assert_contains(book, "<sheet name=\"score\" sheetId=\"1\"");
    assert_contains(book, "<sheet name=\"score (2)\" sheetId=\"2\"");
    free(sheet);
    free(strings);
    free(styles);
    free(book);
    table_free(t);
}

static void test_same_bytes(void **state)
{
    Table *t = scores();
    XlsxSheet s = {"x", t, NULL};
    char a[128], b[128], cmd[300];
    Diag d;
    (void)state;
    snprintf(a, sizeof a, "%s/one.xlsx", dir);
    snprintf(b, sizeof b, "%s/two.xlsx", dir);
    assert_int_equal(out_xlsx_write(a, &s, 1, &d), 0);
    sleep(1);
    assert_int_equal(out_xlsx_write(b, &s, 1, &d), 0);
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    assert_int_equal(system(cmd), 0);
    table_free(t);
}

static int count_files(void)
{
    DIR *dd = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (dd && (e = readdir(dd)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (dd)
        closedir(dd);
    return n;
}

static void test_errors_leave_nothing(void **state)
{
    Table *t = scores();
    const char *const bad[] = {"{TD}+{nope}", NULL, NULL};
    const char *const *cols[6] = {NULL, NULL, NULL, bad, NULL, NULL};
    XlsxSheet s = {"x", t, cols};
    char path[128];
    int before;
    Diag d;
    (void)state;
    before = count_files();
    snprintf(path, sizeof path, "%s/bad.xlsx", dir);
    assert_int_equal(out_xlsx_write(path, &s, 1, &d), -1);
    assert_contains(d.msg, "bad.xlsx: xlsx: sheet 'x', column 'total': the formula '{TD}+{nope}' names no column 'nope'");
    assert_int_equal(count_files(), before); /* no output, no temporary */
    snprintf(path, sizeof path, "%s/no/such/dir.xlsx", dir);
    s.formulas = NULL;
    assert_int_equal(out_xlsx_write(path, &s, 1, &d), -1);
    assert_contains(d.msg, "cannot write");
    assert_int_equal(out_xlsx_write(path, &s, 0, &d), -1);
    assert_contains(d.msg, "at least one table");
    table_free(t);
}

static void test_sheet_names(void **state)
{
    char buf[128];
    (void)state;
    out_xlsx_sheet_name("PAR INDEX 2023: a/b [x]*?\\", buf, sizeof buf);
    assert_string_equal(buf, "PAR INDEX 2023- a-b -x----");
    out_xlsx_sheet_name("Chỉ số hài lòng về sự phục vụ hành chính", buf, sizeof buf);
    assert_string_equal(buf, "Chỉ số hài lòng về sự phục vụ h"); /* 31 characters, not bytes */
    out_xlsx_sheet_name("'quoted'", buf, sizeof buf);
    assert_string_equal(buf, "quoted");
    out_xlsx_sheet_name("", buf, sizeof buf);
    assert_string_equal(buf, "Sheet");
    out_xlsx_sheet_name("history", buf, sizeof buf);
    assert_string_equal(buf, "History_");
}

static void test_empty_table(void **state)
{
    Diag d;
    Table *t = table_new("empty", 0);
    const char *none[1] = {NULL};
    XlsxSheet s = {"empty", t, NULL};
    char path[128], *sheet;
    (void)state;
    if (!have_unzip())
        skip();
    assert_int_equal(table_add_text(t, "unit", none, &d), 0);
    snprintf(path, sizeof path, "%s/empty.xlsx", dir);
    assert_int_equal(out_xlsx_write(path, &s, 1, &d), 0);
    sheet = member(path, "xl/worksheets/sheet1.xml");
    assert_non_null(sheet);
    assert_contains(sheet, "state=\"frozen\"");
    free(sheet);
    table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_formulas_pane), cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_errors_leave_nothing), cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_empty_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
