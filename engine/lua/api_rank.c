/* api_rank.c — chiso.rank: competition ranking, rank intervals on partial
 * tables, and the consistency check of published ranks.
 *
 *   chiso.rank.competition({92.18, 91.87, 91.87, 90.1})      --> {1, 2, 2, 4}
 *   local lo, hi = chiso.rank.interval(entries, 63, 87.0)    -- entries: {{score=, rank=}, ...}
 *   for _, p in ipairs(chiso.rank.check(entries, 63)) do print(p.kind, p.a, p.b) end
 */
#include <math.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "rank.h"

static int opt_int(lua_State *L, int opts, const char *key, int def)
{
    int v = def;
    if (lua_istable(L, opts)) {
        if (lua_getfield(L, opts, key) != LUA_TNIL)
            v = (int)luaL_checkinteger(L, -1);
        lua_pop(L, 1);
    }
    return v;
}

static int opt_bool(lua_State *L, int opts, const char *key)
{
    int v = 0;
    if (lua_istable(L, opts)) {
        lua_getfield(L, opts, key);
        v = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    return v;
}

/* Lua: chiso.rank.competition(values [, {n=, lower_is_better=, decimals=}]) -> ranks (nil where missing) */
static int l_competition(lua_State *L)
{
    size_t n, i;
    double *v;
    unsigned char *m;
    int *rk, decimals, lower;

    luaL_checktype(L, 1, LUA_TTABLE);
    n = (size_t)opt_int(L, 2, "n", (int)lua_rawlen(L, 1));
    decimals = opt_int(L, 2, "decimals", -1);
    lower = opt_bool(L, 2, "lower_is_better");
    v = lua_newuserdatauv(L, (n ? n : 1) * sizeof *v, 0);
    m = lua_newuserdatauv(L, n ? n : 1, 0);
    rk = lua_newuserdatauv(L, (n ? n : 1) * sizeof *rk, 0);
    for (i = 0; i < n; i++) {
        int ty = lua_rawgeti(L, 1, (lua_Integer)i + 1);
        if (ty == LUA_TNUMBER) {
            v[i] = lua_tonumber(L, -1);
            m[i] = isnan(v[i]) ? 1 : 0;
        } else if (ty == LUA_TNIL || ty == LUA_TBOOLEAN) {
            v[i] = NAN;
            m[i] = 1;
        } else {
            return luaL_error(L, "value %d: expected a number, got %s", (int)i + 1, luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    rank_competition(v, m, n, lower, decimals, rk);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        if (rk[i] > 0) {
            lua_pushinteger(L, rk[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    return 1;
}

/* entries {{score=, rank=}, ...} -> RankEntry array in a userdata box on the stack */
static RankEntry *check_entries(lua_State *L, int arg, size_t *n)
{
    size_t i;
    RankEntry *e;
    luaL_checktype(L, arg, LUA_TTABLE);
    *n = lua_rawlen(L, arg);
    e = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *e, 0);
    for (i = 0; i < *n; i++) {
        lua_rawgeti(L, arg, (lua_Integer)i + 1);
        if (!lua_istable(L, -1))
            luaL_error(L, "entry %d: expected a table {score=, rank=}", (int)i + 1);
        e[i].has_score = lua_getfield(L, -1, "score") == LUA_TNUMBER;
        e[i].score = e[i].has_score ? lua_tonumber(L, -1) : NAN;
        lua_pop(L, 1);
        e[i].rank = lua_getfield(L, -1, "rank") == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
        lua_pop(L, 2);
    }
    return e;
}

/* Lua: chiso.rank.interval(entries, of, score [, {exclude = i, decimals = d}]) -> min, max */
static int l_interval(lua_State *L)
{
    size_t n;
    int of = (int)luaL_checkinteger(L, 2);
    double score = luaL_checknumber(L, 3);
    int exclude = opt_int(L, 4, "exclude", 0) - 1;
    int decimals = opt_int(L, 4, "decimals", -1);
    RankEntry *e = check_entries(L, 1, &n);
    RankInterval r;
    luaL_argcheck(L, !isnan(score), 3, "score is not a number");
    luaL_argcheck(L, exclude >= -1 && exclude < (int)n, 4, "exclude: no such entry");
    if (rank_interval(e, n, of, score, exclude, decimals, &r) != 0)
        return luaL_error(L, "rank interval: %d units listed but the table ranks only %d", (int)n, of);
    lua_pushinteger(L, r.min);
    lua_pushinteger(L, r.max);
    return 2;
}

/* Lua: chiso.rank.check(entries, of [, {decimals = d}]) -> { {kind=, a=, b=}, ... } */
static int l_check(lua_State *L)
{
    static const char *const kinds[] = {"order", "tie_split", "tie_score", "range", "no_slot", "crowded"};
    size_t n;
    int of = (int)luaL_checkinteger(L, 2);
    int decimals = opt_int(L, 3, "decimals", -1);
    RankEntry *e = check_entries(L, 1, &n);
    RankIssue *issues = NULL;
    long k, i;

    k = rank_check(e, n, of, decimals, &issues);
    if (k < 0)
        return luaL_error(L, "out of memory");
    lua_createtable(L, (int)k, 0);
    for (i = 0; i < k; i++) {
        lua_createtable(L, 0, 3);
        lua_pushstring(L, kinds[issues[i].kind]);
        lua_setfield(L, -2, "kind");
        lua_pushinteger(L, (lua_Integer)issues[i].a + 1);
        lua_setfield(L, -2, "a");
        if (issues[i].kind != RANK_ISSUE_RANGE && issues[i].kind != RANK_ISSUE_NO_SLOT) {
            lua_pushinteger(L, (lua_Integer)issues[i].b + 1);
            lua_setfield(L, -2, "b");
        }
        lua_rawseti(L, -2, i + 1);
    }
    free(issues);
    return 1;
}

static const luaL_Reg funcs[] = {
    {"competition", l_competition}, {"interval", l_interval}, {"check", l_check}, {NULL, NULL}};

void api_rank_register(lua_State *L)
{
    luaL_newlib(L, funcs);
    lua_setfield(L, -2, "rank");
}
