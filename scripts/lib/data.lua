-- data.lua — the shipped datasets: units (provinces, ministries) with their
-- aliases, and the published results by index and year.
--
--   local data = require "data"
--   local p = data.units("province")          -- registry of the 63 provinces
--   local code, name = p:resolve("TP HCM", "file.csv", 12)
--   local pub = data.published("par", 2023)   -- rows with unit, score, rank …

local cli = require "cli"

local data = {}

data.INDEXES = {
  par = { file = "par_index_%d.csv", unit_column = "province", kind = "province",
          title = "PAR INDEX", title_vi = "Chỉ số CCHC (PAR INDEX)" },
  sipas = { file = "sipas_%d.csv", unit_column = "province", kind = "province",
            title = "SIPAS", title_vi = "Chỉ số hài lòng (SIPAS)" },
  ministries = { file = "ministries_par_%d.csv", unit_column = "ministry", kind = "ministry",
                 title = "PAR INDEX of ministries", title_vi = "Chỉ số CCHC các bộ" },
}

-- Columns that usually name the units of a table of one's own.
data.UNIT_COLUMNS = { "unit", "province", "ministry", "department", "name", "don_vi", "đơn vị", "tinh", "tỉnh" }

-- The spec of an index name; a usage error listing the known ones otherwise.
function data.index(index)
  local spec = data.INDEXES[index]
  if not spec then
    local names = {}
    for k in pairs(data.INDEXES) do names[#names + 1] = k end
    table.sort(names)
    cli.usage_error("unknown index '" .. tostring(index) .. "' (one of: " .. table.concat(names, ", ") .. ")")
  end
  return spec
end

-- The unit of each row of table T, named in column UCOL of file PATH:
-- codes[i], names[i].  With a registry REG names resolve to its canonical
-- codes; a row without a name or a unit listed twice is an error at its line.
function data.unit_rows(t, ucol, path, reg)
  local codes, names, seen = {}, {}, {}
  for i = 1, #t do
    local written = t:get(ucol, i)
    if written == nil then cli.fail(string.format("%s:%d: no unit name in column '%s'", path, t:line(i), ucol)) end
    written = tostring(written)
    local code, name = written, written
    if reg then code, name = reg:resolve(written, path, t:line(i)) end
    if seen[code] then
      cli.fail(string.format("%s:%d: '%s' is listed twice (also line %d)", path, t:line(i), written, seen[code]))
    end
    seen[code] = t:line(i)
    codes[i], names[i] = code, name
  end
  return codes, names
end

function data.path(rel)
  return chiso.home .. "/datasets/" .. rel
end

-- Shipped files are named in messages by their place in the installation
-- ("datasets/published/par_index_2023.csv"), the same wherever chiso lives.
function data.read(rel, opts)
  opts = opts or {}
  opts.name = "datasets/" .. rel
  return chiso.read(data.path(rel), opts)
end

local cache = {}

local Registry = {}
Registry.__index = Registry

-- The unit a name denotes: code, canonical name.  Raises a data error at
-- file:line with the closest match when the name is unknown.
function Registry:resolve(name, file, line)
  local code, canonical = self.units:find(name)
  if code then return code, canonical end
  local where = file and (line and (file .. ":" .. line .. ": ") or (file .. ": ")) or ""
  -- The 34 units of 2025: a province merged away is named with its new unit.
  if self.merged_hint then
    local hint = self.merged_hint(name)
    if hint then cli.fail(where .. hint) end
  end
  local scode, sname = self.units:suggest(name)
  cli.fail(string.format("%sunknown %s '%s'%s", where, self.kind, name,
    scode and (" (did you mean '" .. sname .. "'?)") or ""))
end

function Registry:find(name)
  return self.units:find(name)
end

-- Whether most names in column UCOL of table T are this registry's units
-- (a table of one's own then resolves them to the canonical list).
function Registry:names_most(t, ucol)
  local matched = 0
  for i = 1, #t do
    if self.units:find(tostring(t:get(ucol, i) or "")) then matched = matched + 1 end
  end
  return #t > 0 and matched * 2 >= #t
end

-- Information about a unit by code: the dataset row as a table.
function Registry:info(code)
  return self.by_code[code]
end

function Registry:count()
  return self.units:count()
end

-- Codes in the dataset's order.
function Registry:codes()
  return self.order
end

local function load_registry(kind)
  local file, code_col, name_col
  if kind == "province" then
    file, code_col, name_col = "provinces.csv", "code_gso", "name_vi"
  elseif kind == "ministry" then
    file, code_col, name_col = "ministries.csv", "code", "name_vi"
  else
    error("unknown unit kind " .. tostring(kind))
  end
  local t = data.read(file, { columns = { [code_col] = { type = "text" } } })
  local reg = setmetatable({ kind = kind, units = chiso.units(), by_code = {}, order = {} }, Registry)
  if kind == "ministry" then
    -- "Bộ Tư pháp" and "Ministry of Justice" meet on their distinctive words.
    reg.units:prefix("bo")
    reg.units:prefix("ministry of")
  end
  for i = 1, #t do
    local row = t:row(i)
    local code = row[code_col]
    reg.units:add(code, row[name_col])
    if row.name_ascii then reg.units:alias(code, row.name_ascii) end
    if row.name_en then reg.units:alias(code, row.name_en) end
    reg.by_code[code] = row
    reg.order[#reg.order + 1] = code
  end
  if chiso.filetype(data.path("aliases.csv")) == "file" then
    local ap = "datasets/aliases.csv"
    local a = data.read("aliases.csv", { columns = { code = { type = "text" } } })
    for i = 1, #a do
      if a:get("kind", i) == kind then
        local code = a:get("code", i)
        if not reg.by_code[code] then
          cli.fail(string.format("%s:%d: alias '%s' refers to unknown %s code '%s'", ap, a:line(i),
            a:get("alias", i), kind, code))
        end
        reg.units:alias(code, a:get("alias", i))
      end
    end
  end
  return reg
end

-- The 34 units of 2025 as a registry (kind "province"): the new units'
-- names with and without "Tỉnh"/"Thành phố", and every name of the
-- predecessor whose name a unit keeps ("TP HCM" is still Thành phố Hồ Chí
-- Minh).  A province merged away does not resolve: resolve() says which
-- unit it joined.
local function load_registry2025()
  local U = require "units2025"
  local m = U.mapping()
  local old = data.units("province", true)
  local reg = setmetatable({ kind = "province", units = chiso.units(), by_code = {}, order = {}, units2025 = true },
    Registry)
  local function strip(s)
    return (s:gsub("^Thành phố ", ""):gsub("^Tỉnh ", ""))
  end
  for _, u in ipairs(m.units) do
    reg.units:add(u.code, u.name)
    local short = strip(u.name)
    if short ~= u.name then reg.units:alias(u.code, short) end
    -- The predecessor that gives the unit its name (else the one with its code, else the first).
    local heir
    for _, c in ipairs(u.members) do
      if chiso.text.fold(old:info(c).name_vi) == chiso.text.fold(short) then heir = c end
    end
    if not heir then
      for _, c in ipairs(u.members) do if c == u.code then heir = c end end
    end
    heir = heir or u.members[1]
    local hi = old:info(heir)
    local names = {}
    for k, c in ipairs(u.members) do names[k] = old:info(c).name_vi end
    reg.by_code[u.code] = { code_gso = u.code, name_vi = u.name, name_ascii = hi.name_ascii, name_en = hi.name_en,
                            region_6 = hi.region_6, type = u.type, members = u.members, member_names = names,
                            heir = heir }
    reg.order[#reg.order + 1] = u.code
    if chiso.text.fold(hi.name_vi) == chiso.text.fold(short) then
      reg.units:alias(u.code, hi.name_vi)
      if hi.name_ascii then reg.units:alias(u.code, hi.name_ascii) end
      if hi.name_en then reg.units:alias(u.code, hi.name_en) end
    end
  end
  if chiso.filetype(data.path("aliases.csv")) == "file" then
    local a = data.read("aliases.csv", { columns = { code = { type = "text" } } })
    for i = 1, #a do
      local code = a:get("code", i)
      local u = a:get("kind", i) == "province" and m.of_old[code]
      if u and reg.by_code[u.code].heir == code then reg.units:alias(u.code, a:get("alias", i)) end
    end
  end
  reg.merged_hint = function(name)
    local c = old:find(name)
    local u = c and m.of_old[c]
    if not u then return nil end
    return string.format("%s merged into %s on 1 July 2025 (with --units 2025, name one of the 34 new units)",
      old:info(c).name_vi, u.name)
  end
  return reg
end

-- The registry of a kind of unit.  For provinces, once data.set_units(2025)
-- is in force, the 34 units of 2025 (unless `as_published`: the 63).
function data.units(kind, as_published)
  if kind == "province" and data.regroup and not as_published then
    if not cache["units:province2025"] then cache["units:province2025"] = load_registry2025() end
    return cache["units:province2025"]
  end
  local key = "units:" .. kind
  if not cache[key] then cache[key] = load_registry(kind) end
  return cache[key]
end

-- Re-express every published province table for the 34 units of 2025 from
-- here on (scripts/lib/units2025.lua): spec = { weights =, weight_name =,
-- weight_source = } or nil for as published.
function data.set_units(spec)
  data.regroup = spec
end

-- Whether provinces have already been read as the 63 (a command that has
-- resolved names cannot switch to the 34 units half-way).
function data.provinces_read()
  return cache["units:province"] ~= nil and not data.regroup
end

-- editions.csv: number of units ranked and the national average per index/year.
function data.edition(index, year)
  if not cache.editions then
    cache.editions = {}
    if chiso.filetype(data.path("published/editions.csv")) == "file" then
      local t = data.read("published/editions.csv")
      for i = 1, #t do
        local r = t:row(i)
        cache.editions[r.index .. ":" .. math.tointeger(r.year)] = r
      end
    end
  end
  return cache.editions[index .. ":" .. year]
end

-- Years for which a published table of `index` exists, ascending.
function data.years(index)
  local spec = data.INDEXES[index]
  local years = {}
  local pattern = "^" .. spec.file:gsub("%%d", "(%%d%%d%%d%%d)"):gsub("%.", "%%.") .. "$"
  for _, f in ipairs(chiso.listdir(data.path("published")) or {}) do
    local y = f:match(pattern)
    if y then years[#years + 1] = tonumber(y) end
  end
  table.sort(years)
  return years
end

local function num(v)
  if type(v) == "number" then return v end
  return nil
end

-- Ranks written as words in the ministries' tables ("last", "second-last")
-- become numbers when the number of units ranked that year is known.
local FROM_BOTTOM = { ["last"] = 0, ["second-last"] = 1, ["third-last"] = 2 }

local function parse_rank(v, of)
  if type(v) == "number" then return math.tointeger(v), nil end
  if type(v) ~= "string" then return nil, nil end
  if v:match("^%d+$") then return math.tointeger(tonumber(v)), nil end
  local back = FROM_BOTTOM[v]
  if back and of then return of - back, v end
  return nil, v
end

-- A published table: { index=, year=, file=, of=, of_known=, table=, rows={…} }
-- Each row: { unit = code, name = canonical, written = as in the file, score, rank,
--             basis, line, source, note, i = row index in the table }.
function data.published(index, year, as_published)
  local spec = data.index(index)
  if data.regroup and spec.kind == "province" and not as_published then
    local key = "pub2025:" .. index .. ":" .. year
    if not cache[key] then
      cache[key] = require("units2025").published(data.published(index, year, true), data.regroup)
    end
    return cache[key]
  end
  local key = "pub:" .. index .. ":" .. year
  if cache[key] then return cache[key] end
  local rel = "published/" .. spec.file:format(year)
  local path = "datasets/" .. rel
  if chiso.filetype(data.path(rel)) ~= "file" then
    local ys = data.years(index)
    cli.fail(string.format("no published %s table for %d (years available: %s)", spec.title, year,
      #ys > 0 and (ys[1] .. "–" .. ys[#ys]) or "none"))
  end
  local t = data.read(rel, { columns = { code_gso = { type = "text" } } })
  local reg = data.units(spec.kind, true)
  local ed = data.edition(index, year)
  local of = ed and math.tointeger(num(ed.units))
  local rows, seen = {}, {}
  for i = 1, #t do
    local r = t:row(i)
    local written = r[spec.unit_column]
    if written == nil then
      cli.fail(string.format("%s:%d: no %s name in column '%s'", path, t:line(i), spec.kind, spec.unit_column))
    end
    local code, name = reg:resolve(tostring(written), path, t:line(i))
    if seen[code] then
      cli.fail(string.format("%s:%d: %s '%s' is listed twice (also line %d)", path, t:line(i), spec.kind,
        written, seen[code]))
    end
    seen[code] = t:line(i)
    local rank, rank_text = parse_rank(r.rank, of)
    rows[#rows + 1] = {
      unit = code, name = name, written = written, i = i, line = t:line(i),
      score = num(r.score), rank = rank, rank_text = rank_text, basis = r.rank_basis,
      source = r.source, rank_source = r.rank_source, note = r.note, row = r,
    }
  end
  local pub = { index = index, year = year, file = path, table = t, rows = rows, spec = spec,
                of = of, of_known = of ~= nil, edition = ed }
  if not of then
    -- Unknown count: at least every listed unit and every listed rank.
    local m = #rows
    for _, r in ipairs(rows) do
      if r.rank and r.rank > m then m = r.rank end
    end
    pub.of = m
  end
  cache[key] = pub
  return pub
end

return data
