/* api.c — the list of api_* modules that make up `chiso` for scripts.
 *
 *   local chiso = require "chiso"     -- also the global `chiso`
 *   local t = chiso.read("datasets/published/par_index_2023.csv")
 *   print(t:format("table"))
 */
#include "api.h"

#include <lauxlib.h>

int luaopen_chiso(lua_State *L)
{
    lua_newtable(L);
    api_table_register(L);
    api_text_register(L);
    api_units_register(L);
    api_rank_register(L);
    api_out_register(L);
    api_sandbox_register(L);
    api_dump_register(L);
    api_rules_register(L);
    api_survey_register(L);
    api_sensitivity_register(L);
    api_re_register(L);
    api_target_register(L);
    api_project_register(L);
    api_xlsx_register(L);
    api_legacy_register(L);
    return 1;
}
