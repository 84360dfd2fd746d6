/* out_text.c — aligned tables for the terminal and Markdown tables.
 * Widths are display widths (text_width), so Vietnamese text with diacritics,
 * precomposed or not, lines up.  Numbers align right, text left; the last
 * column is not padded, so lines carry no trailing spaces.
 */
#include "out_internal.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void pad(FILE *f, size_t n)
{
    while (n--)
        fputc(' ', f);
}

static void put_cell(FILE *f, const char *s, size_t width, size_t w, int right, int last)
{
    if (right)
        pad(f, width - w);
    fputs(s, f);
    if (!right && !last)
        pad(f, width - w);
}

/* Markdown cells cannot hold '|' or newlines. */
static void put_md(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

static int write_text(FILE *f, const Table *t, const OutOptions *o, int markdown);

/* Write to memory first, then drop the spaces that empty trailing cells
 * leave at line ends. */
int out_write_text(FILE *f, const Table *t, const OutOptions *o, int markdown)
{
    char *buf = NULL, *p, *line;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    int rc;
    if (!mem)
        return -1;
    rc = write_text(mem, t, o, markdown);
    if (fclose(mem) != 0 || rc != 0) {
        free(buf);
        return -1;
    }
    for (line = buf; line < buf + len; line = p + 1) {
        size_t n;
        p = memchr(line, '\n', (size_t)(buf + len - line));
        if (!p)
            p = buf + len;
        n = (size_t)(p - line);
        while (n && line[n - 1] == ' ')
            n--;
        fwrite(line, 1, n, f);
        if (p < buf + len)
            fputc('\n', f);
    }
    free(buf);
    return ferror(f) ? -1 : 0;
}

static int write_text(FILE *f, const Table *t, const OutOptions *o, int markdown)
{
    size_t c, r, *width;
    char buf[64];
    const char *missing = o->missing ? o->missing : "";

    width = calloc(t->ncols ? t->ncols : 1, sizeof *width);
    if (!width)
        return -1;
    for (c = 0; c < t->ncols; c++) {
        width[c] = text_width(t->cols[c].name);
        for (r = 0; r < t->nrows; r++) {
            const char *s = out_cell(&t->cols[c], r, o->style, buf, sizeof buf);
            size_t w = text_width(s ? s : missing);
            if (w > width[c])
                width[c] = w;
        }
        if (markdown && width[c] < 3)
            width[c] = 3;
    }

    /* header */
    if (markdown)
        fputs("| ", f);
    for (c = 0; c < t->ncols; c++) {
        int right = t->cols[c].type == COL_NUMBER;
        int last = c + 1 == t->ncols;
        if (markdown)
            put_md(f, t->cols[c].name), pad(f, width[c] - text_width(t->cols[c].name));
        else
            put_cell(f, t->cols[c].name, width[c], text_width(t->cols[c].name), right, last);
        if (!last)
            fputs(markdown ? " | " : "  ", f);
    }
    fputs(markdown ? " |\n" : "\n", f);

    /* rule under the header */
    if (markdown)
        fputs("|", f);
    for (c = 0; c < t->ncols; c++) {
        size_t k;
        if (markdown) {
            fputc(t->cols[c].type == COL_NUMBER ? '-' : ':', f);
            for (k = 0; k < width[c]; k++)
                fputc('-', f);
            fputs(t->cols[c].type == COL_NUMBER ? ":|" : "-|", f);
        } else {
            for (k = 0; k < width[c]; k++)
                fputc('-', f);
            if (c + 1 < t->ncols)
                fputs("  ", f);
        }
    }
    fputc('\n', f);

    for (r = 0; r < t->nrows; r++) {
        if (markdown)
            fputs("| ", f);
        for (c = 0; c < t->ncols; c++) {
            const char *s = out_cell(&t->cols[c], r, o->style, buf, sizeof buf);
            int right = t->cols[c].type == COL_NUMBER;
            int last = c + 1 == t->ncols;
            if (!s)
                s = missing;
            if (markdown) {
                size_t w = text_width(s);
                if (right)
                    pad(f, width[c] - w);
                put_md(f, s);
                if (!right)
                    pad(f, width[c] - w);
            } else {
                put_cell(f, s, width[c], text_width(s), right, last);
            }
            if (!last)
                fputs(markdown ? " | " : "  ", f);
        }
        fputs(markdown ? " |\n" : "\n", f);
    }
    free(width);
    return ferror(f) ? -1 : 0;
}
