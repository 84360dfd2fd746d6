-- units2025.lua — the 63 provinces re-expressed as the 34 units of the 2025
-- reorganisation (Nghị quyết 202/2025/QH15, in force 1/7/2025), from the
-- merger columns of datasets/provinces.csv.
--
--   local U = require "units2025"
--   local m = U.mapping()            -- m.units: 34 { code, name, type, members = { old codes } }
--   local rows = U.derive({ ["48"] = 88.68, ["49"] = 84.6, … }, { weights = nil })
--   -- rows[i] = { code, name, members = { { code, name, value, weight } }, n, published,
--   --             value (nil unless every predecessor has one), complete, note }
--
-- A derived value is the weighted mean of the predecessors' values: equal
-- weights by default, or the weights given (a column of the user's table or
-- of a weight file — e.g. population; none ships with chiso).  When a
-- predecessor has no value the derived value is LEFT EMPTY: a mean of the
-- published subset would pass one province's score off as the merged unit's.
-- The note names the predecessors and how many have a value.  Nothing derived
-- is published: every row is marked "derived (2025 units)", except an
-- unchanged unit's, which is its own published value.

local cli = require "cli"
local data = require "data"

local U = {}

U.BASIS_DERIVED = "derived (2025 units)"
U.BASIS_UNCHANGED = "as published (unit unchanged in 2025)"

local cached

-- The 34 units and their predecessors, checked for consistency: each new
-- code has one name, `merger_type_2025` is "unchanged" exactly for the units
-- with a single predecessor, and `merged_with` lists the other members.
function U.mapping()
  if cached then return cached end
  local file = "datasets/provinces.csv"
  local t = data.read("provinces.csv", { columns = { code_gso = { type = "text" },
                                                     merged_into_2025_code = { type = "text" } } })
  for _, c in ipairs({ "merged_into_2025", "merged_into_2025_code", "merger_type_2025", "merged_with" }) do
    if not t:has(c) then cli.fail(string.format("%s: no column '%s' (the 2025 merger columns)", file, c)) end
  end
  local units, by_code, of_old = {}, {}, {}
  for i = 1, #t do
    local r = t:row(i)
    local code, name = r.merged_into_2025_code, r.merged_into_2025
    if not code or not name then
      cli.fail(string.format("%s:%d: %s has no 2025 unit (merged_into_2025, merged_into_2025_code)", file, t:line(i),
        r.name_vi or "?"))
    end
    local u = by_code[code]
    if not u then
      u = { code = code, name = name, members = {}, member_names = {}, lines = {}, types = {} }
      by_code[code] = u
      units[#units + 1] = u
    elseif u.name ~= name then
      cli.fail(string.format("%s:%d: 2025 unit %s is called '%s' here but '%s' on line %d", file, t:line(i), code, name,
        u.name, u.lines[1]))
    end
    u.members[#u.members + 1] = r.code_gso
    u.member_names[#u.member_names + 1] = r.name_vi
    u.lines[#u.lines + 1] = t:line(i)
    u.types[#u.types + 1] = r.merger_type_2025
    of_old[r.code_gso] = u
  end
  -- Consistency of the type and merged_with columns.
  for _, u in ipairs(units) do
    local want = #u.members == 1 and "unchanged" or "merged"
    for k, ty in ipairs(u.types) do
      if ty ~= want then
        cli.fail(string.format("%s:%d: %s is '%s' but its 2025 unit %s has %d predecessor%s", file, u.lines[k],
          u.member_names[k], tostring(ty), u.name, #u.members, #u.members == 1 and "" or "s"))
      end
    end
    u.type = want
  end
  for i = 1, #t do
    local r = t:row(i)
    local u = of_old[r.code_gso]
    local others = {}
    for _, n in ipairs(u.member_names) do
      if n ~= r.name_vi then others[#others + 1] = chiso.text.fold(n) end
    end
    table.sort(others)
    local listed = {}
    for n in tostring(r.merged_with or ""):gmatch("[^;]+") do
      listed[#listed + 1] = chiso.text.fold((n:gsub("^%s+", ""):gsub("%s+$", "")))
    end
    table.sort(listed)
    if table.concat(others, "|") ~= table.concat(listed, "|") then
      cli.fail(string.format("%s:%d: merged_with of %s ('%s') does not match the other predecessors of %s", file,
        t:line(i), r.name_vi, r.merged_with or "", u.name))
    end
  end
  table.sort(units, function(a, b) return a.code < b.code end)
  cached = { units = units, by_code = by_code, of_old = of_old, file = file }
  return cached
end

-- The 2025 unit a name denotes: a new unit's name ("Thành phố Đà Nẵng",
-- folded, with or without the prefix) or code, or an old province's name.
function U.find(name)
  local m = U.mapping()
  if m.by_code[name] then return m.by_code[name] end
  local f = chiso.text.fold(name)
  local strip = function(s) return (s:gsub("^thanh pho ", ""):gsub("^tp%.? ", ""):gsub("^tinh ", "")) end
  for _, u in ipairs(m.units) do
    if chiso.text.fold(u.name) == f or strip(chiso.text.fold(u.name)) == strip(f) then return u end
  end
  local code = data.units("province", true):find(name)
  if code then return m.of_old[code] end
  return nil
end

local function fmtv(v, d)
  if v == nil then return "–" end
  return string.format("%." .. (d or 2) .. "f", v)
end

-- Re-express values of the 63 provinces for the 34 units.
--   values: { [old code] = number | { value =, rank = } } (a rank without a value is named in the note)
--   opts.weights: { [old code] = w } (nil: equal), opts.weight_name: its name in notes,
--   opts.decimals: for notes, opts.weight_source: "file:COLUMN" for errors,
--   opts.as: "as published" (default) or "as given" (a table of one's own), for the notes.
function U.derive(values, opts)
  opts = opts or {}
  local m = U.mapping()
  local reg = data.units("province", true)
  local out = {}
  for _, u in ipairs(m.units) do
    local members, k, sw, swv = {}, 0, 0.0, 0.0
    local missing_weight
    for _, code in ipairs(u.members) do
      local v = values[code]
      local rank
      if type(v) == "table" then v, rank = v.value, v.rank end
      local w = 1.0
      if opts.weights and #u.members > 1 then
        w = opts.weights[code]
        if w == nil and not missing_weight then missing_weight = code end
      end
      members[#members + 1] = { code = code, name = reg:info(code).name_vi, value = v, rank = rank, weight = w }
      if v ~= nil then
        k = k + 1
        if w then sw, swv = sw + w, swv + w * v end
      end
    end
    local row = { code = u.code, name = u.name, type = u.type, members = members, n = #u.members, published = k,
                  complete = k == #u.members }
    if row.complete then
      if missing_weight then
        cli.fail(string.format("%s: no '%s' weight for %s (a predecessor of %s)", opts.weight_source or "weights",
          opts.weight_name or "weight", reg:info(missing_weight).name_vi, u.name))
      end
      if sw <= 0 then
        cli.fail(string.format("%s: the weights of %s's predecessors add up to 0", opts.weight_source or "weights", u.name))
      end
      row.value = swv / sw
    end
    if u.type == "unchanged" then
      row.basis = k == 1 and ((opts.as or "as published") .. " (unit unchanged in 2025)")
        or ("unchanged in 2025; " .. (opts.as == "as given" and "no value" or "not published"))
    else
      row.basis = row.complete and U.BASIS_DERIVED or (U.BASIS_DERIVED .. ": partial, left empty")
    end
    -- The note: the predecessors with their values, and how the value was made.
    local parts = {}
    for _, mb in ipairs(members) do
      local p
      if mb.value ~= nil then
        p = mb.name .. " " .. fmtv(mb.value, opts.decimals) .. (mb.rank and (" (rank " .. mb.rank .. ")") or "")
      elseif mb.rank then
        p = mb.name .. " no score (rank " .. mb.rank .. ")"
      else
        p = mb.name .. (opts.as == "as given" and " no value" or " not published")
      end
      if opts.weights and mb.weight ~= nil and u.type ~= "unchanged" then
        p = p .. string.format(", %s %s", opts.weight_name or "weight", tostring(mb.weight))
      end
      parts[#parts + 1] = p
    end
    local how
    if u.type == "unchanged" then
      how = "unchanged unit"
    elseif row.complete then
      how = string.format("%s mean of %d predecessors", opts.weights and ((opts.weight_name or "weighted") .. "-weighted")
        or "equal-weight", #members)
    else
      how = string.format("partial: %d of %d predecessors %s, left empty", k, #members,
        opts.as == "as given" and "have a value" or "have a published score")
    end
    row.note = table.concat(parts, "; ") .. " — " .. how
    out[#out + 1] = row
  end
  return out
end

-- Ranks among the 34 (competition ranking), only when every derived value
-- exists; otherwise nil and how many are missing.
function U.rank(rows, decimals)
  local vals, missing = {}, 0
  for i, r in ipairs(rows) do
    vals[i] = r.value
    if r.value == nil then missing = missing + 1 end
  end
  if missing > 0 then return nil, missing end
  return chiso.rank.competition(vals, { n = #rows, decimals = decimals }), 0
end

-- ---- published tables for the 34 units -----------------------------------

-- The URLs of source cells ("a | b"), each once, in order.
local function union_sources(cells)
  local out, seen = {}, {}
  for _, cell in ipairs(cells) do
    for url in (tostring(cell or "") .. " | "):gmatch("(.-)%s*|%s+") do
      url = url:gsub("^%s+", ""):gsub("%s+$", "")
      if url ~= "" and not seen[url] then seen[url] = true out[#out + 1] = url end
    end
  end
  return #out > 0 and table.concat(out, " | ") or nil
end

-- A published table (data.published(…, true)) re-expressed for the 34 units,
-- in the same shape, so every command that reads published tables works on
-- it unchanged.  The score and each numeric component column are derived
-- (U.derive); a unit is a row only when its score could be derived.  Ranks
-- are competition ranks among the 34 when all 34 have a score, else absent
-- (rank intervals then come from the scores, as on any partial table): a
-- rank among 63 is not a rank among 34.  regroup: { weights =, weight_name =,
-- weight_source = } (data.set_units).
function U.published(pub, regroup)
  regroup = regroup or {}
  local t = pub.table
  local d = 2
  if t:has("score") then
    local info = t:info("score")
    if info.decimals and info.decimals >= 0 then d = info.decimals end
  end
  local by_old = {}
  for _, r in ipairs(pub.rows) do by_old[r.unit] = r end
  local function derive(col)
    local vals = {}
    for code, r in pairs(by_old) do
      local v = col == "score" and r.score or r.row[col]
      if type(v) == "number" or r.rank then
        vals[code] = { value = type(v) == "number" and v or nil, rank = col == "score" and r.rank or nil }
      end
    end
    return U.derive(vals, { weights = regroup.weights, weight_name = regroup.weight_name, decimals = d,
                            weight_source = regroup.weight_source })
  end
  local rows34 = derive("score")
  -- Component columns: numbers other than the score and ranks.
  local comps = {}
  for _, c in ipairs(t:names()) do
    if t:info(c).type == "number" and c ~= "score" and not c:find("rank") then
      local got = derive(c)
      local any = false
      for _, r in ipairs(got) do if r.value ~= nil then any = true end end
      if any then comps[#comps + 1] = { name = c, rows = got, decimals = t:info(c).decimals } end
    end
  end
  local ranks = U.rank(rows34, d)
  local m = U.mapping()
  -- Bounds of a unit whose score cannot be derived: each unpublished
  -- predecessor's score lies between its published neighbours (as the
  -- scenario layout places it among the 63), so the mean lies between the
  -- means of the bounds.  Without every weight, between the extremes.
  local list63 = {}
  for _, r in ipairs(pub.rows) do list63[#list63 + 1] = { code = r.unit, score = r.score, rank = r.rank } end
  local reg63 = data.units("province", true)
  if reg63:count() == pub.of then
    for _, code in ipairs(reg63:codes()) do
      if not by_old[code] then list63[#list63 + 1] = { code = code } end
    end
  end
  require("scenario").layout(list63, pub.of)
  local b63 = {}
  for _, x in ipairs(list63) do
    if x.score ~= nil then b63[x.code] = { x.score, x.score }
    elseif x.lo then b63[x.code] = { x.lo, x.hi } end
  end
  for _, r in ipairs(rows34) do
    if r.value == nil then
      local u = m.by_code[r.code]
      local lo, hi, wl, wh, sw, open = nil, nil, 0, 0, 0, false
      for _, code in ipairs(u.members) do
        local b = b63[code] or { 0, 100 }
        if not b63[code] or b[1] <= 0 then open = true end
        local w = 1
        if regroup.weights and #u.members > 1 then w = regroup.weights[code] end
        lo, hi = lo and math.min(lo, b[1]) or b[1], hi and math.max(hi, b[2]) or b[2]
        if w == nil then
          sw = nil -- a weight is missing: keep the extremes
        elseif sw then
          wl, wh, sw = wl + w * b[1], wh + w * b[2], sw + w
        end
      end
      if sw and sw > 0 then lo, hi = wl / sw, wh / sw end
      r.bounds = { lo, hi, open = open }
    end
  end
  local c = { province = {}, code = {}, score = {}, rank = {}, basis = {}, source = {}, other = {}, note = {} }
  for _, k in ipairs(comps) do c[k.name] = {} end
  local rows, derived = {}, {}
  for i, r in ipairs(rows34) do
    derived[r.code] = r
    if r.value ~= nil then
      local u = m.by_code[r.code]
      local src, other, notes = {}, {}, {}
      for _, code in ipairs(u.members) do
        local pr = by_old[code]
        if pr then
          src[#src + 1] = pr.source
          other[#other + 1] = pr.row.other_sources
          if u.type == "unchanged" and pr.note and pr.note ~= "" then notes[#notes + 1] = pr.note end
        end
      end
      local n = #rows + 1
      local note = r.note .. (#notes > 0 and (" | " .. table.concat(notes, " | ")) or "")
      c.province[n], c.code[n], c.score[n], c.rank[n] = r.name, r.code, r.value, ranks and ranks[i] or nil
      c.basis[n], c.source[n], c.other[n], c.note[n] = r.basis, union_sources(src), union_sources(other), note
      for _, k in ipairs(comps) do c[k.name][n] = k.rows[i].value end
      local single = u.type == "unchanged" and by_old[u.members[1]] or nil
      rows[n] = { unit = r.code, name = r.name, written = r.name, i = n, line = single and single.line or nil,
                  score = r.value, rank = c.rank[n], basis = r.basis, source = c.source[n],
                  rank_source = nil, note = note, derived = r }
    end
  end
  local spec = { n = #rows, source = pub.file .. " (2025 units, derived)",
    { name = "province", type = "text", values = c.province },
    { name = "code_gso", type = "text", values = c.code },
    { name = "score", type = "number", values = c.score, decimals = d },
    { name = "rank", type = "number", values = c.rank, decimals = 0 },
    { name = "rank_basis", type = "text", values = c.basis } }
  for _, k in ipairs(comps) do
    spec[#spec + 1] = { name = k.name, type = "number", values = c[k.name], decimals = k.decimals }
  end
  spec[#spec + 1] = { name = "source", type = "text", values = c.source }
  spec[#spec + 1] = { name = "other_sources", type = "text", values = c.other }
  spec[#spec + 1] = { name = "note", type = "text", values = c.note }
  local dt = chiso.table(spec)
  for n, r in ipairs(rows) do r.row = dt:row(n) end
  local ps = {}
  for k, v in pairs(pub.spec) do ps[k] = v end
  ps.title = pub.spec.title .. " (34 units of 2025, derived)"
  ps.title_vi = (pub.spec.title_vi or pub.spec.title) .. " (34 đơn vị 2025, suy ra)"
  return { index = pub.index, year = pub.year, file = pub.file, table = dt, rows = rows, spec = ps, of = #m.units,
           of_known = true, edition = pub.edition, units2025 = true, derived = derived, as_published = pub,
           ranked = ranks ~= nil }
end

-- ---- chiso rank … --units 2025 -----------------------------------------

-- Province names, or GSO codes, name the units of a table to re-express.
local UNIT_COLUMNS = { "unit", "province", "name", "don_vi", "tinh", "tỉnh", "đơn vị", "code_gso" }

-- Weights per old province from a table (the user's own table, or a weight
-- file): { [code] = w }.  Positive or zero numbers; an unknown province or a
-- negative weight is an error at its line.
local function read_weights(t, path, column, ucol)
  if not t:has(column) then
    cli.fail(string.format("%s: no weight column '%s' (columns: %s)", path, column, table.concat(t:names(), ", ")))
  end
  cli.need_numbers(t, column, path, "weights")
  local reg = data.units("province", true)
  local w = {}
  for i = 1, #t do
    local written = t:get(ucol, i)
    if written ~= nil then
      local code = reg:resolve(tostring(written), path, t:line(i))
      local v = t:get(column, i)
      if v ~= nil then
        if v < 0 then cli.fail(string.format("%s:%d: weight %s of %s is negative", path, t:line(i), tostring(v), written)) end
        w[code] = v
      end
    end
  end
  return w
end

-- The weights of --weight-file FILE, column --weight COLUMN.
local function read_weight_file(opts)
  cli.need_file(opts.weight_file)
  local wt = chiso.read(opts.weight_file, { decimal_comma = opts.decimal_comma or nil,
                                            columns = { code_gso = { type = "text" } } })
  local ucol = cli.pick_column(wt, nil, UNIT_COLUMNS, "province names", "unit-column")
  return read_weights(wt, opts.weight_file, opts.weight, ucol)
end

-- Values compare at the published precision.
local function differ(a, b, d)
  local f = "%." .. d .. "f"
  return string.format(f, a) ~= string.format(f, b)
end

-- `chiso rank INDEX YEAR --units 2025` and `chiso rank FILE.csv --units 2025`.
function U.rank_command(opts, args)
  if opts.units == nil then cli.usage_error("rank: --weight and --weight-file go with --units 2025") end
  if opts.units ~= 2025 then
    cli.usage_error(string.format("rank: --units %s: only 2025 (the 34 units of the 2025 reorganisation) is known",
      tostring(opts.units)))
  end
  if opts.score then cli.usage_error("rank: --units 2025 re-expresses a whole table; it does not go with --score") end
  if opts.weight_file and not opts.weight then
    cli.usage_error("rank: --weight-file needs --weight COLUMN (the column of weights in it)")
  end
  local values, decimals, title, src, of_text = {}, 2, nil, nil, nil
  local weights, weight_source
  local reg = data.units("province", true)
  if #args == 1 then
    local path = args[1]
    if chiso.filetype(path) ~= "file" then
      if data.INDEXES[path] then cli.usage_error("rank: missing YEAR (usage: chiso rank " .. path .. " YEAR --units 2025)") end
      cli.need_file(path)
    end
    local t = chiso.read(path, { decimal_comma = opts.decimal_comma or nil, columns = { code_gso = { type = "text" } } })
    local ucol = cli.pick_column(t, opts.unit_column, UNIT_COLUMNS, "province names", "unit-column")
    local scol = cli.pick_column(t, opts.score_column, { "score", "diem", "điểm", "chi_so", "index", "value" }, "values", "score-column")
    cli.need_numbers(t, scol, path, "numbers")
    decimals = t:info(scol).decimals
    if not decimals or decimals < 0 then decimals = 2 end
    local codes = data.unit_rows(t, ucol, path, reg)
    for i = 1, #t do
      local code = codes[i]
      local v = t:get(scol, i)
      if v ~= nil then values[code] = { value = v } end
    end
    if opts.weight and not opts.weight_file then
      weights, weight_source = read_weights(t, path, opts.weight, ucol), path
    end
    title = path
    src = path
  else
    local year = math.tointeger(tonumber(args[2]))
    if not year then cli.usage_error("rank: YEAR must be a year such as 2023, not '" .. args[2] .. "'") end
    local pub = data.published(args[1], year)
    if pub.spec.kind ~= "province" then
      cli.usage_error(string.format("rank: --units 2025 regroups provinces; %s has no provinces", pub.spec.title))
    end
    if opts.weight and not opts.weight_file then
      cli.usage_error("rank: --weight with a published table needs --weight-file FILE.csv (no weights ship with chiso)")
    end
    if pub.table:has("score") then
      local info = pub.table:info("score")
      if info.decimals and info.decimals >= 0 then decimals = info.decimals end
    end
    for _, r in ipairs(pub.rows) do
      if r.score ~= nil or r.rank ~= nil then values[r.unit] = { value = r.score, rank = r.rank } end
    end
    title = string.format("%s %d", pub.spec.title, year)
    src = pub.file
  end
  if opts.weight_file then
    weights, weight_source = read_weight_file(opts), opts.weight_file
  end
  local rows = U.derive(values, { weights = weights, weight_name = opts.weight, decimals = decimals,
                                  weight_source = weight_source, as = #args == 1 and "as given" or "as published" })
  local ranks, missing = U.rank(rows, decimals)
  -- Display: by rank when ranked; else derived values first (highest first), then the empty ones by code.
  local order = {}
  for i, r in ipairs(rows) do r.rank = ranks and ranks[i] or nil; order[i] = r end
  table.sort(order, function(a, b)
    if (a.value ~= nil) ~= (b.value ~= nil) then return a.value ~= nil end
    if a.value and b.value and differ(a.value, b.value, decimals) then return a.value > b.value end
    return a.code < b.code
  end)
  local c = { rank = {}, unit = {}, code = {}, value = {}, pub = {}, basis = {}, note = {} }
  for i, r in ipairs(order) do
    c.rank[i], c.unit[i], c.code[i], c.value[i] = r.rank, r.name, r.code, r.value
    c.pub[i] = string.format("%d/%d", r.published, r.n)
    c.basis[i] = r.basis
    c.note[i] = r.note
  end
  local t = chiso.table{ n = #order,
    { name = "rank", type = "number", values = c.rank, decimals = 0 },
    { name = "unit", type = "text", values = c.unit },
    { name = "code", type = "text", values = c.code },
    { name = "score", type = "number", values = c.value, decimals = decimals },
    { name = "published", type = "text", values = c.pub },
    { name = "basis", type = "text", values = c.basis },
    { name = "note", type = "text", values = c.note } }
  local ncomplete = 0
  for _, r in ipairs(rows) do if r.value ~= nil then ncomplete = ncomplete + 1 end end
  local weighting = opts.weight and string.format("weighted by %s from %s", opts.weight, weight_source) or "equal weights"
  if opts.format == "json" then
    return cli.emit(opts, chiso.json({ source = src, title = title, units = 2025, weighting = opts.weight or "equal",
      derived = true, values = ncomplete, of = #rows, ranked = ranks ~= nil, rows = t }))
  end
  if opts.format ~= "table" then return cli.emit_table(opts, t, "2025 units") end
  local out = {}
  out[#out + 1] = string.format("%s re-expressed for the 34 units of 2025 — DERIVED, not published (%s)", title, weighting)
  out[#out + 1] = ""
  out[#out + 1] = (t:format("table"):gsub("\n$", ""))
  out[#out + 1] = ""
  out[#out + 1] = string.format("%d of 34 units have a value: a merged unit's is the %s mean of its predecessors' values, and is left",
    ncomplete, opts.weight and (opts.weight .. "-weighted") or "equal-weight")
  out[#out + 1] = "empty when any predecessor is unpublished (a mean of the published ones would not be the unit's)."
  if ranks then
    out[#out + 1] = "Ranks are among the 34 derived values (competition ranking); no such ranking was ever published."
  else
    out[#out + 1] = string.format("No ranks: ranks among the 34 units need all 34 derived values, and %d %s empty.",
      missing, missing == 1 and "is" or "are")
  end
  out[#out + 1] = string.format("Predecessors: %s (merged_into_2025, Nghị quyết 202/2025/QH15); values from %s.",
    U.mapping().file, src)
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

-- The rank interval of `score` among a derived table's units, the unit
-- `self` left out: every other unit is scored (rows) or bounded (bounds =
-- { [code] = { lo, hi } }), so it is certainly above when its score (or
-- lower bound) is higher, possibly when its score (or upper bound) is.
function U.interval(rows, bounds, score, self, decimals)
  local scenario_key = require("scenario").key -- scores compare as published
  local s = scenario_key(score, decimals)
  local cert, poss = 0, 0
  for _, r in ipairs(rows) do
    if r.unit ~= self and r.score ~= nil and scenario_key(r.score, decimals) > s then cert, poss = cert + 1, poss + 1 end
  end
  for code, b in pairs(bounds) do
    if code ~= self then
      if scenario_key(b[1], decimals) > s then cert = cert + 1 end
      if scenario_key(b[2], decimals) > s then poss = poss + 1 end
    end
  end
  return cert + 1, poss + 1
end

-- { [code] = { lo, hi } } of a derived table's units without a score.
function U.bounds(pub)
  local out = {}
  for code, dr in pairs(pub.derived) do
    if dr.bounds then out[code] = dr.bounds end
  end
  return out
end

-- ---- --units 2025 on any command ----------------------------------------

-- The options a command takes to work on the 34 units (report, whatif,
-- project, target, explain); U.apply puts them in force.
U.OPTIONS = {
  { "units", arg = "2025", type = "integer",
    help = "the 34 units of 2025: every published province table re-expressed for them (derived; see chiso rank --units)" },
  { "weight", arg = "COLUMN", help = "with --units: weight the predecessors by COLUMN of --weight-file (default equal)" },
  { "weight-file", arg = "FILE", help = "with --units --weight: a CSV of weights per province (none ships with chiso)" },
}

-- Check --units/--weight/--weight-file, read the weights and put the 34
-- units in force (data.set_units).  Returns true when in force.  Must run
-- before the command resolves any unit name.
function U.apply(opts, cmd)
  if opts.units == nil then
    if opts.weight or opts.weight_file then cli.usage_error(cmd .. ": --weight and --weight-file go with --units 2025") end
    return false
  end
  if opts.units ~= 2025 then
    cli.usage_error(string.format("%s: --units %s: only 2025 (the 34 units of the 2025 reorganisation) is known", cmd,
      tostring(opts.units)))
  end
  if opts.weight and not opts.weight_file then
    cli.usage_error(cmd .. ": --weight COLUMN needs --weight-file FILE.csv (no weights ship with chiso)")
  end
  if opts.weight_file and not opts.weight then
    cli.usage_error(cmd .. ": --weight-file needs --weight COLUMN (the column of weights in it)")
  end
  local spec = {}
  if opts.weight_file then
    spec.weights = read_weight_file(opts)
    spec.weight_name, spec.weight_source = opts.weight, opts.weight_file
  end
  data.set_units(spec)
  return true
end

-- A line saying what the figures are, for the commands' text output.
function U.banner()
  local r = data.regroup
  if not r then return nil end
  return string.format("34 units of 2025: every figure is DERIVED from the published tables of their predecessors (%s); "
    .. "a merged unit has a score only when all its predecessors were published.",
    r.weight_name and string.format("%s-weighted, %s", r.weight_name, r.weight_source) or "equal weights")
end

return U
