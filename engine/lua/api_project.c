/* api_project.c — chiso.project: the Monte Carlo kernel (project.h) for
 * scripts.  Tables of numbers in, per-unit statistics out.
 *
 *   local r = chiso.project {
 *     mean = { { 40.1, 45.2 }, { 38.0, 47.5 }, … },   -- per unit: one number, or one per area
 *     sd = { { 0.6, 0.8 }, … },                       -- same shape; nil: no noise
 *     offset = { 0, 1.5, … },                         -- per unit, optional
 *     kind = { "known", "slot", "pool", … },          -- optional; slot: lo[u]..hi[u]; pool: one of `pool`
 *     lo = { … }, hi = { … }, pool = { { 86.97, 87.32 }, … },
 *     min = 0, max = 100, decimals = 2, threshold = 90,
 *     ranks = { 10, 30 },                             -- P(rank <= k) wanted
 *     draws = 100000, seed = 1, threads = 2, progress = true, histogram = false,
 *     portable = false,                              -- true: never the SIMD path (same result)
 *   }
 *   r.units[i] = { median =, p5 =, p95 =, mean =, above =, le = { [10] = …, [30] = … }, hist = {…} }
 *   r.draws, r.threads, r.seconds (wall time of the draws), r.simd (the SIMD path was taken)
 *
 * progress = true draws a bar on stderr when stderr is a terminal and the run
 * has taken more than a second; it is erased when the run ends.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "project.h"

#define API_PROJECT_RUN "chiso.ProjectRun"

typedef struct RunBox {
    ProjectResult r;
} RunBox;

static int run_gc(lua_State *L)
{
    RunBox *b = luaL_checkudata(L, 1, API_PROJECT_RUN);
    project_result_free(&b->r);
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A scratch array that Lua frees (a userdata left on the stack). */
static void *scratch(lua_State *L, size_t n, size_t size)
{
    void *p = lua_newuserdatauv(L, (n ? n : 1) * size, 0);
    memset(p, 0, (n ? n : 1) * size);
    return p;
}

static double field_number(lua_State *L, int t, const char *key, double def)
{
    double v = def;
    int ty = lua_getfield(L, t, key);
    if (ty == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    else if (ty != LUA_TNIL)
        luaL_error(L, "chiso.project: '%s' must be a number, not %s", key, luaL_typename(L, -1));
    lua_pop(L, 1);
    return v;
}

static lua_Integer field_integer(lua_State *L, int t, const char *key, lua_Integer def)
{
    lua_Integer v = def;
    int ty = lua_getfield(L, t, key);
    if (ty != LUA_TNIL) {
        int ok;
        v = lua_tointegerx(L, -1, &ok);
        if (!ok)
            luaL_error(L, "chiso.project: '%s' must be a whole number", key);
    }
    lua_pop(L, 1);
    return v;
}

/* The number at index -1, or an error naming where it is. */
static double number_at(lua_State *L, const char *what, size_t u, size_t a, int nested)
{
    if (lua_type(L, -1) != LUA_TNUMBER) {
        if (nested)
            luaL_error(L, "chiso.project: %s[%d][%d] must be a number, not %s", what, (int)u + 1, (int)a + 1,
                       luaL_typename(L, -1));
        luaL_error(L, "chiso.project: %s[%d] must be a number, not %s", what, (int)u + 1, luaL_typename(L, -1));
    }
    return lua_tonumber(L, -1);
}

/* mean/sd: per unit a number (one area) or a table of A numbers. */
static void read_matrix(lua_State *L, int spec, const char *key, size_t U, size_t A, double *out)
{
    int t;
    size_t u, a;
    lua_getfield(L, spec, key);
    t = lua_gettop(L);
    luaL_argexpected(L, lua_istable(L, t), 1, "table with a list of per-unit values");
    for (u = 0; u < U; u++) {
        int ty = lua_rawgeti(L, t, (lua_Integer)u + 1);
        if (ty == LUA_TTABLE) {
            if (lua_rawlen(L, -1) != A)
                luaL_error(L, "chiso.project: %s[%d] has %d values, expected %d (one per area)", key, (int)u + 1,
                           (int)lua_rawlen(L, -1), (int)A);
            for (a = 0; a < A; a++) {
                lua_rawgeti(L, -1, (lua_Integer)a + 1);
                out[u * A + a] = number_at(L, key, u, a, 1);
                lua_pop(L, 1);
            }
        } else {
            if (A != 1)
                luaL_error(L, "chiso.project: %s[%d] must be a list of %d values (one per area)", key, (int)u + 1,
                           (int)A);
            out[u] = number_at(L, key, u, 0, 0);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A per-unit list of numbers; missing entries take def. */
static int read_vector(lua_State *L, int spec, const char *key, size_t U, double def, double *out)
{
    size_t u;
    int t;
    if (lua_getfield(L, spec, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    t = lua_gettop(L);
    luaL_argexpected(L, lua_istable(L, t), 1, "table");
    for (u = 0; u < U; u++) {
        if (lua_rawgeti(L, t, (lua_Integer)u + 1) == LUA_TNIL)
            out[u] = def;
        else
            out[u] = number_at(L, key, u, 0, 0);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 1;
}

typedef struct Bar {
    double start;
    int tty, shown;
} Bar;

static void progress_bar(void *ud, uint64_t done, uint64_t total)
{
    Bar *b = ud;
    char line[128];
    int width = 30, filled, i, n;
    if (!b->tty)
        return;
    if (done >= total) {
        if (b->shown)
            fputs("\r\033[K", stderr);
        b->shown = 0;
        fflush(stderr);
        return;
    }
    if (!b->shown && now_seconds() - b->start < 1.0)
        return;
    b->shown = 1;
    filled = total ? (int)((double)done / (double)total * width) : 0;
    n = snprintf(line, sizeof line, "\rchiso project: [");
    for (i = 0; i < width && n < (int)sizeof line - 40; i++)
        line[n++] = i < filled ? '#' : '.';
    snprintf(line + n, sizeof line - (size_t)n, "] %3d%%  %llu/%llu draws",
             total ? (int)(100.0 * (double)done / (double)total) : 0, (unsigned long long)done,
             (unsigned long long)total);
    fputs(line, stderr);
    fflush(stderr);
}

/* Lua: chiso.project(spec) -> { units = { {median=, p5=, p95=, mean=, above=, le=, hist=}, … }, draws=, threads=, seconds= } */
static int l_project(lua_State *L)
{
    ProjectSpec s;
    RunBox *box;
    Bar bar;
    Diag d;
    size_t U, A, u, nks = 0, k;
    double *mean, *sd = NULL, *offset, *lo, *hi, *pool_lo, *pool_hi;
    unsigned char *kind;
    lua_Integer *ks;
    lua_Integer threads, draws;
    int has_kind = 0, hist = 0, t0;
    double start;
    long ncpu;

    luaL_checktype(L, 1, LUA_TTABLE);
    memset(&s, 0, sizeof s);
    if (lua_getfield(L, 1, "mean") != LUA_TTABLE)
        return luaL_error(L, "chiso.project: mean = { per-unit values } is required");
    U = (size_t)lua_rawlen(L, -1);
    lua_pop(L, 1);
    A = (size_t)field_integer(L, 1, "areas", 1);
    U = (size_t)field_integer(L, 1, "units", (lua_Integer)U);
    if (U < 1 || A < 1 || U > 100000 || A > 10000)
        return luaL_error(L, "chiso.project: %d units × %d areas is not a table that can be projected", (int)U,
                          (int)A);
    mean = scratch(L, U * A, sizeof *mean);
    read_matrix(L, 1, "mean", U, A, mean);
    if (lua_getfield(L, 1, "sd") != LUA_TNIL) {
        lua_pop(L, 1);
        sd = scratch(L, U * A, sizeof *sd); /* stays on the stack while the run lasts */
        read_matrix(L, 1, "sd", U, A, sd);
    } else {
        lua_pop(L, 1);
    }
    offset = scratch(L, U, sizeof *offset);
    lo = scratch(L, U, sizeof *lo);
    hi = scratch(L, U, sizeof *hi);
    kind = scratch(L, U, sizeof *kind);
    read_vector(L, 1, "offset", U, 0.0, offset);
    read_vector(L, 1, "lo", U, 0.0, lo);
    read_vector(L, 1, "hi", U, 0.0, hi);
    if (lua_getfield(L, 1, "kind") == LUA_TTABLE) {
        int t = lua_gettop(L);
        has_kind = 1;
        for (u = 0; u < U; u++) {
            const char *v;
            lua_rawgeti(L, t, (lua_Integer)u + 1);
            v = lua_isnil(L, -1) ? "known" : lua_tostring(L, -1);
            if (!v)
                return luaL_error(L, "chiso.project: kind[%d] must be \"known\", \"slot\" or \"pool\"", (int)u + 1);
            if (strcmp(v, "known") == 0)
                kind[u] = PROJECT_KNOWN;
            else if (strcmp(v, "slot") == 0)
                kind[u] = PROJECT_SLOT;
            else if (strcmp(v, "pool") == 0)
                kind[u] = PROJECT_POOL;
            else
                return luaL_error(L, "chiso.project: kind[%d] is '%s', not \"known\", \"slot\" or \"pool\"",
                                  (int)u + 1, v);
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        return luaL_error(L, "chiso.project: kind must be a list");
    }
    lua_pop(L, 1);
    s.npool = 0;
    pool_lo = pool_hi = NULL;
    if (lua_getfield(L, 1, "pool") == LUA_TTABLE) {
        int t = lua_gettop(L);
        s.npool = (size_t)lua_rawlen(L, t);
        pool_lo = scratch(L, s.npool, sizeof *pool_lo);
        pool_hi = scratch(L, s.npool, sizeof *pool_hi);
        for (k = 0; k < s.npool; k++) {
            lua_rawgeti(L, t, (lua_Integer)k + 1);
            if (!lua_istable(L, -1))
                return luaL_error(L, "chiso.project: pool[%d] must be { lo, hi }", (int)k + 1);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            if (!lua_isnumber(L, -2) || !lua_isnumber(L, -1))
                return luaL_error(L, "chiso.project: pool[%d] must be { lo, hi }", (int)k + 1);
            pool_lo[k] = lua_tonumber(L, -2);
            pool_hi[k] = lua_tonumber(L, -1);
            lua_pop(L, 3);
        }
        lua_replace(L, t); /* keep pool_hi's userdata where the table was; pool_lo stays below */
    } else {
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 1, "ranks") == LUA_TTABLE) {
        int t = lua_gettop(L);
        nks = (size_t)lua_rawlen(L, t);
        ks = scratch(L, nks, sizeof *ks);
        for (k = 0; k < nks; k++) {
            int ok;
            lua_rawgeti(L, t, (lua_Integer)k + 1);
            ks[k] = lua_tointegerx(L, -1, &ok);
            if (!ok || ks[k] < 1)
                return luaL_error(L, "chiso.project: ranks[%d] must be a whole number >= 1", (int)k + 1);
            lua_pop(L, 1);
        }
        lua_replace(L, t);
    } else {
        lua_pop(L, 1);
        ks = NULL;
    }
    lua_getfield(L, 1, "histogram");
    hist = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, 1, "portable");
    s.portable = lua_toboolean(L, -1);
    lua_pop(L, 1);

    s.units = U;
    s.areas = A;
    s.mean = mean;
    s.sd = sd;
    s.offset = offset;
    s.kind = has_kind ? kind : NULL;
    s.lo = lo;
    s.hi = hi;
    s.pool_lo = pool_lo;
    s.pool_hi = pool_hi;
    s.min = field_number(L, 1, "min", 0.0);
    s.max = field_number(L, 1, "max", 0.0);
    s.decimals = (int)field_integer(L, 1, "decimals", 2);
    s.threshold = field_number(L, 1, "threshold", NAN);
    draws = field_integer(L, 1, "draws", 10000);
    if (draws < 1)
        return luaL_error(L, "chiso.project: draws must be at least 1");
    s.draws = (uint64_t)draws;
    s.seed = (uint64_t)field_integer(L, 1, "seed", 1);
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    threads = field_integer(L, 1, "threads", ncpu > 0 ? ncpu : 1);
    if (threads < 1 || threads > 256)
        return luaL_error(L, "chiso.project: threads must be 1 to 256");
    s.threads = (unsigned)threads;
    lua_getfield(L, 1, "progress");
    if (lua_toboolean(L, -1)) {
        bar.start = now_seconds();
        bar.tty = isatty(STDERR_FILENO);
        bar.shown = 0;
        s.progress = progress_bar;
        s.progress_ud = &bar;
    }
    lua_pop(L, 1);

    box = lua_newuserdatauv(L, sizeof *box, 0);
    memset(box, 0, sizeof *box);
    luaL_setmetatable(L, API_PROJECT_RUN);
    start = now_seconds();
    if (project_run(&s, &box->r, &d) != 0)
        return api_raise(L, &d);

    lua_createtable(L, 0, 4);
    t0 = lua_gettop(L);
    lua_pushnumber(L, now_seconds() - start);
    lua_setfield(L, t0, "seconds");
    lua_pushinteger(L, draws);
    lua_setfield(L, t0, "draws");
    lua_pushinteger(L, (lua_Integer)(s.threads > s.draws ? s.draws : s.threads));
    lua_setfield(L, t0, "threads");
    lua_pushboolean(L, !s.portable && project_simd());
    lua_setfield(L, t0, "simd");
    lua_createtable(L, (int)U, 0);
    for (u = 0; u < U; u++) {
        lua_createtable(L, 0, 7);
        lua_pushinteger(L, project_rank_quantile(&box->r, u, 0.5));
        lua_setfield(L, -2, "median");
        lua_pushinteger(L, project_rank_quantile(&box->r, u, 0.05));
        lua_setfield(L, -2, "p5");
        lua_pushinteger(L, project_rank_quantile(&box->r, u, 0.95));
        lua_setfield(L, -2, "p95");
        lua_pushnumber(L, project_mean(&box->r, u));
        lua_setfield(L, -2, "mean");
        if (!isnan(s.threshold)) {
            lua_pushnumber(L, project_p_above(&box->r, u));
            lua_setfield(L, -2, "above");
        }
        lua_createtable(L, 0, (int)nks);
        for (k = 0; k < nks; k++) {
            lua_pushnumber(L, project_p_rank_le(&box->r, u, (int)(ks[k] > (lua_Integer)U ? (lua_Integer)U : ks[k])));
            lua_rawseti(L, -2, ks[k]);
        }
        lua_setfield(L, -2, "le");
        if (hist) {
            size_t r;
            lua_createtable(L, (int)U, 0);
            for (r = 1; r <= U; r++) {
                lua_pushinteger(L, (lua_Integer)box->r.hist[u * (U + 1) + r]);
                lua_rawseti(L, -2, (lua_Integer)r);
            }
            lua_setfield(L, -2, "hist");
        }
        lua_rawseti(L, -2, (lua_Integer)u + 1);
    }
    lua_setfield(L, t0, "units");
    project_result_free(&box->r);
    return 1;
}

static const luaL_Reg funcs[] = {{"project", l_project}, {NULL, NULL}};

void api_project_register(lua_State *L)
{
    luaL_newmetatable(L, API_PROJECT_RUN);
    lua_pushcfunction(L, run_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_setfuncs(L, funcs, 0);
}
