/* api_re.c — `re`: PCRE2 patterns for scripts (chiso.re) and rule files
 * (the global `re`, defined in a sandbox by api_re_define).
 *
 *   local rx = re.compile([[xếp (?:thứ|hạng) (?<rank>\d+)/(?<of>\d+)]], "i")
 *   rx:test(s)                      --> true | false
 *   rx:match(s [, init])            --> captures (the whole match when there are none) | nil
 *   rx:find(s [, init])             --> start, end, captures... | nil
 *   local m = rx:exec(s [, init])   --> { [0] = whole, [1] = "27", [2] = "63", rank = "27", of = "63",
 *                                         start = 12, ["end"] = 22 } | nil
 *   for a, b in rx:gmatch(s) do … end        -- captures of each match
 *   for m in rx:gexec(s) do … end            -- exec tables of each match
 *   rx:gsub(s, repl [, n])          --> string, count; repl: "%1 %{name} %0 %%", a table or a function
 *   rx:info()                       --> { pattern, flags, name, groups, names, jit, where }
 *   re.escape("a.b")                --> "a\.b"
 *
 * Positions are 1-based byte positions, as in Lua's string functions; init
 * may be negative (from the end).  A group that did not take part is nil
 * from match/find/gmatch, false at its number in an exec table, and absent
 * under its name.  Empty matches follow Lua 5.4: none right where the
 * previous match ended.
 *
 * Patterns are compiled once: re.compile caches by (pattern, flags, name) in
 * the state.  Errors raise at the caller's line: "rules/x.lua:5: invalid
 * pattern at offset 4: missing closing parenthesis"; a match that hits a limit
 * raises "…: pattern 'NAME' exceeded the match limit" (regex.h).
 *
 * In a rule sandbox the compiled code and match data are allocated through
 * the sandbox state's allocator, so its memory cap counts them, and JIT is
 * not used there (JIT code lives outside any allocator); the match limits
 * bound the time PCRE2 spends, which the instruction hook cannot see.
 * CHISO_NO_JIT=1 turns JIT off in scripts too (regex.h).
 */
#include "api.h"
#include "regex.h"
#include "sandbox.h"

#include <lauxlib.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct RegexBox {
    Regex *rx;
    int named; /* compiled with an explicit name */
} RegexBox;    /* user value 1: "file:line" where it was compiled, or nil */

static char key_cache;     /* weak-valued table: cache key -> Regex */
static char key_sandboxed; /* true in a rule sandbox: no JIT */

/* ---- allocation through the state's allocator ----------------------------- */

typedef union AllocHdr {
    max_align_t align;
    size_t size;
} AllocHdr;

static void *state_alloc(size_t n, void *data)
{
    lua_State *M = data;
    void *ud = NULL;
    lua_Alloc f = lua_getallocf(M, &ud);
    AllocHdr *h;
    if (n > SIZE_MAX - sizeof(AllocHdr))
        return NULL;
    h = f(ud, NULL, 0, n + sizeof(AllocHdr));
    if (!h)
        return NULL;
    h->size = n + sizeof(AllocHdr);
    return h + 1;
}

static void state_free(void *p, void *data)
{
    lua_State *M = data;
    void *ud = NULL;
    lua_Alloc f;
    AllocHdr *h;
    if (!p)
        return;
    f = lua_getallocf(M, &ud);
    h = (AllocHdr *)p - 1;
    f(ud, h, h->size, 0);
}

static RegexAlloc state_allocator(lua_State *L)
{
    RegexAlloc a;
    lua_State *M;
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    M = lua_tothread(L, -1); /* lives as long as the state */
    lua_pop(L, 1);
    a.alloc = state_alloc;
    a.free = state_free;
    a.data = M;
    return a;
}

/* ---- compiling ----------------------------------------------------------- */

/* JIT in scripts, not in rule sandboxes. */
static int use_jit(lua_State *L)
{
    int b;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_sandboxed);
    b = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return !b;
}

/* Push the cache table (created on first use). */
static void push_cache(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_cache) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_cache);
}

/* Push a Regex for (pattern, flags, name), from the cache or compiled now;
 * `where` ("file:line", may be NULL) is recorded for a new one.  Returns
 * NULL with d set (nothing pushed) when the pattern does not compile. */
static RegexBox *push_regex(lua_State *L, const char *pat, size_t len, const char *flags, const char *name,
                            const char *where, Diag *d)
{
    int base = lua_gettop(L);
    RegexBox *box;
    RegexAlloc a;
    luaL_checkstack(L, 8, NULL);
    push_cache(L);                                      /* base+1: cache */
    lua_pushstring(L, flags ? flags : "");
    lua_pushliteral(L, "\n");
    lua_pushstring(L, name ? name : "");
    lua_pushliteral(L, "\n");
    lua_pushlstring(L, pat, len);
    lua_concat(L, 5);                                   /* base+2: key */
    lua_pushvalue(L, base + 2);
    if (lua_rawget(L, base + 1) == LUA_TUSERDATA) {     /* base+3 */
        box = lua_touserdata(L, base + 3);
        lua_replace(L, base + 1);
        lua_settop(L, base + 1);
        return box;
    }
    lua_pop(L, 1);
    box = lua_newuserdatauv(L, sizeof *box, 1);         /* base+3 */
    box->rx = NULL;
    box->named = name != NULL;
    luaL_setmetatable(L, API_REGEX);
    a = state_allocator(L);
    box->rx = regex_compile(pat, len, flags, use_jit(L), name, &a, d);
    if (!box->rx) {
        lua_settop(L, base);
        return NULL;
    }
    if (where) {
        lua_pushstring(L, where);
        lua_setiuservalue(L, base + 3, 1);
    }
    lua_pushvalue(L, base + 2);
    lua_pushvalue(L, base + 3);
    lua_rawset(L, base + 1);                            /* cache[key] = box */
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
    return box;
}

/* "file:line" of the Lua code that called the running C function, or NULL
 * (the string is left on the stack; pop it after use). */
static const char *push_where(lua_State *L)
{
    size_t n;
    const char *w;
    luaL_where(L, 1);
    w = lua_tolstring(L, -1, &n);
    if (n >= 2 && w[n - 2] == ':' && w[n - 1] == ' ') {
        lua_pushlstring(L, w, n - 2);
        lua_remove(L, -2);
        return lua_tostring(L, -1);
    }
    return NULL;
}

/* Lua: re.compile(pattern [, flags [, name]]) -> Regex */
static int l_compile(lua_State *L)
{
    size_t len;
    const char *pat = luaL_checklstring(L, 1, &len);
    const char *flags = luaL_optstring(L, 2, "");
    const char *name = luaL_optstring(L, 3, NULL);
    const char *where;
    Diag d;
    lua_settop(L, 3);
    where = push_where(L);
    if (!push_regex(L, pat, len, flags, name, where, &d))
        return luaL_error(L, "%s", d.msg);
    return 1;
}

/* Lua: re.escape(s) -> s with every ASCII punctuation and space escaped */
static int l_escape(lua_State *L)
{
    size_t len, i;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
            if (c < 0x20 || c == 0x7F) {
                char hex[8];
                snprintf(hex, sizeof hex, "\\x%02X", c);
                luaL_addstring(&b, hex);
                continue;
            }
            luaL_addchar(&b, '\\');
        }
        luaL_addchar(&b, (char)c);
    }
    luaL_pushresult(&b);
    return 1;
}

/* ---- matching ------------------------------------------------------------ */

static RegexBox *check_rx(lua_State *L, int idx)
{
    RegexBox *box = luaL_checkudata(L, idx, API_REGEX);
    if (!box->rx)
        luaL_error(L, "the pattern was freed");
    return box;
}

/* 1-based init (negative: from the end) -> 0-based offset; SIZE_MAX when
 * past the end + 1 (no match possible). */
static size_t start_offset(lua_Integer init, size_t len)
{
    if (init > 0) {
        if ((lua_Unsigned)init - 1u > (lua_Unsigned)len)
            return SIZE_MAX;
        return (size_t)init - 1;
    }
    if (init == 0)
        return 0;
    if ((lua_Unsigned)-init > (lua_Unsigned)len)
        return 0;
    return len - (size_t)-init;
}

enum { BACKTRACK_COST = 3 };

static int do_match(lua_State *L, RegexBox *box, const char *s, size_t len, size_t start)
{
    Diag d;
    int n = regex_match(box->rx, s, len, start, 0, &d);
    /* PCRE2 runs in C, where the sandbox's hook never counts: charge the
     * subject scanned (or the whole match limit when it was hit), so that a
     * rule retrying a costly pattern under pcall still meets its budget.
     * A backtracking step costs about as much as BACKTRACK_COST Lua VM
     * instructions (measured: 13 ns against 4 ns).  Outside a sandbox
     * (scripts) this does nothing. */
    sandbox_charge(L, n < 0 ? (long long)REGEX_MATCH_LIMIT * BACKTRACK_COST
                            : (long long)((start < len ? len - start : 0) >> 4) + 1);
    if (n < 0)
        return luaL_error(L, "%s", d.msg);
    return n;
}

static void push_group(lua_State *L, const char *s, const size_t *ov, int k, int unset_false)
{
    if (ov[2 * k] == REGEX_UNSET) {
        if (unset_false)
            lua_pushboolean(L, 0);
        else
            lua_pushnil(L);
    } else {
        lua_pushlstring(L, s + ov[2 * k], ov[2 * k + 1] - ov[2 * k]);
    }
}

/* Push the captures of the last match (the whole match if there are none). */
static int push_captures(lua_State *L, RegexBox *box, const char *s, const size_t *ov)
{
    int k, g = regex_groups(box->rx);
    if (g == 0) {
        push_group(L, s, ov, 0, 0);
        return 1;
    }
    luaL_checkstack(L, g, "too many captures");
    for (k = 1; k <= g; k++)
        push_group(L, s, ov, k, 0);
    return g;
}

/* Push the exec table of the last match. */
static void push_exec(lua_State *L, RegexBox *box, const char *s, const size_t *ov)
{
    int k, g = regex_groups(box->rx), nn = regex_names(box->rx);
    lua_createtable(L, g, nn + 3);
    for (k = 0; k <= g; k++) {
        push_group(L, s, ov, k, 1);
        lua_rawseti(L, -2, k);
    }
    for (k = 0; k < nn; k++) {
        int grp = 0;
        const char *name = regex_name(box->rx, k, &grp);
        if (ov[2 * grp] == REGEX_UNSET)
            continue;
        lua_pushlstring(L, s + ov[2 * grp], ov[2 * grp + 1] - ov[2 * grp]);
        lua_setfield(L, -2, name);
    }
    lua_pushinteger(L, (lua_Integer)ov[0] + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)ov[1]);
    lua_setfield(L, -2, "end");
}

/* Lua: rx:test(s [, init]) -> boolean */
static int l_test(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    size_t len, start;
    const char *s = luaL_checklstring(L, 2, &len);
    start = start_offset(luaL_optinteger(L, 3, 1), len);
    lua_pushboolean(L, start != SIZE_MAX && do_match(L, box, s, len, start) > 0);
    return 1;
}

/* Lua: rx:match(s [, init]) -> captures | nil */
static int l_match(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    size_t len, start;
    const char *s = luaL_checklstring(L, 2, &len);
    start = start_offset(luaL_optinteger(L, 3, 1), len);
    if (start == SIZE_MAX || do_match(L, box, s, len, start) == 0) {
        lua_pushnil(L);
        return 1;
    }
    return push_captures(L, box, s, regex_ovector(box->rx));
}

/* Lua: rx:find(s [, init]) -> start, end, captures... | nil */
static int l_find(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    size_t len, start;
    const size_t *ov;
    const char *s = luaL_checklstring(L, 2, &len);
    start = start_offset(luaL_optinteger(L, 3, 1), len);
    if (start == SIZE_MAX || do_match(L, box, s, len, start) == 0) {
        lua_pushnil(L);
        return 1;
    }
    ov = regex_ovector(box->rx);
    lua_pushinteger(L, (lua_Integer)ov[0] + 1);
    lua_pushinteger(L, (lua_Integer)ov[1]);
    if (regex_groups(box->rx) == 0)
        return 2;
    return 2 + push_captures(L, box, s, ov);
}

/* Lua: rx:exec(s [, init]) -> table | nil */
static int l_exec(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    size_t len, start;
    const char *s = luaL_checklstring(L, 2, &len);
    start = start_offset(luaL_optinteger(L, 3, 1), len);
    if (start == SIZE_MAX || do_match(L, box, s, len, start) == 0) {
        lua_pushnil(L);
        return 1;
    }
    push_exec(L, box, s, regex_ovector(box->rx));
    return 1;
}

/* Bytes of the UTF-8 sequence starting at s[i] (1 for an invalid byte). */
static size_t char_len(const char *s, size_t len, size_t i)
{
    size_t n = 1;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xC0) {
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        while (n < want && i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
            n++;
    }
    return n;
}

/* The next match at or after *pos, skipping an empty match right where the
 * previous one ended (*last).  Returns do_match's count (0: no more). */
static int next_match(lua_State *L, RegexBox *box, const char *s, size_t len, size_t *pos, size_t *last)
{
    while (*pos <= len) {
        const size_t *ov;
        int n = do_match(L, box, s, len, *pos);
        if (n == 0)
            return 0;
        ov = regex_ovector(box->rx);
        if (ov[0] == ov[1] && ov[0] == *last) {
            if (ov[0] >= len)
                return 0;
            *pos = ov[0] + char_len(s, len, ov[0]);
            continue;
        }
        *pos = ov[1];
        *last = ov[1];
        return n;
    }
    return 0;
}

/* Iterator state in upvalues: 1 the Regex, 2 the subject, 3 position, 4 last
 * match end (-1: none), 5 true for exec tables. */
static int gmatch_aux(lua_State *L)
{
    RegexBox *box = lua_touserdata(L, lua_upvalueindex(1));
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer li = lua_tointeger(L, lua_upvalueindex(4));
    size_t last = li < 0 ? SIZE_MAX : (size_t)li;
    const size_t *ov;
    if (!box->rx)
        return luaL_error(L, "the pattern was freed");
    if (pos > len || next_match(L, box, s, len, &pos, &last) == 0) {
        lua_pushinteger(L, (lua_Integer)len + 1);
        lua_replace(L, lua_upvalueindex(3));
        return 0;
    }
    lua_pushinteger(L, (lua_Integer)pos);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushinteger(L, (lua_Integer)last);
    lua_replace(L, lua_upvalueindex(4));
    ov = regex_ovector(box->rx);
    if (lua_toboolean(L, lua_upvalueindex(5))) {
        push_exec(L, box, s, ov);
        return 1;
    }
    return push_captures(L, box, s, ov);
}

static int make_iterator(lua_State *L, int exec)
{
    size_t len, start;
    check_rx(L, 1);
    luaL_checklstring(L, 2, &len);
    start = start_offset(luaL_optinteger(L, 3, 1), len);
    lua_settop(L, 2);
    lua_pushinteger(L, start == SIZE_MAX ? (lua_Integer)len + 1 : (lua_Integer)start);
    lua_pushinteger(L, -1);
    lua_pushboolean(L, exec);
    lua_pushcclosure(L, gmatch_aux, 5);
    return 1;
}

/* Lua: rx:gmatch(s [, init]) -> iterator over the captures of each match */
static int l_gmatch(lua_State *L)
{
    return make_iterator(L, 0);
}

/* Lua: rx:gexec(s [, init]) -> iterator over the exec tables of each match */
static int l_gexec(lua_State *L)
{
    return make_iterator(L, 1);
}

/* Append the replacement template for the current match (offsets in ov). */
static void add_template(lua_State *L, luaL_Buffer *b, RegexBox *box, const char *s, const size_t *ov,
                         const char *t, size_t tlen)
{
    size_t i;
    int g = regex_groups(box->rx);
    for (i = 0; i < tlen; i++) {
        char c = t[i];
        int k = -1;
        if (c != '%') {
            luaL_addchar(b, c);
            continue;
        }
        if (++i >= tlen)
            luaL_error(L, "invalid replacement: '%%' at the end");
        c = t[i];
        if (c == '%') {
            luaL_addchar(b, '%');
            continue;
        }
        if (c >= '0' && c <= '9') {
            k = c - '0';
            if (k == 1 && g == 0)
                k = 0; /* %1 is the whole match when there are no groups, as in Lua */
            if (k > g)
                luaL_error(L, "invalid replacement: no group %d (the pattern has %d)", k, g);
        } else if (c == '{') {
            size_t e = i + 1;
            char name[64];
            int n, j;
            while (e < tlen && t[e] != '}')
                e++;
            if (e >= tlen || e - i - 1 == 0 || e - i - 1 >= sizeof name)
                luaL_error(L, "invalid replacement: malformed %%{name}");
            memcpy(name, t + i + 1, e - i - 1);
            name[e - i - 1] = '\0';
            n = regex_names(box->rx);
            for (j = 0; j < n; j++) {
                int grp = 0;
                if (strcmp(regex_name(box->rx, j, &grp), name) == 0) {
                    k = grp;
                    break;
                }
            }
            if (k < 0)
                luaL_error(L, "invalid replacement: no group named '%s'", name);
            i = e;
        } else {
            luaL_error(L, "invalid replacement: '%%%c' (use %%0-%%9, %%{name} or %%%%)", c);
        }
        if (ov[2 * k] != REGEX_UNSET)
            luaL_addlstring(b, s + ov[2 * k], ov[2 * k + 1] - ov[2 * k]);
    }
}

/* Lua: rx:gsub(s, repl [, n]) -> string, count
 * repl: a template ("%1", "%{name}", "%0" the whole match, "%%"), a table
 * (indexed by the first capture, or the whole match) or a function (called
 * with the captures); false or nil from a table or function keeps the match. */
static int l_gsub(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    size_t len, tlen = 0, pos = 0, last = SIZE_MAX, copied = 0;
    const char *s = luaL_checklstring(L, 2, &len);
    int rt = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, LUA_MAXINTEGER), count = 0;
    const char *t = NULL;
    size_t *saved;
    int g = regex_groups(box->rx);
    luaL_Buffer b;

    luaL_argexpected(L, rt == LUA_TSTRING || rt == LUA_TNUMBER || rt == LUA_TTABLE || rt == LUA_TFUNCTION, 3,
                     "string/function/table");
    if (rt == LUA_TSTRING || rt == LUA_TNUMBER)
        t = lua_tolstring(L, 3, &tlen);
    lua_settop(L, 3);
    /* The offsets are copied out before calling back into Lua: the function
     * may use this very pattern. */
    saved = lua_newuserdatauv(L, sizeof(size_t) * 2 * ((size_t)g + 1), 0); /* 4 */
    luaL_buffinit(L, &b);
    while (count < max && next_match(L, box, s, len, &pos, &last) > 0) {
        memcpy(saved, regex_ovector(box->rx), sizeof(size_t) * 2 * ((size_t)g + 1));
        luaL_addlstring(&b, s + copied, saved[0] - copied);
        if (t) {
            add_template(L, &b, box, s, saved, t, tlen);
        } else {
            int keep;
            if (rt == LUA_TFUNCTION) {
                int n;
                lua_pushvalue(L, 3);
                n = push_captures(L, box, s, saved);
                lua_call(L, n, 1);
            } else {
                push_group(L, s, saved, g > 0 ? 1 : 0, 0);
                lua_gettable(L, 3);
            }
            keep = !lua_toboolean(L, -1);
            if (keep) {
                lua_pop(L, 1);
                luaL_addlstring(&b, s + saved[0], saved[1] - saved[0]);
            } else if (!lua_isstring(L, -1)) {
                return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
            } else {
                luaL_addvalue(&b);
            }
        }
        copied = saved[1];
        count++;
    }
    luaL_addlstring(&b, s + copied, len - copied);
    luaL_pushresult(&b);
    lua_pushinteger(L, count);
    return 2;
}

/* Lua: rx:info() -> { pattern, flags, name, groups, names = { [group] = name }, jit, where } */
static int l_info(lua_State *L)
{
    RegexBox *box = check_rx(L, 1);
    int k, n = regex_names(box->rx);
    lua_createtable(L, 0, 7);
    lua_pushlstring(L, regex_pattern(box->rx), regex_pattern_len(box->rx));
    lua_setfield(L, -2, "pattern");
    lua_pushstring(L, regex_flags(box->rx));
    lua_setfield(L, -2, "flags");
    lua_pushstring(L, regex_label(box->rx));
    lua_setfield(L, -2, "name");
    lua_pushinteger(L, regex_groups(box->rx));
    lua_setfield(L, -2, "groups");
    lua_createtable(L, 0, n);
    for (k = 0; k < n; k++) {
        int grp = 0;
        const char *name = regex_name(box->rx, k, &grp);
        lua_pushstring(L, name);
        lua_rawseti(L, -2, grp);
    }
    lua_setfield(L, -2, "names");
    lua_pushboolean(L, regex_jit(box->rx));
    lua_setfield(L, -2, "jit");
    lua_getiuservalue(L, 1, 1);
    lua_setfield(L, -2, "where");
    return 1;
}

static int l_tostring(lua_State *L)
{
    RegexBox *box = luaL_checkudata(L, 1, API_REGEX);
    if (!box->rx)
        lua_pushliteral(L, "re(freed)");
    else
        lua_pushfstring(L, "re(/%s/%s)", regex_pattern(box->rx), regex_flags(box->rx));
    return 1;
}

static int l_gc(lua_State *L)
{
    RegexBox *box = luaL_checkudata(L, 1, API_REGEX);
    regex_free(box->rx);
    box->rx = NULL;
    return 0;
}

/* clang-format off */
static const luaL_Reg methods[] = {
    {"test", l_test}, {"match", l_match}, {"find", l_find}, {"exec", l_exec},
    {"gmatch", l_gmatch}, {"gexec", l_gexec}, {"gsub", l_gsub}, {"info", l_info},
    {NULL, NULL},
};

static const luaL_Reg meta[] = {
    {"__gc", l_gc}, {"__tostring", l_tostring}, {NULL, NULL},
};

static const luaL_Reg funcs[] = {
    {"compile", l_compile}, {"escape", l_escape}, {NULL, NULL},
};
/* clang-format on */

/* Create the Regex metatable in L's registry (once) and push the module. */
static void push_module(lua_State *L)
{
    luaL_checkstack(L, 4, NULL);
    if (luaL_newmetatable(L, API_REGEX)) {
        luaL_setfuncs(L, meta, 0);
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable"); /* rule files cannot reach the methods table */
    }
    lua_pop(L, 1);
    luaL_newlib(L, funcs);
}

void api_re_register(lua_State *L)
{
    push_module(L);
    lua_setfield(L, -2, "re");
}

/* [] -> [module], in the sandbox state, protected. */
static int define_body(lua_State *S)
{
    lua_pushboolean(S, 1);
    lua_rawsetp(S, LUA_REGISTRYINDEX, &key_sandboxed);
    push_module(S);
    return 1;
}

int api_re_define(Sandbox *sb, Diag *d)
{
    lua_State *S = sandbox_state(sb);
    if (!lua_checkstack(S, 3))
        return diag_set(d, NULL, 0, 0, "rule sandbox stack overflow");
    lua_pushcfunction(S, define_body);
    if (lua_pcall(S, 0, 1, 0) != LUA_OK) {
        lua_pop(S, 1);
        return diag_set(d, NULL, 0, 0, "cannot define 're' in the rule sandbox: out of memory");
    }
    sandbox_define(sb, "re");
    if (sandbox_dead(sb))
        return diag_set(d, NULL, 0, 0, "cannot define 're' in the rule sandbox: memory limit");
    return 0;
}

int api_re_copy(lua_State *to, lua_State *from, int idx)
{
    RegexBox *src = luaL_testudata(from, idx, API_REGEX);
    const char *where = NULL;
    Diag d;
    if (!src || !src->rx)
        return 0;
    if (!lua_checkstack(from, 2))
        luaL_error(to, "rule sandbox stack overflow");
    if (lua_getiuservalue(from, idx, 1) == LUA_TSTRING)
        where = lua_tostring(from, -1);
    /* The strings stay alive in `from` while `to` compiles its own copy. */
    if (!push_regex(to, regex_pattern(src->rx), regex_pattern_len(src->rx), regex_flags(src->rx),
                    src->named ? regex_label(src->rx) : NULL, where, &d)) {
        lua_pop(from, 1);
        luaL_error(to, "%s", d.msg);
    }
    lua_pop(from, 1);
    return 1;
}
