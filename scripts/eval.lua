-- eval.lua — run one rule file in the sandbox and print the value it returns:
-- a debugging aid for rule authors, and how the sandbox is tested from the shell.

local cli = require "cli"

return {
  summary = "Run a rule file in the sandbox and print the value it returns",
  usage = "chiso eval FILE.lua [options]",
  help = [[
Rule files run sandboxed: only the base, string, table, math, utf8 and
coroutine libraries; no io, os, debug or binary chunks; require finds modules only under
rules/; an instruction budget and a memory cap stop runaway files.  The value
is printed as a Lua literal with sorted keys (--format json for JSON).]],
  args = { min = 1, max = 1 },
  options = {
    { "format", arg = "FMT", choices = { "lua", "json" }, default = "lua", help = "lua (the default) or json" },
    cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    -- With the rule language and regular expressions, so that any shipped
    -- rule file (methodology, survey, scenario, directive, extraction) runs.
    local sbo = cli.sandbox_options(opts, args[1])
    sbo.language, sbo.re = true, true
    local sb = chiso.sandbox(sbo)
    local value = sb:dofile(args[1])
    if opts.format == "json" then
      cli.emit(opts, chiso.json(value))
    else
      cli.emit(opts, chiso.dump(value) .. "\n")
    end
  end,
}
