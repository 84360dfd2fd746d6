/* api_target.c — chiso.target: the exact target solver (target.h) for scripts.
 *
 *   local plan = chiso.target {
 *     need = 1.18,                 -- points still needed (score units)
 *     decimals = 2,                -- the published precision: gains in hundredths (default 2)
 *     items = {
 *       { headroom = 6.55, cost = 1 },                   -- continuous: up to 6.55, cost per point
 *       { options = { { gain = 1, cost = 0.5 }, { gain = 2 } } },  -- steps: gain → cost (default: the gain)
 *     },
 *   }
 *   plan.feasible, plan.need, plan.gain, plan.margin, plan.max_gain, plan.cost, plan.used
 *   plan.items[i].take   -- points gained on item i (0: unchanged)
 *   plan.items[i].option -- the step taken (1-based), or nil
 *
 * Amounts are turned into whole units of 10^-decimals: the need is rounded
 * up, gains and headrooms down, so a plan the solver accepts reaches the
 * target at the published precision.  When the need is more than every item
 * at its maximum, feasible is false and the plan is every item at its maximum.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "target.h"

#define EPS_UNITS 1e-6

static double field_number(lua_State *L, int t, const char *key, double def, const char *where, lua_Integer i)
{
    double v = def;
    int ty = lua_getfield(L, t, key);
    if (ty == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    else if (ty != LUA_TNIL)
        luaL_error(L, "chiso.target: %s %d: '%s' must be a number", where, (int)i, key);
    lua_pop(L, 1);
    return v;
}

static long long to_units(lua_State *L, double v, double scale, int round_up, const char *what)
{
    double u = v * scale;
    if (!isfinite(u) || fabs(u) > 9.0e15)
        luaL_error(L, "chiso.target: %s is not a usable number", what);
    return (long long)(round_up ? ceil(u - EPS_UNITS) : floor(u + EPS_UNITS));
}

/* Lua: chiso.target(spec) -> plan (see above) */
static int l_target(lua_State *L)
{
    lua_Integer n, i, k, total_opts = 0;
    int decimals;
    double scale, need_pts;
    long long need;
    TargetItem *items;
    TargetOption *opts;
    TargetPlan plan;
    long long *take;
    int *option;
    Diag d;
    size_t used_opts = 0;

    luaL_checktype(L, 1, LUA_TTABLE);
    decimals = (int)field_number(L, 1, "decimals", 2, "spec", 0);
    if (decimals < 0 || decimals > 6)
        return luaL_error(L, "chiso.target: decimals must be 0 … 6");
    scale = pow(10, decimals);
    if (lua_getfield(L, 1, "need") != LUA_TNUMBER)
        return luaL_error(L, "chiso.target: need = the points still needed (a number)");
    need_pts = lua_tonumber(L, -1);
    lua_pop(L, 1);
    need = to_units(L, need_pts, scale, 1, "need");
    if (lua_getfield(L, 1, "items") != LUA_TTABLE)
        return luaL_error(L, "chiso.target: items = { { headroom =, cost = } | { options = { … } }, … }");
    n = (lua_Integer)lua_rawlen(L, -1); /* items at index 2 */

    /* Pass 1: check shapes, count options. */
    for (i = 1; i <= n; i++) {
        if (lua_rawgeti(L, 2, i) != LUA_TTABLE)
            return luaL_error(L, "chiso.target: item %d is not a table", (int)i);
        if (lua_getfield(L, -1, "options") == LUA_TTABLE) {
            lua_Integer no = (lua_Integer)lua_rawlen(L, -1);
            for (k = 1; k <= no; k++) {
                if (lua_rawgeti(L, -1, k) != LUA_TTABLE)
                    return luaL_error(L, "chiso.target: item %d, option %d is not a table", (int)i, (int)k);
                lua_pop(L, 1);
            }
            total_opts += no;
        } else if (!lua_isnil(L, -1)) {
            return luaL_error(L, "chiso.target: item %d: options must be a list", (int)i);
        }
        lua_pop(L, 2);
    }

    items = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *items, 0);           /* 3 */
    opts = lua_newuserdatauv(L, (size_t)(total_opts ? total_opts : 1) * sizeof *opts, 0); /* 4 */
    memset(items, 0, (size_t)(n ? n : 1) * sizeof *items);

    /* Pass 2: fill. */
    for (i = 1; i <= n; i++) {
        TargetItem *it = &items[i - 1];
        lua_rawgeti(L, 2, i);
        if (lua_getfield(L, -1, "options") == LUA_TTABLE) {
            lua_Integer no = (lua_Integer)lua_rawlen(L, -1);
            it->kind = TARGET_DISCRETE;
            it->options = opts + used_opts;
            it->noptions = (size_t)no;
            for (k = 1; k <= no; k++) {
                TargetOption *o = &opts[used_opts++];
                double gain, cost;
                lua_rawgeti(L, -1, k);
                gain = field_number(L, lua_gettop(L), "gain", NAN, "option", k);
                if (isnan(gain))
                    return luaL_error(L, "chiso.target: item %d, option %d needs gain = points", (int)i, (int)k);
                cost = field_number(L, lua_gettop(L), "cost", gain, "option", k);
                o->gain = to_units(L, gain, scale, 0, "an option's gain");
                o->cost = cost;
                if (o->gain <= 0) {
                    char msg[200];
                    snprintf(msg, sizeof msg, "chiso.target: item %d, option %d: the gain must be at least one unit "
                             "(%g at %d decimals)", (int)i, (int)k, gain, decimals);
                    return luaL_error(L, "%s", msg);
                }
                lua_pop(L, 1);
            }
        } else {
            double h = field_number(L, lua_gettop(L) - 1, "headroom", 0, "item", i);
            it->kind = TARGET_CONTINUOUS;
            it->headroom = to_units(L, h, scale, 0, "a headroom");
            if (it->headroom < 0)
                it->headroom = 0;
            it->unit_cost = field_number(L, lua_gettop(L) - 1, "cost", 1, "item", i) / scale;
        }
        lua_pop(L, 2);
    }

    if (target_solve(items, (size_t)n, need, &plan, &d) != 0)
        return luaL_error(L, "chiso.%s", d.msg);
    /* Move the plan into GC-owned memory before anything can raise. */
    take = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *take, 0);
    if (n)
        memcpy(take, plan.take, (size_t)n * sizeof *take);
    option = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *option, 0);
    if (n)
        memcpy(option, plan.option, (size_t)n * sizeof *option);
    {
        TargetPlan p = plan;
        target_plan_free(&plan);
        lua_createtable(L, 0, 9);
        lua_pushboolean(L, p.feasible);
        lua_setfield(L, -2, "feasible");
        lua_pushnumber(L, (double)p.need / scale);
        lua_setfield(L, -2, "need");
        lua_pushnumber(L, (double)p.gain / scale);
        lua_setfield(L, -2, "gain");
        lua_pushnumber(L, (double)(p.gain - (p.need > 0 ? p.need : 0)) / scale);
        lua_setfield(L, -2, "margin");
        lua_pushnumber(L, (double)p.max_gain / scale);
        lua_setfield(L, -2, "max_gain");
        lua_pushnumber(L, p.cost);
        lua_setfield(L, -2, "cost");
        lua_pushinteger(L, (lua_Integer)p.used);
        lua_setfield(L, -2, "used");
        lua_pushinteger(L, decimals);
        lua_setfield(L, -2, "decimals");
        lua_createtable(L, (int)n, 0);
        for (i = 0; i < n; i++) {
            lua_createtable(L, 0, 2);
            lua_pushnumber(L, (double)take[i] / scale);
            lua_setfield(L, -2, "take");
            if (option[i] >= 0) {
                lua_pushinteger(L, option[i] + 1);
                lua_setfield(L, -2, "option");
            }
            lua_rawseti(L, -2, i + 1);
        }
        lua_setfield(L, -2, "items");
    }
    return 1;
}

void api_target_register(lua_State *L)
{
    lua_pushcfunction(L, l_target);
    lua_setfield(L, -2, "target");
}
