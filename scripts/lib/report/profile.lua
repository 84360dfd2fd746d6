-- report/profile.lua — everything a province (or ministry) profile shows,
-- gathered from the published data and the year's methodology, each figure
-- with the sources it rests on and its kind:
--   published    as a source prints it
--   derived      computed by chiso from published figures (a share of a
--                maximum, a difference, a median, a group, a rank range)
--   unverified   recorded but its source not confirmed (editions.csv notes)
--   illustrative / synthetic   from a rule file or data set that says so
--
--   local profile = require "report.profile"
--   local p = profile.build({ index = "par", unit = "Quảng Ninh", year = 2023 }, opts)
--
-- The result is plain data (see docs/formats.md, "chiso report --format json").

local cli = require "cli"
local data = require "data"
local scoring = require "scoring"

local profile = {}

profile.RULES_DIR = { par = "par", ministries = "par-ministries", sipas = "sipas" }

-- ---------------------------------------------------------------- sources --

local Sources = {}
Sources.__index = Sources

local function new_sources()
  return setmetatable({ list = {}, by_url = {} }, Sources)
end

-- Add the URLs of a source cell ("a | b"): their numbers, in order.
function Sources:add(cell, what)
  local refs = {}
  if type(cell) ~= "string" or cell == "" then return refs end
  for url in (cell .. " | "):gmatch("(.-)%s*|%s+") do
    url = url:gsub("^%s+", ""):gsub("%s+$", "")
    if url ~= "" then
      local k = self.by_url[url]
      if not k then
        k = #self.list + 1
        self.list[k] = { n = k, url = url, what = {} }
        self.by_url[url] = k
      end
      local e = self.list[k]
      if what then
        local seen = false
        for _, w in ipairs(e.what) do if w == what then seen = true end end
        if not seen and #e.what < 6 then e.what[#e.what + 1] = what end
      end
      local dup = false
      for _, r in ipairs(refs) do if r == k then dup = true end end
      if not dup then refs[#refs + 1] = k end
    end
  end
  return refs
end

local function merge(a, b)
  local out, seen = {}, {}
  for _, l in ipairs({ a or {}, b or {} }) do
    for _, k in ipairs(l) do
      if not seen[k] then seen[k] = true out[#out + 1] = k end
    end
  end
  table.sort(out)
  return out
end

-- ------------------------------------------------------------ methodology --

local scored_cache = {}

local function rules_file(index, year)
  local dir = profile.RULES_DIR[index]
  if not dir then return nil end
  local rel = string.format("rules/%s/%d.lua", dir, year)
  if chiso.filetype(chiso.home .. "/" .. rel) ~= "file" then return nil end
  return rel
end

-- The published table of index/year scored under the year's methodology:
-- { m =, res =, rel = "rules/par/2023.lua", by_code = { [unit code] = unit record } } or
-- { rel =, error = message } or nil when there is no methodology (or it is a survey).
function profile.scored(index, year, opts)
  local key = index .. ":" .. year
  if scored_cache[key] ~= nil then return scored_cache[key] or nil end
  local rel = rules_file(index, year)
  local out = false
  if rel then
    local ok, res = pcall(function()
      local m = scoring.rules(chiso.home .. "/" .. rel, opts)
      local mt = getmetatable(m)
      if not (mt and mt.__name == "chiso.Methodology") then return nil end
      local d = scoring.published(data.published(index, year), m, opts)
      return scoring.run(m, d)
    end)
    if ok and res then
      local by_code = {}
      for _, x in ipairs(res.units) do by_code[x.code] = x end
      out = { res = res, rel = rel, by_code = by_code }
    elseif not ok then
      local msg = type(res) == "table" and res.msg or tostring(res)
      chiso.warn(string.format("report: %s could not score the published %d table: %s", rel, year, msg))
      out = { rel = rel, error = msg }
    end
  end
  scored_cache[key] = out
  return out or nil
end

local function median(xs)
  if #xs == 0 then return nil end
  table.sort(xs)
  local n = #xs
  if n % 2 == 1 then return xs[(n + 1) // 2] end
  return (xs[n // 2] + xs[n // 2 + 1]) / 2
end

-- Medians of each node's % of maximum over every unit with a value.
local median_cache = {}
local function node_medians(sc)
  if median_cache[sc] then return median_cache[sc] end
  local res, out = sc.res, {}
  for _, n in ipairs(res.layout.nodes) do
    local xs = {}
    for _, x in ipairs(res.units) do
      local p = res.score:get(n.code, x.i, "percent")
      if p then xs[#xs + 1] = p end
    end
    out[n.code] = { median = median(xs), n = #xs }
  end
  median_cache[sc] = out
  return out
end

-- ------------------------------------------------------- published ranks --

-- Component and area ranks (par_sipas_components_long.csv) matched to the
-- methodology's node codes by what the figure is about.
local CONCEPTS = {
  { code = "TD", pats = { "apprais", "thẩm định" } },
  { code = "TAC", pats = { "impact, total", "impact, max" } },
  { code = "TAC.1", pats = { "sipas points", "sipas trong par" } },
  { code = "TAC.2", pats = { "leaders/", "leaders' ", "lãnh đạo, quản lý" } },
  { code = "TAC.3", pats = { "socio%-economic impact", "kt%-xh" } },
  { area = true, key = "lead", pats = { "leadership", "direction", "chỉ đạo, điều hành" } },
  { area = true, key = "inst", pats = { "institution", "legal doc", "thể chế", "vbqppl" } },
  { area = true, key = "proc", pats = { "procedure", "thủ tục hành chính" } },
  { area = true, key = "appar", pats = { "apparatus", "tổ chức bộ máy" } },
  { area = true, key = "civil", pats = { "civil serv", "công vụ", "cbccvc" } },
  { area = true, key = "fin", pats = { "public finance", "tài chính công" } },
  { area = true, key = "egov", pats = { "moderni", "e%-gov", "digital", "hiện đại hóa", "chính quyền điện tử" } },
}

local function concept_of(text)
  text = text:lower()
  for _, c in ipairs(CONCEPTS) do
    for _, p in ipairs(c.pats) do
      if text:find(p) then return c end
    end
  end
end

local long_cache
local function long_rows(index, year, code)
  -- Ranks among the 63 are not ranks among the 34 units of 2025.
  if data.regroup then return {} end
  if not long_cache then
    long_cache = {}
    local rel = "published/par_sipas_components_long.csv"
    if chiso.filetype(data.path(rel)) == "file" then
      local t = data.read(rel)
      local reg = data.units("province")
      for i = 1, #t do
        local r = t:row(i)
        local c = reg:find(tostring(r.province or ""))
        if c then
          local k = tostring(r.index):lower() .. ":" .. math.tointeger(r.year) .. ":" .. c
          long_cache[k] = long_cache[k] or {}
          table.insert(long_cache[k], { component = r.component, score = r.score, rank = r.rank,
                                        source = r.source, note = r.note, line = t:line(i) })
        end
      end
    end
  end
  return long_cache[index .. ":" .. year .. ":" .. code] or {}
end

-- ------------------------------------------------------------- directives --

local directive_cache
local function load_directive(path, opts)
  local so = cli.sandbox_options(opts, path)
  so.language = true
  local sb = chiso.sandbox(so)
  local d = sb:dofile(path)
  if type(d) ~= "table" or d.decl ~= "directive" then
    cli.fail(path .. ": a directive file must return directive { … }")
  end
  d.path = path
  return d
end

-- The directive naming this unit: the one given, or the first of rules/directives/ (by file name).
function profile.directive_for(kind, code, opts)
  if opts.directive then
    local d = load_directive(opts.directive, opts)
    return d
  end
  if not directive_cache then
    directive_cache = {}
    local dir = chiso.home .. "/rules/directives"
    for _, f in ipairs(chiso.listdir(dir) or {}) do
      if f:match("%.lua$") then
        local rel = "rules/directives/" .. f
        local ok, d = pcall(load_directive, chiso.home .. "/" .. rel, opts)
        if ok and type(d.unit) == "string" then
          d.path = rel
          local c = data.units("province"):find(d.unit)
          -- Among the 34 units of 2025 a directive of a merged province is not the new unit's.
          local info = c and data.units("province"):info(c)
          if info and info.type == "merged" then c = nil end
          if c and not directive_cache[c] then directive_cache[c] = d end
        end
      end
    end
  end
  if kind ~= "province" then return nil end
  return directive_cache[code]
end

-- ------------------------------------------------------------------ build --

local STATUS_MARK = { synthetic = "synthetic", illustrative = "illustrative", derived = "derived", imputed = "imputed" }

local function row_of(pub, code)
  for i, r in ipairs(pub.rows) do
    if r.unit == code then return r, i end
  end
end

local function entries(rows)
  local e = {}
  for i, r in ipairs(rows) do e[i] = { score = r.score, rank = r.rank } end
  return e
end

local function decimals_of(pub)
  local d = pub.table:has("score") and pub.table:info("score").decimals or 2
  if not d or d < 0 then d = 2 end
  return d
end

-- A year's figures for the unit: { year, score, rank, lo, hi, of, basis, note, refs, row }.
local function year_figures(index, year, code, src)
  local pub = data.published(index, year)
  local r, i = row_of(pub, code)
  local f = { year = year, of = pub.of, of_known = pub.of_known, decimals = decimals_of(pub), file = pub.file }
  if not r then
    -- A 2025 unit without a derived score: its bounds, and why.
    local dr = pub.units2025 and pub.derived[code]
    if dr and dr.bounds then f.note, f.bounds = dr.note, dr.bounds end
    return f, pub
  end
  f.row = r
  f.score, f.rank, f.basis, f.note, f.rank_text = r.score, r.rank, r.basis, r.note, r.rank_text
  f.line = r.line
  local what = string.format("%s %d", pub.spec.title, year)
  f.score_refs = src:add(r.source, what)
  f.rank_refs = r.rank_source and r.rank_source ~= "" and src:add(r.rank_source, what) or f.score_refs
  f.other_refs = src:add(r.row and r.row.other_sources, what)
  if not f.rank and f.score and pub.units2025 then
    f.lo, f.hi = require("units2025").interval(pub.rows, require("units2025").bounds(pub), f.score, code, f.decimals)
  elseif not f.rank and f.score then
    f.lo, f.hi = chiso.rank.interval(entries(pub.rows), pub.of, f.score, { exclude = i, decimals = f.decimals })
  end
  return f, pub
end

-- Build the profile.  spec: { index =, unit = name or code, year = (nil: the
-- latest year with a figure for the unit) }.  opts: the command's options
-- (sandbox limits, directive, …).
function profile.build(spec, opts)
  local index = spec.index or "par"
  local ispec = data.INDEXES[index]
  if not ispec then cli.usage_error("report: unknown index '" .. tostring(index) .. "' (par, sipas or ministries)") end
  local reg = data.units(ispec.kind)
  local code, name = reg:resolve(spec.unit)
  local info = reg:info(code) or {}
  local years = data.years(index)
  local src = new_sources()
  local P = { index = index, title = ispec.title, title_vi = ispec.title_vi, kind = ispec.kind,
              unit = { code = code, name = name, name_en = info.name_en, region = info.region_6 },
              years = years, marks = {} }
  local function mark(m) if m then P.marks[m] = true end return m end
  if data.regroup and ispec.kind == "province" then
    P.units2025 = { weight_name = data.regroup.weight_name, weight_source = data.regroup.weight_source }
    mark("derived")
  end

  -- History first: it also tells the latest year with a figure.
  local hist, latest = {}, nil
  for _, y in ipairs(years) do
    local f = year_figures(index, y, code, src)
    if f.row then latest = y end
    if f.lo then mark("derived") end
    hist[#hist + 1] = f
  end
  P.history = hist
  local year = spec.year or latest or years[#years]
  local known = false
  for _, y in ipairs(years) do if y == year then known = true end end
  if not known then
    cli.fail(string.format("no published %s table for %d (years available: %d–%d)", ispec.title, year, years[1], years[#years]))
  end
  P.year = year

  -- Headline
  local cur, prev
  for _, f in ipairs(hist) do
    if f.year == year then cur = f end
    if f.year == year - 1 then prev = f end
  end
  local H = { score = cur.score, rank = cur.rank, rank_text = cur.rank_text, lo = cur.lo, hi = cur.hi, of = cur.of,
              of_known = cur.of_known, basis = cur.basis, note = cur.note, decimals = cur.decimals,
              score_refs = cur.score_refs or {}, rank_refs = cur.rank_refs or {}, file = cur.file, line = cur.line,
              listed = cur.row ~= nil }
  if prev then
    H.prev = { year = prev.year, score = prev.score, rank = prev.rank }
    if prev.score and cur.score then H.d_score = cur.score - prev.score end
    if prev.rank and cur.rank then H.d_rank = prev.rank - cur.rank end
    H.prev_refs = merge(prev.score_refs, prev.rank_refs)
    if H.d_score or H.d_rank then mark("derived") end
  end
  local ed = data.edition(index, year)
  if ed and type(ed.average) == "number" then
    H.average = ed.average
    H.average_note = ed.average_note
    H.average_refs = src:add(ed.source, string.format("%s %d: %s", ispec.title, year, "average"))
    if tostring(ed.average_note or ""):match("^UNVERIFIED") then H.average_unverified = true mark("unverified") end
  end
  P.headline = H

  -- The year's methodology: group, areas, components, points lost.
  local sc = profile.scored(index, year, opts)
  P.rules = sc and sc.rel or rules_file(index, year)
  P.areas, P.parts, P.lost_areas, P.lost_parts = {}, {}, {}, {}
  if sc and sc.error then P.rules_error = sc.error end
  local x = sc and sc.res and sc.by_code[code]
  if x then
    local res = sc.res
    if x.group then
      H.group = x.group
      mark("derived")
    end
    local med = node_medians(sc)
    local row_refs = merge(cur.score_refs, nil)
    -- published ranks of areas and components, by node
    local ranks = {}
    local area_nodes = {}
    for _, n in ipairs(res.layout.nodes) do
      if n.view == "by_area" and n.kind == "group" then area_nodes[#area_nodes + 1] = n end
    end
    for _, lr in ipairs(long_rows(index, year, code)) do
      local c = concept_of(lr.component or "")
      local target
      if c and c.code then target = c.code end
      if c and c.area then
        for _, n in ipairs(area_nodes) do
          local cc = concept_of((n.name_en or "") .. " " .. (n.name or ""))
          if cc and cc.key == c.key then target = n.code break end
        end
      end
      if target and math.tointeger(lr.rank) then
        ranks[target] = { rank = math.tointeger(lr.rank), refs = src:add(lr.source, string.format("%s %d", ispec.title, year)) }
      end
    end
    local function item(n)
      local pts = res.score:get(n.code, x.i)
      local rk = ranks[n.code]
      if pts == nil and not rk then return nil end
      local mx = pts and res.score:get(n.code, x.i, "max") or nil
      local pct = pts and res.score:get(n.code, x.i, "percent") or nil
      local m = med[n.code] or {}
      local it = { code = n.code, name = n.name, name_en = n.name_en, points = pts, max = mx, percent = pct,
                   state = res.score:get(n.code, x.i, "state"), median = m.n and m.n >= 3 and m.median or nil,
                   median_n = m.n or 0, rank = rk and rk.rank, rank_refs = rk and rk.refs or {},
                   refs = pts and row_refs or {}, status = n.status, depth = n.depth, owner = nil,
                   max_source = n.source }
      if it.state == "computed" then it.computed = true mark("derived") end
      if pct then mark("derived") end
      local m2 = STATUS_MARK[n.status or ""]
      if m2 then it.mark = mark(m2) end
      return it
    end
    for _, n in ipairs(res.layout.nodes) do
      if not n.view and n.depth >= 1 then
        local it = item(n)
        if it then P.parts[#P.parts + 1] = it end
      end
    end
    for _, n in ipairs(area_nodes) do
      local it = item(n)
      if it then P.areas[#P.areas + 1] = it end
    end
    -- Points lost: areas (max − points) and the deepest known components.
    for _, it in ipairs(P.areas) do
      if it.points and it.max then
        P.lost_areas[#P.lost_areas + 1] = { code = it.code, name = it.name, name_en = it.name_en,
                                            lost = it.max - it.points, refs = it.refs }
      end
    end
    for _, r in ipairs(scoring.explain(res, x.i)) do
      if r.lost and r.max then
        local n = res.layout.by_code[r.code]
        P.lost_parts[#P.lost_parts + 1] = { code = r.code, name = r.name, name_en = n and n.name_en, lost = r.lost,
                                            refs = row_refs }
      end
    end
    local function by_lost(a, b)
      if math.abs(a.lost - b.lost) > 1e-9 then return a.lost > b.lost end
      return a.code < b.code
    end
    table.sort(P.lost_areas, by_lost)
    table.sort(P.lost_parts, by_lost)
    if #P.lost_areas + #P.lost_parts > 0 then mark("derived") end
  end

  -- Owners, from a directive that names this unit.
  local dct = profile.directive_for(ispec.kind, code, opts)
  if dct then
    P.directive = { path = dct.path, name = dct.name, status = dct.status, note = dct.note }
    if STATUS_MARK[dct.status or ""] then P.directive.mark = mark(STATUS_MARK[dct.status]) end
    local owners = {}
    for k, v in pairs(dct.owners or {}) do owners[tostring(k)] = v end
    P.owners = owners
    for _, l in ipairs({ P.lost_areas, P.lost_parts }) do
      for _, r in ipairs(l) do r.owner = owners[r.code] end
    end
    local basis = #P.lost_areas > 0 and P.lost_areas or P.lost_parts
    local sums, order = {}, {}
    for _, r in ipairs(basis) do
      local o = r.owner or ""
      if not sums[o] then sums[o] = { owner = r.owner, lost = 0, codes = {} } order[#order + 1] = o end
      sums[o].lost = sums[o].lost + r.lost
      table.insert(sums[o].codes, r.code)
    end
    local list = {}
    for _, o in ipairs(order) do list[#list + 1] = sums[o] end
    table.sort(list, function(a, b)
      if math.abs(a.lost - b.lost) > 1e-9 then return a.lost > b.lost end
      return (a.owner or "~") < (b.owner or "~")
    end)
    P.lost_owners = list
    P.lost_owners_basis = #P.lost_areas > 0 and "areas" or "parts"
  end
  P.sources = src.list
  P.src = src
  return P
end

return profile
