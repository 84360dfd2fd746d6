/* survey.c — respondent-level surveys (contract in survey.h).
 *
 * One pass over the file with csv_stream_file: per row, the unit cell is
 * resolved through a small hash keyed by its exact bytes (so units_find and
 * its Unicode folding run once per distinct spelling, and a row of the same
 * spelling as the previous one costs one memcmp), then each answer cell adds
 * to its unit's sums: unweighted, one 64-bit add per answer (answered in the
 * low half, satisfied in the high half, moved into doubles before 2^31 rows);
 * weighted, two double adds.  Nothing per row is kept unless a bootstrap is
 * asked for.
 *
 * The bootstrap keeps one byte per answer (0 blank, 1 answered, 3 satisfied),
 * rows padded to a multiple of 32 bytes.  A draw first takes every
 * respondent's Poisson(1) count (three 21-bit uniforms per rng_u64, compared
 * with the cumulative probabilities), then sums count × answer for 32 answers
 * at a time in byte counters held in vector registers, moved into doubles
 * before they could overflow.  Weighted draws sum count × weight in doubles.
 * Work is shared out as (unit, block of draws) jobs; each (unit, draw) has its
 * own rng stream, so the thread that runs it does not matter.
 */
#include "survey.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_load.h"
#include "number.h"
#include "rank.h"
#include "rng.h"
#include "text.h"

#define LANES 32
#define POISSON_BITS 21
#define POISSON_MAX 15
#define DRAWS_PER_JOB 16

static char *dup_str(const char *s)
{
    size_t n;
    char *c;
    if (!s)
        return NULL;
    n = strlen(s);
    c = malloc(n + 1);
    if (c)
        memcpy(c, s, n + 1);
    return c;
}

static char *dup_mem(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* ---- the spec ------------------------------------------------------------ */

SurveySpec *survey_spec_new(const char *unit_column, const char *weight_column)
{
    SurveySpec *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->unit_column = dup_str(unit_column ? unit_column : "");
    s->weight_column = weight_column ? dup_str(weight_column) : NULL;
    s->unit_word = dup_str("unit");
    s->scale_lo = 1;
    s->scale_hi = 5;
    s->sat_lo = 4;
    s->sat_hi = 5;
    s->decimals = 2;
    if (!s->unit_column || !s->unit_word || (weight_column && !s->weight_column)) {
        survey_spec_free(s);
        return NULL;
    }
    return s;
}

void survey_spec_free(SurveySpec *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->nelements; i++) {
        free(s->elements[i].code);
        free(s->elements[i].name);
        free(s->elements[i].q);
    }
    for (i = 0; i < s->nquestions; i++)
        free(s->questions[i]);
    free(s->elements);
    free(s->questions);
    free(s->unit_column);
    free(s->weight_column);
    free(s->unit_word);
    free(s);
}

int survey_spec_unit_word(SurveySpec *s, const char *word)
{
    char *w = dup_str(word);
    if (!w)
        return -1;
    free(s->unit_word);
    s->unit_word = w;
    return 0;
}

static long question_index(SurveySpec *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->nquestions; i++)
        if (strcmp(s->questions[i], name) == 0)
            return (long)i;
    if (s->nquestions == s->cap_q) {
        size_t nc = s->cap_q ? s->cap_q * 2 : 32;
        char **nq = realloc(s->questions, nc * sizeof *nq);
        if (!nq)
            return -1;
        s->questions = nq;
        s->cap_q = nc;
    }
    s->questions[s->nquestions] = dup_str(name);
    if (!s->questions[s->nquestions])
        return -1;
    return (long)s->nquestions++;
}

int survey_spec_add_element(SurveySpec *s, const char *code, const char *name, double weight,
                            const char *const *questions, size_t nq, Diag *d)
{
    SurveyElement *e;
    size_t i, j;
    if (!code || !*code)
        return diag_set(d, NULL, 0, 0, "an element without a code");
    for (i = 0; i < s->nelements; i++)
        if (strcmp(s->elements[i].code, code) == 0)
            return diag_set(d, NULL, 0, 0, "two elements with the code '%s'", code);
    if (nq == 0)
        return diag_set(d, NULL, 0, 0, "element '%s' asks no questions", code);
    for (i = 0; i < nq; i++) {
        if (!questions[i] || !*questions[i])
            return diag_set(d, NULL, 0, 0, "element '%s': question %zu has no column name", code, i + 1);
        for (j = 0; j < i; j++)
            if (strcmp(questions[i], questions[j]) == 0)
                return diag_set(d, NULL, 0, 0, "element '%s' lists question '%s' twice", code, questions[i]);
    }
    if (s->nquestions + nq > SURVEY_MAX_QUESTIONS)
        return diag_set(d, NULL, 0, 0, "more than %d questions", SURVEY_MAX_QUESTIONS);
    if (s->nelements == s->cap_el) {
        size_t nc = s->cap_el ? s->cap_el * 2 : 8;
        SurveyElement *ne = realloc(s->elements, nc * sizeof *ne);
        if (!ne)
            return diag_set(d, NULL, 0, 0, "out of memory");
        s->elements = ne;
        s->cap_el = nc;
    }
    e = &s->elements[s->nelements];
    memset(e, 0, sizeof *e);
    e->code = dup_str(code);
    e->name = dup_str(name ? name : code);
    e->weight = weight;
    e->q = malloc(nq * sizeof *e->q);
    if (!e->code || !e->name || !e->q) {
        free(e->code);
        free(e->name);
        free(e->q);
        return diag_set(d, NULL, 0, 0, "out of memory");
    }
    for (i = 0; i < nq; i++) {
        long k = question_index(s, questions[i]);
        if (k < 0) {
            free(e->code);
            free(e->name);
            free(e->q);
            return diag_set(d, NULL, 0, 0, "out of memory");
        }
        e->q[i] = (size_t)k;
    }
    e->nq = nq;
    return (int)s->nelements++;
}

int survey_spec_check(const SurveySpec *s, Diag *d)
{
    size_t i;
    if (!s->unit_column || !*s->unit_column)
        return diag_set(d, NULL, 0, 0, "the survey needs unit_column = \"…\" (the column naming each respondent's unit)");
    if (s->scale_lo < 0 || s->scale_hi > 255 || s->scale_lo > s->scale_hi)
        return diag_set(d, NULL, 0, 0, "scale = { %d, %d }: answers must be whole numbers from 0 to 255, low <= high",
                        s->scale_lo, s->scale_hi);
    if (s->sat_lo > s->sat_hi || s->sat_lo < s->scale_lo || s->sat_hi > s->scale_hi)
        return diag_set(d, NULL, 0, 0, "satisfied = { %d, %d } must lie inside the scale %d–%d", s->sat_lo,
                        s->sat_hi, s->scale_lo, s->scale_hi);
    if (s->nelements == 0)
        return diag_set(d, NULL, 0, 0, "the survey has no elements");
    if (s->decimals < -1 || s->decimals > 12)
        return diag_set(d, NULL, 0, 0, "decimals = %d: expected 0 to 12", s->decimals);
    for (i = 0; i < s->nelements; i++) {
        double w = s->elements[i].weight;
        if (s->index_formula == SURVEY_IX_WMEAN && !(isfinite(w) && w >= 0))
            return diag_set(d, NULL, 0, 0, "element '%s': weight must be a number >= 0 for weighted_mean",
                            s->elements[i].code);
    }
    if (s->index_formula == SURVEY_IX_WMEAN) {
        double sum = 0;
        for (i = 0; i < s->nelements; i++)
            sum += s->elements[i].weight;
        if (!(sum > 0))
            return diag_set(d, NULL, 0, 0, "weighted_mean: the element weights add up to 0");
    }
    return 0;
}

void survey_run_options_init(SurveyRunOptions *o)
{
    memset(o, 0, sizeof *o);
    o->style = -1;
}

/* ---- formulas (shared by the estimate and every bootstrap draw) ---------- */

/* Rates, elements and index of one unit from its sums.  rate: nq values,
 * el: nel values (both written). */
static double unit_index(const SurveySpec *s, const double *ans, const double *sat, double *rate, double *el)
{
    size_t e, k, nq = s->nquestions;
    double num = 0, den = 0, wsum = 0, total = 0;
    size_t nel_ok = 0;
    for (k = 0; k < nq; k++)
        rate[k] = ans[k] > 0 ? sat[k] / ans[k] * 100.0 : NAN;
    for (e = 0; e < s->nelements; e++) {
        const SurveyElement *E = &s->elements[e];
        double v = NAN;
        if (s->element_formula == SURVEY_EL_POOLED) {
            double a = 0, b = 0;
            for (k = 0; k < E->nq; k++) {
                a += sat[E->q[k]];
                b += ans[E->q[k]];
            }
            if (b > 0)
                v = a / b * 100.0;
        } else {
            double sum = 0;
            size_t m = 0;
            for (k = 0; k < E->nq; k++) {
                double r = rate[E->q[k]];
                if (!isnan(r)) {
                    sum += r;
                    m++;
                }
            }
            if (m)
                v = sum / (double)m;
        }
        el[e] = v;
        if (!isnan(v)) {
            double w = s->index_formula == SURVEY_IX_WMEAN ? E->weight : 1.0;
            total += w * v;
            wsum += w;
            nel_ok++;
        }
    }
    if (s->index_formula == SURVEY_IX_POOLED) {
        for (k = 0; k < nq; k++) {
            num += sat[k];
            den += ans[k];
        }
        return den > 0 ? num / den * 100.0 : NAN;
    }
    if (!nel_ok || !(wsum > 0))
        return NAN;
    return total / wsum;
}

/* ---- the pass over the file ---------------------------------------------- */

typedef struct Spelling {
    char *key;
    size_t len;
    uint64_t hash;
    int slot;
} Spelling;

typedef struct Slot {
    int index;          /* the resolver's index */
    char *code, *name;
    long n;
    double wsum;
    long since;         /* rows counted in cnt since the last flush */
    uint8_t *codes;     /* bootstrap: n rows of nqp bytes */
    double *w;          /* bootstrap, weighted: n weights */
    size_t cap;
} Slot;

typedef struct Run {
    const SurveySpec *s;
    const SurveyRunOptions *o;
    const char *file;
    const char *unit_column;
    size_t nq, nqp;
    size_t *qcol;
    size_t ucol;
    long wcol;          /* -1: unweighted */
    NumStyle style;
    int keep;
    Spelling *sp;
    size_t spcap, spn;
    Spelling *last;
    Slot *slots;
    size_t nslots, capslots;
    double *ans, *sat;  /* [slot * nq + q]: weighted sums */
    uint64_t *cnt;      /* [slot * nq + q], unweighted: answered | satisfied << 32 */
    int *slot_of;       /* resolver index -> slot + 1 (0: none yet) */
    size_t nslot_of;
    /* By answer value (capped at 256: outside any scale): what a row adds to
     * cnt (0: not on the scale), to the weighted satisfied sum, and the byte
     * kept for the bootstrap. */
    uint64_t inc[257];
    double satd[257];
    uint8_t code[257];
    long rows;
    DiagList *notes;
} Run;

/* Eight bytes at a time: unit names are 5–20 bytes, and rows of a file in
 * random unit order hash their unit cell every time. */
static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n, w;
    while (n >= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * 0x94d049bb133111ebULL;
    }
    h ^= h >> 32;
    return h * 0xd6e8feb86659fd93ULL;
}

static int grow_spellings(Run *R)
{
    size_t nc = R->spcap ? R->spcap * 2 : 256, i;
    Spelling *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return -1;
    for (i = 0; i < R->spcap; i++) {
        if (R->sp[i].key) {
            size_t j = (size_t)R->sp[i].hash & (nc - 1);
            while (ns[j].key)
                j = (j + 1) & (nc - 1);
            ns[j] = R->sp[i];
        }
    }
    free(R->sp);
    R->sp = ns;
    R->spcap = nc;
    R->last = NULL;
    return 0;
}

static int new_slot(Run *R, int index, const char *code, const char *name)
{
    Slot *sl;
    if ((size_t)index >= R->nslot_of) {
        size_t nc = R->nslot_of ? R->nslot_of : 64;
        int *ns;
        while (nc <= (size_t)index)
            nc *= 2;
        ns = realloc(R->slot_of, nc * sizeof *ns);
        if (!ns)
            return -1;
        memset(ns + R->nslot_of, 0, (nc - R->nslot_of) * sizeof *ns);
        R->slot_of = ns;
        R->nslot_of = nc;
    }
    if (R->slot_of[index])
        return R->slot_of[index] - 1;
    if (R->nslots == R->capslots) {
        size_t nc = R->capslots ? R->capslots * 2 : 64;
        Slot *ns = realloc(R->slots, nc * sizeof *ns);
        double *na, *nsat;
        uint64_t *ncnt;
        if (!ns)
            return -1;
        R->slots = ns;
        ncnt = realloc(R->cnt, nc * R->nq * sizeof *ncnt);
        if (!ncnt)
            return -1;
        R->cnt = ncnt;
        na = realloc(R->ans, nc * R->nq * sizeof *na);
        if (!na)
            return -1;
        R->ans = na;
        nsat = realloc(R->sat, nc * R->nq * sizeof *nsat);
        if (!nsat)
            return -1;
        R->sat = nsat;
        R->capslots = nc;
    }
    sl = &R->slots[R->nslots];
    memset(sl, 0, sizeof *sl);
    sl->index = index;
    sl->code = dup_str(code);
    sl->name = dup_str(name);
    if (!sl->code || !sl->name) {
        free(sl->code);
        free(sl->name);
        return -1;
    }
    memset(R->ans + R->nslots * R->nq, 0, R->nq * sizeof *R->ans);
    memset(R->sat + R->nslots * R->nq, 0, R->nq * sizeof *R->sat);
    memset(R->cnt + R->nslots * R->nq, 0, R->nq * sizeof *R->cnt);
    R->slot_of[index] = (int)R->nslots + 1;
    return (int)R->nslots++;
}

/* The slot of a spelling never seen before: resolve it once. */
static int resolve_new(Run *R, const char *cell, size_t len, long line, Diag *d)
{
    char why[512];
    int idx;
    const char *code = cell, *name = cell;
    const char *given = NULL;
    if (R->o->units) {
        idx = units_find(R->o->units, cell);
        if (idx < 0) {
            int sug = units_suggest(R->o->units, cell);
            if (sug >= 0)
                return diag_set(d, R->file, line, 0, "unknown %s '%s' (did you mean '%s'?)", R->s->unit_word, cell,
                                units_name(R->o->units, sug));
            return diag_set(d, R->file, line, 0, "unknown %s '%s'", R->s->unit_word, cell);
        }
        code = units_code(R->o->units, idx);
        name = units_name(R->o->units, idx);
    } else if (R->o->resolve) {
        why[0] = '\0';
        idx = R->o->resolve(R->o->resolve_ud, cell, len, &given, why, sizeof why);
        if (idx < 0) {
            if (!why[0])
                snprintf(why, sizeof why, "unknown %s '%s'", R->s->unit_word, cell);
            return diag_set(d, R->file, line, 0, "%s", why);
        }
        if (idx > (1 << 24)) /* a dense index is expected: slot_of is an array */
            return diag_set(d, R->file, line, 0, "unit index %d from the resolver is too large", idx);
        if (given)
            code = name = given;
    } else {
        idx = (int)R->nslots; /* every new spelling is a new unit */
    }
    idx = new_slot(R, idx, code, name);
    if (idx < 0)
        return diag_set(d, R->file, line, 0, "out of memory");
    return idx;
}

static int unit_slot(Run *R, const char *cell, size_t len, long line, Diag *d)
{
    uint64_t h;
    size_t j;
    int slot;
    /* Survey files come sorted or clustered by unit: the previous spelling first. */
    if (R->last && R->last->len == len && memcmp(R->last->key, cell, len) == 0)
        return R->last->slot;
    h = hash_bytes(cell, len);
    if (R->spcap) {
        for (j = (size_t)h & (R->spcap - 1); R->sp[j].key; j = (j + 1) & (R->spcap - 1)) {
            if (R->sp[j].hash == h && R->sp[j].len == len && memcmp(R->sp[j].key, cell, len) == 0) {
                R->last = &R->sp[j];
                return R->sp[j].slot;
            }
        }
    }
    slot = resolve_new(R, cell, len, line, d);
    if (slot < 0)
        return -1;
    if ((R->spn + 1) * 2 > R->spcap && grow_spellings(R) != 0)
        return diag_set(d, R->file, line, 0, "out of memory");
    for (j = (size_t)h & (R->spcap - 1); R->sp[j].key; j = (j + 1) & (R->spcap - 1))
        ;
    R->sp[j].key = dup_mem(cell, len);
    if (!R->sp[j].key)
        return diag_set(d, R->file, line, 0, "out of memory");
    R->sp[j].len = len;
    R->sp[j].hash = h;
    R->sp[j].slot = slot;
    R->spn++;
    R->last = &R->sp[j];
    return slot;
}

/* The header: find the unit, weight and question columns. */
static int on_header(Run *R, size_t nf, char *const *fields, const size_t *lens, long line, Diag *d)
{
    const SurveySpec *s = R->s;
    char **names = calloc(nf ? nf : 1, sizeof *names);
    size_t i, j, q;
    long ucol = -1;
    int rc = -1;
    if (!names)
        return diag_set(d, R->file, line, 0, "out of memory");
    for (i = 0; i < nf; i++) {
        names[i] = fields[i] ? text_nfc(fields[i], lens[i]) : dup_str("");
        if (!names[i]) {
            diag_set(d, R->file, line, 0, "out of memory");
            goto done;
        }
        for (j = 0; j < i; j++) {
            if (*names[i] && strcmp(names[i], names[j]) == 0) {
                diag_set(d, R->file, line, 0, "duplicate column name '%s' (columns %zu and %zu)", names[i], j + 1, i + 1);
                goto done;
            }
        }
    }
    R->wcol = -1;
    for (i = 0; i < nf; i++) {
        if (strcmp(names[i], R->unit_column) == 0)
            ucol = (long)i;
        if (s->weight_column && strcmp(names[i], s->weight_column) == 0)
            R->wcol = (long)i;
    }
    for (q = 0; q <= s->nquestions; q++) {
        const char *want = q < s->nquestions ? s->questions[q] : R->unit_column;
        long found = q < s->nquestions ? -1 : ucol;
        if (q < s->nquestions) {
            for (i = 0; i < nf; i++)
                if (strcmp(names[i], want) == 0)
                    found = (long)i;
        }
        if (found < 0) {
            const char *best = NULL;
            size_t bestd = (size_t)-1, e, k;
            const char *owner = NULL;
            for (i = 0; i < nf; i++) {
                size_t dist = text_distance(want, names[i]);
                if (dist < bestd) {
                    bestd = dist;
                    best = names[i];
                }
            }
            if (best && bestd > 2 && bestd > strlen(want) / 3)
                best = NULL;
            for (e = 0; e < s->nelements && !owner && q < s->nquestions; e++)
                for (k = 0; k < s->elements[e].nq; k++)
                    if (s->elements[e].q[k] == q)
                        owner = s->elements[e].code;
            if (owner)
                diag_set(d, R->file, line, 0, "no column '%s' (a question of element '%s')%s%s%s", want, owner,
                         best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            else
                diag_set(d, R->file, line, 0, "no column '%s' (the %s of each respondent)%s%s%s", want,
                         s->unit_word, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            goto done;
        }
        if (q < s->nquestions)
            R->qcol[q] = (size_t)found;
    }
    R->ucol = (size_t)ucol;
    rc = 0;
done:
    for (i = 0; i < nf; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* An answer cell that is not a single digit: -1 not answered, -2 not a whole
 * number, else the value (capped at 256: outside any scale). */
static int parse_answer(const char *p, size_t n)
{
    size_t a = 0, b = n, i;
    int v = 0;
    while (a < b && (p[a] == ' ' || p[a] == '\t'))
        a++;
    while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
        b--;
    if (a == b || number_is_missing(p + a, b - a))
        return -1;
    for (i = a; i < b && p[i] >= '0' && p[i] <= '9'; i++)
        if (v <= 256)
            v = v * 10 + (p[i] - '0');
    if (i == a)
        return -2;
    if (i < b && (p[i] == '.' || p[i] == ',')) {
        /* "4.0": a whole number written with decimals */
        for (i++; i < b && p[i] == '0'; i++)
            ;
    }
    if (i != b)
        return -2;
    return v > 256 ? 256 : v;
}

static const char *shown(const char *p, size_t n, char *buf, size_t size)
{
    size_t k = n < size - 4 ? n : size - 4;
    while (k < n && k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
        k--; /* cut between characters */
    memcpy(buf, p, k);
    if (k < n)
        memcpy(buf + k, "…", 4), k += 3;
    buf[k] = '\0';
    return buf;
}

static int bad_answer(Run *R, long line, size_t q, const char *p, size_t n, int v, Diag *d)
{
    char buf[80];
    const SurveySpec *s = R->s;
    if (v == -2)
        return diag_set(d, R->file, line, 0,
                        "column '%s': '%s' is not a whole number (answers are %d–%d; an empty cell is no answer)",
                        s->questions[q], shown(p, n, buf, sizeof buf), s->scale_lo, s->scale_hi);
    return diag_set(d, R->file, line, 0, "column '%s': answer %s is outside the scale %d–%d", s->questions[q],
                    shown(p, n, buf, sizeof buf), s->scale_lo, s->scale_hi);
}

static int parse_weight(Run *R, const char *p, size_t n, long line, double *w, Diag *d)
{
    NumValue v;
    NumResult r;
    char buf[80];
    const char *col = R->s->weight_column;
    if (!p || number_is_missing(p, n))
        return diag_set(d, R->file, line, 0, "column '%s': no weight (every respondent needs one)", col);
    r = number_parse(p, n, R->style, &v);
    if (r == NUM_AMBIGUOUS && R->style == NUM_PLAIN)
        return diag_set(d, R->file, line, 0, "column '%s': weight '%s' is ambiguous (%s)", col,
                        shown(p, n, buf, sizeof buf), v.why ? v.why : "declare the number style");
    if (r != NUM_OK)
        return diag_set(d, R->file, line, 0, "column '%s': weight '%s' is not a number%s%s", col,
                        shown(p, n, buf, sizeof buf), v.why && r != NUM_TEXT ? ": " : "",
                        v.why && r != NUM_TEXT ? v.why : "");
    if (!(v.value >= 0) || !isfinite(v.value))
        return diag_set(d, R->file, line, 0, "column '%s': weight %s is negative", col, shown(p, n, buf, sizeof buf));
    *w = v.value;
    return 0;
}

static int keep_row(Run *R, Slot *sl, long line, Diag *d)
{
    if ((size_t)sl->n == sl->cap) {
        size_t nc = sl->cap ? sl->cap * 2 : 1024;
        uint8_t *nc_codes = realloc(sl->codes, nc * R->nqp);
        if (!nc_codes)
            return diag_set(d, R->file, line, 0, "out of memory keeping answers for the bootstrap");
        sl->codes = nc_codes;
        if (R->wcol >= 0) {
            double *nw = realloc(sl->w, nc * sizeof *nw);
            if (!nw)
                return diag_set(d, R->file, line, 0, "out of memory keeping answers for the bootstrap");
            sl->w = nw;
        }
        sl->cap = nc;
    }
    return 0;
}

/* Move a unit's packed counts into its sums (before 2^32 rows could overflow them). */
static void flush_counts(Run *R, size_t slot)
{
    size_t q;
    for (q = 0; q < R->nq; q++) {
        uint64_t c = R->cnt[slot * R->nq + q];
        R->ans[slot * R->nq + q] += (double)(c & 0xffffffffu);
        R->sat[slot * R->nq + q] += (double)(c >> 32);
        R->cnt[slot * R->nq + q] = 0;
    }
    R->slots[slot].since = 0;
}

/* The answer to question q on one row: its value on the scale,
 * SKIP_ANSWER for an empty cell or a "no answer" code, or -2 once a bad
 * answer is reported.  Inline: it is the innermost loop of a survey run. */
enum { SKIP_ANSWER = -1 };
static inline int answer_at(Run *R, char *const *fields, const size_t *lens, size_t q, long line, Diag *d)
{
    const char *p = fields[R->qcol[q]];
    size_t n = lens[R->qcol[q]];
    int v;
    if (!p)
        return SKIP_ANSWER;
    if (n == 1 && (unsigned)(p[0] - '0') <= 9u)
        v = p[0] - '0';
    else if ((v = parse_answer(p, n)) == -1)
        return SKIP_ANSWER;
    if (v < 0 || !R->inc[v]) {
        bad_answer(R, line, q, p, n, v, d);
        return -2;
    }
    return v;
}

static int on_row(void *ud, long record, long line, size_t nf, char *const *fields, const size_t *lens, Diag *d)
{
    Run *R = ud;
    const char *cell;
    int slot;
    double w = 1.0, *A, *S;
    uint8_t *keep = NULL;
    size_t q, nq = R->nq;
    Slot *sl;

    if (record == 0)
        return on_header(R, nf, fields, lens, line, d);
    cell = fields[R->ucol];
    if (!cell) {
        size_t i;
        for (i = 0; i < nf && !fields[i]; i++)
            ;
        if (i == nf)
            return 0; /* a row of empty cells */
        return diag_set(d, R->file, line, 0, "column '%s': no %s given", R->unit_column, R->s->unit_word);
    }
    slot = unit_slot(R, cell, lens[R->ucol], line, d);
    if (slot < 0)
        return -1;
    if (R->wcol >= 0 && parse_weight(R, fields[R->wcol], fields[R->wcol] ? lens[R->wcol] : 0, line, &w, d) != 0)
        return -1;
    sl = &R->slots[slot];
    if (R->keep) {
        if (keep_row(R, sl, line, d) != 0)
            return -1;
        keep = sl->codes + (size_t)sl->n * R->nqp;
        memset(keep + nq, 0, R->nqp - nq);
        if (sl->w)
            sl->w[sl->n] = w;
    }
    if (R->wcol < 0) {
        /* Unweighted: one integer add per answer. */
        uint64_t *C = R->cnt + (size_t)slot * nq;
        for (q = 0; q < nq; q++) {
            int v = answer_at(R, fields, lens, q, line, d);
            if (v < 0) {
                if (v != SKIP_ANSWER)
                    return -1;
                if (keep)
                    keep[q] = 0;
                continue;
            }
            C[q] += R->inc[v];
            if (keep)
                keep[q] = R->code[v];
        }
        if (++sl->since == 0x7fffffffL)
            flush_counts(R, (size_t)slot);
    } else {
        A = R->ans + (size_t)slot * nq;
        S = R->sat + (size_t)slot * nq;
        for (q = 0; q < nq; q++) {
            int v = answer_at(R, fields, lens, q, line, d);
            if (v < 0) {
                if (v != SKIP_ANSWER)
                    return -1;
                if (keep)
                    keep[q] = 0;
                continue;
            }
            A[q] += w;
            S[q] += w * R->satd[v];
            if (keep)
                keep[q] = R->code[v];
        }
    }
    sl->n++;
    sl->wsum += w;
    R->rows++;
    return 0;
}

/* ---- the bootstrap ------------------------------------------------------- */

typedef struct Boot {
    const SurveySpec *s;
    const Slot *slots;    /* in result order */
    size_t nunits, nq, nqp, draws;
    size_t maxn;          /* respondents of the largest unit */
    uint64_t seed;
    uint32_t thr[POISSON_MAX];  /* Poisson(1) cdf × 2^21 */
    double *out;          /* [b * nunits + u] */
    size_t njobs, next;
    pthread_mutex_t lock;
    int failed;
} Boot;

typedef struct Scratch {
    uint8_t *k;           /* Poisson counts of the unit's respondents */
    double *A, *S, *rate, *el;
} Scratch;

static unsigned poisson_from(const Boot *B, uint32_t x)
{
    unsigned k = 0;
    while (k < POISSON_MAX && x >= B->thr[k])
        k++;
    return k;
}

/* Σ k[r]·answers over rows for the 32 lanes j0..j0+31, added into A and S.
 * Byte counters in registers (GCC/Clang vectors, 2 × 16 lanes each for
 * answered and satisfied), flushed before Σ k could pass 255; masks rather
 * than a multiply (SSE2 has no byte multiply). */
#if defined(__GNUC__)
typedef uint8_t V16 __attribute__((vector_size(16)));

static void block_sums(const uint8_t *codes, size_t nqp, size_t j0, const uint8_t *k, size_t n, double *A,
                       double *S)
{
    V16 a0 = {0}, a1 = {0}, s0 = {0}, s1 = {0}, zero = {0};
    unsigned ksum = 0;
    size_t r;
    int t;
    for (r = 0; r <= n; r++) {
        V16 c0, c1, kv;
        if (r == n || ksum + k[r] > 255) {
            for (t = 0; t < 16; t++) {
                A[j0 + t] += a0[t];
                A[j0 + 16 + t] += a1[t];
                S[j0 + t] += s0[t];
                S[j0 + 16 + t] += s1[t];
            }
            a0 = a1 = s0 = s1 = zero;
            ksum = 0;
            if (r == n)
                break;
        }
        ksum += k[r];
        memcpy(&c0, codes + r * nqp + j0, 16);
        memcpy(&c1, codes + r * nqp + j0 + 16, 16);
        kv = zero + k[r];
        a0 += kv & -(c0 & 1);
        a1 += kv & -(c1 & 1);
        s0 += kv & -(c0 >> 1);
        s1 += kv & -(c1 >> 1);
    }
}
#else
static void block_sums(const uint8_t *codes, size_t nqp, size_t j0, const uint8_t *k, size_t n, double *A,
                       double *S)
{
    size_t r, t;
    for (r = 0; r < n; r++)
        for (t = 0; t < LANES; t++) {
            A[j0 + t] += k[r] * (codes[r * nqp + j0 + t] & 1);
            S[j0 + t] += k[r] * (codes[r * nqp + j0 + t] >> 1);
        }
}
#endif

/* Σ k·answers for unit u in draw b, into sc->A, sc->S: first every
 * respondent's Poisson count, then the sums. */
static void draw_sums(const Boot *B, size_t u, size_t b, Scratch *sc)
{
    const Slot *sl = &B->slots[u];
    Rng g = rng_stream(B->seed, ((uint64_t)u << 32) | (uint64_t)b);
    size_t nqp = B->nqp, r, j, n = (size_t)sl->n;
    uint64_t bits = 0;
    int avail = 0;
    memset(sc->A, 0, nqp * sizeof *sc->A);
    memset(sc->S, 0, nqp * sizeof *sc->S);
    for (r = 0; r < n; r++) {
        uint32_t x;
        unsigned k;
        if (!avail) {
            bits = rng_u64(&g);
            avail = 3; /* three 21-bit uniforms per 64-bit draw */
        }
        x = (uint32_t)(bits & ((1u << POISSON_BITS) - 1));
        bits >>= POISSON_BITS;
        avail--;
        /* Comparisons, not branches: k is 0 or 1 three times in four, at random. */
        k = (unsigned)(x >= B->thr[0]) + (x >= B->thr[1]) + (x >= B->thr[2]) + (x >= B->thr[3]);
        if (k == 4)
            k = poisson_from(B, x);
        sc->k[r] = (uint8_t)k;
    }
    if (sl->w) {
        for (r = 0; r < n; r++) {
            const uint8_t *c = sl->codes + r * nqp;
            double kw = (double)sc->k[r] * sl->w[r];
            for (j = 0; j < nqp; j++) {
                sc->A[j] += kw * (double)(c[j] & 1);
                sc->S[j] += kw * (double)(c[j] >> 1);
            }
        }
        return;
    }
    for (j = 0; j < nqp; j += LANES)
        block_sums(sl->codes, nqp, j, sc->k, n, sc->A, sc->S);
}

static void scratch_free(Scratch *sc)
{
    free(sc->k);
    free(sc->A);
    free(sc->S);
    free(sc->rate);
    free(sc->el);
}

static int scratch_init(Scratch *sc, const Boot *B)
{
    memset(sc, 0, sizeof *sc);
    sc->k = malloc(B->maxn ? B->maxn : 1);
    sc->A = malloc(B->nqp * sizeof *sc->A);
    sc->S = malloc(B->nqp * sizeof *sc->S);
    sc->rate = malloc(B->nqp * sizeof *sc->rate);
    sc->el = malloc((B->s->nelements ? B->s->nelements : 1) * sizeof *sc->el);
    if (!sc->k || !sc->A || !sc->S || !sc->rate || !sc->el) {
        scratch_free(sc);
        return -1;
    }
    return 0;
}

static void *boot_worker(void *arg)
{
    Boot *B = arg;
    Scratch sc;
    size_t per_unit = (B->draws + DRAWS_PER_JOB - 1) / DRAWS_PER_JOB;
    if (scratch_init(&sc, B) != 0) {
        pthread_mutex_lock(&B->lock);
        B->failed = 1;
        pthread_mutex_unlock(&B->lock);
        return NULL;
    }
    for (;;) {
        size_t job, u, b, b1;
        pthread_mutex_lock(&B->lock);
        job = B->next < B->njobs ? B->next++ : B->njobs;
        pthread_mutex_unlock(&B->lock);
        if (job == B->njobs)
            break;
        u = job / per_unit;
        b = (job % per_unit) * DRAWS_PER_JOB;
        b1 = b + DRAWS_PER_JOB < B->draws ? b + DRAWS_PER_JOB : B->draws;
        for (; b < b1; b++) {
            draw_sums(B, u, b, &sc);
            B->out[b * B->nunits + u] = unit_index(B->s, sc.A, sc.S, sc.rate, sc.el);
        }
    }
    scratch_free(&sc);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Percentile p of sorted v[0..n) with linear interpolation ("type 7"). */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p, f = floor(h);
    size_t i = (size_t)f;
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (h - f) * (v[i + 1] - v[i]);
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > SURVEY_MAX_THREADS ? SURVEY_MAX_THREADS : (int)n;
}

static int bootstrap(SurveyResult *res, const Slot *slots, size_t nqp, const SurveyRunOptions *o, Diag *d)
{
    Boot B;
    size_t u, b, k, n = res->nunits;
    double *vals = NULL;
    int *ranks = NULL;
    pthread_t tid[SURVEY_MAX_THREADS];
    int nthreads = o->threads > 0 ? o->threads : online_cpus(), started = 0, t, rc = -1;
    double p = exp(-1.0), cdf = 0;

    memset(&B, 0, sizeof B);
    B.s = res->spec;
    B.slots = slots;
    B.nunits = n;
    B.nq = res->nq;
    B.nqp = nqp;
    B.draws = o->draws;
    B.seed = o->seed;
    for (u = 0; u < n; u++)
        if ((size_t)slots[u].n > B.maxn)
            B.maxn = (size_t)slots[u].n;
    for (k = 0; k < POISSON_MAX; k++) {
        cdf += p;
        p /= (double)(k + 1);
        B.thr[k] = (uint32_t)floor(cdf * (double)(1u << POISSON_BITS) + 0.5);
    }
    if (nthreads > SURVEY_MAX_THREADS)
        nthreads = SURVEY_MAX_THREADS;
    res->draws = o->draws;
    res->seed = o->seed;
    res->threads = nthreads;
    res->index_lo = malloc((n ? n : 1) * sizeof *res->index_lo);
    res->index_hi = malloc((n ? n : 1) * sizeof *res->index_hi);
    res->rank_lo = calloc(n ? n : 1, sizeof *res->rank_lo);
    res->rank_hi = calloc(n ? n : 1, sizeof *res->rank_hi);
    res->draws_ok = calloc(n ? n : 1, sizeof *res->draws_ok);
    B.out = malloc((n ? n : 1) * o->draws * sizeof *B.out);
    vals = malloc((o->draws ? o->draws : 1) * sizeof *vals);
    ranks = malloc((n ? n : 1) * o->draws * sizeof *ranks);
    if (!res->index_lo || !res->index_hi || !res->rank_lo || !res->rank_hi || !res->draws_ok || !B.out || !vals ||
        !ranks) {
        diag_set(d, NULL, 0, 0, "out of memory for %zu bootstrap draws", o->draws);
        goto done;
    }
    B.njobs = n * ((o->draws + DRAWS_PER_JOB - 1) / DRAWS_PER_JOB);
    if (pthread_mutex_init(&B.lock, NULL) != 0) {
        diag_set(d, NULL, 0, 0, "cannot create a lock: %s", strerror(errno));
        goto done;
    }
    for (t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[started], NULL, boot_worker, &B) != 0)
            break; /* fewer threads: the same results, only slower */
        started++;
    }
    boot_worker(&B);
    for (t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&B.lock);
    if (B.failed) {
        diag_set(d, NULL, 0, 0, "out of memory in the bootstrap");
        goto done;
    }
    for (b = 0; b < o->draws; b++)
        rank_competition(B.out + b * n, NULL, n, 0, res->spec->decimals, ranks + b * n);
    for (u = 0; u < n; u++) {
        size_t m = 0;
        for (b = 0; b < o->draws; b++)
            if (!isnan(B.out[b * n + u]))
                vals[m++] = B.out[b * n + u];
        res->draws_ok[u] = m;
        res->index_lo[u] = res->index_hi[u] = NAN;
        if (m < 2 || m * 2 < o->draws)
            continue; /* too few draws with an index for a percentile */
        qsort(vals, m, sizeof *vals, cmp_double);
        res->index_lo[u] = quantile(vals, m, 0.025);
        res->index_hi[u] = quantile(vals, m, 0.975);
        m = 0;
        for (b = 0; b < o->draws; b++)
            if (ranks[b * n + u] > 0)
                vals[m++] = ranks[b * n + u];
        qsort(vals, m, sizeof *vals, cmp_double);
        res->rank_lo[u] = (int)floor(quantile(vals, m, 0.025));
        res->rank_hi[u] = (int)ceil(quantile(vals, m, 0.975));
    }
    rc = 0;
done:
    free(B.out);
    free(vals);
    free(ranks);
    return rc;
}

/* ---- putting it together ------------------------------------------------- */

void survey_result_free(SurveyResult *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->nunits; i++) {
        if (r->codes)
            free(r->codes[i]);
        if (r->names)
            free(r->names[i]);
    }
    free(r->codes);
    free(r->names);
    free(r->unit_index);
    free(r->respondents);
    free(r->weight);
    free(r->answered);
    free(r->satisfied);
    free(r->rate);
    free(r->element);
    free(r->index);
    free(r->rank);
    free(r->index_lo);
    free(r->index_hi);
    free(r->rank_lo);
    free(r->rank_hi);
    free(r->draws_ok);
    diaglist_free(&r->notes);
    free(r);
}

static void run_free(Run *R)
{
    size_t i;
    for (i = 0; i < R->spcap; i++)
        free(R->sp[i].key);
    free(R->sp);
    for (i = 0; i < R->nslots; i++) {
        free(R->slots[i].code);
        free(R->slots[i].name);
        free(R->slots[i].codes);
        free(R->slots[i].w);
    }
    free(R->slots);
    free(R->ans);
    free(R->sat);
    free(R->cnt);
    free(R->slot_of);
    free(R->qcol);
}

typedef struct SlotOrder {
    int index;
    size_t slot;
} SlotOrder;

static int cmp_slot(const void *a, const void *b)
{
    int x = ((const SlotOrder *)a)->index, y = ((const SlotOrder *)b)->index;
    return x < y ? -1 : x > y;
}

/* Notes on questions nobody answered in a unit. */
static void note_gaps(SurveyResult *res, const char *file)
{
    const SurveySpec *s = res->spec;
    size_t u, q;
    for (u = 0; u < res->nunits; u++) {
        char list[512];
        size_t len = 0, missing = 0;
        list[0] = '\0';
        for (q = 0; q < res->nq; q++) {
            if (res->answered[u * res->nq + q] > 0)
                continue;
            missing++;
            if (len < sizeof list - 64)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", missing > 1 ? ", " : "", s->questions[q]);
        }
        if (missing == res->nq)
            diaglist_add(&res->notes, file, 0, 0, "%s: no answers at all (no index, no rank)", res->names[u]);
        else if (missing)
            diaglist_add(&res->notes, file, 0, 0, "%s: nobody answered %s: no rate, %s", res->names[u], list,
                         s->element_formula == SURVEY_EL_POOLED ? "nothing to pool"
                                                                : "left out of the element means");
    }
}

SurveyResult *survey_run(const SurveySpec *s, const char *path, const SurveyRunOptions *opt, Diag *d)
{
    Run R;
    SurveyRunOptions defaults;
    SurveyResult *res = NULL;
    CsvOptions co;
    SlotOrder *order = NULL;
    size_t u, i, nq;
    Slot *sorted = NULL;
    int v;

    if (!opt) {
        survey_run_options_init(&defaults);
        opt = &defaults;
    }
    if (survey_spec_check(s, d) != 0)
        return NULL;
    memset(&R, 0, sizeof R);
    R.s = s;
    R.o = opt;
    R.file = opt->display_name ? opt->display_name : path;
    R.unit_column = opt->unit_column && *opt->unit_column ? opt->unit_column : s->unit_column;
    R.nq = nq = s->nquestions;
    R.nqp = (nq + LANES - 1) / LANES * LANES;
    R.keep = opt->draws > 0;
    R.wcol = -1;
    R.qcol = calloc(nq ? nq : 1, sizeof *R.qcol);
    res = calloc(1, sizeof *res);
    if (!R.qcol || !res) {
        diag_set(d, NULL, 0, 0, "out of memory");
        goto fail;
    }
    R.notes = &res->notes;
    for (v = 0; v <= 256; v++) {
        int on = v >= s->scale_lo && v <= s->scale_hi, sat = v >= s->sat_lo && v <= s->sat_hi;
        R.inc[v] = on ? 1u + ((uint64_t)sat << 32) : 0;
        R.satd[v] = sat ? 1.0 : 0.0;
        R.code[v] = (uint8_t)(on ? 1 + 2 * sat : 0);
    }
    if (opt->style >= 0) {
        R.style = opt->style ? NUM_VI : NUM_PLAIN;
    } else {
        /* What csv_load does: a ';' file is written with Vietnamese numbers. */
        FILE *f = fopen(path, "rb");
        char head[4096];
        size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0;
        char *nl;
        if (f)
            fclose(f);
        head[n] = '\0';
        nl = strpbrk(head, "\r\n");
        if (nl)
            *nl = '\0';
        R.style = strchr(head, ';') && !strchr(head, ',') ? NUM_VI : NUM_PLAIN;
    }
    csv_options_init(&co);
    co.display_name = R.file;
    if (csv_stream_file(path, &co, on_row, &R, d) != 0)
        goto fail;
    for (u = 0; u < R.nslots; u++)
        flush_counts(&R, u);
    if (R.rows == 0) {
        diag_set(d, R.file, 0, 0, "no respondents (the file has a header only)");
        goto fail;
    }

    /* Result units in the resolver's order. */
    res->spec = s;
    res->nunits = R.nslots;
    res->nq = nq;
    res->nel = s->nelements;
    res->rows = R.rows;
    res->weighted = R.wcol >= 0;
    order = malloc(R.nslots * sizeof *order);
    sorted = malloc(R.nslots * sizeof *sorted);
    res->codes = calloc(R.nslots, sizeof *res->codes);
    res->names = calloc(R.nslots, sizeof *res->names);
    res->unit_index = malloc(R.nslots * sizeof *res->unit_index);
    res->respondents = malloc(R.nslots * sizeof *res->respondents);
    res->weight = malloc(R.nslots * sizeof *res->weight);
    res->answered = malloc(R.nslots * (nq ? nq : 1) * sizeof *res->answered);
    res->satisfied = malloc(R.nslots * (nq ? nq : 1) * sizeof *res->satisfied);
    res->rate = malloc(R.nslots * (nq ? nq : 1) * sizeof *res->rate);
    res->element = malloc(R.nslots * s->nelements * sizeof *res->element);
    res->index = malloc(R.nslots * sizeof *res->index);
    res->rank = malloc(R.nslots * sizeof *res->rank);
    if (!order || !sorted || !res->codes || !res->names || !res->unit_index || !res->respondents || !res->weight ||
        !res->answered || !res->satisfied || !res->rate || !res->element || !res->index || !res->rank) {
        diag_set(d, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (u = 0; u < R.nslots; u++) {
        order[u].index = R.slots[u].index;
        order[u].slot = u;
    }
    qsort(order, R.nslots, sizeof *order, cmp_slot);
    for (u = 0; u < R.nslots; u++) {
        size_t o = order[u].slot;
        Slot *sl = &R.slots[o];
        sorted[u] = *sl;
        res->codes[u] = sl->code;
        res->names[u] = sl->name;
        sl->code = sl->name = NULL; /* owned by the result now */
        res->unit_index[u] = sl->index;
        res->respondents[u] = sl->n;
        res->weight[u] = sl->wsum;
        for (i = 0; i < nq; i++) {
            res->answered[u * nq + i] = R.ans[o * nq + i];
            res->satisfied[u * nq + i] = R.sat[o * nq + i];
        }
        res->index[u] = unit_index(s, res->answered + u * nq, res->satisfied + u * nq, res->rate + u * nq,
                                   res->element + u * s->nelements);
    }
    rank_competition(res->index, NULL, R.nslots, 0, s->decimals, res->rank);
    note_gaps(res, R.file);
    if (opt->draws > 0 && bootstrap(res, sorted, R.nqp, opt, d) != 0)
        goto fail;
    free(order);
    free(sorted);
    run_free(&R);
    return res;
fail:
    free(order);
    free(sorted);
    run_free(&R);
    survey_result_free(res);
    return NULL;
}
