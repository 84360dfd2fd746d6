-- test_explain.lua — rank-change attribution (scripts/lib/attribution.lua) and
-- the methodology comparison it relies on (scripts/lib/methodology_diff.lua).
-- Run by tests/cli/test_rules.sh: chiso run tests/rules/test_explain.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local A = require "attribution"
local md = require "methodology_diff"
local data = require "data"
local scoring = require "scoring"

local OPTS = { max_memory = 64, max_instructions = 50000000 }

-- A table from { { name, score, rank | nil, { components } } … }.
local function tab(of, rows, decimals)
  local out = { of = of, decimals = decimals or 2, rows = {} }
  for i, r in ipairs(rows) do
    out.rows[i] = { unit = r[1], name = r[1], score = r[2], rank = r[3], comp = r[4] or {} }
  end
  return A.prepare(out)
end

local function contains(iv, v, eps)
  eps = eps or 1e-9
  return iv ~= nil and v ~= nil and iv.lo - eps <= v and v <= iv.hi + eps
end

-- Shapley on games with known answers ------------------------------------------
do
  -- Additive game: each player's value is its own weight.
  local w = { 3, -2, 5 }
  local phi = A.shapley(3, function(m)
    local s = 0
    for i = 1, 3 do if m & (1 << (i - 1)) ~= 0 then s = s + w[i] end end
    return s, s
  end)
  t.ok(phi[1].lo == 3 and phi[2].lo == -2 and phi[3].lo == 5, "Shapley of an additive game: each player's own weight")
  -- Unanimity game on {1, 2}: 1 when both are in; split equally, the dummy gets 0.
  local u = A.shapley(3, function(m) local v = (m & 3 == 3) and 1 or 0 return v, v end)
  t.ok(math.abs(u[1].lo - 0.5) < 1e-12 and math.abs(u[2].lo - 0.5) < 1e-12 and u[3].lo == 0,
    "Shapley of a unanimity game: 1/2, 1/2 and 0 for the dummy")
  -- An interval game contains every exact game inside it.
  local iv = A.shapley(2, function(m) if m == 3 then return 1, 3 end return 0, 0 end)
  local ex = A.shapley(2, function(m) if m == 3 then return 2, 2 end return 0, 0 end)
  t.ok(contains(iv[1], ex[1].lo) and contains(iv[2], ex[2].lo), "interval Shapley bounds contain the exact game's values")
end

-- A synthetic complete two-year table: every number exact ---------------------
-- Y1: A 90, B 85, C 80, D 78, E 75, F 70.  C's components 30 + 25 + 25.
-- Y2: A 89, B 88, D 87, C 86 (33 + 31 + 22), E 76, F 60.
local Y1 = tab(6, {
  { "A", 90, 1, { c1 = 30, c2 = 30, c3 = 30 } }, { "B", 85, 2, { c1 = 30, c2 = 30, c3 = 25 } },
  { "C", 80, 3, { c1 = 30, c2 = 25, c3 = 25 } }, { "D", 78, 4, { c1 = 28, c2 = 25, c3 = 25 } },
  { "E", 75, 5, { c1 = 25, c2 = 25, c3 = 25 } }, { "F", 70, 6, { c1 = 25, c2 = 25, c3 = 20 } } })
local Y2 = tab(6, {
  { "A", 89, 1, { c1 = 30, c2 = 30, c3 = 29 } }, { "B", 88, 2, { c1 = 30, c2 = 30, c3 = 28 } },
  { "C", 86, 4, { c1 = 33, c2 = 31, c3 = 22 } }, { "D", 87, 3, { c1 = 29, c2 = 30, c3 = 28 } },
  { "E", 76, 5, { c1 = 26, c2 = 25, c3 = 25 } }, { "F", 60, 6, { c1 = 20, c2 = 20, c3 = 20 } } })
local d = A.decompose(Y1, Y2, "C")
t.ok(d.total.lo == 1 and d.total.hi == 1, "synthetic: C's rank 3 → 4, total +1")
t.ok(d.cf.lo == 2 and d.cf.hi == 2, "synthetic: C's Y2 score 86 would rank 2 in Y1's table")
t.ok(d.own.lo == -1 and d.own.hi == -1, "synthetic: own effect -1")
t.ok(d.others.lo == 2 and d.others.hi == 2, "synthetic: others' effect +2")
t.eq(d.own.lo + d.others.lo, d.total.lo, "synthetic: own + others = total")

local set, comps = A.find_components(Y1, Y2, "C", { { name = "c", label = "c", columns = { "c1", "c2", "c3" } } })
t.ok(set ~= nil, "synthetic: components found in both years")
local split = A.component_split(Y1, "C", d.s1, d.s2, comps)
t.ok(split and split.exact, "synthetic: the component split is exact on a complete table")
-- By hand: v(∅)=3, v{1}=3, v{2}=2, v{3}=4, v{12}=2, v{13}=3, v{23}=3, v{123}=2.
t.near(split.players[1].phi.lo, -0.5, 1e-12, "Shapley c1 (+3 points): -1/2 rank")
t.near(split.players[2].phi.lo, -1, 1e-12, "Shapley c2 (+6 points): -1 rank")
t.near(split.players[3].phi.lo, 0.5, 1e-12, "Shapley c3 (-3 points): +1/2 rank")
t.eq(#split.players, 3, "no rounding player when the parts add up exactly")
local sum = 0
for _, p in ipairs(split.players) do sum = sum + p.phi.lo end
t.near(sum, d.own.lo, 1e-12, "the Shapley values add up to the own effect")

local universe = { "A", "B", "C", "D", "E", "F" }
local mv = A.moves(Y1, Y2, "C", universe, d)
t.eq(table.concat(mv.overtook, ","), "D", "synthetic: D overtook C")
t.eq(#mv.fell_behind, 0, "synthetic: nobody fell behind C")
table.sort(mv.passed_s2)
t.eq(table.concat(mv.passed_s2, ","), "B,D", "synthetic: B and D moved above C's Y2 score (the others' effect, +2)")

-- Rounding: parts that add up to the total only within rounding get a player.
do
  local T1 = tab(3, { { "X", 80.00, 2, { a = 40.004, b = 39.996 } }, { "Y", 85, 1 }, { "Z", 70, 3 } })
  local T2 = tab(3, { { "X", 86.00, 1, { a = 43.01, b = 42.98 } }, { "Y", 84, 2 }, { "Z", 71, 3 } })
  local dd = A.decompose(T1, T2, "X")
  local _, cc = A.find_components(T1, T2, "X", { { name = "ab", columns = { "a", "b" } } })
  local sp = A.component_split(T1, "X", dd.s1, dd.s2, cc)
  t.eq(sp.players[#sp.players].name, "rounding", "a rounding residual is a player of its own")
  local s = 0
  for _, p in ipairs(sp.players) do s = s + p.phi.lo end
  t.near(s, dd.own.lo, 1e-12, "with a rounding player the Shapley values still add up to the own effect")
  local bad = { { name = "a", a = 10, b = 11 }, { name = "b", a = 10, b = 12 } }
  local none, why = A.component_split(T1, "X", dd.s1, dd.s2, bad)
  t.ok(none == nil and why:find("add up to 20.00", 1, true), "components that do not add up to the total are refused")
end

-- Partial tables: the intervals contain the complete table's exact answers --------
-- A small deterministic generator (the tests must not depend on math.random).
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

local function complete(n, ties)
  local rows = {}
  for i = 1, n do
    local comp = { p = ties and rnd(6) * 5 or rnd(2000) / 100, q = ties and rnd(6) * 5 or rnd(2000) / 100 }
    comp.r = 40 + (ties and rnd(4) or rnd(1000) / 100)
    rows[i] = { "U" .. i, comp.p + comp.q + comp.r, nil, comp }
  end
  local scores = {}
  for i, r in ipairs(rows) do scores[i] = r[2] end
  local ranks = chiso.rank.competition(scores, { n = n, decimals = 2 })
  for i, r in ipairs(rows) do r[3] = ranks[i] end
  return rows
end

-- Hide figures: each other unit keeps both, only its rank, only its score, or
-- nothing; the unit itself keeps both, or (own_rank == false) only its score.
local function partial(rows, keep, own_rank)
  local out = {}
  for _, r in ipairs(rows) do
    local k = rnd(4)
    if r[1] == keep then k = own_rank == false and 2 or 0 end
    if k == 0 then out[#out + 1] = r
    elseif k == 1 then out[#out + 1] = { r[1], nil, r[3], {} }
    elseif k == 2 then out[#out + 1] = { r[1], r[2], nil, {} } end
  end
  return out
end

local trials, bad_own, bad_others, bad_status, bad_phi, bad_sum = 0, 0, 0, 0, 0, 0
for trial = 1, 150 do
  local n = 8 + rnd(10)
  local ties = trial % 3 == 0
  local full1, full2 = complete(n, ties), complete(n, ties)
  local names = {}
  for i = 1, n do names[i] = "U" .. i end
  local me = "U" .. (1 + rnd(n))
  local F1, F2 = tab(n, full1), tab(n, full2)
  local P1, P2 = tab(n, partial(full1, me, trial % 5 ~= 1)), tab(n, partial(full2, me, trial % 7 ~= 2))
  local fd, pd = A.decompose(F1, F2, me), A.decompose(P1, P2, me)
  trials = trials + 1
  if not contains(pd.own, fd.own.lo) then bad_own = bad_own + 1 end
  if not contains(pd.others, fd.others.lo) then bad_others = bad_others + 1 end
  if not (pd.own.lo + pd.others.lo <= pd.total.lo and pd.total.lo <= pd.own.hi + pd.others.hi) then bad_sum = bad_sum + 1 end
  -- Every status the partial tables decide agrees with the complete tables.
  local fm, pm = A.moves(F1, F2, me, names, fd), A.moves(P1, P2, me, names, pd)
  for _, c in ipairs(names) do
    for _, k in ipairs({ "a1", "a2", "c1" }) do
      local p, f = pm[k][c], fm[k][c]
      if p ~= nil and p ~= f then bad_status = bad_status + 1 end
    end
  end
  -- Shapley bounds on the partial table contain the exact values.
  local cols = { { name = "pqr", columns = { "p", "q", "r" } } }
  local _, fc = A.find_components(F1, F2, me, cols)
  local fs = A.component_split(F1, me, fd.s1, fd.s2, fc, { check_sums = false })
  local ps = A.component_split(P1, me, pd.s1, pd.s2, fc, { check_sums = false })
  for i, p in ipairs(ps.players) do
    if not contains(p.phi, fs.players[i].phi.lo, 1e-9) then bad_phi = bad_phi + 1 end
  end
end
t.eq(trials, 150, "150 random two-year tables, complete and partial")
t.eq(bad_own, 0, "partial tables: the own-effect interval contains the complete table's own effect")
t.eq(bad_others, 0, "partial tables: the others' interval contains the complete table's others' effect")
t.eq(bad_sum, 0, "partial tables: the intervals contain the published change (own + others)")
t.eq(bad_status, 0, "partial tables: every above/below the published figures decide is right")
t.eq(bad_phi, 0, "partial tables: the Shapley bounds contain the exact Shapley values")

-- Đà Nẵng, PAR INDEX 2022 → 2023, from datasets/published ------------------------
local P22 = A.from_published(data.published("par", 2022))
local P23 = A.from_published(data.published("par", 2023))
local dn = (data.units("province"):resolve("Đà Nẵng"))
local D = A.decompose(P22, P23, dn)
t.near(D.s1, 87.54, 1e-9, "Đà Nẵng 2022: 87.54")
t.near(D.s2, 88.68, 1e-9, "Đà Nẵng 2023: 88.68")
t.ok(D.r1.lo == 5 and D.r1.hi == 5 and D.r2.lo == 12 and D.r2.hi == 12, "Đà Nẵng: rank 5 → 12 as published")
t.ok(D.total.lo == 7 and D.total.hi == 7, "Đà Nẵng: the change is +7 (seven places lower)")
t.ok(D.cf.lo == 4 and D.cf.hi == 4, "Đà Nẵng: 88.68 would have ranked 4th in 2022 (above Bắc Giang's 88.54)")
t.ok(D.own.lo == -1 and D.own.hi == -1, "Đà Nẵng: own effect -1 (exact: the 2022 top 5 are all published)")
t.ok(D.others.lo == 8 and D.others.hi == 8, "Đà Nẵng: others' effect +8")
local reg = data.units("province")
local M = A.moves(P22, P23, dn, reg:codes(), D)
local over = {}
for _, c in ipairs(M.overtook) do over[#over + 1] = reg:info(c).name_vi end
table.sort(over)
t.eq(table.concat(over, ", "), "Bà Rịa - Vũng Tàu, Long An, Lào Cai, Ninh Bình, Thái Nguyên, Yên Bái",
  "Đà Nẵng: the six named units that overtook it")
t.eq(#M.fell_behind, 0, "Đà Nẵng: none fell behind it")
t.eq(table.concat((function() local o = {} for _, c in ipairs(M.passed_s2) do o[#o + 1] = reg:info(c).name_vi end
  table.sort(o) return o end)(), ", "), "Bà Rịa - Vũng Tàu, Bắc Giang, Long An, Lào Cai, Ninh Bình, Thái Nguyên, Yên Bái",
  "Đà Nẵng: the seven named units above 88.68 in 2023 but not in 2022's table")
t.eq(M.unknown_y2.n, 32, "Đà Nẵng: 32 units the 2023 figures do not place against it")
t.ok(M.info2.above_lo == 1 and M.info2.above_hi == 1, "Đà Nẵng: exactly one of them (the unpublished rank 9) is above it")
t.eq(M.unknown_y2.other_false, 32, "Đà Nẵng: all 32 were below it in 2022, so the rank-9 unit overtook it too")
t.eq(#M.passed_s2 + M.info2.above_hi, D.others.lo, "Đà Nẵng: 7 named + 1 unnamed = the others' effect +8")
t.eq(#M.overtook + M.info2.above_hi - #M.fell_behind, D.total.lo, "Đà Nẵng: 6 named + 1 unnamed overtakers = +7")
local set22 = A.find_components(P22, P23, dn, A.PAR_SETS)
t.eq(set22, nil, "Đà Nẵng: no component set is published for both years")

-- A published case with intervals: Đà Nẵng 2021 → 2022 (2021 has unscored ranks).
local P21 = A.from_published(data.published("par", 2021))
local D2 = A.decompose(P21, P22, dn)
t.ok(D2.total.lo == 2 and D2.total.hi == 2, "Đà Nẵng 2021 → 2022: rank 3 → 5")
t.ok(D2.own.lo < D2.own.hi, "Đà Nẵng 2021 → 2022: the own effect is an interval")
t.ok(D2.own.lo + D2.others.hi == D2.total.lo and D2.own.hi + D2.others.lo == D2.total.lo,
  "Đà Nẵng 2021 → 2022: own and others' intervals mirror each other around the change")

-- Methodology ---------------------------------------------------------------------------
local function rules(y) return scoring.rules(md.rule_file("par", y), OPTS) end
local same = md.compare(rules(2022), rules(2023))
t.ok(same.same, "rules/par 2022 and 2023 (QĐ 876) score alike")
t.eq(same.a.decision, same.b.decision, "2022 and 2023 share the decision")
local diff = md.compare(rules(2021), rules(2022))
t.ok(not diff.same and #diff.scoring > 0, "rules/par 2021 (QĐ 1150) and 2022 (QĐ 876) differ")
local fa = scoring.rules("tests/fixtures/diff/a.lua", OPTS)
local fb = scoring.rules("tests/fixtures/diff/b.lua", OPTS)
local fx = md.compare(fa, fb)
local kinds = {}
for _, c in ipairs(fx.scoring) do kinds[#kinds + 1] = c.code .. ":" .. c.kind end
t.eq(table.concat(kinds, " "), "1.2:rule 2:max 2.1:max 3:added 3.1:added",
  "fixture a → b: a rule, two maxima and two added nodes move points")
t.ok(md.compare(fa, fa).same, "a methodology scores like itself")
t.eq(select(2, md.rule_file("par", 1999)), "rules/par/1999.lua", "a missing rule file is named")

t.done()
