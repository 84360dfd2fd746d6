/* test_hostile.c — every hostile rule file of tests/hostile/rules/, loaded
 * one after another in ONE process through the API commands use
 * (chiso.rules): each must fail with its expected "FILE:LINE: message"
 * (written in the file as "-- expect: LINE: message"), within the time
 * limit, with the process's memory bounded; afterwards the same process
 * still loads and scores a normal methodology, and the libraries every rule
 * file shares are intact.  Also the CPU-time backstop, on work no count
 * sees.
 *
 * CHISO_TIME_SCALE (a number, default 1) stretches the 2 s limit for slow
 * runs (valgrind).
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "api.h"
#include "sandbox.h"

static const char script[] =
    "local dir, limit = ...\n"
    "local names = {}\n"
    "for _, f in ipairs(chiso.listdir(dir)) do\n"
    "  if f:match('%.lua$') then names[#names + 1] = f end\n"
    "end\n"
    "table.sort(names)\n"
    "assert(#names >= 50, 'hostile corpus too small: ' .. #names)\n"
    "local slowest, slowest_t = nil, 0\n"
    "for _, f in ipairs(names) do\n"
    "  local path = dir .. '/' .. f\n"
    "  local h = assert(io.open(path))\n"
    "  local text = h:read('a')\n"
    "  h:close()\n"
    "  local line, msg = text:match('\\n%-%- expect: (%d+): ([^\\n]+)')\n"
    "  assert(line, path .. ': no \"-- expect: LINE: message\" line')\n"
    "  local want = path .. ':' .. line .. ': ' .. msg\n"
    "  local t0 = chiso_now()\n"
    "  local ok, err = pcall(chiso.rules, path, { roots = { chiso.home .. '/rules' } })\n"
    "  local dt = chiso_now() - t0\n"
    "  assert(not ok, path .. ': loaded, expected an error')\n"
    "  err = tostring(err)\n"
    "  assert(err:sub(1, #want) == want, path .. ':\\n  expected ' .. want .. '\\n  got      ' .. err)\n"
    "  assert(dt < limit, string.format('%s: %.2f s, over %.1f s', path, dt, limit))\n"
    "  if dt > slowest_t then slowest, slowest_t = f, dt end\n"
    "end\n"
    "-- still usable: the libraries are intact, a normal file loads and scores\n"
    "assert(string.upper('abc') == 'ABC' and math.floor(2.5) == 2)\n"
    "local home = chiso.home\n"
    "local m = chiso.rules(home .. '/rules/provinces/camau-2013.lua', { roots = { home .. '/rules' } })\n"
    "local d = chiso.read(home .. '/tests/fixtures/rules_data/camau_2013.csv')\n"
    "local s = m:score(d)\n"
    "assert(s:units() == #d, 'every unit scored')\n"
    "assert(s:get(m:nodes()[1].code, 1, 'percent') == 100, 'Sở A scores 100%')\n"
    "return #names, slowest, slowest_t\n";

static int l_now(lua_State *L)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
    return 1;
}

/* AddressSanitizer builds run the interpreter about twice as slowly. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_SLOWDOWN 2.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_SLOWDOWN 2.0
#endif
#endif
#ifndef SANITIZER_SLOWDOWN
#define SANITIZER_SLOWDOWN 1.0
#endif

static double time_scale(void)
{
    const char *s = getenv("CHISO_TIME_SCALE");
    double v = s ? atof(s) : 1.0;
    return (v >= 1.0 ? v : 1.0) * SANITIZER_SLOWDOWN;
}

static void test_corpus_in_one_process(void **state)
{
    lua_State *L = luaL_newstate();
    struct rusage ru;
    (void)state;
    assert_non_null(L);
    luaL_openlibs(L);
    luaL_requiref(L, "chiso", luaopen_chiso, 1);
    lua_pushstring(L, CHISO_SRC_DIR);
    lua_setfield(L, -2, "home");
    lua_pop(L, 1);
    lua_register(L, "chiso_now", l_now);
    if (luaL_loadbuffer(L, script, sizeof script - 1, "=hostile") != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    lua_pushstring(L, CHISO_SRC_DIR "/tests/hostile/rules");
    lua_pushnumber(L, 2.0 * time_scale());
    if (lua_pcall(L, 2, 3, 0) != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    print_message("  %d hostile rule files in one process; slowest %s, %.3f s\n",
                  (int)lua_tointeger(L, -3), lua_tostring(L, -2), lua_tonumber(L, -1));
    lua_close(L);
    /* every sandbox had a 64 MiB cap; the process never held much more */
    getrusage(RUSAGE_SELF, &ru);
    print_message("  peak resident memory %ld MiB\n", ru.ru_maxrss / 1024);
#if defined(__SANITIZE_ADDRESS__)
    ru.ru_maxrss = 0; /* AddressSanitizer's shadow and quarantine: no measure */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    ru.ru_maxrss = 0;
#endif
#endif
    if (ru.ru_maxrss > 200L * 1024 && time_scale() == 1.0)
        fail_msg("peak resident memory %ld KiB", ru.ru_maxrss);
}

/* Work no instruction count or allocation shows (long strings compared
 * without end) meets the CPU-time backstop. */
static void test_cpu_backstop(void **state)
{
    static const char code[] = "local a, b = string.rep('a', 1 << 22), string.rep('a', 1 << 22)\n"
                               "while true do local _ = a == b end\n";
    SandboxOptions o;
    Diag d;
    Sandbox *sb;
    struct timespec t0, t1;
    double dt;
    char want[96];
    (void)state;
    memset(&o, 0, sizeof o);
    /* stretched under valgrind, where line 1 alone can take 0.3 s */
    o.seconds = 0.3 * time_scale();
    snprintf(want, sizeof want, "cmp.lua:2: time limit exceeded (%g s of CPU time)", o.seconds);
    sb = sandbox_new(&o, &d);
    assert_non_null(sb);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(sandbox_run_code(sb, "@cmp.lua", code, sizeof code - 1, 0, &d), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_string_equal(d.msg, want);
    assert_true(sandbox_dead(sb));
    print_message("  stopped after %.2f s\n", dt);
    if (dt > o.seconds + 2.0 * time_scale())
        fail_msg("took %.2f s", dt);
    sandbox_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_in_one_process),
        cmocka_unit_test(test_cpu_backstop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
