-- check.lua — is a methodology file sound?  Unique codes, parts adding up,
-- every leaf scored, steps monotone and covering, and (with data) every column
-- it names present.

local cli = require "cli"
local scoring = require "scoring"

return {
  summary = "Check a methodology file (and the data it will score): each problem as FILE:LINE: message",
  usage = "chiso check RULES.lua [DATA.csv] [options]",
  help = [[
Checks: unique codes; the parts of each node add up to its maximum (or the
file says why with max_reason); every leaf has a scoring rule or a data column;
steps are monotone and cover their range, and give no more than the maximum;
groups are listed from the best down.  With DATA, every column the file names
must exist (the closest name is suggested).  Prints "ok" and exits 0 when there
is nothing to report, else one line per problem and exit status 1.]],
  args = { min = 1, max = 2 },
  options = { cli.DECIMAL_COMMA, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS },
  run = function(opts, args)
    local m = scoring.rules(args[1], opts)
    local mt = getmetatable(m)
    if mt and mt.__name == "chiso.Survey" then
      if m.check then
        local problems = m:check(args[2] and chiso.read(args[2], { decimal_comma = opts.decimal_comma or nil }) or nil)
        for _, p in ipairs(problems) do io.stderr:write("chiso: ", p, "\n") end
        if #problems > 0 then return 1 end
      end
      io.write(args[1], ": ok (survey)\n")
      return 0
    end
    local d = args[2] and chiso.read(args[2], { decimal_comma = opts.decimal_comma or nil }) or nil
    local problems = m:check(d)
    for _, p in ipairs(problems) do io.stderr:write("chiso: ", p, "\n") end
    if #problems > 0 then
      io.stderr:write(string.format("chiso: %d problem%s in %s\n", #problems, #problems == 1 and "" or "s", args[1]))
      return 1
    end
    local nodes = m:nodes()
    local leaves = 0
    local absent = {}
    for _, n in ipairs(nodes) do
      if #n.children == 0 and not n.view then leaves = leaves + 1 end
      if d and n.column and not d:has(n.column) then absent[#absent + 1] = n.column end
    end
    io.write(string.format("%s: ok (%d nodes, %d leaves%s)\n", args[1], #nodes, leaves,
      d and (", every column present in " .. args[2]) or ""))
    if #absent > 0 then
      -- Published values are optional: such nodes are scored from their parts where possible.
      io.write(string.format("note: %d column%s of published values not in %s: %s\n", #absent,
        #absent == 1 and "" or "s", args[2], table.concat(absent, ", ")))
    end
  end,
}
