/* out_xlsx.c — Excel workbooks from tables, through libxlsxwriter.
 *
 * One sheet per table: a bold header row, frozen and filtered; numbers at
 * full precision, shown with the column's decimals (so a formula over them
 * gives the total the engine computed); columns
 * as wide as their widest cell in display columns (so "Bà Rịa - Vũng Tàu" is
 * 17 wide, not its 27 bytes); optional formulas per cell, written with the
 * row's value as their cached result.
 *
 * libxlsxwriter writes to a path when the workbook is closed.  The path it
 * gets is an outfile temporary beside the target: an error, SIGINT or
 * SIGTERM removes it, success renames it into place.  The document's
 * creation time is fixed (SOURCE_DATE_EPOCH when set) so that the same
 * tables give the same bytes.
 */
#include "out.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "outfile.h"
#include "text.h"

#define XLSX_WIDTH_MIN 4
#define XLSX_WIDTH_MAX 80
#define XLSX_FORMULA_MAX 8192   /* Excel's limit on a formula's length */
#define XLSX_STRING_MAX 32767   /* Excel's limit on a cell's text */
#define XLSX_NAME_MAX 31        /* characters in a sheet name */
#define XLSX_FIXED_TIME 946684800 /* 2000-01-01T00:00:00Z: libxlsxwriter takes 0 as "now" */

/* Number formats are workbook objects; one per kind of column, made once. */
typedef struct NumFormat {
    int decimals, percent, plus;
    lxw_format *f;
} NumFormat;

typedef struct Writer {
    lxw_workbook *wb;
    lxw_format *header;
    NumFormat fmts[32];
    size_t nfmts;
    const char *path;
    Diag *d;
} Writer;

static double round_to(double v, int decimals)
{
    char buf[64];
    if (decimals < 0 || !isfinite(v))
        return v;
    snprintf(buf, sizeof buf, "%.*f", decimals > 15 ? 15 : decimals, v);
    v = strtod(buf, NULL);
    return v == 0 ? 0 : v; /* no -0 */
}

/* "0.00", "0", "General"; a literal '%' and a '+' on positives when asked. */
static void num_format_text(int decimals, int percent, int plus, char *buf, size_t n)
{
    char body[40];
    const char *pct = percent ? "\"%\"" : "";
    int k;
    if (decimals < 0) {
        snprintf(body, sizeof body, "General");
    } else {
        if (decimals > 15)
            decimals = 15;
        body[0] = '0';
        k = 1;
        if (decimals > 0) {
            body[k++] = '.';
            while (decimals-- > 0)
                body[k++] = '0';
        }
        body[k] = 0;
    }
    if (plus)
        snprintf(buf, n, "+%s%s;-%s%s;%s%s", body, pct, body, pct, body, pct);
    else
        snprintf(buf, n, "%s%s", body, pct);
}

static lxw_format *number_format_for(Writer *w, const Column *c)
{
    size_t i;
    char text[160];
    lxw_format *f;
    for (i = 0; i < w->nfmts; i++) {
        NumFormat *nf = &w->fmts[i];
        if (nf->decimals == c->decimals && nf->percent == (c->percent != 0) && nf->plus == (c->plus != 0))
            return nf->f;
    }
    if (c->decimals < 0 && !c->percent && !c->plus)
        return NULL; /* General */
    f = workbook_add_format(w->wb);
    if (!f)
        return NULL;
    num_format_text(c->decimals, c->percent != 0, c->plus != 0, text, sizeof text);
    format_set_num_format(f, text);
    if (w->nfmts < sizeof w->fmts / sizeof w->fmts[0]) {
        NumFormat *nf = &w->fmts[w->nfmts++];
        nf->decimals = c->decimals;
        nf->percent = c->percent != 0;
        nf->plus = c->plus != 0;
        nf->f = f;
    }
    return f;
}

/* ---- sheet names ---------------------------------------------------------- */

static size_t utf8_seq_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

static int ascii_casecmp(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
        if (x != y)
            return x - y;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

void out_xlsx_sheet_name(const char *name, char *buf, size_t n)
{
    size_t len = 0, chars = 0;
    const char *p = name ? name : "";
    if (n == 0)
        return;
    while (*p == '\'' || *p == ' ')
        p++;
    while (*p && chars < XLSX_NAME_MAX) {
        size_t k = utf8_seq_len((unsigned char)*p), j;
        for (j = 1; j < k; j++)
            if (!p[j])
                k = j; /* a truncated sequence: what is there */
        if (len + k + 1 > n)
            break;
        if (k == 1 && strchr("[]:*?/\\", *p))
            buf[len++] = '-';
        else if (k == 1 && (unsigned char)*p < 0x20)
            buf[len++] = ' ';
        else {
            memcpy(buf + len, p, k);
            len += k;
        }
        p += k;
        chars++;
    }
    while (len > 0 && (buf[len - 1] == '\'' || buf[len - 1] == ' '))
        len--;
    buf[len] = 0;
    if (!buf[0])
        snprintf(buf, n, "Sheet");
    else if (ascii_casecmp(buf, "History") == 0)
        snprintf(buf, n, "History_");
}

/* A name no earlier sheet has (Excel compares names without case):
 * "rank", "rank (2)", "rank (3)" … within 31 characters. */
static void unique_name(char names[][128], size_t used, const char *want, char *out)
{
    size_t i, k;
    int clash = 0;
    snprintf(out, 128, "%s", want);
    for (k = 2;; k++) {
        clash = 0;
        for (i = 0; i < used; i++)
            if (ascii_casecmp(names[i], out) == 0)
                clash = 1;
        if (!clash)
            return;
        {
            char suffix[24];
            size_t slen = (size_t)snprintf(suffix, sizeof suffix, " (%zu)", k);
            size_t chars = 0, len = 0;
            /* Keep as many whole characters of `want` as fit beside the suffix
             * (at most 4 bytes each: always within the 128 of `out`). */
            while (want[len] && chars + slen < XLSX_NAME_MAX) {
                len += utf8_seq_len((unsigned char)want[len]);
                chars++;
            }
            if (len + slen + 1 > 128)
                len = 127 - slen;
            memcpy(out, want, len);
            memcpy(out + len, suffix, slen + 1);
        }
    }
}

/* ---- cells ------------------------------------------------------------------ */

/* The text a cell shows, for measuring its width. */
static size_t cell_width(const Column *c, size_t r)
{
    char buf[80];
    if (c->miss[r])
        return 0;
    if (c->type == COL_TEXT)
        return text_width(c->text[r]);
    {
        double v = round_to(c->num[r], c->decimals);
        size_t k = 0;
        if (c->plus && v > 0)
            buf[k++] = '+';
        number_format(v, c->decimals, NUM_PLAIN, buf + k, sizeof buf - k - 1);
        if (c->percent)
            strcat(buf, "%");
        return text_width(buf);
    }
}

/* A growing string for expanded formulas. */
typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static int buf_put(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *ns;
        while (cap < b->len + n + 1)
            cap *= 2;
        ns = realloc(b->s, cap);
        if (!ns)
            return -1;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
    return 0;
}

/* "=…" for row r, with {name} replaced by that column's cell.  Returns 1 when
 * written, 0 when a named cell is missing (the value is written instead), -1
 * on an error (d filled). */
static int expand_formula(Writer *w, const char *sheet, const Table *t, size_t col, size_t r, const char *tpl,
                          Buf *out)
{
    const char *p = tpl;
    out->len = 0;
    if (buf_put(out, "=", 1) != 0)
        goto oom;
    if (*p == '=')
        p++;
    while (*p) {
        if (p[0] == '{' && p[1] == '{') {
            if (buf_put(out, "{", 1) != 0)
                goto oom;
            p += 2;
        } else if (p[0] == '}' && p[1] == '}') {
            if (buf_put(out, "}", 1) != 0)
                goto oom;
            p += 2;
        } else if (*p == '{') {
            const char *e = strchr(p + 1, '}');
            char name[256], cell[32];
            int c;
            if (!e || (size_t)(e - p - 1) >= sizeof name) {
                diag_set(w->d, w->path, 0, 0, "xlsx: sheet '%s', column '%s': unclosed '{' in formula '%s'", sheet,
                         t->cols[col].name, tpl);
                return -1;
            }
            memcpy(name, p + 1, (size_t)(e - p - 1));
            name[e - p - 1] = 0;
            c = table_find(t, name);
            if (c < 0) {
                diag_set(w->d, w->path, 0, 0, "xlsx: sheet '%s', column '%s': the formula '%s' names no column '%s'",
                         sheet, t->cols[col].name, tpl, name);
                return -1;
            }
            if (t->cols[c].miss[r])
                return 0;
            lxw_rowcol_to_cell(cell, (lxw_row_t)(r + 1), (lxw_col_t)c);
            if (buf_put(out, cell, strlen(cell)) != 0)
                goto oom;
            p = e + 1;
        } else {
            if (buf_put(out, p, 1) != 0)
                goto oom;
            p++;
        }
    }
    if (out->len > XLSX_FORMULA_MAX) {
        diag_set(w->d, w->path, 0, 0, "xlsx: sheet '%s', column '%s', row %zu: formula longer than Excel's %d characters",
                 sheet, t->cols[col].name, r + 1, XLSX_FORMULA_MAX);
        return -1;
    }
    return 1;
oom:
    diag_set(w->d, w->path, 0, 0, "cannot write: out of memory");
    return -1;
}

/* Text longer than a cell holds is cut at a character boundary. */
static const char *clip_text(const char *s, char *tmp, size_t n)
{
    size_t len = strlen(s), k = 0;
    if (len <= XLSX_STRING_MAX || n == 0)
        return s;
    while (k < len) {
        size_t q = utf8_seq_len((unsigned char)s[k]);
        if (k + q > n - 1 || k + q > XLSX_STRING_MAX)
            break;
        k += q;
    }
    memcpy(tmp, s, k);
    tmp[k] = 0;
    return tmp;
}

static int check(Writer *w, lxw_error err, const char *sheet)
{
    if (err == LXW_NO_ERROR)
        return 0;
    diag_set(w->d, w->path, 0, 0, "cannot write: xlsx sheet '%s': %s", sheet, lxw_strerror(err));
    return -1;
}

static int write_sheet(Writer *w, lxw_worksheet *ws, const char *sheet, const XlsxSheet *s)
{
    const Table *t = s->table;
    size_t c, r;
    Buf f = {NULL, 0, 0};
    char *clip = NULL;
    lxw_format **fmt = NULL;
    int rc = -1;

    if (t->nrows + 1 > LXW_ROW_MAX || t->ncols > LXW_COL_MAX) {
        diag_set(w->d, w->path, 0, 0, "cannot write: xlsx sheet '%s': %zu rows × %zu columns is more than Excel holds",
                 sheet, t->nrows, t->ncols);
        return -1;
    }
    fmt = calloc(t->ncols ? t->ncols : 1, sizeof *fmt);
    clip = malloc(XLSX_STRING_MAX + 1);
    if (!fmt || !clip) {
        diag_set(w->d, w->path, 0, 0, "cannot write: out of memory");
        goto done;
    }
    for (c = 0; c < t->ncols; c++) {
        const Column *col = &t->cols[c];
        size_t width = text_width(col->name) + 1;
        if (col->type == COL_NUMBER)
            fmt[c] = number_format_for(w, col);
        for (r = 0; r < t->nrows; r++) {
            size_t cw = cell_width(col, r);
            if (cw > width)
                width = cw;
        }
        width += 2; /* the filter button and a margin */
        if (width < XLSX_WIDTH_MIN)
            width = XLSX_WIDTH_MIN;
        if (width > XLSX_WIDTH_MAX)
            width = XLSX_WIDTH_MAX;
        if (check(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)width, NULL), sheet) != 0)
            goto done;
        if (check(w, worksheet_write_string(ws, 0, (lxw_col_t)c, clip_text(col->name, clip, XLSX_STRING_MAX + 1),
                                            w->header), sheet) != 0)
            goto done;
    }
    for (r = 0; r < t->nrows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        for (c = 0; c < t->ncols; c++) {
            const Column *col = &t->cols[c];
            const char *tpl = NULL;
            lxw_error err = LXW_NO_ERROR;
            if (col->miss[r])
                continue;
            if (s->formulas && s->formulas[c])
                tpl = s->formulas[c][r];
            if (col->type == COL_TEXT) {
                err = worksheet_write_string(ws, row, (lxw_col_t)c, clip_text(col->text[r], clip, XLSX_STRING_MAX + 1),
                                             NULL);
            } else {
                double v = col->num[r] == 0 ? 0 : col->num[r]; /* full precision, shown rounded; no -0 */
                int k = tpl ? expand_formula(w, sheet, t, c, r, tpl, &f) : 0;
                if (k < 0)
                    goto done;
                if (!isfinite(v))
                    err = worksheet_write_string(ws, row, (lxw_col_t)c, isnan(v) ? "" : v > 0 ? "inf" : "-inf", NULL);
                else if (k == 1)
                    err = worksheet_write_formula_num(ws, row, (lxw_col_t)c, f.s, fmt[c], v);
                else
                    err = worksheet_write_number(ws, row, (lxw_col_t)c, v, fmt[c]);
            }
            if (check(w, err, sheet) != 0)
                goto done;
        }
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (t->ncols > 0 &&
        check(w, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1)), sheet) != 0)
        goto done;
    rc = 0;
done:
    free(f.s);
    free(clip);
    free(fmt);
    return rc;
}

static time_t creation_time(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long v = strtoll(e, &end, 10);
        if (!*end && v > 0)
            return (time_t)v;
    }
    return (time_t)XLSX_FIXED_TIME;
}

int out_xlsx_write(const char *path, const XlsxSheet *sheets, size_t nsheets, Diag *d)
{
    OutFile *of;
    Writer w;
    lxw_workbook_options wo;
    lxw_doc_properties props;
    lxw_error err;
    char (*names)[128] = NULL;
    size_t i;

    if (nsheets == 0)
        return diag_set(d, path, 0, 0, "cannot write: an xlsx workbook needs at least one table");
    for (i = 0; i < nsheets; i++)
        if (!sheets[i].table)
            return diag_set(d, path, 0, 0, "cannot write: xlsx sheet %zu has no table", i + 1);
    names = calloc(nsheets, sizeof *names);
    if (!names)
        return diag_set(d, path, 0, 0, "cannot write: out of memory");
    of = outfile_open(path, d);
    if (!of) {
        free(names);
        return -1;
    }
    memset(&w, 0, sizeof w);
    memset(&wo, 0, sizeof wo);
    memset(&props, 0, sizeof props);
    w.path = path;
    w.d = d;
    w.wb = workbook_new_opt(outfile_temp_path(of), &wo);
    if (!w.wb) {
        diag_set(d, path, 0, 0, "cannot write: out of memory");
        goto fail;
    }
    props.created = creation_time();
    workbook_set_properties(w.wb, &props);
    w.header = workbook_add_format(w.wb);
    if (!w.header) {
        diag_set(d, path, 0, 0, "cannot write: out of memory");
        goto fail;
    }
    format_set_bold(w.header);
    format_set_bg_color(w.header, 0xE7ECF3);
    format_set_bottom(w.header, LXW_BORDER_THIN);
    format_set_align(w.header, LXW_ALIGN_VERTICAL_TOP);
    for (i = 0; i < nsheets; i++) {
        char want[128], fallback[32];
        lxw_worksheet *ws;
        if (sheets[i].name) {
            out_xlsx_sheet_name(sheets[i].name, want, sizeof want);
        } else {
            snprintf(fallback, sizeof fallback, "Sheet%zu", i + 1);
            out_xlsx_sheet_name(fallback, want, sizeof want);
        }
        unique_name(names, i, want, names[i]);
        ws = workbook_add_worksheet(w.wb, names[i]);
        if (!ws) {
            diag_set(d, path, 0, 0, "cannot write: xlsx sheet name '%s' refused", names[i]);
            goto fail;
        }
        if (write_sheet(&w, ws, names[i], &sheets[i]) != 0)
            goto fail;
    }
    err = workbook_close(w.wb);
    w.wb = NULL;
    if (err != LXW_NO_ERROR) {
        diag_set(d, path, 0, 0, "cannot write: %s", lxw_strerror(err));
        goto fail;
    }
    free(names);
    return outfile_commit(of, d);
fail:
    if (w.wb)
        lxw_workbook_free(w.wb);
    outfile_abort(of);
    free(names);
    return -1;
}
