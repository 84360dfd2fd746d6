-- whatif.lua — "where would we rank if …": a scenario's changed units, their
-- projected score, rank and group beside the base, and the units they
-- overtake or fall behind.

local cli = require "cli"
local units2025 = require "units2025"
local scenario = require "scenario"

local fmt = scenario.fmt

local function rank_text(lo, hi)
  if lo == nil then return "?" end
  if lo == hi then return tostring(lo) end
  return lo .. "–" .. hi
end

local function others_text(sc, base)
  local o = sc.others
  if o.kind == "unchanged" then return "unchanged (as published)" end
  if o.kind == "own" then
    return string.format("each its own trend over the last %d years (published scores %d–%d)", o.years,
      base.year - o.years, base.year)
  end
  if o.kind == "regional" then
    return string.format("the mean trend of their region over the last %d years (published scores %d–%d)", o.years,
      base.year - o.years, base.year)
  end
  return "as the scenario's function says (" .. sc.file .. (o.line and (":" .. o.line) or "") .. ")"
end

local function change_text(a, d)
  local what = a.node == "total" and "total" or ("'" .. a.node .. "'")
  if a.from ~= nil and a.to ~= nil then
    local delta = a.to - a.from
    local same = tonumber(a.text) ~= nil and math.abs(tonumber(a.text) - delta) < 1e-9
    return string.format("%s %s → %s (%s%s)", what, fmt(a.from, d), fmt(a.to, d), a.text,
      same and "" or string.format(", %s%s", delta >= 0 and "+" or "", fmt(delta, d)))
  end
  return string.format("%s %s%s", what, a.text, a.note and (" — " .. a.note) or "")
end

local function names(list, d, max)
  local out = {}
  for i, y in ipairs(list) do
    if max and i > max then
      out[#out + 1] = string.format("and %d more", #list - max)
      break
    end
    out[#out + 1] = string.format("%s %s", y.name, fmt(y.score, d))
  end
  return table.concat(out, ", ")
end

-- Everything the report says, as data.
local function analyse(sc, base)
  local d = base.decimals
  local projections = {}
  for _, year in ipairs(sc.horizon) do projections[#projections + 1] = scenario.project(sc, base, year) end
  local units = {}
  for _, ch in ipairs(sc.changed) do
    local x = base.by_code[ch.unit]
    if not x then
      cli.fail(string.format("%s:%d: %s is not in %s", sc.file, ch.line, ch.name, base.title))
    end
    local blo, bhi = scenario.rank(base.units, x.code)
    local u = {
      code = x.code, name = x.name, line = ch.line,
      base = { year = base.year, score = x.score, rank_min = blo, rank_max = bhi, published_rank = x.rank,
               group = scenario.group(base.groups, x.score), lo = x.lo, hi = x.hi },
      years = {},
    }
    for _, p in ipairs(projections) do
      local y = p.by_code[x.code]
      local lo, hi = scenario.rank(p, x.code)
      local over, behind, undet = scenario.passes(base.units, p, x.code, d)
      u.applied = y.applied
      u.years[#u.years + 1] = {
        year = p.year, score = y.score, rank_min = lo, rank_max = hi, group = scenario.group(base.groups, y.score),
        lo = y.lo, hi = y.hi, overtakes = over, falls_behind = behind, undetermined = undet,
      }
    end
    units[#units + 1] = u
  end
  return units, scenario.notes(base, projections)
end

local function text_report(sc, base, units, notes)
  local d = base.decimals
  local out = {}
  out[#out + 1] = string.format("What if: %s — %s%s", sc.name, sc.file, sc.status and (" (" .. sc.status .. ")") or "")
  out[#out + 1] = string.format("Base: %s (%s; %s)%s", base.title, base.file,
    base.complete and string.format("complete: %d units", base.of)
      or string.format("partial: %d of %d scores %s", base.scored, base.of, base.units2025 and "derived" or "published"),
    base.rules and (", methodology " .. base.rules) or "")
  out[#out + 1] = "Others: " .. others_text(sc, base)
  if #units == 0 then
    out[#out + 1] = ""
    out[#out + 1] = "The scenario changes no unit."
  end
  local yw = 11
  for _, u in ipairs(units) do
    out[#out + 1] = ""
    out[#out + 1] = u.name
    local ch = {}
    for _, a in ipairs(u.applied or {}) do ch[#ch + 1] = change_text(a, d) end
    out[#out + 1] = "  changes: " .. (#ch > 0 and table.concat(ch, "; ") or "none")
    local first = u.years[1]
    if first and u.base.score and first.score and #(u.applied or {}) > 0 and u.applied[#u.applied].node ~= "total" then
      local delta = first.score - u.base.score
      out[#out + 1] = string.format("  score: %s → %s (%s%s)", fmt(u.base.score, d), fmt(first.score, d),
        delta >= 0 and "+" or "", fmt(delta, d))
    end
    local rows = { { "year", "score", "rank of " .. base.of, "group" } }
    local bs = u.base.score and fmt(u.base.score, d)
      or (u.base.lo and string.format("? (%s–%s)", fmt(u.base.lo, d), fmt(u.base.hi, d)) or "?")
    rows[#rows + 1] = { base.year .. " (base)", bs, rank_text(u.base.rank_min, u.base.rank_max), u.base.group or "" }
    for _, y in ipairs(u.years) do
      local s = y.score and fmt(y.score, d)
        or (y.lo and string.format("? (%s–%s)", fmt(y.lo, d), fmt(y.hi, d)) or "?")
      rows[#rows + 1] = { tostring(y.year), s, rank_text(y.rank_min, y.rank_max), y.group or "" }
    end
    local w = { 0, 0, 0, 0 }
    for _, r in ipairs(rows) do
      for i, c in ipairs(r) do w[i] = math.max(w[i], chiso.text.width(c)) end
    end
    w[1] = math.max(w[1], yw)
    for i, r in ipairs(rows) do
      local line = "  " .. chiso.text.pad(r[1], w[1]) .. "  " .. string.rep(" ", w[2] - chiso.text.width(r[2])) .. r[2]
        .. "  " .. chiso.text.pad(r[3], w[3]) .. "  " .. r[4]
      out[#out + 1] = (line:gsub("%s+$", ""))
      if i == 1 then
        out[#out + 1] = "  " .. string.rep("-", w[1]) .. "  " .. string.rep("-", w[2]) .. "  " .. string.rep("-", w[3])
          .. "  " .. string.rep("-", math.max(w[4], 5))
      end
    end
    out[#out + 1] = ""
    local last, last_year
    for _, y in ipairs(u.years) do
      local lines = {}
      if y.undetermined == nil then
        lines[#lines + 1] = u.base.score == nil
          and "its base score is not published: whom it passes is undetermined (chiso project draws it between its neighbours)"
          or "its projected score is unknown: whom it passes is undetermined"
      else
        lines[#lines + 1] = string.format("overtakes (%d): %s", #y.overtakes,
          #y.overtakes > 0 and names(y.overtakes, d, 12) or "none")
        lines[#lines + 1] = string.format("falls behind (%d): %s", #y.falls_behind,
          #y.falls_behind > 0 and names(y.falls_behind, d, 12) or "none")
        if y.undetermined > 0 then
          lines[#lines + 1] = string.format("undetermined: %d %s with %s scores may lie between %s and %s",
            y.undetermined, y.undetermined == 1 and "unit" or "units", base.units2025 and "no derived" or "unpublished", fmt(math.min(u.base.score, y.score), d),
            fmt(math.max(u.base.score, y.score), d))
        end
      end
      local text = table.concat(lines, "\n")
      if text == last then
        out[#out + 1] = string.format("  %d: as in %d", y.year, last_year)
      else
        for i, l in ipairs(lines) do
          out[#out + 1] = (i == 1 and string.format("  %d: ", y.year) or string.rep(" ", 8)) .. l
        end
      end
      last, last_year = text, y.year
    end
  end
  if #notes > 0 then
    out[#out + 1] = ""
    for _, n in ipairs(notes) do out[#out + 1] = "Note: " .. n end
  end
  out[#out + 1] = ""
  out[#out + 1] = base.complete and "Ranks are exact: every score of the table is known."
    or base.units2025 and "Ranks are intervals: a unit without a derived score lies anywhere within its bounds."
    or "Ranks are intervals: unpublished scores lie anywhere between their published neighbours (see 'chiso rank --score')."
  if base.groups_source then
    local g = {}
    for _, b in ipairs(base.groups) do g[#g + 1] = b[2] and (b[1] .. " ≥ " .. string.format("%g", b[2])) or b[1] end
    out[#out + 1] = "Groups: " .. table.concat(g, ", ") .. " (" .. base.groups_source .. ")."
  end
  return table.concat(out, "\n") .. "\n"
end

local function flat_table(base, units)
  local cols = { unit = {}, year = {}, basis = {}, score = {}, rank_min = {}, rank_max = {}, group = {},
                 overtakes = {}, falls_behind = {}, undetermined = {} }
  local n = 0
  local function add(u, y, basis, over, behind, undet)
    n = n + 1
    cols.unit[n], cols.year[n], cols.basis[n] = u.name, y.year, basis
    cols.score[n], cols.rank_min[n], cols.rank_max[n], cols.group[n] = y.score, y.rank_min, y.rank_max, y.group
    local o, b = {}, {}
    for _, z in ipairs(over or {}) do o[#o + 1] = z.name end
    for _, z in ipairs(behind or {}) do b[#b + 1] = z.name end
    cols.overtakes[n] = #o > 0 and table.concat(o, "; ") or nil
    cols.falls_behind[n] = #b > 0 and table.concat(b, "; ") or nil
    cols.undetermined[n] = undet
  end
  for _, u in ipairs(units) do
    add(u, u.base, "base")
    for _, y in ipairs(u.years) do add(u, y, "projected", y.overtakes, y.falls_behind, y.undetermined) end
  end
  local d = base.decimals
  return chiso.table {
    n = n,
    { name = "unit", type = "text", values = cols.unit },
    { name = "year", type = "number", values = cols.year, decimals = 0 },
    { name = "basis", type = "text", values = cols.basis },
    { name = "score", type = "number", values = cols.score, decimals = d },
    { name = "rank_min", type = "number", values = cols.rank_min, decimals = 0 },
    { name = "rank_max", type = "number", values = cols.rank_max, decimals = 0 },
    { name = "group", type = "text", values = cols.group },
    { name = "overtakes", type = "text", values = cols.overtakes },
    { name = "falls_behind", type = "text", values = cols.falls_behind },
    { name = "undetermined", type = "number", values = cols.undetermined, decimals = 0 },
  }
end

local function json_report(sc, base, units, notes)
  local function unitlist(list)
    local o = {}
    for _, z in ipairs(list or {}) do o[#o + 1] = { unit = z.name, code = z.code, score = z.score } end
    return o
  end
  local us = {}
  for _, u in ipairs(units) do
    local years = {}
    for _, y in ipairs(u.years) do
      years[#years + 1] = { year = y.year, score = y.score, rank_min = y.rank_min, rank_max = y.rank_max,
                            group = y.group, score_min = (not y.score) and y.lo or nil,
                            score_max = (not y.score) and y.hi or nil,
                            overtakes = unitlist(y.overtakes), falls_behind = unitlist(y.falls_behind),
                            undetermined = y.undetermined }
    end
    local changes = {}
    for _, a in ipairs(u.applied or {}) do
      -- rounded past any published precision: no binary noise (1.0499999…) in the JSON
      changes[#changes + 1] = { node = a.node, from = cli.round(a.from, 6), to = cli.round(a.to, 6),
                                delta = cli.round(a.delta, 6), change = a.text, note = a.note }
    end
    us[#us + 1] = { unit = u.name, code = u.code, changes = changes,
                    base = { year = u.base.year, score = u.base.score, rank_min = u.base.rank_min,
                             rank_max = u.base.rank_max, group = u.base.group },
                    projections = years }
  end
  return chiso.json {
    scenario = sc.name, file = sc.file, status = sc.status,
    base = { title = base.title, file = base.file, year = base.year, of = base.of, complete = base.complete,
             scored = base.scored, methodology = base.rules },
    others = sc.others.kind, horizon = sc.horizon, units = us, notes = notes,
  }
end

return {
  summary = "Where a scenario's units would rank: projected score, rank and group beside the base",
  usage = "chiso whatif SCENARIO.lua [options]",
  help = [[
SCENARIO.lua declares a scenario { … } (see docs/scenarios.md): the base
(a published table, or a methodology and data of your own), changes for some
units at any node ("+2", "x1.05", "= 85%", "= 8.5" or a function), what the
other units do (unchanged, their own or their region's trend, a function) and
the horizon year(s).

For every changed unit: the base score, rank and group, then per horizon year
the projected score, rank and group, and the units it overtakes or falls
behind.  On a partial published table ranks are intervals bounded by the
published neighbours (as in 'chiso rank --score'); on a complete table they are
exact.  For draws of the uncertainty, see 'chiso project'.]],
  args = { min = 1, max = 1 },
  options = { units2025.OPTIONS[1], units2025.OPTIONS[2], units2025.OPTIONS[3],
              cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS },
  run = function(opts, args)
    units2025.apply(opts, "whatif")
    local sc = scenario.load(args[1], opts)
    local base = scenario.base(sc, opts)
    local units, notes = analyse(sc, base)
    if opts.format == "json" then
      cli.emit(opts, json_report(sc, base, units, notes))
    elseif opts.format == "table" then
      cli.emit(opts, text_report(sc, base, units, notes))
    else
      cli.emit_table(opts, flat_table(base, units), "whatif")
    end
  end,
}
