/* api_xlsx.c — Excel workbooks for scripts (out_xlsx.c).
 *
 *   chiso.xlsx("result.xlsx", {
 *     { name = "score", table = t,
 *       formulas = { total = "SUM({TD}:{TAC})",                 -- every row
 *                    percent = { "{total}/100*100", false, … }, -- per row (false/nil: the value)
 *                    lost = function(row) return … end } },     -- per row, a string or nil
 *     { name = "sources", table = s },
 *   })
 *
 * One sheet per table, in order.  A formula template is an Excel formula
 * without '=' where {column} is that column's cell in the same row; it is
 * written only where the row's value and every named cell are filled, with
 * the row's value as its cached result.  The file is written whole or not
 * at all.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "out.h"
#include "table.h"

/* Keep the value on top alive for the whole call (in the anchor table) and leave it on the stack. */
static void anchor(lua_State *L, int anchors, int *k)
{
    lua_pushvalue(L, -1);
    lua_rawseti(L, anchors, ++*k);
}

static void *scratch(lua_State *L, int anchors, int *k, size_t n, size_t size)
{
    void *p = lua_newuserdatauv(L, (n ? n : 1) * size, 0);
    memset(p, 0, (n ? n : 1) * size);
    anchor(L, anchors, k);
    lua_pop(L, 1);
    return p;
}

/* formulas[name] for one column: a string, a table of per-row strings, or a function of the row. */
static const char **column_formulas(lua_State *L, int anchors, int *k, const Table *t, const char *sheet,
                                    const char *col)
{
    const char **rows = scratch(L, anchors, k, t->nrows, sizeof *rows);
    size_t r;
    int v = lua_gettop(L);
    switch (lua_type(L, v)) {
    case LUA_TSTRING:
        for (r = 0; r < t->nrows; r++)
            rows[r] = lua_tostring(L, v);
        break;
    case LUA_TTABLE:
        for (r = 0; r < t->nrows; r++) {
            int ty = lua_rawgeti(L, v, (lua_Integer)r + 1);
            if (ty == LUA_TSTRING) {
                anchor(L, anchors, k);
                rows[r] = lua_tostring(L, -1);
            } else if (ty != LUA_TNIL && ty != LUA_TBOOLEAN) {
                luaL_error(L, "chiso.xlsx: sheet '%s', formulas.%s[%d]: a string, false or nil, not a %s", sheet, col,
                           (int)r + 1, luaL_typename(L, -1));
            }
            lua_pop(L, 1);
        }
        break;
    case LUA_TFUNCTION:
        for (r = 0; r < t->nrows; r++) {
            lua_pushvalue(L, v);
            lua_pushinteger(L, (lua_Integer)r + 1);
            lua_call(L, 1, 1);
            if (lua_type(L, -1) == LUA_TSTRING) {
                anchor(L, anchors, k);
                rows[r] = lua_tostring(L, -1);
            } else if (!lua_isnil(L, -1) && !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
                luaL_error(L, "chiso.xlsx: sheet '%s', formulas.%s returned a %s for row %d (a string or nil)", sheet,
                           col, luaL_typename(L, -1), (int)r + 1);
            }
            lua_pop(L, 1);
        }
        break;
    default:
        luaL_error(L, "chiso.xlsx: sheet '%s', formulas.%s: a string, a table of strings or a function", sheet, col);
    }
    return rows;
}

/* Lua: chiso.xlsx(path, { { name =, table =, formulas = } … }) */
static int l_xlsx(lua_State *L)
{
    const char *path;
    size_t n, i;
    XlsxSheet *sheets;
    int anchors, k = 0;
    Diag d;

    if (lua_isnoneornil(L, 1) || (lua_type(L, 1) == LUA_TSTRING && strcmp(lua_tostring(L, 1), "-") == 0))
        return luaL_error(L, "chiso.xlsx: a workbook is written to a file, not to standard output");
    path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    n = lua_rawlen(L, 2);
    if (n == 0)
        return luaL_error(L, "chiso.xlsx: no sheets to write");
    lua_newtable(L);
    anchors = lua_gettop(L);
    sheets = scratch(L, anchors, &k, n, sizeof *sheets);
    for (i = 0; i < n; i++) {
        int s;
        const char *sheet;
        Table *t;
        if (lua_rawgeti(L, 2, (lua_Integer)i + 1) != LUA_TTABLE)
            return luaL_error(L, "chiso.xlsx: sheet %d must be a table { name =, table =, formulas = }", (int)i + 1);
        s = lua_gettop(L);
        if (lua_getfield(L, s, "table") != LUA_TUSERDATA || !luaL_testudata(L, -1, API_TABLE))
            return luaL_error(L, "chiso.xlsx: sheet %d: 'table' must be a chiso.Table", (int)i + 1);
        t = api_check_table(L, -1);
        lua_pop(L, 1); /* the sheet table keeps it alive */
        sheets[i].table = t;
        if (lua_getfield(L, s, "name") == LUA_TSTRING) {
            anchor(L, anchors, &k);
            sheets[i].name = lua_tostring(L, -1);
        } else if (!lua_isnil(L, -1)) {
            return luaL_error(L, "chiso.xlsx: sheet %d: 'name' must be a string", (int)i + 1);
        }
        lua_pop(L, 1);
        sheet = sheets[i].name ? sheets[i].name : t->source;
        if (lua_getfield(L, s, "formulas") == LUA_TTABLE) {
            int ft = lua_gettop(L);
            const char ***cols = scratch(L, anchors, &k, t->ncols, sizeof *cols);
            lua_pushnil(L);
            while (lua_next(L, ft)) {
                const char *col;
                int c;
                if (lua_type(L, -2) != LUA_TSTRING)
                    return luaL_error(L, "chiso.xlsx: sheet '%s': formulas are keyed by column name", sheet);
                col = lua_tostring(L, -2);
                c = table_find(t, col);
                if (c < 0)
                    return luaL_error(L, "chiso.xlsx: sheet '%s': formulas for '%s', which is not a column", sheet, col);
                if (t->cols[c].type != COL_NUMBER)
                    return luaL_error(L, "chiso.xlsx: sheet '%s': formulas for '%s', a text column", sheet, col);
                cols[c] = column_formulas(L, anchors, &k, t, sheet, col);
                lua_pop(L, 1);
            }
            sheets[i].formulas = (const char *const *const *)cols;
        } else if (!lua_isnil(L, -1)) {
            return luaL_error(L, "chiso.xlsx: sheet '%s': 'formulas' must be a table", sheet);
        }
        lua_settop(L, s - 1);
    }
    if (out_xlsx_write(path, sheets, n, &d) != 0)
        return api_raise(L, &d);
    return 0;
}

static const luaL_Reg funcs[] = {{"xlsx", l_xlsx}, {NULL, NULL}};

void api_xlsx_register(lua_State *L)
{
    luaL_setfuncs(L, funcs, 0);
}
