-- test_par.lua — the PAR INDEX rule files (rules/par, rules/par-ministries,
-- rules/lib/par.lua) against the published tables, through the same Lua API
-- the commands use.  Run by tests/cli/test_rules.sh: chiso run tests/rules/test_par.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local scoring = require "scoring"

local OPTS = { max_memory = 64, max_instructions = 50000000 }
local FIX = "tests/fixtures/rules_data/"

local function rules(path) return scoring.rules(path, OPTS) end

-- Score a table under a rule file: the result of scoring.run.
local function score(rule_path, csv)
  local m = rules(rule_path)
  return scoring.run(m, scoring.data(csv, m, OPTS))
end

local function published(year) return "datasets/published/par_index_" .. year .. ".csv" end

local function unit(res, name) return scoring.find_unit(res, name).i end

-- The verification row of `code` for unit number u, or nil.
local function verified(res, u, code)
  for _, v in ipairs(scoring.verify(res)) do
    if v.unit.i == u and v.node.code == code then return v end
  end
end

local function get(res, code, u, what) return res.score:get(code, u, what) end

-- Kon Tum 2023 ----------------------------------------------------------------
do
  local res = score("rules/par/2023.lua", published(2023))
  local u = unit(res, "Kon Tum")
  t.near(res.units[u].total, 86.14, 1e-9, "Kon Tum 2023 totals 86.14")
  t.near(res.units[u].percent, 86.14, 1e-9, "Kon Tum 2023 is 86.14% of 100")
  t.eq(res.units[u].given_rank, 43, "Kon Tum 2023: published rank 43")
  t.eq(res.units[u].group, "B", "Kon Tum 2023 is in group B")
  t.near(get(res, "TD", u), 54.95, 1e-9, "Kon Tum 2023 appraisal 54.95")
  t.eq(get(res, "TD", u, "max"), 61.5, "appraisal max 61.5")
  t.near(get(res, "TAC", u), 31.19, 1e-9, "Kon Tum 2023 impact 31.19")
  t.eq(get(res, "TAC", u, "max"), 38.5, "impact max 38.5")
  t.near(get(res, "TAC.1", u), 8.5, 1e-9, "Kon Tum 2023 SIPAS 8.5 of 10")
  t.near(get(res, "TAC.2", u), 18.33, 1e-9, "Kon Tum 2023 leaders' survey 18.33 of 22")
  t.near(get(res, "TAC.3", u), 4.36, 1e-9, "Kon Tum 2023 socio-economic impact 4.36 of 6.5")
  local total, impact = verified(res, u, "PAR2023"), verified(res, u, "TAC")
  t.ok(total and total.verdict == "agree" and math.abs(total.diff) < 1e-9,
    "Kon Tum 2023: 54.95 + 31.19 = 86.14 exactly")
  t.ok(impact and impact.verdict == "agree" and math.abs(impact.diff) < 1e-9,
    "Kon Tum 2023: 8.5 + 18.33 + 4.36 = 31.19 exactly")
  -- The documents / surveys view regroups the same points.
  t.eq(get(res, "DOC", u, "max"), 68, "view by_source: documents max 68")
  t.eq(get(res, "SURVEY", u, "max"), 32, "view by_source: surveys max 32")
  t.near(get(res, "DOC", u), 54.95 + 4.36, 1e-9, "Kon Tum: documents = appraisal + socio-economic impact")
  t.near(get(res, "SURVEY", u), 8.5 + 18.33, 1e-9, "Kon Tum: surveys = SIPAS + leaders' survey")
  t.near(get(res, "DOC", u) + get(res, "SURVEY", u), 86.14, 1e-9, "the view adds up to the same total")
  -- Area view: the three areas Kon Tum's portal publishes, with its maxima.
  t.near(get(res, "2", u), 9.42, 1e-9, "Kon Tum 2023 institutions 9.42")
  t.eq(get(res, "2", u, "max"), 10, "institutions max 10 (Kon Tum portal)")
  t.eq(get(res, "3", u, "max"), 13, "procedures max 13")
  t.eq(get(res, "4", u, "max"), 10.5, "apparatus max 10.5")
  t.eq(get(res, "1", u), nil, "Kon Tum 2023: no published leadership area score")
  -- Quảng Nam: seven published area scores, total as published.
  local q = unit(res, "Quảng Nam")
  local sum = 0
  for a = 1, 7 do sum = sum + (get(res, tostring(a), q) or 0) end
  t.near(sum, 73.15, 1e-9, "Quảng Nam 2023: seven area scores add up to 73.15")
  t.near(res.units[q].total, 84.6, 1e-9, "Quảng Nam 2023 total 84.6 as published")

  -- explain: the appraisal lost most, 6.55 points.
  local rows = scoring.explain(res, u)
  t.eq(rows[1] and rows[1].code, "TD", "explain Kon Tum 2023: appraisal first")
  t.near(rows[1] and rows[1].lost, 6.55, 1e-9, "explain Kon Tum 2023: appraisal lost 6.55")
  t.eq(rows[2] and rows[2].code, "TAC.2", "explain Kon Tum 2023: leaders' survey second (3.67 lost)")
  t.eq(#rows, 4, "explain Kon Tum 2023: four published parts")
  local lost = 0
  for _, r in ipairs(rows) do lost = lost + r.lost end
  t.near(lost, 100 - 86.14, 1e-9, "explain Kon Tum 2023: 13.86 points lost in all")
end

-- PAR 2022: Ninh Thuận within rounding ----------------------------------------
do
  local res = score("rules/par/2022.lua", published(2022))
  local u = unit(res, "Ninh Thuận")
  t.near(res.units[u].total, 85.78, 1e-9, "Ninh Thuận 2022 total 85.78 as published")
  local v = verified(res, u, "PAR2022")
  t.ok(v and v.verdict == "agree", "Ninh Thuận 2022: 54.2 + 31.59 against 85.78 within rounding")
  t.near(v and v.parts, 85.79, 1e-9, "Ninh Thuận 2022: parts add up to 85.79")
  t.near(v and v.diff, -0.01, 1e-9, "Ninh Thuận 2022: published total 0.01 below its parts")
  local i = verified(res, u, "TAC")
  t.ok(i and i.verdict == "agree" and math.abs(i.diff) < 1e-9, "Ninh Thuận 2022: 8.23 + 18.05 + 5.31 = 31.59")
  t.near(get(res, "1", unit(res, "Đắk Nông")), 8.94, 1e-9, "Đắk Nông 2022: direction and management 8.94")
end

-- PAR 2020: the top-10 table ------------------------------------------------
do
  local res = score("rules/par/2020.lua", published(2020))
  local rows = 0
  local bad = {}
  for _, x in ipairs(res.units) do
    if get(res, "TD", x.i) then
      rows = rows + 1
      local v = verified(res, x.i, "PAR2020")
      if not (v and v.verdict == "agree" and math.abs(v.diff) <= 0.01 + 1e-9) then bad[#bad + 1] = x.name end
    end
  end
  t.eq(rows, 10, "PAR 2020: ten rows with components")
  t.ok(#bad == 0, "PAR 2020: every top-10 row reproduces its total within rounding", table.concat(bad, ", "))
  local qn = unit(res, "Quảng Ninh")
  local v = verified(res, qn, "PAR2020")
  t.near(v and v.diff, -0.01, 1e-9, "Quảng Ninh 2020: 91.04 published, parts 91.05")
  t.eq(v and v.verdict, "agree", "Quảng Ninh 2020: the 0.01 is within rounding, not flagged")
  t.near(get(res, "TAC", qn), 9.56 + 18.83 + 5, 1e-9, "Quảng Ninh 2020: impact is the sum of its parts")
  t.eq(get(res, "TAC", qn, "state"), "computed", "PAR 2020 publishes no impact total: computed")
  t.near(res.units[unit(res, "Quảng Ngãi")].total, 73.25, 1e-9, "Quảng Ngãi 2020 (no components) scores 73.25")
end

-- PAR 2019 and 2018 ----------------------------------------------------------
do
  local res = score("rules/par/2019.lua", published(2019))
  local u = unit(res, "Lào Cai")
  t.near(res.units[u].total, 82.85, 1e-9, "Lào Cai 2019 = 82.85")
  t.near(get(res, "TAC", u), 29.95, 1e-9, "Lào Cai 2019 impact 29.95")
  t.eq(get(res, "TAC", u, "state"), "given", "Lào Cai 2019 impact as published")
  local v, i = verified(res, u, "PAR2019"), verified(res, u, "TAC")
  t.ok(v and math.abs(v.diff) < 1e-9, "Lào Cai 2019: 52.90 + 29.95 = 82.85")
  t.ok(i and math.abs(i.diff) < 1e-9, "Lào Cai 2019: 8.30 + 17.65 + 4 = 29.95")

  res = score("rules/par/2018.lua", published(2018))
  u = unit(res, "Lạng Sơn")
  t.near(res.units[u].total, 77.25, 1e-9, "Lạng Sơn 2018 = 77.25")
  v = verified(res, u, "PAR2018")
  t.ok(v and math.abs(v.diff) < 1e-9, "Lạng Sơn 2018: 47.75 + 9.15 + 16.85 + 3.5 = 77.25")
  t.eq(get(res, "TAC.1", u, "max"), 12, "2018 SIPAS max 12 (Bắc Kạn, secondary)")
  t.eq(get(res, "TAC.2", u, "max"), 23.5, "2018 leaders' survey max 23.5 (Bắc Kạn, secondary)")
  t.near(get(res, "DOC", u), 47.75 + 3.5, 1e-9, "2018 view: assessed by area = appraisal + socio-economic")
  t.eq(get(res, "DOC", u, "max"), 64.5, "2018 view: 64.5 assessed by area")
  t.eq(res.units[u].group, "B", "Lạng Sơn 2018 (77.25) is in group B of the A ≥ 80 scheme")
end

-- PAR 2021: Thanh Hóa's eight areas ------------------------------------------
do
  local res = score("rules/par/2021.lua", published(2021))
  local u = unit(res, "Thanh Hóa")
  local want = { 7.82, 8.93, 12.70, 9.23, 11.49, 9.88, 14.18, 13.61 }
  local ok = true
  for a, w in ipairs(want) do
    if math.abs((get(res, tostring(a), u) or -1) - w) > 1e-9 then ok = false end
  end
  t.ok(ok, "Thanh Hóa 2021: the eight areas as published")
  local v = verified(res, u, "PAR2021")
  t.near(v and v.parts, 87.84, 1e-9, "Thanh Hóa 2021: areas add up to 87.84")
  t.eq(v and v.verdict, "agree", "Thanh Hóa 2021: 87.84 against 87.83 is within the rounding of 8 parts")
  t.near(res.units[u].total, 87.83, 1e-9, "Thanh Hóa 2021 total 87.83 as published")
end

-- A wrong component is flagged ----------------------------------------------
do
  local res = score("rules/par/2023.lua", FIX .. "par_2023_wrong_component.csv")
  local good, bad, sub = unit(res, "Kon Tum"), unit(res, "Gia Lai"), unit(res, "Bạc Liêu")
  local v = verified(res, good, "PAR2023")
  t.eq(v and v.verdict, "agree", "fixture: Kon Tum's true components agree")
  v = verified(res, bad, "PAR2023")
  t.eq(v and v.verdict, "differ", "fixture: an appraisal 1 point too high is flagged")
  t.near(v and v.diff, -1, 1e-9, "fixture: the flagged difference is -1.00")
  v = verified(res, sub, "TAC")
  t.eq(v and v.verdict, "differ", "fixture: an impact part that does not add up is flagged")
  t.eq(verified(res, sub, "PAR2023").verdict, "agree", "fixture: the total still agrees with the published impact")
end

-- Published points through par.published (years whose tables lack them) -------
do
  local res = score("rules/par/2017.lua", FIX .. "synthetic_2017_areas.csv")
  local u = unit(res, "Lạng Sơn")
  t.eq(get(res, "8", u), 12, "2017 synthetic: area 8 read through par.published")
  t.eq(get(res, "PAR2017", u, "state"), "computed", "2017 synthetic: a row without a total is the sum of its areas")
  t.near(res.units[u].total, 80, 1e-9, "2017 synthetic: eight areas add up to 80")
  local h = unit(res, "Hà Nội")
  t.eq(get(res, "3", h), nil, "2017 synthetic: an empty area cell is no data, not an error")
  t.near(res.units[h].total, 85, 1e-9, "2017 synthetic: with an area missing, the published total stands")
  res = score("rules/par/2024.lua", FIX .. "synthetic_2024_components.csv")
  u = unit(res, "Hải Phòng")
  local v = verified(res, u, "PAR2024")
  t.ok(v and v.verdict == "agree", "2024 synthetic: components through par.published check against the total")
end

-- Group bands per year --------------------------------------------------------
do
  local cases = {
    { 2023, 89.99, "B" }, { 2023, 90, "A" }, { 2023, 79.99, "C" }, { 2023, 69.99, "D" },
    { 2022, 90.1, "A" }, { 2024, 96.17, "A" }, { 2020, 91.04, "A" }, { 2021, 89.28, "B" }, { 2019, 90.09, "A" },
    { 2018, 80.5, "A" }, { 2018, 79.99, "B" }, { 2018, 77.25, "B" }, { 2018, 74.99, "C" }, { 2018, 69.99, "D" },
    { 2017, 89.45, "A" }, { 2017, 75.37, "B" },
    { 2016, 90.32, "A" }, { 2015, 93.31, "A" }, { 2015, 74.99, "C" },
  }
  for _, c in ipairs(cases) do
    local m = rules("rules/par/" .. c[1] .. ".lua")
    t.eq(m:band(c[2]), c[3], string.format("PAR %d: %.2f is group %s", c[1], c[2], c[3]))
  end
  for _, y in ipairs { 2012, 2013, 2014 } do
    t.eq(rules("rules/par/" .. y .. ".lua"):band(85), nil, "PAR " .. y .. ": no groups published")
  end
end

-- Structure: official maxima, statuses, sources --------------------------------
do
  local function max_sum(m)
    local s, n = 0, 0
    for _, node in ipairs(m:nodes()) do
      if node.kind == "area" and not node.view then s, n = s + (node.max or 0), n + 1 end
    end
    return s, n
  end
  local s, n = max_sum(rules("rules/par/2017.lua"))
  t.ok(n == 8 and math.abs(s - 100) < 1e-9, "PAR 2017: eight official areas, maxima add up to 100")
  s, n = max_sum(rules("rules/par-ministries/2018.lua"))
  t.ok(n == 7 and math.abs(s - 100) < 1e-9, "ministries 2018: seven official areas, maxima add up to 100")

  local files = {}
  for y = 2012, 2024 do files[#files + 1] = "rules/par/" .. y .. ".lua" end
  for y = 2012, 2023 do files[#files + 1] = "rules/par-ministries/" .. y .. ".lua" end
  local missing = {}
  for _, f in ipairs(files) do
    for _, node in ipairs(rules(f):nodes()) do
      if not node.status or not node.source then missing[#missing + 1] = f .. ":" .. node.code end
      if node.status == "not public" and node.max then missing[#missing + 1] = f .. ":" .. node.code .. " (max)" end
    end
  end
  t.ok(#missing == 0, "every node of every file has a status and a source", table.concat(missing, ", "))
end

-- chiso check: every shipped file against its published table ----------------
do
  local function check(path, csv)
    local problems = rules(path):check(chiso.read(csv))
    t.ok(#problems == 0, "check " .. path .. " with " .. csv, problems[1])
  end
  for y = 2012, 2024 do check("rules/par/" .. y .. ".lua", published(y)) end
  for y = 2012, 2023 do
    check("rules/par-ministries/" .. y .. ".lua", "datasets/published/ministries_par_" .. y .. ".csv")
  end
  local res = score("rules/par-ministries/2019.lua", "datasets/published/ministries_par_2019.csv")
  t.near(res.units[unit(res, "Ngân hàng Nhà nước Việt Nam")].total, 95.4, 1e-9, "ministries 2019: SBV 95.40")
end

t.done()
