/* api_sandbox.c — rule sandboxes as seen by trusted scripts.
 *
 * A script never shares Lua values with a rule file: what a rule file returns
 * is copied into the script's state (numbers keep integer/float, tables are
 * deep-copied with shared references and cycles preserved), and rule
 * functions become chiso.RuleFunction userdata that run in the sandbox,
 * under its limits, when called.
 *
 *   local sb = chiso.sandbox { roots = { "rules" }, memory_mib = 64,
 *                              instructions = 5e7, seed = 1 }
 *   local decl = sb:dofile("rules/par/2017.lua")   -- errors: "file:line: msg"
 *   local f = decl.score                           -- a chiso.RuleFunction
 *   print(f, chiso.is_rule_function(f))            -- <rule function rules/x.lua:12> true
 *   local points = f({ value = 91 })               -- arguments copied in, results out
 *   print(sb:memory(), sb:dead())
 */
#include "api.h"
#include "sandbox.h"

#include <lauxlib.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define COPY_DEPTH_MAX 200 /* nesting of tables copied between states */

/* User value 1 of a SandboxBox: a weak-valued table from sandbox function
 * addresses to their RuleFunctions, so a function copied out twice is the
 * same RuleFunction (f == g holds in the script as in the rule file).  The
 * RuleFunction anchors its function, so the address cannot be reused while
 * the entry exists. */
typedef struct SandboxBox {
    Sandbox *sb; /* NULL once freed */
} SandboxBox;

typedef struct RuleFn {
    int ref; /* the function in the sandbox registry; user value 1: its SandboxBox */
} RuleFn;

static SandboxBox *check_box(lua_State *L, int idx)
{
    SandboxBox *box = luaL_checkudata(L, idx, API_SANDBOX);
    if (!box->sb)
        luaL_error(L, "the rule sandbox is closed");
    return box;
}

static void *as_key(const void *p)
{
    return (void *)(uintptr_t)p; /* lightuserdata keys only; never written through */
}

/* ------------------------------------------------------------------------ */
/* Sandbox -> script                                                        */

typedef struct CopyOut {
    lua_State *S;   /* sandbox state, read only (its stack aside) */
    int first, n;   /* values to copy: S stack first .. first + n - 1 */
    char err[DIAG_MAX];
} CopyOut;

/* Indices in L in copy_out_body: the SandboxBox, the memo of this copy and
 * the box's RuleFunction cache. */
#define OUT_BOX 2
#define OUT_MEMO 3
#define OUT_CACHE 4

static int ref_body(lua_State *S)
{
    int *ref = lua_touserdata(S, 1);
    lua_settop(S, 2);
    *ref = luaL_ref(S, LUA_REGISTRYINDEX);
    return 0;
}

static void copy_out_value(lua_State *L, CopyOut *c, int sidx, int depth);

/* Push a RuleFunction for the function at sidx of S. */
static void push_rulefn(lua_State *L, CopyOut *c, int sidx)
{
    lua_State *S = c->S;
    RuleFn *rf;
    int ref = LUA_NOREF;
    /* Anchoring in the sandbox allocates there: do it protected. */
    lua_pushcfunction(S, ref_body);
    lua_pushlightuserdata(S, &ref);
    lua_pushvalue(S, sidx);
    if (lua_pcall(S, 2, 0, 0) != LUA_OK) {
        lua_pop(S, 1);
        api_raisef(L, "cannot keep a rule function: the rule sandbox is out of memory");
    }
    rf = lua_newuserdatauv(L, sizeof *rf, 1);
    rf->ref = ref;
    luaL_setmetatable(L, API_RULEFN);
    lua_pushvalue(L, OUT_BOX);
    lua_setiuservalue(L, -2, 1);
}

static void copy_out_table(lua_State *L, CopyOut *c, int sidx, int depth)
{
    lua_State *S = c->S;
    int t, unproxied = 0;
    if (depth >= COPY_DEPTH_MAX)
        api_raisef(L, "rule value nested more than %d levels deep", COPY_DEPTH_MAX);
    if (!lua_checkstack(S, 4) || !lua_checkstack(L, 6))
        api_raisef(L, "rule value too deeply nested");
    sidx = lua_absindex(S, sidx);
    if (sandbox_unproxy(S, sidx)) { /* a read-only proxy: copy what it shows */
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
        copy_out_value(L, c, -2, depth + 1);
        copy_out_value(L, c, -1, depth + 1);
        lua_rawset(L, t);
        lua_pop(S, 1);
    }
    if (unproxied)
        lua_pop(S, 1);
}

static void copy_out_value(lua_State *L, CopyOut *c, int sidx, int depth)
{
    lua_State *S = c->S;
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
        copy_out_table(L, c, sidx, depth);
        break;
    case LUA_TFUNCTION:
        sidx = lua_absindex(S, sidx);
        lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
        if (lua_rawget(L, OUT_MEMO) != LUA_TNIL)
            break; /* the same function already copied: same RuleFunction */
        lua_pop(L, 1);
        lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
        if (lua_rawget(L, OUT_CACHE) == LUA_TNIL) {
            lua_pop(L, 1);
            push_rulefn(L, c, sidx);
            lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
            lua_pushvalue(L, -2);
            lua_rawset(L, OUT_CACHE);
        }
        lua_pushlightuserdata(L, as_key(lua_topointer(S, sidx)));
        lua_pushvalue(L, -2);
        lua_rawset(L, OUT_MEMO);
        break;
    case LUA_TUSERDATA:
        /* A compiled pattern (re) is compiled again on the script's side. */
        if (api_re_copy(L, S, sidx))
            break;
        /* fall through */
    default:
        api_raisef(L, "a rule file value of type %s cannot be handed to scripts",
                   lua_typename(S, lua_type(S, sidx)));
    }
}

/* [CopyOut*, box]: push copies of the n values. */
static int copy_out_body(lua_State *L)
{
    CopyOut *c = lua_touserdata(L, 1);
    int i;
    lua_newtable(L);                /* OUT_MEMO */
    lua_getiuservalue(L, OUT_BOX, 1); /* OUT_CACHE */
    luaL_checkstack(L, c->n + 4, "too many results from a rule function");
    for (i = 0; i < c->n; i++)
        copy_out_value(L, c, c->first + i, 0);
    return c->n;
}

/* Copy S values first..first+n-1 into L (results on top), then drop them
 * from S.  The copy runs protected in L so S's stack is restored before any
 * error is raised. */
static int copy_out(lua_State *L, int boxidx, lua_State *S, int first, int n)
{
    CopyOut c;
    int status;
    c.S = S;
    c.first = first;
    c.n = n;
    boxidx = lua_absindex(L, boxidx);
    if (!lua_checkstack(L, n + 4)) {
        lua_settop(S, first - 1);
        return luaL_error(L, "too many results from a rule function");
    }
    lua_pushcfunction(L, copy_out_body);
    lua_pushlightuserdata(L, &c);
    lua_pushvalue(L, boxidx);
    status = lua_pcall(L, 2, n, 0);
    lua_settop(S, first - 1);
    if (status != LUA_OK)
        return lua_error(L);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Script -> sandbox                                                        */

typedef struct CopyIn {
    lua_State *L;          /* script state, read only (its stack aside) */
    int first, n;          /* arguments: L stack first .. first + n - 1 */
    const void *rulefn_mt; /* metatable of chiso.RuleFunction in L */
    const SandboxBox *box; /* the sandbox being called */
    int argno;             /* argument being copied, for messages */
} CopyIn;

#define IN_MEMO 2

static void copy_in_value(lua_State *S, CopyIn *c, int lidx, int depth);

static int copy_in_fail(lua_State *S, CopyIn *c, const char *what)
{
    lua_pushfstring(S, "bad argument #%d to rule function (%s)", c->argno, what);
    return lua_error(S);
}

static void copy_in_table(lua_State *S, CopyIn *c, int lidx, int depth)
{
    lua_State *L = c->L;
    int t;
    if (depth >= COPY_DEPTH_MAX || !lua_checkstack(L, 4) || !lua_checkstack(S, 6))
        copy_in_fail(S, c, "table nested too deeply");
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
        copy_in_value(S, c, -2, depth + 1);
        copy_in_value(S, c, -1, depth + 1);
        lua_rawset(S, t);
        lua_pop(L, 1);
    }
}

static void copy_in_value(lua_State *S, CopyIn *c, int lidx, int depth)
{
    lua_State *L = c->L;
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
        copy_in_table(S, c, lidx, depth);
        break;
    case LUA_TUSERDATA: {
        /* A RuleFunction of this very sandbox goes back as its function. */
        const RuleFn *rf = lua_touserdata(L, lidx);
        const void *mt = NULL;
        const SandboxBox *owner = NULL;
        if (lua_checkstack(L, 2) && lua_getmetatable(L, lidx)) {
            mt = lua_topointer(L, -1);
            lua_pop(L, 1);
        }
        if (mt != c->rulefn_mt && api_re_copy(S, L, lidx))
            break; /* a compiled pattern goes in compiled for the sandbox */
        if (mt && mt == c->rulefn_mt) {
            lua_getiuservalue(L, lidx, 1);
            owner = lua_touserdata(L, -1);
            lua_pop(L, 1);
        }
        if (!owner || owner != c->box)
            copy_in_fail(S, c, mt == c->rulefn_mt
                                   ? "a function of another rule sandbox cannot be passed"
                                   : "userdata cannot be passed to rule files");
        lua_rawgeti(S, LUA_REGISTRYINDEX, rf->ref);
        break;
    }
    case LUA_TFUNCTION:
        copy_in_fail(S, c, "script functions cannot be passed to rule files");
        break;
    default:
        copy_in_fail(S, c, "this type cannot be passed to rule files");
    }
}

/* [CopyIn*]: push copies of the n arguments (runs protected in S). */
static int copy_in_body(lua_State *S)
{
    CopyIn *c = lua_touserdata(S, 1);
    int i;
    lua_newtable(S); /* IN_MEMO */
    if (!lua_checkstack(S, c->n + 4))
        return luaL_error(S, "too many arguments to rule function");
    for (i = 0; i < c->n; i++) {
        c->argno = i + 1;
        copy_in_value(S, c, c->first + i, 0);
    }
    return c->n;
}

/* ------------------------------------------------------------------------ */
/* chiso.RuleFunction                                                       */

static SandboxBox *rulefn_box(lua_State *L, int idx)
{
    SandboxBox *box;
    lua_getiuservalue(L, idx, 1);
    box = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return box;
}

/* Lua: f(...) -> results of the rule function, run under the sandbox limits */
static int rulefn_call(lua_State *L)
{
    RuleFn *rf = luaL_checkudata(L, 1, API_RULEFN);
    int nargs = lua_gettop(L) - 1, boxidx, top, status;
    SandboxBox *box;
    lua_State *S;
    CopyIn c;
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
    lua_rawgeti(S, LUA_REGISTRYINDEX, rf->ref);

    c.L = L;
    c.first = 2;
    c.n = nargs;
    c.box = box;
    c.argno = 0;
    luaL_getmetatable(L, API_RULEFN);
    c.rulefn_mt = lua_topointer(L, -1);
    lua_pop(L, 1);
    lua_pushcfunction(S, copy_in_body);
    lua_pushlightuserdata(S, &c);
    status = lua_pcall(S, 1, nargs, 0);
    if (status != LUA_OK) {
        char msg[DIAG_MAX];
        if (sandbox_dead(box->sb))
            snprintf(msg, sizeof msg, "the arguments do not fit in the rule sandbox's memory");
        else
            snprintf(msg, sizeof msg, "%s", lua_tostring(S, -1) ? lua_tostring(S, -1) : "?");
        lua_settop(S, top);
        lua_settop(L, boxidx);
        return luaL_error(L, "%s", msg);
    }
    if (sandbox_call(box->sb, nargs, LUA_MULTRET, &d) != 0)
        return api_raise(L, &d);
    return copy_out(L, boxidx, S, top + 1, lua_gettop(S) - top);
}

/* Lua: tostring(f) -> "<rule function FILE:LINE>" */
static int rulefn_tostring(lua_State *L)
{
    RuleFn *rf = luaL_checkudata(L, 1, API_RULEFN);
    SandboxBox *box = rulefn_box(L, 1);
    lua_State *S;
    lua_Debug ar;
    if (!box || !box->sb || rf->ref == LUA_NOREF) {
        lua_pushliteral(L, "<rule function (closed)>");
        return 1;
    }
    S = sandbox_state(box->sb);
    if (!lua_checkstack(S, 1)) {
        lua_pushliteral(L, "<rule function>");
        return 1;
    }
    lua_rawgeti(S, LUA_REGISTRYINDEX, rf->ref);
    if (!lua_getinfo(S, ">S", &ar)) {
        lua_pushliteral(L, "<rule function>");
    } else if (ar.what[0] == 'C') {
        lua_pushliteral(L, "<rule function [C]>");
    } else {
        const char *src = (ar.source[0] == '@' || ar.source[0] == '=') ? ar.source + 1
                                                                          : ar.short_src;
        lua_pushfstring(L, "<rule function %s:%d>", src, ar.linedefined);
    }
    return 1;
}

/* Lua: __gc of a RuleFunction: releases its function in the sandbox */
static int rulefn_gc(lua_State *L)
{
    RuleFn *rf = luaL_checkudata(L, 1, API_RULEFN);
    SandboxBox *box = rulefn_box(L, 1);
    if (box && box->sb && rf->ref != LUA_NOREF) {
        lua_State *S = sandbox_state(box->sb);
        if (lua_checkstack(S, 2))
            luaL_unref(S, LUA_REGISTRYINDEX, rf->ref);
    }
    rf->ref = LUA_NOREF;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* chiso.Sandbox                                                            */

/* Read integer option `name` of table 1 into *v; returns 1 if present. */
static int opt_integer(lua_State *L, const char *name, lua_Integer *v)
{
    int isnum;
    if (lua_getfield(L, 1, name) == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    *v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
        luaL_error(L, "chiso.sandbox: option '%s' must be an integer, got %s", name,
                   luaL_typename(L, -1));
    lua_pop(L, 1);
    return 1;
}

/* Lua: chiso.sandbox([opts]) -> chiso.Sandbox
 * opts: memory_mib, instructions, roots = { dir, ... }, seed (all optional) */
static int l_sandbox(lua_State *L)
{
    static const char *const known[] = {"memory_mib", "instructions", "roots", "seed", "language", "re", NULL};
    SandboxOptions o;
    SandboxBox *box;
    const char **roots = NULL;
    lua_Integer v;
    Diag d;

    memset(&o, 0, sizeof o);
    if (!lua_isnoneornil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            const char *const *k;
            const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            for (k = known; key && *k && strcmp(*k, key) != 0; k++)
                ;
            if (!key || !*k)
                return luaL_error(L, "chiso.sandbox: unknown option '%s'",
                                  key ? key : luaL_typename(L, -2));
            lua_pop(L, 1);
        }
        if (opt_integer(L, "memory_mib", &v)) {
            luaL_argcheck(L, v > 0, 1, "memory_mib must be positive");
            o.memory_mib = (size_t)v;
        }
        if (opt_integer(L, "instructions", &v)) {
            luaL_argcheck(L, v > 0, 1, "instructions must be positive");
            o.instructions = (long long)v;
        }
        if (opt_integer(L, "seed", &v))
            o.seed = (unsigned long long)v;
        if (lua_getfield(L, 1, "roots") != LUA_TNIL) {
            lua_Integer n, i;
            int rt = lua_gettop(L);
            luaL_argexpected(L, lua_istable(L, rt), 1, "table as option 'roots'");
            n = (lua_Integer)lua_rawlen(L, rt);
            /* Kept in a userdata so an error below leaks nothing; the strings
             * stay alive in the roots table, which stays on the stack. */
            roots = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *roots, 0);
            for (i = 1; i <= n; i++) {
                if (lua_rawgeti(L, rt, i) != LUA_TSTRING)
                    return luaL_error(L, "chiso.sandbox: roots[%d] must be a string",
                                      (int)i);
                roots[i - 1] = lua_tostring(L, -1);
                lua_pop(L, 1);
            }
            roots[n] = NULL;
            o.roots = roots;
        }
    }
    box = lua_newuserdatauv(L, sizeof *box, 1);
    box->sb = NULL;
    luaL_setmetatable(L, API_SANDBOX);
    lua_newtable(L); /* RuleFunction cache, weak values */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setiuservalue(L, -2, 1);
    box->sb = sandbox_new(&o, &d);
    if (!box->sb)
        return api_raise(L, &d);
    /* language = true: rule files see the rule language (scenarios, directives …). */
    if (lua_istable(L, 1)) {
        int want;
        lua_getfield(L, 1, "language");
        want = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (want && api_rules_install_language(box->sb, &d) != 0)
            return api_raise(L, &d);
        /* re = true: rule files see the PCRE2 module `re` (extraction patterns). */
        lua_getfield(L, 1, "re");
        want = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (want && api_re_define(box->sb, &d) != 0)
            return api_raise(L, &d);
    }
    return 1;
}

/* Lua: sb:dofile(path) -> value (the rule file's first result, copied) */
static int l_sb_dofile(lua_State *L)
{
    SandboxBox *box = check_box(L, 1);
    const char *path = luaL_checkstring(L, 2);
    lua_State *S = sandbox_state(box->sb);
    int top = lua_gettop(S);
    Diag d;
    if (sandbox_dofile(box->sb, path, &d) != 0)
        return api_raise(L, &d);
    return copy_out(L, 1, S, top + 1, 1);
}

/* Lua: sb:return_line() -> line of the return statement that ended the last
 * dofile (0 when none), for messages about the value a rule file returned */
static int l_sb_return_line(lua_State *L)
{
    SandboxBox *box = check_box(L, 1);
    lua_pushinteger(L, sandbox_return_line(box->sb));
    return 1;
}

/* Lua: sb:memory() -> bytes held by the sandbox's Lua state */
static int l_sb_memory(lua_State *L)
{
    SandboxBox *box = check_box(L, 1);
    lua_pushinteger(L, (lua_Integer)sandbox_memory(box->sb));
    return 1;
}

/* Lua: sb:dead() -> true once a limit was exceeded (nothing runs any more) */
static int l_sb_dead(lua_State *L)
{
    SandboxBox *box = check_box(L, 1);
    lua_pushboolean(L, sandbox_dead(box->sb));
    return 1;
}

/* Lua: __gc / __close: free the sandbox (its RuleFunctions stop working) */
static int l_sb_gc(lua_State *L)
{
    SandboxBox *box = luaL_checkudata(L, 1, API_SANDBOX);
    sandbox_free(box->sb);
    box->sb = NULL;
    return 0;
}

/* Lua: tostring(sb) -> "<chiso.Sandbox>" */
static int l_sb_tostring(lua_State *L)
{
    SandboxBox *box = luaL_checkudata(L, 1, API_SANDBOX);
    lua_pushstring(L, box->sb ? "<chiso.Sandbox>" : "<chiso.Sandbox (closed)>");
    return 1;
}

/* Lua: chiso.is_rule_function(v) -> boolean */
static int l_is_rule_function(lua_State *L)
{
    lua_pushboolean(L, luaL_testudata(L, 1, API_RULEFN) != NULL);
    return 1;
}

/* clang-format off */
static const luaL_Reg sandbox_methods[] = {
    {"dofile", l_sb_dofile}, {"return_line", l_sb_return_line},
    {"memory", l_sb_memory},
    {"dead", l_sb_dead},
    {NULL, NULL},
};

static const luaL_Reg sandbox_meta[] = {
    {"__gc", l_sb_gc},
    {"__close", l_sb_gc},
    {"__tostring", l_sb_tostring},
    {NULL, NULL},
};

static const luaL_Reg rulefn_meta[] = {
    {"__call", rulefn_call},
    {"__tostring", rulefn_tostring},
    {"__gc", rulefn_gc},
    {NULL, NULL},
};

static const luaL_Reg module_funcs[] = {
    {"sandbox", l_sandbox},
    {"is_rule_function", l_is_rule_function},
    {NULL, NULL},
};
/* clang-format on */

void api_sandbox_register(lua_State *L)
{
    luaL_checkstack(L, 4, NULL);
    luaL_newmetatable(L, API_SANDBOX);
    luaL_setfuncs(L, sandbox_meta, 0);
    luaL_newlib(L, sandbox_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    luaL_newmetatable(L, API_RULEFN);
    luaL_setfuncs(L, rulefn_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); /* scripts cannot swap the call */
    lua_pop(L, 1);

    luaL_setfuncs(L, module_funcs, 0);
}
