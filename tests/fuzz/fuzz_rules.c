/* fuzz_rules.c — the rule-file loader and checker: bytes as a methodology
 * file, loaded through the rule sandbox with small limits (16 MiB, 200,000
 * instructions), then checked and scored on a small table with a column for
 * every column the file names.  The process must survive anything: errors
 * are "FILE:LINE: message" (or "FILE: message"), never crashes, leaks or
 * sanitizer reports; and a normal file still loads afterwards. */
#include "fuzz_util.h"

#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "api.h"

static lua_State *L;
static char path[64];

static void remove_temporary(void)
{
    if (path[0])
        unlink(path);
}

static const char driver[] =
    "local path, home = ...\n"
    "local opts = { memory_mib = 16, instructions = 200000, roots = { home .. '/rules' } }\n"
    "return function()\n"
    "  local ok, m = pcall(chiso.rules, path, opts)\n"
    "  if not ok then\n"
    "    local msg = tostring(m)\n"
    "    if msg:sub(1, #path) ~= path then error('message without the file: ' .. msg) end\n"
    "    return\n"
    "  end\n"
    "  if type(m) ~= 'userdata' then return end\n"
    "  if not m.nodes then return end -- a survey\n"
    "  pcall(m.check, m)\n"
    "  local okn, nodes = pcall(m.nodes, m)\n"
    "  if not okn then return end\n"
    "  local spec, seen = { { name = 'unit', values = { 'A', 'B', 'C' } } }, { unit = true }\n"
    "  for _, n in ipairs(nodes) do\n"
    "    if n.column and not seen[n.column] then\n"
    "      seen[n.column] = true\n"
    "      local max = tonumber(n.max) or 10\n"
    "      spec[#spec + 1] = { name = n.column, values = { 0, max / 2, max } }\n"
    "    end\n"
    "  end\n"
    "  local okt, t = pcall(chiso.table, spec)\n"
    "  if okt then\n"
    "    pcall(m.check, m, t)\n"
    "    pcall(m.out_of_range, m, t)\n"
    "    pcall(m.score, m, t)\n"
    "  end\n"
    "end\n";

static void setup(void)
{
    int fd;
    snprintf(path, sizeof path, "/tmp/chiso_fuzz_rule_XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        fuzz_fail("mkstemp");
    close(fd);
    atexit(remove_temporary);
    L = luaL_newstate();
    luaL_openlibs(L);
    luaL_requiref(L, "chiso", luaopen_chiso, 1);
    lua_pushstring(L, CHISO_SRC_DIR);
    lua_setfield(L, -2, "home");
    lua_pop(L, 1);
    if (luaL_loadbuffer(L, driver, sizeof driver - 1, "=fuzz_rules") != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_pushstring(L, path);
    lua_pushstring(L, CHISO_SRC_DIR);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_setglobal(L, "fuzz_one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f;
    if (!L)
        setup();
    if (size > 65536)
        return 0;
    f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fuzz_fail("cannot write %s", path);
    lua_getglobal(L, "fuzz_one");
    if (lua_pcall(L, 0, 0, 0) != LUA_OK)
        fuzz_fail("%s", lua_tostring(L, -1));
    lua_gc(L, LUA_GCCOLLECT, 0); /* methodologies free their sandboxes */
    return 0;
}
