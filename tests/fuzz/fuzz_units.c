/* fuzz_units.c — the name matcher (units.c, text.c): the 63 provinces, the
 * ministries and their aliases, as the engine loads them, against any
 * bytes.  Invariants: a name found or suggested is a real unit; a unit's own
 * name and code find it; folding, NFC and widths never fail on valid UTF-8. */
#include "fuzz_util.h"

#include <string.h>

#include "csv_load.h"
#include "text.h"
#include "units.h"

static Units *provinces, *ministries;

static Table *load(const char *rel)
{
    char path[4096];
    CsvOptions o;
    CsvColumnSpec spec[2] = {{"code_gso", COL_TEXT, -1}, {"code", COL_TEXT, -1}};
    Diag d;
    Table *t;
    csv_options_init(&o);
    o.columns = spec;
    o.ncolumns = 2;
    snprintf(path, sizeof path, "%s/datasets/%s", CHISO_SRC_DIR, rel);
    t = csv_load_file(path, &o, &d);
    if (!t)
        fuzz_fail("%s", d.msg);
    return t;
}

static Units *registry(const char *file, const char *code_col, const char *kind)
{
    Units *u = units_new();
    Table *t = load(file), *a = load("aliases.csv");
    int cc = table_find(t, code_col), nc = table_find(t, "name_vi"), ac = table_find(t, "name_ascii");
    int ak = table_find(a, "kind"), acode = table_find(a, "code"), aa = table_find(a, "alias");
    size_t r, k;
    Diag d;
    if (strcmp(kind, "ministry") == 0) {
        units_prefix(u, "bo");
        units_prefix(u, "ministry of");
    }
    for (r = 0; r < t->nrows; r++) {
        int i = units_add(u, t->cols[cc].text[r], t->cols[nc].text[r], &d);
        if (i >= 0 && ac >= 0 && t->cols[ac].text[r])
            units_alias(u, i, t->cols[ac].text[r], &d);
    }
    for (r = 0; r < a->nrows; r++) {
        if (strcmp(a->cols[ak].text[r], kind) != 0)
            continue;
        for (k = 0; k < units_count(u); k++)
            if (strcmp(units_code(u, (int)k), a->cols[acode].text[r]) == 0)
                units_alias(u, (int)k, a->cols[aa].text[r], &d);
    }
    table_free(t);
    table_free(a);
    return u;
}

static void check(const Units *u, const char *s)
{
    int i = units_find(u, s), j = units_suggest(u, s);
    if (i >= (int)units_count(u) || j >= (int)units_count(u))
        fuzz_fail("index out of range");
    if (i >= 0 && units_find(u, units_name(u, i)) != i)
        fuzz_fail("'%s' finds %s, whose own name does not", s, units_code(u, i));
    if (j >= 0 && !units_name(u, j))
        fuzz_fail("suggestion without a name");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;
    if (!provinces) {
        provinces = registry("provinces.csv", "code_gso", "province");
        ministries = registry("ministries.csv", "code", "ministry");
    }
    if (size > 4096)
        return 0;
    s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    check(provinces, s);
    check(ministries, s);
    (void)text_distance(s, "Thừa Thiên Huế");
    (void)utf8_length(s, size);
    (void)text_width(s);
    if (utf8_check(s, strlen(s), NULL) == 0) {
        char *f = text_fold(s), *n = text_nfc(s, strlen(s));
        if (!f || !n)
            fuzz_fail("fold/nfc failed on valid UTF-8");
        if (utf8_check(f, strlen(f), NULL) != 0 || utf8_check(n, strlen(n), NULL) != 0)
            fuzz_fail("fold/nfc gave invalid UTF-8");
        free(f);
        free(n);
    }
    free(s);
    return 0;
}
