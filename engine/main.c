/* main.c — the chiso command: find the installation (scripts/, rules/,
 * datasets/), open a trusted Lua state with the chiso module, and hand the
 * command line to scripts/lib/driver.lua, which dispatches to a command script.
 *
 * Exit status: 0 success, 1 data or rule error, 2 usage error (decided by the
 * driver); an error escaping the driver is reported and exits 1.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "api.h"
#include "outfile.h"

#define DRIVER "scripts/lib/driver.lua"

static int is_home(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/" DRIVER, dir) >= (int)sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* CHISO_HOME, else the executable's directory (source tree), its parent
 * (a build directory inside the tree), or ../share/chiso (installed). */
static int find_home(char *home, size_t n)
{
    const char *env = getenv("CHISO_HOME");
    char exe[PATH_MAX], cand[PATH_MAX];
    static const char *const rel[] = {"", "/..", "/../share/chiso"};
    ssize_t k;
    size_t i;
    char *slash;

    if (env && *env) {
        if (!is_home(env))
            return -1;
        snprintf(home, n, "%s", env);
        return 0;
    }
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0)
        return -1;
    exe[k] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char real[PATH_MAX];
        snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
        if (is_home(cand) && realpath(cand, real)) {
            snprintf(home, n, "%s", real);
            return 0;
        }
    }
    return -1;
}

static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        /* Structured errors ({exit=, msg=}) from the driver pass through. */
        if (lua_istable(L, 1))
            return 1;
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

static int panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "chiso: fatal Lua error: %s\n", msg ? msg : "?");
    outfile_cleanup_all();
    return 0; /* Lua aborts after this */
}

/* Runs inside lua_pcall so that setup errors (memory) are caught too.
 * Upvalue-free: argv and home come as light userdata / string arguments. */
static int pmain(lua_State *L)
{
    int argc = (int)lua_tointeger(L, 1);
    char **argv = (char **)lua_touserdata(L, 2);
    const char *home = lua_tostring(L, 3);
    int i;

    luaL_checkversion(L);
    luaL_openlibs(L);

    /* require "chiso" and the global `chiso` are the same module. */
    luaL_requiref(L, "chiso", luaopen_chiso, 1);
    lua_pushstring(L, home);
    lua_setfield(L, -2, "home");
    lua_pushstring(L, CHISO_VERSION);
    lua_setfield(L, -2, "version");
    lua_pop(L, 1);

    /* Scripts' shared modules live in scripts/lib; nothing else is searched. */
    lua_getglobal(L, "package");
    lua_pushfstring(L, "%s/scripts/lib/?.lua", home);
    lua_setfield(L, -2, "path");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);

    /* math.random is seeded by time in Lua 5.4; outputs must be reproducible. */
    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 0);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    if (luaL_loadfilex(L, lua_pushfstring(L, "%s/" DRIVER, home), "t") != LUA_OK)
        return lua_error(L);
    lua_remove(L, -2);
    lua_call(L, 0, 1); /* the driver returns its main function */
    lua_newtable(L);
    for (i = 1; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i);
    }
    lua_call(L, 1, 1);
    return 1;
}

int main(int argc, char **argv)
{
    char home[PATH_MAX];
    lua_State *L;
    int status, code = 1;

    outfile_install_signal_handlers();
    atexit(outfile_cleanup_all);

    if (find_home(home, sizeof home) != 0) {
        fprintf(stderr, "chiso: cannot find the chiso scripts (%s); set CHISO_HOME to the "
                        "directory holding scripts/, rules/ and datasets/\n", DRIVER);
        return 1;
    }
    L = luaL_newstate();
    if (!L) {
        fprintf(stderr, "chiso: out of memory\n");
        return 1;
    }
    lua_atpanic(L, panic);
    lua_pushcfunction(L, msghandler);
    lua_pushcfunction(L, pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    lua_pushstring(L, home);
    status = lua_pcall(L, 3, 1, 1);
    if (status == LUA_OK) {
        code = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
    } else if (status == LUA_ERRMEM) {
        fprintf(stderr, "chiso: out of memory\n");
    } else {
        const char *msg = lua_tostring(L, -1);
        fprintf(stderr, "chiso: internal error: %s\n", msg ? msg : "(no message)");
    }
    lua_close(L);
    fflush(stdout);
    if (ferror(stdout)) {
        if (errno != EPIPE)
            fprintf(stderr, "chiso: error writing to standard output\n");
        return code ? code : 1;
    }
    return code;
}
