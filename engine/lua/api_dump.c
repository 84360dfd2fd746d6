/* api_dump.c — chiso.dump: a deterministic, readable Lua-literal rendering
 * of a value (what `chiso eval FILE.lua` prints).
 *
 *   print(chiso.dump(sb:dofile("rules/par/2017.lua")))
 *   print(chiso.dump({ 1, 2, name = "x", ["a b"] = 2.0 }))
 *     --> { 1, 2, name = "x", ["a b"] = 2.0 }
 *   print(chiso.dump(t, { indent = 4, width = 0 }))  -- 4 spaces, never inline
 *
 * Rules:
 *  - tables list their integer keys 1..n first (as a list), then the other
 *    keys: strings in byte order, then numbers in numeric order, then
 *    booleans, then anything else; identifier keys read `key = `, others
 *    `["key"] = ` / `[3.5] = `;
 *  - a table whose values are all non-tables is written on one line when it
 *    fits in `width` columns (default 80); otherwise one entry per line,
 *    indented by `indent` spaces (default 2), each ending with a comma;
 *  - integers as integers, floats with %.14g and always readable as floats
 *    (2.0, 1e+20, math.huge, -math.huge, 0/0);
 *  - strings in double quotes; quote, backslash and control bytes escaped
 *    (\n \t \r \" \\ \ddd), valid UTF-8 kept, invalid bytes as \ddd;
 *  - a table met a second time (a cycle or a shared reference) is <cycle>;
 *    rule functions <function FILE:LINE>, other functions likewise ([C] for
 *    C functions), userdata <userdata chiso.X>, threads <thread>.
 */
#include "api.h"

#include <lauxlib.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_DEPTH_MAX 200

typedef struct Dump {
    lua_State *L;
    int buf;        /* stack index of the buffer userdata */
    int seen;       /* stack index of the table of tables already written */
    char *p;        /* buffer contents (the userdata) */
    size_t n, cap;
    int indent;     /* spaces per level */
    int width;      /* inline limit in columns; 0: never inline */
} Dump;

/* Grow the buffer: a new, larger userdata replaces the old one in its slot,
 * so an error anywhere leaves nothing to free. */
static void dump_reserve(Dump *D, size_t more)
{
    size_t cap = D->cap ? D->cap : 256;
    char *np;
    if (D->n + more <= D->cap)
        return;
    while (cap < D->n + more)
        cap *= 2;
    np = lua_newuserdatauv(D->L, cap, 0);
    if (D->n)
        memcpy(np, D->p, D->n);
    lua_replace(D->L, D->buf);
    D->p = np;
    D->cap = cap;
}

static void dump_add(Dump *D, const char *s, size_t len)
{
    dump_reserve(D, len);
    memcpy(D->p + D->n, s, len);
    D->n += len;
}

static void dump_str(Dump *D, const char *s)
{
    dump_add(D, s, strlen(s));
}

static void dump_char(Dump *D, char c)
{
    dump_reserve(D, 1);
    D->p[D->n++] = c;
}

static void dump_spaces(Dump *D, int n)
{
    while (n-- > 0)
        dump_char(D, ' ');
}

/* Column of the write position (bytes since the last newline). */
static size_t dump_column(const Dump *D)
{
    size_t i = D->n;
    while (i > 0 && D->p[i - 1] != '\n')
        i--;
    return D->n - i;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned long cp;
    if (s[0] < 0xC2 || s[0] > 0xF4)
        return 0;
    len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (len > n)
        return 0;
    cp = s[0] & (0x7F >> len);
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0; /* overlong, out of range or a surrogate */
    return len;
}

static void dump_quoted(Dump *D, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    char esc[8];
    dump_char(D, '"');
    while (i < len) {
        unsigned char c = u[i];
        size_t k;
        switch (c) {
        case '"': dump_str(D, "\\\""); i++; continue;
        case '\\': dump_str(D, "\\\\"); i++; continue;
        case '\n': dump_str(D, "\\n"); i++; continue;
        case '\t': dump_str(D, "\\t"); i++; continue;
        case '\r': dump_str(D, "\\r"); i++; continue;
        default: break;
        }
        if (c >= 0x20 && c < 0x7F) {
            dump_char(D, (char)c);
            i++;
        } else if (c >= 0x80 && (k = utf8_len(u + i, len - i)) > 0) {
            dump_add(D, s + i, k);
            i += k;
        } else {
            snprintf(esc, sizeof esc, "\\%03u", (unsigned)c);
            dump_str(D, esc);
            i++;
        }
    }
    dump_char(D, '"');
}

static void dump_number(Dump *D, int idx)
{
    char num[64];
    lua_State *L = D->L;
    if (lua_isinteger(L, idx)) {
        lua_Integer i = lua_tointeger(L, idx);
        if (i == LUA_MININTEGER)
            snprintf(num, sizeof num, "math.mininteger"); /* no literal reads back */
        else
            snprintf(num, sizeof num, LUA_INTEGER_FMT, (LUAI_UACINT)i);
    } else {
        lua_Number x = lua_tonumber(L, idx);
        if (x != x)
            snprintf(num, sizeof num, "0/0");
        else if (isinf(x))
            snprintf(num, sizeof num, "%smath.huge", x < 0 ? "-" : "");
        else {
            snprintf(num, sizeof num, "%.14g", (double)x);
            if (strspn(num, "-0123456789") == strlen(num))
                strcat(num, ".0"); /* keep it a float */
        }
    }
    dump_str(D, num);
}

static int is_identifier(const char *s, size_t len)
{
    static const char *const reserved[] = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function",
        "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
        "true", "until", "while", NULL,
    };
    const char *const *r;
    size_t i;
    if (len == 0 || strlen(s) != len || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    for (r = reserved; *r; r++)
        if (strcmp(*r, s) == 0)
            return 0;
    return 1;
}

/* Text for values that are not written out: functions, userdata, threads. */
static void dump_opaque(Dump *D, int idx)
{
    lua_State *L = D->L;
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TFUNCTION: {
        lua_Debug ar;
        lua_pushvalue(L, idx);
        if (lua_getinfo(L, ">S", &ar) && ar.what[0] != 'C') {
            const char *src = (ar.source[0] == '@' || ar.source[0] == '=') ? ar.source + 1
                                                                              : ar.short_src;
            lua_pushfstring(L, "<function %s:%d>", src, ar.linedefined);
        } else {
            lua_pushliteral(L, "<function [C]>");
        }
        break;
    }
    case LUA_TUSERDATA:
        if (luaL_testudata(L, idx, API_RULEFN)) {
            const char *s = luaL_tolstring(L, idx, NULL); /* "<rule function F:L>" */
            const char *prefix = "<rule function ";
            if (strncmp(s, prefix, strlen(prefix)) == 0)
                lua_pushfstring(L, "<function %s", s + strlen(prefix));
            else
                lua_pushliteral(L, "<function>");
            lua_remove(L, -2);
        } else if (luaL_getmetafield(L, idx, "__name") == LUA_TSTRING) {
            lua_pushfstring(L, "<userdata %s>", lua_tostring(L, -1));
            lua_remove(L, -2);
        } else {
            lua_pushliteral(L, "<userdata>");
        }
        break;
    case LUA_TLIGHTUSERDATA:
        lua_pushliteral(L, "<userdata>");
        break;
    case LUA_TTHREAD:
        lua_pushliteral(L, "<thread>");
        break;
    default:
        lua_pushfstring(L, "<%s>", luaL_typename(L, idx));
    }
    dump_str(D, lua_tostring(L, -1));
    lua_pop(L, 1);
}

/* ------------------------------------------------------------------------ */
/* Key order                                                                */

typedef struct KeyRank {
    int cat;           /* 0 string, 1 number, 2 boolean, 3 other */
    int isint;
    lua_Integer i;
    lua_Number x;
    const char *s;     /* string key, or the text of an "other" key */
    size_t len;
    int slot;          /* index in the unsorted key table */
} KeyRank;

static int rank_cmp(const void *pa, const void *pb)
{
    const KeyRank *a = pa, *b = pb;
    if (a->cat != b->cat)
        return a->cat < b->cat ? -1 : 1;
    if (a->cat == 1) {
        lua_Number x, y;
        if (a->isint && b->isint)
            return (a->i > b->i) - (a->i < b->i);
        x = a->isint ? (lua_Number)a->i : a->x;
        y = b->isint ? (lua_Number)b->i : b->x;
        if (x != y)
            return x < y ? -1 : 1;
        return b->isint - a->isint;
    }
    if (a->cat == 2)
        return (int)(a->i - b->i);
    {
        size_t m = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, m);
        if (c)
            return c;
        if (a->len != b->len)
            return a->len < b->len ? -1 : 1;
        return (a->slot > b->slot) - (a->slot < b->slot);
    }
}

/* For table t, push an array of its keys other than 1..nlist, sorted;
 * returns how many. */
static int push_other_keys(Dump *D, int t, lua_Integer nlist)
{
    lua_State *L = D->L;
    int n = 0, k = 0, raw, texts, i;
    KeyRank *rank;

    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
              lua_tointeger(L, -1) <= nlist))
            n++;
    }
    lua_createtable(L, n, 0);
    raw = lua_gettop(L);
    lua_createtable(L, n, 0); /* texts of "other" keys, kept alive */
    texts = raw + 1;
    rank = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *rank, 0);
    lua_pushnil(L);
    while (k < n && lua_next(L, t)) {
        KeyRank *r;
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= nlist)
            continue;
        r = &rank[k];
        memset(r, 0, sizeof *r);
        r->slot = k + 1;
        switch (lua_type(L, -1)) {
        case LUA_TSTRING:
            r->cat = 0;
            r->s = lua_tolstring(L, -1, &r->len);
            break;
        case LUA_TNUMBER:
            r->cat = 1;
            r->isint = lua_isinteger(L, -1);
            if (r->isint)
                r->i = lua_tointeger(L, -1);
            else
                r->x = lua_tonumber(L, -1);
            break;
        case LUA_TBOOLEAN:
            r->cat = 2;
            r->i = lua_toboolean(L, -1);
            break;
        default: {
            size_t save = D->n;
            r->cat = 3;
            if (lua_istable(L, -1))
                dump_str(D, "<table>");
            else
                dump_opaque(D, -1);
            lua_pushlstring(L, D->p + save, D->n - save);
            D->n = save;
            r->s = lua_tolstring(L, -1, &r->len);
            lua_rawseti(L, texts, k + 1);
        }
        }
        lua_pushvalue(L, -1);
        lua_rawseti(L, raw, k + 1);
        k++;
    }
    n = k;
    qsort(rank, (size_t)n, sizeof *rank, rank_cmp);
    lua_createtable(L, n, 0);
    for (i = 0; i < n; i++) {
        lua_rawgeti(L, raw, rank[i].slot);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, raw);
    lua_settop(L, raw);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static void dump_value(Dump *D, int idx, int level);

static void dump_key(Dump *D, int kidx)
{
    lua_State *L = D->L;
    size_t len;
    switch (lua_type(L, kidx)) {
    case LUA_TSTRING: {
        const char *s = lua_tolstring(L, kidx, &len);
        if (is_identifier(s, len)) {
            dump_add(D, s, len);
        } else {
            dump_char(D, '[');
            dump_quoted(D, s, len);
            dump_char(D, ']');
        }
        break;
    }
    case LUA_TNUMBER:
        dump_char(D, '[');
        dump_number(D, kidx);
        dump_char(D, ']');
        break;
    case LUA_TBOOLEAN:
        dump_str(D, lua_toboolean(L, kidx) ? "[true]" : "[false]");
        break;
    case LUA_TTABLE:
        dump_str(D, "[<table>]");
        break;
    default:
        dump_char(D, '[');
        dump_opaque(D, kidx);
        dump_char(D, ']');
    }
    dump_str(D, " = ");
}

/* Entry i (1-based) of table t: list items first, then keys[i - nlist]. */
static void dump_entry(Dump *D, int t, lua_Integer nlist, int keys, lua_Integer i, int level)
{
    lua_State *L = D->L;
    if (i <= nlist) {
        lua_rawgeti(L, t, i);
    } else {
        lua_rawgeti(L, keys, i - nlist);
        dump_key(D, -1);
        lua_rawget(L, t);
    }
    dump_value(D, -1, level);
    lua_pop(L, 1);
}

static void dump_table(Dump *D, int t, int level)
{
    lua_State *L = D->L;
    lua_Integer nlist = 0, total, i;
    int keys, flat = 1;

    lua_pushvalue(L, t);
    if (lua_rawget(L, D->seen) != LUA_TNIL) {
        lua_pop(L, 1);
        dump_str(D, "<cycle>");
        return;
    }
    lua_pop(L, 1);
    if (level >= DUMP_DEPTH_MAX) {
        dump_str(D, "<too deep>");
        return;
    }
    luaL_checkstack(L, 8, "value nested too deeply");
    lua_pushvalue(L, t);
    lua_pushboolean(L, 1);
    lua_rawset(L, D->seen);

    while (lua_rawgeti(L, t, nlist + 1) != LUA_TNIL) {
        if (lua_istable(L, -1))
            flat = 0;
        lua_pop(L, 1);
        nlist++;
    }
    lua_pop(L, 1);
    total = nlist + push_other_keys(D, t, nlist);
    keys = lua_gettop(L);
    if (total == 0) {
        dump_str(D, "{}");
        lua_pop(L, 1);
        return;
    }
    for (i = nlist + 1; flat && i <= total; i++) {
        lua_rawgeti(L, keys, i - nlist);
        if (lua_rawget(L, t) == LUA_TTABLE)
            flat = 0;
        lua_pop(L, 1);
    }
    if (flat && D->width > 0) { /* try one line; undo if too wide */
        size_t mark = D->n;
        dump_str(D, "{ ");
        for (i = 1; i <= total; i++) {
            if (i > 1)
                dump_str(D, ", ");
            dump_entry(D, t, nlist, keys, i, level + 1);
        }
        dump_str(D, " }");
        if (dump_column(D) <= (size_t)D->width && !memchr(D->p + mark, '\n', D->n - mark)) {
            lua_pop(L, 1);
            return;
        }
        D->n = mark;
    }
    dump_str(D, "{\n");
    for (i = 1; i <= total; i++) {
        dump_spaces(D, (level + 1) * D->indent);
        dump_entry(D, t, nlist, keys, i, level + 1);
        dump_str(D, ",\n");
    }
    dump_spaces(D, level * D->indent);
    dump_char(D, '}');
    lua_pop(L, 1);
}

static void dump_value(Dump *D, int idx, int level)
{
    lua_State *L = D->L;
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        dump_str(D, "nil");
        break;
    case LUA_TBOOLEAN:
        dump_str(D, lua_toboolean(L, idx) ? "true" : "false");
        break;
    case LUA_TNUMBER:
        dump_number(D, idx);
        break;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        dump_quoted(D, s, len);
        break;
    }
    case LUA_TTABLE:
        dump_table(D, idx, level);
        break;
    default:
        dump_opaque(D, idx);
    }
}

/* Lua: chiso.dump(value [, opts]) -> string
 * opts: indent = spaces per level (0..16, default 2),
 *       width = one-line limit for flat tables (default 80, 0: never) */
static int l_dump(lua_State *L)
{
    Dump D;
    memset(&D, 0, sizeof D);
    D.L = L;
    D.indent = 2;
    D.width = 80;
    luaL_checkany(L, 1);
    if (!lua_isnoneornil(L, 2)) {
        lua_Integer v;
        int isnum;
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || (strcmp(k, "indent") != 0 && strcmp(k, "width") != 0))
                return luaL_error(L, "chiso.dump: unknown option '%s'",
                                  k ? k : luaL_typename(L, -2));
            v = lua_tointegerx(L, -1, &isnum);
            if (!isnum || v < 0 || v > (strcmp(k, "indent") == 0 ? 16 : 100000))
                return luaL_error(L, "chiso.dump: option '%s' must be a small "
                                     "non-negative integer", k);
            if (strcmp(k, "indent") == 0)
                D.indent = (int)v;
            else
                D.width = (int)v;
            lua_pop(L, 1);
        }
    }
    lua_settop(L, 1);
    lua_pushnil(L); /* 2: buffer slot */
    D.buf = 2;
    lua_newtable(L); /* 3: seen */
    D.seen = 3;
    dump_reserve(&D, 256);
    dump_value(&D, 1, 0);
    lua_pushlstring(L, D.p, D.n);
    return 1;
}

void api_dump_register(lua_State *L)
{
    lua_pushcfunction(L, l_dump);
    lua_setfield(L, -2, "dump");
}
