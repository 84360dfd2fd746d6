/* api_units.c — chiso.units(): registries of units and name matching.
 *
 *   local u = chiso.units()
 *   u:add("79", "TP. Hồ Chí Minh")
 *   u:alias("79", "HCMC")
 *   u:find("thanh pho ho chi minh")   --> "79", "TP. Hồ Chí Minh"
 *   u:suggest("Ho Chi Mnh")           --> "79", "TP. Hồ Chí Minh"
 */
#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "units.h"

typedef struct UnitsRef {
    Units *u;
} UnitsRef;

static Units *check_units(lua_State *L, int i)
{
    UnitsRef *r = luaL_checkudata(L, i, API_UNITS);
    return r->u;
}

Units *api_check_units(lua_State *L, int i)
{
    return check_units(L, i);
}

/* A unit given as a code or a 1-based index. */
static int check_unit(lua_State *L, Units *u, int arg)
{
    int i;
    if (lua_isinteger(L, arg)) {
        lua_Integer k = lua_tointeger(L, arg);
        luaL_argcheck(L, k >= 1 && (size_t)k <= units_count(u), arg, "unit index out of range");
        return (int)k - 1;
    }
    i = units_find(u, luaL_checkstring(L, arg));
    if (i < 0)
        return luaL_error(L, "unknown unit '%s'", lua_tostring(L, arg));
    return i;
}

static int push_unit(lua_State *L, Units *u, int i)
{
    if (i < 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushstring(L, units_code(u, i));
    lua_pushstring(L, units_name(u, i));
    lua_pushinteger(L, i + 1);
    return 3;
}

/* Lua: chiso.units() -> Units */
static int l_new(lua_State *L)
{
    UnitsRef *r = lua_newuserdatauv(L, sizeof *r, 0);
    r->u = NULL;
    luaL_setmetatable(L, API_UNITS);
    r->u = units_new();
    if (!r->u)
        return luaL_error(L, "out of memory");
    return 1;
}

/* Lua: u:add(code, name) -> index */
static int l_add(lua_State *L)
{
    Units *u = check_units(L, 1);
    Diag d;
    int i = units_add(u, luaL_checkstring(L, 2), luaL_checkstring(L, 3), &d);
    if (i < 0)
        return api_raise(L, &d);
    lua_pushinteger(L, i + 1);
    return 1;
}

/* Lua: u:alias(code|index, alias) */
static int l_alias(lua_State *L)
{
    Units *u = check_units(L, 1);
    int i = check_unit(L, u, 2);
    Diag d;
    if (units_alias(u, i, luaL_checkstring(L, 3), &d) < 0)
        return api_raise(L, &d);
    return 0;
}

/* Lua: u:prefix(folded_prefix) — a word dropped from the front of names */
static int l_prefix(lua_State *L)
{
    Units *u = check_units(L, 1);
    if (units_prefix(u, luaL_checkstring(L, 2)) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

/* Lua: u:find(name) -> code, name, index | nil */
static int l_find(lua_State *L)
{
    Units *u = check_units(L, 1);
    return push_unit(L, u, units_find(u, luaL_checkstring(L, 2)));
}

/* Lua: u:suggest(name) -> code, name, index | nil */
static int l_suggest(lua_State *L)
{
    Units *u = check_units(L, 1);
    return push_unit(L, u, units_suggest(u, luaL_checkstring(L, 2)));
}

/* Lua: #u, u:count() */
static int l_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)units_count(check_units(L, 1)));
    return 1;
}

/* Lua: u:get(index) -> code, name */
static int l_get(lua_State *L)
{
    Units *u = check_units(L, 1);
    int i = check_unit(L, u, 2);
    return push_unit(L, u, i);
}

static int l_gc(lua_State *L)
{
    UnitsRef *r = luaL_checkudata(L, 1, API_UNITS);
    units_free(r->u);
    r->u = NULL;
    return 0;
}

static const luaL_Reg methods[] = {{"add", l_add},     {"alias", l_alias},     {"prefix", l_prefix},
                                   {"find", l_find},   {"suggest", l_suggest}, {"count", l_count},
                                   {"get", l_get},     {NULL, NULL}};

void api_units_register(lua_State *L)
{
    luaL_newmetatable(L, API_UNITS);           /* [chiso, mt] */
    lua_pushcfunction(L, l_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_count);
    lua_setfield(L, -2, "__len");
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);                             /* [chiso] */
    lua_pushcfunction(L, l_new);
    lua_setfield(L, -2, "units");
}
