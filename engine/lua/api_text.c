/* api_text.c — chiso.text: UTF-8 text helpers for scripts.
 *
 *   chiso.text.width("Hà Nội")            --> 6   (terminal columns)
 *   chiso.text.fold("TP. Hồ Chí Minh")    --> "tp ho chi minh"
 *   chiso.text.pad("Huế", 6)              --> "Huế   "
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "text.h"

/* Lua: chiso.text.width(s) -> columns on a terminal */
static int l_width(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)text_width(luaL_checkstring(L, 1)));
    return 1;
}

static int push_owned(lua_State *L, char *s, const char *what)
{
    if (!s)
        return luaL_error(L, "%s: invalid UTF-8", what);
    lua_pushstring(L, s);
    free(s);
    return 1;
}

/* Lua: chiso.text.fold(s) -> matching key (no diacritics, lower case, single spaces) */
static int l_fold(lua_State *L)
{
    return push_owned(L, text_fold(luaL_checkstring(L, 1)), "fold");
}

/* Lua: chiso.text.nfc(s) -> s in Unicode NFC */
static int l_nfc(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    return push_owned(L, text_nfc(s, n), "nfc");
}

/* Lua: chiso.text.valid(s) -> true | false, byte offset (1-based) of the first bad byte */
static int l_valid(lua_State *L)
{
    size_t n, bad;
    const char *s = luaL_checklstring(L, 1, &n);
    if (utf8_check(s, n, &bad) == 0) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_pushinteger(L, (lua_Integer)bad + 1);
    return 2;
}

/* Lua: chiso.text.distance(a, b) -> edit distance in code points */
static int l_distance(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)text_distance(luaL_checkstring(L, 1), luaL_checkstring(L, 2)));
    return 1;
}

/* Lua: chiso.text.pad(s, width [, "left"|"right"]) -> s padded with spaces to width columns
 * ("left" aligns left, the default; "right" pads on the left). */
static int l_pad(lua_State *L)
{
    const char *s = luaL_checkstring(L, 1);
    lua_Integer w = luaL_checkinteger(L, 2);
    const char *how = luaL_optstring(L, 3, "left");
    size_t have = text_width(s);
    luaL_Buffer b;
    lua_Integer k;
    luaL_argcheck(L, strcmp(how, "left") == 0 || strcmp(how, "right") == 0, 3, "'left' or 'right'");
    luaL_buffinit(L, &b);
    if (how[0] == 'r')
        for (k = (lua_Integer)have; k < w; k++)
            luaL_addchar(&b, ' ');
    luaL_addstring(&b, s);
    if (how[0] == 'l')
        for (k = (lua_Integer)have; k < w; k++)
            luaL_addchar(&b, ' ');
    luaL_pushresult(&b);
    return 1;
}

static const luaL_Reg funcs[] = {{"width", l_width},       {"fold", l_fold}, {"nfc", l_nfc},
                                 {"valid", l_valid},       {"distance", l_distance},
                                 {"pad", l_pad},           {NULL, NULL}};

void api_text_register(lua_State *L)
{
    luaL_newlib(L, funcs);
    lua_setfield(L, -2, "text");
}
