/* test_patterns.c — the sandbox's own Lua pattern matcher (sandbox.c)
 * against Lua's: string.find/match/gmatch/gsub on random subjects and
 * random patterns (well-formed or not) must give the same results and the
 * same error messages; and the work a pattern does is charged, so that
 * backtracking patterns end with "instruction budget exceeded" in bounded
 * time, pcall or not.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"

#define RANDOM_CASES 30000

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (unsigned)(z % n);
}

/* Append the values on top of L (n of them) as text to out. */
static void describe(lua_State *L, int n, char *out, size_t size)
{
    int i;
    size_t k = strlen(out);
    for (i = -n; i < 0; i++) {
        size_t len;
        const char *s;
        switch (lua_type(L, i)) {
        case LUA_TSTRING:
            s = lua_tolstring(L, i, &len);
            k += (size_t)snprintf(out + k, size - k, "s%zu:", len);
            if (k + len < size) {
                memcpy(out + k, s, len);
                k += len;
                out[k] = '\0';
            }
            break;
        case LUA_TNUMBER:
            k += (size_t)snprintf(out + k, size - k, "n%s", lua_tostring(L, i));
            break;
        default:
            k += (size_t)snprintf(out + k, size - k, "%s", luaL_typename(L, i));
        }
        if (k + 2 < size)
            out[k++] = ',', out[k] = '\0';
        if (k >= size - 1)
            return;
    }
}

/* Call string.<fn>(args) in L: the results (or error) as text. */
static void call_string(lua_State *L, const char *fn, const char *s, size_t ls, const char *p,
                        size_t lp, int nextra, const lua_Integer *extra, const char *repl,
                        char *out, size_t size)
{
    int base = lua_gettop(L), i, nargs = 2, st;
    out[0] = '\0';
    lua_getglobal(L, "string");
    lua_getfield(L, -1, fn);
    lua_remove(L, -2);
    lua_pushlstring(L, s, ls);
    lua_pushlstring(L, p, lp);
    if (repl) {
        lua_pushstring(L, repl);
        nargs++;
    }
    for (i = 0; i < nextra; i++, nargs++)
        lua_pushinteger(L, extra[i]);
    st = lua_pcall(L, nargs, LUA_MULTRET, 0);
    if (st != LUA_OK) {
        snprintf(out, size, "error:%s", lua_tostring(L, -1));
        lua_settop(L, base);
        return;
    }
    if (strcmp(fn, "gmatch") == 0) {
        /* run the iterator to the end (at most 50 matches) */
        int it = lua_gettop(L), round;
        for (round = 0; round < 50; round++) {
            int top = lua_gettop(L), got;
            lua_pushvalue(L, it);
            if (lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
                size_t k = strlen(out);
                snprintf(out + k, size - k, "error:%s", lua_tostring(L, -1));
                break;
            }
            got = lua_gettop(L) - top;
            if (got == 0 || lua_isnil(L, top + 1))
                break;
            describe(L, got, out, size);
            lua_settop(L, top);
        }
    } else {
        describe(L, lua_gettop(L) - base, out, size);
    }
    lua_settop(L, base);
}

static const char *const TOKENS[] = {
    "a", "b", "x", " ", ".", "%a", "%d", "%w", "%s", "%p", "%A", "%S", "[ab]", "[^a]", "[a-c]",
    "[%d ]", "[]]", "[^]a]", "(", ")", "()", "*", "+", "-", "?", "^", "$", "%b()", "%bab",
    "%f[%w]", "%f[%W]", "%1", "%2", "%%", "%.", "%(", "[", "]", "%", "%f", "%b", "%z", "\0",
};
static const char SUBJECT_CHARS[] = "abx  (())..%%12-[]";

static void random_case(char *s, size_t *ls, char *p, size_t *lp)
{
    size_t n = rnd(14), i, k = 0;
    for (i = 0; i < n; i++)
        s[i] = i % 7 == 6 && rnd(9) == 0 ? '\0' : SUBJECT_CHARS[rnd(sizeof SUBJECT_CHARS - 1)];
    *ls = n;
    n = 1 + rnd(7);
    for (i = 0; i < n; i++) {
        const char *t = TOKENS[rnd(sizeof TOKENS / sizeof TOKENS[0])];
        size_t tl = *t ? strlen(t) : 1;
        memcpy(p + k, t, tl);
        k += tl;
    }
    *lp = k;
}

static void test_same_as_lua(void **state)
{
    SandboxOptions o;
    Diag d;
    Sandbox *sb;
    lua_State *R = luaL_newstate(), *S;
    long cases = 0;
    int i;
    (void)state;
    memset(&o, 0, sizeof o);
    sb = sandbox_new(&o, &d);
    assert_non_null(sb);
    S = sandbox_state(sb);
    luaL_openlibs(R);
    for (i = 0; i < RANDOM_CASES; i++) {
        char s[32], p[64], a[4096], b[4096];
        size_t ls, lp;
        lua_Integer extra[2];
        static const char *const fns[] = {"find", "match", "gmatch", "gsub"};
        const char *fn = fns[rnd(4)];
        const char *repl = NULL;
        int nextra = 0;
        random_case(s, &ls, p, &lp);
        if (strcmp(fn, "gsub") == 0) {
            static const char *const repls[] = {"<%0>", "[%1]", "%2%1", "-", "%%", "%x", ""};
            repl = repls[rnd(7)];
            if (rnd(3) == 0)
                extra[nextra++] = (lua_Integer)rnd(4);
        } else if (rnd(2)) {
            extra[nextra++] = (lua_Integer)rnd(20) - 10;
            if (strcmp(fn, "find") == 0 && rnd(3) == 0)
                extra[nextra++] = 1; /* plain */
        }
        call_string(R, fn, s, ls, p, lp, nextra, extra, repl, a, sizeof a);
        call_string(S, fn, s, ls, p, lp, nextra, extra, repl, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("string.%s(\"%.*s\", \"%.*s\"%s%s): Lua gives [%s], the sandbox [%s]", fn,
                     (int)ls, s, (int)lp, p, repl ? ", " : "", repl ? repl : "", a, b);
        cases++;
    }
    print_message("  %ld random calls agree with Lua\n", cases);
    lua_close(R);
    sandbox_free(sb);
}

/* Calls with function and table replacements, through a rule file. */
static void test_replacements(void **state)
{
    static const char code[] =
        "local r = {}\n"
        "r[1] = select(1, string.gsub('hello world', '%w+', function(w) return w:upper() end))\n"
        "r[2] = select(1, string.gsub('$a $b $c', '%$(%w)', { a = 1, b = false }))\n"
        "r[3] = select(1, ('abc'):gsub('', '-'))\n"
        "r[4] = select(1, string.gsub('x = 1', '()=()', '%1|%2'))\n"
        "local n = 0 for a, b in ('k1=v1;k2=v2'):gmatch('(%w+)=(%w+)') do n = n + #a + #b end\n"
        "r[5] = n\n"
        "r[6] = select(2, pcall(string.gsub, 'a', 'a', function() return {} end))\n"
        "r[7] = tostring(string.find('a+b', '+', 1, true))\n"
        "local t = {} for w in ('one two'):gmatch('%a+', 4) do t[#t + 1] = w end\n"
        "r[8] = table.concat(t, ',')\n"
        "return table.concat(r, '\\n')\n";
    static const char want[] = "HELLO WORLD\n1 $b $c\n-a-b-c-\nx 3|4 1\n8\n"
                               "invalid replacement value (a table)\n2\ntwo";
    SandboxOptions o;
    Diag d;
    Sandbox *sb;
    (void)state;
    memset(&o, 0, sizeof o);
    sb = sandbox_new(&o, &d);
    assert_non_null(sb);
    if (sandbox_run_code(sb, "=repl", code, sizeof code - 1, 0, &d) != 0)
        fail_msg("%s", d.msg);
    assert_string_equal(lua_tostring(sandbox_state(sb), -1), want);
    lua_pop(sandbox_state(sb), 1);
    sandbox_free(sb);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Backtracking patterns stop at the budget, quickly, pcall or not. */
static void test_budget(void **state)
{
    static const char *const codes[] = {
        "return string.find(string.rep('a', 20000), '.-.-.-.-b')",
        "return pcall(string.match, string.rep('a', 5000), '(.-)(.-)(.-)(.-)$x')",
        "return select(2, string.gsub(string.rep('a', 3000), 'a-a-a-a-b', ''))",
        "for x in string.gmatch(string.rep('ab', 5000), '(a*.-)*b*c') do end",
        "return string.find(string.rep('a', 1000000), string.rep('a', 50000) .. 'b', 1, true)",
        "return string.find(string.rep('a', 200000), '[' .. string.rep('b', 20000) .. 'a]+c')",
        "return string.match(string.rep('(', 100000), '%b()%b()%b()x')",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        SandboxOptions o;
        Diag d;
        Sandbox *sb;
        double t0 = now_seconds(), dt;
        memset(&o, 0, sizeof o);
        o.instructions = 5000000;
        sb = sandbox_new(&o, &d);
        assert_non_null(sb);
        if (sandbox_run_code(sb, "@pattern.lua", codes[i], strlen(codes[i]), 0, &d) == 0)
            fail_msg("case %zu: expected the budget to run out", i);
        dt = now_seconds() - t0;
        assert_contains(d.msg, "pattern.lua:1: instruction budget exceeded");
        print_message("  case %zu stopped in %.3f s\n", i, dt);
        if (dt > 2.0)
            fail_msg("case %zu took %.2f s", i, dt);
        sandbox_free(sb);
    }
}

/* What rule files print is the same from run to run. */
static void test_stable_tostring(void **state)
{
    static const char code[] =
        "local t, u = {}, {}\n"
        "local f = function() end\n"
        "local s = tostring(t) .. ' ' .. tostring(u) .. ' ' .. tostring(t) .. ' ' ..\n"
        "  tostring(f) .. ' ' .. tostring(print) .. ' ' .. string.format('%s %5s', t, 1)\n"
        "local mt = setmetatable({}, { __tostring = function() return 'custom' end })\n"
        "local named = setmetatable({}, { __name = 'Thing' })\n"
        "s = s .. ' ' .. tostring(mt) .. ' ' .. tostring(named) .. ' ' .. tostring(coroutine.create(f))\n"
        "s = s .. ' ' .. tostring(pcall(string.format, '%p', t))\n"
        "return s\n";
    static const char want[] = "table: #1 table: #2 table: #1 function: #3 (x.lua:2) "
                               "function: #4 (builtin) table: #1     1 custom Thing: #5 thread: #6 "
                               "false";
    int round;
    (void)state;
    for (round = 0; round < 2; round++) {
        SandboxOptions o;
        Diag d;
        Sandbox *sb;
        memset(&o, 0, sizeof o);
        sb = sandbox_new(&o, &d);
        assert_non_null(sb);
        if (sandbox_run_code(sb, "@x.lua", code, sizeof code - 1, 0, &d) != 0)
            fail_msg("%s", d.msg);
        assert_string_equal(lua_tostring(sandbox_state(sb), -1), want);
        lua_pop(sandbox_state(sb), 1);
        sandbox_free(sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_lua),
        cmocka_unit_test(test_replacements),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_stable_tostring),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
