-- tests/rules/test_scenario.lua — the scenario core (scripts/lib/scenario.lua):
-- every change syntax on a small synthetic methodology with a complete table,
-- changes at published component nodes, trends and noise from the published
-- history, rank intervals, and errors at the scenario file's line.
-- Run by tests/cli/test_rules.sh: chiso run tests/rules/test_scenario.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local scenario = require "scenario"

local FIX = chiso.home .. "/tests/fixtures/scenario"
local tmpdir = os.tmpname()
os.remove(tmpdir)
assert(os.execute("mkdir -p '" .. tmpdir .. "'"))

local n = 0
-- Write a scenario file whose `change` is the given Lua text; returns its path.
local function write(body, base)
  n = n + 1
  local path = string.format("%s/s%02d.lua", tmpdir, n)
  local f = assert(io.open(path, "w"))
  f:write("return scenario {\n")                                              -- line 1
  f:write("  name = \"test " .. n .. "\",\n")                                -- line 2
  f:write("  base = " .. (base or string.format("{ rules = %q, data = %q }", FIX .. "/mini.lua", FIX .. "/mini.csv"))
    .. ",\n")                                                                  -- line 3
  f:write(body)                                                                -- line 4 …
  f:write("}\n")
  f:close()
  return path
end

local function project(body, base, year)
  local sc = scenario.load(write(body, base), {})
  local b = scenario.base(sc, {})
  return scenario.project(sc, b, year or sc.horizon[1]), b, sc
end

local function near(got, want, name) return t.near(got, want, 1e-9, name) end

-- The base: a complete table of one's own -------------------------------------
do
  local sc = scenario.load(FIX .. "/mini_plus2.lua", {})
  local b = scenario.base(sc, {})
  t.eq(b.complete, true, "own data: the table is complete")
  t.eq(b.of, 5, "own data: 5 units")
  near(b.by_code["20"].score, 76, "Lạng Sơn scores 45 + 7 + 24 = 76")
  near(b.by_code["20"].points["2"], 31, "area 2 is computed from its criteria")
  t.eq(b.by_code["20"].rank, 4, "Lạng Sơn ranks 4 of 5")
  local lo, hi = scenario.rank(b.units, "20")
  t.ok(lo == 4 and hi == 4, "rank on a complete table is exact", lo .. "–" .. hi)
  t.eq(sc.horizon[1], 2024, "horizon 2024 as a list")
  local p = scenario.project(sc, b, 2024)
  near(p.by_code["20"].score, 78, "+2 in 2.1 adds 2 to the total")
  near(p.by_code["20"].points["2.1"], 9, "2.1 goes from 7 to 9")
  near(p.by_code["20"].points["2"], 33, "its parent area moves with it")
  near(p.by_code["06"].score, 85, "'= 85%' on the total is 85 of 100")
  lo, hi = scenario.rank(p, "06")
  t.ok(lo == 1 + 1 and hi == 2, "Bắc Kạn at 85 ranks 2 (behind Hà Nội 91)", lo .. "–" .. hi)
  t.eq(p.by_code["01"].changed, nil, "Hà Nội is not changed")
  local over, behind = scenario.passes(b.units, p, "06")
  local names = {}
  for _, y in ipairs(over) do names[#names + 1] = y.name end
  t.eq(table.concat(names, ", "), "Hải Phòng, Lai Châu, Lạng Sơn", "Bắc Kạn overtakes three units")
  t.eq(#behind, 0, "and falls behind none")
end

-- Every change syntax --------------------------------------------------------
local cases = {
  { "\"+2\"", "2.1", 78, "+2" },
  { "\"-1\"", "1", 75, "-1" },
  { "\"x1.05\"", "2.2", 77.2, "x1.05" },
  { "\"×1.05\"", "2.2", 77.2, "×1.05" },
  { "\" = 85%\"", "1", 82, "= 85% of the node's max (60)" },
  { "\"= 8.5\"", "2.1", 77.5, "= 8.5" },
  { "9", "2.1", 78, "a plain number sets the value" },
  { "function(v, u) return v + u.points[\"2.2\"] / 10 end", "2.1", 78.4, "a function of the value and the unit" },
  { "\"+5\"", "2.1", 79, "+5 is clamped at the node's max (10)" },
  { "\"-50\"", "1", 31, "-50 is clamped at 0" },
  { "\"+30\"", "total", 100, "the total is clamped at 100" },
  { "\"x1.1\"", "total", 83.6, "x1.1 on the total" },
}
for _, c in ipairs(cases) do
  local body = string.format("  change = { [\"Lạng Sơn\"] = { [%q] = %s } },\n", c[2], c[1])
  local p = project(body)
  near(p.by_code["20"].score, c[3], string.format("change %s at %s gives %s (%s)", c[1], c[2], c[3], c[4]))
end
do
  local p = project("  change = { [\"Lạng Sơn\"] = { [\"2.1\"] = \"+2\", [\"2\"] = \"+1\", total = \"+1\" } },\n")
  near(p.by_code["20"].score, 80, "several nodes of one unit: 2.1 +2, area 2 +1, total +1")
  local a = p.by_code["20"].applied
  t.ok(a[1].node == "2.1" and a[2].node == "2" and a[3].node == "total", "deeper nodes are changed first, the total last",
    a[1].node .. "," .. a[2].node .. "," .. a[3].node)
  near(a[2].from, 33, "area 2 sees the change of 2.1 below it")
  p = project("  change = { [\"Lang Son\"] = \"= 90\" },\n")
  near(p.by_code["20"].score, 90, "a unit given as text only changes the total; names match without diacritics")
  local lo, hi = scenario.rank(p, "20")
  t.ok(lo == 2 and hi == 2, "at 90 Lạng Sơn ranks 2", lo .. "–" .. hi)
  p = project("  change = { [\"Lạng Sơn\"] = { total = \"= 91\" } },\n")
  lo, hi = scenario.rank(p, "20")
  t.ok(lo == 1 and hi == 1, "equal scores share the best rank (91 ties Hà Nội)", lo .. "–" .. hi)
end

-- Others ---------------------------------------------------------------------
do
  local p = project("  change = { [\"Lạng Sơn\"] = \"+1\" },\n  others = function(u, year) return u.score - (year - 2023) end,\n  horizon = { 2025, 2024 },\n")
  near(p.by_code["01"].score, 90, "others as a function of (unit, year): Hà Nội 91 − 1 in 2024")
  t.eq(p.layout, "bounds", "others that move: ranks come from scores")
  local sc = scenario.load(write("  horizon = { 2025, 2024, 2025 },\n"), {})
  t.eq(table.concat(sc.horizon, ","), "2024,2025", "horizon years sorted, duplicates dropped")
end

-- Published components (PAR 2023) ---------------------------------------------
do
  local sc = scenario.load(FIX .. "/par2023_kontum.lua", {})
  local b = scenario.base(sc, {})
  t.eq(b.complete, false, "PAR 2023 is partial")
  t.eq(#b.units, 63, "every province is a unit of the base")
  near(b.by_code["62"].points["TAC.1"], 8.5, "Kon Tum's published SIPAS points")
  local p = scenario.project(sc, b, 2024)
  local k = p.by_code["62"]
  near(k.points["TAC.1"], 9.5, "'= 95%' of TAC.1 (max 10) is 9.5")
  near(k.score, 86.14 + 1 + 0.5, "the total moves by both deltas")
  local lo, hi = scenario.rank(p, "62")
  t.ok(lo == 18 and hi == 29, "its rank is an interval on the partial table", lo .. "–" .. hi)
  local blo, bhi = scenario.rank(b.units, "62")
  t.ok(blo == 43 and bhi == 43, "the base rank is the published one", blo .. "–" .. bhi)
  local e = scenario.entries(b.units)
  t.eq(#e, 63, "entries for chiso.rank.interval: one per unit")
  local clo, chi = chiso.rank.interval(e, 63, 87.64, { exclude = 22, decimals = 2 })
  t.ok(clo == lo and chi == hi, "the same interval as chiso.rank.interval (chiso rank --score)", clo .. "–" .. chi)
end
do
  local sc = scenario.load(FIX .. "/par2023_camau.lua", {})
  local b = scenario.base(sc, {})
  local p = scenario.project(sc, b, 2024)
  local lo, hi = scenario.rank(p, "96")
  local e = scenario.entries(b.units)
  local idx
  for i, x in ipairs(b.units) do if x.code == "96" then idx = i end end
  local rlo, rhi = chiso.rank.interval(e, 63, 88.89, { exclude = idx, decimals = 2 })
  t.ok(lo == rlo and hi == rhi, "a total change: the interval of 'chiso rank par 2023 --score 88.89 --unit \"Cà Mau\"'",
    lo .. "–" .. hi .. " vs " .. rlo .. "–" .. rhi)
end

-- Unknown bases ----------------------------------------------------------------
do
  local p, b = project("  change = { [\"Lào Cai\"] = \"+1\" },\n", "{ index = \"par\", year = 2023 }")
  local y = p.by_code["10"]
  t.eq(y.known, false, "Lào Cai's 2023 score is not published: still unknown after +1")
  near(y.shift, 1, "the +1 moves the unknown score")
  near(b.by_code["10"].lo, 88.86, "its published rank 7 puts it above Yên Bái (88.86, rank 10) …")
  near(b.by_code["10"].hi, 90.76, "… and below Thái Nguyên (90.76, rank 6)")
  local lo, hi = scenario.rank(p, "10")
  -- 89.86–91.76: below Quảng Ninh and Hải Phòng for certain; possibly below Hà Nội, Bắc Giang,
  -- Bà Rịa - Vũng Tàu, Thái Nguyên, Long An (rank 8, ≤ 90.76) and the free rank 9 (≤ 90.76).
  t.ok(lo == 3 and hi == 9, "a moved unknown score has a rank interval from its bounds", lo .. "–" .. hi)
  p = project("  change = { [\"Lào Cai\"] = \"= 95%\" },\n", "{ index = \"par\", year = 2023 }")
  t.eq(p.by_code["10"].known, true, "'= 95%' gives an unpublished unit a score")
  t.raises(function() project("  change = { [\"Lào Cai\"] = \"x1.05\" },\n", "{ index = \"par\", year = 2023 }") end,
    ":4: Lào Cai has no published score in PAR INDEX 2023", "x1.05 needs the published score (error at the change's line)")
end

-- History, trends, noise --------------------------------------------------------
do
  local h = scenario.history("par", "22", 2023)
  local ys = {}
  for _, r in ipairs(h) do ys[#ys + 1] = r.year .. "=" .. tostring(r.score) .. "/" .. tostring(r.rank) end
  t.eq(table.concat(ys, " "), "2012=80.21/19 2015=nil/6 2017=89.45/1 2018=89.06/1 2019=90.09/1 2020=91.04/1 2021=91.14/2 2022=90.1/1 2023=92.18/1",
    "Quảng Ninh's published history, nothing filled in")
  t.near(scenario.trend("par", "22", 2023, 3), (92.18 - 91.04) / 3, 1e-9, "own trend: (2023 − 2020) / 3 years")
  t.near(scenario.trend("par", "01", 2023, 3), (91.43 - 86.07) / 3, 1e-9, "Hà Nội: 2021 is missing, the slope spans 2020–2023")
  t.eq(scenario.trend("par", "10", 2023, 3), nil, "no trend without two scores ending in the base year (Lào Cai)")
  local rt, who = scenario.regional_trend("par", "Đồng bằng sông Hồng", 2023, 3)
  t.near(rt, ((91.43 - 86.07) / 3 + (91.87 - 90.51) / 3 + (92.18 - 91.04) / 3 + (87.32 - 86.4) / 2) / 4, 1e-9,
    "regional trend: the mean of the region's trends (Hà Nội, Hải Phòng, Quảng Ninh, Nam Định)")
  t.eq(#who, 4, "four units of the region have a trend")
  local yoy = scenario.yoy("par", "22", 2023)
  t.eq(#yoy, 6, "Quảng Ninh has six year-on-year changes (2017–2023)")
  local sc = scenario.load(FIX .. "/par2023_kontum.lua", {})
  local b = scenario.base(sc, {})
  local nz = scenario.noise(sc, b)
  t.near(nz["22"].sd, 1.1217, 0.0001, "Quảng Ninh's noise: the sd of its year-on-year changes")
  t.eq(nz["22"].source, "own", "… its own")
  t.eq(nz["62"].source, "median", "Kon Tum has too little history: the median of the others'")
  t.eq(nz.own, 6, "six units have an sd of their own")
  local p = project("  others = trend { years = 3 },\n", "{ index = \"par\", year = 2023 }")
  t.near(p.by_code["22"].score, 92.18 + (92.18 - 91.04) / 3, 1e-9, "others = trend: Quảng Ninh continues its trend")
  t.near(p.by_code["62"].score, 86.14, 1e-9, "a unit without a trend stays as published")
  p = project("  others = regional_trend { years = 3 },\n  horizon = 2025,\n", "{ index = \"par\", year = 2023 }")
  t.near(p.by_code["36"].score, 87.32 + 2 * rt, 1e-9, "regional trend over two years (Nam Định)")
end

-- Errors at the scenario's line ----------------------------------------------------
t.raises(function() scenario.load(FIX .. "/bad_unit.lua", {}) end,
  "bad_unit.lua:6: unknown province 'Lang Sonn' (did you mean 'Lạng Sơn'?)", "an unknown province, at its line")
t.raises(function() scenario.load(FIX .. "/bad_node.lua", {}) end,
  "bad_node.lua:6: PAR INDEX 2023 (rules/par/2023.lua) has no node 'TAC.9' (did you mean 'TAC.1'?)",
  "an unknown node, at its line, with the closest code")
t.raises(function()
  local sc = scenario.load(FIX .. "/no_value.lua", {})
  scenario.project(sc, scenario.base(sc, {}), 2024)
end, "no_value.lua:5: Cần Thơ has no published value for 'TAC.1' in PAR INDEX 2023: change 'total' instead, or give base data",
  "a change that needs an unpublished node value")
t.raises(function() scenario.load(write("  change = { [\"Lạng Sơn\"] = { [\"2.9\"] = \"+1\" } },\n"), {}) end,
  "/mini.lua) has no node '2.9' (did you mean '2.1'?)", "own methodology: unknown node")
t.raises(function() scenario.load(write("  change = { [\"Lạng Sơn\"] = \"++2\" },\n"), {}) end,
  ":4: change for Lạng Sơn, total: '++2' is not", "a malformed change, at the line of the value")
t.raises(function() scenario.load(write("  change = { [\"Lạng Sơn\"] = -2 },\n"), {}) end,
  ":4: change for Lạng Sơn, total: a plain number sets the value", "a negative plain number")
t.raises(function() scenario.load(write("  horizon = 2019,\n"), {}) end,
  ":4: scenario: horizon 2019 is outside 2023–2053", "a horizon before the base year")
t.raises(function() scenario.load(write("", "{ index = \"par\", year = 2031 }"), {}) end,
  ":3: base: no published PAR INDEX table for 2031", "a base year without a published table")
t.raises(function() scenario.load(write("  others = trend { years = 3 },\n"), {}) end,
  ":4: others: trends come from the published tables", "trends need a published base")
t.raises(function() project("  change = { [\"Lạng Sơn\"] = { [\"2.1\"] = function() return \"x\" end } },\n") end,
  ":4: the change function for Lạng Sơn, 2.1 returned a string, not a number", "a change function must return a number")
t.raises(function() scenario.load(write("  noise = { sd = { [\"9\"] = 1 } },\n"), {}) end,
  "noise: ", "declared noise names an unknown node")

os.execute("rm -rf '" .. tmpdir .. "'")
t.done()
