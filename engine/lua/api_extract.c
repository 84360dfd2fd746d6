/* api_extract.c — extraction rule files (rules/extract/NAME.lua) for scripts,
 * and Vietnamese number parsing.
 *
 *   local decl, rules = chiso.extract_rules("rules/extract/vi.lua",
 *                                           { memory_mib = 64, instructions = 5e7, roots = { "rules" } })
 *   -- decl: what the rule file returned, copied into the script's state:
 *   --   patterns it compiled with re.compile are chiso.Regex objects here (compiled
 *   --   again in this state, with JIT; info().where still names the rule file's line);
 *   --   functions are chiso.ExtractFunction objects: calling one runs the rule
 *   --   function in the sandbox, under its limits, with the arguments copied in
 *   --   (text, numbers, booleans, plain tables) and the results copied out.
 *   -- rules: the sandbox's handle (rules:memory(), rules:dead()); functions keep it alive.
 *
 *   chiso.parse_number("87,57")          --> 87.57, 2, false   (value, decimals, percent)
 *   chiso.parse_number("43.83", "plain") --> 43.83, 2, false
 *   chiso.parse_number("15.833")         --> 15833, 0, false
 *   chiso.parse_number("43.83")          --> nil, "malformed", "…why…"
 *
 * The rule file runs in a sandbox (sandbox.h) in which `re` is defined
 * (api_re_define); everything else about it is as for any rule file.
 */
#include "api.h"
#include "number.h"
#include "sandbox.h"

#include <lauxlib.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define API_EXTRACT_RULES "chiso.ExtractRules"
#define API_EXTRACT_FN "chiso.ExtractFunction"
#define COPY_DEPTH_MAX 100
#define ROOTS_MAX 8

typedef struct RulesBox {
    Sandbox *sb; /* NULL once freed */
} RulesBox;

typedef struct ExtractFn {
    int ref; /* the function in the sandbox registry; user value 1: its RulesBox */
} ExtractFn;

static void *as_key(const void *p)
{
    return (void *)(uintptr_t)p; /* a lightuserdata key, never written through */
}

/* ------------------------------------------------------------------------ */
/* Sandbox -> script: [Out*, box] in L; memo table at OUT_MEMO              */

typedef struct Out {
    lua_State *S;
    int first, n; /* S stack values to copy */
} Out;

#define OUT_BOX 2
#define OUT_MEMO 3

static int ref_body(lua_State *S)
{
    int *ref = lua_touserdata(S, 1);
    lua_settop(S, 2);
    *ref = luaL_ref(S, LUA_REGISTRYINDEX);
    return 0;
}

static void out_value(lua_State *L, Out *o, int sidx, int depth);

static void out_function(lua_State *L, Out *o, int sidx)
{
    lua_State *S = o->S;
    ExtractFn *fn;
    int ref = LUA_NOREF;
    lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
    if (lua_rawget(L, OUT_MEMO) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    if (!lua_checkstack(S, 4))
        luaL_error(L, "rule value too deeply nested");
    /* Anchoring the function allocates in the sandbox: protected there. */
    lua_pushcfunction(S, ref_body);
    lua_pushlightuserdata(S, &ref);
    lua_pushvalue(S, sidx);
    if (lua_pcall(S, 2, 0, 0) != LUA_OK) {
        lua_pop(S, 1);
        luaL_error(L, "cannot keep a rule function: the rule sandbox is out of memory");
    }
    fn = lua_newuserdatauv(L, sizeof *fn, 1);
    fn->ref = ref;
    luaL_setmetatable(L, API_EXTRACT_FN);
    lua_pushvalue(L, OUT_BOX);
    lua_setiuservalue(L, -2, 1);
    lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
    lua_pushvalue(L, -2);
    lua_rawset(L, OUT_MEMO);
}

static void out_table(lua_State *L, Out *o, int sidx, int depth)
{
    lua_State *S = o->S;
    int t, unproxied = 0;
    if (depth >= COPY_DEPTH_MAX || !lua_checkstack(S, 4) || !lua_checkstack(L, 6))
        luaL_error(L, "rule value nested more than %d levels deep", COPY_DEPTH_MAX);
    sidx = lua_absindex(S, sidx);
    if (sandbox_unproxy(S, sidx)) {
        sidx = lua_gettop(S);
        unproxied = 1;
    }
    lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
    if (lua_rawget(L, OUT_MEMO) != LUA_TNIL) {
        if (unproxied)
            lua_pop(S, 1);
        return;
    }
    lua_pop(L, 1);
    lua_newtable(L);
    t = lua_gettop(L);
    lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
    lua_pushvalue(L, t);
    lua_rawset(L, OUT_MEMO);
    lua_pushnil(S);
    while (lua_next(S, sidx)) {
        out_value(L, o, -2, depth + 1);
        out_value(L, o, -1, depth + 1);
        lua_rawset(L, t);
        lua_pop(S, 1);
    }
    if (unproxied)
        lua_pop(S, 1);
}

static void out_value(lua_State *L, Out *o, int sidx, int depth)
{
    lua_State *S = o->S;
    sidx = lua_absindex(S, sidx);
    switch (lua_type(S, sidx)) {
    case LUA_TNIL:
        lua_pushnil(L);
        break;
    case LUA_TBOOLEAN:
        lua_pushboolean(L, lua_toboolean(S, sidx));
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(S, sidx))
            lua_pushinteger(L, lua_tointeger(S, sidx));
        else
            lua_pushnumber(L, lua_tonumber(S, sidx));
        break;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(S, sidx, &len);
        lua_pushlstring(L, s, len);
        break;
    }
    case LUA_TTABLE:
        out_table(L, o, sidx, depth);
        break;
    case LUA_TFUNCTION:
        out_function(L, o, sidx);
        break;
    case LUA_TUSERDATA:
        if (api_re_copy(L, S, sidx))
            break;
        /* fall through */
    default:
        luaL_error(L, "a rule file value of type %s cannot be handed to scripts", luaL_typename(S, sidx));
    }
}

static int out_body(lua_State *L)
{
    Out *o = lua_touserdata(L, 1);
    int i;
    lua_newtable(L); /* OUT_MEMO */
    luaL_checkstack(L, o->n + 4, "too many results from a rule function");
    for (i = 0; i < o->n; i++)
        out_value(L, o, o->first + i, 0);
    return o->n;
}

/* Copy S values first..first+n-1 into L (on top), drop them from S. */
static int copy_out(lua_State *L, int boxidx, lua_State *S, int first, int n)
{
    Out o;
    int status;
    o.S = S;
    o.first = first;
    o.n = n;
    boxidx = lua_absindex(L, boxidx);
    if (!lua_checkstack(L, n + 4)) {
        lua_settop(S, first - 1);
        return luaL_error(L, "too many results from a rule function");
    }
    lua_pushcfunction(L, out_body);
    lua_pushlightuserdata(L, &o);
    lua_pushvalue(L, boxidx);
    status = lua_pcall(L, 2, n, 0);
    lua_settop(S, first - 1);
    if (status != LUA_OK)
        return lua_error(L);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Script -> sandbox: runs protected in S; [In*] then the memo table        */

typedef struct In {
    lua_State *L;
    int first, n;
    int argno;
} In;

#define IN_MEMO 2

static void in_value(lua_State *S, In *c, int lidx, int depth);

static int in_fail(lua_State *S, In *c, const char *what)
{
    return luaL_error(S, "bad argument #%d to rule function (%s)", c->argno, what);
}

static void in_table(lua_State *S, In *c, int lidx, int depth)
{
    lua_State *L = c->L;
    int t;
    if (depth >= COPY_DEPTH_MAX || !lua_checkstack(L, 4) || !lua_checkstack(S, 6))
        in_fail(S, c, "table nested too deeply");
    lidx = lua_absindex(L, lidx);
    lua_pushlightuserdata(S, as_key(lua_topointer(L, lidx)));
    if (lua_rawget(S, IN_MEMO) != LUA_TNIL)
        return;
    lua_pop(S, 1);
    lua_newtable(S);
    t = lua_gettop(S);
    lua_pushlightuserdata(S, as_key(lua_topointer(L, lidx)));
    lua_pushvalue(S, t);
    lua_rawset(S, IN_MEMO);
    lua_pushnil(L);
    while (lua_next(L, lidx)) {
        in_value(S, c, -2, depth + 1);
        in_value(S, c, -1, depth + 1);
        lua_rawset(S, t);
        lua_pop(L, 1);
    }
}

static void in_value(lua_State *S, In *c, int lidx, int depth)
{
    lua_State *L = c->L;
    lidx = lua_absindex(L, lidx);
    switch (lua_type(L, lidx)) {
    case LUA_TNIL:
        lua_pushnil(S);
        break;
    case LUA_TBOOLEAN:
        lua_pushboolean(S, lua_toboolean(L, lidx));
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, lidx))
            lua_pushinteger(S, lua_tointeger(L, lidx));
        else
            lua_pushnumber(S, lua_tonumber(L, lidx));
        break;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, lidx, &len);
        lua_pushlstring(S, s, len);
        break;
    }
    case LUA_TTABLE:
        in_table(S, c, lidx, depth);
        break;
    case LUA_TUSERDATA:
        if (api_re_copy(S, L, lidx))
            break;
        in_fail(S, c, "userdata cannot be passed to rule files");
        break;
    default:
        in_fail(S, c, lua_type(L, lidx) == LUA_TFUNCTION ? "script functions cannot be passed to rule files"
                                                          : "this type cannot be passed to rule files");
    }
}

static int in_body(lua_State *S)
{
    In *c = lua_touserdata(S, 1);
    int i;
    lua_newtable(S); /* IN_MEMO */
    if (!lua_checkstack(S, c->n + 4))
        return luaL_error(S, "too many arguments to rule function");
    for (i = 0; i < c->n; i++) {
        c->argno = i + 1;
        in_value(S, c, c->first + i, 0);
    }
    return c->n;
}

/* ------------------------------------------------------------------------ */
/* chiso.ExtractFunction                                                    */

/* Lua: f(...) -> the rule function's results */
static int fn_call(lua_State *L)
{
    ExtractFn *fn = luaL_checkudata(L, 1, API_EXTRACT_FN);
    int nargs = lua_gettop(L) - 1, boxidx, top, status;
    RulesBox *box;
    lua_State *S;
    In c;
    Diag d;

    lua_getiuservalue(L, 1, 1);
    boxidx = lua_gettop(L);
    box = lua_touserdata(L, boxidx);
    if (!box || !box->sb)
        return luaL_error(L, "the rule sandbox of this function is closed");
    S = sandbox_state(box->sb);
    top = lua_gettop(S);
    if (!lua_checkstack(S, nargs + 8))
        return luaL_error(L, "too many arguments to rule function");
    lua_rawgeti(S, LUA_REGISTRYINDEX, fn->ref);
    c.L = L;
    c.first = 2;
    c.n = nargs;
    c.argno = 0;
    lua_pushcfunction(S, in_body);
    lua_pushlightuserdata(S, &c);
    status = lua_pcall(S, 1, nargs, 0);
    if (status != LUA_OK) {
        char msg[DIAG_MAX];
        snprintf(msg, sizeof msg, "%s",
                 sandbox_dead(box->sb) ? "the arguments do not fit in the rule sandbox's memory"
                 : lua_tostring(S, -1) ? lua_tostring(S, -1)
                                       : "cannot pass the arguments to the rule function");
        lua_settop(S, top);
        return luaL_error(L, "%s", msg);
    }
    if (sandbox_call(box->sb, nargs, LUA_MULTRET, &d) != 0)
        return api_raise(L, &d);
    return copy_out(L, boxidx, S, top + 1, lua_gettop(S) - top);
}

/* Lua: tostring(f) -> "<rule function FILE:LINE>" */
static int fn_tostring(lua_State *L)
{
    ExtractFn *fn = luaL_checkudata(L, 1, API_EXTRACT_FN);
    RulesBox *box;
    lua_State *S;
    lua_Debug ar;
    lua_getiuservalue(L, 1, 1);
    box = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!box || !box->sb) {
        lua_pushliteral(L, "<rule function (closed)>");
        return 1;
    }
    S = sandbox_state(box->sb);
    if (!lua_checkstack(S, 1)) {
        lua_pushliteral(L, "<rule function>");
        return 1;
    }
    lua_rawgeti(S, LUA_REGISTRYINDEX, fn->ref);
    if (lua_getinfo(S, ">S", &ar) && ar.source[0] == '@')
        lua_pushfstring(L, "<rule function %s:%d>", ar.source + 1, ar.linedefined);
    else
        lua_pushliteral(L, "<rule function>");
    return 1;
}

/* ------------------------------------------------------------------------ */
/* chiso.ExtractRules                                                       */

static RulesBox *check_rules(lua_State *L, int idx)
{
    RulesBox *box = luaL_checkudata(L, idx, API_EXTRACT_RULES);
    if (!box->sb)
        luaL_error(L, "the rule sandbox is closed");
    return box;
}

static int rules_memory(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)sandbox_memory(check_rules(L, 1)->sb));
    return 1;
}

static int rules_dead(lua_State *L)
{
    lua_pushboolean(L, sandbox_dead(check_rules(L, 1)->sb));
    return 1;
}

static int rules_gc(lua_State *L)
{
    RulesBox *box = luaL_checkudata(L, 1, API_EXTRACT_RULES);
    sandbox_free(box->sb); /* the functions' refs go with it */
    box->sb = NULL;
    return 0;
}

static int rules_tostring(lua_State *L)
{
    RulesBox *box = luaL_checkudata(L, 1, API_EXTRACT_RULES);
    lua_pushstring(L, box->sb ? "<chiso.ExtractRules>" : "<chiso.ExtractRules (closed)>");
    return 1;
}

/* Lua: chiso.extract_rules(path [, { memory_mib, instructions, roots, seed }]) -> decl, rules */
static int l_extract_rules(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *roots[ROOTS_MAX + 1] = {NULL};
    SandboxOptions o;
    RulesBox *box;
    lua_State *S;
    Diag d;
    int top;

    memset(&o, 0, sizeof o);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        if (lua_getfield(L, 2, "memory_mib") != LUA_TNIL) {
            lua_Integer v = luaL_checkinteger(L, -1);
            luaL_argcheck(L, v > 0, 2, "memory_mib must be positive");
            o.memory_mib = (size_t)v;
        }
        if (lua_getfield(L, 2, "instructions") != LUA_TNIL) {
            lua_Integer v = luaL_checkinteger(L, -1);
            luaL_argcheck(L, v > 0, 2, "instructions must be positive");
            o.instructions = (long long)v;
        }
        if (lua_getfield(L, 2, "seed") != LUA_TNIL)
            o.seed = (unsigned long long)luaL_checkinteger(L, -1);
        if (lua_getfield(L, 2, "roots") == LUA_TTABLE) {
            int k;
            for (k = 0; k < ROOTS_MAX && lua_rawgeti(L, -1, k + 1) == LUA_TSTRING; k++) {
                roots[k] = lua_tostring(L, -1); /* alive in the roots table, kept on the stack */
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
            o.roots = roots;
        }
    }
    box = lua_newuserdatauv(L, sizeof *box, 0);
    box->sb = NULL;
    luaL_setmetatable(L, API_EXTRACT_RULES);
    box->sb = sandbox_new(&o, &d);
    if (!box->sb)
        return api_raise(L, &d);
    if (api_re_define(box->sb, &d) != 0)
        return api_raise(L, &d);
    S = sandbox_state(box->sb);
    top = lua_gettop(S);
    if (sandbox_dofile(box->sb, path, &d) != 0)
        return api_raise(L, &d);
    if (!lua_istable(S, -1)) {
        const char *got = luaL_typename(S, -1);
        lua_settop(S, top);
        return api_raisef(L, "%s: an extraction rule file must return a table, not %s", path, got);
    }
    copy_out(L, lua_gettop(L), S, top + 1, 1);
    lua_pushvalue(L, -2);
    return 2;
}

/* ------------------------------------------------------------------------ */
/* chiso.parse_number                                                       */

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

/* clang-format off */
static const luaL_Reg rules_methods[] = {
    {"memory", rules_memory}, {"dead", rules_dead}, {NULL, NULL},
};

static const luaL_Reg rules_meta[] = {
    {"__gc", rules_gc}, {"__close", rules_gc}, {"__tostring", rules_tostring}, {NULL, NULL},
};

static const luaL_Reg fn_meta[] = {
    {"__call", fn_call}, {"__tostring", fn_tostring}, {NULL, NULL},
};

static const luaL_Reg funcs[] = {
    {"extract_rules", l_extract_rules}, {"parse_number", l_parse_number}, {NULL, NULL},
};
/* clang-format on */

void api_extract_register(lua_State *L)
{
    luaL_checkstack(L, 4, NULL);
    luaL_newmetatable(L, API_EXTRACT_RULES);
    luaL_setfuncs(L, rules_meta, 0);
    luaL_newlib(L, rules_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, API_EXTRACT_FN);
    luaL_setfuncs(L, fn_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_setfuncs(L, funcs, 0);
}
