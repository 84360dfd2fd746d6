/* api_table.c — tables (chiso.Table) for scripts: reading CSV files, building
 * result tables, reading cells, and formatting them for output.
 *
 *   local t = chiso.read("scores.csv", { decimal_comma = true })
 *   for i = 1, #t do print(t:get("province", i), t:get("score", i)) end
 *   local r = chiso.table{ { name = "rank", values = {1, 2}, decimals = 0 },
 *                          { name = "unit", values = {"Quảng Ninh", "Hải Phòng"} } }
 *   io.write(r:format("csv"))
 *
 * Rows are 1-based in Lua.  A missing cell reads as nil.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "csv_load.h"
#include "number.h"
#include "out.h"
#include "table.h"
#include "text.h"

typedef struct TableRef {
    Table *t;
} TableRef;

static Table *check_table(lua_State *L, int i)
{
    TableRef *r = luaL_checkudata(L, i, API_TABLE);
    luaL_argcheck(L, r->t != NULL, i, "table was freed");
    return r->t;
}

Table *api_check_table(lua_State *L, int i)
{
    return check_table(L, i);
}

void api_push_table(lua_State *L, Table *t)
{
    TableRef *r = lua_newuserdatauv(L, sizeof *r, 0);
    r->t = t;
    luaL_setmetatable(L, API_TABLE);
}

/* Column index by name; raises "no column 'x' in SOURCE (did you mean 'y'?)". */
static int check_column(lua_State *L, Table *t, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    int c = table_find(t, name);
    size_t i, best = (size_t)-1, bestd = (size_t)-1;
    if (c >= 0)
        return c;
    for (i = 0; i < t->ncols; i++) {
        size_t dist = text_distance(name, t->cols[i].name);
        if (dist < bestd) {
            bestd = dist;
            best = i;
        }
    }
    if (best != (size_t)-1 && bestd <= 3)
        return api_raisef(L, "%s: no column '%s' (did you mean '%s'?)", t->source, name,
                          t->cols[best].name);
    return api_raisef(L, "%s: no column '%s'", t->source, name);
}

static void push_cell(lua_State *L, const Column *c, size_t r)
{
    if (c->miss[r])
        lua_pushnil(L);
    else if (c->type == COL_TEXT)
        lua_pushstring(L, c->text[r]);
    else {
        double v = c->num[r];
        lua_Integer iv;
        /* Whole numbers read as integers so that string.format("%d") works. */
        if (lua_numbertointeger(v, &iv) && (double)iv == v && c->decimals <= 0)
            lua_pushinteger(L, iv);
        else
            lua_pushnumber(L, v);
    }
}

static size_t check_row(lua_State *L, Table *t, int arg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    luaL_argcheck(L, i >= 1 && (size_t)i <= t->nrows, arg, "row out of range");
    return (size_t)(i - 1);
}

/* The most a loaded table may take: CSV_LOAD_MAX_BYTES, or CHISO_MAX_TABLE_MIB. */
static size_t table_limit(void)
{
    const char *e = getenv("CHISO_MAX_TABLE_MIB");
    char *end;
    unsigned long long v;
    if (!e || !*e)
        return CSV_LOAD_MAX_BYTES;
    v = strtoull(e, &end, 10);
    if (*end || v == 0 || v > ((size_t)-1 >> 21))
        return CSV_LOAD_MAX_BYTES;
    return (size_t)v << 20;
}

/* Fill o from the options table at index 2 (if any).  Column specs live in a
 * userdata left on the stack, so they are freed even if a check raises. */
static void read_options(lua_State *L, CsvOptions *o)
{
    CsvColumnSpec *specs = NULL;
    size_t nspecs = 0;

    csv_options_init(o);
    o->max_bytes = table_limit();
    if (lua_isnoneornil(L, 2))
        return;
    luaL_checktype(L, 2, LUA_TTABLE);
    if (lua_getfield(L, 2, "decimal_comma") != LUA_TNIL && lua_toboolean(L, -1))
        o->style = NUM_VI;
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "style") == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        if (strcmp(s, "vi") == 0)
            o->style = NUM_VI;
        else if (strcmp(s, "plain") == 0)
            o->style = NUM_PLAIN;
        else
            luaL_error(L, "style must be 'vi' or 'plain', not '%s'", s);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "delimiter") == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        if (strlen(s) != 1 || !strchr(",;\t", s[0]))
            luaL_error(L, "delimiter must be ',', ';' or a tab");
        o->delimiter = s[0];
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 2, "name") == LUA_TSTRING)
        o->display_name = lua_tostring(L, -1); /* stays on the stack while loading */
    else
        lua_pop(L, 1);
    if (lua_getfield(L, 2, "columns") == LUA_TTABLE) {
        int ct = lua_gettop(L);
        size_t k = 0;
        lua_pushnil(L);
        while (lua_next(L, ct)) {
            nspecs++;
            lua_pop(L, 1);
        }
        /* A userdata box, so the specs are freed even if a check below raises. */
        specs = lua_newuserdatauv(L, (nspecs ? nspecs : 1) * sizeof *specs, 0);
        lua_pushnil(L);
        while (lua_next(L, ct)) {
            CsvColumnSpec *s = &specs[k++];
            s->name = luaL_checkstring(L, -2); /* key stays alive in the columns table */
            s->type = -1;
            s->style = -1;
            luaL_checktype(L, -1, LUA_TTABLE);
            if (lua_getfield(L, -1, "type") == LUA_TSTRING) {
                const char *ty = lua_tostring(L, -1);
                s->type = strcmp(ty, "text") == 0 ? COL_TEXT : strcmp(ty, "number") == 0 ? COL_NUMBER : -2;
                if (s->type == -2)
                    luaL_error(L, "column '%s': type must be 'text' or 'number'", s->name);
            }
            lua_pop(L, 1);
            if (lua_getfield(L, -1, "style") == LUA_TSTRING) {
                const char *st = lua_tostring(L, -1);
                s->style = strcmp(st, "vi") == 0 ? NUM_VI : strcmp(st, "plain") == 0 ? NUM_PLAIN : -2;
                if (s->style == -2)
                    luaL_error(L, "column '%s': style must be 'vi' or 'plain'", s->name);
            }
            lua_pop(L, 2);
        }
        o->columns = specs;
        o->ncolumns = nspecs;
    }
}

/* Lua: chiso.read(path [, opts]) -> Table
 * opts: decimal_comma = true | style = "vi"|"plain", delimiter = ";",
 *       columns = { name = { type = "text"|"number", style = "vi"|"plain" } },
 *       name = "shown in messages"
 * Files over the table limit (256 MiB, or CHISO_MAX_TABLE_MIB) are refused
 * with a message naming the commands that stream. */
static int l_read(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    CsvOptions o;
    Table *t;
    Diag d;

    read_options(L, &o);
    t = csv_load_file(path, &o, &d);
    if (!t)
        return api_raise(L, &d);
    api_push_table(L, t);
    return 1;
}

/* Lua: chiso.scan(path [, opts]) -> { rows =, columns = { { name =, type =,
 * missing =, percent =, decimals = }, … }, delimiter =, style = "vi"|"plain",
 * head = Table of the first opts.head rows (default 20) }
 * A file of any size in one pass, in bounded memory (csv_scan_file): the
 * types and errors chiso.read would give. */
static int l_scan(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    CsvOptions o;
    CsvScan sc;
    Diag d;
    lua_Integer nhead = 20;
    size_t j;

    read_options(L, &o);
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "head") != LUA_TNIL)
            nhead = luaL_checkinteger(L, -1);
        lua_pop(L, 1);
    }
    if (nhead < 1)
        nhead = 1;
    if (csv_scan_file(path, &o, (size_t)nhead, &sc, &d) != 0)
        return api_raise(L, &d);
    lua_createtable(L, 0, 5);
    api_push_table(L, sc.head); /* the userdata owns it now */
    sc.head = NULL;
    lua_setfield(L, -2, "head");
    lua_pushinteger(L, (lua_Integer)sc.nrows);
    lua_setfield(L, -2, "rows");
    lua_pushlstring(L, &sc.delimiter, 1);
    lua_setfield(L, -2, "delimiter");
    lua_pushstring(L, sc.style == NUM_VI ? "vi" : "plain");
    lua_setfield(L, -2, "style");
    lua_createtable(L, (int)sc.ncols, 0);
    for (j = 0; j < sc.ncols; j++) {
        const CsvColumnScan *c = &sc.cols[j];
        lua_createtable(L, 0, 5);
        lua_pushstring(L, c->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, c->type == COL_TEXT ? "text" : "number");
        lua_setfield(L, -2, "type");
        lua_pushinteger(L, (lua_Integer)c->missing);
        lua_setfield(L, -2, "missing");
        lua_pushboolean(L, c->percent);
        lua_setfield(L, -2, "percent");
        lua_pushinteger(L, c->decimals);
        lua_setfield(L, -2, "decimals");
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "columns");
    csv_scan_free(&sc);
    return 1;
}

/* Lua: chiso.table_limit -> the bytes chiso.read accepts */
static void push_table_limit(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)table_limit());
    lua_setfield(L, -2, "table_limit");
}

/* Read values[1..n] of a column spec into a new column of t. */
static void add_column_from_lua(lua_State *L, Table *t, int spec, size_t n, int index)
{
    const char *name;
    int type = -1, c, vals;
    size_t r;
    Diag d;

    if (lua_getfield(L, spec, "name") != LUA_TSTRING)
        luaL_error(L, "column %d: 'name' must be a string", index);
    name = lua_tostring(L, -1);
    lua_pop(L, 1); /* the spec table keeps it alive */
    if (lua_getfield(L, spec, "type") == LUA_TSTRING) {
        const char *ty = lua_tostring(L, -1);
        type = strcmp(ty, "text") == 0 ? COL_TEXT : strcmp(ty, "number") == 0 ? COL_NUMBER : -2;
        if (type == -2)
            luaL_error(L, "column '%s': type must be 'text' or 'number'", name);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "values") != LUA_TTABLE && !lua_isnil(L, -1))
        luaL_error(L, "column '%s': 'values' must be a table", name);
    if (type < 0) {
        /* Infer: any string makes a text column. */
        type = COL_NUMBER;
        for (r = 1; r <= n && lua_istable(L, -1); r++) {
            if (lua_rawgeti(L, -1, (lua_Integer)r) == LUA_TSTRING)
                type = COL_TEXT;
            lua_pop(L, 1);
        }
    }
    vals = lua_gettop(L);                     /* [.. values|nil] */
    if (type == COL_NUMBER) {
        double *v = lua_newuserdatauv(L, (n ? n : 1) * sizeof *v, 0);
        unsigned char *m = lua_newuserdatauv(L, n ? n : 1, 0);
        for (r = 0; r < n; r++) {
            int ty = lua_istable(L, vals) ? lua_rawgeti(L, vals, (lua_Integer)r + 1) : (lua_pushnil(L), LUA_TNIL);
            if (ty == LUA_TNIL || (ty == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
                v[r] = NAN;
                m[r] = 1;
            } else if (ty == LUA_TNUMBER) {
                v[r] = lua_tonumber(L, -1);
                m[r] = isnan(v[r]) ? 1 : 0;
            } else {
                luaL_error(L, "column '%s', row %d: expected a number, got %s", name, (int)r + 1,
                           luaL_typename(L, -1));
            }
            lua_pop(L, 1);
        }
        c = table_add_number(t, name, v, m, &d);
    } else {
        const char **s = lua_newuserdatauv(L, (n ? n : 1) * sizeof *s, 0);
        int keep;
        lua_newtable(L);                      /* [.. values, s, keep]: converted numbers live here */
        keep = lua_gettop(L);
        for (r = 0; r < n; r++) {
            int ty = lua_istable(L, vals) ? lua_rawgeti(L, vals, (lua_Integer)r + 1) : (lua_pushnil(L), LUA_TNIL);
            if (ty == LUA_TNIL || (ty == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
                s[r] = NULL;
            } else if (ty == LUA_TSTRING) {
                s[r] = lua_tostring(L, -1);   /* kept alive by the values table */
            } else if (ty == LUA_TNUMBER) {
                s[r] = luaL_tolstring(L, -1, NULL);
                lua_rawseti(L, keep, (lua_Integer)r + 1);
            } else {
                luaL_error(L, "column '%s', row %d: expected text, got %s", name, (int)r + 1,
                           luaL_typename(L, -1));
            }
            lua_pop(L, 1);
        }
        c = table_add_text(t, name, s, &d);
    }
    lua_settop(L, vals - 1);
    if (c < 0)
        api_raise(L, &d);
    if (lua_getfield(L, spec, "decimals") == LUA_TNUMBER)
        t->cols[c].decimals = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "percent") != LUA_TNIL)
        t->cols[c].percent = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "plus") != LUA_TNIL)
        t->cols[c].plus = lua_toboolean(L, -1);
    lua_pop(L, 1);
}

static size_t max_index(lua_State *L, int idx)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_isinteger(L, -2)) {
            lua_Integer k = lua_tointeger(L, -2);
            if (k > 0 && (size_t)k > n)
                n = (size_t)k;
        }
        lua_pop(L, 1);
    }
    return n;
}

/* Lua: chiso.table{ [n = rows,] [source = "name",] {name=, values={...}, type=, decimals=, percent=}, ... } -> Table */
static int l_table(lua_State *L)
{
    size_t ncols, n = 0, i;
    TableRef *ref;
    const char *source = "(result)";

    luaL_checktype(L, 1, LUA_TTABLE);
    ncols = lua_rawlen(L, 1);
    if (lua_getfield(L, 1, "n") == LUA_TNUMBER)
        n = (size_t)lua_tointeger(L, -1);
    else {
        for (i = 1; i <= ncols; i++) {
            size_t k;
            lua_rawgeti(L, 1, (lua_Integer)i);
            luaL_argcheck(L, lua_istable(L, -1), 1, "columns must be tables");
            if (lua_getfield(L, -1, "values") == LUA_TTABLE) {
                k = max_index(L, lua_gettop(L));
                if (k > n)
                    n = k;
            }
            lua_pop(L, 2);
        }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "source") == LUA_TSTRING)
        source = lua_tostring(L, -1);
    /* Push the userdata first so the table is freed if a column check raises. */
    ref = lua_newuserdatauv(L, sizeof *ref, 0);
    ref->t = NULL;
    luaL_setmetatable(L, API_TABLE);
    ref->t = table_new(source, n);
    if (!ref->t)
        return luaL_error(L, "out of memory");
    for (i = 1; i <= ncols; i++) {
        lua_rawgeti(L, 1, (lua_Integer)i);
        luaL_argcheck(L, lua_istable(L, -1), 1, "columns must be tables");
        add_column_from_lua(L, ref->t, lua_gettop(L), n, (int)i);
        lua_pop(L, 1);
    }
    return 1;
}

/* Lua: #t, t:nrows() -> rows */
static int l_nrows(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_table(L, 1)->nrows);
    return 1;
}

/* Lua: t:names() -> { column names in order } */
static int l_names(lua_State *L)
{
    Table *t = check_table(L, 1);
    size_t c;
    lua_createtable(L, (int)t->ncols, 0);
    for (c = 0; c < t->ncols; c++) {
        lua_pushstring(L, t->cols[c].name);
        lua_rawseti(L, -2, (lua_Integer)c + 1);
    }
    return 1;
}

/* Lua: t:has(name) -> boolean */
static int l_has(lua_State *L)
{
    Table *t = check_table(L, 1);
    lua_pushboolean(L, table_find(t, luaL_checkstring(L, 2)) >= 0);
    return 1;
}

/* Lua: t:column(name) -> { values, nil where missing }, nrows */
static int l_column(lua_State *L)
{
    Table *t = check_table(L, 1);
    int c = check_column(L, t, 2);
    size_t r;
    lua_createtable(L, (int)t->nrows, 0);
    for (r = 0; r < t->nrows; r++) {
        push_cell(L, &t->cols[c], r);
        lua_rawseti(L, -2, (lua_Integer)r + 1);
    }
    lua_pushinteger(L, (lua_Integer)t->nrows);
    return 2;
}

/* Lua: t:get(name, row) -> value or nil */
static int l_get(lua_State *L)
{
    Table *t = check_table(L, 1);
    int c = check_column(L, t, 2);
    size_t r = check_row(L, t, 3);
    push_cell(L, &t->cols[c], r);
    return 1;
}

/* Lua: t:row(i) -> { name = value, ... } */
static int l_row(lua_State *L)
{
    Table *t = check_table(L, 1);
    size_t r = check_row(L, t, 2), c;
    lua_createtable(L, 0, (int)t->ncols);
    for (c = 0; c < t->ncols; c++) {
        push_cell(L, &t->cols[c], r);
        lua_setfield(L, -2, t->cols[c].name);
    }
    return 1;
}

/* Lua: t:line(i) -> the source line of row i (loaded tables), or nil */
static int l_line(lua_State *L)
{
    Table *t = check_table(L, 1);
    size_t r = check_row(L, t, 2);
    if (t->lines)
        lua_pushinteger(L, t->lines[r]);
    else
        lua_pushnil(L);
    return 1;
}

/* Lua: t:source() -> file path or name */
static int l_source(lua_State *L)
{
    lua_pushstring(L, check_table(L, 1)->source);
    return 1;
}

/* Lua: t:info(name) -> { type=, missing=, percent=, decimals=, style= } */
static int l_info(lua_State *L)
{
    Table *t = check_table(L, 1);
    const Column *col = &t->cols[check_column(L, t, 2)];
    lua_createtable(L, 0, 5);
    lua_pushstring(L, col->type == COL_TEXT ? "text" : "number");
    lua_setfield(L, -2, "type");
    lua_pushinteger(L, (lua_Integer)col->n_missing);
    lua_setfield(L, -2, "missing");
    lua_pushboolean(L, col->percent);
    lua_setfield(L, -2, "percent");
    lua_pushinteger(L, col->decimals);
    lua_setfield(L, -2, "decimals");
    lua_pushstring(L, col->style == NUM_VI ? "vi" : "plain");
    lua_setfield(L, -2, "style");
    return 1;
}

/* Lua: t:meta() -> { rows=, columns=, delimiter=, style=, source= } */
static int l_meta(lua_State *L)
{
    Table *t = check_table(L, 1);
    char delim[2] = {t->delimiter, 0};
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, (lua_Integer)t->nrows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, (lua_Integer)t->ncols);
    lua_setfield(L, -2, "columns");
    if (t->delimiter) {
        lua_pushstring(L, delim);
        lua_setfield(L, -2, "delimiter");
    }
    lua_pushstring(L, t->style == NUM_VI ? "vi" : "plain");
    lua_setfield(L, -2, "style");
    lua_pushstring(L, t->source);
    lua_setfield(L, -2, "source");
    return 1;
}

/* Lua: t:format([fmt [, opts]]) -> string;  fmt "table"|"csv"|"json"|"md",
 * opts.style = "vi" (decimal comma in table/md), opts.missing = "–" */
static int l_format(lua_State *L)
{
    Table *t = check_table(L, 1);
    const char *fmt = luaL_optstring(L, 2, "table");
    int f = out_format_parse(fmt);
    OutOptions o = {NUM_PLAIN, NULL};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    if (f < 0)
        return luaL_error(L, "unknown format '%s' (table, csv, json or md)", fmt);
    if (lua_istable(L, 3)) {
        if (lua_getfield(L, 3, "style") == LUA_TSTRING && strcmp(lua_tostring(L, -1), "vi") == 0)
            o.style = NUM_VI;
        lua_pop(L, 1);
        if (lua_getfield(L, 3, "missing") == LUA_TSTRING)
            o.missing = lua_tostring(L, -1); /* left on the stack while writing */
        else
            lua_pop(L, 1);
    }
    mem = open_memstream(&buf, &len);
    if (!mem)
        return luaL_error(L, "out of memory");
    rc = out_write(mem, t, (OutFormat)f, &o);
    fclose(mem);
    if (rc != 0) {
        free(buf);
        return luaL_error(L, "out of memory");
    }
    lua_pushlstring(L, buf, len);
    free(buf);
    return 1;
}

/* Lua: chiso.parse_number(s [, "vi"|"plain"]) -> value, decimals, percent
 *      | nil, kind, why [, value read with thousands separators]
 * kind: "empty", "text", "malformed", "ambiguous", "not_finite". */
static int l_parse_number(lua_State *L)
{
    static const char *const styles[] = {"plain", "vi", NULL};
    static const char *const kinds[] = {"ok", "empty", "text", "malformed", "ambiguous", "not_finite"};
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    NumStyle style = luaL_checkoption(L, 2, "vi", styles) == 1 ? NUM_VI : NUM_PLAIN;
    NumValue v;
    NumResult r = number_parse(s, len, style, &v);
    if (r == NUM_OK) {
        lua_pushnumber(L, v.value);
        lua_pushinteger(L, v.decimals);
        lua_pushboolean(L, v.percent);
        return 3;
    }
    lua_pushnil(L);
    lua_pushstring(L, kinds[r]);
    lua_pushstring(L, v.why ? v.why : kinds[r]);
    if (r == NUM_AMBIGUOUS) {
        lua_pushnumber(L, v.value);
        return 4;
    }
    return 3;
}

static int l_gc(lua_State *L)
{
    TableRef *r = luaL_checkudata(L, 1, API_TABLE);
    table_free(r->t);
    r->t = NULL;
    return 0;
}

static int l_tostring(lua_State *L)
{
    TableRef *r = luaL_checkudata(L, 1, API_TABLE);
    if (!r->t)
        lua_pushliteral(L, "<chiso.Table (freed)>");
    else
        lua_pushfstring(L, "<chiso.Table '%s' %d rows x %d columns>", r->t->source,
                        (int)r->t->nrows, (int)r->t->ncols);
    return 1;
}

static const luaL_Reg table_methods[] = {
    {"nrows", l_nrows},   {"names", l_names},   {"has", l_has},       {"column", l_column},
    {"get", l_get},       {"row", l_row},       {"line", l_line},     {"source", l_source},
    {"info", l_info},     {"meta", l_meta},     {"format", l_format}, {NULL, NULL}};

static const luaL_Reg table_meta[] = {
    {"__gc", l_gc}, {"__len", l_nrows}, {"__tostring", l_tostring}, {"__index", NULL}, {NULL, NULL}};

static const luaL_Reg funcs[] = {{"read", l_read}, {"scan", l_scan}, {"table", l_table}, {"parse_number", l_parse_number}, {NULL, NULL}};

void api_table_register(lua_State *L)
{
    luaL_newmetatable(L, API_TABLE);          /* [chiso, mt] */
    luaL_setfuncs(L, table_meta, 0);
    luaL_newlib(L, table_methods);            /* [chiso, mt, methods] */
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);                            /* [chiso] */
    luaL_setfuncs(L, funcs, 0);
    push_table_limit(L);
}
