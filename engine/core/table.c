/* table.c — typed columnar tables and their string arena (table.h).
 *
 * Every string a table owns (its source name, column names, text cells) lives
 * in one arena: a list of blocks freed together by table_free, so a loaded
 * table with a million text cells costs a handful of mallocs, not a million.
 * Column arrays (num, text, miss) are ordinary mallocs, one per array.
 */
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_BLOCK ((size_t)64 * 1024)
#define ARENA_MAX_BLOCK ((size_t)4 * 1024 * 1024)

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    char data[]; /* cap bytes */
} ArenaBlock;

struct TableArena {
    ArenaBlock *head;   /* the block being filled; older blocks follow */
    size_t next_size;   /* size of the next regular block (doubles up to the max) */
};

static void *arena_alloc(struct TableArena *a, size_t n)
{
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = a->next_size;
        if (n > cap / 4) {
            /* A big string gets a block of its own behind the current one, so
             * the space left in the current block is not wasted. */
            ArenaBlock *own = malloc(sizeof *own + n);
            if (!own)
                return NULL;
            own->cap = own->used = n;
            if (b) {
                own->next = b->next;
                b->next = own;
            } else {
                own->next = NULL;
                a->head = own;
                /* the next small request starts a fresh block anyway */
            }
            return own->data;
        }
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    b->used += n;
    return b->data + b->used - n;
}

static void arena_free(struct TableArena *a)
{
    ArenaBlock *b, *next;
    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

char *table_strdup(Table *t, const char *s, size_t len)
{
    char *p;
    if (!t || !t->arena || len == (size_t)-1)
        return NULL;
    p = arena_alloc(t->arena, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

Table *table_new(const char *source, size_t nrows)
{
    Table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->arena = calloc(1, sizeof *t->arena);
    if (!t->arena) {
        free(t);
        return NULL;
    }
    t->arena->next_size = ARENA_MIN_BLOCK;
    if (!source)
        source = "(table)";
    t->source = table_strdup(t, source, strlen(source));
    if (!t->source) {
        arena_free(t->arena);
        free(t);
        return NULL;
    }
    t->nrows = nrows;
    t->style = NUM_PLAIN;
    return t;
}

void table_free(Table *t)
{
    size_t i;
    if (!t)
        return;
    for (i = 0; i < t->ncols; i++) {
        free(t->cols[i].num);
        free(t->cols[i].text);
        free(t->cols[i].miss);
    }
    free(t->cols);
    free(t->lines);
    arena_free(t->arena);
    free(t);
}

int table_find(const Table *t, const char *name)
{
    size_t i;
    if (!t || !name)
        return -1;
    for (i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Make room for one more column and give it a name; the caller fills the rest.
 * Returns the new column (not yet counted in ncols) or NULL with d filled. */
static Column *column_begin(Table *t, const char *name, Diag *d)
{
    Column *c;
    if (!t)
        return NULL;
    if (!name || !*name) {
        diag_set(d, t->source, 0, 0, "a column needs a name");
        return NULL;
    }
    if (table_find(t, name) >= 0) {
        diag_set(d, t->source, 0, 0, "duplicate column name '%s'", name);
        return NULL;
    }
    {
        /* One realloc per column: tables have tens of columns, and no hidden
         * capacity means code elsewhere may resize t->cols safely. */
        Column *cols = realloc(t->cols, (t->ncols + 1) * sizeof *cols);
        if (!cols)
            goto oom;
        t->cols = cols;
    }
    c = &t->cols[t->ncols];
    memset(c, 0, sizeof *c);
    c->name = table_strdup(t, name, strlen(name));
    /* malloc(0) may return NULL: keep every array non-NULL */
    c->miss = malloc(t->nrows ? t->nrows : 1);
    if (!c->name || !c->miss) {
        free(c->miss);
        goto oom;
    }
    c->decimals = -1;
    c->style = t->style;
    return c;
oom:
    diag_set(d, t->source, 0, 0, "out of memory adding column '%s'", name);
    return NULL;
}

int table_add_number(Table *t, const char *name, const double *vals,
                     const unsigned char *miss, Diag *d)
{
    Column *c = column_begin(t, name, d);
    size_t i, n;
    if (!c)
        return -1;
    n = t->nrows;
    c->type = COL_NUMBER;
    c->num = malloc((n ? n : 1) * sizeof *c->num);
    if (!c->num) {
        free(c->miss);
        diag_set(d, t->source, 0, 0, "out of memory adding column '%s'", name);
        return -1;
    }
    for (i = 0; i < n; i++) {
        int m = !vals || (miss ? miss[i] != 0 : isnan(vals[i]));
        c->miss[i] = (unsigned char)m;
        c->num[i] = m ? NAN : vals[i];
        c->n_missing += (size_t)m;
    }
    return (int)t->ncols++;
}

int table_add_text(Table *t, const char *name, const char *const *vals, Diag *d)
{
    Column *c = column_begin(t, name, d);
    size_t i, n;
    if (!c)
        return -1;
    n = t->nrows;
    c->type = COL_TEXT;
    c->text = malloc((n ? n : 1) * sizeof *c->text);
    if (!c->text) {
        free(c->miss);
        diag_set(d, t->source, 0, 0, "out of memory adding column '%s'", name);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *s = vals ? vals[i] : NULL;
        if (s) {
            c->text[i] = table_strdup(t, s, strlen(s));
            if (!c->text[i]) {
                free(c->text);
                free(c->miss);
                c->text = NULL;
                diag_set(d, t->source, 0, 0, "out of memory adding column '%s'", name);
                return -1;
            }
            c->miss[i] = 0;
        } else {
            c->text[i] = NULL;
            c->miss[i] = 1;
            c->n_missing++;
        }
    }
    return (int)t->ncols++;
}
