-- scenario.lua — the scenario core that whatif, project, target, directive,
-- explain and sensitivity build on: loading a scenario file, the base table
-- it starts from, published history and trends, the projection of every unit
-- to a horizon year, and ranks (intervals on partial tables).
--
--   local scenario = require "scenario"
--   local sc = scenario.load("rules/scenarios/langson-2019.lua", opts)
--   local base = scenario.base(sc, opts)
--   for _, year in ipairs(sc.horizon) do
--     local proj = scenario.project(sc, base, year)
--     local lo, hi = scenario.rank(proj, "20")         -- Lạng Sơn's projected rank
--   end
--
-- Units are lists of records (all units of the table: published rows first,
-- in published order, then those not published).  A unit record:
--   { code =, name =, region =, listed = true|false, line = (published row),
--     score = (the index, % scale) | nil, rank = (published) | nil,
--     points = { [node] = points }, max = { [node] = max },
--     known = score ~= nil,
--     slot = "rank" | "pool" | nil, lo =, hi =   -- bounds of an unknown score
--   }
-- and a projected one adds changed, applied = { { node =, from =, to =, delta = }, … },
-- shift (the move of an unknown score) and note.  A units list also carries
-- of, decimals, year, layout ("published": the published ranks still hold;
-- "bounds": ranks from scores and bounds), pool (free slots: { { lo, hi }, … }).

local cli = require "cli"
local data = require "data"
local scoring = require "scoring"

local scenario = {}

-- Where each index's methodologies live under rules/.
scenario.RULES_DIR = { par = "par", sipas = "sipas", ministries = "par-ministries" }

local SCORE_MAX = 100 -- published indices are on a 0–100 (%) scale

-- ---------------------------------------------------------------- helpers --

local sorted_keys = cli.sorted_keys

local function at(file, line)
  if line and line > 0 then return string.format("%s:%d: ", file, line) end
  return file .. ": "
end

local function pow10(d)
  local p = 1
  for _ = 1, d do p = p * 10 end
  return p
end

-- The integer a score is compared by: rounded to `decimals` places half away
-- from zero, with the tolerance of the engine's ranking (86.145 → 8615).
function scenario.key(v, decimals)
  if v == nil then return nil end
  local x = v * pow10(decimals or 2)
  local ax = math.abs(x)
  local r = math.floor(ax + 0.5 + ax * 1e-12)
  return x < 0 and -r or r
end
local key = scenario.key

local function clamp(v, lo, hi)
  if lo and v < lo then return lo end
  if hi and v > hi then return hi end
  return v
end

local function fmt(v, d)
  if v == nil then return "?" end
  return string.format("%." .. (d or 2) .. "f", v)
end
scenario.fmt = fmt

-- The first line at or after `from` where `word` is written as a string
-- ("…", '…', [[…]]) or, for a plain identifier, as a key (word =).
local function find_line(lines, word, from, to)
  local plain = word:match("^[%a_][%w_]*$")
  for i = from or 1, to or #lines do
    local l = lines[i]
    if l:find('"' .. word .. '"', 1, true) or l:find("'" .. word .. "'", 1, true)
        or l:find("[[" .. word .. "]]", 1, true) then
      return i
    end
    if plain and l:find("%f[%w_]" .. word .. "%s*=") then return i end
    if word:match("^%d+$") and l:find("%f[%w_.]" .. word .. "%f[^%w_.]") then return i end
  end
end

-- A node code close to WORD: within a third of its length.
local function nearest(word, candidates)
  return cli.nearest(word, candidates, math.max(1, #word // 3))
end

local function title_of(base_or_sc)
  return base_or_sc.title or "?"
end

-- --------------------------------------------------------------- loading --

local function rules_path(name, scfile)
  -- "par/2023" → rules/par/2023.lua of the engine; a path to a .lua file is
  -- taken relative to the scenario file, then as given.
  if name:match("%.lua$") then
    local dir = scfile:match("^(.*)/[^/]*$") or "."
    local rel = dir .. "/" .. name
    if not name:match("^/") and chiso.filetype(rel) == "file" then return rel end
    if chiso.filetype(name) == "file" then return name end
    return nil
  end
  if not name:match("^[%w_%-]+[/%w_%-]*$") then return nil end
  local p = chiso.home .. "/rules/" .. name .. ".lua"
  if chiso.filetype(p) == "file" then return p end
end

-- A path as shown in messages: under the installation → "rules/par/2023.lua".
local function shown(path)
  if path and path:sub(1, #chiso.home + 1) == chiso.home .. "/" then return path:sub(#chiso.home + 2) end
  return path
end
scenario.shown = shown

local function data_path(name, scfile)
  local dir = scfile:match("^(.*)/[^/]*$") or "."
  if name:match("^/") then return chiso.filetype(name) == "file" and name or nil end
  for _, p in ipairs { dir .. "/" .. name, chiso.home .. "/datasets/" .. name, name } do
    if chiso.filetype(p) == "file" then return p end
  end
end

-- "+2" → add 2; "x1.05"/"×1.05" → mul; "= 85%" → set_pct; "= 8.5" → set; a
-- number sets the value; a function gets (value, unit) and returns the new value.
local function parse_change(v)
  if chiso.is_rule_function(v) then return "fn", v end
  if type(v) == "number" then return "set", v end
  if type(v) ~= "string" then return nil end
  local s = v:gsub("%s", ""):gsub("×", "x"):gsub(",", ".")
  local n = s:match("^([+-]%d+%.?%d*)$")
  if n then return "add", tonumber(n) end
  n = s:match("^[xX](%d+%.?%d*)$")
  if n then return "mul", tonumber(n) end
  n = s:match("^=(%d+%.?%d*)%%$")
  if n then return "set_pct", tonumber(n) end
  n = s:match("^=(%d+%.?%d*)$")
  if n then return "set", tonumber(n) end
end

local function describe_change(op, value, text)
  if op == "fn" then return "function" end
  if type(text) == "string" then return (text:gsub("%s+", " ")) end
  return "= " .. tostring(value)
end

-- The methodology's main tree (views left out): by code, root, parents.
local function tree_of(m)
  local nodes = m:nodes()
  local t = { by_code = {}, list = {}, root = nodes[1].code, info = m:info() }
  for _, n in ipairs(nodes) do
    -- The main tree and the groups of views (areas published beside the
    -- method's parts): a change to a group moves the total by its delta.
    if not n.view or n.kind == "group" then
      t.by_code[n.code] = n
      t.list[#t.list + 1] = n
    end
  end
  return t
end

--- scenario.load(path, opts) -> sc
-- The declaration of a scenario file, validated: units resolved (errors at
-- the file's line with the closest name), node codes checked against the
-- base methodology when there is one, horizon a sorted list of years.
function scenario.load(path, opts)
  opts = opts or {}
  cli.need_file(path)
  local sbo = cli.sandbox_options(opts, path)
  sbo.language = true
  local sb = chiso.sandbox(sbo)
  local decl = sb:dofile(path)
  if type(decl) ~= "table" or decl.decl ~= "scenario" then
    cli.fail(path .. ": a scenario file returns scenario { name = …, base = …, change = … }")
  end
  local file, line = path, decl.line
  local lines = cli.file_lines(path)
  local function fail(l, fmtstr, ...)
    cli.fail(at(file, l or line) .. string.format(fmtstr, ...))
  end

  local sc = {
    file = path, line = line, decl = decl, sandbox = sb,
    name = decl.name, name_en = decl.name_en, note = decl.note, status = decl.status, source = decl.source,
    costs = decl.costs, owners = decl.owners,
  }

  -- base ------------------------------------------------------------------
  local b = decl.base
  local base = {}
  if b.index ~= nil then
    if type(b.index) ~= "string" or not data.INDEXES[b.index] then
      fail(find_line(lines, tostring(b.index)), "base: unknown index '%s' (one of: ministries, par, sipas)",
        tostring(b.index))
    end
    if math.type(b.year) ~= "integer" then fail(nil, "base: year = 2023 (the year assessed)") end
    local years = data.years(b.index)
    local found = false
    for _, y in ipairs(years) do if y == b.year then found = true end end
    if not found then
      fail(find_line(lines, tostring(b.year)) or line, "base: no published %s table for %d (years available: %s)",
        data.INDEXES[b.index].title, b.year, #years > 0 and (years[1] .. "–" .. years[#years]) or "none")
    end
    base.index, base.year = b.index, b.year
    base.kind = data.INDEXES[b.index].kind
  end
  -- The 34 units of 2025: declared by the scenario (units = 2025) or by --units.
  if b.units ~= nil then
    if b.units ~= 2025 then
      fail(find_line(lines, "units"), "base: units = 2025 (the 34 units of the 2025 reorganisation) is the only one known")
    end
    if not data.regroup then
      if data.provinces_read() then
        fail(find_line(lines, "units"), "base: the scenario is on the 34 units of 2025: give --units 2025 to the command too")
      end
      data.set_units({})
    end
  end
  if data.regroup then
    if not base.index or b.data ~= nil then
      fail(find_line(lines, b.units ~= nil and "units" or "data"), "base: the 34 units of 2025 re-express the published "
        .. "tables (index = …, year = …); a table of your own is already in the units it names")
    end
    if base.kind ~= "province" then
      fail(find_line(lines, tostring(b.index)), "base: the 34 units of 2025 regroup provinces; %s has none",
        data.INDEXES[b.index].title)
    end
    base.units2025 = true
  end
  if base.index then
    base.title = data.published(base.index, base.year).spec.title .. " " .. base.year
  end
  if b.rules ~= nil then
    if type(b.rules) ~= "string" then fail(nil, "base: rules = \"par/2023\" (a methodology under rules/)") end
    base.rules = rules_path(b.rules, path)
    if not base.rules then
      fail(find_line(lines, b.rules), "base: no methodology '%s' (rules/%s.lua)", b.rules, b.rules)
    end
  elseif base.index then
    local p = chiso.home .. "/rules/" .. scenario.RULES_DIR[base.index] .. "/" .. base.year .. ".lua"
    if chiso.filetype(p) == "file" then base.rules = p end
  end
  if b.data ~= nil then
    if type(b.data) ~= "string" then fail(nil, "base: data = \"file.csv\"") end
    if not base.rules then
      fail(find_line(lines, b.data), "base: data = \"%s\" needs rules = \"…\" (the methodology that scores it)", b.data)
    end
    base.data = data_path(b.data, path)
    if not base.data then
      fail(find_line(lines, b.data), "base: cannot open data '%s' (looked beside the scenario file and in datasets/)",
        b.data)
    end
  elseif not base.index then
    fail(nil, "base = { rules = \"%s\" } needs data = \"file.csv\" (a complete table of your own), or index and year",
      tostring(b.rules))
  end
  if base.rules then
    sc.methodology = scoring.rules(base.rules, opts)
    sc.tree = tree_of(sc.methodology)
    local info = sc.tree.info
    if base.data then
      base.kind = info.unit
      base.year = b.year or info.year
      if math.type(base.year) ~= "integer" then
        fail(nil, "base: give year = … (the year the data in %s describe)", b.data)
      end
      base.title = (info.code or info.name or "own data") .. " " .. base.year .. " (" .. b.data .. ")"
    end
  end
  sc.base = base

  -- horizon ---------------------------------------------------------------
  local h = decl.horizon
  local years = {}
  if h == nil then
    years = { base.year + 1 }
  elseif type(h) == "number" then
    years = { h }
  else
    for _, y in ipairs(h) do years[#years + 1] = y end
    if #years == 0 then fail(find_line(lines, "horizon"), "scenario: horizon = { 2024, 2025 } lists at least one year") end
  end
  local seen = {}
  local hl = find_line(lines, "horizon")
  for _, y in ipairs(years) do
    if math.type(y) ~= "integer" then fail(hl, "scenario: horizon years must be whole years, not %s", tostring(y)) end
    if y < base.year or y > base.year + 30 then
      fail(hl, "scenario: horizon %d is outside %d–%d (the base year to 30 years on)", y, base.year, base.year + 30)
    end
    seen[y] = true
  end
  sc.horizon = sorted_keys(seen)
  table.sort(sc.horizon)

  -- changes ---------------------------------------------------------------
  local reg = (base.kind == "province" or base.kind == "ministry") and data.units(base.kind) or nil
  local node_codes = {}
  if sc.tree then for _, n in ipairs(sc.tree.list) do node_codes[#node_codes + 1] = n.code end end
  sc.changes, sc.changed = {}, {}
  local entries = {}
  for written, ch in pairs(decl.change or {}) do
    entries[#entries + 1] = { written = written, ch = ch, line = find_line(lines, written) or line }
  end
  table.sort(entries, function(a, c)
    if a.line ~= c.line then return a.line < c.line end
    return a.written < c.written
  end)
  local order = 0
  for _, e in ipairs(entries) do
    local code, name = e.written, e.written
    if reg then code, name = reg:resolve(e.written, file, e.line) end
    if sc.changed[code] then
      fail(e.line, "%s is changed twice (as '%s' and '%s')", name, sc.changed[code].written, e.written)
    end
    local per = type(e.ch) == "table" and e.ch or { total = e.ch }
    local list = {}
    for _, node in ipairs(sorted_keys(per)) do
      local v = per[node]
      node = tostring(node)
      local nl = (type(e.ch) == "table" and find_line(lines, node, e.line)) or e.line
      if nl - e.line > 40 then nl = e.line end
      if node ~= "total" then
        if not sc.tree then
          fail(nl, "change for %s at '%s': there is no methodology for %s (%s), so only 'total' can be changed",
            name, node, title_of(base), "rules/" .. (scenario.RULES_DIR[base.index] or "?") .. "/" .. base.year .. ".lua")
        end
        if not sc.tree.by_code[node] then
          local near = nearest(node, node_codes)
          fail(nl, "%s (%s) has no node '%s'%s", title_of(base), shown(base.rules), node,
            near and (" (did you mean '" .. near .. "'?)") or "")
        end
        if node == sc.tree.root then node = "total" end
      end
      local op, value = parse_change(v)
      if not op then
        fail(nl, "change for %s, %s: '%s' is not \"+2\", \"-1\", \"x1.05\", \"= 85%%\", \"= 8.5\" or a function",
          name, node, tostring(v))
      end
      if op == "set" and value < 0 then
        fail(nl, "change for %s, %s: a plain number sets the value (%s); write \"%s\" (text) for a change",
          name, node, tostring(value), tostring(value))
      end
      if op == "mul" and value < 0 then fail(nl, "change for %s, %s: a factor must not be negative", name, node) end
      local n = sc.tree and node ~= "total" and sc.tree.by_code[node] or nil
      order = order + 1
      list[#list + 1] = {
        unit = code, name = name, written = e.written, line = nl, node = node, op = op, value = value,
        text = describe_change(op, value, v), depth = n and n.depth or 0, order = order,
      }
    end
    -- Deeper nodes first, the total last: each change sees the ones below it.
    table.sort(list, function(a, c)
      if (a.node == "total") ~= (c.node == "total") then return c.node == "total" end
      if a.depth ~= c.depth then return a.depth > c.depth end
      return a.order < c.order
    end)
    sc.changed[code] = { unit = code, name = name, written = e.written, line = e.line, changes = list }
    for _, c in ipairs(list) do sc.changes[#sc.changes + 1] = c end
    sc.changed[#sc.changed + 1] = sc.changed[code]
  end

  -- others ----------------------------------------------------------------
  local o = decl.others
  local ol = find_line(lines, "others")
  if o == nil or o == "unchanged" then
    sc.others = { kind = "unchanged" }
  elseif chiso.is_rule_function(o) then
    sc.others = { kind = "function", fn = o, line = ol }
  else
    if math.type(o.years) ~= "integer" or o.years < 1 or o.years > 20 then
      fail(o.line or ol, "%s: years must be a whole number of years, 1 to 20", o.kind == "own" and "trend" or "regional_trend")
    end
    if not base.index then
      fail(o.line or ol, "others: trends come from the published tables; a base of your own data has none (use \"unchanged\" or a function)")
    end
    sc.others = { kind = o.kind, years = o.years, line = o.line or ol }
  end

  -- noise -----------------------------------------------------------------
  local nz = decl.noise
  local nl = find_line(lines, "noise")
  if nz == nil or nz == "history" then
    sc.noise = { kind = "history" }
  else
    sc.noise = { kind = "declared", units = {} }
    for k in pairs(nz) do
      if k ~= "sd" and k ~= "units" then
        fail(nl, "noise: unknown key '%s' (noise = { sd = 1.2 } or { sd = { [\"TD\"] = 0.8, … }, units = { [\"name\"] = 2 } })",
          tostring(k))
      end
    end
    if type(nz.sd) == "number" then
      if nz.sd < 0 then fail(nl, "noise: sd must not be negative") end
      sc.noise.sd = nz.sd
    elseif type(nz.sd) == "table" then
      sc.noise.areas = {}
      for _, node in ipairs(sorted_keys(nz.sd)) do
        local v = nz.sd[node]
        node = tostring(node)
        if type(v) ~= "number" or v < 0 then fail(nl, "noise: sd for '%s' must be a number >= 0", node) end
        if node ~= "total" and (not sc.tree or not sc.tree.by_code[node]) then
          local near = sc.tree and nearest(node, node_codes)
          fail(find_line(lines, node, nl) or nl, "noise: %s has no node '%s'%s", sc.tree and shown(base.rules) or title_of(base),
            node, near and (" (did you mean '" .. near .. "'?)") or "")
        end
        sc.noise.areas[#sc.noise.areas + 1] = { node = node, sd = v }
      end
      if #sc.noise.areas == 0 then fail(nl, "noise: sd = { … } names no node") end
    elseif nz.sd ~= nil then
      fail(nl, "noise: sd = 1.2 (points a year) or { [\"node\"] = sd, … }")
    end
    if nz.units ~= nil then
      if type(nz.units) ~= "table" then fail(nl, "noise: units = { [\"name\"] = sd, … }") end
      for _, written in ipairs(sorted_keys(nz.units)) do
        local v = nz.units[written]
        local ul = find_line(lines, written, nl) or nl
        local code = written
        if reg then code = reg:resolve(written, file, ul) end
        if type(v) ~= "number" or v < 0 then fail(ul, "noise: sd for %s must be a number >= 0", written) end
        sc.noise.units[code] = v
      end
    end
    if sc.noise.sd == nil and sc.noise.areas == nil and next(sc.noise.units) == nil then
      fail(nl, "noise: give sd = … (points a year) or units = { … }")
    end
  end

  -- ranks, draws, seed ------------------------------------------------------
  local ks = {}
  for _, k in ipairs(decl.ranks or {}) do ks[k] = true end
  sc.ranks = sorted_keys(ks)
  table.sort(sc.ranks)
  if decl.draws ~= nil and (math.type(decl.draws) ~= "integer" or decl.draws < 1) then
    fail(find_line(lines, "draws"), "scenario: draws must be a whole number >= 1")
  end
  if decl.seed ~= nil and math.type(decl.seed) ~= "integer" then
    fail(find_line(lines, "seed"), "scenario: seed must be a whole number")
  end
  sc.draws, sc.seed = decl.draws, decl.seed
  return sc
end

-- ------------------------------------------------------------ base table --

-- Bands of the published groups.csv for an index and year: { { "A", 90 }, { "B", 80 }, … }.
local function published_groups(index, year)
  if chiso.filetype(data.path("published/groups.csv")) ~= "file" then return nil end
  local t = data.read("published/groups.csv")
  local g = {}
  for i = 1, #t do
    local r = t:row(i)
    if r.index == index and math.tointeger(r.year) == year and type(r.group) == "string" and r.group ~= "" then
      local band = tostring(r.band or "")
      local lower = (not band:match("^%s*<")) and tonumber(band:match("(%d+%.?%d*)")) or nil
      g[#g + 1] = { r.group, lower }
    end
  end
  if #g == 0 then return nil end
  table.sort(g, function(a, b) return (a[2] or -1) > (b[2] or -1) end)
  return g
end

-- The group of a score under a list of bands (best first).
function scenario.group(groups, score)
  if not groups or score == nil then return nil end
  for _, g in ipairs(groups) do
    if g[2] == nil or score >= g[2] - 1e-9 then return g[1] end
  end
end

-- Whether a node's points are a real value: published (given), from a rule
-- on data, or computed from parts that all are.
local function real_points(res, tree, u)
  local s = res.score
  local memo = {}
  local function ok(code)
    if memo[code] ~= nil then return memo[code] end
    local st = s:get(code, u, "state")
    local v
    if st == "given" or st == "rule" then
      v = true
    elseif st == "computed" then
      v = true
      for _, c in ipairs(tree.by_code[code].of or tree.by_code[code].children) do
        local cs = s:get(c, u, "state")
        if cs ~= "na_excluded" and cs ~= "na_full" and not ok(c) then v = false break end
      end
    else
      v = false
    end
    memo[code] = v
    return v
  end
  local points = {}
  for _, n in ipairs(tree.list) do
    if ok(n.code) then points[n.code] = s:get(n.code, u) end
  end
  return points
end

local function node_max(tree)
  local mx = {}
  if tree then
    for _, n in ipairs(tree.list) do mx[n.code] = n.max end
    mx.total = SCORE_MAX
  else
    mx.total = SCORE_MAX
  end
  return mx
end

-- Bounds of unknown scores from a published layout.  Units with a rank but
-- no score sit between the nearest published scores above and below (equal
-- when a published unit shares the rank).  The free ranks (not taken by a
-- ranked unit) are taken by scored units without a rank (each the first free
-- rank its score fits) and, for the rest, by the units of unknown place,
-- which share them: pool = { { lo, hi, rank }, … }.  Open ends are bounded by
-- the scale (0 and 100); `unbounded` counts slots that had to be.
function scenario.layout(units, of)
  local anchors = {}
  for _, x in ipairs(units) do
    if x.score and x.rank then anchors[#anchors + 1] = x end
  end
  local function bounds(r)
    local hi, lo, tie
    for _, a in ipairs(anchors) do
      if a.rank < r then hi = hi and math.min(hi, a.score) or a.score end
      if a.rank > r then lo = lo and math.max(lo, a.score) or a.score end
      if a.rank == r then tie = a.score end
    end
    if tie then return tie, tie, false end
    local open = lo == nil
    hi, lo = hi or SCORE_MAX, lo or 0
    if lo > hi then lo, hi = hi, lo end -- inconsistent published data: keep an interval
    return lo, hi, open
  end
  local count = {}
  for _, x in ipairs(units) do
    if x.rank then count[x.rank] = (count[x.rank] or 0) + 1 end
  end
  local taken = {}
  for r, c in pairs(count) do
    for k = r, r + c - 1 do taken[k] = true end
  end
  local free = {}
  for r = 1, of do
    if not taken[r] then
      local lo, hi, open = bounds(r)
      free[#free + 1] = { lo = lo, hi = hi, rank = r, open = open }
    end
  end
  local unbounded = 0
  -- Ranked units without a score, and units whose score is known to lie
  -- within bounds (a derived unit of 2025 with predecessors unpublished).
  for _, x in ipairs(units) do
    x.slot, x.lo, x.hi = nil, nil, nil
    if x.score == nil and x.bounds then
      x.slot, x.lo, x.hi = "rank", x.bounds[1], x.bounds[2]
      if x.bounds.open then unbounded = unbounded + 1 end
    elseif x.score == nil and x.rank then
      local lo, hi, open = bounds(x.rank)
      x.slot, x.lo, x.hi = "rank", lo, hi
      if open then unbounded = unbounded + 1 end
    end
  end
  -- Scored units without a rank take the free rank their score fits.
  local scored = {}
  for _, x in ipairs(units) do
    if x.score and not x.rank then scored[#scored + 1] = x end
  end
  table.sort(scored, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.code < b.code
  end)
  for _, x in ipairs(scored) do
    local best, bd
    for i, f in ipairs(free) do
      local d = x.score > f.hi and x.score - f.hi or x.score < f.lo and f.lo - x.score or 0
      if not bd or d < bd then best, bd = i, d end
      if d == 0 then break end
    end
    if best then table.remove(free, best) end
  end
  -- The rest share what is left.
  local pooled = {}
  for _, x in ipairs(units) do
    if x.score == nil and not x.rank and not x.bounds then pooled[#pooled + 1] = x end
  end
  while #free > #pooled do table.remove(free) end
  while #free < #pooled do free[#free + 1] = { lo = 0, hi = SCORE_MAX, open = true } end
  local pool = {}
  for i, f in ipairs(free) do
    pool[i] = { f.lo, f.hi, rank = f.rank }
    if f.open then unbounded = unbounded + 1 end
  end
  local plo, phi
  for _, f in ipairs(pool) do
    plo = plo and math.min(plo, f[1]) or f[1]
    phi = phi and math.max(phi, f[2]) or f[2]
  end
  for _, x in ipairs(pooled) do
    x.slot, x.lo, x.hi = "pool", plo, phi
  end
  return pool, unbounded
end

local function decimals_of(t, col)
  local d = t:has(col) and t:info(col).decimals or 2
  if not d or d < 0 then d = 2 end
  return d
end

--- scenario.base(sc, opts) -> base
-- { index=, year=, of=, complete=, title=, methodology=, rules=, decimals=,
--   groups=, units = { … }, by_code = { … }, pub = (published record) }
function scenario.base(sc, opts)
  opts = opts or {}
  local b = sc.base
  local base = {
    index = b.index, year = b.year, title = b.title, rules = b.rules and shown(b.rules),
    methodology = sc.methodology, tree = sc.tree, kind = b.kind, max = node_max(sc.tree),
  }
  local units = {}
  local reg = (b.kind == "province" or b.kind == "ministry") and data.units(b.kind) or nil
  local function region_of(code)
    local info = reg and reg:info(code)
    return info and info.region_6 or nil
  end
  if b.data then
    -- A table of one's own, scored by the methodology.
    local d = scoring.data(b.data, sc.methodology, opts)
    local res = scoring.run(sc.methodology, d)
    base.file = b.data
    base.decimals = res.info.decimals or 2
    base.of = #res.units
    base.of_known = true
    for i, x in ipairs(res.units) do
      units[i] = {
        code = x.code, name = x.name, region = region_of(x.code), listed = true, line = x.line,
        score = x.percent, rank = x.rank, points = real_points(res, sc.tree, i), max = base.max,
      }
    end
    base.res = res
  else
    local pub = data.published(b.index, b.year)
    base.pub = pub
    base.file = pub.file
    base.decimals = decimals_of(pub.table, "score")
    base.of = pub.of
    base.of_known = pub.of_known
    local res
    if sc.methodology then
      local names, codes = {}, {}
      for i, r in ipairs(pub.rows) do names[i], codes[i] = r.name, r.unit end
      local ok, r = pcall(scoring.run, sc.methodology, { table = pub.table, names = names, codes = codes,
        path = pub.file, registry = reg, kind = b.kind, unit_column = pub.spec.unit_column })
      if ok then
        res = r
        base.res = r
      else
        base.notes = base.notes or {}
        base.notes[#base.notes + 1] = string.format("%s could not score %s (%s): no node values are known",
          base.rules, pub.file, type(r) == "table" and r.msg or tostring(r))
      end
    end
    local seen = {}
    for i, r in ipairs(pub.rows) do
      local points = res and real_points(res, sc.tree, i) or {}
      if sc.tree and r.score and points[sc.tree.root] == nil then
        points[sc.tree.root] = r.score * ((sc.tree.by_code[sc.tree.root].max or SCORE_MAX) / SCORE_MAX)
      end
      units[#units + 1] = {
        code = r.unit, name = r.name, region = region_of(r.unit), listed = true, line = r.line,
        score = r.score, rank = r.rank, basis = r.basis, points = points, max = base.max,
      }
      seen[r.unit] = true
    end
    -- Every other unit of the table, unpublished: by the registry when it
    -- lists exactly the units ranked, else anonymous places.
    local unlisted = pub.of - #pub.rows
    if reg and reg:count() == pub.of then
      for _, code in ipairs(reg:codes()) do
        if not seen[code] then
          local dv = pub.derived and pub.derived[code]
          units[#units + 1] = { code = code, name = reg:info(code).name_vi or reg:info(code).name or code,
                                region = region_of(code), listed = false, points = {}, max = base.max,
                                bounds = dv and dv.bounds or nil, note = dv and dv.note or nil }
        end
      end
    else
      for k = 1, math.max(unlisted, 0) do
        units[#units + 1] = { code = "?" .. k, name = "(unpublished " .. k .. ")", anonymous = true,
                              listed = false, points = {}, max = base.max }
      end
    end
  end
  local scored = 0
  for _, x in ipairs(units) do
    x.known = x.score ~= nil
    if x.known then scored = scored + 1 end
  end
  base.scored = scored
  base.complete = scored == base.of and #units == base.of
  local info = sc.tree and sc.tree.info
  base.groups = info and info.groups and #info.groups > 0 and info.groups or (b.index and published_groups(b.index, b.year))
  base.groups_source = (info and info.groups and #info.groups > 0) and base.rules or (base.groups and "datasets/published/groups.csv")
  base.pool, base.unbounded = scenario.layout(units, base.of)
  -- A derived table publishes no ranks: ranks come from scores and bounds.
  units.of, units.decimals, units.year, units.pool = base.of, base.decimals, base.year, base.pool
  units.layout = (base.pub and base.pub.units2025) and "bounds" or "published"
  if base.pub and base.pub.units2025 then
    base.units2025 = true
    base.notes = base.notes or {}
    table.insert(base.notes, 1, require("units2025").banner())
    local bounded = 0
    for _, x in ipairs(units) do if x.bounds then bounded = bounded + 1 end end
    if bounded > 0 then
      table.insert(base.notes, 2, string.format("%d of the 34 units have no derived score: each lies between the means "
        .. "of its predecessors' scores, an unpublished one taken between its published neighbours among the 63.", bounded))
    end
  end
  base.units = units
  base.by_code = {}
  for _, x in ipairs(units) do base.by_code[x.code] = x end
  return base
end

-- --------------------------------------------------------------- history --

--- scenario.history(index, code, upto_year) -> { { year=, score=, rank= }, … }
-- The unit's published rows, oldest first, up to and including upto_year.
-- Nothing is invented: years without a published row are absent, and score
-- or rank is nil where only the other was published.
function scenario.history(index, code, upto_year)
  local out = {}
  for _, y in ipairs(data.years(index)) do
    if not upto_year or y <= upto_year then
      local pub = data.published(index, y)
      for _, r in ipairs(pub.rows) do
        if r.unit == code and (r.score or r.rank) then
          out[#out + 1] = { year = y, score = r.score, rank = r.rank }
        end
      end
    end
  end
  return out
end

--- scenario.trend(index, code, upto_year, years) -> points a year | nil, how
-- The unit's mean year-on-year change over the last `years` years up to
-- upto_year: (last − first) / (years between) over the published scores in
-- that window (the mean of the yearly changes when no year is missing).
-- nil unless the window holds at least two scores, the last of upto_year
-- itself (a trend is continued from the score it ends on).
function scenario.trend(index, code, upto_year, years)
  local from = upto_year - years
  local pts = {}
  for _, h in ipairs(scenario.history(index, code, upto_year)) do
    if h.score and h.year >= from then pts[#pts + 1] = h end
  end
  if #pts < 2 or pts[#pts].year ~= upto_year then return nil, { n = #pts, from = from, to = upto_year } end
  local a, z = pts[1], pts[#pts]
  return (z.score - a.score) / (z.year - a.year), { n = #pts, from = a.year, to = z.year }
end

--- scenario.regional_trend(index, region, upto_year, years [, kind]) -> points a year | nil, units
-- The mean of the trends of the region's units that have one.
function scenario.regional_trend(index, region, upto_year, years)
  local reg = data.units(data.INDEXES[index].kind)
  local sum, n, who = 0, 0, {}
  for _, code in ipairs(reg:codes()) do
    local info = reg:info(code)
    if info.region_6 == region then
      local t = scenario.trend(index, code, upto_year, years)
      if t then
        sum, n = sum + t, n + 1
        who[#who + 1] = code
      end
    end
  end
  if n == 0 then return nil, who end
  return sum / n, who
end

--- scenario.yoy(index, code, upto_year) -> { change, … }
-- Year-on-year changes of the published score between consecutive years.
function scenario.yoy(index, code, upto_year)
  local out, prev = {}, nil
  for _, h in ipairs(scenario.history(index, code, upto_year)) do
    if h.score then
      if prev and h.year == prev.year + 1 then out[#out + 1] = h.score - prev.score end
      prev = h
    end
  end
  return out
end

local function sd_of(xs)
  if #xs < 2 then return nil end
  local m = 0
  for _, x in ipairs(xs) do m = m + x end
  m = m / #xs
  local v = 0
  for _, x in ipairs(xs) do v = v + (x - m) ^ 2 end
  return math.sqrt(v / (#xs - 1))
end

--- scenario.noise(sc, base) -> { [code] = { sd =, source = "own"|"median"|"declared", n = }, median =, own = }
-- Each unit's yearly noise on its score (points, % scale): the sample sd of
-- its published year-on-year changes when it has at least two; otherwise the
-- median of those sds (source "median").  Declared noise overrides.
function scenario.noise(sc, base)
  local out = {}
  local declared = sc.noise.kind == "declared"
  local sds = {}
  if base.index then
    for _, x in ipairs(base.units) do
      if not x.anonymous then
        local ch = scenario.yoy(base.index, x.code, base.year)
        local sd = sd_of(ch)
        out[x.code] = { sd = sd, n = #ch, source = sd and "own" or nil }
        if sd then sds[#sds + 1] = sd end
      end
    end
  end
  table.sort(sds)
  local median
  if #sds > 0 then
    median = #sds % 2 == 1 and sds[(#sds + 1) // 2] or (sds[#sds // 2] + sds[#sds // 2 + 1]) / 2
  end
  out.median, out.own = median, #sds
  for _, x in ipairs(base.units) do
    local e = out[x.code] or { n = 0 }
    out[x.code] = e
    if declared then
      if sc.noise.units[x.code] then
        e.sd, e.source = sc.noise.units[x.code], "declared"
      elseif sc.noise.sd then
        e.sd, e.source = sc.noise.sd, "declared"
      elseif sc.noise.areas then
        local v = 0
        for _, a in ipairs(sc.noise.areas) do v = v + a.sd ^ 2 end
        e.sd, e.source = math.sqrt(v), "declared"
      end
    end
    if not e.source then
      e.sd, e.source = median, "median"
    end
  end
  return out
end

-- ------------------------------------------------------------ projection --

local function unit_view(x, year)
  local pts, mx = {}, {}
  for k, v in pairs(x.points or {}) do pts[k] = v end
  for k, v in pairs(x.max or {}) do mx[k] = v end
  return { code = x.code, name = x.name, region = x.region, score = x.score, rank = x.rank, year = year,
           points = pts, max = mx }
end

local function copy_unit(x)
  local y = {}
  for k, v in pairs(x) do y[k] = v end
  y.points = {}
  for k, v in pairs(x.points or {}) do y.points[k] = v end
  y.base_score, y.base_rank = x.score, x.rank
  y.shift = 0
  return y
end

-- Change of a node's points by delta: the parents move with it (a sum by the
-- same delta, a mean by its share), up to the root; returns the root's delta.
local function propagate(tree, y, code, delta)
  local n = tree.by_code[code]
  if n and n.view then return delta end -- a view's group: the total moves by its delta
  while n and n.parent do
    local p = tree.by_code[n.parent]
    if p.aggregate == "mean" then
      delta = delta / math.max(#p.children, 1)
    elseif p.aggregate == "weighted_mean" then
      local sw = 0
      for _, c in ipairs(p.children) do sw = sw + (tree.by_code[c].weight or 0) end
      delta = sw > 0 and delta * (n.weight or 0) / sw or 0
    end
    if y.points[p.code] ~= nil then y.points[p.code] = y.points[p.code] + delta end
    n = p
  end
  return delta
end

local function apply_op(c, from, max, unit, year, sc)
  local v
  if c.op == "add" then
    v = from + c.value
  elseif c.op == "mul" then
    v = from * c.value
  elseif c.op == "set" then
    v = c.value
  elseif c.op == "set_pct" then
    v = c.value / 100 * max
  else
    v = c.value(from, unit_view(unit, year))
    if type(v) ~= "number" then
      cli.fail(string.format("%s:%d: the change function for %s, %s returned %s, not a number", sc.file, c.line,
        c.name, c.node, type(v) == "nil" and "nothing" or ("a " .. type(v))))
    end
  end
  return v
end

local function apply_change(sc, base, y, c, year)
  local title = title_of(base)
  local where = at(sc.file, c.line)
  local root_max = sc.tree and (sc.tree.by_code[sc.tree.root].max or SCORE_MAX) or SCORE_MAX
  if c.node == "total" then
    local from = y.score
    if from == nil then
      if c.op == "add" then
        y.shift = y.shift + c.value
        y.applied[#y.applied + 1] = { node = "total", delta = c.value, text = c.text,
          note = "base score not published: the change moves an unknown score" }
        return
      elseif c.op ~= "set" and c.op ~= "set_pct" then
        cli.fail(string.format("%s%s has no published score in %s: '%s' needs one (write \"+2\" or \"= 85%%\", or give base data)",
          where, y.name, title, c.text))
      end
      from = nil
    end
    local to = clamp(apply_op(c, from, SCORE_MAX, y, base.year, sc), 0, SCORE_MAX)
    y.score = to
    if from == nil then
      y.known, y.shift, y.slot = true, 0, nil
    end
    if sc.tree and y.points[sc.tree.root] ~= nil and from ~= nil then
      y.points[sc.tree.root] = y.points[sc.tree.root] + (to - from) * root_max / SCORE_MAX
    end
    y.applied[#y.applied + 1] = { node = "total", from = from, to = to, delta = from and (to - from) or nil, text = c.text }
    return
  end
  local n = sc.tree.by_code[c.node]
  local from = y.points[c.node]
  local max = n.max
  if from == nil then
    if c.op == "add" then
      -- The node's own value is not published: move the total by the same
      -- points (its maximum cannot be checked).
      local d = propagate(sc.tree, y, c.node, c.value) * SCORE_MAX / root_max
      if y.score ~= nil then
        y.score = clamp(y.score + d, 0, SCORE_MAX)
      else
        y.shift = y.shift + d
      end
      y.applied[#y.applied + 1] = { node = c.node, delta = c.value, text = c.text,
        note = string.format("'%s' is not published for %s: the total moves by %s, unchecked against the node's maximum",
          c.node, y.name, fmt(c.value)) }
      return
    end
    cli.fail(string.format("%s%s has no published value for '%s' in %s: change 'total' instead, or give base data",
      where, y.name, c.node, title))
  end
  if c.op == "set_pct" and not max then
    cli.fail(string.format("%s'%s' has no maximum in %s: write \"= 8.5\" (points), not a percentage", where, c.node,
      shown(base.rules)))
  end
  local to = clamp(apply_op(c, from, max, y, base.year, sc), 0, max)
  y.points[c.node] = to
  local d = propagate(sc.tree, y, c.node, to - from) * SCORE_MAX / root_max
  if y.score ~= nil then
    y.score = clamp(y.score + d, 0, SCORE_MAX)
  else
    y.shift = y.shift + d
  end
  y.applied[#y.applied + 1] = { node = c.node, from = from, to = to, delta = to - from, text = c.text }
end

-- The notes to print under a result: the base's, then each projection's
-- (PROJECTIONS: lists with a notes field) once, in order.
function scenario.notes(base, projections)
  local notes, seen = {}, {}
  for _, n in ipairs(base.notes or {}) do notes[#notes + 1] = n end
  for _, p in ipairs(projections) do
    for _, n in ipairs(p.notes or {}) do
      if not seen[n] then
        seen[n] = true
        notes[#notes + 1] = n
      end
    end
  end
  return notes
end

-- The free places left for the units of unknown place after a projection:
-- a unit that UNITS (scenario.project's rows) now scores takes the free place
-- of BASE nearest its score.  Returns places { { lo, hi }, … } for the
-- projection kernel and the count of units still drawn among them.
function scenario.free_places(base, units)
  local places, pooled = {}, 0
  for k, sl in ipairs(base.pool or {}) do places[k] = { sl[1], sl[2] } end
  for i, y in ipairs(units) do
    if base.units[i].slot == "pool" then
      if y.score ~= nil then
        local best, bd
        for k, sl in ipairs(places) do
          local dd = y.score > sl[2] and y.score - sl[2] or y.score < sl[1] and sl[1] - y.score or 0
          if not bd or dd < bd then best, bd = k, dd end
        end
        if best then table.remove(places, best) end
      else
        pooled = pooled + 1
      end
    end
  end
  return places, pooled
end

--- scenario.project(sc, base, year) -> units (projected)
-- Every unit of the base in `year`: changed units as the scenario says (their
-- own changes, relative to the base), the others as `others` says.  The list
-- carries of, decimals, year, layout, pool and notes (one line each, for the
-- reader: units without a trend, …).
function scenario.project(sc, base, year)
  local out = { of = base.of, decimals = base.decimals, year = year, base = base, pool = base.pool, notes = {} }
  local h = year - base.year
  local moved = false
  local regional = {}
  local no_trend = {}
  for i, x in ipairs(base.units) do
    local y = copy_unit(x)
    y.applied = {}
    local ch = sc.changed[x.code]
    if ch then
      y.changed = true
      y.rank = nil
      for _, c in ipairs(ch.changes) do apply_change(sc, base, y, c, year) end
      if y.shift ~= 0 then moved = true end
    elseif sc.others.kind == "own" or sc.others.kind == "regional" then
      local t
      if sc.others.kind == "own" then
        t = (not x.anonymous) and scenario.trend(base.index, x.code, base.year, sc.others.years) or nil
      elseif x.region then
        if regional[x.region] == nil then
          regional[x.region] = scenario.regional_trend(base.index, x.region, base.year, sc.others.years) or false
        end
        t = regional[x.region] or nil
      end
      if t == nil then
        no_trend[#no_trend + 1] = x.name
        t = 0
      end
      y.trend = t
      y.shift = t * h
      if y.shift ~= 0 then
        moved = true
        y.rank = nil
        if y.score ~= nil then
          y.score = clamp(y.score + y.shift, 0, SCORE_MAX)
          y.shift = 0
        end
      end
    elseif sc.others.kind == "function" then
      local v = sc.others.fn(unit_view(x, base.year), year)
      if v ~= nil then
        if type(v) ~= "number" then
          cli.fail(string.format("%s: the others function returned a %s for %s, not a score (or nil: unchanged)",
            sc.others.line and (sc.file .. ":" .. sc.others.line) or sc.file, type(v), x.name))
        end
        v = clamp(v, 0, SCORE_MAX)
        if v ~= x.score then
          moved = true
          y.rank = nil
        end
        y.score, y.known, y.slot = v, true, nil
      end
    end
    y.known = y.score ~= nil
    out[i] = y
  end
  -- Bounds of the unknown scores, moved with them.
  for _, y in ipairs(out) do
    if not y.known and y.lo then
      y.lo, y.hi = clamp(y.lo + y.shift, 0, SCORE_MAX), clamp(y.hi + y.shift, 0, SCORE_MAX)
    end
  end
  -- Changed units leave their published place: the others' ranks still hold,
  -- unless others moved or the table is derived (no published ranks).
  out.layout = (moved or base.units.layout == "bounds") and "bounds" or "published"
  if #no_trend > 0 then
    table.sort(no_trend)
    out.no_trend = no_trend
    local shown_names = {}
    for i = 1, math.min(#no_trend, 12) do shown_names[i] = no_trend[i] end
    if #no_trend > 12 then shown_names[#shown_names + 1] = string.format("and %d more", #no_trend - 12) end
    out.notes[#out.notes + 1] = string.format(
      "%d %s no %s in the published tables (%d–%d) and %s kept unchanged: %s",
      #no_trend, #no_trend == 1 and "unit has" or "units have",
      sc.others.kind == "own" and "trend (fewer than two scores, or none in the base year)" or "regional trend",
      base.year - sc.others.years, base.year, #no_trend == 1 and "is" or "are", table.concat(shown_names, ", "))
  end
  out.by_code = {}
  for _, y in ipairs(out) do out.by_code[y.code] = y end
  return out
end

-- ------------------------------------------------------------------ ranks --

--- scenario.entries(units) -> { { score=, rank= }, … } for chiso.rank.interval
function scenario.entries(units)
  local e = {}
  for i, x in ipairs(units) do e[i] = { score = x.score, rank = x.rank } end
  return e
end

-- Ranks from scores and bounds: 1 + the units certainly above the unit's
-- best (min) and possibly above its worst (max).  The pooled units share
-- their slots: at most as many above as slots allow.
local function bounds_rank(units, idx, d)
  local me = units[idx]
  local sl, sh
  if me.score ~= nil then
    sl, sh = key(me.score, d), key(me.score, d)
  else
    sl, sh = key(me.lo or 0, d), key(me.hi or SCORE_MAX, d)
  end
  local cert, poss = 0, 0
  local pooled, dmin, dmax = 0, nil, nil
  for j, y in ipairs(units) do
    if j ~= idx then
      if y.score ~= nil then
        local k = key(y.score, d)
        if k > sh then cert = cert + 1 end
        if k > sl then poss = poss + 1 end
      elseif y.slot == "pool" then
        pooled = pooled + 1
        local s = y.shift or 0
        dmin = dmin and math.min(dmin, s) or s
        dmax = dmax and math.max(dmax, s) or s
      else
        if key(y.lo or 0, d) > sh then cert = cert + 1 end
        if key(y.hi or SCORE_MAX, d) > sl then poss = poss + 1 end
      end
    end
  end
  if pooled > 0 then
    local c, p = 0, 0
    for _, f in ipairs(units.pool or {}) do
      if key(f[1] + dmin, d) > sh then c = c + 1 end
      if key(f[2] + dmax, d) > sl then p = p + 1 end
    end
    local empty = #(units.pool or {}) - pooled -- slots no other pooled unit fills (the asking unit's own)
    cert = cert + math.max(0, c - math.max(empty, 0))
    poss = poss + math.min(p, pooled)
  end
  local of = units.of or #units
  return math.min(cert + 1, of), math.min(poss + 1, of)
end

--- scenario.rank(units, code [, opts]) -> min, max
-- The rank of the unit `code` among `units` (a base or a projection): exact on
-- complete tables, an interval on partial ones.  Where the published ranks
-- still hold (the others unchanged), it is chiso.rank.interval's answer with
-- the unit's own published entry left out (as `chiso rank --score --unit`).
function scenario.rank(units, code, opts)
  opts = opts or {}
  local d = opts.decimals or units.decimals or 2
  local of = opts.of or units.of or #units
  local idx
  for i, x in ipairs(units) do
    if x.code == code then idx = i break end
  end
  if not idx then error("scenario.rank: no unit '" .. tostring(code) .. "'", 2) end
  local me = units[idx]
  if me.score == nil then
    if me.rank and units.layout == "published" then return me.rank, me.rank end
    return bounds_rank(units, idx, d)
  end
  if units.layout == "published" then
    local e = scenario.entries(units)
    -- Its own published entry bounds its neighbours; it is the one moving.
    if me.applied then
      e[idx] = { score = me.base_score, rank = me.base_rank }
    end
    return chiso.rank.interval(e, of, me.score, { exclude = idx, decimals = d })
  end
  return bounds_rank(units, idx, d)
end

--- scenario.passes(before, after, code) -> overtakes, falls_behind, undetermined
-- Units (with known scores in both) that `code` moves past, up or down, from
-- `before` to `after`; undetermined: how many units of unknown score might
-- lie between its two scores.
function scenario.passes(before, after, code, decimals)
  local d = decimals or after.decimals or 2
  local was = {}
  for _, x in ipairs(before) do was[x.code] = x end
  local b, a = was[code], nil
  for _, y in ipairs(after) do if y.code == code then a = y end end
  local over, behind, undetermined = {}, {}, 0
  if not (b and a and b.score and a.score) then return over, behind, nil end
  local kb, ka = key(b.score, d), key(a.score, d)
  local lo, hi = math.min(b.score, a.score), math.max(b.score, a.score)
  for _, y in ipairs(after) do
    local x = was[y.code]
    if y.code ~= code and x then
      if x.score and y.score then
        local xb, xa = key(x.score, d), key(y.score, d)
        if xb >= kb and ka > xa then
          over[#over + 1] = y
        elseif kb >= xb and xa > ka then
          behind[#behind + 1] = y
        end
      elseif not y.score and y.slot ~= "pool" and y.lo then
        if y.hi > lo and y.lo < hi then undetermined = undetermined + 1 end
      end
    end
  end
  for _, f in ipairs(after.pool or {}) do
    if f[2] > lo and f[1] < hi then undetermined = undetermined + 1 end
  end
  local function by_score(p, q)
    if p.score ~= q.score then return p.score > q.score end
    return p.name < q.name
  end
  table.sort(over, by_score)
  table.sort(behind, by_score)
  return over, behind, undetermined
end

return scenario
