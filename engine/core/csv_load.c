/* csv_load.c — CSV files into typed tables, and a fast record stream
 * (csv_load.h), with libcsv as the parser of record.
 *
 * The streaming core reads 1 MiB blocks and works on physical lines (ended by
 * LF, CRLF or a lone CR).  Each block's complete lines get one UTF-8/NUL check;
 * a block that fails it is handled line by line, so an error still has its
 * exact line and character column.  Then, per line:
 *
 *   - fast path: a line that starts a record and holds no quote, no lone CR
 *     and no NUL is split here, on the delimiter, with libcsv's own rules
 *     (spaces and tabs around unquoted fields trimmed, an empty unquoted field
 *     is NULL), in place and without a branch per field.  This is nearly every
 *     line of a survey file, and it runs at about 0.1 s for 65 MB, where
 *     libcsv's byte-at-a-time state machine alone takes 0.25 s.  A test feeds
 *     random files to both and requires identical records and lines.
 *   - careful path: every other line (quotes, the continuation of a quoted
 *     field, blank-looking lines, the header) goes to libcsv, one physical
 *     line per csv_parse call, so every callback belongs to the line just fed
 *     and a parse error is at a known byte of it.  A small quote tracker on
 *     those lines remembers where an open quoted field began, for the
 *     "unterminated quoted field" message.
 *
 * A record's line is the line it starts on; blank lines are skipped, as libcsv
 * skips them.  The table loader collects each column's cell text, then types
 * each column once the whole file is read (see csv_load.h).
 *
 * Decisions the header leaves open:
 *   - rows whose every field is empty (the ";;;;" rows Excel writes below the
 *     data) are dropped by the table loader (the stream still delivers them);
 *   - header names are NFC-normalised, and must be unique after that; the
 *     stream delivers raw bytes and does not check names;
 *   - in a text column, only empty cells are missing: "NA" stays text;
 *   - a declared plain style reads "12,345" as 12345 (the comma can only
 *     group thousands); auto-detected plain reports it as ambiguous;
 *   - column specs naming no column of the file are ignored;
 *   - equal text cells of a loaded column share one copy in the table.
 */
#include "csv_load.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "legacy.h"
#include "number.h"
#include "text.h"

#define CSV_LOAD_OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)
#define READ_BLOCK ((size_t)1 << 20)
#define CELL_SHOWN 60 /* characters of a cell quoted in a message */

void csv_options_init(CsvOptions *o)
{
    if (!o)
        return;
    o->style = -1;
    o->delimiter = 0;
    o->columns = NULL;
    o->ncolumns = 0;
    o->display_name = NULL;
    o->max_bytes = CSV_LOAD_MAX_BYTES;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

/* Characters (code points) in valid UTF-8 s[0..n): bytes that do not continue. */
static long char_count(const char *s, size_t n)
{
    long c = 0;
    size_t i;
    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Bit tricks over 8 bytes: any byte >= 0x80, any byte == 0. */
#define HI_BITS UINT64_C(0x8080808080808080)
#define LO_BITS UINT64_C(0x0101010101010101)

/* 0: all ASCII, no NUL; 1: some non-ASCII byte (no NUL seen); 2: a NUL byte. */
static int scan_bytes(const char *s, size_t n)
{
    size_t i = 0;
    uint64_t hi = 0;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        if ((w - LO_BITS) & ~w & HI_BITS)
            return 2;
        hi |= w;
        i += 8;
    }
    for (; i < n; i++) {
        if (s[i] == '\0')
            return 2;
        hi |= (unsigned char)s[i];
    }
    return (hi & HI_BITS) ? 1 : 0;
}

static int is_blank_char(unsigned char c, unsigned char delim)
{
    return (c == ' ' || c == '\t') && c != delim;
}

/* Copy at most CELL_SHOWN characters of s[0..n) into buf, adding "…" when cut. */
static const char *shown(const char *s, size_t n, char *buf, size_t size)
{
    size_t i = 0, chars = 0;
    while (i < n && chars < CELL_SHOWN) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    if (i + 4 > size)
        i = size - 4;
    memcpy(buf, s, i);
    if (i < n)
        memcpy(buf + i, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
    else
        buf[i] = '\0';
    return buf;
}

/* ------------------------------------------------------------------------ */
/* The streaming core                                                        */

typedef struct Stream {
    struct csv_parser parser;
    int parser_live;          /* csv_init done, csv_free pending */
    int fini_done;
    const char *name;         /* file name for messages */
    unsigned char delim;      /* 0 until the header line is seen */
    CsvRowFn row;
    void *ud;
    Diag *d;

    long line;                /* physical line being processed, 1-based */
    long record_line;         /* line the current record starts on */
    long record;              /* records delivered */
    int need_start;           /* the next non-blank line starts a record */
    int row_ended;            /* libcsv ended a record during the current line */
    int failed;               /* an error is in d */
    int stop_code;            /* non-zero: what the row function returned */
    int first_bytes_done;     /* BOM checks done */
    int seen_multibyte;       /* valid non-ASCII text seen (encoding hint) */

    int in_quote;             /* inside a quoted field, as the tracker sees it */
    long q_line, q_col;       /* where that quoted field opened */

    char *rbuf;               /* the current record's fields, each NUL-ended */
    size_t rlen, rcap;
    size_t *off, *len;
    unsigned char *isnull;
    char **fptr;
    size_t nf, fcap;
    size_t ncols;             /* fields in the header */

    char *hdr;                /* the header line, for positions of names */
    size_t hdr_len;

    unsigned char cls[256];   /* fast path: 1 for bytes it leaves to libcsv */
    int cls_ready;
    int lone_cr;              /* a line ended with a lone CR (old Mac files) */

    size_t max_bytes;         /* refuse input past this (0: no limit) */
    int src_fd;               /* the file being read (-1: none), for the encoding hint */
    const char *src_data;     /* or the buffer being read */
    size_t src_len;
} Stream;

static int stream_oom(Stream *s)
{
    s->failed = 1;
    return diag_set(s->d, s->name, s->line, 0, "out of memory");
}

static int grow_fields(Stream *s)
{
    size_t nc = s->fcap ? s->fcap * 2 : 64;
    size_t *no, *nl;
    unsigned char *nn;
    char **np;
    if ((no = realloc(s->off, nc * sizeof *no)) != NULL)
        s->off = no;
    if ((nl = realloc(s->len, nc * sizeof *nl)) != NULL)
        s->len = nl;
    if ((nn = realloc(s->isnull, nc)) != NULL)
        s->isnull = nn;
    if ((np = realloc(s->fptr, nc * sizeof *np)) != NULL)
        s->fptr = np;
    if (!no || !nl || !nn || !np)
        return stream_oom(s);
    s->fcap = nc;
    return 0;
}

static int field_push(Stream *s, const char *p, size_t n, int isnull)
{
    if (s->nf == s->fcap && grow_fields(s) != 0)
        return -1;
    if (s->rcap - s->rlen < n + 1) {
        size_t nc = s->rcap ? s->rcap : 4096;
        char *nb;
        while (nc - s->rlen < n + 1)
            nc *= 2;
        nb = realloc(s->rbuf, nc);
        if (!nb)
            return stream_oom(s);
        s->rbuf = nb;
        s->rcap = nc;
    }
    s->off[s->nf] = s->rlen;
    s->len[s->nf] = n;
    s->isnull[s->nf] = (unsigned char)isnull;
    if (n)
        memcpy(s->rbuf + s->rlen, p, n);
    s->rbuf[s->rlen + n] = '\0';
    s->rlen += n + 1;
    s->nf++;
    return 0;
}

/* Hand the record in s->fptr/s->len (nf fields) to the row function. */
static int deliver_ready(Stream *s, size_t nf)
{
    int rc;
    if (s->record == 0) {
        s->ncols = nf;
    } else if (nf != s->ncols) {
        s->failed = 1;
        return diag_set(s->d, s->name, s->record_line, 0, "row has %zu field%s, the header has %zu",
                        nf, nf == 1 ? "" : "s", s->ncols);
    }
    rc = s->row ? s->row(s->ud, s->record, s->record_line, nf, s->fptr, s->len, s->d) : 0;
    s->record++;
    if (rc) {
        s->stop_code = rc;
        return rc;
    }
    return 0;
}

/* Hand the record collected by field_push to the row function. */
static int deliver(Stream *s)
{
    size_t i, nf = s->nf;
    s->nf = 0;
    s->rlen = 0;
    for (i = 0; i < nf; i++)
        s->fptr[i] = s->isnull[i] ? NULL : s->rbuf + s->off[i];
    return deliver_ready(s, nf);
}

static void on_field(void *data, size_t n, void *ud)
{
    Stream *s = ud;
    if (s->failed || s->stop_code)
        return;
    field_push(s, data, n, data == NULL);
}

static void on_row(int term, void *ud)
{
    Stream *s = ud;
    (void)term;
    s->row_ended = 1;
    if (s->failed || s->stop_code) {
        s->nf = s->rlen = 0;
        return;
    }
    deliver(s);
}

/* Bytes the fast path cannot handle inside a line: quote, CR, NUL. */
static void fast_classes(Stream *s)
{
    memset(s->cls, 0, sizeof s->cls);
    s->cls['"'] = 1;
    s->cls['\r'] = 1;
    s->cls[0] = 1;
    s->cls_ready = 1;
}

#define FAST_SLOW (-2) /* the line needs the careful path */
#define FAST_MORE (-3) /* no line end in the buffer yet */

/* The fast path, for a line at p that starts a record and whose block passed
 * the UTF-8 check.  If it holds no quote, no lone CR and no NUL, it is split
 * here exactly as libcsv would split it (unquoted fields, spaces and tabs
 * trimmed, an empty field is NULL), in place: delimiters and the line end
 * become NULs, so p must be writable up to and including p[rest].
 * Returns the bytes consumed, FAST_SLOW, FAST_MORE, or -1 (error or stop). */
static long fast_line(Stream *s, char *p, size_t rest, int eof)
{
    unsigned char *u = (unsigned char *)p;
    const unsigned char delim = s->delim;
    const unsigned char *cls = s->cls;
    const char *nl = memchr(p, '\n', rest);
    size_t i, end, term, nf, k, a;
    size_t *off;
    unsigned bad = 0;
    int rc;

    if (nl) {
        end = (size_t)(nl - p);
        term = 1;
        if (end > 0 && u[end - 1] == '\r') {
            end--;
            term = 2;
        }
    } else if (eof) {
        end = rest;
        term = 0;
    } else {
        return FAST_MORE;
    }
    if (end == 0 || is_blank_char(u[0], delim))
        return FAST_SLOW; /* blank lines and leading blanks: rare, the careful path decides */
    if (s->fcap < end + 1) {
        /* The loop below stores up to (delimiters + 1) offsets.  Short lines:
         * room for one per byte.  Long ones: count, so a 100 MB text field
         * does not cost 100 M offsets. */
        size_t need = end + 1;
        if (need > 65536) {
            const char *q = p, *e = p + end;
            need = 2;
            while ((q = memchr(q, delim, (size_t)(e - q))) != NULL) {
                need++;
                q++;
            }
        }
        while (s->fcap < need)
            if (grow_fields(s) != 0)
                return -1;
    }

    /* Branch-free: every byte stores its position, a delimiter keeps it.
     * Fields are one or two bytes in survey data, so a branch per field
     * would mispredict all the time. */
    off = s->off;
    nf = 0;
    for (i = 0; i < end; i++) {
        unsigned c = u[i];
        off[nf] = i;
        nf += c == delim;
        bad |= cls[c];
    }
    if (bad)
        return FAST_SLOW;
    off[nf++] = end;

    for (k = 0, a = 0; k < nf; k++) {
        size_t fe = off[k], fa = a;
        a = fe + 1;
        while (fa < fe && is_blank_char(u[fa], delim))
            fa++;
        while (fe > fa && is_blank_char(u[fe - 1], delim))
            fe--;
        u[fe] = '\0';
        s->fptr[k] = fe > fa ? p + fa : NULL;
        s->len[k] = fe - fa;
    }
    s->line++;
    s->record_line = s->line;
    rc = deliver_ready(s, nf);
    if (rc)
        return -1;
    return (long)(end + term);
}

/* Follow quotes on a line given to libcsv, to know where an open quoted field
 * began.  Valid CSV toggles in and out; a doubled quote inside a quoted field
 * closes and at once reopens, which must not move the opening position. */
static void track_quotes(Stream *s, const char *p, size_t n)
{
    size_t i, closed_at = (size_t)-1;
    long col = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c & 0xC0) != 0x80)
            col++;
        if (c != '"')
            continue;
        if (s->in_quote) {
            s->in_quote = 0;
            closed_at = i;
        } else {
            if (closed_at == (size_t)-1 || closed_at + 1 != i) {
                s->q_line = s->line;
                s->q_col = col;
            }
            s->in_quote = 1;
        }
    }
}

/* Delimiter from the header line: count outside quotes. */
static unsigned char detect_delim(const char *p, size_t n)
{
    size_t i, commas = 0, semis = 0, tabs = 0;
    int q = 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '"')
            q = !q;
        else if (!q && p[i] == ',')
            commas++;
        else if (!q && p[i] == ';')
            semis++;
        else if (!q && p[i] == '\t')
            tabs++;
    }
    if (semis > commas)
        return ';';
    if (tabs && !commas && !semis)
        return '\t';
    return ',';
}

/* Which legacy Vietnamese encoding the input is in: from the start of the
 * file (or buffer), else from the offending line alone. */
static LegacyEnc guess_legacy(const Stream *s, const char *p, size_t n)
{
    LegacyEnc e = LEGACY_NONE;
    if (s->src_data) {
        e = legacy_detect(s->src_data, s->src_len, NULL);
    } else if (s->src_fd >= 0) {
        char *buf = malloc(LEGACY_SAMPLE);
        ssize_t got = buf ? pread(s->src_fd, buf, LEGACY_SAMPLE, 0) : -1;
        if (got > 0)
            e = legacy_detect(buf, (size_t)got, NULL);
        free(buf);
    }
    return e != LEGACY_NONE ? e : legacy_detect(p, n, NULL);
}

/* "name" without a .csv/.txt/.tsv ending, then "-utf8.csv": where the
 * converted file may go. */
static const char *utf8_name(const char *name, char *buf, size_t size)
{
    size_t n = strlen(name);
    if (n > 4 && (strcmp(name + n - 4, ".csv") == 0 || strcmp(name + n - 4, ".txt") == 0 ||
                  strcmp(name + n - 4, ".tsv") == 0))
        n -= 4;
    snprintf(buf, size, "%.*s-utf8.csv", (int)(n < 400 ? n : 400), name);
    return buf;
}

static int bad_utf8(Stream *s, const char *p, size_t n)
{
    size_t bad = 0;
    unsigned char b;
    long col;
    LegacyEnc e;
    char out[512];
    if (utf8_check(p, n, &bad) == 0)
        return 0;
    b = (unsigned char)p[bad];
    col = char_count(p, bad) + 1;
    s->failed = 1;
    if (s->seen_multibyte)
        return diag_set(s->d, s->name, s->line, col, "invalid UTF-8 byte 0x%02X", b);
    e = guess_legacy(s, p, n);
    utf8_name(s->name, out, sizeof out);
    if (e == LEGACY_CP1258)
        return diag_set(s->d, s->name, s->line, col,
                        "invalid UTF-8 byte 0x%02X: the file is in Windows-1258, a legacy "
                        "Vietnamese encoding, not UTF-8; convert it with 'iconv -f CP1258 -t "
                        "UTF-8 %s > %s' (or 'chiso convert %s --from cp1258 -o %s'), or "
                        "re-save it as 'CSV UTF-8'", b, s->name, out, s->name, out);
    if (e != LEGACY_NONE)
        return diag_set(s->d, s->name, s->line, col,
                        "invalid UTF-8 byte 0x%02X: the file is in %s, a legacy Vietnamese "
                        "encoding, not UTF-8; convert it with 'chiso convert %s --from %s -o "
                        "%s'", b, legacy_name(e), s->name, legacy_key(e), out);
    return diag_set(s->d, s->name, s->line, col,
                    "invalid UTF-8 byte 0x%02X: the file is not UTF-8 (a legacy encoding such "
                    "as Windows-1258, TCVN3 or VNI, or Latin-1?); re-save it as 'CSV UTF-8', or "
                    "convert it with 'chiso convert %s --from cp1258|tcvn3|vni -o %s'", b,
                    s->name, out);
}

/* One physical line: p[0..n) without its terminator, then term bytes of it. */
static int stream_line(Stream *s, const char *p, size_t n, size_t term)
{
    int kind;
    s->line++;
    if (!s->first_bytes_done) {
        s->first_bytes_done = 1;
        if (n >= 2 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
                       ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF))) {
            s->failed = 1;
            return diag_set(s->d, s->name, 1, 1, "the file is UTF-16, not UTF-8; "
                            "re-save it as 'CSV UTF-8'");
        }
        if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            n -= 3;
        }
    }

    kind = scan_bytes(p, n);
    if (kind == 2) {
        const char *z = memchr(p, '\0', n);
        size_t at = z ? (size_t)(z - p) : 0;
        s->failed = 1;
        if (utf8_check(p, at, NULL) != 0)
            return bad_utf8(s, p, at);
        return diag_set(s->d, s->name, s->line, char_count(p, at) + 1,
                        "NUL byte in the data: the file is binary or UTF-16, not UTF-8 text; "
                        "re-save it as 'CSV UTF-8'");
    }
    if (kind == 1) {
        if (bad_utf8(s, p, n))
            return -1;
        s->seen_multibyte = 1;
    }

    if (s->need_start) {
        size_t i = 0;
        while (i < n && is_blank_char((unsigned char)p[i], s->delim))
            i++;
        if (i == n)
            return 0; /* blank line between records: libcsv skips it too */
        if (!s->delim) {
            s->delim = detect_delim(p, n);
            csv_set_delim(&s->parser, s->delim);
            fast_classes(s);
        }
        if (!s->hdr) {
            s->hdr = malloc(n + 1);
            if (!s->hdr)
                return stream_oom(s);
            memcpy(s->hdr, p, n);
            s->hdr[n] = '\0';
            s->hdr_len = n;
        }
        s->record_line = s->line;
    }

    /* libcsv: give it the terminator too, it ends the record (or stays in the field). */
    {
        size_t want = n + term, got;
        if (memchr(p, '"', n))
            track_quotes(s, p, n);
        s->row_ended = 0;
        got = csv_parse(&s->parser, p, want, on_field, on_row, s);
        if (s->failed || s->stop_code)
            return s->failed ? -1 : s->stop_code;
        if (got < want) {
            int e = csv_error(&s->parser);
            long col = char_count(p, got) + 1;
            s->failed = 1;
            if (e != CSV_EPARSE)
                return diag_set(s->d, s->name, s->line, col, "%s", csv_strerror(e));
            if (got < n && p[got] == '"') {
                size_t k = got;
                while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
                    k--;
                if (k == 0 || p[k - 1] != '"')
                    return diag_set(s->d, s->name, s->line, col,
                                    "stray quote in an unquoted field (quote the whole field "
                                    "and double the quotes inside it: \"a \"\"b\"\"\")");
            }
            {
                /* the character after a closing quote, shown whole */
                size_t k = got + 1;
                while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80)
                    k++;
                return diag_set(s->d, s->name, s->line, col,
                                "unexpected '%.*s' after a closing quote (a quote inside a "
                                "quoted field must be doubled: \"\")", (int)(k - got), p + got);
            }
        }
        s->need_start = s->row_ended || !s->in_quote;
    }
    return 0;
}

/* Find the end of the line at p[0..rest): its length without the terminator
 * (LF, CRLF or a lone CR) and the terminator's length.  Returns 1 when the
 * end may lie beyond the block (more data needed), else 0. */
static int find_line_end(Stream *s, const char *p, size_t rest, int eof, size_t *len,
                         size_t *term)
{
    size_t k;
    if (!s->lone_cr) {
        /* LF files: two fast scans; the CR one only inside the line */
        const char *nl = memchr(p, '\n', rest);
        size_t lim = nl ? (size_t)(nl - p) : rest;
        const char *cr = memchr(p, '\r', lim);
        if (!cr) {
            if (!nl && !eof)
                return 1;
            *len = lim;
            *term = nl ? 1 : 0;
            return 0;
        }
        k = (size_t)(cr - p);
    } else {
        /* CR files have no LF to search for: a bounded byte loop */
        for (k = 0; k < rest && p[k] != '\r' && p[k] != '\n'; k++)
            ;
        if (k == rest || p[k] == '\n') {
            if (k == rest && !eof)
                return 1;
            *len = k;
            *term = k < rest;
            return 0;
        }
    }
    /* a CR at k */
    if (k + 1 == rest && !eof)
        return 1; /* its LF may come in the next block */
    *len = k;
    *term = k + 1 < rest && p[k + 1] == '\n' ? 2 : 1;
    if (*term == 1)
        s->lone_cr = 1; /* from now on the fast path would scan far for LFs */
    return 0;
}

/* Process the complete lines in buf[0..n) (at eof, also the last unended
 * one).  The fast path writes NULs into buf, up to buf[n].  *used: bytes
 * consumed.  Returns 0, or non-zero to stop. */
static int stream_feed(Stream *s, char *buf, size_t n, int eof, size_t *used)
{
    size_t pos = 0, whole = n;
    int rc = 0, block_ok, kind;

    /* One UTF-8 check for all the complete lines of the block; if it fails,
     * the careful path checks line by line and reports the exact position. */
    if (!eof)
        while (whole > 0 && buf[whole - 1] != '\n')
            whole--;
    kind = scan_bytes(buf, whole);
    block_ok = kind == 0 || (kind == 1 && utf8_check(buf, whole, NULL) == 0);
    if (block_ok && kind == 1)
        s->seen_multibyte = 1;

    while (pos < n) {
        char *p = buf + pos;
        size_t rest = n - pos, len, term;
        if (block_ok && s->need_start && s->hdr && s->cls_ready && !s->lone_cr) {
            long r = fast_line(s, p, rest, eof);
            if (r >= 0) {
                pos += (size_t)r;
                continue;
            }
            if (r == FAST_MORE)
                break;
            if (r == -1) {
                rc = s->failed ? -1 : s->stop_code;
                break;
            }
            /* FAST_SLOW: the careful path below */
        }
        if (find_line_end(s, p, rest, eof, &len, &term) != 0)
            break; /* the line end is not in this block yet */
        rc = stream_line(s, p, len, term);
        pos += len + term;
        if (rc)
            break;
    }
    *used = pos;
    return rc;
}

static int stream_init(Stream *s, const char *name, const CsvOptions *opt, CsvRowFn row,
                       void *ud, Diag *d)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->row = row;
    s->ud = ud;
    s->d = d;
    s->need_start = 1;
    s->src_fd = -1;
    if (csv_init(&s->parser, CSV_LOAD_OPTS) != 0)
        return diag_set(d, name, 0, 0, "out of memory");
    s->parser_live = 1;
    if (opt && opt->delimiter) {
        unsigned char c = (unsigned char)opt->delimiter;
        if (c == '"' || c == '\r' || c == '\n' || c == ' ' || c == '\0')
            return diag_set(d, name, 0, 0, "'%c' cannot be the delimiter", c);
        s->delim = c;
        csv_set_delim(&s->parser, c);
        fast_classes(s);
    }
    return 0;
}

/* End of input: flush libcsv's last record, check the file was not empty. */
static int stream_finish(Stream *s)
{
    if (s->failed)
        return -1;
    if (s->stop_code)
        return s->stop_code;
    s->fini_done = 1;
    if (csv_fini(&s->parser, on_field, on_row, s) != 0) {
        s->failed = 1;
        if (csv_error(&s->parser) == CSV_EPARSE)
            return diag_set(s->d, s->name, s->q_line ? s->q_line : s->record_line, s->q_col,
                            "unterminated quoted field: the quote opened here is never closed");
        return diag_set(s->d, s->name, s->line, 0, "%s", csv_strerror(csv_error(&s->parser)));
    }
    if (s->failed)
        return -1;
    if (s->stop_code)
        return s->stop_code;
    if (s->record == 0) {
        s->failed = 1;
        return diag_set(s->d, s->name, 0, 0, "empty file: no header row");
    }
    return 0;
}

static void stream_free(Stream *s)
{
    if (s->parser_live) {
        /* After an error, NULL callbacks: libcsv would flush a partial record. */
        if (!s->fini_done)
            csv_fini(&s->parser, NULL, NULL, NULL);
        csv_free(&s->parser);
    }
    free(s->rbuf);
    free(s->off);
    free(s->len);
    free(s->isnull);
    free(s->fptr);
    free(s->hdr);
}

/* The message for input over the table-load limit. */
static int too_large(Stream *s, unsigned long long size, int known)
{
    s->failed = 1;
    return diag_set(s->d, s->name, 0, 0,
                    "%s %llu MiB, more than the %zu MiB a table may take in memory; "
                    "'chiso show %s' reads files of any size, and survey methodologies stream "
                    "their data ('chiso score RULES %s'); otherwise split the file, or raise "
                    "the limit with CHISO_MAX_TABLE_MIB", known ? "the file is" : "the file has over",
                    (size + (1 << 20) - 1) >> 20, s->max_bytes >> 20, s->name, s->name);
}

/* Feed the stream from fd (if >= 0) or from data[0..dlen), in large blocks.
 * *total: bytes read.  Returns 0, -1 (d filled) or the row function's value. */
static int stream_run(Stream *s, int fd, const char *data, size_t dlen, unsigned long long *total)
{
    size_t cap = READ_BLOCK, have = 0, dpos = 0;
    char *buf = malloc(cap + 1); /* + 1: room for the NUL after a last unended line */
    int eof = 0, rc = 0;

    *total = 0;
    if (!buf)
        return diag_set(s->d, s->name, 0, 0, "out of memory");
    while (!eof) {
        size_t got, used;
        if (have == cap) { /* one line longer than the buffer: grow */
            char *nb = cap > SIZE_MAX / 4 ? NULL : realloc(buf, cap * 2 + 1);
            if (!nb) {
                rc = diag_set(s->d, s->name, s->line + 1, 0, "out of memory (line too long)");
                break;
            }
            buf = nb;
            cap *= 2;
        }
        if (fd >= 0) {
            ssize_t r = read(fd, buf + have, cap - have);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                rc = diag_set(s->d, s->name, 0, 0, "read error: %s", strerror(errno));
                break;
            }
            got = (size_t)r;
        } else {
            got = dlen - dpos < cap - have ? dlen - dpos : cap - have;
            if (got)
                memcpy(buf + have, data + dpos, got);
            dpos += got;
        }
        if (got == 0)
            eof = 1;
        have += got;
        *total += got;
        if (s->max_bytes && *total > s->max_bytes) {
            rc = too_large(s, *total, 0);
            break;
        }
        rc = stream_feed(s, buf, have, eof, &used);
        if (rc)
            break;
        memmove(buf, buf + used, have - used);
        have -= used;
    }
    free(buf);
    if (rc)
        return rc;
    return stream_finish(s);
}

static int stream_run_file(Stream *s, const char *path)
{
    struct stat st0, st1;
    unsigned long long total = 0;
    int fd, rc;

    fd = open(path, O_RDONLY);
    if (fd < 0)
        return diag_set(s->d, s->name, 0, 0, "cannot open: %s", strerror(errno));
    outfile_protect(path);
    if (fstat(fd, &st0) != 0) {
        rc = diag_set(s->d, s->name, 0, 0, "cannot open: %s", strerror(errno));
    } else if (S_ISDIR(st0.st_mode)) {
        rc = diag_set(s->d, s->name, 0, 0, "cannot open: %s", strerror(EISDIR));
    } else if (s->max_bytes && S_ISREG(st0.st_mode) &&
               (unsigned long long)st0.st_size > (unsigned long long)s->max_bytes) {
        rc = too_large(s, (unsigned long long)st0.st_size, 1);
    } else {
        s->src_fd = fd;
        rc = stream_run(s, fd, NULL, 0, &total);
        s->src_fd = -1;
        /* Size and time at the end against the start: a file being written
         * (an export still running, a sync client) gives a torn table. */
        if (rc == 0 && S_ISREG(st0.st_mode) &&
            (fstat(fd, &st1) != 0 || st1.st_size != st0.st_size ||
             total != (unsigned long long)st0.st_size || st1.st_mtim.tv_sec != st0.st_mtim.tv_sec ||
             st1.st_mtim.tv_nsec != st0.st_mtim.tv_nsec))
            rc = diag_set(s->d, s->name, 0, 0,
                          "the file changed while it was being read; read it again once nothing "
                          "is writing to it");
    }
    close(fd);
    return rc;
}

static int stream_run_buffer(Stream *s, const char *data, size_t len)
{
    unsigned long long total;
    int rc;
    s->src_data = data;
    s->src_len = data ? len : 0;
    rc = stream_run(s, -1, data, data ? len : 0, &total);
    s->src_data = NULL;
    return rc;
}

int csv_stream_file(const char *path, const CsvOptions *opt, CsvRowFn row, void *ud, Diag *d)
{
    Stream s;
    const char *name = opt && opt->display_name ? opt->display_name : path;
    int rc;
    if (!path)
        return diag_set(d, NULL, 0, 0, "no file name");
    rc = stream_init(&s, name, opt, row, ud, d);
    if (rc == 0)
        rc = stream_run_file(&s, path);
    stream_free(&s);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The table loader                                                          */

/* One column's cells while loading: their text, each NUL-ended, in row order
 * (an empty string is a missing cell). */
typedef struct ColCells {
    char *buf;
    size_t len, cap;
} ColCells;

typedef struct Load {
    Stream *s;
    const CsvOptions *opt;
    size_t ncols;
    char **names;        /* NFC header names */
    ColCells *cells;
    long *lines;         /* line of each kept row */
    size_t nrows, lcap;
    size_t empty_rows;   /* records with every field empty: skipped */
    long header_line;
} Load;

/* Character column of field k in the header line, or 0 if it is not on it. */
static long header_col(const Stream *s, size_t k)
{
    size_t i = 0, f = 0;
    int q = 0;
    if (!s->hdr)
        return 0;
    if (k == 0)
        return 1;
    for (i = 0; i < s->hdr_len; i++) {
        char c = s->hdr[i];
        if (c == '"')
            q = !q;
        else if (!q && (unsigned char)c == s->delim && ++f == k)
            return char_count(s->hdr, i + 1) + 1;
    }
    return 0;
}

static int load_header(Load *L, size_t nf, char *const *fields, const size_t *lens, long line,
                       Diag *d)
{
    size_t i, j;
    L->ncols = nf;
    L->header_line = line;
    L->names = calloc(nf, sizeof *L->names);
    L->cells = calloc(nf, sizeof *L->cells);
    if (!L->names || !L->cells)
        return diag_set(d, L->s->name, line, 0, "out of memory");
    for (i = 0; i < nf; i++) {
        size_t a = 0, n = fields[i] ? lens[i] : 0;
        while (a < n && (fields[i][a] == ' ' || fields[i][a] == '\t'))
            a++;
        if (a == n)
            return diag_set(d, L->s->name, line, header_col(L->s, i), "column %zu has no name", i + 1);
        L->names[i] = text_nfc(fields[i], n);
        if (!L->names[i])
            return diag_set(d, L->s->name, line, 0, "out of memory");
        for (j = 0; j < i; j++)
            if (strcmp(L->names[j], L->names[i]) == 0)
                return diag_set(d, L->s->name, line, header_col(L->s, i),
                                "duplicate column name '%s' (also column %zu)", L->names[i], j + 1);
    }
    return 0;
}

static int load_row(void *ud, long record, long line, size_t nf, char *const *fields,
                    const size_t *lens, Diag *d)
{
    Load *L = ud;
    size_t i;
    if (record == 0)
        return load_header(L, nf, fields, lens, line, d);
    for (i = 0; i < nf; i++)
        if (fields[i] && lens[i])
            break;
    if (i == nf) {
        L->empty_rows++; /* ";;;;" rows Excel leaves below the data */
        return 0;
    }
    if (L->nrows == L->lcap) {
        size_t nc = L->lcap ? L->lcap * 2 : 1024;
        long *nl = realloc(L->lines, nc * sizeof *nl);
        if (!nl)
            return diag_set(d, L->s->name, line, 0, "out of memory");
        L->lines = nl;
        L->lcap = nc;
    }
    L->lines[L->nrows++] = line;
    for (i = 0; i < nf; i++) {
        ColCells *c = &L->cells[i];
        size_t n = fields[i] ? lens[i] : 0;
        if (c->cap - c->len < n + 1) {
            size_t nc = c->cap ? c->cap : 4096;
            char *nb;
            while (nc - c->len < n + 1)
                nc *= 2;
            nb = realloc(c->buf, nc);
            if (!nb)
                return diag_set(d, L->s->name, line, 0, "out of memory");
            c->buf = nb;
            c->cap = nc;
        }
        {
            /* cells are mostly one to three bytes: a loop beats a memcpy call */
            char *dst = c->buf + c->len;
            const char *src = fields[i];
            size_t k;
            if (n > 16)
                memcpy(dst, src, n);
            else
                for (k = 0; k < n; k++)
                    dst[k] = src[k];
            dst[n] = '\0';
        }
        c->len += n + 1;
    }
    return 0;
}

static void load_free(Load *L)
{
    size_t i;
    for (i = 0; i < L->ncols; i++) {
        if (L->names)
            free(L->names[i]);
        if (L->cells)
            free(L->cells[i].buf);
    }
    free(L->names);
    free(L->cells);
    free(L->lines);
}

static size_t cell_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* "01", "007", "-08": digits with a leading zero are codes, not numbers. */
static int is_code(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    return i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9';
}

static const char *style_name(NumStyle st)
{
    return st == NUM_VI ? "Vietnamese" : "plain";
}

/* The message for a cell that looks numeric but cannot be read. */
static int number_error(const Load *L, Diag *d, const char *col, long line, const char *cell,
                        size_t n, NumResult r, const NumValue *nv, NumStyle st, int auto_vi)
{
    char cb[CELL_SHOWN * 4 + 8];
    const char *name = L->s->name;
    NumValue other;
    shown(cell, n, cb, sizeof cb);
    if (r == NUM_NOT_FINITE)
        return diag_set(d, name, line, 0, "column '%s': '%s' is not a finite number (%s)", col,
                        cb, nv->why);
    if (r == NUM_AMBIGUOUS) {
        char a[64], b[64];
        number_format(nv->value, -1, NUM_PLAIN, a, sizeof a);
        if (number_parse(cell, n, NUM_VI, &other) == NUM_OK)
            number_format(other.value, -1, NUM_PLAIN, b, sizeof b);
        else
            snprintf(b, sizeof b, "?");
        return diag_set(d, name, line, 0,
                        "column '%s': '%s' is ambiguous: ',' may separate thousands (%s) or be a "
                        "decimal comma (%s); declare the number format (--decimal-comma for "
                        "Vietnamese numbers)", col, cb, a, b);
    }
    /* When the other style reads it, that is the likely mistake: say so. */
    if (number_parse(cell, n, st == NUM_VI ? NUM_PLAIN : NUM_VI, &other) == NUM_OK) {
        if (st == NUM_PLAIN)
            return diag_set(d, name, line, 0,
                            "column '%s': '%s' is not a number in the plain style (decimal "
                            "comma? declare the Vietnamese format with --decimal-comma)",
                            col, cb);
        return diag_set(d, name, line, 0,
                        "column '%s': '%s' is not a number in the Vietnamese style (decimal "
                        "point? %sdeclare the plain number format)", col, cb,
                        auto_vi ? "';'-separated files are read with decimal commas unless you "
                                : "");
    }
    return diag_set(d, name, line, 0, "column '%s': '%s' is not a number in the %s style: %s", col,
                    cb, style_name(st), nv->why);
}

static const CsvColumnSpec *find_spec(const CsvOptions *opt, const char *name)
{
    size_t i;
    if (!opt || !opt->columns)
        return NULL;
    for (i = 0; i < opt->ncolumns; i++) {
        const char *sn = opt->columns[i].name;
        char *nfc;
        int eq;
        if (!sn)
            continue;
        if (strcmp(sn, name) == 0)
            return &opt->columns[i];
        nfc = text_nfc(sn, strlen(sn)); /* a spec may be written decomposed */
        eq = nfc && strcmp(nfc, name) == 0;
        free(nfc);
        if (eq)
            return &opt->columns[i];
    }
    return NULL;
}

#define TEXT_CACHE 1024 /* entries, a power of two */

typedef struct TextCache {
    const char *raw;  /* the cell as read (lives until loading ends) */
    size_t len;
    char *copy;       /* its NFC copy in the table */
} TextCache;

/* FNV-1a over at most the first 32 bytes: enough to spread names. */
static size_t text_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i, m = n < 32 ? n : 32;
    for (i = 0; i < m; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return (size_t)(h ^ (uint32_t)n);
}

/* Fill column j of t from its cells.  vals/miss: scratch of nrows entries. */
static int build_column(Load *L, Table *t, size_t j, NumStyle file_style, double *vals,
                        unsigned char *miss, Diag *d)
{
    const char *colname = L->names[j];
    const CsvColumnSpec *spec = find_spec(L->opt, colname);
    int type = spec ? spec->type : -1;
    NumStyle st = spec && spec->style >= 0 ? (NumStyle)spec->style : file_style;
    int declared = (spec && spec->style >= 0) || (L->opt && L->opt->style >= 0);
    int auto_vi = !declared && st == NUM_VI;
    const char *cell = L->cells[j].buf;
    size_t r, nrows = L->nrows;
    int c;

    if (type != COL_TEXT) {
        int maxdec = 0, percent = 0, is_text = 0;
        size_t err_row = (size_t)-1, err_len = 0;
        const char *err_cell = NULL;
        NumResult err_r = NUM_OK;
        NumValue err_v = {0, 0, 0, NULL};
        for (r = 0; r < nrows; r++) {
            size_t n = cell_len(cell);
            NumValue nv;
            NumResult res;
            if (n == 0) {
                vals[r] = NAN;
                miss[r] = 1;
                cell += 1;
                continue;
            }
            if (type < 0 && is_code(cell, n)) {
                is_text = 1;
                break;
            }
            res = number_parse(cell, n, st, &nv);
            if (res == NUM_AMBIGUOUS && declared && st == NUM_PLAIN)
                res = NUM_OK; /* declared plain: a comma can only group thousands */
            if (res == NUM_OK) {
                vals[r] = nv.value;
                miss[r] = 0;
                if (nv.decimals > maxdec)
                    maxdec = nv.decimals;
                percent |= nv.percent;
            } else if (res == NUM_EMPTY) {
                vals[r] = NAN;
                miss[r] = 1;
            } else if (res == NUM_TEXT) {
                if (type < 0) {
                    is_text = 1;
                    break;
                }
                {
                    char cb[CELL_SHOWN * 4 + 8];
                    return diag_set(d, L->s->name, L->lines[r], 0,
                                    "column '%s': '%s' is not a number (the column is declared "
                                    "numeric)", colname, shown(cell, n, cb, sizeof cb));
                }
            } else if (err_row == (size_t)-1) {
                /* remember the first; a text cell further down makes this a text column */
                err_row = r;
                err_cell = cell;
                err_len = n;
                err_r = res;
                err_v = nv;
            }
            cell += n + 1;
        }
        if (!is_text) {
            if (err_row != (size_t)-1)
                return number_error(L, d, colname, L->lines[err_row], err_cell, err_len, err_r, &err_v, st,
                                    auto_vi);
            c = table_add_number(t, colname, vals, miss, d);
            if (c < 0)
                return -1;
            t->cols[c].decimals = maxdec;
            t->cols[c].percent = percent;
            t->cols[c].style = st;
            return 0;
        }
    }

    /* A text column: NFC copies in the table's arena.  Survey text repeats
     * (provinces, answers), so equal cells share one copy, found through a
     * small direct-mapped cache keyed by the raw bytes: a million rows of
     * five province names cost five normalisations, not a million. */
    c = table_add_text(t, colname, NULL, d);
    if (c < 0)
        return -1;
    {
        Column *col = &t->cols[c];
        TextCache *cache = calloc(TEXT_CACHE, sizeof *cache);
        if (!cache)
            return diag_set(d, L->s->name, 0, 0, "out of memory");
        col->style = st;
        col->decimals = 0;
        cell = L->cells[j].buf;
        for (r = 0; r < nrows; r++) {
            size_t n = cell_len(cell);
            if (n) {
                TextCache *e = &cache[text_hash(cell, n) & (TEXT_CACHE - 1)];
                if (!e->raw || e->len != n || memcmp(e->raw, cell, n) != 0) {
                    char *copy;
                    if (scan_bytes(cell, n) == 0) {
                        copy = table_strdup(t, cell, n);
                    } else {
                        char *nfc = text_nfc(cell, n);
                        copy = nfc ? table_strdup(t, nfc, strlen(nfc)) : NULL;
                        free(nfc);
                    }
                    if (!copy) {
                        free(cache);
                        return diag_set(d, L->s->name, 0, 0, "out of memory");
                    }
                    e->raw = cell;
                    e->len = n;
                    e->copy = copy;
                }
                col->text[r] = e->copy;
                col->miss[r] = 0;
                col->n_missing--;
            }
            cell += n + 1;
        }
        free(cache);
    }
    return 0;
}

static Table *load_finish(Load *L, Diag *d)
{
    Stream *s = L->s;
    NumStyle file_style;
    Table *t;
    double *vals;
    unsigned char *miss;
    size_t j;

    if (L->nrows == 0) {
        if (L->empty_rows)
            diag_set(d, s->name, L->header_line, 0,
                     "no data rows (every row after the header is empty)");
        else
            diag_set(d, s->name, L->header_line, 0, "no data rows (header only)");
        return NULL;
    }
    if (L->opt && L->opt->style >= 0)
        file_style = (NumStyle)L->opt->style;
    else
        file_style = s->delim == ';' ? NUM_VI : NUM_PLAIN;

    t = table_new(s->name, L->nrows);
    vals = malloc(L->nrows * sizeof *vals);
    miss = malloc(L->nrows);
    if (!t || !vals || !miss) {
        diag_set(d, s->name, 0, 0, "out of memory");
        goto fail;
    }
    t->style = file_style;
    t->delimiter = (char)s->delim;
    for (j = 0; j < L->ncols; j++)
        if (build_column(L, t, j, file_style, vals, miss, d) != 0)
            goto fail;
    t->lines = L->lines; /* the table owns them now */
    L->lines = NULL;
    free(vals);
    free(miss);
    return t;
fail:
    free(vals);
    free(miss);
    table_free(t);
    return NULL;
}

static Table *load_run(const char *path, const char *data, size_t len, const char *name,
                       const CsvOptions *opt, Diag *d)
{
    Stream s;
    Load L;
    Table *t = NULL;
    int rc;

    memset(&L, 0, sizeof L);
    L.s = &s;
    L.opt = opt;
    rc = stream_init(&s, name, opt, load_row, &L, d);
    s.max_bytes = opt ? opt->max_bytes : CSV_LOAD_MAX_BYTES;
    if (rc == 0)
        rc = path ? stream_run_file(&s, path) : stream_run_buffer(&s, data, len);
    if (rc == 0)
        t = load_finish(&L, d);
    stream_free(&s);
    load_free(&L);
    return t;
}

Table *csv_load_file(const char *path, const CsvOptions *opt, Diag *d)
{
    if (!path) {
        diag_set(d, NULL, 0, 0, "no file name");
        return NULL;
    }
    return load_run(path, NULL, 0, opt && opt->display_name ? opt->display_name : path, opt, d);
}

Table *csv_load_buffer(const char *data, size_t len, const char *name, const CsvOptions *opt,
                       Diag *d)
{
    if (opt && opt->display_name)
        name = opt->display_name;
    return load_run(NULL, data, len, name ? name : "(buffer)", opt, d);
}

/* ------------------------------------------------------------------------ */
/* Scanning a file of any size                                               */

/* A column's typing, cell by cell, as build_column types a loaded column. */
typedef struct ColState {
    int type;               /* declared type, -1 infer */
    NumStyle st;
    int declared, auto_vi;
    int is_text, maxdec, percent;
    size_t empty;           /* empty cells */
    size_t num_missing;     /* empty cells and missing-value tokens */
    long err_line;          /* first malformed number, 0 if none */
    char *err_cell;
    size_t err_len;
    NumResult err_r;
    NumValue err_v;
} ColState;

typedef struct Scan {
    Load L;                 /* the header, and the cells of the first rows */
    size_t nhead;
    size_t nrows;           /* data rows (every-field-empty rows skipped) */
    ColState *cs;
    NumStyle file_style;
    CsvColumnSpec *forced;  /* the types found, for typing the first rows */
} Scan;

static int scan_header(Scan *S, size_t nf, char *const *fields, const size_t *lens, long line,
                       Diag *d)
{
    Load *L = &S->L;
    size_t j;
    if (load_header(L, nf, fields, lens, line, d) != 0)
        return -1;
    S->cs = calloc(nf ? nf : 1, sizeof *S->cs);
    if (!S->cs)
        return diag_set(d, L->s->name, line, 0, "out of memory");
    if (L->opt && L->opt->style >= 0)
        S->file_style = (NumStyle)L->opt->style;
    else
        S->file_style = L->s->delim == ';' ? NUM_VI : NUM_PLAIN;
    for (j = 0; j < nf; j++) {
        ColState *c = &S->cs[j];
        const CsvColumnSpec *spec = find_spec(L->opt, L->names[j]);
        c->type = spec ? spec->type : -1;
        c->st = spec && spec->style >= 0 ? (NumStyle)spec->style : S->file_style;
        c->declared = (spec && spec->style >= 0) || (L->opt && L->opt->style >= 0);
        c->auto_vi = !c->declared && c->st == NUM_VI;
        c->is_text = c->type == COL_TEXT;
    }
    return 0;
}

static int scan_cell(Scan *S, ColState *c, const char *colname, const char *cell, size_t n,
                     long line, Diag *d)
{
    NumValue nv;
    NumResult res;
    if (n == 0) {
        c->empty++;
        c->num_missing++;
        return 0;
    }
    if (c->is_text)
        return 0;
    if (c->type < 0 && is_code(cell, n)) {
        c->is_text = 1;
        return 0;
    }
    res = number_parse(cell, n, c->st, &nv);
    if (res == NUM_AMBIGUOUS && c->declared && c->st == NUM_PLAIN)
        res = NUM_OK;
    if (res == NUM_OK) {
        if (nv.decimals > c->maxdec)
            c->maxdec = nv.decimals;
        c->percent |= nv.percent;
    } else if (res == NUM_EMPTY) {
        c->num_missing++;
    } else if (res == NUM_TEXT) {
        char cb[CELL_SHOWN * 4 + 8];
        if (c->type < 0) {
            c->is_text = 1;
            return 0;
        }
        return diag_set(d, S->L.s->name, line, 0,
                        "column '%s': '%s' is not a number (the column is declared numeric)",
                        colname, shown(cell, n, cb, sizeof cb));
    } else if (!c->err_line) {
        c->err_cell = malloc(n + 1);
        if (!c->err_cell)
            return diag_set(d, S->L.s->name, line, 0, "out of memory");
        memcpy(c->err_cell, cell, n);
        c->err_cell[n] = '\0';
        c->err_len = n;
        c->err_line = line;
        c->err_r = res;
        c->err_v = nv;
    }
    return 0;
}

static int scan_row(void *ud, long record, long line, size_t nf, char *const *fields,
                    const size_t *lens, Diag *d)
{
    Scan *S = ud;
    size_t i;
    if (record == 0)
        return scan_header(S, nf, fields, lens, line, d);
    for (i = 0; i < nf; i++)
        if (fields[i] && lens[i])
            break;
    if (i == nf) {
        S->L.empty_rows++;
        return 0;
    }
    S->nrows++;
    for (i = 0; i < nf; i++)
        if (scan_cell(S, &S->cs[i], S->L.names[i], fields[i] ? fields[i] : "",
                      fields[i] ? lens[i] : 0, line, d) != 0)
            return -1;
    if (S->L.nrows < S->nhead)
        return load_row(&S->L, record, line, nf, fields, lens, d);
    return 0;
}

static void scan_free_state(Scan *S)
{
    size_t j;
    if (S->cs)
        for (j = 0; j < S->L.ncols; j++)
            free(S->cs[j].err_cell);
    free(S->cs);
    free(S->forced);
    load_free(&S->L);
}

int csv_scan_file(const char *path, const CsvOptions *opt, size_t nhead, CsvScan *out, Diag *d)
{
    Stream s;
    Scan S;
    CsvOptions forced_opt;
    const char *name = opt && opt->display_name ? opt->display_name : path;
    size_t j;
    int rc;

    memset(out, 0, sizeof *out);
    if (!path)
        return diag_set(d, NULL, 0, 0, "no file name");
    memset(&S, 0, sizeof S);
    S.L.s = &s;
    S.L.opt = opt;
    S.nhead = nhead;
    rc = stream_init(&s, name, opt, scan_row, &S, d);
    if (rc == 0)
        rc = stream_run_file(&s, path);
    if (rc == 0 && S.nrows == 0)
        rc = diag_set(d, name, S.L.header_line, 0, S.L.empty_rows
                      ? "no data rows (every row after the header is empty)"
                      : "no data rows (header only)");
    for (j = 0; rc == 0 && j < S.L.ncols; j++) {
        ColState *c = &S.cs[j];
        if (!c->is_text && c->err_line)
            rc = number_error(&S.L, d, S.L.names[j], c->err_line, c->err_cell, c->err_len,
                              c->err_r, &c->err_v, c->st, c->auto_vi);
    }
    if (rc == 0) {
        out->nrows = S.nrows;
        out->ncols = S.L.ncols;
        out->delimiter = (char)s.delim;
        out->style = S.file_style;
        out->cols = calloc(S.L.ncols ? S.L.ncols : 1, sizeof *out->cols);
        S.forced = calloc(S.L.ncols ? S.L.ncols : 1, sizeof *S.forced);
        if (!out->cols || !S.forced)
            rc = diag_set(d, name, 0, 0, "out of memory");
    }
    for (j = 0; rc == 0 && j < S.L.ncols; j++) {
        ColState *c = &S.cs[j];
        CsvColumnScan *o = &out->cols[j];
        o->name = strdup(S.L.names[j]);
        if (!o->name) {
            rc = diag_set(d, name, 0, 0, "out of memory");
            break;
        }
        o->type = c->is_text ? COL_TEXT : COL_NUMBER;
        o->missing = c->is_text ? c->empty : c->num_missing;
        o->percent = !c->is_text && c->percent;
        o->decimals = c->is_text ? 0 : c->maxdec;
        S.forced[j].name = S.L.names[j];
        S.forced[j].type = (int)o->type;
        S.forced[j].style = (int)c->st;
    }
    if (rc == 0) {
        /* the first rows, typed as the whole file is */
        if (opt)
            forced_opt = *opt;
        else
            csv_options_init(&forced_opt);
        forced_opt.columns = S.forced;
        forced_opt.ncolumns = S.L.ncols;
        S.L.opt = &forced_opt;
        out->head = load_finish(&S.L, d);
        if (!out->head)
            rc = -1;
    }
    stream_free(&s);
    scan_free_state(&S);
    if (rc != 0)
        csv_scan_free(out);
    return rc;
}

void csv_scan_free(CsvScan *sc)
{
    size_t j;
    if (!sc)
        return;
    if (sc->cols)
        for (j = 0; j < sc->ncols; j++)
            free(sc->cols[j].name);
    free(sc->cols);
    table_free(sc->head);
    memset(sc, 0, sizeof *sc);
}
