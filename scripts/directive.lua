-- directive.lua — where a province stands against its own directive.
--
--   chiso directive rules/directives/lai-chau.lua --year 2024
--
-- A directive file (rules/directives/*.lua) declares a province's targets by
-- year (rank ≤ k, score ≥ s, SIPAS ≥ x %, no area below y % of its max, a
-- group) and the agency (sở, ban, ngành) that owns each area or criterion.
-- For every target whose deadline is the report year or later the report
-- gives
--   * met / missed / at risk: from the published table of the deadline year
--     when it is out, otherwise from a projection (the directive's scenario,
--     or by default every unit on its own trend over three years) with the
--     probability of meeting it (Monte Carlo, chiso.project);
--   * the score the target needs and the yearly improvement still needed,
--     from the unit's latest published score;
-- and the points lost by owner agency, largest first: the methodology's
-- nodes with the unit's published points, each node's owner from the
-- directive (or the methodology), "unassigned" where nobody is named.

local cli = require "cli"
local data = require "data"

local target_cmd = assert(loadfile(chiso.home .. "/scripts/target.lua", "t"))()
local T = target_cmd.lib

local fmt = T.fmt

-- Status from a probability of meeting the target.
local MET_P, MISSED_P = 0.9, 0.1

local function status_of(p)
  if p >= MET_P then return "met" end
  if p <= MISSED_P then return "missed" end
  return "at risk"
end

-- ---------------------------------------------------------------------------
-- Loading and checking the directive

-- The line of each target: the n-th "by = YEAR" after the directive's line.
local function target_lines(d)
  local out = {}
  for i, l in ipairs(cli.file_lines(d.path)) do
    if i >= (d.line or 1) then
      for _ in l:gmatch("%f[%w_]by%s*=%s*%d+") do out[#out + 1] = i end
    end
  end
  return out
end

local KINDS = { "rank", "score", "sipas", "area_min", "group" }

local function load_directive(path, opts)
  local d = T.load_decl(path, opts, "directive")
  local w = T.where(d)
  d.index = d.index or "par"
  if type(d.index) ~= "string" or not data.INDEXES[d.index] or d.index == "sipas" then
    cli.fail(string.format("%sdirective: index must be \"par\" (provinces) or \"ministries\", not %s", w,
      tostring(d.index)))
  end
  local spec = data.INDEXES[d.index]
  local reg = data.units(spec.kind)
  -- An unknown unit is reported at its own line (`unit = …`), not the directive's.
  local uline = d.line
  local src = cli.file_lines(d.path)
  for i = d.line or 1, #src do
    if src[i]:match("^%s*unit%s*=") or src[i]:match("[{,]%s*unit%s*=") then uline = i break end
  end
  d.code, d.unit_name = reg:resolve(d.unit, d.path, uline)
  local lines = target_lines(d)
  if #lines ~= #d.targets then lines = {} end
  for i, tg in ipairs(d.targets) do
    tg.n = i
    tg.line = lines[i] or d.line
    local tw = string.format("%s:%d: target %d", d.path, tg.line, i)
    for _, k in ipairs(KINDS) do
      if tg[k] ~= nil then tg.kind, tg.value = k, tg[k] end
    end
    if tg.kind == "rank" then
      if math.type(tg.value) ~= "integer" or tg.value < 1 then cli.fail(tw .. ": rank must be a whole number ≥ 1") end
    elseif tg.kind == "group" then
      if type(tg.value) ~= "string" then cli.fail(tw .. ": group = \"A\" (a group label)") end
    elseif type(tg.value) ~= "number" or tg.value < 0 or tg.value > 100 then
      cli.fail(string.format("%s: %s must be a number from 0 to 100", tw, tg.kind))
    end
    if tg.by < 2000 or tg.by > 2100 then cli.fail(tw .. ": by must be a year such as 2025") end
  end
  d.owners_map, d.costs_map = T.check_owners_costs(d)
  return d
end

-- ---------------------------------------------------------------------------
-- Published figures

local function row_of(index, year, code)
  local ok, pub = pcall(data.published, index, year)
  if not ok then return nil end
  for i, r in ipairs(pub.rows) do
    if r.unit == code then return r, pub, i end
  end
  return nil, pub
end

-- The unit's latest published value of an index (score, else rank), up to `upto`.
local function latest(index, code, upto)
  local years = data.years(index)
  for k = #years, 1, -1 do
    local y = years[k]
    if not upto or y <= upto then
      local r = row_of(index, y, code)
      if r and (r.score or r.rank) then return { year = y, score = r.score, rank = r.rank, row = r } end
    end
  end
end

local function latest_scored(index, code, upto)
  local years = data.years(index)
  for k = #years, 1, -1 do
    local y = years[k]
    if not upto or y <= upto then
      local r = row_of(index, y, code)
      if r and r.score then return { year = y, score = r.score, rank = r.rank, row = r } end
    end
  end
end

local function has_year(index, year)
  for _, y in ipairs(data.years(index)) do
    if y == year then return true end
  end
  return false
end

-- Group bands of a published year: the methodology's.
local function bands(index, year, opts)
  local path = T.rules_path(index, year)
  if not path then return nil end
  local m = require("scoring").rules(path, opts)
  local mt = getmetatable(m)
  if mt and mt.__name ~= "chiso.Methodology" then return nil end
  return m:info().groups, m
end

local function band_bound(groups, label)
  for _, g in ipairs(groups or {}) do
    if chiso.text.fold(g[1]) == chiso.text.fold(label) then return g[2] or 0, g[1] end
  end
end

-- Area scores of a published row, as % of the area's max, from the year's
-- by_area view (its nodes name the area columns and, where public, maxima).
local function areas_of(index, year, row, opts)
  local _, m = bands(index, year, opts)
  if not m then return nil end
  local out, unknown = {}, 0
  for _, n in ipairs(m:nodes()) do
    if n.view == "by_area" and n.kind == "group" and n.column then
      local v = row.row[n.column]
      if type(v) == "number" and n.max then
        out[#out + 1] = { code = n.code, name = n.name, points = v, max = n.max, pct = v / n.max * 100 }
      else
        unknown = unknown + 1
      end
    end
  end
  if #out == 0 and unknown == 0 then return nil end
  return out, unknown
end

-- ---------------------------------------------------------------------------
-- Projection: a scenario (the directive's, or every unit on its own trend)

local function scenario_lib()
  local ok, sc = pcall(require, "scenario")
  if ok then return sc end
end

-- A default scenario: base = the latest published table of the index,
-- every unit on its own trend.  Written to a temporary file so that it goes
-- through scenario.load like any other.
local function default_scenario(scenario, index, year, horizon, opts)
  local okname, tmp = pcall(os.tmpname)
  local f, err = okname and io.open(tmp, "w")
  if not f then
    cli.fail("directive: cannot write the default scenario to a temporary file (" .. tostring(err or tmp)
      .. "); name a scenario in the directive (scenario = \"scenarios/NAME\")")
  end
  f:write(string.format("return scenario { name = \"every unit on its own trend (3 years)\", "
    .. "base = { index = %q, year = %d }, others = trend { years = 3 }, horizon = %d }\n", index, year, horizon))
  f:close()
  local ok, sc = pcall(scenario.load, tmp, opts)
  os.remove(tmp)
  if not ok then error(sc, 0) end
  sc.file = nil
  sc.default = true
  return sc
end

-- P(target) at `year` under sc, by Monte Carlo over the projected table, with
-- the model of `chiso project` (scripts/project.lua): each unit's yearly
-- noise (scenario.noise) grows with the square root of the years ahead; a
-- score that is not published is drawn between its published neighbours
-- ("slot") or in one of the free places ("pool"; a unit of unknown place that
-- the scenario gives a score frees the place nearest to it).
-- want = { rank = k } | { threshold = s }.  Returns p, details.
local function probability(scenario, sc, base, year, code, want, opts)
  local units = scenario.project(sc, base, year)
  local f = math.sqrt(math.max(year - base.year, 0))
  local noise = scenario.noise(sc, base)
  local spec = { mean = {}, sd = {}, offset = {}, kind = {}, lo = {}, hi = {}, min = 0, max = 100,
                 decimals = units.decimals or base.decimals or 2, draws = opts.draws, seed = opts.seed }
  local pool = scenario.free_places(base, units)
  local idx
  for i, y in ipairs(units) do
    local x = base.units[i]
    if y.code == code then idx = i end
    spec.sd[i] = (noise[y.code] and noise[y.code].sd or 0) * f
    spec.lo[i], spec.hi[i] = 0, 0
    if y.score ~= nil then
      spec.kind[i], spec.mean[i], spec.offset[i] = "known", y.score, 0
    else
      spec.mean[i], spec.offset[i] = 0, y.shift or 0
      if x.slot == "rank" then
        spec.kind[i] = "slot"
        spec.lo[i], spec.hi[i] = x.lo or 0, x.hi or 100
      else
        spec.kind[i] = "pool"
      end
    end
  end
  spec.pool = pool
  if not idx then return nil end
  if want.rank then spec.ranks = { want.rank } end
  if want.threshold then spec.threshold = want.threshold end
  local r = chiso.project(spec)
  local u = r.units[idx]
  local p = want.rank and u.le[want.rank] or u.above
  return p, { median = u.median, p5 = u.p5, p95 = u.p95, mean = u.mean, sd = spec.sd[idx],
              known = units[idx].score ~= nil, draws = r.draws }
end

-- ---------------------------------------------------------------------------
-- One target

local function label(tg)
  if tg.kind == "rank" then return string.format("rank ≤ %d", tg.value) end
  if tg.kind == "score" then return string.format("score ≥ %s", fmt(tg.value, 2)) end
  if tg.kind == "sipas" then return string.format("SIPAS ≥ %s%%", fmt(tg.value, 2)) end
  if tg.kind == "area_min" then return string.format("every area ≥ %s%% of its max", fmt(tg.value, 0)) end
  return string.format("group %s", tg.value)
end

local function index_of(d, tg)
  return tg.kind == "sipas" and "sipas" or d.index
end

-- The score a target needs in the latest published table of the index (rank:
-- the least score certain to hold it, as `chiso target`; group: the band's
-- bound in that year's methodology).
local function needed_score(d, tg, opts)
  if tg.kind == "score" or tg.kind == "sipas" then return tg.value end
  local ys = data.years(d.index)
  local year = ys[#ys]
  if tg.kind == "group" then
    local groups = bands(d.index, year, opts)
    local b = band_bound(groups, tg.value)
    if not b then
      local labels = {}
      for _, g in ipairs(groups or {}) do labels[#labels + 1] = g[1] end
      cli.fail(string.format("%s:%d: target %d: no group '%s' in %s %d%s", d.path, tg.line, tg.n, tg.value,
        data.INDEXES[d.index].title, year,
        #labels > 0 and (" (groups: " .. table.concat(labels, ", ") .. ")") or " (no group bands known)"))
    end
    return b
  end
  if tg.kind == "rank" then
    local pub = data.published(d.index, year)
    local ctx = { decimals = 2, max = 100, partial = true, of = pub.of, of_known = pub.of_known }
    local entries, idx = {}, nil
    for i, r in ipairs(pub.rows) do
      entries[i] = { score = r.score, rank = r.rank }
      if r.unit == d.code then idx = i end
    end
    ctx.rank_interval = function(S)
      return chiso.rank.interval(entries, pub.of, S, { exclude = idx, decimals = 2 })
    end
    local need = T.needed(ctx, { rank = tg.value })
    return need.score, need
  end
end

-- The scenario (and its base) used to project an index.
local function projection_for(ctx, d, index, horizon, opts)
  local scenario = scenario_lib()
  if not scenario then return nil end
  local sc, base = ctx.scenarios[index], ctx.bases[index]
  if not sc then
    local ly = data.years(index)
    local year = ly[#ly]
    -- The directive's scenario projects the index it is based on; the
    -- other index (PAR or SIPAS) goes by the default.
    local dsc = ctx.directive_scenario
    if dsc and dsc.base and dsc.base.index == index then
      sc = ctx.directive_scenario
    else
      sc = default_scenario(scenario, index, year, math.max(horizon, year), opts)
    end
    base = scenario.base(sc, opts)
    ctx.scenarios[index], ctx.bases[index] = sc, base
  end
  return scenario, sc, base
end

local function project_target(r, d, tg, opts, ctx)
  local scenario, sc, base = projection_for(ctx, d, r.index, tg.by, opts)
  if not scenario then
    r.status, r.why = "unknown", "no projection available (scripts/lib/scenario.lua is missing)"
    return r
  end
  if tg.by < base.year then
    r.status = "unknown"
    r.why = string.format("the deadline is before the projection's base year %d", base.year)
    return r
  end
  local want = tg.kind == "rank" and { rank = tg.value } or { threshold = r.needed }
  local p, det = probability(scenario, sc, base, tg.by, d.code, want, opts)
  if p == nil then
    r.status, r.why = "unknown", string.format("%s is not in the projected table", d.unit_name)
    return r
  end
  r.p, r.mc = p, det
  r.status = status_of(p)
  return r
end

local function evaluate(d, tg, opts, ctx)
  local index = index_of(d, tg)
  local r = { target = tg, label = label(tg), by = tg.by, index = index, note = tg.note }
  local cur = latest_scored(index, d.code)
  r.latest = latest(index, d.code)
  r.latest_scored = cur
  -- What the target needs, and the improvement a year from the latest score.
  if tg.kind == "area_min" then
    if cur then
      local areas, unknown = areas_of(index, cur.year, cur.row, opts)
      if areas and #areas > 0 then
        local worst
        for _, a in ipairs(areas) do
          if not worst or a.pct < worst.pct then worst = a end
        end
        r.areas, r.areas_unknown = areas, unknown
        r.worst = worst
        -- Every area below y %: the least 2-decimal score at or above y % of
        -- its max; the gap is what all of them still need together.
        local below, gap = {}, 0
        for _, a in ipairs(areas) do
          local need_pts = math.ceil(a.max * tg.value - 1e-7) / 100
          if a.points < need_pts - 1e-9 then
            below[#below + 1] = string.format("%s ≥ %s", a.code, fmt(need_pts, 2))
            gap = gap + (need_pts - a.points)
          end
        end
        r.gap = gap
        r.needed_text = #below > 0 and ("area " .. table.concat(below, ", ")) or "every known area"
      end
    end
  else
    r.needed, r.needed_detail = needed_score(d, tg, opts)
    if r.needed and cur then r.gap = math.max(0, r.needed - cur.score) end
  end
  if r.gap and cur then
    r.years_left = tg.by - cur.year
    if r.years_left > 0 then r.per_year = r.gap / r.years_left end
  end
  -- Met or missed by the published table of the deadline year, when it says.
  local lastyear = data.years(index)[#data.years(index)]
  if tg.by <= lastyear and has_year(index, tg.by) then
    local row, pub, i = row_of(index, tg.by, d.code)
    local p
    if tg.kind == "rank" then
      if row and row.rank then
        p = row.rank <= tg.value and 1 or 0
      elseif row and row.score then
        local entries = {}
        for k, x in ipairs(pub.rows) do entries[k] = { score = x.score, rank = x.rank } end
        local lo, hi = chiso.rank.interval(entries, pub.of, row.score, { exclude = i, decimals = 2 })
        p = hi <= tg.value and 1 or lo > tg.value and 0 or nil
      end
    elseif tg.kind == "area_min" then
      if row and row.score then
        local areas, unknown = areas_of(index, tg.by, row, opts)
        if areas and #areas > 0 then
          local below = false
          for _, a in ipairs(areas) do if a.pct < tg.value - 1e-9 then below = true end end
          p = below and 0 or (unknown == 0 and 1 or nil)
        end
      end
    elseif row and row.score and r.needed then
      p = row.score >= r.needed - 1e-9 and 1 or 0
    end
    if p ~= nil then
      r.status, r.p = p == 1 and "met" or "missed", p
      r.basis = "published " .. tg.by
      return r
    end
    if tg.kind == "area_min" then
      r.status, r.basis = "unknown", "published " .. tg.by
      r.why = "the area scores are not published"
      return r
    end
    -- Not decidable from the table: the unlisted places, drawn.
    r.basis = string.format("published %d (%s): P from the places left open", tg.by,
      row and "undecided by its figures" or (d.unit_name .. " not listed"))
    return project_target(r, d, tg, opts, ctx)
  end
  -- A deadline after the latest published table: the projection.
  if tg.kind == "area_min" then
    r.status, r.basis = "unknown", "no area scores published"
    if r.worst then
      r.status = r.worst.pct >= tg.value - 1e-9 and (r.areas_unknown == 0 and "met" or "unknown") or "at risk"
      r.basis = string.format("latest %d (areas are not projected)", cur.year)
      r.why = nil
    end
    return r
  end
  r.basis = string.format("projected to %d", tg.by)
  return project_target(r, d, tg, opts, ctx)
end

-- ---------------------------------------------------------------------------
-- Points lost by owner

local function losses(d, opts)
  local cur = latest_scored(d.index, d.code)
  if not cur then
    return { none = string.format("%s has no published %s score: no points to attribute", d.unit_name,
      data.INDEXES[d.index].title) }
  end
  local ctx = T.published_context(d.index, cur.year, d.unit_name, opts)
  local levers, notes = T.levers(ctx, d.owners_map, d.costs_map)
  local by_owner, order = {}, {}
  local total = 0
  for _, lv in ipairs(levers) do
    local lost = lv.max and math.max(0, lv.max - lv.points) * lv.factor or nil
    if lost and lost > 1e-9 then
      local who = lv.owner or "unassigned"
      if not by_owner[who] then
        by_owner[who] = { owner = who, lost = 0, nodes = {} }
        order[#order + 1] = by_owner[who]
      end
      local o = by_owner[who]
      o.lost = o.lost + lost
      o.nodes[#o.nodes + 1] = { code = lv.code, name = lv.name, points = lv.points, max = lv.max, lost = lost }
      total = total + lost
    end
  end
  table.sort(order, function(a, b)
    if math.abs(a.lost - b.lost) > 1e-9 then return a.lost > b.lost end
    if (a.owner == "unassigned") ~= (b.owner == "unassigned") then return b.owner == "unassigned" end
    return a.owner < b.owner
  end)
  for _, o in ipairs(order) do
    table.sort(o.nodes, function(a, b)
      if math.abs(a.lost - b.lost) > 1e-9 then return a.lost > b.lost end
      return a.code < b.code
    end)
  end
  -- Owners the directive names for codes this year's methodology does not have.
  local unused = {}
  if ctx.res then
    local L = ctx.res.layout
    for code in pairs(d.owners_map) do
      if not L.by_code[code] and code ~= "total" then unused[#unused + 1] = code end
    end
    table.sort(unused)
  end
  return { year = cur.year, score = cur.score, rank = cur.rank, owners = order, total = total, notes = notes,
           rules = ctx.rules_rel, unused = unused, ctx = ctx }
end

-- ---------------------------------------------------------------------------
-- Output

local function targets_table(rows)
  local c = { by = {}, target = {}, latest = {}, status = {}, p = {}, basis = {}, needed = {}, gap = {}, per_year = {} }
  for i, r in ipairs(rows) do
    c.by[i] = r.by
    c.target[i] = r.label
    local l = r.latest
    if r.target.kind == "rank" and l then
      c.latest[i] = string.format("%s%s (%d)", l.score and (fmt(l.score, 2) .. ", ") or "",
        l.rank and ("rank " .. l.rank) or "rank not published", l.year)
    elseif r.target.kind == "area_min" and r.worst then
      c.latest[i] = string.format("area %s %s%% (%d)", r.worst.code, fmt(r.worst.pct, 1), r.latest_scored.year)
    elseif l then
      c.latest[i] = string.format("%s (%d)", l.score and fmt(l.score, 2) or ("rank " .. tostring(l.rank)), l.year)
    else
      c.latest[i] = "not published"
    end
    c.status[i] = r.status
    c.p[i] = r.p
    c.basis[i] = r.basis .. (r.why and (": " .. r.why) or "")
    c.needed[i] = r.needed_text or r.needed
    c.gap[i] = r.gap
    c.per_year[i] = r.per_year
  end
  local needed_text = false
  for _, r in ipairs(rows) do if r.needed_text then needed_text = true end end
  return chiso.table { n = #rows,
    { name = "by", type = "number", values = c.by, decimals = 0 },
    { name = "target", type = "text", values = c.target },
    { name = "latest", type = "text", values = c.latest },
    { name = "status", type = "text", values = c.status },
    { name = "p_met", type = "number", values = c.p, decimals = 2 },
    { name = "needed", type = needed_text and "text" or "number", values = (function()
        if not needed_text then return c.needed end
        local t = {}
        for i = 1, #rows do t[i] = type(c.needed[i]) == "number" and fmt(c.needed[i], 2) or c.needed[i] end
        return t
      end)(), decimals = 2 },
    { name = "gap", type = "number", values = c.gap, decimals = 2 },
    { name = "per_year", type = "number", values = c.per_year, decimals = 2 },
    { name = "basis", type = "text", values = c.basis },
  }
end

local function owners_table(L)
  local c = { owner = {}, lost = {}, nodes = {} }
  for i, o in ipairs(L.owners) do
    c.owner[i] = o.owner
    c.lost[i] = o.lost
    local ns = {}
    for _, n in ipairs(o.nodes) do ns[#ns + 1] = string.format("%s %s", n.code, fmt(n.lost, 2)) end
    c.nodes[i] = table.concat(ns, "; ")
  end
  return chiso.table { n = #L.owners,
    { name = "owner", type = "text", values = c.owner },
    { name = "lost", type = "number", values = c.lost, decimals = 2 },
    { name = "nodes", type = "text", values = c.nodes },
  }
end

local function text_report(d, rows, L, opts, ctx, skipped)
  local out = {}
  local title = data.INDEXES[d.index].title
  out[#out + 1] = string.format("%s — %s%s", d.unit_name, d.name or d.issued or "directive",
    d.issued and d.name and (" (" .. d.issued .. ")") or "")
  out[#out + 1] = string.format("  file     %s%s", d.path, d.status and (" (status: " .. d.status .. ")") or "")
  if d.source then out[#out + 1] = "  source   " .. d.source end
  if d.note then out[#out + 1] = "  note     " .. d.note end
  out[#out + 1] = string.format("  year     %d: targets with a deadline in %d or later%s", opts.year, opts.year,
    skipped > 0 and string.format(" (%d earlier not reported)", skipped) or "")
  local projected = false
  for _, r in ipairs(rows) do if r.mc then projected = true end end
  if projected then
    local names = {}
    for idx, sc in pairs(ctx.scenarios) do
      local lib = scenario_lib()
      local file = sc.file and lib and lib.shown and lib.shown(sc.file) or sc.file or "?"
      names[#names + 1] = string.format("%s: %s, base %s %d", idx, sc.default and sc.name
        or string.format("'%s' (%s)", sc.name, file), data.INDEXES[idx].title, ctx.bases[idx].year)
    end
    table.sort(names)
    out[#out + 1] = string.format("  projection  %s; %d draws, seed %d; met when P ≥ %.1f, missed when P ≤ %.1f",
      table.concat(names, "; "), opts.draws, opts.seed, MET_P, MISSED_P)
  end
  out[#out + 1] = ""
  out[#out + 1] = "Targets:"
  if #rows == 0 then
    out[#out + 1] = "  (none with a deadline in " .. opts.year .. " or later)"
  else
    out[#out + 1] = (targets_table(rows):format("table"):gsub("\n$", ""))
  end
  local ys = data.years(d.index)
  out[#out + 1] = string.format("(needed: what the target needs in the latest published table, %s %d — for a rank, "
    .. "the least score certain to hold it; gap and per_year: from %s's latest published score to the deadline)",
    title, ys[#ys], d.unit_name)
  out[#out + 1] = ""
  if L.none then
    out[#out + 1] = "Points lost by owner: " .. L.none .. "."
  else
    out[#out + 1] = string.format("Points lost by owner (%s %d: %s of 100%s), largest first:", title, L.year,
      fmt(L.score, 2), L.rules and (", nodes of " .. L.rules) or "")
    out[#out + 1] = (owners_table(L):format("table"):gsub("\n$", ""))
    out[#out + 1] = string.format("Total lost: %s points.", fmt(L.total, 2))
    for _, n in ipairs(L.notes) do out[#out + 1] = "  note: " .. n end
    if #L.unused > 0 then
      out[#out + 1] = string.format("  note: owners named for nodes that %s does not have: %s", L.rules or "it",
        table.concat(L.unused, ", "))
    end
  end
  return table.concat(out, "\n") .. "\n"
end

return {
  summary = "A directive's targets: met, missed or at risk (with probability), points lost by owner, yearly gain needed",
  usage = "chiso directive FILE [--year Y] [--draws N] [--seed S] [options]",
  help = [[
FILE is a directive (rules/directives/*.lua): directive { unit = "…", targets =
{ { by = 2025, rank = 30 }, { by = 2025, sipas = 85 }, … }, owners = { [code] =
"agency" }, costs = { … }, scenario = "scenarios/NAME" }.

Targets whose deadline is Y or later are reported (Y: the latest published
year by default).  A deadline whose table is published is met or missed by the
published figures; a later one is projected — with the directive's scenario,
or with every unit on its own three-year trend — and its probability estimated
by Monte Carlo (--draws, --seed; the same seed gives the same numbers): met
when P ≥ 0.9, missed when P ≤ 0.1, at risk in between.

'needed' is the score the target needs in the unit's latest published table (a
rank target on a partial table: the least score certain to hold it); 'gap' the
points from the unit's latest published score, 'per_year' that gap spread over
the years left to the deadline.

Points lost: every node of the methodology whose points are published for the
unit (its latest year), grouped by the owner the directive names (the node's
or its nearest ancestor's, else the methodology's owner, else "unassigned").]],
  args = { min = 1, max = 1 },
  options = {
    { "year", arg = "Y", type = "integer", help = "report year: targets with a deadline in Y or later" },
    { "draws", arg = "N", type = "integer", default = 10000, help = "Monte Carlo draws (default 10000)" },
    { "seed", arg = "S", type = "integer", default = 1, help = "random seed (default 1)" },
    cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    if opts.draws < 1 then cli.usage_error("directive: --draws must be at least 1") end
    local d = load_directive(args[1], opts)
    local years = data.years(d.index)
    opts.year = opts.year or years[#years]
    local ctx = { scenarios = {}, bases = {} }
    if d.scenario ~= nil then
      local scenario = scenario_lib()
      if not scenario then cli.fail(T.where(d) .. "directive: scenarios need scripts/lib/scenario.lua") end
      ctx.directive_scenario = scenario.load(T.scenario_path(d), opts)
    end
    local rows, skipped = {}, 0
    local list = {}
    for _, tg in ipairs(d.targets) do list[#list + 1] = tg end
    table.sort(list, function(a, b)
      if a.by ~= b.by then return a.by < b.by end
      return a.n < b.n
    end)
    for _, tg in ipairs(list) do
      if tg.by >= opts.year then
        rows[#rows + 1] = evaluate(d, tg, opts, ctx)
      else
        skipped = skipped + 1
      end
    end
    local L = losses(d, opts)
    if opts.format == "json" then
      local trows = {}
      for i, r in ipairs(rows) do
        local rd = T.round
        trows[i] = { by = r.by, target = r.label, kind = r.target.kind, value = r.target.value, status = r.status,
                     p_met = rd(r.p, 4), basis = r.basis, why = r.why, needed = rd(r.needed, 2), gap = rd(r.gap, 2),
                     per_year = rd(r.per_year, 4), years_left = r.years_left,
                     latest_year = r.latest and r.latest.year, latest_score = r.latest and r.latest.score,
                     latest_rank = r.latest and r.latest.rank, median_rank = r.mc and r.mc.median,
                     rank_p5 = r.mc and r.mc.p5, rank_p95 = r.mc and r.mc.p95, note = r.note }
      end
      local owners = {}
      for i, o in ipairs(L.owners or {}) do
        local nodes = {}
        for k, n in ipairs(o.nodes) do
          nodes[k] = { code = n.code, name = n.name, points = T.round(n.points, 4), max = T.round(n.max, 4),
                       lost = T.round(n.lost, 2) }
        end
        owners[i] = { owner = o.owner, lost = T.round(o.lost, 2), nodes = nodes }
      end
      cli.emit(opts, chiso.json({
        unit = d.unit_name, file = d.path, name = d.name, issued = d.issued, status = d.status, year = opts.year,
        draws = opts.draws, seed = opts.seed, targets = trows, skipped = skipped,
        losses = { year = L.year, score = L.score, total = T.round(L.total, 2), owners = owners, none = L.none,
                   unused_owners = L.unused },
      }))
    elseif opts.format == "table" then
      cli.emit(opts, text_report(d, rows, L, opts, ctx, skipped))
    elseif opts.format == "xlsx" then
      local sheets = { { name = "targets", table = targets_table(rows) } }
      if not L.none then sheets[2] = { name = "points lost by owner", table = owners_table(L) } end
      cli.emit_xlsx(opts, sheets)
    elseif opts.format == "md" then
      local text = "## Targets\n\n" .. targets_table(rows):format("md")
      if not L.none then text = text .. "\n## Points lost by owner\n\n" .. owners_table(L):format("md") end
      cli.emit(opts, text)
    else
      -- csv: one table; the owners' losses are in --format json, md or xlsx
      cli.emit_table(opts, targets_table(rows), "targets")
    end
    return 0
  end,
}
