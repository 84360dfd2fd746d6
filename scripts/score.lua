-- score.lua — score units under a methodology: points per node, total, % of
-- the applicable maximum, rank and group; --explain UNIT for one unit's
-- breakdown, sorted by the points it lost.

local cli = require "cli"
local scoring = require "scoring"

local function result_table(res, opts)
  local d = res.info.decimals or 2
  local cols = scoring.columns(res, opts.depth or 1, not opts.no_views)
  local spec = { n = #res.units, source = "score" }
  local unit, total, pct, rank, given, group = {}, {}, {}, {}, {}, {}
  local nodecols = {}
  for i, n in ipairs(cols) do nodecols[i] = {} end
  local has_given = false
  for i, x in ipairs(res.units) do
    unit[i], total[i], pct[i], rank[i], group[i] = x.name, x.total, x.percent, x.rank, x.group
    given[i] = x.given_rank
    if x.given_rank then has_given = true end
    for k, n in ipairs(cols) do nodecols[k][i] = res.score:get(n.code, x.i) end
  end
  spec[#spec + 1] = { name = "unit", type = "text", values = unit }
  for k, n in ipairs(cols) do
    spec[#spec + 1] = { name = n.code, type = "number", values = nodecols[k], decimals = d }
  end
  spec[#spec + 1] = { name = "total", type = "number", values = total, decimals = d }
  spec[#spec + 1] = { name = "percent", type = "number", values = pct, decimals = d }
  spec[#spec + 1] = { name = "rank", type = "number", values = rank, decimals = 0 }
  if has_given then
    spec[#spec + 1] = { name = "published_rank", type = "number", values = given, decimals = 0 }
  end
  spec[#spec + 1] = { name = "group", type = "text", values = group }
  return chiso.table(spec), cols
end

-- Units in display order: by rank, then the unscored by name.
local function ordered(res)
  local out = {}
  for _, x in ipairs(res.units) do out[#out + 1] = x end
  table.sort(out, function(a, b)
    if (a.rank ~= nil) ~= (b.rank ~= nil) then return a.rank ~= nil end
    if a.rank and a.rank ~= b.rank then return a.rank < b.rank end
    return a.i < b.i
  end)
  return out
end

local function verify_lines(res)
  local d = res.info.decimals or 2
  local lines, exact, within, beyond = {}, 0, 0, 0
  for _, v in ipairs(scoring.verify(res)) do
    if math.abs(v.diff) < 1e-9 then
      exact = exact + 1
    else
      local within_rounding = v.verdict == "agree"
      if within_rounding then within = within + 1 else beyond = beyond + 1 end
      local parts = {}
      for _, c in ipairs(v.node.children) do
        local p = res.score:get(c, v.unit.i)
        if p then parts[#parts + 1] = scoring.fmt(p, d) end
      end
      local how = v.node.aggregate == "sum" and table.concat(parts, " + ")
        or ("mean of " .. table.concat(parts, ", "))
      lines[#lines + 1] = string.format("  %s: %s %s %s, its parts %s = %s: %s by %s%s", v.unit.name, v.node.code,
        v.node.name or "", scoring.fmt(v.given, d), how, scoring.fmt(v.parts, d),
        within_rounding and "differs" or "DIFFERS", string.format("%+." .. (d + 1) .. "f", v.diff),
        within_rounding and string.format(" (within the rounding of %d parts, ±%s)", #parts,
          scoring.fmt(v.tolerance, d + 1)) or string.format(" — more than rounding allows (±%s)",
          scoring.fmt(v.tolerance, d + 1)))
    end
  end
  return lines, exact, within, beyond
end

-- --format xlsx: formulas over the component cells, kept only where they give
-- the value shown (see cli.checked_formulas and docs/formats.md).
local function num_text(v)
  if math.type(v) == "integer" or v == math.floor(v) then return string.format("%d", math.floor(v)) end
  return (string.format("%.15g", v))
end

local function result_formulas(res, t, cols)
  local d = res.info.decimals or 2
  local L = res.layout
  local root = L.by_code[L.root]
  local pos = {}
  for k, n in ipairs(cols) do pos[n.code] = k end
  local parts, contiguous, first, last = {}, true, nil, nil
  for _, c in ipairs(root.children or {}) do
    local n = L.by_code[c]
    if not pos[c] or (root.aggregate ~= "sum" and not (n.max and n.max > 0)) then return nil end
    if last and pos[c] ~= last + 1 then contiguous = false end
    first, last = first or pos[c], pos[c]
    parts[#parts + 1] = n
  end
  if #parts == 0 then return nil end
  local agg = root.aggregate or "sum"
  local tpl
  if agg == "sum" then
    if contiguous and #parts > 1 then
      tpl = string.format("SUM({%s}:{%s})", parts[1].code, parts[#parts].code)
    else
      local refs = {}
      for i, n in ipairs(parts) do refs[i] = "{" .. n.code .. "}" end
      tpl = #refs == 1 and refs[1] or ("SUM(" .. table.concat(refs, ",") .. ")")
    end
  elseif agg == "mean" and root.max then
    local refs = {}
    for i, n in ipairs(parts) do refs[i] = string.format("{%s}/%s", n.code, num_text(n.max)) end
    tpl = string.format("%s*AVERAGE(%s)", num_text(root.max), table.concat(refs, ","))
  elseif agg == "weighted_mean" and root.max then
    local refs, ws = {}, 0
    for i, n in ipairs(parts) do
      refs[i] = string.format("{%s}/%s*%s", n.code, num_text(n.max), num_text(n.weight or 1))
      ws = ws + (n.weight or 1)
    end
    tpl = string.format("%s*(%s)/%s", num_text(root.max), table.concat(refs, "+"), num_text(ws))
  else
    return nil
  end
  local function value_of(i)
    local p = {}
    for k, n in ipairs(parts) do
      p[k] = t:get(n.code, i)
      if p[k] == nil then return nil end
    end
    local v, ws = 0, 0
    for k, n in ipairs(parts) do
      if agg == "sum" then v = v + p[k]
      else
        local w = agg == "mean" and 1 or (n.weight or 1)
        v, ws = v + w * p[k] / n.max, ws + w
      end
    end
    if agg ~= "sum" then v = v / ws * root.max end
    return v
  end
  local total = cli.checked_formulas(t, "total", d, function(i) return tpl, value_of(i) end)
  local percent = cli.checked_formulas(t, "percent", d, function(i)
    local x = res.units[i]
    local tot = t:get("total", i)
    if not (x.max and x.max > 0 and tot) then return nil end
    if x.max == 100 then return "{total}", tot end
    return string.format("{total}/%s*100", num_text(x.max)), tot / x.max * 100
  end)
  return { total = total, percent = percent }
end

local function explain(res, opts)
  local x = scoring.find_unit(res, opts.explain)
  local d = res.info.decimals or 2
  local rows = scoring.explain(res, x.i)
  local spec = { n = #rows }
  local c = { code = {}, name = {}, points = {}, max = {}, lost = {}, decided = {}, owner = {}, value = {} }
  for i, r in ipairs(rows) do
    c.code[i], c.name[i], c.points[i], c.max[i], c.lost[i] = r.code, r.name, r.points, r.max, r.lost
    local how = r.decided
    if r.state == "given" then how = "as published" end
    if r.state == "na_full" then how = "not applicable: full points" end
    if r.state == "na_excluded" then how = "not applicable: left out" end
    local node = res.layout.by_code[r.code]
    if r.value ~= nil and how then
      local what = node.den_column and (node.value_column .. " / " .. node.den_column) or node.value_column
      how = string.format("%s = %s: %s", what, tostring(r.value), how)
    end
    c.decided[i], c.owner[i], c.value[i] = how, r.owner, r.value
  end
  spec[1] = { name = "code", values = c.code, type = "text" }
  spec[2] = { name = "name", values = c.name, type = "text" }
  spec[3] = { name = "points", values = c.points, type = "number", decimals = d }
  spec[4] = { name = "max", values = c.max, type = "number", decimals = d }
  spec[5] = { name = "lost", values = c.lost, type = "number", decimals = d } -- in index points
  spec[6] = { name = "decided_by", values = c.decided, type = "text" }
  spec[7] = { name = "owner", values = c.owner, type = "text" }
  local t = chiso.table(spec)
  if opts.format == "json" then
    return cli.emit(opts, chiso.json({ unit = x.name, total = x.total, max = x.max, percent = x.percent,
      rank = x.rank, published_rank = x.given_rank, group = x.group, breakdown = t }))
  end
  if opts.format == "xlsx" then
    local lost = cli.checked_formulas(t, "lost", d, function(i)
      local r = rows[i]
      local mx, pts = r.max, r.points
      if not (mx and pts) then return nil end
      local f = scoring.factor(res, r.code, x.i)
      if math.abs(f - 1) < 1e-12 then return "{max}-{points}", mx - pts end
      return string.format("({max}-{points})*%s", num_text(f)), (mx - pts) * f
    end)
    return cli.emit(opts, nil, { { name = x.name, table = t, formulas = { lost = lost } } })
  end
  if opts.format ~= "table" then return cli.emit(opts, t:format(opts.format)) end
  local lost = 0
  for _, r in ipairs(rows) do lost = lost + (r.lost or 0) end
  local out = {}
  out[#out + 1] = string.format("%s — %s (%s)", x.name, res.info.name or res.info.code, res.info.file)
  out[#out + 1] = string.format("total %s of %s (%s%%), rank %s%s%s", scoring.fmt(x.total, d), scoring.fmt(x.max, d),
    scoring.fmt(x.percent, d), x.rank or "?", x.given_rank and string.format(" (published rank %d)", x.given_rank) or "",
    x.group and (", group " .. x.group) or "")
  out[#out + 1] = ""
  out[#out + 1] = (t:format("table"):gsub("\n$", ""))
  out[#out + 1] = ""
  out[#out + 1] = string.format("Points lost: %s of the index, largest first (a part of a mean counts by its share).",
    scoring.fmt(lost, d))
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

local function long_table(res, opts)
  local d = res.info.decimals or 2
  local c = { unit = {}, code = {}, name = {}, points = {}, max = {}, percent = {}, state = {} }
  local k = 0
  for _, x in ipairs(ordered(res)) do
    for _, n in ipairs(res.layout.nodes) do
      k = k + 1
      c.unit[k], c.code[k], c.name[k] = x.name, n.code, n.name
      c.points[k] = res.score:get(n.code, x.i)
      c.max[k] = res.score:get(n.code, x.i, "max")
      c.percent[k] = res.score:get(n.code, x.i, "percent")
      c.state[k] = res.score:get(n.code, x.i, "state")
    end
  end
  return chiso.table{ n = k,
    { name = "unit", values = c.unit, type = "text" }, { name = "code", values = c.code, type = "text" },
    { name = "name", values = c.name, type = "text" },
    { name = "points", values = c.points, type = "number", decimals = d },
    { name = "max", values = c.max, type = "number", decimals = d },
    { name = "percent", values = c.percent, type = "number", decimals = d },
    { name = "state", values = c.state, type = "text" } }
end

return {
  summary = "Score units under a methodology: points per node, total, % of max, rank, group; --explain a unit",
  usage = "chiso score RULES.lua DATA.csv [--explain UNIT] [options]",
  help = [[
DATA has one row per unit (a unit column: unit, province, ministry, …) and the
columns the rule file names.  Published component scores are taken as given
and checked against their parts; a difference within the rounding of the parts
(0.005 per part at two decimals) is reported, a larger one flagged.

Ranks use competition ranking (equal scores share a rank) on the % of the
applicable maximum, at the methodology's published precision; when DATA has a
'rank' column (a published table), it is shown beside the computed rank, which
then only orders the units present.

--explain UNIT prints the unit's breakdown: points earned and lost per leaf,
what decided them (the threshold met, on time or late, as published), and the
owner agency, largest loss first.

For a respondent-level survey (survey { … }), DATA holds one row per respondent.]],
  args = { min = 2, max = 2 },
  options = {
    { "explain", arg = "UNIT", help = "one unit's breakdown, sorted by points lost" },
    { "depth", arg = "N", type = "integer", default = 1, help = "node columns down to depth N (1: the index's parts)" },
    { "long", help = "one row per unit and node" },
    { "no-views", help = "leave out the view groups (e.g. documents vs surveys)" },
    { "unit-column", arg = "COL", help = "the column naming the units" },
    { "mapping", arg = "MAP.lua", help = "score data laid out for another year's rules (see chiso help diff)" },
    { "input", arg = "NAME=FILE", help = "data for a from_rules leaf: the index rules/NAME.lua scored on FILE (a=x.csv,b=y.csv)" },
    { "ci", help = "surveys: bootstrap 95% intervals of each unit's index and rank band" },
    { "criteria", help = "surveys: each question's satisfaction rate per unit" },
    { "draws", arg = "N", type = "integer", help = "surveys with --ci: bootstrap draws" },
    { "seed", arg = "S", type = "integer", default = 1, help = "surveys with --ci: random seed" },
    { "threads", arg = "T", type = "integer", help = "surveys with --ci: threads (results do not depend on it)" },
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    local m = scoring.rules(args[1], opts)
    local mt = getmetatable(m)
    if mt and mt.__name == "chiso.Survey" then
      return require("survey").score(m, opts, args)
    end
    local d = scoring.data(args[2], m, opts)
    if opts.mapping then d = scoring.apply_mapping(d, opts.mapping, opts) end
    local res = scoring.run(m, d, opts)
    if opts.explain then return explain(res, opts) end
    if opts.long then
      local t = long_table(res, opts)
      if opts.format == "xlsx" then
        local d = res.info.decimals or 2
        local pct = cli.checked_formulas(t, "percent", d, function(i)
          local p, mx = t:get("points", i), t:get("max", i)
          if not (p and mx and mx > 0) then return nil end
          return "{points}/{max}*100", p / mx * 100
        end)
        return cli.emit(opts, nil, { { name = "score (long)", table = t, formulas = { percent = pct } } })
      end
      return cli.emit(opts, opts.format == "json" and chiso.json(t) or t:format(opts.format))
    end
    res.units = ordered(res) -- rows by rank, for reading
    local t, cols = result_table(res, opts)
    local lines, exact, within, beyond = verify_lines(res)
    if opts.format == "xlsx" then
      return cli.emit(opts, nil, { { name = res.info.code or "score", table = t,
                                    formulas = result_formulas(res, t, cols) } })
    end
    if opts.format == "json" then
      local checks = {}
      for _, v in ipairs(scoring.verify(res)) do
        checks[#checks + 1] = { unit = v.unit.name, node = v.node.code, given = v.given, parts = v.parts,
                                difference = v.diff, tolerance = v.tolerance, verdict = v.verdict }
      end
      return cli.emit(opts, chiso.json({ methodology = res.info, data = d.path, scored = res.scored,
        units = #res.units, rows = t, checks = checks }))
    end
    if opts.format ~= "table" then
      cli.emit(opts, t:format(opts.format))
      if beyond > 0 then
        for _, l in ipairs(lines) do
          if l:find("DIFFERS", 1, true) then chiso.warn("warning:" .. l:gsub("^ ", "")) end
        end
      end
      return
    end
    local info = res.info
    local out = {}
    out[#out + 1] = string.format("%s (%s) — %s: %d of %d units scored", info.name or info.code, info.file,
      d.path, res.scored, #res.units)
    out[#out + 1] = ""
    out[#out + 1] = (t:format("table"):gsub("\n$", ""))
    if res.scored < #res.units then
      out[#out + 1] = ""
      out[#out + 1] = string.format("%d units lack the data for a total (no published total and incomplete parts).",
        #res.units - res.scored)
    end
    if d.table:has("rank") then
      out[#out + 1] = "'rank' orders only the units in the file; 'published_rank' is the rank the file gives."
    end
    if exact + within + beyond > 0 then
      out[#out + 1] = ""
      out[#out + 1] = string.format(
        "Published values against their parts: %d exact, %d within rounding, %d beyond rounding.",
        exact, within, beyond)
      for _, l in ipairs(lines) do out[#out + 1] = l end
    end
    cli.emit(opts, table.concat(out, "\n") .. "\n")
  end,
}
