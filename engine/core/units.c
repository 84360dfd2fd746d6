/* units.c — the registry of ranked units (provinces, ministries, departments)
 * and matching of their names however they are written (units.h).
 *
 * Every unit has a canonical name, a code and any number of aliases.  Each of
 * these gives a key (text_fold, registered prefixes/suffixes removed, spaces
 * dropped); all keys live in one open-addressing hash table, so a lookup is
 * one fold plus one probe sequence.  Codes are also kept verbatim in a second
 * table, so an exact code ("01", "MOJ") is found without folding at all.
 */
#include "units.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* What a key was made from; codes are never stripped of prefixes. */
enum { KEY_NAME, KEY_ALIAS, KEY_CODE };

typedef struct UnitKey {
    char *src;   /* the text as registered (needed to rebuild keys) */
    char *key;   /* its matching key */
    size_t cps;  /* key length in code points (bounds for suggestions) */
    int unit;
    int what;    /* KEY_NAME, KEY_ALIAS or KEY_CODE */
} UnitKey;

typedef struct Unit {
    char *code;
    char *name; /* NFC */
} Unit;

typedef struct StrList {
    char **items;
    size_t n, cap;
} StrList;

struct Units {
    Unit *units;
    size_t n, cap;
    UnitKey *keys;
    size_t nkeys, capkeys;
    StrList prefixes; /* folded, dropped from the front */
    StrList suffixes; /* folded, dropped from the end */
    size_t *slots;    /* key table: index into keys + 1, 0 = empty */
    size_t nslots;    /* power of two */
    size_t *cslots;   /* code table: unit index + 1, 0 = empty */
    size_t ncslots;
};

/* Folded forms of the default prefixes.  "t p" is what "T.P." folds to;
 * "ubnd"/"uy ban nhan dan" cover "UBND tỉnh X", the way the index names the
 * provincial governments it ranks. */
static const char *const default_prefixes[] = {
    "tinh", "thanh pho", "tp", "t p", "province", "province of", "city", "city of",
    "ubnd", "uy ban nhan dan",
};
static const char *const default_suffixes[] = {"province", "city"};

/* ---- small helpers ---------------------------------------------------- */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int strlist_push(StrList *l, const char *s)
{
    char *c;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        char **ni = realloc(l->items, nc * sizeof *ni);
        if (!ni)
            return -1;
        l->items = ni;
        l->cap = nc;
    }
    c = dup_str(s);
    if (!c)
        return -1;
    l->items[l->n++] = c;
    return 0;
}

static void strlist_free(StrList *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

/* FNV-1a: short keys, no need for anything stronger. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static size_t table_size_for(size_t n)
{
    size_t size = 16;
    while (size < 2 * n + 2) /* load factor at most one half */
        size *= 2;
    return size;
}

/* Remove leading registered prefixes and trailing suffixes (whole words,
 * longest first, repeatedly, never leaving nothing) from folded text f, in
 * place, then drop the spaces.  f becomes the key. */
static void strip_to_key(const Units *u, char *f, int strip)
{
    char *start = f, *end = f + strlen(f), *w, *r;
    int again = strip;

    while (again) {
        size_t best = 0, i;
        again = 0;
        for (i = 0; i < u->prefixes.n; i++) {
            const char *p = u->prefixes.items[i];
            size_t pl = strlen(p);
            if (pl > best && (size_t)(end - start) > pl + 1 && start[pl] == ' ' &&
                memcmp(start, p, pl) == 0)
                best = pl;
        }
        if (best) {
            start += best + 1;
            again = 1;
        }
        best = 0;
        for (i = 0; i < u->suffixes.n; i++) {
            const char *p = u->suffixes.items[i];
            size_t pl = strlen(p);
            if (pl > best && (size_t)(end - start) > pl + 1 && end[-(ptrdiff_t)pl - 1] == ' ' &&
                memcmp(end - pl, p, pl) == 0)
                best = pl;
        }
        if (best) {
            end -= best + 1;
            again = 1;
        }
    }
    for (w = f, r = start; r < end; r++)
        if (*r != ' ')
            *w++ = *r;
    *w = '\0';
}

/* The key of s, malloc'd.  NULL: *bad_utf8 tells invalid UTF-8 from OOM. */
static char *make_key(const Units *u, const char *s, int strip, int *bad_utf8)
{
    char *f = text_fold(s);
    *bad_utf8 = 0;
    if (!f) {
        *bad_utf8 = utf8_check(s, strlen(s), NULL) != 0;
        return NULL;
    }
    strip_to_key(u, f, strip);
    return f;
}

/* Index into u->keys of the entry with this key, or -1. */
static long key_lookup(const size_t *slots, size_t nslots, const UnitKey *keys, const char *key)
{
    size_t mask, i;
    if (!nslots)
        return -1;
    mask = nslots - 1;
    for (i = (size_t)hash_str(key) & mask; slots[i]; i = (i + 1) & mask) {
        const UnitKey *k = &keys[slots[i] - 1];
        if (strcmp(k->key, key) == 0)
            return (long)(slots[i] - 1);
    }
    return -1;
}

static void key_insert(size_t *slots, size_t nslots, const UnitKey *keys, size_t idx)
{
    size_t mask = nslots - 1, i;
    for (i = (size_t)hash_str(keys[idx].key) & mask; slots[i]; i = (i + 1) & mask)
        ;
    slots[i] = idx + 1;
}

static long code_lookup(const Units *u, const char *code)
{
    size_t mask, i;
    if (!u->ncslots)
        return -1;
    mask = u->ncslots - 1;
    for (i = (size_t)hash_str(code) & mask; u->cslots[i]; i = (i + 1) & mask)
        if (strcmp(u->units[u->cslots[i] - 1].code, code) == 0)
            return (long)(u->cslots[i] - 1);
    return -1;
}

/* Make room for `extra` more keys, keeping the hash table at most half full,
 * so that key_push cannot fail. */
static int reserve_keys(Units *u, size_t extra)
{
    if (u->nkeys + extra > u->capkeys) {
        size_t nc = u->capkeys ? u->capkeys : 64;
        UnitKey *nk;
        while (nc < u->nkeys + extra)
            nc *= 2;
        nk = realloc(u->keys, nc * sizeof *nk);
        if (!nk)
            return -1;
        u->keys = nk;
        u->capkeys = nc;
    }
    if (2 * (u->nkeys + extra) + 2 > u->nslots) {
        size_t ns = table_size_for(u->nkeys + extra), i;
        size_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return -1;
        for (i = 0; i < u->nkeys; i++)
            if (key_lookup(sl, ns, u->keys, u->keys[i].key) < 0)
                key_insert(sl, ns, u->keys, i);
        free(u->slots);
        u->slots = sl;
        u->nslots = ns;
    }
    return 0;
}

/* Same for one more unit and its code. */
static int reserve_unit(Units *u)
{
    if (u->n == u->cap) {
        size_t nc = u->cap ? u->cap * 2 : 64;
        Unit *nu = realloc(u->units, nc * sizeof *nu);
        if (!nu)
            return -1;
        u->units = nu;
        u->cap = nc;
    }
    if (2 * (u->n + 1) + 2 > u->ncslots) {
        size_t ns = table_size_for(u->n + 1), i, mask = ns - 1;
        size_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return -1;
        for (i = 0; i < u->n; i++) {
            size_t h = (size_t)hash_str(u->units[i].code) & mask;
            while (sl[h])
                h = (h + 1) & mask;
            sl[h] = i + 1;
        }
        free(u->cslots);
        u->cslots = sl;
        u->ncslots = ns;
    }
    return 0;
}

/* Append a key entry; room was reserved and key_check said it is new.
 * Takes ownership of src and key. */
static void key_push(Units *u, int unit, char *src, int what, char *key)
{
    UnitKey *k = &u->keys[u->nkeys];
    k->src = src;
    k->key = key;
    k->cps = utf8_length(key, strlen(key));
    k->unit = unit;
    k->what = what;
    key_insert(u->slots, u->nslots, u->keys, u->nkeys);
    u->nkeys++;
}

static const char *what_name(int what)
{
    return what == KEY_CODE ? "code" : what == KEY_ALIAS ? "alias" : "name";
}

/* Check that key may belong to unit: -1 with d filled when another unit has
 * it.  *dup is set when the unit already has it. */
static int key_check(const Units *u, int unit, const char *src, int what, const char *key,
                     int *dup, Diag *d)
{
    long k = key_lookup(u->slots, u->nslots, u->keys, key);
    *dup = 0;
    if (k < 0)
        return 0;
    if (u->keys[k].unit == unit) {
        *dup = 1;
        return 0;
    }
    {
        const UnitKey *o = &u->keys[k];
        const Unit *ou = &u->units[o->unit];
        return diag_set(d, NULL, 0, 0,
                        "%s \"%s\" (key \"%s\") already names unit %s \"%s\" (its %s \"%s\")",
                        what_name(what), src, key, ou->code, ou->name, what_name(o->what),
                        o->src);
    }
}

/* Recompute every key with the current prefixes.  On a collision or OOM the
 * registry is left as it was and -1 returned. */
static int rebuild_keys(Units *u)
{
    size_t ns = table_size_for(u->nkeys), i;
    size_t *sl = calloc(ns, sizeof *sl);
    char **nk = calloc(u->nkeys ? u->nkeys : 1, sizeof *nk);
    UnitKey *tmp = malloc((u->nkeys ? u->nkeys : 1) * sizeof *tmp);
    int ok = sl && nk && tmp;

    for (i = 0; ok && i < u->nkeys; i++) {
        int bad;
        nk[i] = make_key(u, u->keys[i].src, u->keys[i].what != KEY_CODE, &bad);
        if (!nk[i])
            ok = 0;
    }
    if (ok) {
        /* probe a scratch copy whose keys point at the new strings */
        memcpy(tmp, u->keys, u->nkeys * sizeof *tmp);
        for (i = 0; i < u->nkeys; i++)
            tmp[i].key = nk[i];
        for (i = 0; ok && i < u->nkeys; i++) {
            long k = key_lookup(sl, ns, tmp, nk[i]);
            if (k < 0)
                key_insert(sl, ns, tmp, i);
            else if (tmp[k].unit != tmp[i].unit)
                ok = 0;
        }
    }
    if (!ok) {
        for (i = 0; nk && i < u->nkeys; i++)
            free(nk[i]);
        free(nk);
        free(sl);
        free(tmp);
        return -1;
    }
    for (i = 0; i < u->nkeys; i++) {
        free(u->keys[i].key);
        u->keys[i].key = nk[i];
        u->keys[i].cps = utf8_length(nk[i], strlen(nk[i]));
    }
    free(nk);
    free(tmp);
    free(u->slots);
    u->slots = sl;
    u->nslots = ns;
    return 0;
}

/* ---- public API ------------------------------------------------------- */

Units *units_new(void)
{
    Units *u = calloc(1, sizeof *u);
    size_t i;
    if (!u)
        return NULL;
    for (i = 0; i < sizeof default_prefixes / sizeof *default_prefixes; i++)
        if (strlist_push(&u->prefixes, default_prefixes[i]) != 0)
            goto fail;
    for (i = 0; i < sizeof default_suffixes / sizeof *default_suffixes; i++)
        if (strlist_push(&u->suffixes, default_suffixes[i]) != 0)
            goto fail;
    return u;
fail:
    units_free(u);
    return NULL;
}

void units_free(Units *u)
{
    size_t i;
    if (!u)
        return;
    for (i = 0; i < u->n; i++) {
        free(u->units[i].code);
        free(u->units[i].name);
    }
    for (i = 0; i < u->nkeys; i++) {
        free(u->keys[i].src);
        free(u->keys[i].key);
    }
    free(u->units);
    free(u->keys);
    free(u->slots);
    free(u->cslots);
    strlist_free(&u->prefixes);
    strlist_free(&u->suffixes);
    free(u);
}

int units_prefix(Units *u, const char *prefix)
{
    char *f;
    size_t i;
    if (!u || !prefix)
        return -1;
    f = text_fold(prefix);
    if (!f)
        return -1;
    if (!*f) {
        free(f);
        return -1;
    }
    for (i = 0; i < u->prefixes.n; i++)
        if (strcmp(u->prefixes.items[i], f) == 0) {
            free(f);
            return 0;
        }
    if (strlist_push(&u->prefixes, f) != 0) {
        free(f);
        return -1;
    }
    free(f);
    /* keys already made must follow the new rule; undo if that merges units */
    if (u->nkeys && rebuild_keys(u) != 0) {
        free(u->prefixes.items[--u->prefixes.n]);
        return -1;
    }
    return 0;
}

int units_add(Units *u, const char *code, const char *name, Diag *d)
{
    char *nkey = NULL, *ckey = NULL, *ccopy = NULL, *ncopy = NULL;
    char *nsrc = NULL, *csrc = NULL;
    int bad, dup, idx;

    if (!u)
        return diag_set(d, NULL, 0, 0, "no unit registry");
    if (!code || !*code)
        return diag_set(d, NULL, 0, 0, "unit \"%s\" has no code", name ? name : "");
    if (!name || !*name)
        return diag_set(d, NULL, 0, 0, "unit %s has no name", code);
    if (u->n >= (size_t)INT32_MAX)
        return diag_set(d, NULL, 0, 0, "too many units");
    {
        long other = code_lookup(u, code);
        if (other >= 0)
            return diag_set(d, NULL, 0, 0, "code %s is used twice (\"%s\" and \"%s\")", code,
                            u->units[other].name, name);
    }
    idx = (int)u->n;

    nkey = make_key(u, name, 1, &bad);
    if (!nkey) {
        if (bad)
            diag_set(d, NULL, 0, 0, "unit %s: name is not valid UTF-8", code);
        else
            diag_set(d, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if (!*nkey) {
        diag_set(d, NULL, 0, 0, "unit %s: name \"%s\" has no letters or digits", code, name);
        goto fail;
    }
    if (key_check(u, idx, name, KEY_NAME, nkey, &dup, d) != 0)
        goto fail;
    ckey = make_key(u, code, 0, &bad);
    if (!ckey) {
        if (bad)
            diag_set(d, NULL, 0, 0, "unit \"%s\": code is not valid UTF-8", name);
        else
            diag_set(d, NULL, 0, 0, "out of memory");
        goto fail;
    }
    if (!*ckey || strcmp(ckey, nkey) == 0) {
        free(ckey); /* nothing to add: no letters, or the same as the name */
        ckey = NULL;
    } else if (key_check(u, idx, code, KEY_CODE, ckey, &dup, d) != 0) {
        /* the code's key joins the name space ("moj" finds MOJ), so it must
         * not name another unit either */
        goto fail;
    }

    ccopy = dup_str(code);
    ncopy = text_nfc(name, strlen(name));
    nsrc = dup_str(name);
    csrc = ckey ? dup_str(code) : NULL;
    if (!ccopy || !ncopy || !nsrc || (ckey && !csrc) || reserve_unit(u) != 0 ||
        reserve_keys(u, 2) != 0) {
        diag_set(d, NULL, 0, 0, "out of memory");
        goto fail;
    }

    /* Everything is allocated: nothing below can fail. */
    u->units[idx].code = ccopy;
    u->units[idx].name = ncopy;
    u->n++;
    {
        size_t mask = u->ncslots - 1, h = (size_t)hash_str(ccopy) & mask;
        while (u->cslots[h])
            h = (h + 1) & mask;
        u->cslots[h] = (size_t)idx + 1;
    }
    key_push(u, idx, nsrc, KEY_NAME, nkey);
    if (ckey)
        key_push(u, idx, csrc, KEY_CODE, ckey);
    return idx;

fail:
    free(nkey);
    free(ckey);
    free(ccopy);
    free(ncopy);
    free(nsrc);
    free(csrc);
    return -1;
}

int units_alias(Units *u, int i, const char *alias, Diag *d)
{
    char *key, *src;
    int bad, dup;

    if (!u || i < 0 || (size_t)i >= u->n)
        return diag_set(d, NULL, 0, 0, "alias \"%s\": no unit %d", alias ? alias : "", i);
    if (!alias)
        return diag_set(d, NULL, 0, 0, "unit %s: empty alias", u->units[i].code);
    key = make_key(u, alias, 1, &bad);
    if (!key)
        return bad ? diag_set(d, NULL, 0, 0, "unit %s: alias is not valid UTF-8",
                              u->units[i].code)
                   : diag_set(d, NULL, 0, 0, "out of memory");
    if (!*key) {
        free(key);
        return diag_set(d, NULL, 0, 0, "unit %s: alias \"%s\" has no letters or digits",
                        u->units[i].code, alias);
    }
    if (key_check(u, i, alias, KEY_ALIAS, key, &dup, d) != 0) {
        free(key);
        return -1;
    }
    if (dup) {
        free(key);
        return 0;
    }
    src = dup_str(alias);
    if (!src || reserve_keys(u, 1) != 0) {
        free(src);
        free(key);
        return diag_set(d, NULL, 0, 0, "out of memory");
    }
    key_push(u, i, src, KEY_ALIAS, key);
    return 0;
}

int units_find(const Units *u, const char *name)
{
    long c, k;
    char *key;
    int bad;

    if (!u || !name || !u->n)
        return -1;
    c = code_lookup(u, name);
    if (c >= 0)
        return (int)c;
    key = make_key(u, name, 1, &bad);
    if (!key)
        return -1;
    k = key_lookup(u->slots, u->nslots, u->keys, key);
    free(key);
    return k < 0 ? -1 : u->keys[k].unit;
}

/* Code points in the longer of a and b once their common prefix and suffix
 * are set aside: the stretch where the two actually differ. */
static size_t differing_span(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), p = 0, q = 0, ra, rb;
    while (p < la && p < lb && a[p] == b[p])
        p++;
    /* do not split a character: back up to a boundary in both */
    while (p > 0 && (((unsigned char)a[p] & 0xC0) == 0x80 || ((unsigned char)b[p] & 0xC0) == 0x80))
        p--;
    while (q < la - p && q < lb - p && a[la - 1 - q] == b[lb - 1 - q])
        q++;
    while (q > 0 && (((unsigned char)a[la - q] & 0xC0) == 0x80 ||
                     ((unsigned char)b[lb - q] & 0xC0) == 0x80))
        q--;
    ra = utf8_length(a + p, la - p - q);
    rb = utf8_length(b + p, lb - p - q);
    return ra > rb ? ra : rb;
}

int units_suggest(const Units *u, const char *name)
{
    char *key;
    size_t len, limit, best = SIZE_MAX, i;
    int bad, found, best_unit = -1;

    if (!u || !name)
        return -1;
    found = units_find(u, name);
    if (found >= 0)
        return found;
    key = make_key(u, name, 1, &bad);
    if (!key)
        return -1;
    len = utf8_length(key, strlen(key));
    /* "Reasonably close": one edit for very short keys (else "Xyz" would
     * land on "Hue"), otherwise about a third of the length, at least two. */
    limit = len <= 4 ? 1 : (len / 3 > 2 ? len / 3 : 2);
    if (len == 0)
        limit = 0;
    for (i = 0; len && i < u->nkeys; i++) {
        const UnitKey *k = &u->keys[i];
        size_t gap, dist, span, cap = best < limit ? best : limit;
        if (k->what == KEY_CODE) /* codes are typed, not misspelt */
            continue;
        gap = k->cps > len ? k->cps - len : len - k->cps;
        if (gap > cap)
            continue; /* the length difference alone is too far */
        dist = text_distance(key, k->key);
        if (dist > cap)
            continue;
        /* A long shared stretch ("ministryof...") must not buy leeway for
         * the part that differs: "Ministry of Defence" is not a misspelt
         * "Ministry of Finance".  Within the differing stretch, at most a
         * third (or two edits, so one transposition passes) may change. */
        span = differing_span(key, k->key);
        if (dist > 2 && dist > span / 3)
            continue;
        if (dist < best || (dist == best && k->unit < best_unit)) {
            best = dist;
            best_unit = k->unit;
        }
    }
    free(key);
    return best_unit;
}

size_t units_count(const Units *u)
{
    return u ? u->n : 0;
}

const char *units_code(const Units *u, int i)
{
    if (!u || i < 0 || (size_t)i >= u->n)
        return NULL;
    return u->units[i].code;
}

const char *units_name(const Units *u, int i)
{
    if (!u || i < 0 || (size_t)i >= u->n)
        return NULL;
    return u->units[i].name;
}
