/* api_sensitivity.c — the sensitivity analysis for scripts.
 *
 *   local r = chiso.sensitivity {
 *     score = s,                  -- chiso.Score: the base methodology scored on data (m:score(t))
 *     data = t,                   -- the chiso.Table it scored
 *     methodology = "par/2023",   -- the base's name: every node handle must be one of its
 *     alternatives = decl.alternatives,  -- as the sensitivity file declared them
 *     variants = { ["par/2022"] = s2 },  -- a chiso.Score per variant methodology named
 *     runs = 8000,                -- about this many: N = ⌊runs / (d + 2)⌋ (or n = N)
 *     seed = 1, threads = 2, boot = 500,
 *     unit = 12,                  -- also the rank and score of this row as outputs
 *     ranks = { 10 },             -- each unit's share of runs at rank ≤ 10
 *     record = true,              -- each run's levels and outputs
 *   }
 *   r.units[i]   = { base_rank, base_percent, median, q05, q95, mean, top = { [10] = share } }
 *   r.outputs.shift / .rank / .score = { mean, sd, indices = { { s1, st, s1_lo, s1_hi, st_lo, st_hi }, … } }
 *   r.record     = { block = { "A" | "B" | "AB" }, of = { k (AB: the alternative) }, level = { [k] = { … } },
 *                    shift = { … }, rank = { … }, score = { … } }
 *   r.n, r.d, r.runs, r.threads, r.seconds, r.alternatives = { { name, kind, code, step, values } }
 *
 * Node handles are resolved here: a handle of another methodology than the
 * base is an error at the handle's line; a code the compiled methodology does
 * not have is an error at the alternative's line (sensitivity.c).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "score.h"
#include "sensitivity.h"

#define SENS_RESULT_MT "chiso.SensitivityResult"

typedef struct ResultBox {
    SensResult *r;
} ResultBox;

static int result_gc(lua_State *L)
{
    ResultBox *b = luaL_checkudata(L, 1, SENS_RESULT_MT);
    sens_free(b->r);
    b->r = NULL;
    return 0;
}

/* The result inside a chiso.Score (which keeps its methodology and data
 * alive), or NULL when the value is not one. */
static const ScoreResult *to_score(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, API_SCORE) ? api_check_score(L, idx) : NULL;
}

static const char *field_string(lua_State *L, int t, const char *key)
{
    const char *s = NULL;
    if (lua_getfield(L, t, key) == LUA_TSTRING)
        s = lua_tostring(L, -1); /* kept alive by the table */
    lua_pop(L, 1);
    return s;
}

static lua_Integer field_integer(lua_State *L, int t, const char *key, lua_Integer def)
{
    lua_Integer v = def;
    int isnum;
    if (lua_getfield(L, t, key) != LUA_TNIL) {
        v = lua_tointegerx(L, -1, &isnum);
        if (!isnum)
            luaL_error(L, "chiso.sensitivity: '%s' must be a whole number", key);
    }
    lua_pop(L, 1);
    return v;
}

/* Raise "file:line: message" (no line: "file: message"). */
static int raise_at(lua_State *L, const char *file, lua_Integer line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int raise_at(lua_State *L, const char *file, lua_Integer line, const char *fmt, ...)
{
    Diag d;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(&d, file, (long)line, 0, "%s", msg);
    return api_raise(L, &d);
}

/* The methodology name of a handle at the top of the stack ({decl =
 * "methodology", rules = …} or a plain name), or NULL. */
static const char *handle_rules(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING)
        return lua_tostring(L, idx);
    if (lua_istable(L, idx))
        return field_string(L, idx, "rules");
    return NULL;
}

static SensKind kind_of(const char *decl, int *ok)
{
    *ok = 1;
    if (strcmp(decl, "weight") == 0)
        return SENS_WEIGHT;
    if (strcmp(decl, "threshold") == 0)
        return SENS_THRESHOLD;
    if (strcmp(decl, "aggregation") == 0)
        return SENS_AGGREGATION;
    if (strcmp(decl, "variant") == 0)
        return SENS_VARIANT;
    *ok = 0;
    return SENS_WEIGHT;
}

/* Read alternative k (table at index a) into *out; allocations live in
 * userdata anchored in the table at index anchor. */
static void read_alt(lua_State *L, int a, int k, int anchor, const char *base_name, const ScoreResult *base,
                     int variants, SensAlt *out)
{
    const char *decl, *file;
    lua_Integer line;
    int ok;
    size_t nv, v;

    memset(out, 0, sizeof *out);
    decl = field_string(L, a, "decl");
    file = field_string(L, a, "file");
    line = field_integer(L, a, "line", 0);
    if (!decl)
        luaL_error(L, "chiso.sensitivity: alternative %d is not a declaration", k);
    out->kind = kind_of(decl, &ok);
    if (!ok)
        luaL_error(L, "chiso.sensitivity: alternative %d is a '%s', not weight/threshold/aggregation/variant", k,
                   decl);
    out->file = file;
    out->line = (int)line;
    out->name = field_string(L, a, "name");
    out->step = (int)field_integer(L, a, "step", 0);
    if (out->step < 0)
        raise_at(L, file, line, "%s: step must be 1, 2, … (the step of the rule whose bound moves)", decl);

    if (out->kind != SENS_VARIANT) {
        const char *rules, *code, *nfile;
        lua_Integer nline;
        if (lua_getfield(L, a, "node") != LUA_TTABLE)
            raise_at(L, file, line, "%s: node = m.node \"code\" (a handle, not a text path)", decl);
        rules = field_string(L, -1, "rules");
        code = field_string(L, -1, "code");
        nfile = field_string(L, -1, "file");
        nline = field_integer(L, -1, "line", 0);
        if (!code || !rules)
            raise_at(L, file, line, "%s: node = m.node \"code\" (a handle, not a text path)", decl);
        if (strcmp(rules, base_name) != 0) {
            Diag d;
            diag_set(&d, nfile ? nfile : file, (long)(nfile ? nline : line), 0,
                     "%s '%s': node '%s' is a node of methodology '%s', not of the base '%s'", decl,
                     out->name ? out->name : "?", code, rules, base_name);
            api_raise(L, &d);
        }
        lua_pop(L, 1);
        out->code = code;
        if (!out->name) {
            lua_pushfstring(L, "%s %s", decl, code);
            out->name = lua_tostring(L, -1);
            lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
        }
    } else if (!out->name) {
        out->name = "variant";
    }

    /* values (a variant: values = { handles } or methodology = handle) */
    if (out->kind == SENS_VARIANT && lua_getfield(L, a, "values") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 2, 0);
        lua_pushstring(L, base_name);
        lua_rawseti(L, -2, 1);
        lua_getfield(L, a, "methodology");
        lua_rawseti(L, -2, 2);
    } else if (out->kind != SENS_VARIANT && lua_getfield(L, a, "values") != LUA_TTABLE) {
        raise_at(L, file, line, "%s '%s': values = { … } needs at least two alternatives", decl, out->name);
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1); /* keep the values alive */
    nv = lua_rawlen(L, -1);
    out->nvalues = nv;
    if (nv < 2 || nv > SENS_MAX_VALUES)
        raise_at(L, file, line, "%s '%s': values = { … } needs 2 to %d alternatives", decl, out->name,
                 SENS_MAX_VALUES);
    switch (out->kind) {
    case SENS_WEIGHT:
    case SENS_THRESHOLD: {
        double *vals = lua_newuserdatauv(L, nv * sizeof *vals, 0);
        lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
        for (v = 0; v < nv; v++) {
            int isnum;
            lua_rawgeti(L, -1, (lua_Integer)v + 1);
            vals[v] = lua_tonumberx(L, -1, &isnum);
            lua_pop(L, 1);
            if (!isnum)
                raise_at(L, file, line, "%s '%s': value %zu must be a number", decl, out->name, v + 1);
        }
        out->values = vals;
        break;
    }
    case SENS_AGGREGATION: {
        Aggregate *aggs = lua_newuserdatauv(L, nv * sizeof *aggs, 0);
        lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
        for (v = 0; v < nv; v++) {
            const char *s;
            lua_rawgeti(L, -1, (lua_Integer)v + 1);
            s = lua_tostring(L, -1);
            aggs[v] = (Aggregate)-1;
            if (s && strcmp(s, "sum") == 0)
                aggs[v] = AGG_SUM;
            else if (s && strcmp(s, "mean") == 0)
                aggs[v] = AGG_MEAN;
            else if (s && strcmp(s, "weighted_mean") == 0)
                aggs[v] = AGG_WMEAN;
            lua_pop(L, 1);
            if ((int)aggs[v] < 0)
                raise_at(L, file, line, "%s '%s': value %zu must be \"sum\", \"mean\" or \"weighted_mean\"", decl,
                         out->name, v + 1);
        }
        out->aggs = aggs;
        break;
    }
    case SENS_VARIANT: {
        const ScoreResult **trees = lua_newuserdatauv(L, nv * sizeof *trees, 0);
        lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
        for (v = 0; v < nv; v++) {
            const char *name;
            lua_rawgeti(L, -1, (lua_Integer)v + 1);
            name = handle_rules(L, lua_gettop(L));
            if (!name) {
                lua_pop(L, 1);
                raise_at(L, file, line, "%s '%s': values = { methodology \"…\", … } (handles of methodologies)",
                         decl, out->name);
            }
            if (strcmp(name, base_name) == 0) {
                trees[v] = base;
            } else {
                lua_getfield(L, variants, name);
                trees[v] = to_score(L, -1);
                lua_pop(L, 1);
                if (!trees[v]) {
                    lua_pop(L, 1);
                    luaL_error(L, "chiso.sensitivity: variants['%s'] must be the chiso.Score of that methodology",
                               name);
                }
            }
            lua_pop(L, 1);
        }
        out->variants = trees;
        break;
    }
    }
    lua_pop(L, 1); /* values */
}

static void set_number(lua_State *L, const char *key, double v)
{
    if (!isnan(v)) {
        lua_pushnumber(L, v);
        lua_setfield(L, -2, key);
    }
}

static void push_numbers(lua_State *L, const double *v, size_t n)
{
    size_t i;
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        lua_pushnumber(L, v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static const char *const OUT_NAMES[SENS_NOUT] = {"shift", "rank", "score"};

/* Lua: chiso.sensitivity{ … } -> result (see the top of this file) */
static int l_sensitivity(lua_State *L)
{
    const ScoreResult *base;
    const Table *data;
    const char *base_name;
    SensAlt *alts;
    SensOptions o;
    ResultBox *box;
    SensResult *r;
    Diag d;
    size_t nalt, k, u, i;
    int anchor, variants, ranks;
    lua_Integer runs, n, unit, threads, boot, seed;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_getfield(L, 1, "score");
    base = to_score(L, 2);
    if (!base)
        return luaL_error(L, "chiso.sensitivity: score must be the chiso.Score of the base methodology");
    lua_getfield(L, 1, "data");
    data = api_check_table(L, 3);
    base_name = field_string(L, 1, "methodology");
    if (!base_name)
        return luaL_error(L, "chiso.sensitivity: methodology = \"name\" of the base methodology");
    if (base->nunits != data->nrows)
        return luaL_error(L, "chiso.sensitivity: the score covers %d units, the data %d rows", (int)base->nunits,
                          (int)data->nrows);
    if (lua_getfield(L, 1, "variants") != LUA_TTABLE) { /* 4 */
        lua_pop(L, 1);
        lua_newtable(L);
    }
    variants = 4;
    if (lua_getfield(L, 1, "alternatives") != LUA_TTABLE) /* 5 */
        return luaL_error(L, "chiso.sensitivity: alternatives = { weight { … }, … }");
    lua_newtable(L); /* 6: anchor */
    anchor = 6;
    nalt = lua_rawlen(L, 5);
    if (nalt == 0)
        return luaL_error(L, "chiso.sensitivity: no alternatives");
    alts = lua_newuserdatauv(L, nalt * sizeof *alts, 0);
    lua_rawseti(L, anchor, (lua_Integer)lua_rawlen(L, anchor) + 1);
    for (k = 0; k < nalt; k++) {
        lua_rawgeti(L, 5, (lua_Integer)k + 1);
        if (!lua_istable(L, -1))
            return luaL_error(L, "chiso.sensitivity: alternative %d is not a table", (int)k + 1);
        read_alt(L, lua_gettop(L), (int)k + 1, anchor, base_name, base, variants, &alts[k]);
        lua_pop(L, 1);
    }

    runs = field_integer(L, 1, "runs", 0);
    n = field_integer(L, 1, "n", 0);
    if (n <= 0) {
        if (runs <= 0)
            return luaL_error(L, "chiso.sensitivity: runs = a number of runs (or n = the base sample size)");
        n = runs / (lua_Integer)(nalt + 2);
        if (n < 2)
            return api_raisef(L, "%d runs are too few for %d alternatives: the design needs at least 2 × (d + 2) = %d",
                              (int)runs, (int)nalt, (int)(2 * (nalt + 2)));
    }
    if ((size_t)n > (size_t)100000000 / (nalt + 2))
        return api_raisef(L, "too many runs: at most 100000000");
    seed = field_integer(L, 1, "seed", 1);
    threads = field_integer(L, 1, "threads", 2);
    boot = field_integer(L, 1, "boot", 0);
    unit = field_integer(L, 1, "unit", 0);
    if (threads < 1 || threads > SENS_MAX_THREADS)
        return api_raisef(L, "threads must be 1 to %d, not %d", SENS_MAX_THREADS, (int)threads);
    if (boot < 0 || boot > 100000)
        return api_raisef(L, "boot must be 0 to 100000 resamples, not %d", (int)boot);
    if (unit < 0 || (size_t)unit > base->nunits)
        return luaL_error(L, "chiso.sensitivity: unit %d out of range", (int)unit);
    o.n = (size_t)n;
    o.seed = (uint64_t)seed;
    o.threads = (int)threads;
    o.unit = (long)unit - 1;
    o.boot = (size_t)boot;

    box = lua_newuserdatauv(L, sizeof *box, 0); /* 7 */
    box->r = NULL;
    luaL_setmetatable(L, SENS_RESULT_MT);
    r = box->r = sens_run(base, data, alts, nalt, &o, &d);
    if (!r)
        return api_raise(L, &d);

    /* ---- the result ---- */
    ranks = lua_getfield(L, 1, "ranks") == LUA_TTABLE ? lua_gettop(L) : 0; /* 8 */
    lua_createtable(L, 0, 12);
    lua_pushinteger(L, (lua_Integer)r->n);
    lua_setfield(L, -2, "n");
    lua_pushinteger(L, (lua_Integer)r->d);
    lua_setfield(L, -2, "d");
    lua_pushinteger(L, (lua_Integer)r->nruns);
    lua_setfield(L, -2, "runs");
    lua_pushinteger(L, r->threads);
    lua_setfield(L, -2, "threads");
    lua_pushinteger(L, seed);
    lua_setfield(L, -2, "seed");
    lua_pushnumber(L, r->seconds);
    lua_setfield(L, -2, "seconds");

    lua_createtable(L, (int)r->nunits, 0);
    for (u = 0; u < r->nunits; u++) {
        const unsigned *h = r->hist + u * (r->nunits + 1);
        lua_createtable(L, 0, 8);
        if (r->base_rank[u] > 0) {
            lua_pushinteger(L, r->base_rank[u]);
            lua_setfield(L, -2, "base_rank");
        }
        set_number(L, "base_percent", r->base_pct[u]);
        if (r->median[u] > 0) {
            lua_pushinteger(L, r->median[u]);
            lua_setfield(L, -2, "median");
            lua_pushinteger(L, r->q05[u]);
            lua_setfield(L, -2, "q05");
            lua_pushinteger(L, r->q95[u]);
            lua_setfield(L, -2, "q95");
        }
        set_number(L, "mean", r->mean_rank[u]);
        if (ranks) {
            size_t nk = lua_rawlen(L, ranks);
            lua_createtable(L, 0, (int)nk);
            for (i = 1; i <= nk; i++) {
                lua_Integer top;
                size_t cnt = 0, rr;
                int isnum;
                lua_rawgeti(L, ranks, (lua_Integer)i);
                top = lua_tointegerx(L, -1, &isnum);
                lua_pop(L, 1);
                if (!isnum || top < 1)
                    return luaL_error(L, "chiso.sensitivity: ranks = { 10, … } (whole numbers ≥ 1)");
                for (rr = 1; rr <= r->nunits && rr <= (size_t)top; rr++)
                    cnt += h[rr];
                lua_pushnumber(L, (double)cnt / (double)r->nruns);
                lua_rawseti(L, -2, top);
            }
            lua_setfield(L, -2, "top");
        }
        lua_rawseti(L, -2, (lua_Integer)u + 1);
    }
    lua_setfield(L, -2, "units");

    lua_createtable(L, 0, SENS_NOUT);
    for (i = 0; i < SENS_NOUT; i++) {
        if (!r->index[i])
            continue;
        lua_createtable(L, 0, 4);
        set_number(L, "mean", r->mean[i]);
        set_number(L, "sd", sqrt(r->var[i]));
        lua_createtable(L, (int)r->d, 0);
        for (k = 0; k < r->d; k++) {
            const SensIndex *x = &r->index[i][k];
            lua_createtable(L, 0, 6);
            set_number(L, "s1", x->s1);
            set_number(L, "st", x->st);
            set_number(L, "s1_lo", x->s1_lo);
            set_number(L, "s1_hi", x->s1_hi);
            set_number(L, "st_lo", x->st_lo);
            set_number(L, "st_hi", x->st_hi);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "indices");
        lua_setfield(L, -2, OUT_NAMES[i]);
    }
    lua_setfield(L, -2, "outputs");

    lua_createtable(L, (int)r->d, 0);
    for (k = 0; k < r->d; k++) {
        static const char *const kinds[] = {"weight", "threshold", "aggregation", "variant"};
        lua_createtable(L, 0, 4);
        lua_pushstring(L, alts[k].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, kinds[alts[k].kind]);
        lua_setfield(L, -2, "kind");
        if (alts[k].code) {
            lua_pushstring(L, alts[k].code);
            lua_setfield(L, -2, "code");
        }
        lua_pushinteger(L, (lua_Integer)alts[k].nvalues);
        lua_setfield(L, -2, "nvalues");
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_setfield(L, -2, "alternatives");

    if (lua_getfield(L, 1, "record") != LUA_TNIL && lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        lua_createtable(L, 0, 6);
        lua_createtable(L, (int)r->nruns, 0);
        for (i = 0; i < r->nruns; i++) {
            size_t block, row;
            sens_run_block(r->n, i, &block, &row);
            lua_pushstring(L, block == 0 ? "A" : block == 1 ? "B" : "AB");
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, "block");
        lua_createtable(L, (int)r->nruns, 0);
        for (i = 0; i < r->nruns; i++) {
            size_t block, row;
            sens_run_block(r->n, i, &block, &row);
            lua_pushinteger(L, block >= 2 ? (lua_Integer)block - 1 : 0);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, "of");
        lua_createtable(L, (int)r->d, 0);
        for (k = 0; k < r->d; k++) {
            lua_createtable(L, (int)r->nruns, 0);
            for (i = 0; i < r->nruns; i++) {
                lua_pushinteger(L, (lua_Integer)r->level[i * r->d + k] + 1);
                lua_rawseti(L, -2, (lua_Integer)i + 1);
            }
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "level");
        for (k = 0; k < SENS_NOUT; k++) {
            if (!r->y[k])
                continue;
            push_numbers(L, r->y[k], r->nruns);
            lua_setfield(L, -2, OUT_NAMES[k]);
        }
        lua_setfield(L, -2, "record");
    } else {
        lua_pop(L, 1);
    }
    return 1;
}

static const luaL_Reg funcs[] = {{"sensitivity", l_sensitivity}, {NULL, NULL}};

void api_sensitivity_register(lua_State *L)
{
    luaL_newmetatable(L, SENS_RESULT_MT);
    lua_pushcfunction(L, result_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_setfuncs(L, funcs, 0);
}
