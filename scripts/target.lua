-- target.lua — the cheapest set of improvements that reaches a target.
--
--   chiso target "Kon Tum" --year 2023 --rank 30       published components as they stand
--   chiso target "Sở Y tế" --rules rules/provinces/nghean-2023.lua \
--                          --data datasets/synthetic/nghean_departments_2023.csv --group "Khá"
--   chiso target --directive rules/directives/lai-chau.lua --rank 30   costs and owners of a directive
--
-- The levers are the deepest nodes whose points are known for the unit: the
-- rule leaves of a sub-criterion-depth index, the published components of a
-- published year (rules/par/YEAR.lua), or, when only the total is published,
-- the total itself.  Leaves scored by steps, schedules, on time / late,
-- yes / no or deductions per case move only between their levels, and the
-- solver (chiso.target, engine/core/target.c) works exactly over those
-- levels; published components, rates and linear rules move continuously up
-- to their maximum.  Costs are effort per point (default 1: the plan's cost
-- is the points it adds) unless a directive or scenario declares others.
--
-- The rest of this file is also the library `chiso directive` uses
-- (scripts/directive.lua loads it): the returned command table carries the
-- helpers under `lib`.

local cli = require "cli"
local units2025 = require "units2025"
local data = require "data"
local scoring = require "scoring"

local T = {}

-- Methodology folders of the published indices (rules/<dir>/<year>.lua).
T.RULES_DIR = { par = "par", ministries = "par-ministries" }

T.EPS = 1e-9

local function fmt(v, d)
  if v == nil then return "" end
  local s = string.format("%." .. (d or 2) .. "f", v)
  if s:match("^%-0%.?0*$") then s = s:sub(2) end -- no "-0.00"
  return s
end
T.fmt = fmt

local function signed(v, d)
  if v == nil then return "" end
  local s = fmt(v, d)
  if v >= 0 then s = "+" .. s end
  return s
end

local function units(v, d) return math.floor(v * 10 ^ d + 0.5) end

-- A number for JSON: rounded to `d` places (no floating-point tails).
local function round(v, d)
  if type(v) ~= "number" then return v end
  local p = 10 ^ (d or 2)
  local x = v * p
  x = x < 0 and -math.floor(-x + 0.5) or math.floor(x + 0.5)
  x = x / p
  if x == 0 then x = 0.0 end
  return x
end
T.round = round

-- ---------------------------------------------------------------------------
-- Declarations: directives and scenarios (sandboxed rule files)

-- Run a rule file that declares a `want` ("directive", "scenario") and return
-- the declaration (a plain table: decl, file, line and its keys).
function T.load_decl(path, opts, want)
  cli.need_file(path)
  local so = cli.sandbox_options(opts, path)
  so.language = true
  local sb = chiso.sandbox(so)
  local d = sb:dofile(path)
  if type(d) ~= "table" or d.decl ~= want then
    local got = type(d) == "table" and (d.decl and (d.decl .. " { … }") or "a plain table") or type(d)
    cli.fail(string.format("%s: a %s file must return %s { … }, not %s", path, want, want, got))
  end
  d.path = path
  return d
end

local function where(d)
  if d.line and d.line > 0 then return string.format("%s:%d: ", d.file or d.path, d.line) end
  return (d.file or d.path) .. ": "
end
T.where = where

-- The line where a declaration writes `key =` (after its own line), or its own line.
local function key_line(d, key)
  local f = d.path and io.open(d.path, "r")
  if not f then return d end
  local i = 0
  for l in f:lines() do
    i = i + 1
    if i >= (d.line or 1) and l:find("%f[%w_]" .. key .. "%s*=") then
      f:close()
      return { file = d.file, path = d.path, line = i }
    end
  end
  f:close()
  return d
end
T.key_line = key_line

-- owners = { [code] = "agency" }, costs = { [code] = per point | { [level] = cost } | { per_point = x },
-- default = per point }: checked, with the declaration's position in messages.
function T.check_owners_costs(d)
  local w = where(key_line(d, "owners"))
  local owners, costs = {}, {}
  if d.owners ~= nil then
    if type(d.owners) ~= "table" then cli.fail(w .. d.decl .. ": owners = { [\"1\"] = \"Sở Nội vụ\", … }") end
    for k, v in pairs(d.owners) do
      if type(k) ~= "string" and math.type(k) ~= "integer" then
        cli.fail(w .. d.decl .. ": owners are keyed by node codes (\"1\", \"TAC.1\", …)")
      end
      if type(v) ~= "string" or v == "" then
        cli.fail(string.format("%s%s: owners[\"%s\"] must name an agency (text)", w, d.decl, tostring(k)))
      end
      owners[tostring(k)] = v
    end
  end
  w = where(key_line(d, "costs"))
  if d.costs ~= nil then
    if type(d.costs) ~= "table" then
      cli.fail(w .. d.decl .. ": costs = { [\"TAC.1\"] = 2, [\"1.1.4\"] = { [2] = 3 }, default = 1 }")
    end
    for k, v in pairs(d.costs) do
      local code = tostring(k)
      if type(v) == "number" then
        if not (v >= 0) or v == math.huge then
          cli.fail(string.format("%s%s: costs[\"%s\"] must be a number ≥ 0 (effort per point)", w, d.decl, code))
        end
        costs[code] = { per_point = v }
      elseif type(v) == "table" then
        local c = { levels = {} }
        for lk, lv in pairs(v) do
          if lk == "per_point" then
            if type(lv) ~= "number" or not (lv >= 0) then
              cli.fail(string.format("%s%s: costs[\"%s\"].per_point must be a number ≥ 0", w, d.decl, code))
            end
            c.per_point = lv
          elseif type(lk) == "number" and type(lv) == "number" and lv >= 0 and lv < math.huge then
            c.levels[#c.levels + 1] = { points = lk, cost = lv }
          else
            cli.fail(string.format("%s%s: costs[\"%s\"] = { per_point = x } or { [points reached] = cost, … }, "
              .. "not %s = %s", w, d.decl, code, tostring(lk), tostring(lv)))
          end
        end
        table.sort(c.levels, function(a, b) return a.points < b.points end)
        costs[code] = c
      else
        cli.fail(string.format("%s%s: costs[\"%s\"] must be a number or a table", w, d.decl, code))
      end
    end
  end
  return owners, costs
end

-- The scenario a directive names: "scenarios/NAME" (rules/scenarios/NAME.lua),
-- or a .lua path relative to the directive file.
function T.scenario_path(d)
  local name = d.scenario
  if type(name) ~= "string" then
    cli.fail(where(key_line(d, "scenario")) .. "directive: scenario = \"scenarios/NAME\" (a scenario under rules/) or a path")
  end
  local dir = (d.path or d.file):match("^(.*)/[^/]*$") or "."
  local cands
  if name:match("%.lua$") then
    cands = { dir .. "/" .. name, name }
  else
    cands = { chiso.home .. "/rules/" .. name .. ".lua", dir .. "/" .. name .. ".lua" }
  end
  for _, p in ipairs(cands) do
    if chiso.filetype(p) == "file" then return p end
  end
  cli.fail(string.format("%sdirective: no scenario '%s' (looked for %s)", where(key_line(d, "scenario")), name,
    table.concat(cands, ", ")))
end

-- ---------------------------------------------------------------------------
-- Methodology details the Methodology object does not carry: the parameters
-- of each leaf's rule (steps, on-time points …), from the declaration.

local function rule_decls(path, opts)
  local so = cli.sandbox_options(opts, path)
  so.language = true
  local sb = chiso.sandbox(so)
  local d = sb:dofile(path)
  local map = {}
  local function walk(n)
    if type(n) ~= "table" then return end
    if n.code ~= nil and type(n.score) == "table" and n.score.decl == "rule" then map[tostring(n.code)] = n.score end
    for _, c in ipairs(n.children or {}) do walk(c) end
  end
  walk(d)
  return map
end

local OPS = { [">"] = ">", [">="] = "≥", ["<"] = "<", ["<="] = "≤", ["="] = "=" }

-- The levels a discrete rule can take (points, and how the level is reached),
-- or nil for a continuous one.
function T.levels(rule, max)
  if type(rule) ~= "table" then return nil end
  local kind = rule.rule
  local out = {}
  local function add(p, text)
    if type(p) ~= "number" then return end
    if max and p > max + T.EPS then return end
    for _, l in ipairs(out) do
      if math.abs(l.points - p) < T.EPS then return end
    end
    out[#out + 1] = { points = p, text = text }
  end
  if kind == "steps" or kind == "schedule" then
    for _, s in ipairs(rule.steps or {}) do
      local text
      if s.op == "else" then
        text = "otherwise"
      elseif kind == "schedule" then
        text = string.format("%s ≥ %s", rule.column, tostring(s.at))
      else
        text = string.format("%s %s %s", rule.column, OPS[s.op] or s.op, tostring(s.at))
      end
      add(s.points, text)
    end
  elseif kind == "on_time" then
    add(rule.on_time or max, "on time")
    add(rule.late or 0, "late")
    add(rule.not_done or 0, "not done")
  elseif kind == "yes_no" then
    add(rule.yes or max, "yes")
    add(rule.no or 0, "no")
  elseif kind == "penalty" then
    if not max then return nil end
    local per, cap = rule.per, rule.cap or max
    if not per or per <= 0 then
      add(max, "no case")
    else
      local k = 0
      while per * k <= cap + T.EPS and k <= 10000 do
        add(max - per * k, k == 0 and "no case" or string.format("%d case%s", k, k == 1 and "" or "s"))
        k = k + 1
      end
      add(max - cap, "cap")
    end
  else
    return nil
  end
  table.sort(out, function(a, b) return a.points < b.points end)
  return out
end

-- ---------------------------------------------------------------------------
-- Contexts: a unit, its points node by node, and how a score would rank.
--   ctx = { mode, index, year, title, unit = { code, name, score, rank, … },
--           decimals, max, res, u, rules_path, rule_decls, groups,
--           rank_interval = function(S) -> lo, hi, of, of_known, partial, notes = { … } }

local function published_rows_score(pub, code)
  for i, r in ipairs(pub.rows) do
    if r.unit == code then return r, i end
  end
end

local function table_decimals(pub)
  local d = pub.table:has("score") and pub.table:info("score").decimals or 2
  if not d or d < 0 then d = 2 end
  if d < 2 then d = 2 end
  return d
end

-- The methodology of a published index and year, when the project has one.
function T.rules_path(index, year)
  local dir = T.RULES_DIR[index]
  if not dir then return nil end
  local rel = "rules/" .. dir .. "/" .. year .. ".lua"
  local path = chiso.home .. "/" .. rel
  if chiso.filetype(path) == "file" then return path, rel end
end

-- Score a published table under its year's methodology: the unit's
-- components as published.
local function score_published(pub, path, opts)
  local m = scoring.rules(path, opts)
  local mt = getmetatable(m)
  if mt and mt.__name ~= "chiso.Methodology" then return nil end
  local d = { table = pub.table, path = pub.file, names = {}, codes = {}, kind = pub.spec.kind }
  for i, r in ipairs(pub.rows) do d.names[i], d.codes[i] = r.name, r.unit end
  return scoring.run(m, d)
end

-- The published context.  year nil: the latest published year, or, when the
-- unit has no score in it, the latest year in which it has one (said in notes).
function T.published_context(index, year, unit_name, opts)
  local spec = data.index(index)
  local reg = data.units(spec.kind)
  local code, name = reg:resolve(unit_name)
  local years = data.years(index)
  local notes = {}
  local pub, row, idx
  if year then
    pub = data.published(index, year)
    row, idx = published_rows_score(pub, code)
  else
    local latest = years[#years]
    for k = #years, 1, -1 do
      local p = data.published(index, years[k])
      local r, i = published_rows_score(p, code)
      if r and r.score then
        pub, row, idx = p, r, i
        if years[k] ~= latest then
          notes[#notes + 1] = string.format("%s has no published score in %s %d (the latest table); "
            .. "its latest published score is %d's.", name, spec.title, latest, years[k])
        end
        break
      end
    end
    if not pub then
      cli.fail(string.format("%s has no published score in any %s table (%s); nothing to start from",
        name, spec.title, #years > 0 and (years[1] .. "–" .. years[#years]) or "none"))
    end
  end
  if not row or not row.score then
    local ys = {}
    for _, y in ipairs(years) do
      local r = published_rows_score(data.published(index, y), code)
      if r and r.score then ys[#ys + 1] = tostring(y) end
    end
    cli.fail(string.format("%s has no published score in %s %d%s", name, spec.title, pub.year,
      #ys > 0 and (" (years with one: " .. table.concat(ys, ", ") .. ")") or ""))
  end
  local decimals = table_decimals(pub)
  local ctx = {
    mode = "published", index = index, year = pub.year, title = pub.spec.title, pub = pub, notes = notes,
    unit = { code = code, name = name, score = row.score, rank = row.rank, line = row.line },
    decimals = decimals, max = 100, of = pub.of, of_known = pub.of_known, partial = true,
    source = pub.file,
  }
  local nscored = 0
  for _, r in ipairs(pub.rows) do if r.score then nscored = nscored + 1 end end
  ctx.partial = not (nscored == pub.of and #pub.rows == pub.of)
  local entries = {}
  for i, r in ipairs(pub.rows) do entries[i] = { score = r.score, rank = r.rank } end
  local bounds = pub.units2025 and units2025.bounds(pub) or nil
  if bounds then notes[#notes + 1] = units2025.banner() end
  ctx.rank_interval = function(S)
    if bounds then return units2025.interval(pub.rows, bounds, S, code, decimals) end
    return chiso.rank.interval(entries, pub.of, S, { exclude = idx, decimals = decimals })
  end
  ctx.neighbours = function(S)
    local above, below
    for i, r in ipairs(pub.rows) do
      if i ~= idx and r.score then
        if r.score >= S - T.EPS and (not above or r.score < above.score) then above = r end
        if r.score < S - T.EPS and (not below or r.score > below.score) then below = r end
      end
    end
    return above, below
  end
  local path, rel = T.rules_path(index, pub.year)
  if path then
    local res = score_published(pub, path, opts)
    if res then
      ctx.res, ctx.u, ctx.rules_path, ctx.rules_rel = res, idx, path, rel
      ctx.rule_decls = rule_decls(path, opts)
      ctx.groups = res.info.groups
      ctx.methodology_name = res.info.name
    end
  end
  return ctx
end

-- A complete table of one's own: --rules FILE --data FILE.
function T.own_context(rules, datafile, unit_name, opts)
  local m = scoring.rules(rules, opts)
  local mt = getmetatable(m)
  if mt and mt.__name ~= "chiso.Methodology" then
    cli.fail(rules .. ": a survey has no nodes to improve; give a methodology (index { … })")
  end
  cli.need_file(datafile)
  local d = scoring.data(datafile, m, opts)
  local res = scoring.run(m, d)
  local x = scoring.find_unit(res, unit_name)
  if x.percent == nil then
    cli.fail(string.format("%s:%d: %s has no total: a value its methodology needs is unknown", datafile, x.line,
      x.name))
  end
  local info = res.info
  local decimals = info.decimals or 2
  local others = {}
  for _, y in ipairs(res.units) do
    if y ~= x and y.percent then others[#others + 1] = y.percent end
  end
  local scale = 10 ^ decimals
  local function r(v) return math.floor(v * scale + 0.5) end
  local ctx = {
    mode = "own", index = info.code, year = info.year, title = info.name, notes = {},
    unit = { code = x.code, name = x.name, score = x.percent, rank = x.rank, line = x.line },
    decimals = decimals, max = 100, of = #res.units, of_known = true, partial = false,
    res = res, u = x.i, rules_path = rules, rules_rel = rules, rule_decls = rule_decls(rules, opts),
    groups = info.groups, methodology_name = info.name, source = datafile,
  }
  ctx.rank_interval = function(S)
    local k = 1
    for _, o in ipairs(others) do if r(o) > r(S) then k = k + 1 end end
    return k, k
  end
  ctx.others = others
  return ctx
end

-- ---------------------------------------------------------------------------
-- Levers

local function owner_of(ctx, owners, code)
  local L = ctx.res and ctx.res.layout
  local c = code
  while c do
    if owners[c] then return owners[c] end
    local n = L and L.by_code[c]
    c = n and n.parent or nil
  end
  if L and L.by_code[code] then return scoring.owner(L, code) end
end
T.owner_of = owner_of

local function cost_of(ctx, costs, code)
  local L = ctx.res and ctx.res.layout
  local c = code
  while c do
    if costs[c] then return costs[c] end
    local n = L and L.by_code[c]
    c = n and n.parent or nil
  end
  return costs.default
end

-- A lever that several nodes share costs the mean of their costs per point.
local function merged_cost(members)
  local sum, any = 0, false
  for _, lv in ipairs(members) do
    local c = lv.cost_spec and lv.cost_spec.per_point
    if c then any = true end
    sum = sum + (c or 1)
  end
  if not any then return nil end
  return { per_point = sum / #members }
end

-- The levers of the unit: { code, name, points, max, factor, levels (nil:
-- continuous), rule, owner, note, kind = "node" | "rest" | "merged" | "total" }.
-- factor: index points (of the score ranked) per point of the node.
function T.levers(ctx, owners, costs)
  owners, costs = owners or {}, costs or {}
  local out, notes = {}, {}
  if not ctx.res then
    out[1] = { code = "total", name = "the total (no components published)", points = ctx.unit.score,
               max = ctx.max, factor = 1, kind = "total", owner = owners.total }
    notes[#notes + 1] = string.format("Only the total of %s is published for %d: its headroom is the only lever.",
      ctx.title, ctx.year)
    return out, notes
  end
  local s, L, u = ctx.res.score, ctx.res.layout, ctx.u
  local root = L.root
  local ramax = s:get(root, u, "max") or ctx.max
  local to_score = 100 / ramax
  local function state(code) return s:get(code, u, "state") end
  local function usable(code)
    local st = state(code)
    return st ~= "unknown" and st ~= "na_excluded" and st ~= "na_full" and s:get(code, u) ~= nil
  end
  local function node_max(code)
    local mx = s:get(code, u, "max")
    if mx == nil then mx = L.by_code[code].max end
    return mx
  end
  local function add(lv)
    lv.owner = lv.owner or owner_of(ctx, owners, lv.parent_code or lv.code)
    local c = cost_of(ctx, costs, lv.parent_code or lv.code)
    lv.cost_spec = c
    out[#out + 1] = lv
  end
  local function is_na(c)
    local st = state(c)
    return st == "na_excluded" or st == "na_full"
  end
  local below = {}
  local function known_below(code)
    if below[code] == nil then
      local v = false
      for _, c in ipairs(L.by_code[code].children) do
        if not is_na(c) and (usable(c) or known_below(c)) then
          v = true
          break
        end
      end
      below[code] = v
    end
    return below[code]
  end
  -- The parts of a node: those with known points, those searched further
  -- (unknown themselves, with known parts below), and the unknown rest.
  local function gather(code, known, missing, sums)
    for _, c in ipairs(L.by_code[code].children) do
      if not is_na(c) then
        if usable(c) then
          known[#known + 1] = c
        elseif known_below(c) then
          if L.by_code[c].aggregate ~= "sum" then sums.ok = false end
          gather(c, known, missing, sums)
        else
          missing[#missing + 1] = c
        end
      end
    end
  end
  local function visit(code)
    local n = L.by_code[code]
    local known, missing, sums = {}, {}, { ok = n.aggregate == "sum" }
    gather(code, known, missing, sums)
    if #known == 0 then
      if #n.children > 0 and #missing == 0 then return end -- every part not applicable
      local rule = ctx.rule_decls and ctx.rule_decls[code]
      local mx = node_max(code)
      local lv = { code = code, name = n.name, points = s:get(code, u), max = mx, rule = rule,
                   factor = scoring.factor(ctx.res, code, u) * to_score, kind = code == root and "total" or "node",
                   order = n.index }
      lv.levels = T.levels(rule, mx)
      if n.rule_kind == "function" then
        lv.note = "scored by a Lua function: treated as continuous"
      end
      if code == root then
        lv.name = (n.name or code) .. " (no component published)"
        notes[#notes + 1] = string.format("Only the total of %s is published for %s in %s: its headroom is the "
          .. "only lever.", ctx.title, ctx.unit.name, tostring(ctx.year))
      end
      add(lv)
      return
    end
    for _, c in ipairs(known) do visit(c) end
    -- The unpublished parts together: the node's points less its published
    -- parts' (sums only: in a mean the rest cannot be told apart).
    if #missing > 0 and sums.ok then
      local p, mx = s:get(code, u), node_max(code)
      for _, c in ipairs(known) do
        p = p - s:get(c, u)
        local cm = node_max(c)
        mx = (mx and cm) and (mx - cm) or nil
      end
      add({ code = code .. "*", parent_code = code, name = string.format("the rest of %s (%s: not published)",
              code, table.concat(missing, ", ")), points = p, max = mx,
            factor = scoring.factor(ctx.res, code, u) * to_score, kind = "rest", order = n.index + 0.5 })
    end
  end
  visit(root)
  -- Levers whose maximum is not public share what is left of the index's
  -- headroom: one lever.
  local merged, known_head = {}, 0
  local kept = {}
  for _, lv in ipairs(out) do
    if lv.max == nil then
      merged[#merged + 1] = lv
    else
      known_head = known_head + (lv.max - lv.points) * lv.factor
      kept[#kept + 1] = lv
    end
  end
  if #merged > 0 then
    local p, codes, owners_list, seen, first = 0, {}, {}, {}, merged[1]
    for _, lv in ipairs(merged) do
      p = p + lv.points
      codes[#codes + 1] = lv.code
      if lv.owner and not seen[lv.owner] then
        seen[lv.owner] = true
        owners_list[#owners_list + 1] = lv.owner
      end
    end
    -- Several owners share a lever that cannot be split: all are named.
    local owner = #owners_list > 0 and table.concat(owners_list, " / ") or nil
    local slack = (ctx.max - ctx.unit.score) - known_head
    if slack < 0 then slack = 0 end
    -- Their points as the total implies them (published parts are rounded:
    -- Thanh Hóa's eight 2021 areas add up to 87.84, its total is 87.83).
    local sum_tree, rest = true, ctx.unit.score
    for _, lv in ipairs(kept) do
      if math.abs(lv.factor - 1) > 1e-9 then sum_tree = false end
      rest = rest - lv.points * lv.factor
    end
    for _, lv in ipairs(merged) do
      if math.abs(lv.factor - 1) > 1e-9 then sum_tree = false end
    end
    if sum_tree and ctx.max == 100 and math.abs(rest - p) < 0.005 * (#merged + #kept) + 1e-9 then p = rest end
    local lv = { code = table.concat(codes, "+"), name = #merged == 1 and (first.name .. " (max not public)")
                   or ("together: " .. table.concat(codes, ", ") .. " (maxima not public)"),
                 points = p, max = p + slack, factor = 1, kind = "merged", order = first.order,
                 owner = owner, cost_spec = merged_cost(merged),
                 members = merged }
    kept[#kept + 1] = lv
    notes[#notes + 1] = string.format("%s not public: %s what is left of the index's headroom (%s points)%s.",
      #merged == 1 and ("The maximum of " .. codes[1] .. " is") or ("The maxima of " .. table.concat(codes, ", ")
        .. " are"), #merged == 1 and "it takes" or "together they take", fmt(slack, ctx.decimals),
      #merged == 1 and "" or ", one lever that cannot be split")
    table.sort(kept, function(a, b) return a.order < b.order end)
  end
  return kept, notes
end

-- ---------------------------------------------------------------------------
-- The score a target needs

-- what = { rank = K } | { score = S } | { group = "A" }.  Returns
-- { score = S needed (nil: not certain even at the maximum), possible = least
--   score with which the target can hold, bounded = true when those differ,
--   label = "rank ≤ 30", explain = { lines } }.
function T.needed(ctx, what)
  local d = ctx.decimals
  local scale = 10 ^ d
  local hi_units = units(ctx.max, d)
  local out = { explain = {} }
  if what.rank then
    local K = what.rank
    out.label = string.format("rank ≤ %d", K)
    local function certain(x) local _, hi = ctx.rank_interval(x / scale) return hi <= K end
    local function possible(x) local lo = ctx.rank_interval(x / scale) return lo <= K end
    local function search(pred)
      if not pred(hi_units) then return nil end
      local lo, hi = 0, hi_units
      while lo < hi do
        local mid = (lo + hi) // 2
        if pred(mid) then hi = mid else lo = mid + 1 end
      end
      return lo
    end
    local c, p = search(certain), search(possible)
    out.score = c and c / scale
    out.possible = p and p / scale
    out.bounded = (c ~= nil and p ~= nil and p < c) or (c == nil and p ~= nil)
    if ctx.partial then
      if out.score then
        local lo, hi = ctx.rank_interval(out.score)
        out.explain[#out.explain + 1] = string.format("the least score certain to rank ≤ %d on the partial "
          .. "table (at %s: rank %s)", K, fmt(out.score, d), lo == hi and tostring(lo) or (lo .. "–" .. hi))
        local above = ctx.neighbours and ctx.neighbours(out.score)
        if above then
          out.explain[#out.explain + 1] = string.format("nearest published score at or above: %s %s (rank %s)",
            above.name, fmt(above.score, d), above.rank and tostring(above.rank) or "not published")
        end
      end
      if out.bounded then
        out.explain[#out.explain + 1] = string.format("the score that holds rank %d is not published, only "
          .. "bounded: rank ≤ %d is possible from %s%s", K, K, fmt(out.possible, d),
          out.score and (" and certain from " .. fmt(out.score, d)) or "")
      end
    else
      if out.score then
        out.explain[#out.explain + 1] = string.format("exact on a complete table: competition ranking, "
          .. "a tie shares the rank (%d other units)", ctx.of - 1)
      end
    end
  elseif what.score then
    out.label = string.format("score ≥ %s", fmt(what.score, d))
    out.score = what.score
    if what.score > ctx.max + T.EPS then out.score = nil end
    out.target_score = what.score
  elseif what.group then
    local want = chiso.text.fold(what.group)
    local labels = {}
    for _, g in ipairs(ctx.groups or {}) do
      labels[#labels + 1] = g[1]
      if chiso.text.fold(g[1]) == want then
        out.group = g[1]
        out.score = g[2] or 0
      end
    end
    if not out.group then
      if #labels == 0 then
        cli.fail(string.format("no group bands are known for %s %s%s", ctx.title, tostring(ctx.year),
          ctx.rules_rel and (" (" .. ctx.rules_rel .. " declares none)") or " (no methodology file)"))
      end
      cli.usage_error(string.format("target: no group '%s' in %s (groups: %s)", what.group, ctx.title,
        table.concat(labels, ", ")))
    end
    out.label = string.format("group %s (≥ %s%%)", out.group, fmt(out.score, d))
    out.explain[#out.explain + 1] = string.format("group %s starts at %s%% of the applicable maximum",
      out.group, fmt(out.score, d))
  end
  return out
end

-- ---------------------------------------------------------------------------
-- The plan

local function level_cost(spec, lv, level)
  if spec and spec.levels then
    for _, l in ipairs(spec.levels) do
      if math.abs(l.points - level.points) < 1e-9 then return l.cost end
    end
  end
  local per = spec and spec.per_point or 1
  return per * (level.points - lv.points)
end

-- Solve for `gain` index points over the levers: { plan (chiso.target's),
-- rows = { { lever, from, to, gain (index points), cost, level } }, cost, gain }.
function T.solve(levers, gain, decimals)
  local items, opts_of = {}, {}
  for i, lv in ipairs(levers) do
    local spec = lv.cost_spec
    if lv.levels and not lv.note then
      local opts = {}
      for _, level in ipairs(lv.levels) do
        if level.points > lv.points + T.EPS then
          opts[#opts + 1] = { gain = (level.points - lv.points) * lv.factor, cost = level_cost(spec, lv, level),
                              level = level }
        end
      end
      items[i] = { options = opts }
      opts_of[i] = opts
    else
      local per = spec and spec.per_point or 1
      local head = lv.max and (lv.max - lv.points) * lv.factor or 0
      if head < 0 then head = 0 end
      items[i] = { headroom = head, cost = lv.factor > 0 and per / lv.factor or 0 }
    end
  end
  local plan = chiso.target { need = gain, decimals = decimals, items = items }
  local rows = {}
  for i, lv in ipairs(levers) do
    local it = plan.items[i]
    if it.take > 0 then
      local row = { lever = lv, gain = it.take }
      if it.option then
        local o = opts_of[i][it.option]
        row.level = o.level
        row.from, row.to = lv.points, o.level.points
        row.cost = o.cost
      else
        row.from = lv.points
        row.to = lv.points + it.take / lv.factor
        -- The whole headroom (floored to units of the index) is the maximum.
        if lv.max and row.to > lv.max - 10 ^ -decimals / lv.factor then row.to = lv.max end
        local per = lv.cost_spec and lv.cost_spec.per_point or 1
        row.cost = per * (row.to - row.from)
      end
      rows[#rows + 1] = row
    end
  end
  return { plan = plan, rows = rows, cost = plan.cost, gain = plan.gain }
end

-- ---------------------------------------------------------------------------
-- The command

local function resolve_target(opts)
  local n = (opts.rank and 1 or 0) + (opts.score and 1 or 0) + (opts.group and 1 or 0)
  if n ~= 1 then cli.usage_error("target: give one of --rank K, --score S or --group A") end
  if opts.rank and opts.rank < 1 then cli.usage_error("target: --rank must be 1 or more") end
  return { rank = opts.rank, score = opts.score, group = opts.group }
end

-- Build the context the options ask for.
function T.context(opts, unit_name, decls)
  if opts.rules or opts.data then
    if not (opts.rules and opts.data) then cli.usage_error("target: --rules and --data go together") end
    if opts.year or opts.index then cli.usage_error("target: --index/--year are for published tables, not --rules") end
    if decls.sc then cli.usage_error("target: --scenario brings its own base; leave out --rules/--data") end
    return T.own_context(opts.rules, opts.data, unit_name, opts)
  end
  if decls.sc then return T.scenario_context(decls.sc, unit_name, opts) end
  local index = opts.index or (decls.directive and decls.directive.index) or "par"
  return T.published_context(index, opts.year, unit_name, opts)
end

-- What everyone else does, from a scenario (scripts/lib/scenario.lua): the
-- unit starts from its own figures as they stand (the scenario's base, or its
-- latest published score when the base table lacks it); the others are
-- projected to the scenario's last horizon year, and the unit is ranked
-- among them.  The scenario's changes for the unit itself are not applied:
-- the plan is what it must change.
function T.scenario_context(sc, unit_name, opts)
  local scenario = require "scenario"
  local base = scenario.base(sc, opts)
  local year = sc.horizon and sc.horizon[#sc.horizon] or base.year
  local ctx
  if base.index then
    if opts.index and opts.index ~= base.index then
      cli.usage_error(string.format("target: the scenario's base is %s, not %s", base.index, opts.index))
    end
    local ok = false
    for _, x in ipairs(base.units) do
      if x.name and x.score and chiso.text.fold(x.name) == chiso.text.fold(unit_name) then ok = true end
    end
    ctx = T.published_context(base.index, ok and base.year or opts.year, unit_name, opts)
  else
    local b = sc.base
    ctx = T.own_context(b.rules, b.data, unit_name, opts)
  end
  local units = scenario.project(sc, base, year)
  local code = ctx.unit.code
  local found = false
  for _, x in ipairs(units) do if x.code == code then found = true end end
  if not found then cli.fail(string.format("%s: %s is not in the scenario's table", sc.file, ctx.unit.name)) end
  ctx.rank_interval = function(S)
    local copy = { of = units.of, decimals = units.decimals, year = units.year, layout = units.layout,
                   pool = units.pool, base = units.base }
    for i, x in ipairs(units) do
      if x.code == code then
        local y = {}
        for k, v in pairs(x) do y[k] = v end
        y.score, y.rank, y.known, y.slot, y.lo, y.hi = S, nil, true, nil, nil, nil
        y.applied = y.applied or {}
        copy[i] = y
      else
        copy[i] = x
      end
    end
    return scenario.rank(copy, code, { decimals = ctx.decimals, of = units.of })
  end
  ctx.neighbours = nil
  ctx.partial = not base.complete
  ctx.of = units.of or ctx.of
  ctx.scenario = { name = sc.name, file = sc.file, year = year, base_year = base.year }
  ctx.notes[#ctx.notes + 1] = string.format("Others as in scenario '%s' (%s), projected to %d; %s's own "
    .. "changes in it are not applied: the plan is what it must change.", sc.name or "?", sc.file or "?", year,
    ctx.unit.name)
  for _, n in ipairs(units.notes or {}) do ctx.notes[#ctx.notes + 1] = n end
  ctx.title_suffix = string.format(" (others projected to %d)", year)
  return ctx
end

local function plan_table(ctx, result, plain)
  local d = ctx.decimals
  local cols = { code = {}, name = {}, from = {}, to = {}, gain = {}, cost = {}, owner = {}, step = {}, index = {} }
  local scaled = false
  for i, r in ipairs(result.rows) do
    cols.code[i] = r.lever.code
    cols.name[i] = r.lever.name
    cols.from[i] = r.from
    cols.to[i] = r.to
    cols.gain[i] = r.to - r.from
    cols.index[i] = r.gain
    if math.abs(r.lever.factor - 1) > 1e-9 then scaled = true end
    cols.cost[i] = r.cost
    cols.owner[i] = r.lever.owner or (not plain and "—" or nil)
    cols.step[i] = r.level and r.level.text or (r.lever.note and "continuous (function)" or "")
  end
  local spec = { n = #result.rows,
    { name = "node", type = "text", values = cols.code },
    { name = "name", type = "text", values = cols.name },
    { name = "from", type = "number", values = cols.from, decimals = d },
    { name = "to", type = "number", values = cols.to, decimals = d },
    { name = "gain", type = "number", values = cols.gain, decimals = d, plus = true },
  }
  if scaled then
    spec[#spec + 1] = { name = "index_gain", type = "number", values = cols.index, decimals = d, plus = true }
  end
  spec[#spec + 1] = { name = "cost", type = "number", values = cols.cost, decimals = d }
  spec[#spec + 1] = { name = "owner", type = "text", values = cols.owner }
  local any_step = false
  for _, r in ipairs(result.rows) do if r.level then any_step = true end end
  if any_step then spec[#spec + 1] = { name = "step", type = "text", values = cols.step } end
  return chiso.table(spec)
end

-- Everything the command computes, as plain data (also the JSON output).
function T.compute(ctx, what, owners, costs)
  local d = ctx.decimals
  local levers, lnotes = T.levers(ctx, owners, costs)
  local need = T.needed(ctx, what)
  -- The current score at the published precision: every gain is a whole
  -- number of units, so round(current + gain) = round(current) + gain.
  local cur = units(ctx.unit.score, d) / 10 ^ d
  local r = { ctx = ctx, need = need, levers = levers, notes = lnotes }
  local cur_lo, cur_hi = ctx.rank_interval(cur)
  r.current = { score = cur, rank_min = cur_lo, rank_max = cur_hi, published_rank = ctx.unit.rank }
  local max_gain = 0
  for _, lv in ipairs(levers) do
    if lv.levels and not lv.note then
      local top = lv.points
      for _, l in ipairs(lv.levels) do if l.points > top then top = l.points end end
      max_gain = max_gain + (top - lv.points) * lv.factor
    elseif lv.max then
      max_gain = max_gain + math.max(0, lv.max - lv.points) * lv.factor
    end
  end
  r.best_score = cur + max_gain
  if need.score then r.gap = (units(need.score, d) - units(cur, d)) / 10 ^ d end
  if need.score and r.gap <= 0 then
    r.status = "met"
    r.solution = { rows = {}, cost = 0, gain = 0, plan = { feasible = true } }
    r.new_score = cur
  else
    local want = need.score and r.gap or (ctx.max - cur) + 1 -- not reachable: every node at its maximum
    local sol = T.solve(levers, want, d)
    r.solution = sol
    -- The solver counts each lever's gain rounded down to units of the index,
    -- so a plan can be short by its floors alone (16.66 + 6.66 < 23.33 while
    -- 16.666… + 6.666… reaches it): judge the plan by its exact gain.
    local exact = 0
    for _, row in ipairs(sol.rows) do exact = exact + (row.to - row.from) * row.lever.factor end
    r.new_score = cur + math.max(exact, sol.gain)
    local reached = sol.plan.feasible or (need.score and units(r.new_score, d) >= units(need.score, d))
    r.status = (need.score and reached) and "reachable" or "unreachable"
  end
  local lo, hi = ctx.rank_interval(r.new_score)
  r.new_rank_min, r.new_rank_max = lo, hi
  if need.score then r.margin = r.new_score - need.score end
  local blo, bhi = ctx.rank_interval(math.min(r.best_score, ctx.max))
  r.best_rank_min, r.best_rank_max = blo, bhi
  return r
end

local function rank_text(lo, hi)
  if lo == nil then return "?" end
  return lo == hi and tostring(lo) or (lo .. "–" .. hi)
end
T.rank_text = rank_text

local function text_report(r, opts)
  local ctx, need, d = r.ctx, r.need, r.ctx.decimals
  local out = {}
  local yr = ctx.year and (" " .. ctx.year) or ""
  out[#out + 1] = string.format("%s — %s%s%s: %s%s", ctx.unit.name, ctx.title, yr, ctx.title_suffix or "", need.label,
    need.label:match("^rank") and (" of " .. (ctx.of_known and tostring(ctx.of) or ("at least " .. ctx.of))) or "")
  for _, n in ipairs(ctx.notes) do out[#out + 1] = "  note: " .. n end
  out[#out + 1] = ""
  local now = fmt(r.current.score, d)
  local now_rank = rank_text(r.current.rank_min, r.current.rank_max)
  if ctx.mode == "published" and not ctx.scenario then
    out[#out + 1] = string.format("  now      %s (published rank %s)", now,
      ctx.unit.rank and tostring(ctx.unit.rank) or "not published")
  else
    out[#out + 1] = string.format("  now      %s (rank %s)", now, now_rank)
  end
  if need.score then
    out[#out + 1] = string.format("  needed   %s%s", fmt(need.score, d),
      #need.explain > 0 and (": " .. need.explain[1]) or "")
    for k = 2, #need.explain do out[#out + 1] = "           " .. need.explain[k] end
    if r.gap > 0 then out[#out + 1] = string.format("  to gain  %s points", fmt(r.gap, d)) end
  end
  local lev, ndisc = {}, 0
  for _, lv in ipairs(r.levers) do
    lev[#lev + 1] = lv.code
    if lv.levels and not lv.note then ndisc = ndisc + 1 end
  end
  out[#out + 1] = string.format("  levers   %d%s%s%s", #r.levers,
    #lev <= 8 and (" (" .. table.concat(lev, ", ") .. ")") or "",
    ndisc > 0 and string.format(", %d of them stepped", ndisc) or "",
    ctx.rules_rel and (" from " .. ctx.rules_rel) or "")
  if #lev > 8 and not opts.levers then out[#out + 1] = "           (--levers lists them)" end
  for _, n in ipairs(r.notes) do out[#out + 1] = "  note: " .. n end
  out[#out + 1] = ""
  if r.status == "met" then
    out[#out + 1] = string.format("Already met: %s is %s above the %s needed; nothing to change.", now,
      fmt(r.current.score - need.score, d), fmt(need.score, d))
    return table.concat(out, "\n") .. "\n"
  end
  if r.status == "unreachable" then
    local what = need.label
    if need.label:match("^rank") then
      out[#out + 1] = string.format("Cannot reach %s%s: best reachable rank %s with every node at its maximum "
        .. "(score %s).", what, ctx.partial and " for certain" or "", rank_text(r.best_rank_min, r.best_rank_max),
        fmt(math.min(r.best_score, ctx.max), d))
      if need.possible then
        out[#out + 1] = string.format("  (rank ≤ %d is possible, not certain, from %s: the scores of unpublished "
          .. "ranks are only bounded)", opts.rank or 0, fmt(need.possible, d))
      end
    else
      out[#out + 1] = string.format("Cannot reach %s: the best reachable score is %s with every node at its "
        .. "maximum (rank %s).", what, fmt(math.min(r.best_score, ctx.max), d),
        rank_text(r.best_rank_min, r.best_rank_max))
    end
    out[#out + 1] = ""
    out[#out + 1] = "Every node at its maximum:"
  else
    out[#out + 1] = string.format("Plan: %d node%s, cost %s (%s)", #r.solution.rows,
      #r.solution.rows == 1 and "" or "s", fmt(r.solution.cost, d),
      r.costs_declared and ("costs from " .. r.costs_declared) or "effort in points: no costs declared")
  end
  out[#out + 1] = (plan_table(ctx, r.solution):format("table"):gsub("\n$", ""))
  for _, row in ipairs(r.solution.rows) do
    if math.abs(row.lever.factor - 1) > 1e-9 then
      out[#out + 1] = "(gain: points of the node; index_gain: what it adds to the score ranked, rounded down to "
        .. "the published precision)"
      break
    end
  end
  out[#out + 1] = ""
  if r.status == "reachable" then
    out[#out + 1] = string.format("New score %s, rank %s; margin %s above the %s needed.", fmt(r.new_score, d),
      rank_text(r.new_rank_min, r.new_rank_max), fmt(r.margin, d), fmt(need.score, d))
  end
  return table.concat(out, "\n") .. "\n"
end

local function json_report(r)
  local ctx, need, d = r.ctx, r.need, r.ctx.decimals
  local plan = {}
  for i, row in ipairs(r.solution.rows) do
    plan[i] = { node = row.lever.code, name = row.lever.name, from = round(row.from, d + 2),
                to = round(row.to, d + 2), gain = round(row.to - row.from, d + 2), index_gain = round(row.gain, d),
                cost = round(row.cost, 6), owner = row.lever.owner, step = row.level and row.level.text or nil }
  end
  local levers = {}
  for i, lv in ipairs(r.levers) do
    levers[i] = { node = lv.code, name = lv.name, points = round(lv.points, d + 2), max = round(lv.max, d + 2),
                  factor = round(lv.factor, 6), discrete = lv.levels ~= nil and not lv.note, owner = lv.owner,
                  kind = lv.kind }
  end
  local notes = {}
  for _, n in ipairs(ctx.notes) do notes[#notes + 1] = n end
  for _, n in ipairs(r.notes) do notes[#notes + 1] = n end
  for _, n in ipairs(need.explain) do notes[#notes + 1] = n end
  return chiso.json({
    unit = ctx.unit.name, index = ctx.index, year = ctx.year, title = ctx.title, of = ctx.of,
    partial = ctx.partial, target = need.label, current = round(r.current.score, d),
    current_rank_min = r.current.rank_min, current_rank_max = r.current.rank_max,
    needed = round(need.score, d), needed_possible = round(need.possible, d), needed_bounded = need.bounded or false,
    gap = round(r.gap, d), status = r.status, cost = round(r.solution.cost, 6), new_score = round(r.new_score, d),
    new_rank_min = r.new_rank_min, new_rank_max = r.new_rank_max, margin = round(r.margin, d),
    best_score = round(math.min(r.best_score, ctx.max), d), best_rank_min = r.best_rank_min,
    best_rank_max = r.best_rank_max, scenario = ctx.scenario, plan = plan, levers = levers, notes = notes,
  })
end

local M = {
  summary = "The cheapest improvements that reach a rank, score or group: node, from → to, cost, owner",
  usage = "chiso target UNIT (--rank K | --score S | --group A) [--index par] [--year Y] [--scenario FILE] "
    .. "[--directive FILE] [options]\n       chiso target UNIT --rules RULES.lua --data DATA.csv (--rank K | …)",
  help = [[
By default the unit's published components of the latest published year are
its current points (rules/par/YEAR.lua reads them); when only the total is
published, the total's headroom is the only lever.  With --rules and --data, a
complete table of one's own is scored and every leaf with known points is a
lever.

The plan is exact over discrete rules: steps, schedules, on time / late,
yes / no and deductions per case move only between their levels (a step worth
2 points is taken whole, never "1.5 of it"); published components, rates and
linear rules move continuously up to their maximum; no node goes above its
maximum.  Costs are effort per point (default 1, so the cost is the points
added) unless --directive or --scenario declares costs = { [code] = per point
| { [points reached] = cost }, default = … }.  Ties go to fewer nodes, then to
the earlier nodes of the methodology.

--rank K on a partial published table asks for certainty: the score must beat
every score that could hold rank K (the interval of `chiso rank --score`); the
report says when the score holding rank K is only bounded.  On a complete
table ranks are exact (competition ranking: a tie shares the rank).  When the
target cannot be reached, the report says so and gives the best reachable
rank with every node at its maximum.]],
  args = { min = 0, max = 1 },
  options = {
    { "rank", arg = "K", type = "integer", help = "target: rank K or better" },
    { "score", arg = "S", type = "number", help = "target: a score of at least S" },
    { "group", arg = "A", help = "target: group A (the methodology's bands)" },
    { "index", arg = "INDEX", help = "published index: par (default), ministries, sipas" },
    { "year", arg = "Y", type = "integer", help = "published year (default: the latest with the unit's score)" },
    { "scenario", arg = "FILE", help = "what everyone else does: a scenario file (its costs and owners too)" },
    { "directive", arg = "FILE", help = "costs and owners (and the unit, when UNIT is left out) from a directive" },
    { "rules", arg = "FILE", help = "a methodology of one's own (with --data)" },
    { "data", arg = "FILE", help = "a complete table for --rules, one row per unit" },
    { "unit-column", arg = "COL", help = "--data: the column naming the units" },
    { "levers", help = "also list every lever with its headroom" },
    units2025.OPTIONS[1], units2025.OPTIONS[2], units2025.OPTIONS[3],
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
}

function M.run(opts, args)
  if units2025.apply(opts, "target") and (opts.rules or opts.data) then
    cli.usage_error("target: --units 2025 re-expresses the published tables; --rules/--data are a table of your own")
  end
  local what = resolve_target(opts)
  local decls = {}
  if opts.directive then decls.directive = T.load_decl(opts.directive, opts, "directive") end
  -- What everyone else does: --scenario, else the directive's scenario.
  local scpath, from_directive = opts.scenario, false
  if not scpath and decls.directive and decls.directive.scenario ~= nil and not opts.rules then
    scpath, from_directive = T.scenario_path(decls.directive), true
  end
  if scpath then
    local sc = require("scenario").load(scpath, opts)
    local index = opts.index or (decls.directive and decls.directive.index) or "par"
    -- A directive's scenario on another index (its SIPAS plan) does not rank this target.
    if not from_directive or (sc.base and sc.base.index == index) then
      decls.sc = sc
      decls.scenario = sc.decl
      decls.scenario.path = scpath
    end
  end
  local unit_name = args[1] or (decls.directive and decls.directive.unit)
  if not unit_name then cli.usage_error("target: missing UNIT (usage: " .. M.usage:match("^[^\n]*") .. ")") end
  -- Owners and costs: the scenario's, then the directive's over them.
  local owners, costs, declared = {}, {}, nil
  for _, key in ipairs { "scenario", "directive" } do
    local dcl = decls[key]
    if dcl then
      local o, c = T.check_owners_costs(dcl)
      for k, v in pairs(o) do owners[k] = v end
      local any = false
      for k, v in pairs(c) do
        costs[k] = v
        any = true
      end
      if any then declared = dcl.path end
    end
  end
  local ctx = T.context(opts, unit_name, decls)
  if what.rank and ctx.of_known and what.rank > ctx.of then
    cli.usage_error(string.format("target: --rank %d is beyond the %d units ranked", what.rank, ctx.of))
  end
  local r = T.compute(ctx, what, owners, costs)
  r.costs_declared = declared
  if opts.format == "json" then
    cli.emit(opts, json_report(r))
  elseif opts.format == "table" then
    local text = text_report(r, opts)
    if opts.levers then
      local d = ctx.decimals
      local c = { node = {}, name = {}, points = {}, max = {}, headroom = {}, kind = {}, owner = {} }
      for i, lv in ipairs(r.levers) do
        c.node[i], c.name[i], c.points[i], c.max[i] = lv.code, lv.name, lv.points, lv.max
        c.headroom[i] = lv.max and (lv.max - lv.points) * lv.factor or nil
        c.kind[i] = (lv.levels and not lv.note) and (#lv.levels .. " levels") or "continuous"
        c.owner[i] = lv.owner or "—"
      end
      local t = chiso.table { n = #r.levers,
        { name = "node", type = "text", values = c.node }, { name = "name", type = "text", values = c.name },
        { name = "points", type = "number", values = c.points, decimals = d },
        { name = "max", type = "number", values = c.max, decimals = d },
        { name = "headroom", type = "number", values = c.headroom, decimals = d },
        { name = "kind", type = "text", values = c.kind }, { name = "owner", type = "text", values = c.owner } }
      text = text .. "\nLevers (headroom in index points):\n" .. t:format("table")
    end
    cli.emit(opts, text)
  else
    -- The plan's rows alone cannot say whether it reaches the target: the
    -- workbook gets a summary sheet, csv and md a line on standard error.
    local d = ctx.decimals
    local summary = chiso.table { n = 1,
      { name = "unit", type = "text", values = { ctx.unit.name } },
      { name = "target", type = "text", values = { r.need.label } },
      { name = "status", type = "text", values = { r.status } },
      { name = "current", type = "number", values = { r.current.score }, decimals = d },
      { name = "needed", type = "number", values = { r.need.score }, decimals = d },
      { name = "new_score", type = "number", values = { r.new_score }, decimals = d },
      { name = "best_score", type = "number", values = { math.min(r.best_score, ctx.max) }, decimals = d },
      { name = "cost", type = "number", values = { r.solution.cost }, decimals = 2 } }
    if opts.format == "xlsx" then
      cli.emit_xlsx(opts, { { name = "plan", table = plan_table(ctx, r.solution, true) },
                            { name = "summary", table = summary } })
    else
      if r.status ~= "reachable" then
        chiso.warn(string.format("target: %s, %s: %s%s", ctx.unit.name, r.need.label, r.status,
          r.status == "unreachable" and " (the rows are every node at its maximum)" or " (nothing to change)"))
      end
      cli.emit_table(opts, plan_table(ctx, r.solution, true), "plan")
    end
  end
  return 0
end

M.lib = T
return M
