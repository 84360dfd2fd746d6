/* api_util.c — helpers shared by the api_*.c bindings: raising user-facing
 * errors that already carry their own "file:line: " position.
 *
 *   if (sandbox_dofile(sb, path, &d)) return api_raise(L, &d);
 *   return api_raisef(L, "%s: not a rule function", name);
 */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>

int api_raisef(lua_State *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

int api_raise(lua_State *L, const Diag *d)
{
    lua_pushstring(L, d->msg);
    return lua_error(L);
}

int api_raisef(lua_State *L, const char *fmt, ...)
{
    char buf[DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    lua_pushstring(L, buf);
    return lua_error(L);
}
