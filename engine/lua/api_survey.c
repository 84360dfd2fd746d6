/* api_survey.c — respondent-level surveys (SIPAS) for scripts.
 *
 *   local sv = chiso.rules("rules/sipas/bench.lua")     -- a survey { … } file
 *   local info = sv:info()          -- code, name, unit, scale, elements, questions, groups …
 *   local r = sv:run("answers.csv", { units = registry,  -- a chiso.Units (optional)
 *                                     decimal_comma = false, name = "answers.csv", unit_column = nil,
 *                                     ci = { draws = 1000, seed = 1, threads = 2 } })
 *   for i = 1, r:count() do
 *     local code, name, respondents, weight = r:unit(i)
 *     print(name, r:index(i), r:rank(i), r:element(i, "access"), r:rate(i, "q01"), r:ci(i))
 *   end
 *
 * Units come in the registry's order (first appearance without a registry);
 * values without data are nil.  The declaration is compiled with raw reads
 * only (no rule code runs), then the sandbox is freed: a survey has no
 * function leaves.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "sandbox.h"
#include "survey.h"

#define API_SURVEY_RESULT "chiso.SurveyResult"

typedef struct SurveyRef {
    SurveySpec *spec;
    Sandbox *sb;      /* only while compiling */
} SurveyRef;

typedef struct ResultRef {
    SurveyResult *r;
} ResultRef;

/* ---- reading the declaration (sandbox state, raw accesses) --------------- */

/* Push t[key] without metamethods; proxies of engine tables are unwrapped. */
static int get(lua_State *S, int t, const char *key)
{
    int ty;
    lua_pushstring(S, key);
    ty = lua_rawget(S, t);
    if (ty == LUA_TTABLE && sandbox_unproxy(S, -1)) {
        lua_remove(S, -2);
        ty = lua_type(S, -1);
    }
    return ty;
}

/* t[key] when it is a string, else NULL.  The string stays alive in the
 * declaration.  (The prelude has already turned `code = 1` into "1".) */
static const char *get_text(lua_State *S, int t, const char *key)
{
    const char *s = NULL;
    int ty = get(S, t, key);
    if (ty == LUA_TSTRING)
        s = lua_tostring(S, -1);
    lua_pop(S, 1);
    return s;
}

typedef struct Compile {
    SurveySpec *spec;
    const char *path;
    Diag d;
    int failed;
    int line;       /* the survey's line */
} Compile;

static int compile_fail(Compile *c, const char *file, int line, const char *msg)
{
    diag_set(&c->d, file && *file ? file : c->path, line, 0, "%s", msg);
    c->failed = 1;
    return 0;
}

/* The line of the first word `survey` followed by '{' or '(' in a rule file
 * (the declaration when it was a tail call and has no position); 0 if none. */
static int survey_line(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[1024];
    int line = 0;
    if (!f)
        return 0;
    while (fgets(buf, sizeof buf, f)) {
        char *p = buf;
        line++;
        while ((p = strstr(p, "survey")) != NULL) {
            char *q = p + 6;
            int start = p == buf || !(p[-1] == '_' || p[-1] == '.' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                                      (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9'));
            while (*q == ' ' || *q == '\t')
                q++;
            if (start && (*q == '{' || *q == '(')) {
                fclose(f);
                return line;
            }
            p += 6;
        }
    }
    fclose(f);
    return 0;
}

/* A { low, high } pair of whole numbers; 1 when read, 0 absent, -1 malformed. */
static int get_pair(lua_State *S, int t, const char *key, int *lo, int *hi)
{
    int ty = get(S, t, key), k, ok = 1, v[2] = {0, 0};
    if (ty == LUA_TNIL) {
        lua_pop(S, 1);
        return 0;
    }
    if (ty != LUA_TTABLE) {
        lua_pop(S, 1);
        return -1;
    }
    for (k = 0; k < 2; k++) {
        lua_Integer x;
        if (lua_rawgeti(S, -1, k + 1) != LUA_TNUMBER) {
            ok = 0;
        } else {
            int isint = 0;
            x = lua_tointegerx(S, -1, &isint);
            if (!isint || x < 0 || x > 255)
                ok = 0;
            else
                v[k] = (int)x;
        }
        lua_pop(S, 1);
    }
    lua_pop(S, 1);
    if (!ok)
        return -1;
    *lo = v[0];
    *hi = v[1];
    return 1;
}

/* [decl, Compile*] -> compile the declaration into c->spec (protected call in S). */
static int compile_body(lua_State *S)
{
    Compile *c = lua_touserdata(S, 2);
    const char *unit_column, *weight_column, *unit, *ef, *xf, *code;
    char msg[600];
    int els, ty;
    size_t k, n;
    SurveySpec *spec;

    c->line = (int)(get(S, 1, "line") == LUA_TNUMBER ? lua_tointeger(S, -1) : 0);
    lua_pop(S, 1);
    if (c->line <= 0)
        c->line = survey_line(c->path);
    code = get_text(S, 1, "code");
    if (!code || !get_text(S, 1, "name"))
        return compile_fail(c, c->path, c->line, "survey needs 'code' and 'name' (text)");
    unit_column = get_text(S, 1, "unit_column");
    if (!unit_column || !*unit_column)
        return compile_fail(c, c->path, c->line,
                            "survey needs unit_column = \"…\" (the column naming each respondent's unit)");
    ty = get(S, 1, "weight_column");
    lua_pop(S, 1);
    weight_column = get_text(S, 1, "weight_column");
    if (ty != LUA_TNIL && !weight_column)
        return compile_fail(c, c->path, c->line, "survey: weight_column must be a column name");
    spec = survey_spec_new(unit_column, weight_column);
    if (!spec)
        return compile_fail(c, c->path, c->line, "out of memory");
    c->spec = spec;
    unit = get_text(S, 1, "unit");
    if (survey_spec_unit_word(spec, unit && *unit ? unit : "unit") != 0)
        return compile_fail(c, c->path, c->line, "out of memory");
    if (get_pair(S, 1, "scale", &spec->scale_lo, &spec->scale_hi) < 0)
        return compile_fail(c, c->path, c->line, "survey: scale = { low, high } with whole numbers from 0 to 255");
    if (get_pair(S, 1, "satisfied", &spec->sat_lo, &spec->sat_hi) < 0)
        return compile_fail(c, c->path, c->line,
                            "survey: satisfied = { low, high } with whole numbers on the scale");
    ef = get_text(S, 1, "element_formula");
    xf = get_text(S, 1, "index_formula");
    if (!ef || strcmp(ef, "mean") == 0)
        spec->element_formula = SURVEY_EL_MEAN;
    else if (strcmp(ef, "pooled") == 0)
        spec->element_formula = SURVEY_EL_POOLED;
    else
        return compile_fail(c, c->path, c->line,
                            "survey: element_formula must be \"mean\" (of its questions' rates) or \"pooled\"");
    if (!xf || strcmp(xf, "mean") == 0)
        spec->index_formula = SURVEY_IX_MEAN;
    else if (strcmp(xf, "weighted_mean") == 0)
        spec->index_formula = SURVEY_IX_WMEAN;
    else if (strcmp(xf, "pooled") == 0)
        spec->index_formula = SURVEY_IX_POOLED;
    else
        return compile_fail(c, c->path, c->line,
                            "survey: index_formula must be \"mean\", \"weighted_mean\" or \"pooled\"");
    if (get(S, 1, "decimals") == LUA_TNUMBER) {
        int isint = 0;
        lua_Integer dv = lua_tointegerx(S, -1, &isint);
        if (!isint || dv < 0 || dv > 12) {
            lua_pop(S, 1);
            return compile_fail(c, c->path, c->line, "survey: decimals must be a whole number from 0 to 12");
        }
        spec->decimals = (int)dv;
    }
    lua_pop(S, 1);

    if (get(S, 1, "elements") != LUA_TTABLE || lua_rawlen(S, -1) == 0) {
        lua_pop(S, 1);
        return compile_fail(c, c->path, c->line, "survey needs at least one element { … }");
    }
    els = lua_gettop(S);
    n = lua_rawlen(S, els);
    for (k = 0; k < n; k++) {
        const char *ecode, *ename, *efile, *decl;
        const char **qs;
        size_t nq, j;
        int e = els + 1, eline = 0, qt;
        double w = 1;
        Diag d;
        if (lua_rawgeti(S, els, (lua_Integer)k + 1) != LUA_TTABLE) {
            snprintf(msg, sizeof msg, "survey: part %zu is not an element { … }", k + 1);
            return compile_fail(c, c->path, c->line, msg);
        }
        if (sandbox_unproxy(S, -1))
            lua_remove(S, -2);
        decl = get_text(S, e, "decl");
        efile = get_text(S, e, "file");
        if (get(S, e, "line") == LUA_TNUMBER)
            eline = (int)lua_tointeger(S, -1);
        lua_pop(S, 1);
        if (!efile || !*efile || eline <= 0) {
            efile = c->path;
            eline = c->line;
        }
        if (!decl || strcmp(decl, "element") != 0) {
            snprintf(msg, sizeof msg, "survey: part %zu is not an element { … }", k + 1);
            return compile_fail(c, efile, eline, msg);
        }
        ecode = get_text(S, e, "code");
        ename = get_text(S, e, "name");
        if (!ecode || !*ecode)
            return compile_fail(c, efile, eline, "element needs a code (text)");
        if (get(S, e, "weight") == LUA_TNUMBER) {
            w = lua_tonumber(S, -1);
            if (!(w >= 0) || !isfinite(w)) {
                lua_pop(S, 1);
                snprintf(msg, sizeof msg, "element '%s': weight must be a number >= 0", ecode);
                return compile_fail(c, efile, eline, msg);
            }
        } else if (!lua_isnil(S, -1)) {
            lua_pop(S, 1);
            snprintf(msg, sizeof msg, "element '%s': weight must be a number", ecode);
            return compile_fail(c, efile, eline, msg);
        }
        lua_pop(S, 1);
        if (get(S, e, "questions") != LUA_TTABLE || (nq = lua_rawlen(S, -1)) == 0) {
            snprintf(msg, sizeof msg, "element '%s' needs questions = { \"q01\", … }", ecode);
            return compile_fail(c, efile, eline, msg);
        }
        qt = lua_gettop(S);
        /* The names stay alive in the questions table while this box lives. */
        qs = lua_newuserdatauv(S, nq * sizeof *qs, 0);
        for (j = 0; j < nq; j++) {
            if (lua_rawgeti(S, qt, (lua_Integer)j + 1) != LUA_TSTRING) {
                snprintf(msg, sizeof msg, "element '%s': question %zu must be a column name", ecode, j + 1);
                return compile_fail(c, efile, eline, msg);
            }
            qs[j] = lua_tostring(S, -1);
            lua_pop(S, 1);
        }
        if (survey_spec_add_element(spec, ecode, ename, w, qs, nq, &d) < 0)
            return compile_fail(c, efile, eline, d.msg);
        lua_settop(S, els);
    }
    lua_pop(S, 1);
    {
        Diag d;
        if (survey_spec_check(spec, &d) != 0)
            return compile_fail(c, c->path, c->line, d.msg);
    }
    return 0;
}

/* ---- metadata for scripts (copied out of the sandbox) -------------------- */

static void copy_string(lua_State *S, int t, lua_State *L, const char *key)
{
    const char *v = get_text(S, t, key);
    if (v) {
        lua_pushstring(L, v);
        lua_setfield(L, -2, key);
    }
}

static void set_pair(lua_State *L, const char *key, int lo, int hi)
{
    lua_createtable(L, 2, 0);
    lua_pushinteger(L, lo);
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, hi);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, key);
}

static void set_string(lua_State *L, const char *key, const char *v)
{
    if (v) {
        lua_pushstring(L, v);
        lua_setfield(L, -2, key);
    }
}

/* Push the info table: the declaration's metadata and the compiled spec. */
static void push_info(lua_State *S, int t, lua_State *L, const SurveySpec *spec, const char *path, int line)
{
    static const char *const strings[] = {"code", "name", "name_en", "unit", "decision", "source",
                                          "status", "note", NULL};
    static const char *const formulas[] = {"mean", "pooled"};
    static const char *const iformulas[] = {"mean", "weighted_mean", "pooled"};
    const char *const *k;
    size_t e, q;
    lua_createtable(L, 0, 24);
    for (k = strings; *k; k++)
        copy_string(S, t, L, *k);
    set_string(L, "kind", "survey");
    set_string(L, "file", path);
    lua_pushinteger(L, line);
    lua_setfield(L, -2, "line");
    set_string(L, "unit_column", spec->unit_column);
    set_string(L, "weight_column", spec->weight_column);
    set_pair(L, "scale", spec->scale_lo, spec->scale_hi);
    set_pair(L, "satisfied", spec->sat_lo, spec->sat_hi);
    set_string(L, "element_formula", formulas[spec->element_formula]);
    set_string(L, "index_formula", iformulas[spec->index_formula]);
    lua_pushinteger(L, spec->decimals);
    lua_setfield(L, -2, "decimals");
    if (get(S, t, "year") == LUA_TNUMBER) {
        lua_pushinteger(L, (lua_Integer)lua_tonumber(S, -1));
        lua_setfield(L, -2, "year");
    }
    lua_pop(S, 1);
    /* groups = { { "A", 90 }, …, { "D" } }: labels with lower bounds */
    lua_newtable(L);
    if (get(S, t, "groups") == LUA_TTABLE) {
        int g = lua_gettop(S);
        size_t i, ng = lua_rawlen(S, g), out = 0;
        for (i = 0; i < ng; i++) {
            if (lua_rawgeti(S, g, (lua_Integer)i + 1) == LUA_TTABLE) {
                int gi = lua_gettop(S);
                if (sandbox_unproxy(S, gi))
                    gi = lua_gettop(S);
                if (lua_rawgeti(S, gi, 1) == LUA_TSTRING) {
                    lua_createtable(L, 2, 0);
                    lua_pushstring(L, lua_tostring(S, -1));
                    lua_rawseti(L, -2, 1);
                    if (lua_rawgeti(S, gi, 2) == LUA_TNUMBER) {
                        lua_pushnumber(L, lua_tonumber(S, -1));
                        lua_rawseti(L, -2, 2);
                    }
                    lua_pop(S, 1);
                    lua_rawseti(L, -2, (lua_Integer)++out);
                }
                lua_settop(S, g);
            } else {
                lua_pop(S, 1);
            }
        }
    }
    lua_pop(S, 1);
    lua_setfield(L, -2, "groups");
    /* elements, with what the declaration says of each */
    lua_createtable(L, (int)spec->nelements, 0);
    get(S, t, "elements");
    for (e = 0; e < spec->nelements; e++) {
        const SurveyElement *E = &spec->elements[e];
        int et, base = lua_gettop(S);
        lua_createtable(L, 0, 8);
        set_string(L, "code", E->code);
        set_string(L, "name", E->name);
        lua_pushnumber(L, E->weight);
        lua_setfield(L, -2, "weight");
        lua_createtable(L, (int)E->nq, 0);
        for (q = 0; q < E->nq; q++) {
            lua_pushstring(L, spec->questions[E->q[q]]);
            lua_rawseti(L, -2, (lua_Integer)q + 1);
        }
        lua_setfield(L, -2, "questions");
        lua_rawgeti(S, -1, (lua_Integer)e + 1);
        et = lua_gettop(S);
        if (sandbox_unproxy(S, et))
            et = lua_gettop(S);
        copy_string(S, et, L, "name_en");
        copy_string(S, et, L, "note");
        copy_string(S, et, L, "status");
        if (get(S, et, "line") == LUA_TNUMBER) {
            lua_pushinteger(L, lua_tointeger(S, -1));
            lua_setfield(L, -2, "line");
        }
        lua_settop(S, base);
        lua_rawseti(L, -2, (lua_Integer)e + 1);
    }
    lua_pop(S, 1);
    lua_setfield(L, -2, "elements");
    lua_createtable(L, (int)spec->nquestions, 0);
    for (q = 0; q < spec->nquestions; q++) {
        lua_pushstring(L, spec->questions[q]);
        lua_rawseti(L, -2, (lua_Integer)q + 1);
    }
    lua_setfield(L, -2, "questions");
}

/* ---- the Survey userdata ------------------------------------------------- */

static SurveyRef *check_survey(lua_State *L, int i)
{
    SurveyRef *r = luaL_checkudata(L, i, API_SURVEY);
    luaL_argcheck(L, r->spec != NULL, i, "survey was freed");
    return r;
}

static int l_survey_gc(lua_State *L)
{
    SurveyRef *r = luaL_checkudata(L, 1, API_SURVEY);
    survey_spec_free(r->spec);
    r->spec = NULL;
    sandbox_free(r->sb);
    r->sb = NULL;
    return 0;
}

int api_survey_push(lua_State *L, Sandbox *sb, const char *path)
{
    lua_State *S = sandbox_state(sb);
    SurveyRef *ref;
    Compile c;
    int decl = lua_gettop(S), status;

    /* The userdata owns the sandbox from here: a raise below frees it in __gc. */
    ref = lua_newuserdatauv(L, sizeof *ref, 1);
    ref->spec = NULL;
    ref->sb = sb;
    luaL_setmetatable(L, API_SURVEY);
    memset(&c, 0, sizeof c);
    c.path = path;
    lua_pushcfunction(S, compile_body);
    lua_pushvalue(S, decl);
    lua_pushlightuserdata(S, &c);
    status = lua_pcall(S, 2, 0, 0);
    ref->spec = c.spec;
    if (status != LUA_OK) {
        lua_settop(S, decl - 1);
        return api_raisef(L, "%s: survey declaration too large for the rule sandbox's memory", path);
    }
    if (c.failed) {
        lua_settop(S, decl - 1);
        return api_raise(L, &c.d);
    }
    push_info(S, decl, L, c.spec, path, c.line);
    lua_setiuservalue(L, -2, 1);
    lua_settop(S, decl - 1);
    sandbox_free(ref->sb); /* no function leaves: the rule state is no longer needed */
    ref->sb = NULL;
    return 1;
}

/* Lua: sv:info() -> { kind = "survey", code, name, unit, unit_column, weight_column, scale, satisfied,
 *                     element_formula, index_formula, decimals, groups, elements, questions, file, line … } */
static int l_info(lua_State *L)
{
    check_survey(L, 1);
    lua_getiuservalue(L, 1, 1);
    return 1;
}

static int opt_integer(lua_State *L, int t, const char *key, lua_Integer def, lua_Integer lo, lua_Integer hi)
{
    lua_Integer v = def;
    int isint = 0;
    if (lua_getfield(L, t, key) != LUA_TNIL) {
        v = lua_tointegerx(L, -1, &isint);
        if (!isint || v < lo || v > hi)
            luaL_error(L, "run: %s must be a whole number from %d to %d", key, (int)lo, (int)hi);
    }
    lua_pop(L, 1);
    return (int)v;
}

/* Lua: sv:run(path [, { units = chiso.Units, decimal_comma = bool, name = "shown name", unit_column = "col",
 *                       ci = { draws = 1000, seed = 1, threads = 0 } }]) -> SurveyResult */
static int l_run(lua_State *L)
{
    SurveyRef *sv = check_survey(L, 1);
    const char *path = luaL_checkstring(L, 2);
    SurveyRunOptions o;
    ResultRef *res;
    Diag d;

    survey_run_options_init(&o);
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        if (lua_getfield(L, 3, "units") != LUA_TNIL) {
            if (!luaL_testudata(L, -1, API_UNITS))
                luaL_error(L, "run: units must be a chiso.Units (chiso.units())");
            o.units = api_check_units(L, -1);
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 3, "decimal_comma") != LUA_TNIL)
            o.style = lua_toboolean(L, -1) ? 1 : 0;
        lua_pop(L, 1);
        if (lua_getfield(L, 3, "name") == LUA_TSTRING)
            o.display_name = lua_tostring(L, -1); /* alive in the options table */
        lua_pop(L, 1);
        if (lua_getfield(L, 3, "unit_column") == LUA_TSTRING)
            o.unit_column = lua_tostring(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 3, "ci") == LUA_TTABLE) {
            int ci = lua_gettop(L);
            lua_Integer seed;
            int isint = 0;
            o.draws = (size_t)opt_integer(L, ci, "draws", SURVEY_DEFAULT_DRAWS, 1, 1000000);
            o.threads = opt_integer(L, ci, "threads", 0, 0, SURVEY_MAX_THREADS);
            if (lua_getfield(L, ci, "seed") != LUA_TNIL) {
                seed = lua_tointegerx(L, -1, &isint);
                if (!isint)
                    luaL_error(L, "run: ci.seed must be a whole number");
                o.seed = (uint64_t)seed;
            } else {
                o.seed = 1;
            }
            lua_pop(L, 1);
        } else if (!lua_isnil(L, -1) && lua_toboolean(L, -1)) {
            o.draws = SURVEY_DEFAULT_DRAWS; /* ci = true: the defaults */
            o.seed = 1;
        }
        lua_pop(L, 1);
    }
    res = lua_newuserdatauv(L, sizeof *res, 1);
    res->r = NULL;
    luaL_setmetatable(L, API_SURVEY_RESULT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1); /* the spec stays alive with the result */
    res->r = survey_run(sv->spec, path, &o, &d);
    if (!res->r)
        return api_raise(L, &d);
    return 1;
}

/* ---- the SurveyResult userdata ------------------------------------------- */

static SurveyResult *check_result(lua_State *L, int i)
{
    ResultRef *r = luaL_checkudata(L, i, API_SURVEY_RESULT);
    luaL_argcheck(L, r->r != NULL, i, "result was freed");
    return r->r;
}

static int l_result_gc(lua_State *L)
{
    ResultRef *r = luaL_checkudata(L, 1, API_SURVEY_RESULT);
    survey_result_free(r->r);
    r->r = NULL;
    return 0;
}

static size_t check_unit(lua_State *L, const SurveyResult *r, int arg)
{
    lua_Integer u = luaL_checkinteger(L, arg);
    luaL_argcheck(L, u >= 1 && (size_t)u <= r->nunits, arg, "unit out of range");
    return (size_t)u - 1;
}

static void push_value(lua_State *L, double v)
{
    if (isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
}

/* Lua: r:count(), #r -> number of units */
static int l_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_result(L, 1)->nunits);
    return 1;
}

/* Lua: r:unit(i) -> code, name, respondents, Σ weights */
static int l_unit(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    size_t u = check_unit(L, r, 2);
    lua_pushstring(L, r->codes[u]);
    lua_pushstring(L, r->names[u]);
    lua_pushinteger(L, r->respondents[u]);
    lua_pushnumber(L, r->weight[u]);
    return 4;
}

/* Lua: r:index(i) -> the unit's index (percent) or nil */
static int l_index(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    push_value(L, r->index[check_unit(L, r, 2)]);
    return 1;
}

/* Lua: r:rank(i) -> competition rank or nil */
static int l_rank(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    int k = r->rank[check_unit(L, r, 2)];
    if (k > 0)
        lua_pushinteger(L, k);
    else
        lua_pushnil(L);
    return 1;
}

/* Lua: r:element(i, code | k) -> the element's rate or nil */
static int l_element(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    size_t u = check_unit(L, r, 2), e;
    if (lua_isinteger(L, 3)) {
        lua_Integer k = lua_tointeger(L, 3);
        luaL_argcheck(L, k >= 1 && (size_t)k <= r->nel, 3, "element out of range");
        e = (size_t)k - 1;
    } else {
        const char *code = luaL_checkstring(L, 3);
        for (e = 0; e < r->nel; e++)
            if (strcmp(r->spec->elements[e].code, code) == 0)
                break;
        if (e == r->nel)
            return luaL_error(L, "no element '%s' in the survey", code);
    }
    push_value(L, r->element[u * r->nel + e]);
    return 1;
}

/* Lua: r:rate(i, question | k) -> rate or nil, Σ weight answered, Σ weight satisfied */
static int l_rate(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    size_t u = check_unit(L, r, 2), q;
    if (lua_isinteger(L, 3)) {
        lua_Integer k = lua_tointeger(L, 3);
        luaL_argcheck(L, k >= 1 && (size_t)k <= r->nq, 3, "question out of range");
        q = (size_t)k - 1;
    } else {
        const char *name = luaL_checkstring(L, 3);
        for (q = 0; q < r->nq; q++)
            if (strcmp(r->spec->questions[q], name) == 0)
                break;
        if (q == r->nq)
            return luaL_error(L, "no question '%s' in the survey", name);
    }
    push_value(L, r->rate[u * r->nq + q]);
    lua_pushnumber(L, r->answered[u * r->nq + q]);
    lua_pushnumber(L, r->satisfied[u * r->nq + q]);
    return 3;
}

/* Lua: r:ci(i) -> index_lo, index_hi, rank_lo, rank_hi (nil without a bootstrap or enough draws) */
static int l_ci(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    size_t u = check_unit(L, r, 2);
    if (!r->draws || isnan(r->index_lo[u])) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushnumber(L, r->index_lo[u]);
    lua_pushnumber(L, r->index_hi[u]);
    lua_pushinteger(L, r->rank_lo[u]);
    lua_pushinteger(L, r->rank_hi[u]);
    return 4;
}

/* Lua: r:info() -> { rows =, units =, weighted =, draws =, seed =, threads =, notes = { … } } */
static int l_rinfo(lua_State *L)
{
    SurveyResult *r = check_result(L, 1);
    size_t i;
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, r->rows);
    lua_setfield(L, -2, "rows");
    lua_pushinteger(L, (lua_Integer)r->nunits);
    lua_setfield(L, -2, "units");
    lua_pushboolean(L, r->weighted);
    lua_setfield(L, -2, "weighted");
    if (r->draws) {
        lua_pushinteger(L, (lua_Integer)r->draws);
        lua_setfield(L, -2, "draws");
        lua_pushinteger(L, (lua_Integer)r->seed);
        lua_setfield(L, -2, "seed");
        lua_pushinteger(L, r->threads);
        lua_setfield(L, -2, "threads");
    }
    lua_createtable(L, (int)r->notes.n, 0);
    for (i = 0; i < r->notes.n; i++) {
        lua_pushstring(L, r->notes.items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "notes");
    return 1;
}

static const luaL_Reg survey_methods[] = {{"info", l_info}, {"run", l_run}, {NULL, NULL}};

static const luaL_Reg result_methods[] = {{"count", l_count}, {"unit", l_unit},   {"index", l_index},
                                          {"rank", l_rank},   {"element", l_element}, {"rate", l_rate},
                                          {"ci", l_ci},       {"info", l_rinfo},   {NULL, NULL}};

void api_survey_register(lua_State *L)
{
    luaL_newmetatable(L, API_SURVEY);
    lua_pushcfunction(L, l_survey_gc);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, survey_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, API_SURVEY_RESULT);
    lua_pushcfunction(L, l_result_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_count);
    lua_setfield(L, -2, "__len");
    luaL_newlib(L, result_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}
