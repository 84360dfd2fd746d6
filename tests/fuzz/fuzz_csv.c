/* fuzz_csv.c — the CSV loader (csv_load.c) and what it calls on bad bytes
 * (legacy.c).  The first byte picks the number style and the delimiter; the
 * rest is the file.  Invariants:
 *   - a load either gives a table or an error whose message starts with the
 *     file name; every text cell of a table is valid UTF-8;
 *   - the streaming scan (csv_scan_file, what `chiso show` uses on large
 *     files) agrees with the load: same error, or the same rows, types and
 *     missing counts;
 *   - each legacy decoder gives valid UTF-8 or names the offending byte.
 */
#include "fuzz_util.h"

#include <string.h>
#include <unistd.h>

#include "csv_load.h"
#include "legacy.h"
#include "text.h"

static char tmp_path[64];

static void remove_temporary(void)
{
    if (tmp_path[0])
        unlink(tmp_path);
}

static void write_file(const uint8_t *data, size_t size)
{
    FILE *f;
    if (!tmp_path[0]) {
        int fd;
        snprintf(tmp_path, sizeof tmp_path, "/tmp/chiso_fuzz_csv_XXXXXX");
        fd = mkstemp(tmp_path);
        if (fd < 0)
            fuzz_fail("mkstemp");
        close(fd);
        atexit(remove_temporary);
    }
    f = fopen(tmp_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fuzz_fail("cannot write %s", tmp_path);
}

static void check_legacy(const uint8_t *data, size_t size)
{
    static const LegacyEnc all[] = {LEGACY_CP1258, LEGACY_TCVN3, LEGACY_VNI};
    size_t i;
    (void)legacy_detect((const char *)data, size, NULL);
    for (i = 0; i < 3; i++) {
        size_t olen, bad;
        char *out = legacy_to_utf8(all[i], (const char *)data, size, &olen, &bad);
        if (out) {
            if (utf8_check(out, olen, NULL) != 0)
                fuzz_fail("%s: conversion gave invalid UTF-8", legacy_name(all[i]));
            free(out);
        } else if (bad != (size_t)-1 && bad >= size) {
            fuzz_fail("%s: bad byte offset %zu past %zu", legacy_name(all[i]), bad, size);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CsvOptions o;
    Diag d1, d2;
    Table *t;
    CsvScan sc;
    unsigned ctl = size ? data[0] : 0;
    int rc;
    size_t j;

    if (size > 1)
        check_legacy(data + 1, size - 1);
    csv_options_init(&o);
    o.style = (ctl & 3) == 0 ? -1 : (ctl & 3) == 1 ? NUM_PLAIN : NUM_VI;
    o.delimiter = ((ctl >> 2) & 3) == 0 ? 0 : ",;\t"[((ctl >> 2) & 3) - 1];
    o.display_name = "fuzz.csv";
    if (size)
        data++, size--;

    t = csv_load_buffer((const char *)data, size, "fuzz.csv", &o, &d1);
    if (!t && strncmp(d1.msg, "fuzz.csv", 8) != 0)
        fuzz_fail("message without the file name: %s", d1.msg);
    if (t) {
        for (j = 0; j < t->ncols; j++) {
            size_t r;
            if (utf8_check(t->cols[j].name, strlen(t->cols[j].name), NULL) != 0)
                fuzz_fail("column name not UTF-8");
            if (t->cols[j].type != COL_TEXT)
                continue;
            for (r = 0; r < t->nrows; r++)
                if (t->cols[j].text[r] && utf8_check(t->cols[j].text[r], strlen(t->cols[j].text[r]), NULL) != 0)
                    fuzz_fail("cell not UTF-8");
        }
    }

    /* the same bytes as a file, scanned */
    write_file(data, size);
    o.max_bytes = 0;
    rc = csv_scan_file(tmp_path, &o, 3, &sc, &d2);
    if ((rc == 0) != (t != NULL))
        fuzz_fail("load %s but scan %s (%s / %s)", t ? "succeeded" : "failed",
                  rc == 0 ? "succeeded" : "failed", t ? "" : d1.msg, rc ? d2.msg : "");
    if (t) {
        if (sc.nrows != t->nrows || sc.ncols != t->ncols)
            fuzz_fail("scan saw %zu x %zu, load %zu x %zu", sc.nrows, sc.ncols, t->nrows, t->ncols);
        for (j = 0; j < t->ncols; j++) {
            if (sc.cols[j].type != t->cols[j].type)
                fuzz_fail("column %zu: scan type %d, load type %d", j, sc.cols[j].type, t->cols[j].type);
            if (sc.cols[j].missing != t->cols[j].n_missing)
                fuzz_fail("column %zu: scan missing %zu, load %zu", j, sc.cols[j].missing,
                          t->cols[j].n_missing);
        }
        if (!sc.head || sc.head->nrows != (t->nrows < 3 ? t->nrows : 3))
            fuzz_fail("scan head rows");
        csv_scan_free(&sc);
        table_free(t);
    } else if (strcmp(d1.msg, d2.msg) != 0) {
        fuzz_fail("load and scan disagree:\n  %s\n  %s", d1.msg, d2.msg);
    }
    return 0;
}
