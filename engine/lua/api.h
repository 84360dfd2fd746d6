/* api.h — the `chiso` module that trusted scripts (the Lua files in scripts/) see.
 *
 * Each api_<concern>.c adds its functions to the module table and creates its
 * metatables in one `void api_<concern>_register(lua_State *L)` call, with
 * the module table on top of the stack (leave the stack as found).
 * Metatable names are "chiso.<Type>" so type errors read
 * "bad argument #1 to 'write' (chiso.Table expected, got nil)".
 *
 * Errors a user can cause are raised with api_raise(): the message is a
 * complete "file:line:col: message" (no script position is prepended), and the
 * command exits with status 1.  Misuse of the API by a script raises with
 * luaL_error / luaL_argerror as usual (the script's file:line comes first).
 */
#ifndef CHISO_API_H
#define CHISO_API_H

#include <lua.h>

#include "diag.h"
#include "sandbox.h"

#define API_TABLE  "chiso.Table"
#define API_SANDBOX "chiso.Sandbox"
#define API_RULEFN "chiso.RuleFunction"
#define API_UNITS  "chiso.Units"
#define API_METHODOLOGY "chiso.Methodology"
#define API_SCORE  "chiso.Score"
#define API_SURVEY "chiso.Survey"

/* Open the chiso module (all api_*_register) and leave it on the stack. */
int luaopen_chiso(lua_State *L);

/* The chiso.Table at stack index i (raises a type error otherwise). */
struct Table *api_check_table(lua_State *L, int i);

/* Push a new chiso.Table userdata that owns t (freed by __gc). */
void api_push_table(lua_State *L, struct Table *t);

/* The scores inside the chiso.Score userdata at stack index i. */
const struct ScoreResult *api_check_score(lua_State *L, int i);

/* The Units registry inside the chiso.Units userdata at stack index i. */
struct Units *api_check_units(lua_State *L, int i);

/* Raise d->msg as a Lua error without position prefix. Does not return. */
int api_raise(lua_State *L, const Diag *d);

/* Raise a formatted message without position prefix. Does not return. */
int api_raisef(lua_State *L, const char *fmt, ...);

void api_table_register(lua_State *L);
void api_text_register(lua_State *L);
void api_units_register(lua_State *L);
void api_rank_register(lua_State *L);
void api_out_register(lua_State *L);
void api_sandbox_register(lua_State *L);
void api_dump_register(lua_State *L);
void api_rules_register(lua_State *L);
void api_survey_register(lua_State *L);
void api_xlsx_register(lua_State *L);
void api_sensitivity_register(lua_State *L); /* chiso.sensitivity (api_sensitivity.c) */
void api_re_register(lua_State *L);      /* chiso.re (api_re.c) */
void api_target_register(lua_State *L);
void api_project_register(lua_State *L);
void api_legacy_register(lua_State *L); /* chiso.encoding (api_legacy.c) */

/* `re` for rule files (api_re.c).  api_re_define defines the global `re` in
 * a sandbox (patterns compiled there use the sandbox's allocator, without
 * JIT); 0, or -1 with d set.  api_re_copy: if from[idx] is a chiso.Regex,
 * push the same pattern compiled in `to` and return 1, else 0 (raises in
 * `to` on failure). */
#define API_REGEX "chiso.Regex"
int api_re_define(Sandbox *sb, Diag *d);
int api_re_copy(lua_State *to, lua_State *from, int idx);

/* Install the rule language (index, area, steps, scenario, directive, …) in
 * a sandbox, as read-only globals of the rule files it runs afterwards. */
int api_rules_install_language(Sandbox *sb, Diag *d);

/* chiso.rules() found a survey { … } declaration on top of sb's stack: take
 * ownership of sb (freed with the new object, or before raising) and push a
 * chiso.Survey userdata, or raise "file:line: message". */
int api_survey_push(lua_State *L, Sandbox *sb, const char *path);

#endif
