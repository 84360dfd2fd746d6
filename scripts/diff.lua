-- diff.lua — what changed between two methodologies, and how much of a score
-- change is the methodology rather than the unit's performance.
--
--   chiso diff rules/par/2021.lua rules/par/2022.lua
--   chiso diff A.lua B.lua --data a.csv --data-b b.csv [--mapping a_to_b.lua]

local cli = require "cli"
local scoring = require "scoring"

local function fold(s)
  return s and chiso.text.fold(s) or ""
end

-- Structural differences, matching nodes by code, then removed/added pairs by name.
local function structure(ma, mb)
  local na, nb = ma:nodes(), mb:nodes()
  local a_by, b_by = {}, {}
  for _, n in ipairs(na) do a_by[n.code] = n end
  for _, n in ipairs(nb) do b_by[n.code] = n end
  local changes = {}
  local function add(kind, a, b, note)
    changes[#changes + 1] = { kind = kind, a = a, b = b, note = note,
                              order = (b and b.index or 0) * 10000 + (a and a.index or 0) }
  end
  -- The two indexes are each other's roots whatever their codes.
  local root_a, root_b = na[1].code, nb[1].code
  local function parent_of(n, root) return n.parent == root and "(index)" or (n.parent or "") end
  local removed, added = {}, {}
  for _, a in ipairs(na) do
    local b = a.code == root_a and nb[1] or b_by[a.code]
    if b and b.code == root_b and a.code ~= root_a then b = nil end
    if not b then
      removed[#removed + 1] = a
    else
      local notes = {}
      if fold(a.name) ~= fold(b.name) then notes[#notes + 1] = "renamed" end
      if a.max ~= b.max then notes[#notes + 1] = "max moved" end
      if parent_of(a, root_a) ~= parent_of(b, root_b) then notes[#notes + 1] = "moved" end
      if a.rule and b.rule and a.rule ~= b.rule and #a.children == 0 then notes[#notes + 1] = "rule changed" end
      if #notes > 0 then
        local detail = {}
        if fold(a.name) ~= fold(b.name) then detail[#detail + 1] = string.format("name: %s → %s", a.name, b.name) end
        if parent_of(a, root_a) ~= parent_of(b, root_b) then
          detail[#detail + 1] = string.format("parent: %s → %s", parent_of(a, root_a), parent_of(b, root_b))
        end
        if a.rule ~= b.rule and #a.children == 0 and a.rule and b.rule then
          detail[#detail + 1] = string.format("rule: %s → %s", a.rule, b.rule)
        end
        add(table.concat(notes, ", "), a, b, table.concat(detail, "; "))
      end
    end
  end
  for _, b in ipairs(nb) do
    if not a_by[b.code] and b.code ~= root_b then added[#added + 1] = b end
  end
  -- A removed and an added node with the same name: renumbered.
  local used = {}
  for _, a in ipairs(removed) do
    local match
    for k, b in ipairs(added) do
      if not used[k] and a.name and fold(a.name) == fold(b.name) then match = k break end
    end
    if match then
      used[match] = true
      local b = added[match]
      add(a.max ~= b.max and "renumbered, max moved" or "renumbered", a, b,
        string.format("code %s → %s", a.code, b.code))
    else
      add("removed", a, nil, "")
    end
  end
  for k, b in ipairs(added) do
    if not used[k] then add("added", nil, b, "") end
  end
  table.sort(changes, function(x, y) return x.order < y.order end)
  return changes
end

local function structure_table(changes)
  local c = { change = {}, code = {}, name = {}, max_a = {}, max_b = {}, note = {} }
  for i, ch in ipairs(changes) do
    c.change[i] = ch.kind
    c.code[i] = ch.a and ch.b and ch.a.code ~= ch.b.code and (ch.a.code .. " → " .. ch.b.code) or (ch.b or ch.a).code
    c.name[i] = (ch.b or ch.a).name
    c.max_a[i] = ch.a and ch.a.max
    c.max_b[i] = ch.b and ch.b.max
    c.note[i] = ch.note ~= "" and ch.note or nil
  end
  return chiso.table{ n = #changes,
    { name = "change", type = "text", values = c.change }, { name = "code", type = "text", values = c.code },
    { name = "name", type = "text", values = c.name },
    { name = "max_a", type = "number", values = c.max_a }, { name = "max_b", type = "number", values = c.max_b },
    { name = "note", type = "text", values = c.note } }
end

-- Score change split: A data under A rules, A data under B rules, B data under B rules.
local function effects(ma, mb, opts)
  local da = scoring.data(opts.data, ma, opts)
  local ra = scoring.run(ma, da)
  local da_b = opts.mapping and scoring.apply_mapping(da, opts.mapping, opts) or da
  local rab = scoring.run(mb, da_b)
  local rbb
  if opts.data_b then rbb = scoring.run(mb, scoring.data(opts.data_b, mb, opts)) end
  local by_code = {}
  if rbb then for _, x in ipairs(rbb.units) do by_code[x.code] = x end end
  local d = ra.info.decimals or 2
  local c = { unit = {}, a = {}, ab = {}, meth = {}, b = {}, perf = {}, total = {} }
  for i, x in ipairs(ra.units) do
    local y = rab.units[i]
    local z = by_code[x.code]
    c.unit[i] = x.name
    c.a[i] = x.percent
    c.ab[i] = y.percent
    c.meth[i] = (x.percent and y.percent) and (y.percent - x.percent) or nil
    if rbb then
      c.b[i] = z and z.percent
      c.perf[i] = (z and z.percent and y.percent) and (z.percent - y.percent) or nil
      c.total[i] = (z and z.percent and x.percent) and (z.percent - x.percent) or nil
    end
  end
  local spec = { n = #ra.units,
    { name = "unit", type = "text", values = c.unit },
    { name = "a", type = "number", values = c.a, decimals = d },
    { name = "a_under_b", type = "number", values = c.ab, decimals = d },
    { name = "methodology", type = "number", values = c.meth, decimals = d, plus = true },
  }
  if rbb then
    spec[#spec + 1] = { name = "b", type = "number", values = c.b, decimals = d }
    spec[#spec + 1] = { name = "performance", type = "number", values = c.perf, decimals = d, plus = true }
    spec[#spec + 1] = { name = "change", type = "number", values = c.total, decimals = d, plus = true }
  end
  return chiso.table(spec), ra, rab, rbb
end

return {
  summary = "Compare two methodologies: nodes added, removed, renamed, max moved; split score changes",
  usage = "chiso diff RULES_A.lua RULES_B.lua [--data A.csv [--data-b B.csv] [--mapping MAP.lua]] [options]",
  help = [[
Nodes are matched by code; a node removed and another added under the same
name is reported as renumbered.  Changes are: added, removed, renamed, max
moved, moved (another parent), rule changed.

With --data (data laid out for RULES_A), every unit is also scored under
RULES_B: the difference is the methodology effect (same performance, other
rules).  With --data-b (the next year's data, for RULES_B) the rest of the
change is the performance effect: change = methodology + performance.
Scores are compared as % of the applicable maximum.

A mapping file says how to read A's data under B's rules when columns differ:
  return { from = "PAR2022", to = "PAR2023",
           columns = { new_column = "old_column",
                       derived = function(u) return u.a + u.b end } }
It runs sandboxed like any rule file.]],
  args = { min = 2, max = 2 },
  options = {
    { "data", arg = "A.csv", help = "data laid out for RULES_A: scored under both" },
    { "data-b", arg = "B.csv", help = "data for RULES_B: the performance effect" },
    { "mapping", arg = "MAP.lua", help = "how A's columns become B's" },
    { "unit-column", arg = "COL", help = "the column naming the units" },
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    local ma = scoring.rules(args[1], opts)
    local mb = scoring.rules(args[2], opts)
    if (opts.data_b or opts.mapping) and not opts.data then
      cli.usage_error("diff: --data-b and --mapping go with --data")
    end
    local changes = structure(ma, mb)
    local st = structure_table(changes)
    local ia, ib = ma:info(), mb:info()
    local eff
    if opts.data then eff = effects(ma, mb, opts) end
    if opts.format == "json" then
      return cli.emit(opts, chiso.json({ a = ia, b = ib, changes = st, scores = eff }))
    end
    if opts.format == "xlsx" then
      local sheets = { { name = "changes", table = st } }
      if eff then
        local d = ia.decimals or 2
        local function f(col, plus, minus)
          if not eff:has(col) then return nil end
          return cli.checked_formulas(eff, col, d, function(i)
            local a, b = eff:get(plus, i), eff:get(minus, i)
            if a == nil or b == nil then return nil end
            return string.format("{%s}-{%s}", plus, minus), a - b
          end)
        end
        sheets[2] = { name = "scores", table = eff, formulas = { methodology = f("methodology", "a_under_b", "a"),
          performance = f("performance", "b", "a_under_b"), change = f("change", "b", "a") } }
      end
      return cli.emit(opts, nil, sheets)
    end
    if opts.format ~= "table" then
      return cli.emit(opts, (eff or st):format(opts.format))
    end
    local out = {}
    out[#out + 1] = string.format("A: %s (%s)", ia.name or ia.code, args[1])
    out[#out + 1] = string.format("B: %s (%s)", ib.name or ib.code, args[2])
    out[#out + 1] = ""
    if #changes == 0 then
      out[#out + 1] = "No structural change: same codes, names, maxima and rules."
    else
      local counts = {}
      for _, ch in ipairs(changes) do
        local k = ch.kind:match("^[^,]+")
        counts[k] = (counts[k] or 0) + 1
      end
      local keys = {}
      for k in pairs(counts) do keys[#keys + 1] = k end
      table.sort(keys)
      local parts = {}
      for _, k in ipairs(keys) do parts[#parts + 1] = counts[k] .. " " .. k end
      out[#out + 1] = string.format("%d changes: %s", #changes, table.concat(parts, ", "))
      out[#out + 1] = ""
      out[#out + 1] = (st:format("table"):gsub("\n$", ""))
    end
    if eff then
      out[#out + 1] = ""
      out[#out + 1] = string.format("Scores (%% of the applicable maximum): a = %s under A; a_under_b = the same data under B%s",
        opts.data, opts.mapping and (" (mapped by " .. opts.mapping .. ")") or "")
      if opts.data_b then
        out[#out + 1] = string.format("b = %s under B; change = methodology + performance", opts.data_b)
      end
      out[#out + 1] = ""
      out[#out + 1] = (eff:format("table"):gsub("\n$", ""))
    end
    cli.emit(opts, table.concat(out, "\n") .. "\n")
  end,
}
