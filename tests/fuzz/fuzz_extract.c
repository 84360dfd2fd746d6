/* fuzz_extract.c — the text extractor: PCRE2 patterns (regex.c) compiled
 * from the input and matched, then the extraction of index figures from the
 * input as news text, with the shipped rules (rules/extract/vi.lua, run in
 * the rule sandbox).  Invariants: a compiled pattern matches or says why it
 * stopped (a limit) with offsets inside the subject; extraction of valid
 * UTF-8 text returns rows or raises nothing but its own "FILE:LINE:"
 * messages. */
#include "fuzz_util.h"

#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "api.h"
#include "regex.h"
#include "text.h"

static lua_State *L;

static const char driver[] =
    "local home = ...\n"
    "package.path = home .. '/scripts/lib/?.lua'\n"
    "local ex = require('extract').load()\n"
    "return function(text)\n"
    "  local ok, err = pcall(ex.text, ex, text, 'fuzz.txt')\n"
    "  if not ok and type(err) == 'string' and not err:find('^[^:]+:%d+:') then\n"
    "    error(err, 0)\n"
    "  end\n"
    "end\n";

static void setup(void)
{
    L = luaL_newstate();
    luaL_openlibs(L);
    luaL_requiref(L, "chiso", luaopen_chiso, 1);
    lua_pushstring(L, CHISO_SRC_DIR);
    lua_setfield(L, -2, "home");
    lua_pushliteral(L, "0");
    lua_setfield(L, -2, "version");
    lua_pop(L, 1);
    if (luaL_loadbuffer(L, driver, sizeof driver - 1, "=fuzz_extract") != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_pushstring(L, CHISO_SRC_DIR);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_setglobal(L, "fuzz_one");
}

static void fuzz_regex(const uint8_t *data, size_t size)
{
    static const char *const flags[] = {NULL, "i", "m", "s", "x", "is"};
    static const char subject[] = "Lạng Sơn xếp thứ 27/63, đạt 87,57 điểm (năm 2023); aaaaaaaaaaaaaaaaaaaaaaa!";
    const char *pat = (const char *)data + 1;
    size_t plen = size - 1, start;
    Diag d;
    Regex *rx;
    int n, k;
    rx = regex_compile(pat, plen, flags[data[0] % 6], (data[0] >> 3) & 1, "fuzz", NULL, &d);
    if (!rx)
        return;
    for (start = 0; start <= sizeof subject - 1; start += 17) {
        n = regex_match(rx, subject, sizeof subject - 1, start, data[0] >> 5 & 3, &d);
        if (n > 0) {
            const size_t *ov = regex_ovector(rx);
            for (k = 0; k < n; k++)
                if (ov[2 * k] != REGEX_UNSET &&
                    (ov[2 * k] > ov[2 * k + 1] || ov[2 * k + 1] > sizeof subject - 1))
                    fuzz_fail("group %d outside the subject", k);
        }
    }
    (void)regex_match(rx, pat, plen, 0, 0, &d);
    regex_free(rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!L)
        setup();
    if (size < 1 || size > 8192)
        return 0;
    fuzz_regex(data, size);
    if (utf8_check((const char *)data, size, NULL) != 0)
        return 0;
    lua_getglobal(L, "fuzz_one");
    lua_pushlstring(L, (const char *)data, size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_gc(L, LUA_GCSTEP, 0);
    return 0;
}
