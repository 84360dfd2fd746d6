/* test_sandbox.c — the rule sandbox (sandbox.c) and its script-side bindings
 * (api_sandbox.c, api_dump.c).
 *
 * Every case runs fixtures from tests/fixtures/rules/ in this one process,
 * one after another: after a sandbox hits a limit it must report dead, and a
 * fresh sandbox must still work.  Limit cases use small budgets so that each
 * finishes well under LIMIT_SECONDS even under valgrind.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "api.h"
#include "sandbox.h"

#define RULES "tests/fixtures/rules"
#define FIXTURE(name) SRC(RULES "/" name)
#define LIMIT_SECONDS 2.0
#define TEST_INSTRUCTIONS 1000000LL
#define TEST_MIB 8

static const char *const test_roots[] = {SRC(RULES), NULL};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static Sandbox *new_sandbox(long long instructions, size_t mib, unsigned long long seed)
{
    SandboxOptions o;
    Diag d;
    Sandbox *sb;
    memset(&o, 0, sizeof o);
    o.instructions = instructions;
    o.memory_mib = mib;
    o.roots = test_roots;
    o.seed = seed;
    sb = sandbox_new(&o, &d);
    if (!sb)
        fail_msg("sandbox_new: %s", d.msg);
    return sb;
}

/* Engine definitions the fixtures use: steps (a number) and vocab (a table
 * with a nested table), as sandbox_define would give them. */
static void define_engine_values(Sandbox *sb)
{
    lua_State *S = sandbox_state(sb);
    lua_pushinteger(S, 7);
    sandbox_define(sb, "steps");
    lua_createtable(S, 0, 2);
    lua_pushinteger(S, 1);
    lua_setfield(S, -2, "version");
    lua_createtable(S, 0, 1);
    lua_pushinteger(S, 80);
    lua_setfield(S, -2, "A");
    lua_setfield(S, -2, "groups");
    sandbox_define(sb, "vocab");
}

static void free_sandbox(Sandbox *sb)
{
    assert_int_equal(lua_gettop(sandbox_state(sb)), 0); /* stack balance */
    sandbox_free(sb);
}

/* A fresh sandbox still runs a rule file (nothing global was broken). */
static void assert_engine_usable(void)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    Diag d;
    lua_State *S = sandbox_state(sb);
    if (sandbox_dofile(sb, FIXTURE("ok_number.lua"), &d) != 0)
        fail_msg("fresh sandbox failed: %s", d.msg);
    assert_int_equal(lua_tointeger(S, -1), 42);
    lua_pop(S, 1);
    assert_false(sandbox_dead(sb));
    free_sandbox(sb);
}

/* Run fixture `name` expecting failure with exactly PATH + suffix. */
static void expect_message(Sandbox *sb, const char *name, const char *suffix)
{
    char path[1024], want[2048];
    Diag d;
    snprintf(path, sizeof path, "%s/%s", SRC(RULES), name);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    if (sandbox_dofile(sb, path, &d) == 0)
        fail_msg("%s: expected an error, got success", name);
    if (strcmp(d.msg, want) != 0)
        fail_msg("%s:\n  expected \"%s\"\n  got      \"%s\"", name, want, d.msg);
}

/* Run a fixture in its own sandbox, expecting PATH + suffix. */
static void expect_error_alone(const char *name, const char *suffix)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    define_engine_values(sb);
    expect_message(sb, name, suffix);
    assert_false(sandbox_dead(sb));
    free_sandbox(sb);
}

/* Run a limit fixture: exact message, dead afterwards, quick, and the engine
 * still usable. */
static void expect_limit(const char *name, const char *suffix, long long instructions,
                         size_t mib)
{
    Sandbox *sb = new_sandbox(instructions, mib, 0);
    double t0 = now_seconds(), dt;
    Diag d;
    expect_message(sb, name, suffix);
    dt = now_seconds() - t0;
    print_message("  %-28s %.3f s\n", name, dt);
    if (dt >= LIMIT_SECONDS)
        fail_msg("%s took %.2f s", name, dt);
    assert_true(sandbox_dead(sb));
    /* A dead sandbox refuses at once. */
    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_number.lua"), &d), -1);
    assert_contains(d.msg, "not run: the rule sandbox stopped after an earlier error");
    free_sandbox(sb);
    assert_engine_usable();
}

/* ------------------------------------------------------------------------ */
/* Rule files that work                                                     */

static void test_ok_values(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_number.lua"), &d), 0);
    assert_true(lua_isinteger(S, -1));
    assert_int_equal(lua_tointeger(S, -1), 42);
    lua_pop(S, 1);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_float.lua"), &d), 0);
    assert_false(lua_isinteger(S, -1));
    assert_true(lua_tonumber(S, -1) == 2.0);
    lua_pop(S, 1);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_string.lua"), &d), 0);
    assert_string_equal(lua_tostring(S, -1), "Chỉ số CCHC");
    lua_pop(S, 1);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_nothing.lua"), &d), 0);
    assert_true(lua_isnil(S, -1));
    lua_pop(S, 1);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_table.lua"), &d), 0);
    assert_true(lua_istable(S, -1));
    lua_getfield(S, -1, "code");
    assert_string_equal(lua_tostring(S, -1), "PAR2017");
    lua_getfield(S, -2, "areas");
    lua_rawgeti(S, -1, 2);
    lua_getfield(S, -1, "max");
    assert_true(lua_tonumber(S, -1) == 15.5);
    lua_pop(S, 5);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_function.lua"), &d), 0);
    lua_getfield(S, -1, "add");
    assert_true(lua_isfunction(S, -1));
    lua_pop(S, 2);

    assert_true(sandbox_memory(sb) > 0);
    free_sandbox(sb);
}

static void test_sandbox_call(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_function.lua"), &d), 0);
    lua_getfield(S, -1, "add");
    lua_pushinteger(S, 2);
    lua_pushinteger(S, 40);
    assert_int_equal(sandbox_call(sb, 2, 1, &d), 0);
    assert_int_equal(lua_tointeger(S, -1), 42);
    lua_pop(S, 1);

    lua_getfield(S, -1, "fail");
    lua_pushinteger(S, 7);
    assert_int_equal(sandbox_call(sb, 1, 1, &d), -1);
    assert_string_equal(d.msg, FIXTURE("ok_function.lua") ":6: bad input 7");
    assert_int_equal(lua_gettop(S), 1); /* as before the function was pushed */

    lua_getfield(S, -1, "echo");
    lua_pushinteger(S, 1);
    lua_pushstring(S, "two");
    assert_int_equal(sandbox_call(sb, 2, LUA_MULTRET, &d), 0);
    assert_int_equal(lua_gettop(S), 3);
    lua_pop(S, 2);

    lua_getfield(S, -1, "spin");
    assert_int_equal(sandbox_call(sb, 0, 0, &d), -1);
    assert_string_equal(d.msg, FIXTURE("ok_function.lua") ":9: instruction budget exceeded");
    assert_true(sandbox_dead(sb));
    assert_int_equal(lua_gettop(S), 1);

    lua_getfield(S, -1, "add");
    lua_pushinteger(S, 1);
    lua_pushinteger(S, 1);
    assert_int_equal(sandbox_call(sb, 2, 1, &d), -1);
    assert_contains(d.msg, "not run");
    lua_pop(S, 1);
    free_sandbox(sb);
    assert_engine_usable();
}

static void test_require(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    int run;
    (void)state;

    for (run = 0; run < 2; run++) { /* the second file gets the cached module */
        assert_int_equal(sandbox_dofile(sb, FIXTURE("require_ok.lua"), &d), 0);
        lua_getfield(S, -1, "same");
        assert_true(lua_toboolean(S, -1));
        lua_getfield(S, -2, "double");
        assert_int_equal(lua_tointeger(S, -1), 42);
        lua_getfield(S, -3, "loads");
        assert_int_equal(lua_tointeger(S, -1), 1); /* the module ran once */
        lua_pop(S, 4);
    }

    free_sandbox(sb);
}

static void test_require_errors(void **state)
{
    char want[2048];
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    Diag d;
    (void)state;

    /* Errors inside a module are reported at the module's own file:line. */
    assert_int_equal(sandbox_dofile(sb, FIXTURE("require_broken.lua"), &d), -1);
    assert_string_equal(d.msg, FIXTURE("lib/broken.lua") ":3: helper failed on purpose");
    assert_int_equal(sandbox_dofile(sb, FIXTURE("require_syntax.lua"), &d), -1);
    assert_contains(d.msg, FIXTURE("lib/syntax.lua") ":3: '}' expected");
    assert_int_equal(sandbox_dofile(sb, FIXTURE("require_cycle.lua"), &d), -1);
    assert_contains(d.msg, "circular require");

    expect_message(sb, "require_dotdot.lua",
                   ":1: module '../x' not found: module names are dotted identifiers "
                   "such as 'lib.helpers'");
    expect_message(sb, "require_abs.lua",
                   ":1: module '/etc/passwd' not found: module names are dotted "
                   "identifiers such as 'lib.helpers'");
    snprintf(want, sizeof want, ":2: module 'lib.nope' not found under %s/ (looked for %s/lib/nope.lua)",
             SRC(RULES), SRC(RULES));
    expect_message(sb, "require_missing.lua", want);
    assert_false(sandbox_dead(sb));
    free_sandbox(sb);
}

/* ------------------------------------------------------------------------ */
/* What rule files cannot do                                                */

static void test_blocked(void **state)
{
    static const char *const cases[][2] = {
        {"blocked_io_open.lua", ":2: io.open is not available in rule files"},
        {"blocked_os_execute.lua", ":2: os.execute is not available in rule files"},
        {"blocked_os_getenv.lua", ":1: os.getenv is not available in rule files"},
        {"blocked_debug_getinfo.lua", ":1: debug.getinfo is not available in rule files"},
        {"blocked_package_loadlib.lua", ":1: package.loadlib is not available in rule files"},
        {"blocked_dofile.lua", ":1: dofile is not available in rule files"},
        {"blocked_loadfile.lua", ":1: loadfile is not available in rule files"},
        {"blocked_string_dump.lua", ":2: string.dump is not available in rule files"},
        {"blocked_method_dump.lua", ":2: string.dump is not available in rule files"},
        {"blocked_collectgarbage.lua", ":1: collectgarbage is not available in rule files"},
        {"blocked_load_binary.lua", ":2: load of binary chunks is not available in rule files"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error_alone(cases[i][0], cases[i][1]);
}

static void test_load_text(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;
    assert_int_equal(sandbox_dofile(sb, FIXTURE("load_text.lua"), &d), 0);
    lua_rawgeti(S, -1, 1);
    assert_int_equal(lua_tointeger(S, -1), 42); /* saw the file's own global */
    lua_rawgeti(S, -2, 2);
    assert_int_equal(lua_tointeger(S, -1), 1); /* mode "b" asked, text loaded */
    lua_rawgeti(S, -3, 3);
    assert_string_equal(lua_tostring(S, -1), "function");
    lua_pop(S, 4);
    assert_int_equal(sandbox_dofile(sb, FIXTURE("load_syntax.lua"), &d), 0);
    /* loaded code is named after the rule file and line that loaded it */
    assert_string_equal(lua_tostring(S, -1),
                        FIXTURE("load_syntax.lua") ":1 (load snippet):1: unexpected symbol near '+'");
    lua_pop(S, 1);
    free_sandbox(sb);
}

static void test_strict_globals(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;
    define_engine_values(sb);
    expect_message(sb, "strict_typo.lua", ":2: unknown name 'stpes' (did you mean 'steps'?)");
    expect_message(sb, "strict_typo_own.lua",
                   ":2: unknown name 'treshold' (did you mean 'threshold'?)");
    expect_message(sb, "strict_unknown.lua", ":1: unknown name 'completely_unknown_name_xyz'");
    assert_int_equal(sandbox_dofile(sb, FIXTURE("strict_assign.lua"), &d), 0);
    assert_int_equal(lua_tointeger(S, -1), 5);
    lua_pop(S, 1);
    /* Globals of one file are not seen by the next. */
    expect_message(sb, "strict_isolation.lua", ":2: unknown name 'new_global'");
    free_sandbox(sb);
}

static void test_read_only(void **state)
{
    static const char *const cases[][2] = {
        {"ro_string_upper.lua", ":1: attempt to modify read-only table 'string'"},
        {"ro_math_floor.lua", ":1: attempt to modify read-only table 'math'"},
        {"ro_table_insert.lua", ":1: attempt to modify read-only table 'table'"},
        {"ro_engine.lua", ":1: attempt to modify read-only global 'steps'"},
        {"ro_engine_field.lua", ":1: attempt to modify read-only table 'vocab'"},
        {"ro_engine_nested.lua", ":1: attempt to modify read-only table 'vocab.groups'"},
        {"ro_print.lua", ":1: attempt to modify read-only global 'print'"},
        {"ro_rawset.lua", ":1: attempt to modify read-only table 'string'"},
        {"ro_setmetatable_string.lua", ":1: cannot change a protected metatable"},
        {"ro_string_meta.lua", ":2: attempt to index a boolean value (local 'mt')"},
        {"ro_gc.lua", ":1: __gc metamethods are not available in rule files"},
        {"ro_engine_pairs.lua", ":3: attempt to modify read-only table 'vocab.groups'"},
    };
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    size_t i;
    Diag d;
    (void)state;
    define_engine_values(sb);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_message(sb, cases[i][0], cases[i][1]);

    /* rawget on a proxy sees nothing; the library still works unchanged. */
    assert_int_equal(sandbox_dofile(sb, FIXTURE("ro_rawget.lua"), &d), 0);
    lua_rawgeti(S, -1, 1);
    assert_true(lua_toboolean(S, -1));
    lua_rawgeti(S, -2, 2);
    assert_string_equal(lua_tostring(S, -1), "A");
    lua_pop(S, 3);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("lib_pairs.lua"), &d), 0);
    assert_contains(lua_tostring(S, -1), "byte char dump find format gmatch gsub len lower");
    lua_pop(S, 1);

    assert_int_equal(sandbox_dofile(sb, FIXTURE("ro_env_meta.lua"), &d), 0);
    assert_true(lua_isboolean(S, -1) && !lua_toboolean(S, -1));
    lua_pop(S, 1);
    assert_false(sandbox_dead(sb));
    free_sandbox(sb);
}

static void test_engine_values(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;
    define_engine_values(sb);
    assert_int_equal(sandbox_dofile(sb, FIXTURE("engine_values.lua"), &d), 0);
    lua_getfield(S, -1, "steps");
    assert_int_equal(lua_tointeger(S, -1), 7);
    lua_getfield(S, -2, "version");
    assert_int_equal(lua_tointeger(S, -1), 1);
    lua_getfield(S, -3, "A");
    assert_int_equal(lua_tointeger(S, -1), 80);
    lua_getfield(S, -4, "keys");
    assert_string_equal(lua_tostring(S, -1), "groups,version");
    lua_pop(S, 5);

    /* A proxy handed back to C: sandbox_unproxy reaches the real table. */
    assert_int_equal(sandbox_dofile(sb, FIXTURE("returns_proxy.lua"), &d), 0);
    lua_pushnil(S);
    assert_int_equal(lua_next(S, -2), 0); /* the proxy itself is empty */
    assert_int_equal(sandbox_unproxy(S, -1), 1);
    assert_int_equal(lua_getfield(S, -1, "version"), LUA_TNUMBER);
    lua_pop(S, 3);
    lua_pushinteger(S, 1);
    assert_int_equal(sandbox_unproxy(S, -1), 0);
    lua_pop(S, 1);
    free_sandbox(sb);
}

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

static void test_budget(void **state)
{
    static const char *const cases[][2] = {
        {"budget_loop.lua", ":3: instruction budget exceeded"},
        {"budget_pcall.lua", ":3: instruction budget exceeded"},
        {"budget_xpcall.lua", ":4: instruction budget exceeded"},
        {"budget_xpcall_error.lua", ":2: instruction budget exceeded"},
        {"budget_coroutine.lua", ":2: instruction budget exceeded"},
        {"budget_coroutine_resume.lua", ":1: instruction budget exceeded"},
        {"budget_index.lua", ":2: instruction budget exceeded"},
        {"budget_gsub.lua", ":3: instruction budget exceeded"},
        {"budget_sort.lua", ":4: instruction budget exceeded"},
        {"budget_close.lua", ":2: instruction budget exceeded"},
        {"budget_move.lua", ":3: instruction budget exceeded"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_limit(cases[i][0], cases[i][1], TEST_INSTRUCTIONS, TEST_MIB);
}

static void test_recursion(void **state)
{
    (void)state;
    /* Default memory: the depth limit speaks before the memory cap. */
    expect_limit("recursion.lua", ":2: stack overflow (more than 100000 nested calls)",
                 TEST_INSTRUCTIONS, 0);
    /* Through C functions: Lua's own C-stack limit, an ordinary error. */
    expect_error_alone("recursion_c.lua", ":2: C stack overflow");
}

static void test_memory(void **state)
{
    /* the line where the cap was hit, even when pcall caught it there */
    static const char *const cases[][2] = {
        {"mem_table.lua", ":4"}, {"mem_concat.lua", ":3"}, {"mem_rep.lua", ":1"},
        {"mem_rep_huge.lua", ":1"}, {"mem_pcall.lua", ":3"}, {"mem_pcall_rep.lua", ":1"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s: memory limit (8 MiB) exceeded", cases[i][1]);
        expect_limit(cases[i][0], want, 50000000LL, TEST_MIB);
    }
}

static void test_memory_accounting(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS * 10, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    size_t before, during, after;
    Diag d;
    (void)state;
    lua_gc(S, LUA_GCCOLLECT, 0);
    before = sandbox_memory(sb);
    assert_int_equal(sandbox_dofile(sb, FIXTURE("ok_large.lua"), &d), 0);
    during = sandbox_memory(sb);
    assert_true(during > before + 1000000); /* 20000 small tables */
    lua_pop(S, 1);
    lua_gc(S, LUA_GCCOLLECT, 0);
    lua_gc(S, LUA_GCCOLLECT, 0); /* a second cycle shrinks the string table */
    after = sandbox_memory(sb);
    if (after >= before + 256 * 1024)
        fail_msg("before %zu, during %zu, after %zu", before, during, after);
    free_sandbox(sb);
}

/* Trusted code may build values past the cap between runs (no panic); the
 * next rule run then meets the cap. */
static void test_define_over_cap(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, 1, 0);
    lua_State *S = sandbox_state(sb);
    int i;
    (void)state;
    lua_createtable(S, 0, 0);
    for (i = 1; i <= 100000; i++) {
        lua_pushinteger(S, i);
        lua_rawseti(S, -2, i);
    }
    sandbox_define(sb, "big");
    assert_true(sandbox_memory(sb) > 1024 * 1024);
    assert_false(sandbox_dead(sb));
    expect_message(sb, "mem_concat.lua", ": memory limit (1 MiB) exceeded"); /* while loading */
    assert_true(sandbox_dead(sb));
    free_sandbox(sb);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                 */

static void test_syntax_and_missing(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    Diag d;
    (void)state;
    expect_message(sb, "syntax_200.lua", ":200: unexpected symbol near '='");
    assert_int_equal(sandbox_dofile(sb, FIXTURE("no_such_file.lua"), &d), -1);
    assert_string_equal(d.msg, FIXTURE("no_such_file.lua") ": cannot open: No such file or directory");
    expect_message(sb, "runtime_error.lua", ":2: attempt to index a nil value (local 't')");
    /* Lua itself would shorten this path to "...tail". */
    expect_message(sb, "long_name_runtime_error_to_check_whole_path_in_messages.lua",
                   ":3: attempt to index a nil value (local 'x')");
    assert_false(sandbox_dead(sb));
    free_sandbox(sb);
}

static void test_error_objects(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    (void)state;
    expect_message(sb, "error_table.lua", ":1: custom error object");
    expect_message(sb, "error_plain_table.lua", ":1: (error object is a table value)");
    expect_message(sb, "error_nil.lua", ":1: (error object is a nil value)");
    expect_message(sb, "error_level0.lua", ":1: no position here");
    free_sandbox(sb);
}

/* ------------------------------------------------------------------------ */
/* Determinism                                                              */

static void test_sorted_pairs(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;
    assert_int_equal(sandbox_dofile(sb, FIXTURE("pairs_sorted.lua"), &d), 0);
    assert_string_equal(lua_tostring(S, -1), "2 10 alpha mid zeta true");
    lua_pop(S, 1);
    free_sandbox(sb);
}

/* The random_seq fixture's values as one string. */
static void random_sequence(unsigned long long seed, char *out, size_t n)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, seed);
    lua_State *S = sandbox_state(sb);
    size_t k = 0;
    int i;
    Diag d;
    assert_int_equal(sandbox_dofile(sb, FIXTURE("random_seq.lua"), &d), 0);
    for (i = 1; i <= 7; i++) {
        lua_rawgeti(S, -1, i);
        assert_true(lua_isnumber(S, -1));
        if (i <= 5)
            assert_true(lua_tointeger(S, -1) >= 1 && lua_tointeger(S, -1) <= 1000000);
        if (i == 6)
            assert_true(lua_tonumber(S, -1) >= 0 && lua_tonumber(S, -1) < 1);
        if (i == 7)
            assert_true(lua_tointeger(S, -1) >= 1 && lua_tointeger(S, -1) <= 100);
        k += (size_t)snprintf(out + k, n - k, "%s ", lua_tostring(S, -1));
        lua_pop(S, 1);
    }
    lua_pop(S, 1);
    free_sandbox(sb);
}

static void test_seeded_random(void **state)
{
    char a[512], b[512], c[512];
    (void)state;
    random_sequence(0, a, sizeof a);
    random_sequence(0, b, sizeof b);
    random_sequence(1, c, sizeof c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
}

static void test_print(void **state)
{
    Sandbox *sb = new_sandbox(TEST_INSTRUCTIONS, TEST_MIB, 0);
    lua_State *S = sandbox_state(sb);
    Diag d;
    (void)state;
    /* Writes "PATH:1: hello from\ta rule\t42" to stderr. */
    assert_int_equal(sandbox_dofile(sb, FIXTURE("print_stderr.lua"), &d), 0);
    assert_true(lua_toboolean(S, -1));
    lua_pop(S, 1);
    free_sandbox(sb);
}

/* ------------------------------------------------------------------------ */
/* Script side: chiso.sandbox, RuleFunction, chiso.dump                      */

static lua_State *new_script_state(void)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    lua_newtable(L);
    api_sandbox_register(L);
    api_dump_register(L);
    lua_setglobal(L, "chiso");
    lua_pushstring(L, SRC(RULES) "/");
    lua_setglobal(L, "R");
    return L;
}

/* Run script code; it reports problems by raising. */
static void run_script(const char *code)
{
    lua_State *L = new_script_state();
    if (luaL_loadbuffer(L, code, strlen(code), "=script") != LUA_OK ||
        lua_pcall(L, 0, 0, 0) != LUA_OK)
        fail_msg("script failed: %s", lua_tostring(L, -1));
    lua_close(L);
}

static void test_script_copy(void **state)
{
    (void)state;
    run_script(
        "local sb = chiso.sandbox { roots = { R }, instructions = 1000000, memory_mib = 16 }\n"
        "local t = sb:dofile(R .. 'ok_shared.lua')\n"
        "assert(t.a == t.b, 'shared subtable kept shared')\n"
        "assert(t.self == t, 'cycle kept')\n"
        "assert(t.list[1] == t.a and t.list[2][1] == t.a)\n"
        "assert(math.type(t.i) == 'integer' and math.type(t.f) == 'float')\n"
        "assert(math.type(t.big) == 'float' and t.big == 2^53)\n"
        "assert(#t.a == 3 and t.a[3] == 3)\n"
        "local big = sb:dofile(R .. 'ok_large.lua')\n"
        "assert(#big == 20000 and big[20000].id == 20000)\n"
        "assert(big[7].name == 'unit 7' and big[7].score == 1.0)\n"
        "assert(math.type(big[7].score) == 'float')\n"
        "assert(sb:dofile(R .. 'ok_number.lua') == 42)\n"
        "assert(math.type(sb:dofile(R .. 'ok_float.lua')) == 'float')\n"
        "assert(sb:dofile(R .. 'ok_nothing.lua') == nil)\n"
        "assert(sb:dofile(R .. 'ok_string.lua') == 'Chỉ số CCHC')\n"
        "assert(not sb:dead() and sb:memory() > 0)\n"
        "assert(tostring(sb) == '<chiso.Sandbox>')\n"
        "local f1, f2 = sb:dofile(R .. 'ok_module_fn.lua'), sb:dofile(R .. 'ok_module_fn.lua')\n"
        "assert(f1 == f2 and f1(4) == 8, 'one function, one RuleFunction')\n");
}

static void test_script_rule_functions(void **state)
{
    (void)state;
    run_script(
        "local sb = chiso.sandbox { roots = { R }, instructions = 1000000 }\n"
        "local M = sb:dofile(R .. 'ok_function.lua')\n"
        "sb = nil; collectgarbage()  -- the functions keep the sandbox alive\n"
        "assert(chiso.is_rule_function(M.add) and not chiso.is_rule_function(print))\n"
        "assert(tostring(M.add) == '<rule function ' .. R .. 'ok_function.lua:4>')\n"
        "assert(M.add(2, 3) == 5 and math.type(M.add(2, 3)) == 'integer')\n"
        "assert(M.add(2.5, 1) == 3.5 and M.count() == 3)\n"
        "assert(M.sum({ 1, 2, 3, 4 }) == 10)\n"
        "local shared = { 1 }\n"
        "local a, b, c, d = M.echo(1, 'x', nil, { p = shared, q = shared })\n"
        "assert(a == 1 and b == 'x' and c == nil and d.p == d.q and d.p ~= shared)\n"
        "assert(M.echo(M.add) == M.add, 'a rule function goes back as itself')\n"

        "local ok, err = pcall(M.fail, 7)\n"
        "assert(not ok and err == R .. 'ok_function.lua:6: bad input 7', err)\n"
        "ok, err = pcall(M.echo, print)\n"
        "assert(not ok and err:find('bad argument #1 to rule function "
        "(script functions cannot be passed to rule files)', 1, true), err)\n"
        "ok, err = pcall(M.echo, 1, io.stdout)\n"
        "assert(not ok and err:find('bad argument #2', 1, true), err)\n"
        "ok, err = pcall(M.spin)\n"
        "assert(not ok and err == R .. 'ok_function.lua:9: instruction budget exceeded', err)\n"
        "ok, err = pcall(M.add, 1, 2)\n"
        "assert(not ok and err:find('not run', 1, true), err)\n"
        "local sb2 = chiso.sandbox { roots = { R } }\n"
        "assert(sb2:dofile(R .. 'ok_function.lua').add(1, 1) == 2)\n"
        "local other = sb2:dofile(R .. 'ok_function.lua')\n"
        "ok, err = pcall(other.echo, M.add)\n"
        "assert(not ok and err:find('another rule sandbox', 1, true), err)\n");
}

static void test_script_errors(void **state)
{
    (void)state;
    run_script(
        "local sb = chiso.sandbox { roots = { R } }\n"
        "local ok, err = pcall(sb.dofile, sb, R .. 'runtime_error.lua')\n"
        "assert(err == R .. \"runtime_error.lua:2: attempt to index a nil value (local 't')\", err)\n"
        "ok, err = pcall(sb.dofile, sb, R .. 'no_such_file.lua')\n"
        "assert(err == R .. 'no_such_file.lua: cannot open: No such file or directory', err)\n"
        "ok, err = pcall(chiso.sandbox, { bogus = 1 })\n"
        "assert(err:find(\"unknown option 'bogus'\", 1, true), err)\n"
        "ok, err = pcall(chiso.sandbox, { roots = { 1 } })\n"
        "assert(err:find('roots[1] must be a string', 1, true), err)\n"
        "local small = chiso.sandbox { memory_mib = 8, instructions = 50000000 }\n"
        "ok, err = pcall(small.dofile, small, R .. 'mem_table.lua')\n"
        "assert(err == R .. 'mem_table.lua:4: memory limit (8 MiB) exceeded', err)\n"
        "assert(small:dead())\n"
        "do local closed <close> = chiso.sandbox() end\n");
}

static void test_dump(void **state)
{
    (void)state;
    run_script(
        "local function eq(v, want, opts)\n"
        "  local got = chiso.dump(v, opts)\n"
        "  if got ~= want then error('dump:\\n' .. got .. '\\nwanted:\\n' .. want, 2) end\n"
        "end\n"
        "eq(nil, 'nil'); eq(true, 'true'); eq(42, '42'); eq(2.0, '2.0'); eq(-0.0, '-0.0')\n"
        "eq(0.1, '0.1'); eq(1e20, '1e+20'); eq(1/0, 'math.huge'); eq(-1/0, '-math.huge')\n"
        "eq(math.mininteger, 'math.mininteger'); eq(2^53, '9.007199254741e+15')\n"
        "eq('a\"b\\\\c\\n\\t\\1\\127é\\255z', '\"a\\\\\"b\\\\\\\\c\\\\n\\\\t\\\\001\\\\127é\\\\255z\"')\n"
        "eq({}, '{}')\n"
        "eq({ 1, 2, 3 }, '{ 1, 2, 3 }')\n"
        "eq({ b = 1, a = 2, [3] = 'x', 10 }, '{ 10, a = 2, b = 1, [3] = \"x\" }')\n"
        "eq({ ['end'] = 1, ['a b'] = 2, _ok = 3, [1.5] = 4, [false] = 5 },\n"
        "   '{ _ok = 3, [\"a b\"] = 2, [\"end\"] = 1, [1.5] = 4, [false] = 5 }')\n"
        "eq({ x = { 1 }, y = 2 }, '{\\n  x = { 1 },\\n  y = 2,\\n}')\n"
        "eq({ x = { 1 } }, '{\\n    x = {\\n        1,\\n    },\\n}', { indent = 4, width = 0 })\n"
        "local s = { 1 }\n"
        "local c = { a = s, b = s }; c.me = c\n"
        "eq(c, '{\\n  a = { 1 },\\n  b = <cycle>,\\n  me = <cycle>,\\n}')\n"
        "local long = {}\n"
        "for i = 1, 30 do long[i] = i end\n"
        "assert(chiso.dump(long):find('\\n  30,\\n}$'), 'a wide list goes multi-line')\n"
        "eq(print, '<function [C]>')\n"
        "eq(io.stdout, '<userdata FILE*>')\n"
        "local sb = chiso.sandbox { roots = { R } }\n"
        "local M = sb:dofile(R .. 'ok_function.lua')\n"
        "eq(M.add, '<function ' .. R .. 'ok_function.lua:4>')\n"
        "eq(sb, '<userdata chiso.Sandbox>')\n"
        "local ok, err = pcall(chiso.dump, 1, { colour = true })\n"
        "assert(not ok and err:find(\"unknown option 'colour'\", 1, true))\n"
        "local deep = {}\n"
        "local cur = deep\n"
        "for i = 1, 300 do cur[1] = {}; cur = cur[1] end\n"
        "assert(chiso.dump(deep):find('<too deep>', 1, true))\n"
        "local decl = sb:dofile(R .. 'ok_table.lua')\n"
        "eq(decl, [[{\n"
        "  areas = {\n"
        "    { code = \"1\", max = 10 },\n"
        "    { code = \"2\", max = 15.5 },\n"
        "  },\n"
        "  code = \"PAR2017\",\n"
        "  flags = { no = false, yes = true },\n"
        "  max = 100,\n"
        "  ratio = 0.5,\n"
        "  whole = 2.0,\n"
        "}]])\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_values),
        cmocka_unit_test(test_sandbox_call),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_require_errors),
        cmocka_unit_test(test_blocked),
        cmocka_unit_test(test_load_text),
        cmocka_unit_test(test_strict_globals),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_engine_values),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_recursion),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_memory_accounting),
        cmocka_unit_test(test_define_over_cap),
        cmocka_unit_test(test_syntax_and_missing),
        cmocka_unit_test(test_error_objects),
        cmocka_unit_test(test_sorted_pairs),
        cmocka_unit_test(test_seeded_random),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_script_copy),
        cmocka_unit_test(test_script_rule_functions),
        cmocka_unit_test(test_script_errors),
        cmocka_unit_test(test_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
