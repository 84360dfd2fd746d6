/* fuzz_patterns.c — the sandbox's own Lua pattern matcher (sandbox.c),
 * differentially against Lua's: string.find/match/gmatch/gsub with a
 * subject and pattern from the input must give the same results and the
 * same error messages.  Inputs are kept small, and patterns to at most four
 * quantifiers, so that Lua's own (unbounded) matcher stays quick. */
#include "fuzz_util.h"

#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"

static lua_State *R, *S;
static Sandbox *sb;

/* Append text to out (size bytes, NUL-terminated), cut when full. */
static void put(char *out, size_t size, const char *s, size_t n)
{
    size_t k = strlen(out);
    if (k + 1 >= size)
        return;
    if (n > size - 1 - k)
        n = size - 1 - k;
    memcpy(out + k, s, n);
    out[k + n] = '\0';
}

/* The values above base, as text. */
static void describe(lua_State *L, int base, char *out, size_t size)
{
    int i, top = lua_gettop(L);
    char tag[64];
    for (i = base + 1; i <= top; i++) {
        size_t len;
        const char *s;
        switch (lua_type(L, i)) {
        case LUA_TSTRING:
            s = lua_tolstring(L, i, &len);
            snprintf(tag, sizeof tag, "s%zu:", len);
            put(out, size, tag, strlen(tag));
            put(out, size, s, len);
            break;
        case LUA_TNUMBER:
            snprintf(tag, sizeof tag, "n%s", lua_tostring(L, i));
            put(out, size, tag, strlen(tag));
            break;
        default:
            put(out, size, luaL_typename(L, i), strlen(luaL_typename(L, i)));
        }
        put(out, size, ",", 1);
    }
}

/* string.<fn>(s, p, extra...) in L: the results or the error, as text in
 * out.  (A C buffer: a luaL_Buffer must not share the stack with the values
 * the iterator pushes.) */
static void call(lua_State *L, const char *fn, const char *s, size_t ls, const char *p, size_t lp,
                 int arg, int *out_ok, char *out, size_t outsz)
{
    int base = lua_gettop(L), st, n = 2;
    out[0] = '\0';
    lua_getglobal(L, "string");
    lua_getfield(L, -1, fn);
    lua_remove(L, -2);
    lua_pushlstring(L, s, ls);
    lua_pushlstring(L, p, lp);
    if (strcmp(fn, "gsub") == 0) {
        lua_pushliteral(L, "<%0>");
        n++;
    }
    if (arg) {
        lua_pushinteger(L, arg);
        n++;
    }
    st = lua_pcall(L, n, LUA_MULTRET, 0);
    if (st != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        put(out, outsz, m, strlen(m));
        *out_ok = 0;
    } else if (strcmp(fn, "gmatch") == 0) {
        int it = base + 1, k;
        *out_ok = 1;
        for (k = 0; k < 20; k++) {
            int top = lua_gettop(L);
            lua_pushvalue(L, it);
            if (lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
                const char *m = lua_tostring(L, -1);
                put(out, outsz, "error:", 6);
                put(out, outsz, m, strlen(m));
                lua_settop(L, top);
                break;
            }
            if (lua_gettop(L) == top || lua_isnil(L, top + 1)) {
                lua_settop(L, top);
                break;
            }
            describe(L, top, out, outsz);
            lua_settop(L, top);
        }
    } else {
        *out_ok = 1;
        describe(L, base, out, outsz);
    }
    lua_settop(L, base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const fns[] = {"find", "match", "gmatch", "gsub"};
    const char *s, *p, *fn;
    size_t ls, lp, i, quant = 0;
    int arg, ok1, ok2;
    char a[8192], b[8192];
    if (!R) {
        SandboxOptions o;
        Diag d;
        memset(&o, 0, sizeof o);
        R = luaL_newstate();
        luaL_openlibs(R);
        sb = sandbox_new(&o, &d);
        if (!sb)
            fuzz_fail("%s", d.msg);
        S = sandbox_state(sb);
    }
    if (size < 3 || size > 100)
        return 0;
    fn = fns[data[0] & 3];
    arg = (int)(data[0] >> 2) % 16 - 8;
    ls = data[1] % (size - 2);
    if (ls > 64)
        ls = 64;
    s = (const char *)data + 2;
    p = s + ls;
    lp = size - 2 - ls;
    for (i = 0; i < lp; i++)
        quant += p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?';
    if (quant > 4 || lp > 32)
        return 0;
    call(R, fn, s, ls, p, lp, arg, &ok1, a, sizeof a);
    call(S, fn, s, ls, p, lp, arg, &ok2, b, sizeof b);
    if (ok1 != ok2 || strcmp(a, b) != 0)
        fuzz_fail("string.%s(%d-byte subject, \"%.*s\"): Lua [%s], sandbox [%s]", fn, (int)ls, (int)lp,
                  p, a, b);
    return 0;
}
