/* api_rules.c — methodologies for scripts.
 *
 *   local m = chiso.rules("rules/par/2023.lua")   -- sandboxed, with the rule language
 *   for _, msg in ipairs(m:check(data)) do print(msg) end
 *   local s = m:score(data)                      -- data: a chiso.Table, one row per unit
 *   print(s:get("PAR2023", 1, "points"), s:get("PAR2023", 1, "percent"))
 *   for _, leaf in ipairs(s:explain(1)) do print(leaf.code, leaf.points, leaf.lost) end
 *
 * The rule file runs in its own sandbox with the rule language of
 * rules_prelude.lua; its declaration is read with raw accesses only (no rule
 * code runs while compiling) and turned into a Tree for the C scorer.
 * Function leaves stay in the sandbox and are called through ScoreHooks.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "sandbox.h"
#include "score.h"
#include "table.h"
#include "text.h"
#include "tree.h"

extern const char chiso_rules_prelude[];
extern const size_t chiso_rules_prelude_len;

typedef struct Rules {
    Sandbox *sb;
    Tree *tree;
    int *fnref;          /* sandbox registry refs of function leaves */
    size_t nfn, capfn;
    const Table *data;   /* while scoring function leaves */
} Rules;

typedef struct ScoreRef {
    ScoreResult *r;
} ScoreRef;

/* ---- where(): positions for the prelude ---------------------------------- */

static int ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The first line, from line FROM on, where NAME stands as a whole word
 * followed (after blanks) by one of the characters of NEXT ('\n': the end of
 * the line; '=': an assignment, not "=="); 0 when not found.  Reads the
 * source again because Lua keeps no position for a table's keys. */
static int word_line(const char *path, int from, const char *name, const char *next)
{
    FILE *f;
    char buf[1024];
    size_t len = strlen(name);
    int line = 1, found = 0;
    if (!len || !(f = fopen(path, "r")))
        return 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        char *p = buf;
        size_t n = strlen(buf);
        while (line >= from && (p = strstr(p, name)) != NULL) {
            char *q = p + len;
            int whole = (p == buf || (!ident_char(p[-1]) && p[-1] != '.')) && !ident_char(*q);
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '\r')
                q++;
            if (whole && (*q ? strchr(next, *q) != NULL && !(*q == '=' && q[1] == '=') : strchr(next, '\n') != NULL)) {
                found = 1;
                break;
            }
            p += len;
        }
        if (!found && n > 0 && buf[n - 1] == '\n')
            line++; /* a line longer than buf is read in pieces */
    }
    fclose(f);
    return found ? line : 0;
}

/* The line of the first "NAME {" (or "NAME(") in a file; 0 when not found. */
static int decl_line(const char *path, const char *name)
{
    return word_line(path, 1, name, "{(\n");
}

/* Lua (in the sandbox, for the prelude only): key_line(file, line, key
 * [, next]) -> the line of "key =" (or of key followed by one of the
 * characters of `next`: '"' finds a quoted value) at or after `line`, where a
 * declaration starts, or `line`: a mistake is reported where it is written. */
static int l_key_line(lua_State *S)
{
    const char *file = lua_tostring(S, 1), *key = lua_tostring(S, 3);
    const char *next = lua_isstring(S, 4) ? lua_tostring(S, 4) : "=";
    int at = 0;
    if (file && key && *next && lua_isinteger(S, 2) && lua_tointeger(S, 2) > 0 && lua_tointeger(S, 2) < INT_MAX)
        at = word_line(file, (int)lua_tointeger(S, 2), key, next);
    if (at > 0)
        lua_pushinteger(S, at);
    else
        lua_pushvalue(S, 2); /* unknown: the declaration's own line */
    return 1;
}

/* Lua (in the sandbox, for the prelude only): where(level [, name]) -> file,
 * line of the nearest Lua code at or above `level`.  A constructor called as
 * `return index { … }` is a tail call: the chunk's frame is gone, so the
 * position is the file being run and the line of its first "name {". */
static int l_where(lua_State *S)
{
    lua_Debug ar;
    int level = (int)luaL_checkinteger(S, 1);
    const char *name = luaL_optstring(S, 2, "");
    const char *file;
    for (; lua_getstack(S, level, &ar); level++) {
        if (lua_getinfo(S, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
            lua_pushstring(S, ar.source + 1);
            lua_pushinteger(S, ar.currentline);
            return 2;
        }
    }
    file = sandbox_run_file(S);
    lua_pushstring(S, file);
    lua_pushinteger(S, decl_line(file, name));
    return 2;
}

/* Row tables given to function leaves: an unknown column is an error that
 * names the closest column of the data (the metatable's "columns" list). */
static int row_index(lua_State *S)
{
    const char *key = lua_tostring(S, 2), *best = NULL;
    size_t bestd = (size_t)-1, k, n;
    if (!key)
        return luaL_error(S, "data columns are named by text");
    if (lua_getmetatable(S, 1) && lua_getfield(S, -1, "columns") == LUA_TTABLE) {
        n = lua_rawlen(S, -1);
        for (k = 1; k <= n; k++) {
            const char *c;
            lua_rawgeti(S, -1, (lua_Integer)k);
            c = lua_tostring(S, -1);
            if (c && strcmp(c, key) == 0) {
                lua_pushnil(S); /* a column of the data, empty for this unit */
                return 1;
            }
            if (c) {
                size_t d = text_distance(key, c);
                if (d < bestd) {
                    bestd = d;
                    best = c; /* kept alive by the columns list */
                }
            }
            lua_pop(S, 1);
        }
    }
    if (best && bestd <= 3 && bestd < strlen(key))
        return luaL_error(S, "no column '%s' in the data (did you mean '%s'?)", key, best);
    return luaL_error(S, "no column '%s' in the data", key);
}

static const char ROW_MT;

/* ---- reading the declaration (sandbox state, raw accesses) --------------- */

typedef struct Compile {
    Rules *rules;
    Diag *d;
    int failed;
} Compile;

/* Push t[key] without metamethods; proxies of engine tables are unwrapped. */
static int get(lua_State *S, int t, const char *key)
{
    int ty;
    lua_pushstring(S, key);
    ty = lua_rawget(S, t);
    if (ty == LUA_TTABLE && sandbox_unproxy(S, -1))
        lua_remove(S, -2);
    return ty;
}

static const char *get_string(lua_State *S, int t, const char *key)
{
    const char *s = NULL;
    if (get(S, t, key) == LUA_TSTRING)
        s = lua_tostring(S, -1); /* stays alive: the string is in the table */
    lua_pop(S, 1);
    return s;
}

static char *borrow_get(lua_State *S, int t, const char *key);

static double get_number(lua_State *S, int t, const char *key, double def)
{
    double v = def;
    if (get(S, t, key) == LUA_TNUMBER)
        v = lua_tonumber(S, -1);
    lua_pop(S, 1);
    return v;
}

static int fail_at(Compile *c, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_at(Compile *c, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(c->d, file, line, 0, "%s", msg);
    c->failed = 1;
    return -1;
}

/* The node prototype borrows the declaration's strings (they live in the
 * sandbox while compiling); tree_add copies them. */
static char *borrow(const char *s)
{
    union {
        const char *c;
        char *m;
    } u;
    u.c = s;
    return u.m;
}

static char *borrow_get(lua_State *S, int t, const char *key)
{
    return borrow(get_string(S, t, key));
}

static StepOp step_op(const char *s)
{
    if (strcmp(s, ">") == 0) return STEP_GT;
    if (strcmp(s, ">=") == 0) return STEP_GE;
    if (strcmp(s, "<") == 0) return STEP_LT;
    if (strcmp(s, "<=") == 0) return STEP_LE;
    if (strcmp(s, "=") == 0) return STEP_EQ;
    return STEP_ELSE;
}

/* Fill n->rule from a rule declaration at index r (steps in a userdata box
 * left on the stack, so nothing leaks if a Lua call raises). */
static int compile_rule(lua_State *S, Compile *c, int r, Node *n)
{
    const char *kind = get_string(S, r, "rule");
    const char *missing;
    Rule *ru = &n->rule;

    if (!kind)
        return fail_at(c, n->file, n->line, "'%s': score is not a rule", n->code);
    ru->column = borrow_get(S, r, "column");
    ru->scale = 1;
    ru->cap = NAN;
    missing = get_string(S, r, "missing");
    ru->missing = missing && strcmp(missing, "na") == 0 ? MISSING_NA
                : missing && strcmp(missing, "unknown") == 0 ? MISSING_UNKNOWN : MISSING_ZERO;
    if (strcmp(kind, "steps") == 0 || strcmp(kind, "schedule") == 0) {
        size_t k, ns;
        Step *steps;
        ru->kind = kind[1] == 't' ? RULE_STEPS : RULE_SCHEDULE;
        if (get(S, r, "steps") != LUA_TTABLE) {
            lua_pop(S, 1);
            return fail_at(c, n->file, n->line, "'%s': rule without steps", n->code);
        }
        ns = lua_rawlen(S, -1);
        steps = lua_newuserdatauv(S, (ns ? ns : 1) * sizeof *steps, 0); /* [steps_tbl, box] */
        for (k = 0; k < ns; k++) {
            const char *op;
            lua_rawgeti(S, -2, (lua_Integer)k + 1);
            if (!lua_istable(S, -1)) {
                lua_pop(S, 3);
                return fail_at(c, n->file, n->line, "'%s': malformed step", n->code);
            }
            op = get_string(S, lua_gettop(S), "op");
            steps[k].op = step_op(op ? op : "else");
            steps[k].at = get_number(S, lua_gettop(S), "at", NAN);
            steps[k].points = get_number(S, lua_gettop(S), "points", NAN);
            lua_pop(S, 1);
            if (isnan(steps[k].points) || (steps[k].op != STEP_ELSE && isnan(steps[k].at))) {
                lua_pop(S, 2);
                return fail_at(c, n->file, n->line, "'%s': malformed step", n->code);
            }
        }
        ru->steps = steps;
        ru->nsteps = ns;
        lua_remove(S, -2); /* keep the box on the stack until tree_add copied it */
        return 1;          /* one value left on the stack */
    }
    if (strcmp(kind, "rate") == 0 || strcmp(kind, "percent") == 0) {
        const char *zero;
        ru->kind = RULE_RATE;
        ru->den_column = borrow_get(S, r, "den");
        ru->scale = kind[0] == 'p' ? 100 : get_number(S, r, "scale", 1);
        zero = get_string(S, r, "zero");
        if (get(S, r, "zero") == LUA_TNUMBER)
            ru->zero_den = ZERO_DEN_ZERO;
        else
            ru->zero_den = zero && strcmp(zero, "full") == 0 ? ZERO_DEN_FULL : ZERO_DEN_NA;
        lua_pop(S, 1);
    } else if (strcmp(kind, "linear") == 0) {
        ru->kind = RULE_LINEAR;
        ru->lo = get_number(S, r, "from", NAN);
        ru->hi = get_number(S, r, "to", NAN);
    } else if (strcmp(kind, "on_time") == 0) {
        ru->kind = RULE_ON_TIME;
        ru->on_time = get_number(S, r, "on_time", n->max);
        ru->late = get_number(S, r, "late", 0);
        ru->not_done = get_number(S, r, "not_done", 0);
    } else if (strcmp(kind, "yes_no") == 0) {
        ru->kind = RULE_YES_NO;
        ru->yes = get_number(S, r, "yes", n->max);
        ru->no = get_number(S, r, "no", 0);
    } else if (strcmp(kind, "penalty") == 0) {
        ru->kind = RULE_PENALTY;
        ru->per = get_number(S, r, "per", NAN);
        ru->cap = get_number(S, r, "cap", NAN);
    } else {
        return fail_at(c, n->file, n->line, "unknown rule '%s'", kind);
    }
    return 0;
}

static NodeKind node_kind(const char *decl)
{
    if (strcmp(decl, "index") == 0) return NODE_INDEX;
    if (strcmp(decl, "part") == 0) return NODE_PART;
    if (strcmp(decl, "area") == 0) return NODE_AREA;
    if (strcmp(decl, "criterion") == 0) return NODE_CRITERION;
    if (strcmp(decl, "view") == 0) return NODE_VIEW;
    if (strcmp(decl, "group") == 0) return NODE_GROUP;
    return NODE_SUB;
}

static int add_function(Compile *c, lua_State *S, int idx)
{
    Rules *r = c->rules;
    if (r->nfn == r->capfn) {
        size_t nc = r->capfn ? r->capfn * 2 : 8;
        int *nf = realloc(r->fnref, nc * sizeof *nf);
        if (!nf)
            return -1;
        r->fnref = nf;
        r->capfn = nc;
    }
    lua_pushvalue(S, idx);
    r->fnref[r->nfn] = luaL_ref(S, LUA_REGISTRYINDEX);
    return (int)r->nfn++;
}

static int compile_node(lua_State *S, Compile *c, int t, int parent)
{
    Node n;
    const char *decl = get_string(S, t, "decl"), *agg, *na;
    int top = lua_gettop(S), idx, ty;
    size_t k, nchild;
    const char **of = NULL;

    memset(&n, 0, sizeof n);
    if (!decl)
        return fail_at(c, c->rules->tree->file, 0, "%s", "a part of the index is not a declaration");
    n.kind = node_kind(decl);
    n.file = borrow_get(S, t, "file");
    n.line = (int)get_number(S, t, "line", 0);
    if (!n.file || !*n.file) {
        n.file = c->rules->tree->file;
        n.line = 0;
    }
    n.code = borrow_get(S, t, "code");
    if (!n.code)
        return fail_at(c, n.file, n.line, "%s without a code", decl);
    n.name = borrow_get(S, t, "name");
    n.name_en = borrow_get(S, t, "name_en");
    n.owner = borrow_get(S, t, "owner");
    n.status = borrow_get(S, t, "status");
    n.note = borrow_get(S, t, "note");
    n.source = borrow_get(S, t, "source");
    n.max_reason = borrow_get(S, t, "max_reason");
    n.column = borrow_get(S, t, "column");
    n.max = get_number(S, t, "max", NAN);
    n.weight = get_number(S, t, "weight", 1);
    agg = get_string(S, t, "aggregate");
    n.agg = !agg ? AGG_SUM : strcmp(agg, "mean") == 0 ? AGG_MEAN : strcmp(agg, "weighted_mean") == 0 ? AGG_WMEAN : AGG_SUM;
    na = get_string(S, t, "na");
    n.na = na && strcmp(na, "full") == 0 ? NA_FULL : NA_EXCLUDE;
    if (get(S, t, "na_when") == LUA_TTABLE) {
        int w = lua_gettop(S);
        n.na_column = borrow_get(S, w, "column");
        if (get(S, w, "is") == LUA_TSTRING)
            n.na_value = borrow(lua_tostring(S, -1));
        else
            n.na_number = lua_tonumber(S, -1);
        lua_pop(S, 1);
    }
    lua_pop(S, 1);

    ty = get(S, t, "score");
    if (ty == LUA_TFUNCTION) {
        int id = add_function(c, S, lua_gettop(S));
        if (id < 0)
            return fail_at(c, n.file, n.line, "%s", "out of memory");
        n.rule.kind = RULE_FUNCTION;
        n.rule.fn = id;
    } else if (ty == LUA_TTABLE) {
        if (compile_rule(S, c, lua_gettop(S), &n) < 0) {
            lua_settop(S, top);
            return -1;
        }
    }

    if (get(S, t, "of") == LUA_TTABLE) {
        n.nof = lua_rawlen(S, -1);
        of = lua_newuserdatauv(S, (n.nof ? n.nof : 1) * sizeof *of, 0);
        for (k = 0; k < n.nof; k++) {
            lua_rawgeti(S, -2, (lua_Integer)k + 1);
            of[k] = lua_tostring(S, -1);
            lua_pop(S, 1);
            if (!of[k]) {
                lua_settop(S, top);
                return fail_at(c, n.file, n.line, "'%s': of must list codes", n.code);
            }
        }
        n.of = (char **)(void *)of; /* borrowed as well */
    }

    idx = tree_add(c->rules->tree, &n, parent);
    if (idx < 0) {
        lua_settop(S, top);
        return fail_at(c, n.file, n.line, "'%s': out of memory", n.code);
    }
    if (get(S, t, "children") == LUA_TTABLE) {
        int ch = lua_gettop(S);
        nchild = lua_rawlen(S, ch);
        for (k = 0; k < nchild; k++) {
            const char *cdecl;
            int cidx;
            lua_rawgeti(S, ch, (lua_Integer)k + 1);
            cidx = lua_gettop(S);
            cdecl = get_string(S, cidx, "decl");
            if (!lua_istable(S, cidx) || !cdecl) {
                lua_settop(S, top);
                return fail_at(c, n.file, n.line, "'%s': a part is not a declaration", n.code);
            }
            /* Views are roots of their own; everything else hangs under this node. */
            if (compile_node(S, c, cidx, strcmp(cdecl, "view") == 0 ? -1 : idx) < 0) {
                lua_settop(S, top);
                return -1;
            }
            lua_pop(S, 1);
        }
    }
    lua_settop(S, top);
    return idx;
}

/* Index-level metadata into a table in the script state L. */
static void copy_info(lua_State *S, int t, lua_State *L)
{
    static const char *const strings[] = {"code", "name", "name_en", "unit", "decision", "source", "status",
                                          "note", "file", NULL};
    const char *const *k;
    lua_newtable(L);
    for (k = strings; *k; k++) {
        const char *v = get_string(S, t, *k);
        if (v) {
            lua_pushstring(L, v);
            lua_setfield(L, -2, *k);
        }
    }
    if (get(S, t, "year") == LUA_TNUMBER) {
        lua_pushinteger(L, (lua_Integer)lua_tonumber(S, -1));
        lua_setfield(L, -2, "year");
    }
    lua_pop(S, 1);
    if (get(S, t, "max") == LUA_TNUMBER) {
        lua_pushnumber(L, lua_tonumber(S, -1));
        lua_setfield(L, -2, "max");
    }
    lua_pop(S, 1);
}

/* ---- installing the language in a sandbox ------------------------------------ */

int api_rules_install_language(Sandbox *sb, Diag *d)
{
    lua_State *S = sandbox_state(sb);
    /* Run the prelude with where() and key_line() as its arguments; define what
     * it returns. */
    lua_pushcfunction(S, l_where);
    lua_pushcfunction(S, l_key_line);
    if (sandbox_run_code(sb, "=rule language", chiso_rules_prelude, chiso_rules_prelude_len, 2, d) != 0)
        return -1;
    lua_pushnil(S);
    while (lua_next(S, -2)) {
        const char *name = lua_tostring(S, -2);
        lua_pushvalue(S, -2);
        lua_insert(S, -2);           /* [voc, key, key, value] */
        sandbox_define(sb, name);    /* pops the value */
        lua_pop(S, 1);               /* [voc, key] */
    }
    lua_pop(S, 1);
    /* The metatable of row tables given to function leaves. */
    lua_createtable(S, 0, 1);
    lua_pushcfunction(S, row_index);
    lua_setfield(S, -2, "__index");
    lua_rawsetp(S, LUA_REGISTRYINDEX, &ROW_MT);
    return 0;
}

/* ---- the Methodology userdata -------------------------------------------- */

static Rules *check_rules(lua_State *L, int i)
{
    Rules *r = luaL_checkudata(L, i, API_METHODOLOGY);
    luaL_argcheck(L, r->tree != NULL, i, "methodology was freed");
    return r;
}

static void rules_release(Rules *r)
{
    tree_free(r->tree);
    r->tree = NULL;
    free(r->fnref);
    r->fnref = NULL;
    r->nfn = r->capfn = 0;
    sandbox_free(r->sb);
    r->sb = NULL;
}

static int l_rules_gc(lua_State *L)
{
    rules_release(luaL_checkudata(L, 1, API_METHODOLOGY));
    return 0;
}

/* Compile [decl] on the sandbox stack: runs as a protected call in S. */
typedef struct CompileArgs {
    Compile *c;
} CompileArgs;

static int compile_body(lua_State *S)
{
    CompileArgs *a = lua_touserdata(S, 2);
    const char *decl = get_string(S, 1, "decl");
    Tree *t = a->c->rules->tree;
    if (decl && strcmp(decl, "index") == 0) {
        compile_node(S, a->c, 1, -1);
        if (!a->c->failed) {
            /* groups = { { "A", 90 }, …, { "D" } } */
            if (get(S, 1, "groups") == LUA_TTABLE) {
                int g = lua_gettop(S);
                size_t k, ng = lua_rawlen(S, g);
                for (k = 0; k < ng; k++) {
                    const char *label;
                    double from = NAN;
                    lua_rawgeti(S, g, (lua_Integer)k + 1);
                    lua_rawgeti(S, -1, 1);
                    label = lua_tostring(S, -1);
                    lua_rawgeti(S, -2, 2);
                    if (lua_type(S, -1) == LUA_TNUMBER)
                        from = lua_tonumber(S, -1);
                    if (label)
                        tree_add_band(t, label, from);
                    lua_pop(S, 3);
                }
            }
            lua_pop(S, 1);
            t->decimals = (int)get_number(S, 1, "decimals", 2);
        }
    }
    return 0;
}

/* Lua: chiso.rules(path [, {memory_mib=, instructions=, roots=}]) -> Methodology, info */
static int l_rules(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    Rules *r;
    lua_State *S;
    SandboxOptions o;
    const char *roots[9] = {NULL};
    Diag d;
    Compile c;
    CompileArgs a;
    const char *decl;
    int status;

    memset(&o, 0, sizeof o);
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "memory_mib") == LUA_TNUMBER)
            o.memory_mib = (size_t)lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 2, "instructions") == LUA_TNUMBER)
            o.instructions = (long long)lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, 2, "roots") == LUA_TTABLE) {
            int k;
            for (k = 0; k < 8 && lua_rawgeti(L, -1, k + 1) == LUA_TSTRING; k++) {
                roots[k] = lua_tostring(L, -1); /* alive in the roots table */
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
            o.roots = roots;
        }
        lua_pop(L, 1);
    }
    r = lua_newuserdatauv(L, sizeof *r, 1);
    memset(r, 0, sizeof *r);
    luaL_setmetatable(L, API_METHODOLOGY);
    r->sb = sandbox_new(&o, &d);
    if (!r->sb)
        return api_raise(L, &d);
    S = sandbox_state(r->sb);

    /* On failure the sandbox goes at once (it may hold its whole memory
     * cap), not when the collector gets to the userdata. */
    if (api_rules_install_language(r->sb, &d) != 0) {
        rules_release(r);
        return api_raise(L, &d);
    }

    if (sandbox_dofile(r->sb, path, &d) != 0) {
        rules_release(r);
        return api_raise(L, &d);
    }
    decl = lua_istable(S, -1) ? get_string(S, lua_gettop(S), "decl") : NULL;
    if (!decl || (strcmp(decl, "index") != 0 && strcmp(decl, "survey") != 0)) {
        const char *got = decl ? decl : luaL_typename(S, -1);
        diag_set(&d, path, sandbox_return_line(r->sb), 0,
                 "a methodology file must return index { … } or survey { … }, not %s", got);
        lua_pop(S, 1);
        rules_release(r);
        return api_raise(L, &d);
    }
    if (strcmp(decl, "survey") == 0) {
        Sandbox *sb = r->sb;
        r->sb = NULL; /* the survey object owns the sandbox from here */
        return api_survey_push(L, sb, path);
    }
    r->tree = tree_new(path);
    if (!r->tree)
        return luaL_error(L, "out of memory");
    memset(&c, 0, sizeof c);
    c.rules = r;
    c.d = &d;
    a.c = &c;
    lua_pushcfunction(S, compile_body);
    lua_pushvalue(S, -2);
    lua_pushlightuserdata(S, &a);
    status = lua_pcall(S, 2, 0, 0);
    if (status != LUA_OK) {
        lua_pop(S, 2);
        return api_raisef(L, "%s: methodology too large for the rule sandbox's memory", path);
    }
    if (c.failed) {
        lua_pop(S, 1);
        return api_raise(L, &d);
    }
    if (tree_finish(r->tree, &d) != 0) {
        lua_pop(S, 1);
        return api_raise(L, &d);
    }
    /* Keep index metadata beside the userdata (user value 1). */
    copy_info(S, lua_gettop(S), L);
    lua_pushstring(L, path);
    lua_setfield(L, -2, "file");
    {
        size_t k;
        lua_createtable(L, (int)r->tree->nbands, 0);
        for (k = 0; k < r->tree->nbands; k++) {
            lua_createtable(L, 2, 0);
            lua_pushstring(L, r->tree->bands[k].label);
            lua_rawseti(L, -2, 1);
            if (!isnan(r->tree->bands[k].from)) {
                lua_pushnumber(L, r->tree->bands[k].from);
                lua_rawseti(L, -2, 2);
            }
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "groups");
        lua_pushinteger(L, r->tree->decimals);
        lua_setfield(L, -2, "decimals");
    }
    lua_setiuservalue(L, -2, 1);
    lua_pop(S, 1);
    return 1;
}

/* Lua: m:info() -> { code=, name=, max=, unit=, year=, decision=, groups=, decimals=, file= … } */
static int l_info(lua_State *L)
{
    check_rules(L, 1);
    lua_getiuservalue(L, 1, 1);
    return 1;
}

static const char *kind_name(NodeKind k)
{
    static const char *const names[] = {"index", "part", "area", "criterion", "sub", "view", "group"};
    return names[k];
}

static const char *rule_name(RuleKind k)
{
    static const char *const names[] = {"none", "steps", "rate", "linear", "on_time", "yes_no",
                                        "schedule", "penalty", "function"};
    return names[k];
}

static void set_str(lua_State *L, const char *key, const char *v)
{
    if (v) {
        lua_pushstring(L, v);
        lua_setfield(L, -2, key);
    }
}

static void set_num(lua_State *L, const char *key, double v)
{
    if (!isnan(v)) {
        lua_pushnumber(L, v);
        lua_setfield(L, -2, key);
    }
}

static int node_depth(const Tree *t, int i)
{
    int d = 0;
    while (t->nodes[i].parent >= 0) {
        i = t->nodes[i].parent;
        d++;
    }
    return d;
}

static void push_node(lua_State *L, const Tree *t, int i)
{
    const Node *n = &t->nodes[i];
    char buf[512];
    size_t k;
    int root = i;
    lua_createtable(L, 0, 20);
    set_str(L, "code", n->code);
    set_str(L, "name", n->name);
    set_str(L, "name_en", n->name_en);
    set_str(L, "kind", kind_name(n->kind));
    set_num(L, "max", n->max);
    set_str(L, "owner", n->owner);
    set_str(L, "status", n->status);
    set_str(L, "note", n->note);
    set_str(L, "source", n->source);
    set_str(L, "column", n->column);
    set_str(L, "max_reason", n->max_reason);
    set_str(L, "file", n->file);
    lua_pushinteger(L, n->line);
    lua_setfield(L, -2, "line");
    lua_pushinteger(L, i + 1);
    lua_setfield(L, -2, "index");
    set_str(L, "rule_kind", rule_name(n->rule.kind));
    if (n->rule.kind != RULE_NONE || !n->nchild) {
        tree_rule_text(n, buf, sizeof buf);
        set_str(L, "rule", buf);
    }
    set_str(L, "value_column", n->rule.kind != RULE_FUNCTION ? n->rule.column : NULL);
    set_str(L, "den_column", n->rule.den_column);
    set_str(L, "aggregate", n->agg == AGG_MEAN ? "mean" : n->agg == AGG_WMEAN ? "weighted_mean" : "sum");
    set_num(L, "weight", n->weight);
    set_str(L, "na", n->na == NA_FULL ? "full" : "exclude");
    set_str(L, "na_column", n->na_column);
    if (n->parent >= 0)
        set_str(L, "parent", t->nodes[n->parent].code);
    lua_pushinteger(L, node_depth(t, i));
    lua_setfield(L, -2, "depth");
    while (t->nodes[root].parent >= 0)
        root = t->nodes[root].parent;
    if (t->nodes[root].kind == NODE_VIEW)
        set_str(L, "view", t->nodes[root].code);
    lua_createtable(L, (int)n->nchild, 0);
    for (k = 0; k < n->nchild; k++) {
        lua_pushstring(L, t->nodes[n->child[k]].code);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_setfield(L, -2, "children");
    if (n->nof) {
        lua_createtable(L, (int)n->nof, 0);
        for (k = 0; k < n->nof; k++) {
            lua_pushstring(L, n->of[k]);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "of");
    }
}

/* Lua: m:nodes() -> { node, ... } in declaration order (views after the tree they regroup) */
static int l_nodes(lua_State *L)
{
    Rules *r = check_rules(L, 1);
    size_t i;
    lua_createtable(L, (int)r->tree->n, 0);
    for (i = 0; i < r->tree->n; i++) {
        push_node(L, r->tree, (int)i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Push the messages of LIST as a Lua array of strings, and free them. */
static int push_messages(lua_State *L, DiagList *list)
{
    size_t i;
    lua_createtable(L, (int)list->n, 0);
    for (i = 0; i < list->n; i++) {
        lua_pushstring(L, list->items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    diaglist_free(list);
    return 1;
}

/* Lua: m:check([data]) -> { "file:line: message", ... } */
static int l_check(lua_State *L)
{
    Rules *r = check_rules(L, 1);
    const Table *data = lua_isnoneornil(L, 2) ? NULL : api_check_table(L, 2);
    DiagList out = {0};
    tree_check(r->tree, data, &out);
    if (data)
        score_given_range(r->tree, data, &out); /* points outside [0, max] */
    return push_messages(L, &out);
}

/* Lua: m:out_of_range(data) -> { "FILE:LINE: column 'X': 12 is above the
 * maximum of node 1.1 (5 points)", … }: given points outside [0, max] */
static int l_out_of_range(lua_State *L)
{
    Rules *r = check_rules(L, 1);
    const Table *data = api_check_table(L, 2);
    DiagList out = {0};
    score_given_range(r->tree, data, &out);
    return push_messages(L, &out);
}

/* Lua: m:band(percent) -> group label | nil */
static int l_band(lua_State *L)
{
    Rules *r = check_rules(L, 1);
    const char *b = tree_band(r->tree, luaL_checknumber(L, 2));
    if (b)
        lua_pushstring(L, b);
    else
        lua_pushnil(L);
    return 1;
}

/* ---- scoring ------------------------------------------------------------- */

typedef struct RowArgs {
    const Table *t;
    size_t row;
} RowArgs;

/* [RowArgs*] -> the row as a table (column -> value), unknown columns raising */
static int build_row(lua_State *S)
{
    RowArgs *a = lua_touserdata(S, 1);
    size_t c;
    lua_createtable(S, 0, (int)a->t->ncols);
    for (c = 0; c < a->t->ncols; c++) {
        const Column *col = &a->t->cols[c];
        if (col->miss[a->row])
            continue;
        if (col->type == COL_TEXT)
            lua_pushstring(S, col->text[a->row]);
        else
            lua_pushnumber(S, col->num[a->row]);
        lua_setfield(S, -2, col->name);
    }
    lua_rawgetp(S, LUA_REGISTRYINDEX, &ROW_MT);
    lua_setmetatable(S, -2);
    return 1;
}

static int fn_hook(void *ud, const Node *node, size_t row, double *points, int *na, Diag *d)
{
    Rules *r = ud;
    lua_State *S = sandbox_state(r->sb);
    RowArgs a;
    int ty;
    a.t = r->data;
    a.row = row;
    lua_rawgeti(S, LUA_REGISTRYINDEX, r->fnref[node->rule.fn]);
    lua_pushcfunction(S, build_row);
    lua_pushlightuserdata(S, &a);
    if (lua_pcall(S, 1, 1, 0) != LUA_OK) {
        lua_pop(S, 2);
        return diag_set(d, node->file, node->line, 0, "'%s': the rule sandbox is out of memory", node->code);
    }
    if (sandbox_call(r->sb, 1, 1, d) != 0)
        return -1;
    ty = lua_type(S, -1);
    *na = 0;
    if (ty == LUA_TNUMBER) {
        *points = lua_tonumber(S, -1);
    } else if (ty == LUA_TNIL) {
        *points = NAN;
    } else if (ty == LUA_TSTRING && strcmp(lua_tostring(S, -1), "na") == 0) {
        *points = NAN;
        *na = 1;
    } else {
        lua_pop(S, 1);
        return diag_set(d, node->file, node->line, 0,
                        "'%s': the score function must return points, nil (no data) or \"na\", not a %s", node->code,
                        lua_typename(S, ty));
    }
    lua_pop(S, 1);
    return 0;
}

static ScoreResult *check_score(lua_State *L, int i)
{
    ScoreRef *s = luaL_checkudata(L, i, API_SCORE);
    luaL_argcheck(L, s->r != NULL, i, "score was freed");
    return s->r;
}

const struct ScoreResult *api_check_score(lua_State *L, int i)
{
    return check_score(L, i);
}

static int l_score_gc(lua_State *L)
{
    ScoreRef *s = luaL_checkudata(L, 1, API_SCORE);
    score_free(s->r);
    s->r = NULL;
    return 0;
}

/* Lua: m:score(data) -> Score  (data: a chiso.Table, one row per unit) */
static int l_score(lua_State *L)
{
    Rules *r = check_rules(L, 1);
    const Table *data = api_check_table(L, 2);
    ScoreHooks hooks = {fn_hook, r};
    ScoreRef *s;
    Diag d;
    s = lua_newuserdatauv(L, sizeof *s, 2);
    s->r = NULL;
    luaL_setmetatable(L, API_SCORE);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1); /* the methodology stays alive */
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 2); /* and so does the data */
    if (r->nfn) {
        /* Function leaves: tell the row metatable which columns exist, for suggestions. */
        lua_State *S = sandbox_state(r->sb);
        size_t c;
        lua_rawgetp(S, LUA_REGISTRYINDEX, &ROW_MT);
        lua_createtable(S, (int)data->ncols, 0);
        for (c = 0; c < data->ncols; c++) {
            lua_pushstring(S, data->cols[c].name);
            lua_rawseti(S, -2, (lua_Integer)c + 1);
        }
        lua_setfield(S, -2, "columns");
        lua_pop(S, 1);
    }
    r->data = data;
    s->r = score_run(r->tree, data, &hooks, &d);
    r->data = NULL;
    if (!s->r)
        return api_raise(L, &d);
    return 1;
}

static int check_node(lua_State *L, const ScoreResult *r, int arg)
{
    int i;
    if (lua_isinteger(L, arg)) {
        lua_Integer k = lua_tointeger(L, arg);
        luaL_argcheck(L, k >= 1 && (size_t)k <= r->nnodes, arg, "node index out of range");
        return (int)k - 1;
    }
    i = tree_find(r->tree, luaL_checkstring(L, arg));
    if (i < 0)
        return luaL_error(L, "no node '%s' in %s", lua_tostring(L, arg), r->tree->file);
    return i;
}

static const char *state_name(unsigned char st)
{
    static const char *const names[] = {"unknown", "given", "computed", "rule", "missing", "na_full", "na_excluded"};
    return st < 7 ? names[st] : "?";
}

static void push_value(lua_State *L, const ScoreResult *r, int node, size_t u, const char *what)
{
    if (strcmp(what, "points") == 0) {
        double v = SCORE_AT(r, points, node, u);
        /* A part left out as not applicable has no points, rather than 0. */
        if (isnan(v) || SCORE_AT(r, state, node, u) == ST_NA_EXCLUDED) lua_pushnil(L); else lua_pushnumber(L, v);
    } else if (strcmp(what, "max") == 0) {
        double v = SCORE_AT(r, amax, node, u);
        if (isnan(v)) lua_pushnil(L); else lua_pushnumber(L, v);
    } else if (strcmp(what, "percent") == 0) {
        double v = score_percent(r, node, u);
        if (isnan(v)) lua_pushnil(L); else lua_pushnumber(L, v);
    } else if (strcmp(what, "state") == 0) {
        lua_pushstring(L, state_name(SCORE_AT(r, state, node, u)));
    } else if (strcmp(what, "parts") == 0) {
        double v = SCORE_AT(r, sum, node, u);
        if (isnan(v)) lua_pushnil(L); else lua_pushnumber(L, v);
    } else if (strcmp(what, "decided") == 0) {
        char buf[256];
        short dec = SCORE_AT(r, decided, node, u);
        unsigned char st = SCORE_AT(r, state, node, u);
        if (st == ST_RULE || st == ST_MISSING || ((st == ST_NA_FULL || st == ST_NA_EXCLUDED) && dec != -1)) {
            tree_decided_text(&r->tree->nodes[node], dec, buf, sizeof buf);
            lua_pushstring(L, buf);
        } else {
            lua_pushnil(L);
        }
    } else {
        luaL_error(L, "unknown value '%s' (points, max, percent, state, parts, decided)", what);
    }
}

/* Lua: s:get(node, unit [, what]) -> value;  what: points (default), max, percent, state, parts, decided */
static int l_get(lua_State *L)
{
    ScoreResult *r = check_score(L, 1);
    int node = check_node(L, r, 2);
    lua_Integer u = luaL_checkinteger(L, 3);
    luaL_argcheck(L, u >= 1 && (size_t)u <= r->nunits, 3, "unit out of range");
    push_value(L, r, node, (size_t)u - 1, luaL_optstring(L, 4, "points"));
    return 1;
}

/* Lua: s:column(node [, what]) -> { value per unit } (nil where unknown) */
static int l_scolumn(lua_State *L)
{
    ScoreResult *r = check_score(L, 1);
    int node = check_node(L, r, 2);
    const char *what = luaL_optstring(L, 3, "points");
    size_t u;
    lua_createtable(L, (int)r->nunits, 0);
    for (u = 0; u < r->nunits; u++) {
        push_value(L, r, node, u, what);
        lua_rawseti(L, -2, (lua_Integer)u + 1);
    }
    return 1;
}

/* Lua: s:units() -> number of units scored */
static int l_units(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_score(L, 1)->nunits);
    return 1;
}

/* Lua: s:verify(node, unit) -> "agree"|"differ"|nil, given − parts, tolerance */
static int l_verify(lua_State *L)
{
    ScoreResult *r = check_score(L, 1);
    int node = check_node(L, r, 2);
    lua_Integer u = luaL_checkinteger(L, 3);
    double diff, tol;
    int k;
    luaL_argcheck(L, u >= 1 && (size_t)u <= r->nunits, 3, "unit out of range");
    k = score_given_check(r, node, (size_t)u - 1, &diff, &tol);
    if (k == 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushstring(L, k == 1 ? "agree" : "differ");
    lua_pushnumber(L, diff);
    lua_pushnumber(L, tol);
    return 3;
}

static const luaL_Reg rules_methods[] = {{"info", l_info},   {"nodes", l_nodes}, {"check", l_check},
                                         {"score", l_score}, {"band", l_band},
                                         {"out_of_range", l_out_of_range},   {NULL, NULL}};

static const luaL_Reg score_methods[] = {{"get", l_get},     {"column", l_scolumn}, {"units", l_units},
                                         {"verify", l_verify}, {NULL, NULL}};

static const luaL_Reg funcs[] = {{"rules", l_rules}, {NULL, NULL}};

void api_rules_register(lua_State *L)
{
    luaL_newmetatable(L, API_METHODOLOGY);
    lua_pushcfunction(L, l_rules_gc);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, rules_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, API_SCORE);
    lua_pushcfunction(L, l_score_gc);
    lua_setfield(L, -2, "__gc");
    luaL_newlib(L, score_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_setfuncs(L, funcs, 0);
}
