-- gen-par-synthetic.lua — the sensitivity test bed: a PAR-sized, rule-scored
-- ILLUSTRATIVE methodology (8 areas, 37 criteria, 88 sub-criteria: the shape
-- the PAR INDEX 2023 is reported to have), a variant of it, and SYNTHETIC
-- self-assessment data for the 63 provinces.
--
--   chiso run bench/gen-par-synthetic.lua            # writes the three files below
--   chiso run bench/gen-par-synthetic.lua --check    # exit 1 if they differ from what it would write
--
--   rules/sensitivity/par_synthetic.lua       the methodology (status "illustrative")
--   rules/sensitivity/par_synthetic_alt.lua   a variant: other area maxima and step bounds
--   datasets/synthetic/par_synthetic_63.csv   one row per province, every value synthetic
--
-- Nothing here is the real methodology: the area names are the PAR INDEX's,
-- every criterion, sub-criterion, maximum, rule and bound is made up so that
-- the engine has a realistic amount of work (every rule kind, 88 leaves).
-- The data come from a SplitMix64 generator written here (no clock, no
-- math.random), so the same seed always gives the same bytes: each province
-- gets a hidden quality between 0.55 and 0.95 that moves all its values
-- together, plus noise per value; many provinces end up a few points apart,
-- as in the published PAR INDEX, so rankings are sensitive to the method.

local SEED = 2023

local AREAS = {
  { "Công tác chỉ đạo, điều hành cải cách hành chính", max = 9, criteria = { 4, 2, 2, 2 } },
  { "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", max = 10, criteria = { 2, 2, 3, 2, 2 } },
  { "Cải cách thủ tục hành chính", max = 13, criteria = { 3, 3, 3, 2, 2 } },
  { "Cải cách tổ chức bộ máy hành chính nhà nước", max = 10, criteria = { 3, 3, 2, 2 } },
  { "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", max = 11, criteria = { 3, 2, 2, 2, 2 } },
  { "Cải cách tài chính công", max = 9, criteria = { 3, 2, 2, 2 } },
  { "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", max = 13, criteria = { 3, 3, 2, 2, 2 } },
  { "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
    max = 25, criteria = { 3, 3, 2, 2, 2 } },
}

-- The variant: a "2022-style" split (more weight on procedures and
-- e-government, less on impact) and bounds of the percentage steps 5 points
-- higher.
local ALT_MAX = { 9, 10, 15, 10, 11, 9, 16, 20 }

local RULE_CYCLE = { "steps", "on_time", "yes_no", "rate", "steps", "schedule", "penalty", "linear" }

-- SplitMix64: integers wrap on overflow in Lua 5.4, and >> is a logical shift.
local function rng(seed)
  local state = seed
  return function()
    state = state + 0x9e3779b97f4a7c15
    local z = state
    z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
    z = (z ~ (z >> 27)) * 0x94d049bb133111eb
    return z ~ (z >> 31)
  end
end

local function uniform(next)
  return (next() >> 11) * (1.0 / 9007199254740992.0)
end

local function num(x)
  local s = string.format("%.3f", x):gsub("0+$", ""):gsub("%.$", "")
  return s
end

-- The leaves: code, criterion, area, kind, max, column(s).
local function layout(maxima)
  local areas = {}
  for a, spec in ipairs(AREAS) do
    local nsub = 0
    for _, k in ipairs(spec.criteria) do nsub = nsub + k end
    local amax = maxima[a]
    -- Sub-criteria maxima in quarter points, the last taking the remainder.
    local each = math.floor(amax / nsub * 4) / 4
    local area = { code = tostring(a), name = spec[1], max = amax, criteria = {} }
    local s, given = 0, 0
    for c, k in ipairs(spec.criteria) do
      local crit = { code = a .. "." .. c, subs = {}, max = 0 }
      for i = 1, k do
        s = s + 1
        local mx = (s == nsub) and (amax - given) or each
        given = given + mx
        local kind
        if a == 8 then
          kind = (i == k and c >= 3) and "linear" or "percent"
        else
          kind = RULE_CYCLE[(s + a - 2) % #RULE_CYCLE + 1]
        end
        local code = crit.code .. "." .. i
        -- As in rules/README.md: 1.1.1 the annual plan (on time), 1.1.4 its
        -- completion (steps), the example's threshold.
        if code == "1.1.1" then kind = "on_time" elseif code == "1.1.4" then kind = "steps" end
        local sub = { code = code, kind = kind, max = mx, column = "c" .. code:gsub("%.", "_") }
        crit.subs[i] = sub
        crit.max = crit.max + mx
      end
      area.criteria[c] = crit
    end
    areas[a] = area
  end
  return areas
end

local function rule_text(sub, shift)
  local mx, col = sub.max, sub.column
  local k = sub.kind
  if k == "steps" then
    return string.format("steps { column = %q, { above = %s, points = %s }, { from = %s, points = %s }, { otherwise = 0 } }",
      col, num(90 + shift), num(mx), num(70 + shift), num(mx / 2))
  elseif k == "on_time" then
    return string.format("on_time { column = %q, on_time = %s, late = %s, not_done = 0 }", col, num(mx), num(mx / 2))
  elseif k == "yes_no" then
    return string.format("yes_no { column = %q }", col)
  elseif k == "rate" then
    return string.format("rate { num = %q, den = %q, zero = \"full\" }", col .. "_done", col .. "_total")
  elseif k == "schedule" then
    return string.format("schedule { column = %q, { 4, %s }, { 2, %s }, otherwise = 0 }", col, num(mx), num(mx / 2))
  elseif k == "penalty" then
    return string.format("penalty { column = %q, per = %s }", col, num(mx / 4))
  elseif k == "linear" then
    return string.format("linear { column = %q, from = 0, to = 10 }", col)
  elseif k == "percent" then
    return string.format("percent { column = %q }", col)
  end
  error("kind " .. k)
end

local function methodology(areas, o)
  local out = {}
  local function w(s) out[#out + 1] = s end
  w("-- " .. o.file .. " — GENERATED by bench/gen-par-synthetic.lua: edit the generator, not this file.")
  w("--")
  w("-- ILLUSTRATIVE: a PAR-sized, rule-scored methodology for the sensitivity")
  w("-- analysis (chiso sensitivity) and its benchmark.  The 8 area names are the")
  w("-- PAR INDEX's; every criterion, sub-criterion, maximum, rule and bound is made")
  w("-- up.  It scores datasets/synthetic/par_synthetic_63.csv (synthetic data).")
  if o.note then w("-- " .. o.note) end
  w("")
  w("return index {")
  w(string.format("  code = %q, name = %q, max = 100, unit = \"province\", status = \"illustrative\",", o.code, o.name))
  w("  note = \"Made-up criteria on the PAR INDEX's 8 areas (37 criteria, 88 sub-criteria), for testing and benchmarks.\",")
  w("  groups = { { \"A\", 90 }, { \"B\", 80 }, { \"C\", 70 }, { \"D\" } },")
  for _, a in ipairs(areas) do
    w(string.format("  area { code = %q, name = %q, max = %s,", a.code, a.name, num(a.max)))
    for _, c in ipairs(a.criteria) do
      w(string.format("    criterion { code = %q, name = \"Tiêu chí %s (minh họa)\", max = %s,", c.code, c.code, num(c.max)))
      for _, s in ipairs(c.subs) do
        w(string.format("      sub { code = %q, name = \"Tiêu chí thành phần %s (minh họa)\", max = %s,", s.code, s.code, num(s.max)))
        w("            score = " .. rule_text(s, o.shift) .. " },")
      end
      w("    },")
    end
    w("  },")
  end
  w("}")
  return table.concat(out, "\n") .. "\n"
end

local function province_names()
  local t = chiso.read(chiso.home .. "/datasets/provinces.csv", { columns = { code_gso = { type = "text" } } })
  local names = {}
  for i = 1, #t do names[i] = t:get("name_vi", i) end
  return names
end

local function clamp(x, lo, hi) return x < lo and lo or (x > hi and hi or x) end

local function data(areas, seed)
  local next = rng(seed)
  local names = province_names()
  local cols, header = {}, { "province" }
  for _, a in ipairs(areas) do
    for _, c in ipairs(a.criteria) do
      for _, s in ipairs(c.subs) do
        if s.kind == "rate" then
          header[#header + 1] = s.column .. "_done"
          header[#header + 1] = s.column .. "_total"
        else
          header[#header + 1] = s.column
        end
        cols[#cols + 1] = s
      end
    end
  end
  header[#header + 1] = "data_status"
  local lines = { table.concat(header, ",") }
  for _, name in ipairs(names) do
    local q = 0.55 + 0.40 * uniform(next)
    local row = { name }
    for _, s in ipairs(cols) do
      local e = (uniform(next) - 0.5) * 0.5   -- noise per value
      local x = clamp(q + e, 0, 1)
      local k = s.kind
      if k == "steps" then
        row[#row + 1] = num(clamp(45 + 55 * x + (uniform(next) - 0.5) * 10, 0, 100))
      elseif k == "on_time" then
        row[#row + 1] = x > 0.55 and "đúng hạn" or (x > 0.3 and "chậm" or "không")
      elseif k == "yes_no" then
        row[#row + 1] = x > 0.45 and "có" or "không"
      elseif k == "rate" then
        local total = 10 + math.floor(uniform(next) * 40)
        row[#row + 1] = tostring(math.floor(total * clamp(x + 0.1, 0, 1) + 0.5))
        row[#row + 1] = tostring(total)
      elseif k == "schedule" then
        row[#row + 1] = tostring(math.floor(x * 5.5))
      elseif k == "penalty" then
        row[#row + 1] = tostring(math.floor((1 - x) * 4.5))
      elseif k == "linear" then
        row[#row + 1] = num(clamp(10 * x + (uniform(next) - 0.5), 0, 10))
      elseif k == "percent" then
        row[#row + 1] = num(clamp(70 + 25 * q + (uniform(next) - 0.5) * 8, 0, 100))
      end
    end
    row[#row + 1] = "synthetic"
    lines[#lines + 1] = table.concat(row, ",")
  end
  return table.concat(lines, "\n") .. "\n"
end

local function base_maxima()
  local m = {}
  for a, spec in ipairs(AREAS) do m[a] = spec.max end
  return m
end

local FILES = {
  { path = "rules/sensitivity/par_synthetic.lua", text = function()
      return methodology(layout(base_maxima()), { file = "rules/sensitivity/par_synthetic.lua", code = "SYNPAR",
        name = "Chỉ số CCHC cấp tỉnh — bộ tiêu chí minh họa (88 tiêu chí thành phần)", shift = 0 })
    end },
  { path = "rules/sensitivity/par_synthetic_alt.lua", text = function()
      return methodology(layout(ALT_MAX), { file = "rules/sensitivity/par_synthetic_alt.lua", code = "SYNPAR-B",
        name = "Chỉ số CCHC cấp tỉnh — biến thể minh họa", shift = 5,
        note = "The variant: areas 3 and 7 weigh 15 and 16 points, area 8 weighs 20; percentage steps 5 points higher." })
    end },
  { path = "datasets/synthetic/par_synthetic_63.csv", text = function() return data(layout(base_maxima()), SEED) end },
}

local check = false
for _, a in ipairs(arg or {}) do
  if a == "--check" then check = true else error("usage: chiso run bench/gen-par-synthetic.lua [--check]", 0) end
end
local differ = 0
for _, f in ipairs(FILES) do
  local text = f.text()
  local path = chiso.home .. "/" .. f.path
  if check then
    local h = io.open(path, "rb")
    local old = h and h:read("a")
    if h then h:close() end
    if old ~= text then
      io.stderr:write(f.path .. ": differs from what bench/gen-par-synthetic.lua writes\n")
      differ = differ + 1
    end
  else
    chiso.output(path, text)
    io.write("wrote " .. f.path .. "\n")
  end
end
return differ > 0 and 1 or 0
