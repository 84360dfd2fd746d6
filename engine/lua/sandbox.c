/* sandbox.c — the Lua state in which untrusted rule files run.
 *
 * Provides sandbox_new/free/define/dofile/call (see sandbox.h).  How the
 * guarantees are kept:
 *
 *  - Libraries: base, coroutine, string, table, math and utf8 are opened in
 *    the state, but rule files never see the state's global table.  Every
 *    rule file (and every module it requires) runs in a fresh environment
 *    table whose metatable reads through to one shared "base" table of
 *    allowed names and raises "unknown name 'x' (did you mean 'y'?)" for the
 *    rest.  Library tables in the base are read-only proxies (empty tables
 *    whose metatable forwards reads and refuses writes, __metatable = false),
 *    so string.upper = nil, rawset(string, ...) or setmetatable(string, ...)
 *    cannot change what other rule files see.
 *  - io, os, debug and package are tables whose every field raises
 *    "io.open is not available in rule files"; dofile, loadfile,
 *    collectgarbage and string.dump are stubs raising the same way; load
 *    refuses binary chunks; require only finds ROOT/a/b.lua for "a.b".
 *  - pairs iterates in sorted key order (numbers, then strings, then
 *    booleans); math.random is a per-sandbox xoshiro256** seeded from the
 *    options.  print writes "FILE:LINE: ..." to stderr.
 *  - A count hook every HOOK_STEP instructions charges a per-run budget and
 *    checks the call depth (MAX_DEPTH, so runaway recursion reads "stack
 *    overflow" rather than meeting the memory cap).  C functions whose work
 *    is not made of Lua instructions (pairs, table.insert/remove/move/sort/
 *    concat/unpack, string.rep/byte) charge the budget themselves, and
 *    string.find/match/gmatch/gsub are replaced by a matcher of our own
 *    that charges every step (a pattern that backtracks badly runs in C,
 *    where no hook fires).
 *  - tostring, print and string.format("%s") number tables and functions
 *    instead of printing their addresses; "%p" is refused.
 *  - The allocator caps the bytes the state holds while rule code runs.
 *    Once a limit is hit the state is poisoned: the hook re-arms itself (and
 *    the main thread) with count 1 and raises again on the very next
 *    instruction, so pcall, xpcall, coroutines, metamethods and C callbacks
 *    cannot swallow the error, and a run during which a limit was hit fails
 *    even if C code caught the error.  The hook raises a preallocated string
 *    (no allocation, no emergency GC).  Message handlers a rule passes to
 *    xpcall are wrapped so they are skipped once a limit is hit: called from
 *    inside the hook they would run with hooks disabled and could loop
 *    forever.  For the same reason setmetatable refuses __gc (finalizers run
 *    with hooks disabled too).  The messages are made at the top from the
 *    recorded limit, whatever the error object says by then.
 */
#include "sandbox.h"
#include "outfile.h"

#include <lauxlib.h>
#include <lualib.h>

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define HOOK_STEP 1000            /* instructions between two count hooks */
#define MEM_RESERVE (64 * 1024)   /* after a limit: room left for unwinding */
#define WHERE_LEVELS 32           /* how far up to look for a rule position */
#define MAX_DEPTH 100000         /* nested Lua calls before "stack overflow" */
#define SUGGEST_MAX 64            /* longest names compared for suggestions */
#define RUN_FILE_MAX 512
#define ALLOC_SHIFT 4             /* one instruction charged per 16 bytes allocated */
#define ALLOC_ARM ((size_t)4 << 20) /* this much allocated: charge it at once */

#define MAX_STR_SIZE \
    ((size_t)LUA_MAXINTEGER < SIZE_MAX ? (size_t)LUA_MAXINTEGER : SIZE_MAX)

enum { LIMIT_NONE, LIMIT_BUDGET, LIMIT_MEMORY, LIMIT_DEPTH, LIMIT_TIME };

struct Sandbox {
    lua_State *L;
    size_t mem_used;
    size_t mem_limit;
    size_t mem_mib;
    long long budget;           /* instructions per run */
    long long used;             /* instructions charged in the current run */
    int limit;                  /* LIMIT_*, sticky: once set the sandbox is dead */
    size_t alloc_debt;          /* bytes allocated in this run, not charged yet */
    int early;                  /* the hook was armed to charge them at once */
    int hook_mask;              /* the hook's events during this run */
    int pending;                /* an allocation was refused once (see sb_alloc) */
    void *pending_ptr;          /* that request, to know it when asked again */
    size_t pending_osize, pending_nsize;
    double wall_start;          /* coarse wall clock when the run began */
    double cpu_start;           /* CPU time when the run began */
    double cpu_limit;           /* CPU seconds per run: a backstop */
    int depth;                  /* nesting of sandbox_dofile/sandbox_call */
    char **roots;
    size_t nroots;
    unsigned long long seed;
    uint64_t rng[4];
    lua_Integer next_id;        /* numbers given by the stable tostring */
    int ret_line;               /* line of the return that ended the last rule file */
    char limit_msg[DIAG_MAX];   /* "FILE:LINE: instruction budget exceeded" or
                                   "FILE:LINE: stack overflow (...)" */
    char run_file[RUN_FILE_MAX]; /* file named by the memory message */
    char mem_where[RUN_FILE_MAX]; /* "FILE:LINE" where the memory cap was hit, or "" */
};

/* Registry keys: addresses of these objects cannot be forged from Lua. */
static char key_base;       /* table of names every rule file sees */
static char key_envmt;      /* metatable of rule-file environments */
static char key_loaded;     /* require cache */
static char key_loading;    /* sentinel in the cache while a module runs */
static char key_proxies;    /* weak table: real table -> read-only proxy */
static char key_proxy_real; /* field of a proxy metatable: the real table */
static char key_proxy_name; /* field of a proxy metatable: its name */
static char key_limit_err;  /* the preallocated error value of limit errors */

static Sandbox *sb_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ------------------------------------------------------------------------ */
/* Allocator                                                                */

static void sb_hook(lua_State *L, lua_Debug *ar);

/* Poison the main thread too: a limit hit inside a coroutine must not let
 * the resuming code run on (lua_sethook is safe at any point). */
static void arm_main_thread(Sandbox *sb)
{
    if (sb->depth > 0 && sb->L)
        lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, 1);
}

/* Where the rule was when the memory cap was hit: the innermost Lua
 * function of the main thread.  This runs inside the allocator, so it only
 * reads call records (lua_getstack, lua_getinfo "Sl" allocate nothing).
 * Lua 5.4.4 keeps them valid during every allocation; later releases turn
 * stack pointers into offsets while the stack is reallocated, so there the
 * message goes without a line. */
static void note_memory_position(Sandbox *sb)
{
#if LUA_VERSION_RELEASE_NUM <= 50404
    lua_Debug ar;
    int level;
    if (!sb->L || sb->mem_where[0])
        return;
    for (level = 0; level < WHERE_LEVELS && lua_getstack(sb->L, level, &ar); level++) {
        if (lua_getinfo(sb->L, "Sl", &ar) && ar.currentline > 0 && ar.source[0] == '@') {
            snprintf(sb->mem_where, sizeof sb->mem_where, "%s:%d", ar.source + 1,
                     ar.currentline);
            return;
        }
    }
#else
    (void)sb;
#endif
}

static void set_memory_hit(Sandbox *sb)
{
    if (sb->limit != LIMIT_NONE)
        return;
    sb->limit = LIMIT_MEMORY;
    note_memory_position(sb);
    arm_main_thread(sb);
}

/* Exact accounting: osize counts only for an existing block (with ptr NULL
 * it is a type tag); counters change only when realloc succeeds.  The cap
 * is enforced while rule code runs (depth > 0): trusted code building values
 * in the state between runs is counted but never refused, since an
 * allocation failure outside a protected call would be a panic.  After a
 * limit was hit a small reserve past the cap is left, so that unwinding
 * (which regrows the Lua stack at each level caught) does not fail and set
 * off an emergency collection every time; the hook stops the rule itself. */
/* Arm the main thread's hook to fire at the next instruction (to charge
 * allocations or settle a refused one at once); lua_sethook is safe here. */
static void arm_early(Sandbox *sb)
{
    if (sb->early || sb->limit != LIMIT_NONE || !sb->L)
        return;
    sb->early = 1;
    lua_sethook(sb->L, sb_hook, sb->hook_mask ? sb->hook_mask : LUA_MASKCOUNT, 1);
}

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    Sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    void *p;

    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= old;
        return NULL;
    }
    if (nsize > old && sb->depth > 0) {
        size_t grow = nsize - old;
        size_t cap = sb->mem_limit + (sb->limit == LIMIT_NONE ? 0 : MEM_RESERVE);
        if (sb->mem_used > cap || grow > cap - sb->mem_used) {
            /* The first refusal is pending: Lua may collect garbage in an
             * emergency and ask again (the cap is for what a rule keeps, not
             * for garbage not yet collected).  If that same request then
             * succeeds, nothing happened; refused again, or still pending at
             * the next instruction (a caller that raised "not enough memory"
             * without asking again, caught by pcall), the limit is hit. */
            if (sb->limit == LIMIT_NONE && !sb->pending) {
                sb->pending = 1;
                sb->pending_ptr = ptr;
                sb->pending_osize = osize;
                sb->pending_nsize = nsize;
                note_memory_position(sb);
                arm_early(sb);
                return NULL;
            }
            set_memory_hit(sb);
            return NULL;
        }
    }
    p = realloc(ptr, nsize);
    if (!p) {
        set_memory_hit(sb); /* the machine ran out: same outcome */
        return NULL;
    }
    sb->mem_used = sb->mem_used - old + nsize;
    if (nsize > old && sb->depth > 0) {
        /* Work in C that makes big values (concatenation, string.upper of
         * a long text, copies) is paid for by the bytes it allocates. */
        sb->alloc_debt += nsize - old;
        if (sb->alloc_debt >= ALLOC_ARM)
            arm_early(sb);
        if (sb->pending && ptr == sb->pending_ptr && osize == sb->pending_osize &&
            nsize == sb->pending_nsize) {
            sb->pending = 0; /* the request asked again after a collection fits */
            sb->mem_where[0] = '\0';
        }
    }
    return p;
}

static int sb_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "chiso: unprotected error in the rule sandbox: %s\n",
            msg ? msg : "(error object is not a string)");
    fflush(stderr);
    abort();
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Positions and errors                                                     */

/* The file name of a function for messages: the whole path (short_src cuts
 * long paths to "...tail"). */
static const char *src_name(const lua_Debug *ar)
{
    if (ar->source && (ar->source[0] == '@' || ar->source[0] == '='))
        return ar->source + 1;
    return ar->short_src;
}

/* Push "FILE:LINE: " of the first Lua function at 'level' or above (the
 * caller of a C function is level 1), or "" when there is none. */
static void push_where(lua_State *L, int level)
{
    lua_Debug ar;
    int last = level + WHERE_LEVELS;
    for (; level < last && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", src_name(&ar), ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

/* luaL_error with the whole path of the rule file.  Does not return. */
static int raise_at(lua_State *L, const char *fmt, ...)
{
    va_list ap;
    push_where(L, 1);
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Raise the sticky limit error.  The error value exists already, so raising
 * allocates nothing even when the memory cap was the limit hit. */
static int raise_limit(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_limit_err);
    return lua_error(L);
}

static void set_budget_hit(Sandbox *sb, const char *file, int line)
{
    sb->limit = LIMIT_BUDGET;
    arm_main_thread(sb);
    if (line > 0)
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s:%d: instruction budget exceeded", file, line);
    else
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s: instruction budget exceeded", file);
}

/* Runaway recursion would otherwise meet the memory cap first (a Lua stack
 * of a million slots needs about 100 MB) and be reported as a memory
 * problem; past MAX_DEPTH calls it is reported as what it is.  It is a
 * limit like the others: raised from the hook, it must not be catchable. */
static void set_depth_hit(Sandbox *sb, const char *file, int line)
{
    sb->limit = LIMIT_DEPTH;
    arm_main_thread(sb);
    if (line > 0)
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s:%d: stack overflow (more than %d nested calls)", file, line, MAX_DEPTH);
    else
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s: stack overflow (more than %d nested calls)", file, MAX_DEPTH);
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A cheap clock read at every hook: CPU time never runs ahead of it, so the
 * dearer CPU clock is read only once it says the limit may be near. */
#ifdef CLOCK_MONOTONIC_COARSE
#define WALL_CLOCK CLOCK_MONOTONIC_COARSE
#else
#define WALL_CLOCK CLOCK_MONOTONIC
#endif

/* Work that the instruction count and the allocations do not show (long
 * strings compared in a loop, matches in engine functions that charge
 * nothing) is stopped by CPU time: a backstop, far above what any rule
 * file needs. */
static void set_time_hit(Sandbox *sb, const char *file, int line)
{
    sb->limit = LIMIT_TIME;
    arm_main_thread(sb);
    if (line > 0)
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s:%d: time limit exceeded (%g s of CPU time)", file, line, sb->cpu_limit);
    else
        snprintf(sb->limit_msg, sizeof sb->limit_msg,
                 "%s: time limit exceeded (%g s of CPU time)", file, sb->cpu_limit);
}

/* The position a limit message names, from `level` up: the innermost line
 * of a rule file (a chunk named "@FILE").  0 when no rule file is on the
 * stack (engine code such as the rule language, reached by a tail call
 * "return index { … }"): the message then names the file of the run. */
static int limit_where(lua_State *L, int level, lua_Debug *out)
{
    for (; level < WHERE_LEVELS && lua_getstack(L, level, out); level++)
        if (lua_getinfo(L, "Sl", out) && out->currentline > 0 && out->source[0] == '@')
            return 1;
    return 0;
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
    Sandbox *sb = sb_of(L);
    if (sb->depth == 0)
        return; /* trusted code running a rule coroutine outside a run */
    if (ar->event == LUA_HOOKRET) {
        /* A rule file's main chunk returning (level 1 is dofile_body, there
         * is nothing above it): remember the line of its return, for
         * messages about the value returned. */
        lua_Debug up;
        if (L == sb->L && sb->limit == LIMIT_NONE && lua_getstack(L, 1, &up) &&
            !lua_getstack(L, 2, &up) && lua_getinfo(L, "l", ar) && ar->currentline > 0)
            sb->ret_line = ar->currentline;
        return;
    }
    if (sb->limit == LIMIT_NONE && sb->pending) {
        set_memory_hit(sb); /* refused and not asked again: see sb_alloc */
    } else if (sb->limit == LIMIT_NONE) {
        lua_Debug deep;
        int over_time = 0;
        sb->used += (sb->early ? 0 : HOOK_STEP) + (long long)(sb->alloc_debt >> ALLOC_SHIFT);
        sb->alloc_debt = 0;
        if (sb->early) {
            sb->early = 0;
            lua_sethook(L, sb_hook, sb->hook_mask, HOOK_STEP);
        }
        if (clock_seconds(WALL_CLOCK) - sb->wall_start > sb->cpu_limit)
            over_time = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - sb->cpu_start > sb->cpu_limit;
        if (sb->used <= sb->budget && !over_time && !lua_getstack(L, MAX_DEPTH, &deep))
            return; /* (lua_getstack costs the depth, at most MAX_DEPTH) */
        {
            int at = limit_where(L, 0, &deep);
            const char *file = at ? src_name(&deep) : sb->run_file;
            int line = at ? deep.currentline : 0;
            if (sb->used > sb->budget)
                set_budget_hit(sb, file, line);
            else if (over_time)
                set_time_hit(sb, file, line);
            else
                set_depth_hit(sb, file, line);
        }
    }
    /* Fire again on the next instruction of this thread, whatever caught it. */
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    raise_limit(L);
}

/* Charge n instructions for work done in C on behalf of the rule. */
static void sb_charge(lua_State *L, lua_Integer n)
{
    Sandbox *sb = sb_of(L);
    lua_Debug ar;
    if (sb->depth == 0)
        return;
    if (sb->limit == LIMIT_NONE) {
        if (n < 0)
            n = 0;
        n += (lua_Integer)(sb->alloc_debt >> ALLOC_SHIFT);
        sb->alloc_debt = 0;
        if (n <= sb->budget - sb->used) {
            sb->used += n;
            return;
        }
        if (limit_where(L, 1, &ar))
            set_budget_hit(sb, src_name(&ar), ar.currentline);
        else
            set_budget_hit(sb, sb->run_file, 0);
    }
    raise_limit(L);
}

/* Lua's own short form of a "@path" chunk name (luaO_chunkid): long paths
 * become "..." and the last LUA_IDSIZE - 4 bytes. */
static int short_path(const char *path, char *out, size_t n)
{
    size_t len = strlen(path);
    if (len <= LUA_IDSIZE - 1)
        return 0; /* not shortened */
    snprintf(out, n, "...%s", path + len - (LUA_IDSIZE - 4));
    return 1;
}

/* If the string at the top starts with the shortened form of path, replace
 * it with one that names the whole path. */
static void expand_path(lua_State *L, const char *path)
{
    char shortp[LUA_IDSIZE + 4];
    size_t k;
    const char *msg = lua_tostring(L, -1);
    if (!msg || !path || !short_path(path, shortp, sizeof shortp))
        return;
    k = strlen(shortp);
    if (strncmp(msg, shortp, k) == 0 && msg[k] == ':') {
        lua_pushfstring(L, "%s%s", path, msg + k);
        lua_remove(L, -2);
    }
}

/* Whether msg starts like "SOMETHING:LINE:" (on its first line). */
static int has_position(const char *msg)
{
    const char *p;
    for (p = msg; *p && *p != '\n'; p++) {
        if (*p == ':' && p > msg && p[1] >= '0' && p[1] <= '9') {
            const char *q = p + 1;
            while (*q >= '0' && *q <= '9')
                q++;
            if (*q == ':')
                return 1;
        }
    }
    return 0;
}

/* Message handler of every protected run: makes the error a readable string
 * with the rule file's position.  It allocates nothing once a limit is hit
 * (the top makes that message itself). */
static int sb_msgh(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    lua_Debug ar;
    int level;
    if (sb->limit != LIMIT_NONE)
        return 1;
    if (lua_type(L, 1) != LUA_TSTRING) {
        int ok = luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING;
        if (!ok)
            lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
        lua_settop(L, 1);
    }
    for (level = 1; level < WHERE_LEVELS && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "S", &ar) && ar.source[0] == '@')
            expand_path(L, ar.source + 1);
    }
    if (!has_position(lua_tostring(L, -1))) {
        push_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Sorted keys (pairs, proxies)                                             */

typedef struct KeyRank {
    const char *s;        /* string key, alive in the key table */
    size_t len;
    lua_Integer i;        /* integer key, or boolean as 0/1 */
    lua_Number n;         /* float key */
    int cat;              /* 0 number, 1 string, 2 boolean, 3 other */
    int isint;
    int slot;             /* position in the key table */
} KeyRank;

static int key_cmp(const void *pa, const void *pb)
{
    const KeyRank *a = pa, *b = pb;
    if (a->cat != b->cat)
        return a->cat < b->cat ? -1 : 1;
    switch (a->cat) {
    case 0:
        if (a->isint && b->isint)
            return (a->i > b->i) - (a->i < b->i);
        {
            lua_Number x = a->isint ? (lua_Number)a->i : a->n;
            lua_Number y = b->isint ? (lua_Number)b->i : b->n;
            if (x != y)
                return x < y ? -1 : 1;
            return (b->isint - a->isint); /* integer before an equal float */
        }
    case 1: {
        size_t m = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, m);
        if (c)
            return c;
        return (a->len > b->len) - (a->len < b->len);
    }
    case 2:
        return (int)(a->i - b->i);
    default: /* tables, functions as keys: no stable order exists */
        return (a->slot > b->slot) - (a->slot < b->slot);
    }
}

/* Push the keys of table t (absolute index) as an array and a KeyRank array
 * (userdata) that lists them in sorted order; returns their count.  About
 * 56 bytes per key, freed when the iteration is dropped. */
static int push_sorted_keys(lua_State *L, int t)
{
    int n = 0, k = 0, keys;
    KeyRank *rank;

    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        n++;
    }
    lua_createtable(L, n, 0);
    keys = lua_gettop(L);
    rank = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *rank, 0);
    lua_pushnil(L);
    while (k < n && lua_next(L, t)) {
        KeyRank *r = &rank[k];
        lua_pop(L, 1);
        memset(r, 0, sizeof *r);
        r->slot = k + 1;
        switch (lua_type(L, -1)) {
        case LUA_TNUMBER:
            r->cat = 0;
            r->isint = lua_isinteger(L, -1);
            if (r->isint)
                r->i = lua_tointeger(L, -1);
            else
                r->n = lua_tonumber(L, -1);
            break;
        case LUA_TSTRING:
            r->cat = 1;
            r->s = lua_tolstring(L, -1, &r->len);
            break;
        case LUA_TBOOLEAN:
            r->cat = 2;
            r->i = lua_toboolean(L, -1);
            break;
        default:
            r->cat = 3;
        }
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, k + 1);
        k++;
    }
    lua_settop(L, keys + 1); /* drop a traversal key left when stopping early */
    qsort(rank, (size_t)k, sizeof *rank, key_cmp);
    return k;
}

static void push_proxy(lua_State *L, int idx, const char *name, int deep);

/* Iterator of sorted pairs.  Upvalues: 1 key table, 2 KeyRank array, 3 key
 * count, 4 position, 5 the table to read (nil: the state argument), 6 proxy
 * name (nil: table values are not wrapped into read-only proxies). */
static int sorted_next(lua_State *L)
{
    const KeyRank *rank = lua_touserdata(L, lua_upvalueindex(2));
    lua_Integer n = lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(4));
    int src = lua_istable(L, lua_upvalueindex(5)) ? lua_upvalueindex(5) : 1;
    luaL_checktype(L, src, LUA_TTABLE);
    while (pos < n) {
        lua_rawgeti(L, lua_upvalueindex(1), rank[pos++].slot);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, src) != LUA_TNIL) {
            lua_pushinteger(L, pos);
            lua_replace(L, lua_upvalueindex(4));
            if (lua_istable(L, -1) && lua_type(L, lua_upvalueindex(6)) == LUA_TSTRING) {
                const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
                lua_pushfstring(L, "%s.%s", lua_tostring(L, lua_upvalueindex(6)), k);
                push_proxy(L, -2, lua_tostring(L, -1), 1);
                lua_replace(L, -3);
                lua_pop(L, 1);
            }
            return 2;
        }
        lua_pop(L, 2); /* key removed meanwhile: skip it */
    }
    lua_pushinteger(L, pos);
    lua_replace(L, lua_upvalueindex(4));
    return 0;
}

/* Push the sorted iterator triple for table t; src/name as in sorted_next. */
static int push_sorted_pairs(lua_State *L, int t, int src, const char *name)
{
    int n = push_sorted_keys(L, src ? src : t);
    sb_charge(L, n);
    lua_pushinteger(L, n);
    lua_pushinteger(L, 0);
    if (src)
        lua_pushvalue(L, src);
    else
        lua_pushnil(L);
    if (name)
        lua_pushstring(L, name);
    else
        lua_pushnil(L);
    lua_pushcclosure(L, sorted_next, 6);
    lua_pushvalue(L, t);
    lua_pushnil(L);
    return 3;
}

/* Lua: pairs(t) -> iterator over t in sorted key order (honours __pairs) */
static int sb_pairs(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    return push_sorted_pairs(L, 1, 0, NULL);
}

/* ------------------------------------------------------------------------ */
/* Read-only proxies and blocked tables                                     */

/* __newindex of a proxy or blocked table.  Upvalue 1: its name. */
static int ro_newindex(lua_State *L)
{
    return raise_at(L, "attempt to modify read-only table '%s'",
                    lua_tostring(L, lua_upvalueindex(1)));
}

/* __index of a deep proxy.  Upvalues: 1 real table, 2 name. */
static int proxy_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_gettable(L, lua_upvalueindex(1)) == LUA_TTABLE) {
        const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
        lua_pushfstring(L, "%s.%s", lua_tostring(L, lua_upvalueindex(2)), k);
        push_proxy(L, -2, lua_tostring(L, -1), 1);
    }
    return 1;
}

/* __pairs of a proxy.  Upvalues: 1 real table, 2 name, 3 deep. */
static int proxy_pairs(lua_State *L)
{
    const char *name = lua_toboolean(L, lua_upvalueindex(3))
                           ? lua_tostring(L, lua_upvalueindex(2)) : NULL;
    return push_sorted_pairs(L, 1, lua_upvalueindex(1), name);
}

/* __len of a proxy.  Upvalue 1: real table. */
static int proxy_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

/* Push the read-only proxy of the table at idx (one proxy per table).  A deep
 * proxy also hands out nested tables as proxies. */
static void push_proxy(lua_State *L, int idx, const char *name, int deep)
{
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_proxies); /* [cache] */
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) == LUA_TTABLE) {           /* [cache proxy] */
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    lua_newtable(L);                                  /* [cache proxy] */
    lua_createtable(L, 0, 6);                         /* [cache proxy mt] */
    if (deep) {
        lua_pushvalue(L, idx);
        lua_pushstring(L, name);
        lua_pushcclosure(L, proxy_index, 2);
    } else {
        lua_pushvalue(L, idx);
    }
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, ro_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, idx);
    lua_pushstring(L, name);
    lua_pushboolean(L, deep);
    lua_pushcclosure(L, proxy_pairs, 3);
    lua_setfield(L, -2, "__pairs");
    lua_pushvalue(L, idx);
    lua_pushcclosure(L, proxy_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushvalue(L, idx);
    lua_rawsetp(L, -2, &key_proxy_real);
    lua_pushstring(L, name);
    lua_rawsetp(L, -2, &key_proxy_name);
    lua_setmetatable(L, -2);                          /* [cache proxy] */
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);                                /* cache[real] = proxy */
    lua_remove(L, -2);                                /* [proxy] */
}

int sandbox_unproxy(lua_State *L, int idx)
{
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx))
        return 0;
    if (lua_rawgetp(L, -1, &key_proxy_real) == LUA_TTABLE) {
        lua_remove(L, -2);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}

/* Name of the proxy at idx, or NULL if it is not one. */
static const char *proxy_name(lua_State *L, int idx)
{
    const char *name = NULL;
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx))
        return NULL;
    if (lua_rawgetp(L, -1, &key_proxy_name) == LUA_TSTRING)
        name = lua_tostring(L, -1); /* kept alive by the metatable */
    lua_pop(L, 2);
    return name;
}

/* Stub for a blocked function.  Upvalue 1: its name. */
static int blocked_call(lua_State *L)
{
    return raise_at(L, "%s is not available in rule files",
                    lua_tostring(L, lua_upvalueindex(1)));
}

/* __index of a blocked library table.  Upvalue 1: library name. */
static int blocked_index(lua_State *L)
{
    const char *lib = lua_tostring(L, lua_upvalueindex(1));
    if (lua_type(L, 2) == LUA_TSTRING)
        return raise_at(L, "%s.%s is not available in rule files", lib, lua_tostring(L, 2));
    return raise_at(L, "%s is not available in rule files", lib);
}

static void push_blocked_fn(lua_State *L, const char *name)
{
    lua_pushstring(L, name);
    lua_pushcclosure(L, blocked_call, 1);
}

static void push_blocked_lib(lua_State *L, const char *name)
{
    lua_newtable(L);
    lua_createtable(L, 0, 3);
    lua_pushstring(L, name);
    lua_pushcclosure(L, blocked_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, ro_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

/* ------------------------------------------------------------------------ */
/* Strict environments                                                      */

/* Edit distance with adjacent transpositions ("stpes" -> "steps" is 1). */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t rows[3][SUGGEST_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
    size_t i, j;
    for (j = 0; j <= m; j++)
        prev[j] = j;
    for (i = 1; i <= n; i++) {
        cur[0] = i;
        for (j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
        tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[m];
}

/* Consider the string keys of table t as suggestions for name. */
static void suggest_from(lua_State *L, int t, const char *name, size_t len,
                         const char **best, size_t *bestd)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t klen;
            const char *k = lua_tolstring(L, -1, &klen);
            if (klen <= SUGGEST_MAX && klen > 0) {
                size_t d = edit_distance(name, len, k, klen);
                if (d < *bestd || (d == *bestd && *best && strcmp(k, *best) < 0)) {
                    *bestd = d;
                    *best = k; /* alive: key of a table that stays put */
                }
            }
        }
    }
}

/* __index of rule environments.  Upvalue 1: the base table. */
static int env_index(lua_State *L)
{
    const char *name, *best = NULL;
    size_t len, bestd = (size_t)-1, maxd;
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL || lua_type(L, 2) != LUA_TSTRING)
        return 1;
    name = lua_tolstring(L, 2, &len);
    if (len <= SUGGEST_MAX) {
        suggest_from(L, 1, name, len, &best, &bestd);
        suggest_from(L, lua_upvalueindex(1), name, len, &best, &bestd);
    }
    maxd = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    if (best && bestd <= maxd)
        return raise_at(L, "unknown name '%s' (did you mean '%s'?)", name, best);
    return raise_at(L, "unknown name '%s'", name);
}

/* __newindex of rule environments: new globals stay in the file's own
 * environment; names of the base cannot be replaced.  Upvalue 1: base. */
static int env_newindex(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
        const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
        return raise_at(L, "attempt to modify read-only global '%s'", k);
    }
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

/* Push a fresh environment for one rule file or module. */
static void push_new_env(lua_State *L)
{
    lua_createtable(L, 0, 8);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_envmt);
    lua_setmetatable(L, -2);
    lua_pushliteral(L, "_G");
    lua_pushvalue(L, -2);
    lua_rawset(L, -3);
}

/* Give the function on top its own environment (first upvalue _ENV). */
static void set_new_env(lua_State *L)
{
    push_new_env(L);
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
}

/* ------------------------------------------------------------------------ */
/* Base functions replaced for rule files                                   */

/* Lua: rawset(t, k, v) -> t, refusing read-only proxies */
static int sb_rawset(lua_State *L)
{
    const char *name;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    name = proxy_name(L, 1);
    if (name)
        return raise_at(L, "attempt to modify read-only table '%s'", name);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

/* Lua: setmetatable(t, mt) -> t, refusing __gc (finalizers run unhooked) */
static int sb_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return raise_at(L, "__gc metamethods are not available in rule files");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return raise_at(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static const char *stable_tostring(lua_State *L, int idx);

/* Lua: print(...) writes "FILE:LINE: a\tb" to stderr */
static int sb_print(lua_State *L)
{
    int n = lua_gettop(L), i;
    luaL_Buffer b;
    size_t len;
    const char *s;
    push_where(L, 1);
    luaL_buffinit(L, &b);
    for (i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        stable_tostring(L, i);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    s = lua_tostring(L, -2);
    fputs(s, stderr);
    s = lua_tolstring(L, -1, &len);
    fwrite(s, 1, len, stderr);
    fflush(stderr);
    return 0;
}

/* Message handler wrapper given to xpcall.  Upvalue 1: the rule's handler,
 * skipped once a limit is hit (it may be running inside the hook). */
static int guarded_handler(lua_State *L)
{
    if (sb_of(L)->limit != LIMIT_NONE) {
        lua_settop(L, 1);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int finish_xpcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra; /* true and the results */
}

/* Lua: xpcall(f, handler, ...) -> true, results | false, handler(error) */
static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L), status;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);                      /* [f guard args...] */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);                    /* [f guard true f args...] */
    status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_xpcall);
    return finish_xpcall(L, status, 2);
}

/* Push the _ENV of the nearest Lua function calling us, or a fresh one. */
static void push_caller_env(lua_State *L)
{
    lua_Debug ar;
    int level, i;
    for (level = 1; level < WHERE_LEVELS && lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "f", &ar))
            continue;
        if (lua_iscfunction(L, -1)) {
            lua_pop(L, 1);
            continue;
        }
        for (i = 1;; i++) {
            const char *name = lua_getupvalue(L, -1, i);
            if (!name)
                break;
            if (strcmp(name, "_ENV") == 0) {
                lua_remove(L, -2);
                return;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    push_new_env(L);
}

#define LOAD_SLOT 5 /* stack slot keeping the reader's last piece */

static const char *load_reader(lua_State *L, void *ud, size_t *size)
{
    (void)ud;
    luaL_checkstack(L, 2, "too many nested functions");
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *size = 0;
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "reader function must return a string");
    lua_replace(L, LOAD_SLOT);
    return lua_tolstring(L, LOAD_SLOT, size);
}

/* Lua: load(chunk [, name [, mode [, env]]]) -> function | fail, message.
 * Text only; the default environment is the calling rule file's. */
static int sb_load(lua_State *L)
{
    size_t len;
    const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : NULL;
    const char *given = luaL_optstring(L, 2, NULL);
    int has_env = !lua_isnone(L, 4);
    int status;
    const char *chunkname;
    if (!s)
        luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, LOAD_SLOT);
    /* Errors in the loaded code name the rule file and line that loaded it:
     * "rules/x.lua:12 (load):1: unknown name 'answer'". */
    push_where(L, 1);                                   /* LOAD_SLOT + 1 */
    {
        size_t wl;
        const char *w = lua_tolstring(L, -1, &wl);
        if (wl >= 2 && w[wl - 2] == ':')
            wl -= 2;
        if (given && (*given == '=' || *given == '@'))
            given++;
        /* '@': Lua shortens long names from the left, and the message
         * handler (expand_path) gives them back whole */
        chunkname = lua_pushfstring(L, "@%s%s(load%s%s)", wl ? lua_pushlstring(L, w, wl) : "",
                                    wl ? " " : "", given ? " " : "", given ? given : "");
    }
    if (s) {
        if (len > 0 && s[0] == LUA_SIGNATURE[0])
            return raise_at(L, "load of binary chunks is not available in rule files");
        status = luaL_loadbufferx(L, s, len, chunkname, "t");
    } else {
        status = lua_load(L, load_reader, NULL, chunkname, "t");
    }
    if (status != LUA_OK) {
        expand_path(L, chunkname + 1);
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env)
        lua_pushvalue(L, 4);
    else
        push_caller_env(L);
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* require                                                                  */

static int valid_module_name(const char *name)
{
    const char *p = name;
    int seg = 0;
    if (!*p)
        return 0;
    for (; *p; p++) {
        char c = *p;
        if (c == '.') {
            if (seg == 0)
                return 0;
            seg = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '_') {
            seg++;
        } else {
            return 0;
        }
    }
    return seg > 0;
}

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Lua: require(name) -> module value (ROOT/a/b.lua for "a.b", loaded once) */
static int sb_require(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    const char *name = luaL_checkstring(L, 1);
    const char *rel, *path = NULL;
    luaL_Buffer tried, roots;
    size_t i;
    int status;

    lua_settop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_loaded);      /* 2: cache */
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) != LUA_TNIL) {                  /* 3 */
        if (lua_touserdata(L, 3) == &key_loading)
            return raise_at(L, "module '%s' requires itself (circular require)", name);
        return 1;
    }
    lua_pop(L, 1);
    if (!valid_module_name(name))
        return raise_at(L, "module '%s' not found: module names are dotted "
                           "identifiers such as 'lib.helpers'", name);
    rel = luaL_gsub(L, name, ".", "/");                  /* 3 */
    for (i = 0; i < sb->nroots && !path; i++) {
        const char *p = lua_pushfstring(L, "%s/%s.lua", sb->roots[i], rel);
        if (is_regular_file(p))
            path = p;                                    /* 4 */
        else
            lua_pop(L, 1);
    }
    if (!path) {
        if (sb->nroots == 0)
            return raise_at(L, "module '%s' not found (no rule directories to search)", name);
        luaL_buffinit(L, &roots);
        for (i = 0; i < sb->nroots; i++) {
            if (i)
                luaL_addstring(&roots, ", ");
            luaL_addstring(&roots, sb->roots[i]);
            luaL_addchar(&roots, '/');
        }
        luaL_pushresult(&roots);                         /* 4 */
        luaL_buffinit(L, &tried);
        for (i = 0; i < sb->nroots; i++) {
            if (i)
                luaL_addstring(&tried, ", ");
            lua_pushfstring(L, "%s/%s.lua", sb->roots[i], rel);
            luaL_addvalue(&tried);
        }
        luaL_pushresult(&tried);                         /* 5 */
        return raise_at(L, "module '%s' not found under %s (looked for %s)",
                        name, lua_tostring(L, 4), lua_tostring(L, 5));
    }
    status = luaL_loadfilex(L, path, "t");               /* 5 */
    if (status != LUA_OK) {
        if (sb->limit != LIMIT_NONE)
            return raise_limit(L);
        expand_path(L, path);
        return lua_error(L);
    }
    set_new_env(L);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, &key_loading);
    lua_rawset(L, 2);                                    /* cache[name] = loading */
    lua_pushcfunction(L, sb_msgh);                       /* 6 */
    lua_insert(L, 5);                                    /* 5 msgh, 6 chunk */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    status = lua_pcall(L, 2, 1, 5);                      /* 6: result */
    if (status != LUA_OK) {
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, 2);
        if (sb->limit != LIMIT_NONE)
            return raise_limit(L);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, 2);                                    /* cache[name] = result */
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Seeded math.random (xoshiro256**)                                        */

static uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(uint64_t s[4])
{
    uint64_t out = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return out;
}

/* Spread a 64-bit seed over the state with splitmix64. */
static void rng_seed(uint64_t s[4], uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        s[i] = z ^ (z >> 31);
    }
}

/* A uniform value in [0, n] by masking and rejection. */
static uint64_t rng_below(uint64_t s[4], uint64_t r, uint64_t n)
{
    uint64_t lim = n;
    if ((n & (n + 1)) == 0)
        return r & n;
    lim |= lim >> 1;
    lim |= lim >> 2;
    lim |= lim >> 4;
    lim |= lim >> 8;
    lim |= lim >> 16;
    lim |= lim >> 32;
    while ((r &= lim) > n)
        r = rng_next(s);
    return r;
}

/* Lua: math.random([m [, n]]) -> number, from the sandbox's own generator */
static int sb_random(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    lua_Integer low, up;
    uint64_t r = rng_next(sb->rng);
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)(r >> 11) * 0x1.0p-53);
        return 1;
    case 1:
        low = 1;
        up = luaL_checkinteger(L, 1);
        if (up == 0) {
            lua_pushinteger(L, (lua_Integer)r);
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        up = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= up, 1, "interval is empty");
    lua_pushinteger(L, (lua_Integer)((uint64_t)low +
                                     rng_below(sb->rng, r, (uint64_t)up - (uint64_t)low)));
    return 1;
}

/* Lua: math.randomseed([n]) reseeds this sandbox's generator (no argument:
 * back to the sandbox's seed) */
static int sb_randomseed(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    if (lua_isnone(L, 1)) {
        rng_seed(sb->rng, sb->seed);
    } else {
        uint64_t n1 = (uint64_t)luaL_checkinteger(L, 1);
        uint64_t n2 = (uint64_t)luaL_optinteger(L, 2, 0);
        rng_seed(sb->rng, n1 ^ (n2 * 0x9E3779B97F4A7C15ULL));
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Library functions that charge the budget for their C work                */

/* Lua: string.rep(s, n [, sep]) -> string */
static int sb_str_rep(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    size_t l, lsep, total;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    luaL_Buffer b;
    char *p;
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (l + lsep < l || l + lsep > MAX_STR_SIZE / (size_t)n)
        return luaL_error(L, "resulting string too large");
    total = (size_t)n * l + (size_t)(n - 1) * lsep;
    if (total <= sb->mem_limit) /* larger ones fail on allocation */
        sb_charge(L, n / 16 + (lua_Integer)(total / 1024));
    p = luaL_buffinitsize(L, &b, total);
    while (n-- > 1) {
        memcpy(p, s, l);
        p += l;
        if (lsep) {
            memcpy(p, sep, lsep);
            p += lsep;
        }
    }
    memcpy(p, s, l);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* Lua: table.insert(t, [pos,] v) */
static int sb_tinsert(lua_State *L)
{
    lua_Integer e, pos, i;
    luaL_checktype(L, 1, LUA_TTABLE);
    e = luaL_len(L, 1) + 1; /* first empty slot */
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
                      "position out of bounds");
        sb_charge(L, e - pos);
        for (i = e; i > pos; i--) { /* shift up */
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

/* Lua: table.remove(t [, pos]) -> removed value */
static int sb_tremove(lua_State *L)
{
    lua_Integer size, pos;
    luaL_checktype(L, 1, LUA_TTABLE);
    size = luaL_len(L, 1);
    pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
                      "position out of bounds");
    sb_charge(L, size - pos);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) { /* shift down */
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* Lua: table.move(a1, f, e, t [, a2]) -> a2 */
static int sb_tmove(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, tt, LUA_TTABLE);
    if (e >= f) {
        lua_Integer n, i;
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        sb_charge(L, n);
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (i = 0; i < n; i++) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (i = n - 1; i >= 0; i--) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

/* Wrapper charging the length of table argument 1 (or the i..j span for
 * unpack/concat) before calling the real function (upvalue 1). */
static int charged_call(lua_State *L)
{
    lua_Integer n;
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    if (kind == 0) { /* table.sort(t [, comp]) */
        luaL_checktype(L, 1, LUA_TTABLE);
        if (!lua_isnoneornil(L, 2))
            luaL_checktype(L, 2, LUA_TFUNCTION);
        n = luaL_len(L, 1);
        sb_charge(L, n + n / 4 * 3); /* about n log n comparisons in C */
    } else if (kind == 1 || kind == 3) { /* concat(t, sep, i, j) / unpack(t, i, j) */
        int first = kind == 1 ? 3 : 2;
        lua_Integer i, j;
        luaL_checktype(L, 1, LUA_TTABLE);
        i = luaL_optinteger(L, first, 1);
        j = lua_isnoneornil(L, first + 1) ? luaL_len(L, 1) : luaL_checkinteger(L, first + 1);
        sb_charge(L, j >= i ? (lua_Integer)(((lua_Unsigned)j - (lua_Unsigned)i) / 2) : 0);
    } else { /* string.byte(s, i, j) */
        size_t l;
        luaL_checklstring(L, 1, &l);
        sb_charge(L, (lua_Integer)(l / 16));
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* A coroutine switch costs far more than the instructions around it:
 * coroutine.resume and the functions coroutine.wrap makes charge this. */
#define CO_SWITCH_COST 50

/* Calls upvalue 1 with the arguments, after charging a switch. */
static int charged_switch(lua_State *L)
{
    sb_charge(L, CO_SWITCH_COST);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Lua: coroutine.wrap(f) -> a function resuming f, charged per call.
 * Upvalue 1: the real coroutine.wrap. */
static int sb_co_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_pushcclosure(L, charged_switch, 1);
    return 1;
}

/* Replace t[name] (t on top) with a charging wrapper of the old function. */
static void wrap_charged(lua_State *L, const char *name, int kind)
{
    lua_getfield(L, -1, name);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, charged_call, 2);
    lua_setfield(L, -2, name);
}

/* ------------------------------------------------------------------------ */
/* Lua patterns with a bounded amount of work                               */

/* string.find, match, gmatch and gsub, with Lua 5.4's pattern language
 * (classes, sets, the four quantifiers, captures and position captures,
 * back references, %b, %f, anchors) and its error messages, written again
 * so that the work they do is counted: every step of the matcher (one
 * pattern item tried at one place of the subject, one character a
 * quantifier or %b runs over, the bytes a set or a back reference compares)
 * is charged to the instruction budget, PAT_CHARGE steps at a time.  A
 * pattern that backtracks badly ("(.-)(.-)(.-)x" on a long subject) then
 * ends with "instruction budget exceeded" like a loop written in Lua, where
 * Lua's own matcher would run for hours in C, out of the hook's reach.  The
 * recursion is bounded as in Lua ("pattern too complex"); plain searches
 * are charged for their comparisons as well. */

#define PAT_MAXCAPTURES 32
#define PAT_MAXDEPTH 200
#define PAT_CHARGE 4096
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define PAT_SPECIALS "^$*+?.([%-"

typedef struct PatState {
    const char *src_init, *src_end, *p_end;
    lua_State *L;
    int depth;             /* recursion left */
    int level;             /* captures open or closed */
    long steps;            /* work not charged yet */
    struct {
        const char *init;
        ptrdiff_t len;
    } cap[PAT_MAXCAPTURES];
} PatState;

static void pat_charge(PatState *ms, long n)
{
    ms->steps += n;
    if (ms->steps >= PAT_CHARGE) {
        long k = ms->steps;
        ms->steps = 0;
        sb_charge(ms->L, k);
    }
}

static void pat_flush(PatState *ms)
{
    long k = ms->steps;
    ms->steps = 0;
    if (k)
        sb_charge(ms->L, k);
}

static void pat_init(PatState *ms, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
    ms->L = L;
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->depth = PAT_MAXDEPTH;
    ms->level = 0;
    ms->steps = 0;
}

static void pat_reset(PatState *ms)
{
    ms->level = 0;
    ms->depth = PAT_MAXDEPTH;
}

/* Does character c belong to class %cl? */
static int pat_class(int c, int cl)
{
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    case 'z': r = c == 0; break; /* deprecated in Lua, still accepted */
    default: return cl == c;
    }
    if (isupper(cl))
        r = !r;
    return r != 0;
}

/* The end of the single-character item at p (a character, %x, or a set). */
static const char *pat_item_end(PatState *ms, const char *p)
{
    char c = *p++;
    if (c == '%') {
        if (p >= ms->p_end)
            luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^')
            p++;
        do { /* the first character is never the closing ']' */
            if (p >= ms->p_end)
                luaL_error(ms->L, "malformed pattern (missing ']')");
            if (*p++ == '%' && p < ms->p_end)
                p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

/* Is c in the set [..] from p (at '[') to ec (at its ']')? */
static int pat_set(PatState *ms, int c, const char *p, const char *ec)
{
    int yes = 1;
    pat_charge(ms, (long)((ec - p) >> 3));
    if (p[1] == '^') {
        yes = 0;
        p++;
    }
    while (++p < ec) {
        if (*p == '%') {
            p++;
            if (pat_class(c, (unsigned char)*p))
                return yes;
        } else if (p[1] == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
                return yes;
        } else if ((unsigned char)*p == c) {
            return yes;
        }
    }
    return !yes;
}

/* Does the item p..ep match the character at s? */
static int pat_single(PatState *ms, const char *s, const char *p, const char *ep)
{
    int c;
    if (s >= ms->src_end)
        return 0;
    pat_charge(ms, 1);
    c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return pat_class(c, (unsigned char)p[1]);
    case '[': return pat_set(ms, c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *pat_do(PatState *ms, const char *s, const char *p);

static const char *pat_balance(PatState *ms, const char *s, const char *p)
{
    const char *start = s;
    int open, close, depth = 1;
    if (p >= ms->p_end - 1)
        luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= ms->src_end || *s != *p)
        return NULL;
    open = *p;
    close = p[1];
    while (++s < ms->src_end) {
        if (*s == close) {
            if (--depth == 0) {
                pat_charge(ms, (long)(s - start));
                return s + 1;
            }
        } else if (*s == open) {
            depth++;
        }
    }
    pat_charge(ms, (long)(s - start));
    return NULL;
}

static const char *pat_max_expand(PatState *ms, const char *s, const char *p, const char *ep)
{
    ptrdiff_t i = 0;
    while (pat_single(ms, s + i, p, ep))
        i++;
    for (; i >= 0; i--) { /* the longest run first, then shorter ones */
        const char *r = pat_do(ms, s + i, ep + 1);
        if (r)
            return r;
    }
    return NULL;
}

static const char *pat_min_expand(PatState *ms, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *r = pat_do(ms, s, ep + 1);
        if (r)
            return r;
        if (!pat_single(ms, s, p, ep))
            return NULL;
        s++;
    }
}

static const char *pat_open(PatState *ms, const char *s, const char *p, ptrdiff_t what)
{
    const char *r;
    if (ms->level >= PAT_MAXCAPTURES)
        luaL_error(ms->L, "too many captures");
    ms->cap[ms->level].init = s;
    ms->cap[ms->level].len = what;
    ms->level++;
    r = pat_do(ms, s, p);
    if (!r)
        ms->level--;
    return r;
}

static const char *pat_close(PatState *ms, const char *s, const char *p)
{
    const char *r;
    int l = ms->level - 1;
    while (l >= 0 && ms->cap[l].len != CAP_UNFINISHED)
        l--;
    if (l < 0)
        luaL_error(ms->L, "invalid pattern capture");
    ms->cap[l].len = s - ms->cap[l].init;
    r = pat_do(ms, s, p);
    if (!r)
        ms->cap[l].len = CAP_UNFINISHED;
    return r;
}

static int pat_capture_index(PatState *ms, int c)
{
    int l = c - '1';
    if (l < 0 || l >= ms->level || ms->cap[l].len == CAP_UNFINISHED)
        return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *pat_backref(PatState *ms, const char *s, int c)
{
    int l = pat_capture_index(ms, c);
    size_t len = (size_t)ms->cap[l].len;
    pat_charge(ms, (long)(len >> 4) + 1);
    if ((size_t)(ms->src_end - s) >= len && memcmp(ms->cap[l].init, s, len) == 0)
        return s + len;
    return NULL;
}

/* Match pattern p (up to p_end) at s: the end of the match, or NULL. */
static const char *pat_do(PatState *ms, const char *s, const char *p)
{
    if (ms->depth-- == 0)
        luaL_error(ms->L, "pattern too complex");
    for (;;) {
        const char *ep;
        pat_charge(ms, 1);
        if (p == ms->p_end)
            break;
        if (*p == '(') {
            s = p[1] == ')' ? pat_open(ms, s, p + 2, CAP_POSITION)
                            : pat_open(ms, s, p + 1, CAP_UNFINISHED);
            break;
        }
        if (*p == ')') {
            s = pat_close(ms, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == ms->p_end) {
            if (s != ms->src_end)
                s = NULL;
            break;
        }
        if (*p == '%' && p + 1 < ms->p_end) {
            int k = (unsigned char)p[1];
            if (k == 'b') {
                s = pat_balance(ms, s, p + 2);
                if (s) {
                    p += 4;
                    continue;
                }
                break;
            }
            if (k == 'f') {
                int prev, cur;
                p += 2;
                if (p >= ms->p_end || *p != '[')
                    luaL_error(ms->L, "missing '[' after '%%f' in pattern");
                ep = pat_item_end(ms, p);
                prev = s == ms->src_init ? 0 : (unsigned char)s[-1];
                cur = s < ms->src_end ? (unsigned char)*s : 0;
                if (!pat_set(ms, prev, p, ep - 1) && pat_set(ms, cur, p, ep - 1)) {
                    p = ep;
                    continue;
                }
                s = NULL;
                break;
            }
            if (isdigit(k)) {
                s = pat_backref(ms, s, k);
                if (s) {
                    p += 2;
                    continue;
                }
                break;
            }
        }
        /* a single-character item, perhaps quantified */
        ep = pat_item_end(ms, p);
        if (!pat_single(ms, s, p, ep)) {
            if (*ep == '*' || *ep == '?' || *ep == '-') {
                p = ep + 1; /* zero repetitions are fine */
                continue;
            }
            s = NULL;
            break;
        }
        if (*ep == '?') {
            const char *r = pat_do(ms, s + 1, ep + 1);
            if (r) {
                s = r;
                break;
            }
            p = ep + 1;
            continue;
        }
        if (*ep == '+') {
            s = pat_max_expand(ms, s + 1, p, ep);
            break;
        }
        if (*ep == '*') {
            s = pat_max_expand(ms, s, p, ep);
            break;
        }
        if (*ep == '-') {
            s = pat_min_expand(ms, s, p, ep);
            break;
        }
        s++;
        p = ep;
    }
    ms->depth++;
    return s;
}

/* Capture i of a match s..e (the whole match when there are no captures):
 * its length, or CAP_POSITION with the position pushed. */
static ptrdiff_t pat_get_capture(PatState *ms, int i, const char *s, const char *e,
                                 const char **cap)
{
    if (i >= ms->level) {
        if (i != 0)
            luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        *cap = s;
        return e - s;
    }
    *cap = ms->cap[i].init;
    if (ms->cap[i].len == CAP_UNFINISHED)
        luaL_error(ms->L, "unfinished capture");
    if (ms->cap[i].len == CAP_POSITION)
        lua_pushinteger(ms->L, (ms->cap[i].init - ms->src_init) + 1);
    return ms->cap[i].len;
}

static void pat_push_capture(PatState *ms, int i, const char *s, const char *e)
{
    const char *cap;
    ptrdiff_t l = pat_get_capture(ms, i, s, e, &cap);
    if (l != CAP_POSITION)
        lua_pushlstring(ms->L, cap, (size_t)l);
}

static int pat_push_captures(PatState *ms, const char *s, const char *e)
{
    int i, n = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, n, "too many captures");
    for (i = 0; i < n; i++)
        pat_push_capture(ms, i, s, e);
    return n;
}

/* Lua 5.4's reading of an init argument: 1-based, negative from the end. */
static size_t pat_init_pos(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos;
    if (pos == 0 || pos < -(lua_Integer)len)
        return 1;
    return len + (size_t)pos + 1;
}

/* A plain search of p[0..lp) in s[0..ls), its comparisons charged. */
static const char *pat_plain(lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
    PatState ms;
    const char *end;
    if (lp == 0)
        return s;
    if (lp > ls)
        return NULL;
    pat_init(&ms, L, s, ls, p, lp);
    end = s + (ls - lp) + 1;
    while (s < end) {
        const char *hit = memchr(s, *p, (size_t)(end - s));
        if (!hit)
            break;
        pat_charge(&ms, (long)((hit - s) >> 6) + (long)(lp >> 4) + 1);
        if (memcmp(hit + 1, p + 1, lp - 1) == 0) {
            pat_flush(&ms);
            return hit;
        }
        s = hit + 1;
    }
    pat_charge(&ms, (long)((end - s) >> 6));
    pat_flush(&ms);
    return NULL;
}

/* No special character in p[0..l) (which may hold NULs)? */
static int pat_nospecials(const char *p, size_t l)
{
    size_t upto = 0;
    do {
        if (strpbrk(p + upto, PAT_SPECIALS))
            return 0;
        upto += strlen(p + upto) + 1;
    } while (upto <= l);
    return 1;
}

static int pat_find_aux(lua_State *L, int find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = pat_init_pos(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || pat_nospecials(p, lp))) {
        const char *hit = pat_plain(L, s + init, ls - init, p, lp);
        if (hit) {
            lua_pushinteger(L, (hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)((size_t)(hit - s) + lp));
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    {
        PatState ms;
        const char *s1 = s + init;
        int anchor = lp > 0 && *p == '^';
        if (anchor) {
            p++;
            lp--;
        }
        pat_init(&ms, L, s, ls, p, lp);
        do {
            const char *e;
            pat_reset(&ms);
            if ((e = pat_do(&ms, s1, p)) != NULL) {
                pat_flush(&ms);
                if (find) {
                    lua_pushinteger(L, (s1 - s) + 1);
                    lua_pushinteger(L, e - s);
                    return pat_push_captures(&ms, NULL, NULL) + 2;
                }
                return pat_push_captures(&ms, s1, e);
            }
        } while (s1++ < ms.src_end && !anchor);
        pat_flush(&ms);
    }
    luaL_pushfail(L);
    return 1;
}

/* Lua: string.find(s, pattern [, init [, plain]]) */
static int sb_str_find(lua_State *L)
{
    return pat_find_aux(L, 1);
}

/* Lua: string.match(s, pattern [, init]) */
static int sb_str_match(lua_State *L)
{
    return pat_find_aux(L, 0);
}

typedef struct PatGmatch {
    size_t src;        /* where the next search starts */
    size_t last;       /* end of the last match, or (size_t)-1 */
} PatGmatch;

/* Iterator of gmatch.  Upvalues: 1 subject, 2 pattern, 3 PatGmatch. */
static int pat_gmatch_next(lua_State *L)
{
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    PatGmatch *g = lua_touserdata(L, lua_upvalueindex(3));
    PatState ms;
    const char *src;
    pat_init(&ms, L, s, ls, p, lp);
    for (src = s + g->src; src <= ms.src_end; src++) {
        const char *e;
        pat_reset(&ms);
        e = pat_do(&ms, src, p);
        if (e && (g->last == (size_t)-1 || e != s + g->last)) {
            g->src = g->last = (size_t)(e - s);
            pat_flush(&ms);
            return pat_push_captures(&ms, src, e);
        }
    }
    g->src = ls + 1;
    pat_flush(&ms);
    return 0;
}

/* Lua: string.gmatch(s, pattern [, init]) -> iterator */
static int sb_str_gmatch(lua_State *L)
{
    size_t ls;
    PatGmatch *g;
    size_t init;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    init = pat_init_pos(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2);
    g = lua_newuserdatauv(L, sizeof *g, 0);
    g->src = init > ls ? ls + 1 : init;
    g->last = (size_t)-1;
    lua_pushcclosure(L, pat_gmatch_next, 3);
    return 1;
}

/* Add the replacement string (argument 3) for the match s..e to b. */
static void pat_add_string(PatState *ms, luaL_Buffer *b, const char *s, const char *e)
{
    lua_State *L = ms->L;
    size_t l;
    const char *news = lua_tolstring(L, 3, &l);
    const char *p;
    pat_charge(ms, (long)(l >> 4) + 1);
    while ((p = memchr(news, '%', l)) != NULL) {
        luaL_addlstring(b, news, (size_t)(p - news));
        p++;
        if (*p == '%') {
            luaL_addchar(b, '%');
        } else if (*p == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)*p)) {
            const char *cap;
            ptrdiff_t resl = pat_get_capture(ms, *p - '1', s, e, &cap);
            if (resl == CAP_POSITION)
                luaL_addvalue(b);
            else
                luaL_addlstring(b, cap, (size_t)resl);
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
        l -= (size_t)(p + 1 - news);
        news = p + 1;
    }
    luaL_addlstring(b, news, l);
}

/* Add the replacement for the match s..e; returns whether it changed. */
static int pat_add_value(PatState *ms, luaL_Buffer *b, const char *s, const char *e, int tr)
{
    lua_State *L = ms->L;
    if (tr == LUA_TFUNCTION) {
        int n;
        lua_pushvalue(L, 3);
        n = pat_push_captures(ms, s, e);
        pat_flush(ms);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        pat_push_capture(ms, 0, s, e);
        pat_flush(ms);
        lua_gettable(L, 3);
    } else {
        pat_add_string(ms, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

/* Lua: string.gsub(s, pattern, repl [, n]) -> string, count */
static int sb_str_gsub(lua_State *L)
{
    size_t srcl, lp;
    const char *src = luaL_checklstring(L, 1, &srcl);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *lastmatch = NULL;
    int tr = lua_type(L, 3);
    lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
    int anchor = lp > 0 && *p == '^';
    lua_Integer n = 0;
    int changed = 0;
    PatState ms;
    luaL_Buffer b;
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                        tr == LUA_TTABLE, 3, "string/function/table");
    luaL_buffinit(L, &b);
    if (anchor) {
        p++;
        lp--;
    }
    pat_init(&ms, L, src, srcl, p, lp);
    while (n < max_s) {
        const char *e;
        pat_reset(&ms);
        if ((e = pat_do(&ms, src, p)) != NULL && e != lastmatch) {
            n++;
            changed = pat_add_value(&ms, &b, src, e, tr) | changed;
            src = lastmatch = e;
        } else if (src < ms.src_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor)
            break;
    }
    pat_flush(&ms);
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

/* ------------------------------------------------------------------------ */
/* Stable tostring                                                          */

/* Lua prints tables and functions by address ("table: 0x55d0c3a2b8f0"),
 * which differs from run to run.  In the sandbox such values are numbered
 * instead, in the order they are first printed ("table: #1", "function: #2
 * (rules/x.lua:12)", "function: #3 (builtin)"), so that the same rule file
 * prints the same text every time.  __tostring and __name are honoured. */

static char key_ids; /* weak-keyed: object -> its number */

/* Push the stable text of the value at idx. */
static const char *stable_tostring(lua_State *L, int idx)
{
    Sandbox *sb = sb_of(L);
    int t = lua_type(L, idx);
    const char *kind;
    lua_Integer id;
    idx = lua_absindex(L, idx);
    if (luaL_callmeta(L, idx, "__tostring")) {
        if (!lua_isstring(L, -1))
            luaL_error(L, "'__tostring' must return a string");
        return lua_tostring(L, -1);
    }
    if (t != LUA_TTABLE && t != LUA_TFUNCTION && t != LUA_TUSERDATA && t != LUA_TTHREAD &&
        t != LUA_TLIGHTUSERDATA)
        return luaL_tolstring(L, idx, NULL);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_ids);
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) == LUA_TNUMBER) {
        id = lua_tointeger(L, -1);
    } else {
        id = ++sb->next_id;
        lua_pushvalue(L, idx);
        lua_pushinteger(L, id);
        lua_rawset(L, -4);
    }
    lua_pop(L, 2);
    if (luaL_getmetafield(L, idx, "__name") == LUA_TSTRING) {
        const char *name = lua_tostring(L, -1);
        lua_pushfstring(L, "%s: #%I", name, (LUAI_UACINT)id);
        lua_remove(L, -2);
        return lua_tostring(L, -1);
    }
    kind = luaL_typename(L, idx);
    if (t == LUA_TFUNCTION) {
        lua_Debug ar;
        lua_pushvalue(L, idx);
        if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0)
            return lua_pushfstring(L, "function: #%I (%s:%d)", (LUAI_UACINT)id, src_name(&ar),
                                   ar.linedefined);
        return lua_pushfstring(L, "function: #%I (builtin)", (LUAI_UACINT)id);
    }
    return lua_pushfstring(L, "%s: #%I", kind, (LUAI_UACINT)id);
}

/* Lua: tostring(v) -> string, without addresses */
static int sb_tostring(lua_State *L)
{
    luaL_checkany(L, 1);
    stable_tostring(L, 1);
    return 1;
}

/* Lua: string.format(fmt, ...): '%s' of a table or function as tostring
 * gives it; '%p' (an address) is refused.  Upvalue 1: the real format. */
static int sb_str_format(lua_State *L)
{
    size_t lf;
    const char *f = luaL_checklstring(L, 1, &lf);
    const char *e = f + lf;
    int arg = 1, top = lua_gettop(L);
    while (f < e) {
        if (*f++ != '%')
            continue;
        if (f < e && *f == '%') {
            f++;
            continue;
        }
        arg++;
        while (f < e && strchr("-+ #0123456789.", *f))
            f++;
        if (f >= e)
            break;
        if (*f == 'p')
            return luaL_error(L, "'%%p' in a format is not available in rule files "
                                 "(addresses differ from run to run)");
        if (*f == 's' && arg <= top) {
            int t = lua_type(L, arg);
            if (t != LUA_TSTRING && t != LUA_TNUMBER) {
                stable_tostring(L, arg);
                lua_replace(L, arg);
            }
        }
        f++;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, top, 1);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Setup                                                                    */

static const char *const base_kept[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pcall", "rawequal",
    "rawget", "rawlen", "select", "tonumber", "type", "_VERSION", NULL,
};

static const luaL_Reg base_own[] = {
    {"pairs", sb_pairs},
    {"rawset", sb_rawset},
    {"setmetatable", sb_setmetatable},
    {"print", sb_print},
    {"load", sb_load},
    {"require", sb_require},
    {"xpcall", sb_xpcall},
    {"tostring", sb_tostring},
    {NULL, NULL},
};

static const char *const blocked_fns[] = {"dofile", "loadfile", "collectgarbage", NULL};
static const char *const blocked_libs[] = {"io", "os", "debug", "package", NULL};

static const luaL_Reg opened_libs[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_COLIBNAME, luaopen_coroutine},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {NULL, NULL},
};

/* Build everything under protection (called through lua_pcall). */
static int sb_setup(lua_State *L)
{
    const luaL_Reg *lib;
    const char *const *name;
    int base;

    for (lib = opened_libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }

    /* Adjust the real library tables before proxies are made of them. */
    lua_getglobal(L, LUA_STRLIBNAME);
    push_blocked_fn(L, "string.dump");
    lua_setfield(L, -2, "dump");
    lua_pushcfunction(L, sb_str_rep);
    lua_setfield(L, -2, "rep");
    wrap_charged(L, "byte", 2);
    lua_pushcfunction(L, sb_str_find);
    lua_setfield(L, -2, "find");
    lua_pushcfunction(L, sb_str_match);
    lua_setfield(L, -2, "match");
    lua_pushcfunction(L, sb_str_gmatch);
    lua_setfield(L, -2, "gmatch");
    lua_pushcfunction(L, sb_str_gsub);
    lua_setfield(L, -2, "gsub");
    lua_getfield(L, -1, "format");
    lua_pushcclosure(L, sb_str_format, 1);
    lua_setfield(L, -2, "format");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_COLIBNAME);
    lua_getfield(L, -1, "resume");
    lua_pushcclosure(L, charged_switch, 1);
    lua_setfield(L, -2, "resume");
    lua_getfield(L, -1, "wrap");
    lua_pushcclosure(L, sb_co_wrap, 1);
    lua_setfield(L, -2, "wrap");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_pushcfunction(L, sb_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, sb_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_pushcfunction(L, sb_tinsert);
    lua_setfield(L, -2, "insert");
    lua_pushcfunction(L, sb_tremove);
    lua_setfield(L, -2, "remove");
    lua_pushcfunction(L, sb_tmove);
    lua_setfield(L, -2, "move");
    wrap_charged(L, "sort", 0);
    wrap_charged(L, "concat", 1);
    wrap_charged(L, "unpack", 3);
    lua_pop(L, 1);

    /* Strings' metatable: hide it (getmetatable("") is false). */
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    lua_newtable(L); /* proxy cache, weak keys */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_proxies);

    lua_newtable(L); /* stable tostring numbers, weak keys */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_ids);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_loaded);
    lua_pushliteral(L, "rule sandbox limit exceeded");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_limit_err);

    lua_createtable(L, 0, 40); /* the base every rule file reads through */
    base = lua_gettop(L);
    for (name = base_kept; *name; name++) {
        lua_getglobal(L, *name);
        lua_setfield(L, base, *name);
    }
    luaL_setfuncs(L, base_own, 0);
    for (name = blocked_fns; *name; name++) {
        push_blocked_fn(L, *name);
        lua_setfield(L, base, *name);
    }
    for (name = blocked_libs; *name; name++) {
        push_blocked_lib(L, *name);
        lua_setfield(L, base, *name);
    }
    for (lib = opened_libs + 1; lib->func; lib++) {
        lua_getglobal(L, lib->name);
        push_proxy(L, -1, lib->name, 0);
        lua_setfield(L, base, lib->name);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, base);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_base);

    lua_createtable(L, 0, 3); /* metatable of environments */
    lua_pushvalue(L, base);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, base);
    lua_pushcclosure(L, env_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_envmt);

    /* The state's own globals are for trusted code only; still drop what
     * reaches files or loads code, in case engine code hands them out. */
    for (name = blocked_fns; *name; name++) {
        lua_pushnil(L);
        lua_setglobal(L, *name);
    }
    lua_pushnil(L);
    lua_setglobal(L, "load");
    return 0;
}

Sandbox *sandbox_new(const SandboxOptions *o, Diag *d)
{
    Sandbox *sb = calloc(1, sizeof *sb);
    size_t mib, nroots = 0, i;
    if (!sb) {
        diag_set(d, NULL, 0, 0, "cannot create rule sandbox: out of memory");
        return NULL;
    }
    mib = o && o->memory_mib ? o->memory_mib : SANDBOX_DEFAULT_MEMORY_MIB;
    sb->mem_mib = mib;
    sb->mem_limit = mib > (SIZE_MAX / 4) >> 20 ? SIZE_MAX / 4 : mib << 20;
    sb->budget = o && o->instructions > 0 ? o->instructions : SANDBOX_DEFAULT_INSTRUCTIONS;
    sb->cpu_limit = o && o->seconds > 0 ? o->seconds : SANDBOX_DEFAULT_SECONDS;
    if (!(o && o->seconds > 0) && getenv("CHISO_MAX_SECONDS")) {
        double v = atof(getenv("CHISO_MAX_SECONDS")); /* slow runs: valgrind */
        if (v > 0)
            sb->cpu_limit = v;
    }
    sb->seed = o ? o->seed : 0;
    rng_seed(sb->rng, sb->seed);
    snprintf(sb->run_file, sizeof sb->run_file, "rule sandbox");

    if (o && o->roots)
        while (o->roots[nroots])
            nroots++;
    if (nroots) {
        sb->roots = calloc(nroots, sizeof *sb->roots);
        if (!sb->roots)
            goto oom;
        for (i = 0; i < nroots; i++) {
            size_t len = strlen(o->roots[i]);
            while (len > 1 && o->roots[i][len - 1] == '/')
                len--; /* "rules/" and "rules" name the same root */
            sb->roots[i] = malloc(len + 1);
            if (!sb->roots[i])
                goto oom;
            memcpy(sb->roots[i], o->roots[i], len);
            sb->roots[i][len] = '\0';
            sb->nroots = i + 1;
        }
    }

    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L)
        goto oom;
    lua_atpanic(sb->L, sb_panic);
    lua_pushcfunction(sb->L, sb_setup);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        diag_set(d, NULL, 0, 0, "cannot create rule sandbox: %s",
                 sb->limit == LIMIT_MEMORY ? "memory limit too small"
                                           : lua_tostring(sb->L, -1));
        sandbox_free(sb);
        return NULL;
    }
    return sb;

oom:
    diag_set(d, NULL, 0, 0, "cannot create rule sandbox: out of memory");
    sandbox_free(sb);
    return NULL;
}

void sandbox_free(Sandbox *sb)
{
    size_t i;
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    for (i = 0; i < sb->nroots; i++)
        free(sb->roots[i]);
    free(sb->roots);
    free(sb);
}

const char *sandbox_run_file(lua_State *L)
{
    Sandbox *sb = sb_of(L);
    return sb ? sb->run_file : "";
}

lua_State *sandbox_state(Sandbox *sb)
{
    return sb->L;
}

int sandbox_dead(const Sandbox *sb)
{
    return sb->limit != LIMIT_NONE;
}

void sandbox_charge(lua_State *L, long long n)
{
    void *ud = NULL;
    if (lua_getallocf(L, &ud) != sb_alloc)
        return; /* not a sandbox: trusted scripts have no budget */
    sb_charge(L, (lua_Integer)n);
}

int sandbox_return_line(const Sandbox *sb)
{
    return sb->ret_line;
}

size_t sandbox_memory(const Sandbox *sb)
{
    return sb->mem_used;
}

typedef struct DefineArgs {
    const char *name;
} DefineArgs;

/* [value, DefineArgs*]: base[name] = value (tables as deep proxies). */
static int define_body(lua_State *L)
{
    DefineArgs *a = lua_touserdata(L, 2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_base);  /* 3 */
    if (lua_istable(L, 1))
        push_proxy(L, 1, a->name, 1);
    else
        lua_pushvalue(L, 1);                        /* 4 */
    lua_setfield(L, 3, a->name);
    return 0;
}

void sandbox_define(Sandbox *sb, const char *name)
{
    lua_State *L = sb->L;
    DefineArgs a;
    a.name = name;
    if (!lua_checkstack(L, 3)) {
        lua_pop(L, 1);
        return;
    }
    lua_pushcfunction(L, define_body);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, &a);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        /* Only the memory cap can fail here; the limit flag is set, so the
         * sandbox reports itself dead from now on. */
        snprintf(sb->run_file, sizeof sb->run_file, "definition of '%s'", name);
        lua_pop(L, 1);
    }
}

/* ------------------------------------------------------------------------ */
/* Runs                                                                     */

static void run_begin(Sandbox *sb, const char *file, int track_return)
{
    if (sb->depth++ == 0) {
        sb->used = 0;
        sb->alloc_debt = 0;
        sb->early = 0;
        sb->cpu_start = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
        sb->wall_start = clock_seconds(WALL_CLOCK);
        snprintf(sb->run_file, sizeof sb->run_file, "%s", file);
        sb->hook_mask = LUA_MASKCOUNT | (track_return ? LUA_MASKRET : 0);
        lua_sethook(sb->L, sb_hook, sb->hook_mask, HOOK_STEP);
    }
}

static void run_end(Sandbox *sb)
{
    if (sb->pending && sb->limit == LIMIT_NONE)
        set_memory_hit(sb); /* a refusal that ended the run */
    sb->pending = 0;
    if (--sb->depth == 0) {
        lua_sethook(sb->L, NULL, 0, 0);
        sb->hook_mask = 0;
        sb->early = 0;
    }
}

static int report_dead(Sandbox *sb, const char *file, Diag *d)
{
    if (sb->limit == LIMIT_BUDGET || sb->limit == LIMIT_DEPTH || sb->limit == LIMIT_TIME)
        return diag_set(d, file, 0, 0, "not run: the rule sandbox stopped after an "
                        "earlier error (%s)", sb->limit_msg);
    return diag_set(d, file, 0, 0, "not run: the rule sandbox stopped after an earlier "
                    "error (%s: memory limit (%zu MiB) exceeded)",
                    sb->mem_where[0] ? sb->mem_where : sb->run_file, sb->mem_mib);
}

/* Fill d from a failed protected run whose error object is on top. */
/* The line where brackets ((, [, {) first reach their deepest nesting in a
 * source file, skipping strings and comments: where Lua's parser ran out of
 * C stack ("C stack overflow" carries no position).  0 when unreadable. */
static int deepest_line(const char *path, int *depth_out)
{
    FILE *f = fopen(path, "r");
    int c, prev = 0, line = 1, depth = 0, best = 0, at = 0, quote = 0, comment = 0;
    if (!f)
        return 0;
    while ((c = getc(f)) != EOF) {
        if (c == '\n') {
            line++;
            comment = 0;
            if (quote != '[')
                quote = 0;
        } else if (comment) {
            /* a line comment: skip to its end (block comments are rare here) */
        } else if (quote) {
            if (c == '\\')
                c = getc(f) == '\n' ? (line++, 0) : 0;
            else if (c == quote || (quote == '[' && c == ']' && prev == ']'))
                quote = 0;
        } else if (c == '-' && prev == '-') {
            comment = 1;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' && prev == '[') {
            quote = '[';
            depth--; /* the first '[' was counted as a bracket */
        } else if (c == '(' || c == '[' || c == '{') {
            if (++depth > best) {
                best = depth;
                at = line;
            }
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        prev = c;
    }
    fclose(f);
    *depth_out = best;
    return at;
}

static int report_error(Sandbox *sb, int status, Diag *d)
{
    lua_State *L = sb->L;
    if (sb->limit == LIMIT_BUDGET || sb->limit == LIMIT_DEPTH || sb->limit == LIMIT_TIME)
        return diag_set(d, NULL, 0, 0, "%s", sb->limit_msg);
    if (sb->limit == LIMIT_MEMORY || status == LUA_ERRMEM)
        return diag_set(d, sb->mem_where[0] ? sb->mem_where : sb->run_file, 0, 0,
                        "memory limit (%zu MiB) exceeded", sb->mem_mib);
    if (lua_type(L, -1) == LUA_TSTRING) {
        const char *msg = lua_tostring(L, -1);
        if (strcmp(msg, "C stack overflow") == 0 && sb->run_file[0]) {
            int depth = 0, line = deepest_line(sb->run_file, &depth);
            if (line > 0)
                return diag_set(d, sb->run_file, line, 0,
                                "nested too deeply (%d levels of brackets): C stack overflow", depth);
        }
        if (status == LUA_ERRERR || !has_position(msg))
            return diag_set(d, sb->run_file, 0, 0, "%s", msg);
        return diag_set(d, NULL, 0, 0, "%s", msg);
    }
    return diag_set(d, sb->run_file, 0, 0, "error object is a %s value",
                    luaL_typename(L, -1));
}

typedef struct FileArgs {
    const char *path;
} FileArgs;

/* Turn Lua's "cannot open PATH: reason" into "PATH: cannot open: reason". */
static void fix_file_error(lua_State *L, const char *path)
{
    const char *msg = lua_tostring(L, -1);
    size_t plen = strlen(path);
    const char *sp;
    if (!msg || strncmp(msg, "cannot ", 7) != 0)
        return;
    sp = strchr(msg + 7, ' ');
    if (!sp || strncmp(sp + 1, path, plen) != 0 || strncmp(sp + 1 + plen, ": ", 2) != 0)
        return;
    lua_pushfstring(L, "%s: ", path);
    lua_pushlstring(L, msg, (size_t)(sp - msg));
    lua_pushfstring(L, ":%s", sp + 1 + plen + 1);
    lua_concat(L, 3);
    lua_remove(L, -2);
}

/* [FileArgs*]: load the rule file and run it in a fresh environment. */
static int dofile_body(lua_State *L)
{
    FileArgs *a = lua_touserdata(L, 1);
    int status = luaL_loadfilex(L, a->path, "t");
    if (status != LUA_OK) {
        if (status == LUA_ERRFILE)
            fix_file_error(L, a->path);
        else
            expand_path(L, a->path);
        return lua_error(L);
    }
    set_new_env(L);
    lua_call(L, 0, 1);
    return 1;
}

int sandbox_dofile(Sandbox *sb, const char *path, Diag *d)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L), status;
    FileArgs a;
    FILE *f;

    if (sb->limit != LIMIT_NONE)
        return report_dead(sb, path, d);
    f = fopen(path, "r");
    if (!f)
        return diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
    fclose(f);
    outfile_protect(path);
    if (!lua_checkstack(L, 4))
        return diag_set(d, path, 0, 0, "rule sandbox stack overflow");
    a.path = path;
    sb->ret_line = 0;
    run_begin(sb, path, 1);
    lua_pushcfunction(L, sb_msgh);     /* base + 1 */
    lua_pushcfunction(L, dofile_body);
    lua_pushlightuserdata(L, &a);
    status = lua_pcall(L, 1, 1, base + 1);
    run_end(sb);
    if (status == LUA_OK && sb->limit != LIMIT_NONE)
        status = LUA_ERRRUN; /* caught by C code on the way: still a failure */
    if (status == LUA_OK) {
        lua_remove(L, base + 1);
        return 0;
    }
    report_error(sb, status, d);
    lua_settop(L, base);
    return -1;
}

typedef struct CodeArgs {
    const char *name, *code;
    size_t len;
    int nargs;
} CodeArgs;

/* [args..., CodeArgs*]: load the engine chunk and run it with the arguments. */
static int code_body(lua_State *L)
{
    CodeArgs *a = lua_touserdata(L, -1);
    int status;
    lua_pop(L, 1);
    status = luaL_loadbufferx(L, a->code, a->len, a->name, "t");
    if (status != LUA_OK)
        return lua_error(L);
    set_new_env(L);
    lua_insert(L, 1);                 /* [chunk, args...] */
    lua_call(L, a->nargs, 1);
    return 1;
}

int sandbox_run_code(Sandbox *sb, const char *chunkname, const char *code, size_t len, int nargs, Diag *d)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs, status;
    CodeArgs a;

    if (sb->limit != LIMIT_NONE) {
        lua_settop(L, base);
        return report_dead(sb, chunkname, d);
    }
    if (!lua_checkstack(L, 4)) {
        lua_settop(L, base);
        return diag_set(d, chunkname, 0, 0, "rule sandbox stack overflow");
    }
    a.name = chunkname;
    a.code = code;
    a.len = len;
    a.nargs = nargs;
    run_begin(sb, chunkname, 0);
    lua_pushcfunction(L, sb_msgh);
    lua_insert(L, base + 1);          /* [msgh, args...] */
    lua_pushcfunction(L, code_body);
    lua_insert(L, base + 2);          /* [msgh, body, args...] */
    lua_pushlightuserdata(L, &a);
    status = lua_pcall(L, nargs + 1, 1, base + 1);
    run_end(sb);
    if (status == LUA_OK && sb->limit != LIMIT_NONE)
        status = LUA_ERRRUN;
    if (status == LUA_OK) {
        lua_remove(L, base + 1);
        return 0;
    }
    report_error(sb, status, d);
    lua_settop(L, base);
    return -1;
}

int sandbox_call(Sandbox *sb, int nargs, int nresults, Diag *d)
{
    lua_State *L = sb->L;
    int fidx = lua_gettop(L) - nargs, status;
    char file[RUN_FILE_MAX];
    lua_Debug ar;

    if (sb->limit != LIMIT_NONE) {
        report_dead(sb, "rule function", d);
        lua_settop(L, fidx - 1);
        return -1;
    }
    if (!lua_checkstack(L, 4)) {
        lua_settop(L, fidx - 1);
        return diag_set(d, NULL, 0, 0, "rule sandbox stack overflow");
    }
    snprintf(file, sizeof file, "rule function");
    lua_pushvalue(L, fidx);
    if (lua_getinfo(L, ">S", &ar) && ar.source[0] == '@')
        snprintf(file, sizeof file, "%s", ar.source + 1);
    run_begin(sb, file, 0);
    lua_pushcfunction(L, sb_msgh);
    lua_insert(L, fidx);
    status = lua_pcall(L, nargs, nresults, fidx);
    run_end(sb);
    if (status == LUA_OK && sb->limit != LIMIT_NONE)
        status = LUA_ERRRUN; /* caught by C code on the way: still a failure */
    if (status == LUA_OK) {
        lua_remove(L, fidx);
        return 0;
    }
    report_error(sb, status, d);
    lua_settop(L, fidx - 1);
    return -1;
}
