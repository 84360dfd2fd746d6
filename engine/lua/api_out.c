/* api_out.c — output and files for scripts: atomic writes, JSON, terminal and
 * directory queries.
 *
 *   chiso.output("result.csv", text)   -- whole file or nothing (temp + rename)
 *   chiso.output(nil, text)            -- standard output
 *   chiso.json({ rank_min = 30, rank_max = 32, of = 63 })
 *   chiso.isatty(2), chiso.listdir("rules/par"), chiso.filetype("x.csv")
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "api.h"
#include "out.h"
#include "outfile.h"
#include "table.h"

/* Lua: chiso.output(path | nil | "-", text) — write text to a file atomically, or to stdout */
static int l_output(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    Diag d;
    if (lua_isnoneornil(L, 1) || strcmp(luaL_checkstring(L, 1), "-") == 0) {
        if (len && fwrite(text, 1, len, stdout) != len)
            return api_raisef(L, "chiso: cannot write to standard output: %s", strerror(errno));
        return 0;
    }
    if (outfile_write_all(lua_tostring(L, 1), text, len, &d) != 0)
        return api_raise(L, &d);
    return 0;
}

static void indent(FILE *f, int level)
{
    int i;
    for (i = 0; i < level; i++)
        fputs("  ", f);
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void json_value(lua_State *L, FILE *f, int idx, int level);

static void json_table(lua_State *L, FILE *f, int idx, int level)
{
    size_t n = lua_rawlen(L, idx), count = 0, i;
    int is_array;
    const char **keys;

    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        lua_pop(L, 1);
    }
    is_array = count == n;
    if (count == 0) {
        fputs("[]", f);
        return;
    }
    if (is_array) {
        fputs("[\n", f);
        for (i = 1; i <= n; i++) {
            indent(f, level + 1);
            lua_rawgeti(L, idx, (lua_Integer)i);
            json_value(L, f, lua_gettop(L), level + 1);
            lua_pop(L, 1);
            fputs(i < n ? ",\n" : "\n", f);
        }
        indent(f, level);
        fputc(']', f);
        return;
    }
    /* Objects: keys in byte order, for output that does not depend on the hash seed. */
    keys = lua_newuserdatauv(L, count * sizeof *keys, 0);
    i = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "json: object keys must be strings (got %s)", luaL_typename(L, -1));
        keys[i++] = lua_tostring(L, -1);
    }
    qsort(keys, count, sizeof *keys, compare_keys);
    fputs("{\n", f);
    for (i = 0; i < count; i++) {
        indent(f, level + 1);
        out_json_string(f, keys[i]);
        fputs(": ", f);
        lua_getfield(L, idx, keys[i]);
        json_value(L, f, lua_gettop(L), level + 1);
        lua_pop(L, 1);
        fputs(i + 1 < count ? ",\n" : "\n", f);
    }
    indent(f, level);
    fputc('}', f);
    lua_pop(L, 1); /* keys */
}

static void json_value(lua_State *L, FILE *f, int idx, int level)
{
    if (level > 64)
        luaL_error(L, "json: nested too deeply (a cycle?)");
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        fputs("null", f);
        break;
    case LUA_TBOOLEAN:
        fputs(lua_toboolean(L, idx) ? "true" : "false", f);
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            fprintf(f, "%lld", (long long)lua_tointeger(L, idx));
        else
            out_json_number(f, lua_tonumber(L, idx));
        break;
    case LUA_TSTRING:
        out_json_string(f, lua_tostring(L, idx));
        break;
    case LUA_TTABLE:
        json_table(L, f, idx, level);
        break;
    case LUA_TUSERDATA:
        if (luaL_testudata(L, idx, API_TABLE)) {
            /* A chiso.Table nests as its array of row objects. */
            char *buf = NULL;
            size_t len = 0, i;
            FILE *mem = open_memstream(&buf, &len);
            if (!mem)
                luaL_error(L, "out of memory");
            out_write(mem, api_check_table(L, idx), OUT_JSON, NULL);
            fclose(mem);
            while (len && buf[len - 1] == '\n')
                len--;
            for (i = 0; i < len; i++) {
                fputc(buf[i], f);
                if (buf[i] == '\n')
                    indent(f, level);
            }
            free(buf);
            break;
        }
        /* fall through */
    default:
        luaL_error(L, "json: cannot encode a %s", luaL_typename(L, idx));
    }
}

/* A memory stream boxed in a userdata, so that an error raised while
 * encoding (a cycle, a function value) cannot leak the buffer. */
typedef struct MemOut {
    FILE *f;
    char *buf;
    size_t len;
} MemOut;

#define MEMOUT "chiso.MemOut"

static int memout_gc(lua_State *L)
{
    MemOut *m = luaL_checkudata(L, 1, MEMOUT);
    if (m->f)
        fclose(m->f);
    free(m->buf);
    m->f = NULL;
    m->buf = NULL;
    return 0;
}

/* Lua: chiso.json(value) -> JSON text (objects with sorted keys, 2-space indent, final newline) */
static int l_json(lua_State *L)
{
    MemOut *m;
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    m = lua_newuserdatauv(L, sizeof *m, 0); /* [v, m] */
    memset(m, 0, sizeof *m);
    luaL_setmetatable(L, MEMOUT);
    m->f = open_memstream(&m->buf, &m->len);
    if (!m->f)
        return luaL_error(L, "out of memory");
    json_value(L, m->f, 1, 0);
    fputc('\n', m->f);
    fclose(m->f);
    m->f = NULL;
    lua_pushlstring(L, m->buf, m->len);
    return 1;
}

/* Lua: chiso.isatty(fd) -> boolean */
static int l_isatty(lua_State *L)
{
    lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
    return 1;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lua: chiso.listdir(path) -> sorted names (no "." or "..") | nil, message */
static int l_listdir(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    DIR *dir = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    if (!dir) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, compare_strings);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
        free(names[i]);
    }
    free(names);
    return 1;
}

/* Lua: chiso.filetype(path) -> "file" | "dir" | "other" | nil */
static int l_filetype(lua_State *L)
{
    struct stat st;
    if (stat(luaL_checkstring(L, 1), &st) != 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : "other");
    return 1;
}

/* Lua: chiso.realpath(path) -> the absolute path with links and "." ".."
 * resolved | nil (no such file) */
static int l_realpath(lua_State *L)
{
    char *r = realpath(luaL_checkstring(L, 1), NULL);
    if (!r) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushstring(L, r);
    free(r);
    return 1;
}

/* Lua: chiso.filesize(path) -> bytes | nil (no such file) */
static int l_filesize(lua_State *L)
{
    struct stat st;
    if (stat(luaL_checkstring(L, 1), &st) != 0)
        lua_pushnil(L);
    else
        lua_pushinteger(L, (lua_Integer)st.st_size);
    return 1;
}

/* ---- streamed output files ----------------------------------------------- */

/* Lua: local w = chiso.open_output(path)   -- a temporary beside path
 *      w:write(s, ...)                     -- as file:write
 *      w:close()                           -- flush, sync, rename over path
 *      w:abort()                           -- remove the temporary
 * For outputs too large to build as one string.  The temporary is removed on
 * abort, on an error (the writer is collected or closed unfinished), and on
 * SIGINT/SIGTERM (outfile.c); path is only ever replaced whole. */
#define OUTWRITER "chiso.OutputWriter"

typedef struct OutWriter {
    OutFile *o;
    char *path;
} OutWriter;

static OutWriter *check_writer(lua_State *L)
{
    OutWriter *w = luaL_checkudata(L, 1, OUTWRITER);
    if (!w->o)
        luaL_error(L, "output file already closed");
    return w;
}

static void writer_drop(OutWriter *w)
{
    if (w->o)
        outfile_abort(w->o);
    w->o = NULL;
    free(w->path);
    w->path = NULL;
}

static int l_open_output(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    OutWriter *w = lua_newuserdatauv(L, sizeof *w, 0);
    Diag d;
    w->o = NULL;
    w->path = NULL;
    luaL_setmetatable(L, OUTWRITER);
    w->path = strdup(path);
    if (!w->path)
        return luaL_error(L, "out of memory");
    w->o = outfile_open(path, &d);
    if (!w->o)
        return api_raise(L, &d);
    return 1;
}

static int l_writer_write(lua_State *L)
{
    OutWriter *w = check_writer(L);
    FILE *f = outfile_stream(w->o);
    int i, n = lua_gettop(L);
    for (i = 2; i <= n; i++) {
        size_t len;
        const char *s = luaL_checklstring(L, i, &len);
        if (len && fwrite(s, 1, len, f) != len) {
            Diag d;
            diag_set(&d, w->path, 0, 0, "cannot write: %s", strerror(errno));
            writer_drop(w);
            return api_raise(L, &d);
        }
    }
    lua_settop(L, 1);
    return 1;
}

static int l_writer_close(lua_State *L)
{
    OutWriter *w = check_writer(L);
    OutFile *o = w->o;
    Diag d;
    w->o = NULL;
    if (outfile_commit(o, &d) != 0) {
        writer_drop(w);
        return api_raise(L, &d);
    }
    writer_drop(w);
    return 0;
}

static int l_writer_abort(lua_State *L)
{
    writer_drop(luaL_checkudata(L, 1, OUTWRITER));
    return 0;
}

static const luaL_Reg writer_methods[] = {{"write", l_writer_write}, {"close", l_writer_close},
                                          {"abort", l_writer_abort}, {NULL, NULL}};

/* Lua: chiso.warn(message) — one line on stderr, prefixed "chiso: " */
static int l_warn(lua_State *L)
{
    fprintf(stderr, "chiso: %s\n", luaL_checkstring(L, 1));
    return 0;
}

static const luaL_Reg funcs[] = {{"output", l_output},   {"json", l_json},         {"isatty", l_isatty},
                                 {"listdir", l_listdir}, {"filetype", l_filetype}, {"filesize", l_filesize}, {"realpath", l_realpath}, {"warn", l_warn},
                                 {"open_output", l_open_output},
                                 {NULL, NULL}};

/* io.open for scripts: a file opened for reading is an input of the run
 * (outfile_protect), like the data and rule files the engine reads. */
static int l_io_open(lua_State *L)
{
    const char *mode = luaL_optstring(L, 2, "r");
    if (!strpbrk(mode, "wa+"))
        outfile_protect(luaL_checkstring(L, 1));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void api_out_register(lua_State *L)
{
    if (lua_getglobal(L, "io") == LUA_TTABLE) {
        if (lua_getfield(L, -1, "open") == LUA_TFUNCTION) {
            lua_pushcclosure(L, l_io_open, 1);
            lua_setfield(L, -2, "open");
        } else {
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    luaL_newmetatable(L, MEMOUT);
    lua_pushcfunction(L, memout_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, OUTWRITER);
    lua_pushcfunction(L, l_writer_abort); /* unfinished: never renamed into place */
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_writer_abort);
    lua_setfield(L, -2, "__close");
    luaL_newlib(L, writer_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_setfuncs(L, funcs, 0);
}
