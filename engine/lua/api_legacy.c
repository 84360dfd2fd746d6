/* api_legacy.c — legacy Vietnamese encodings for scripts (legacy.h):
 *
 *   local key, name = chiso.encoding.detect("old.csv")   -- "tcvn3", "TCVN3 (ABC)" | nil
 *   chiso.encoding.convert("old.csv", "new.csv", "tcvn3") -- whole file or nothing
 *   chiso.encoding.convert("old.csv", nil, "vni")         -- to standard output
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "legacy.h"
#include "outfile.h"

/* Lua: chiso.encoding.detect(path) -> key, name | nil (raises if unreadable) */
static int l_detect(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int fd = open(path, O_RDONLY);
    char *buf;
    ssize_t got;
    LegacyEnc e;
    if (fd < 0)
        return api_raisef(L, "%s: cannot open: %s", path, strerror(errno));
    buf = malloc(LEGACY_SAMPLE);
    if (!buf) {
        close(fd);
        return api_raisef(L, "%s: out of memory", path);
    }
    got = read(fd, buf, LEGACY_SAMPLE);
    close(fd);
    if (got < 0) {
        free(buf);
        return api_raisef(L, "%s: read error: %s", path, strerror(errno));
    }
    e = legacy_detect(buf, (size_t)got, NULL);
    free(buf);
    if (e == LEGACY_NONE) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushstring(L, legacy_key(e));
    lua_pushstring(L, legacy_name(e));
    return 2;
}

/* Lua: chiso.encoding.convert(in, out | nil | "-", from) — UTF-8 from a
 * legacy encoding; out is written whole or not at all and may not be in. */
static int l_convert(lua_State *L)
{
    const char *in = luaL_checkstring(L, 1);
    const char *out = luaL_optstring(L, 2, NULL);
    const char *from = luaL_checkstring(L, 3);
    LegacyEnc e = legacy_parse(from);
    struct stat si;
    OutFile *o;
    Diag d;

    if (e == LEGACY_NONE)
        return luaL_error(L, "unknown encoding '%s' (cp1258, tcvn3 or vni)", from);
    if (out && strcmp(out, "-") == 0)
        out = NULL;
    if (stat(in, &si) != 0)
        return api_raisef(L, "%s: cannot open: %s", in, strerror(errno));
    if (S_ISDIR(si.st_mode))
        return api_raisef(L, "%s: cannot open: %s", in, strerror(EISDIR));
    outfile_protect(in); /* before the output is opened: -o may name the input */
    if (!out) {
        if (legacy_convert_file(e, in, in, stdout, &d) != 0)
            return api_raise(L, &d);
        return 0;
    }
    o = outfile_open(out, &d);
    if (!o)
        return api_raise(L, &d);
    if (legacy_convert_file(e, in, in, outfile_stream(o), &d) != 0) {
        outfile_abort(o);
        return api_raise(L, &d);
    }
    if (outfile_commit(o, &d) != 0)
        return api_raise(L, &d);
    return 0;
}

static const luaL_Reg funcs[] = {{"detect", l_detect}, {"convert", l_convert}, {NULL, NULL}};

void api_legacy_register(lua_State *L)
{
    luaL_newlib(L, funcs);
    lua_setfield(L, -2, "encoding");
}
