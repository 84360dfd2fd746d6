/* api_survey.c — respondent-level surveys (SIPAS): being written; see the
 * survey engine task.  Until then a survey { … } file is refused clearly. */
#include <lauxlib.h>
#include <lua.h>

#include "api.h"

int api_survey_push(lua_State *L, Sandbox *sb, const char *path)
{
    sandbox_free(sb);
    return api_raisef(L, "%s: survey methodologies are not supported yet", path);
}

void api_survey_register(lua_State *L)
{
    (void)L;
}
