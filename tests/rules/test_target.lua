-- test_target.lua — numbers of the target solver as the scripts use it:
-- chiso.target (the binding), the levers and needed scores of
-- scripts/target.lua on the published PAR INDEX 2023 (Kon Tum's four
-- published components), on a small hand-checked methodology with steps, and
-- on the synthetic Nghệ An departments (stepped sub-criteria).
-- Run by tests/cli/test_rules.sh: chiso run tests/rules/test_target.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"

local M = assert(loadfile(chiso.home .. "/scripts/target.lua", "t"))()
local T = M.lib
local OPTS = { max_memory = 64, max_instructions = 50000000 }

local function near(a, b) return type(a) == "number" and math.abs(a - b) < 1e-9 end

-- ---------------------------------------------------------------------------
-- The binding

do
  -- 1.5 points needed: a step worth 2 at cost 1 beats 1.5 continuous points at 1 each.
  local p = chiso.target { need = 1.5, items = {
    { options = { { gain = 2, cost = 1 } } }, { headroom = 10, cost = 1 } } }
  t.ok(p.feasible, "binding: feasible")
  t.ok(near(p.items[1].take, 2) and p.items[1].option == 1 and p.items[2].take == 0,
    "binding: the whole step, not 1.5 continuous points")
  t.ok(near(p.cost, 1) and near(p.margin, 0.5) and near(p.gain, 2), "binding: cost 1, gain 2, margin 0.5")

  -- Step at cost 3: the continuous node (1.5).
  p = chiso.target { need = 1.5, items = { { options = { { gain = 2, cost = 3 } } }, { headroom = 10 } } }
  t.ok(near(p.items[2].take, 1.5) and near(p.cost, 1.5), "binding: continuous 1.5 when the step costs more")

  -- Headroom: never above the max.
  p = chiso.target { need = 3, items = { { headroom = 1, cost = 0.5 }, { headroom = 5, cost = 2 } } }
  t.ok(near(p.items[1].take, 1) and near(p.items[2].take, 2) and near(p.cost, 4.5), "binding: headroom respected")

  -- Infeasible: every item at its maximum.
  p = chiso.target { need = 9, items = { { headroom = 1 }, { options = { { gain = 1 }, { gain = 3 } } } } }
  t.ok(not p.feasible and near(p.gain, 4) and near(p.max_gain, 4) and p.items[2].option == 2,
    "binding: infeasible gives every item at its maximum")

  -- Precision: the need rounds up, gains round down (a third of a point is 0.33).
  p = chiso.target { need = 0.331, decimals = 2, items = { { options = { { gain = 1 / 3, cost = 1 } } }, { headroom = 1 } } }
  t.ok(near(p.need, 0.34) and p.items[1].take == 0 and near(p.items[2].take, 0.34),
    "binding: need rounded up to 0.34; a step of 1/3 counts as 0.33 and does not reach it")

  t.raises(function() chiso.target { need = 1, items = { { options = { { gain = 0 } } } } } end,
    "gain must be at least one unit", "binding: a zero gain is refused")
  t.raises(function() chiso.target { items = {} } end, "need =", "binding: need is required")
  t.raises(function() chiso.target { need = 1, items = { { headroom = 1, cost = -1 } } } end,
    "cost must be a finite number", "binding: a negative cost is refused")
end

-- ---------------------------------------------------------------------------
-- Kon Tum, PAR INDEX 2023: four published components, rank ≤ 30

do
  local ctx = T.published_context("par", 2023, "Kon Tum", OPTS)
  t.eq(ctx.unit.score, 86.14, "Kon Tum 2023: published score 86.14")
  t.eq(ctx.unit.rank, 43, "Kon Tum 2023: published rank 43")
  local levers = T.levers(ctx, {}, {})
  t.eq(#levers, 4, "Kon Tum 2023: four levers (TD, TAC.1, TAC.2, TAC.3)")
  local want = { TD = { 54.95, 61.5 }, ["TAC.1"] = { 8.5, 10 }, ["TAC.2"] = { 18.33, 22 }, ["TAC.3"] = { 4.36, 6.5 } }
  local ok, head = true, 0
  for _, lv in ipairs(levers) do
    local w = want[lv.code]
    if not w or not near(lv.points, w[1]) or not near(lv.max, w[2]) or lv.levels then ok = false end
    head = head + (lv.max - lv.points)
  end
  t.ok(ok, "Kon Tum 2023: levers' points and maxima as published (61.5 / 10 / 22 / 6.5), continuous")
  t.ok(math.abs(head - 13.86) < 1e-9, "Kon Tum 2023: 13.86 points of headroom")

  local need = T.needed(ctx, { rank = 30 })
  t.eq(need.score, 87.32, "rank ≤ 30 needs 87.32 for certain (Nam Định's 87.32 at rank 29; ranks 30–31 unpublished)")
  t.eq(need.possible, 86.97, "rank ≤ 30 is possible from 86.97")
  t.ok(need.bounded, "the score holding rank 30 is only bounded")

  local r = T.compute(ctx, { rank = 30 }, {}, {})
  t.ok(near(r.gap, 1.18), "gap 87.32 − 86.14 = 1.18")
  t.eq(r.status, "reachable", "reachable")
  t.eq(#r.solution.rows, 1, "one node suffices (fewest nodes)")
  local row = r.solution.rows[1]
  t.ok(row.lever.code == "TD" and near(row.from, 54.95) and math.abs(row.to - 56.13) < 1e-9,
    "the earliest node with room: TD 54.95 → 56.13")
  t.ok(math.abs(r.solution.cost - 1.18) < 1e-9, "cost 1.18 (points)")
  t.ok(math.abs(r.new_score - 87.32) < 1e-9 and r.new_rank_min == 29 and r.new_rank_max == 29,
    "new score 87.32, rank 29")
  t.ok(math.abs(r.margin) < 1e-9, "margin 0")

  -- SIPAS points at half the effort: all 1.18 from TAC.1 (headroom 1.5).
  local _, costs = T.check_owners_costs({ decl = "directive", file = "x.lua", line = 1,
    costs = { ["TAC.1"] = 0.5 }, owners = { ["TAC.1"] = "Văn phòng UBND tỉnh" } })
  r = T.compute(ctx, { rank = 30 }, { ["TAC.1"] = "Văn phòng UBND tỉnh" }, costs)
  row = r.solution.rows[1]
  t.ok(#r.solution.rows == 1 and row.lever.code == "TAC.1" and math.abs(row.to - 9.68) < 1e-9
    and math.abs(r.solution.cost - 0.59) < 1e-9 and row.lever.owner == "Văn phòng UBND tỉnh",
    "with SIPAS at 0.5 a point: TAC.1 8.50 → 9.68, cost 0.59, owner from the directive")

  -- Rank ≤ 10: 88.86 (Yên Bái, rank 10) is certain; 2.72 points.
  r = T.compute(ctx, { rank = 10 }, {}, {})
  t.ok(near(r.need.score, 88.86) and near(r.gap, 2.72) and math.abs(r.solution.cost - 2.72) < 1e-9,
    "rank ≤ 10: needs 88.86, gains 2.72")

  -- Group A (≥ 90): 3.86 points.
  r = T.compute(ctx, { group = "A" }, {}, {})
  t.ok(near(r.need.score, 90) and math.abs(r.gap - 3.86) < 1e-9, "group A: 90.00, 3.86 points")

  -- Score 101: unreachable; every node at its maximum is 100, rank 1.
  r = T.compute(ctx, { score = 101 }, {}, {})
  t.ok(r.status == "unreachable" and near(r.best_score, 100) and r.best_rank_max == 1,
    "score 101: unreachable, best 100.00, rank 1")
end

-- ---------------------------------------------------------------------------
-- Partly published components

do
  -- Đắk Nông 2022: only the socio-economic impact (5.32 of 6.5) is published
  -- beside the total 84.66: that part, and the rest of the index together.
  local ctx = T.published_context("par", 2022, "Đắk Nông", OPTS)
  local levers = T.levers(ctx, {}, {})
  t.eq(#levers, 2, "Đắk Nông 2022: two levers")
  t.ok(levers[1].code == "TAC.3" and near(levers[1].points, 5.32) and near(levers[1].max, 6.5),
    "Đắk Nông 2022: TAC.3 5.32 of 6.5")
  t.ok(levers[2].kind == "rest" and math.abs(levers[2].points - 79.34) < 1e-9 and near(levers[2].max, 93.5),
    "Đắk Nông 2022: the rest (TD, TAC.1, TAC.2) 79.34 of 93.5")

  -- Lạng Sơn 2018: appraisal and socio-economic maxima are not public: one
  -- lever of 51.25 with what is left of the headroom (100 − 77.25 − 2.85 − 6.65).
  ctx = T.published_context("par", 2018, "Lạng Sơn", OPTS)
  local owners = { TD = "Sở Nội vụ", ["TAC.3"] = "Sở Kế hoạch và Đầu tư" }
  levers = T.levers(ctx, owners, {})
  local m
  for _, lv in ipairs(levers) do if lv.kind == "merged" then m = lv end end
  t.ok(m and m.code == "TD+TAC.3" and math.abs(m.points - 51.25) < 1e-9 and math.abs(m.max - 64.5) < 1e-9,
    "Lạng Sơn 2018: TD+TAC.3 51.25, headroom 13.25")
  t.eq(m and m.owner, "Sở Nội vụ / Sở Kế hoạch và Đầu tư", "Lạng Sơn 2018: both owners named")

  -- Thanh Hóa 2021: eight areas without public maxima add up to 87.84, the
  -- total is 87.83: the lever starts from the total.
  ctx = T.published_context("par", 2021, "Thanh Hóa", OPTS)
  levers = T.levers(ctx, {}, {})
  t.ok(#levers == 1 and near(levers[1].points, 87.83) and near(levers[1].max, 100),
    "Thanh Hóa 2021: one lever from 87.83 to 100 (rounded parts)")

  -- Lai Châu 2019: only the total.
  ctx = T.published_context("par", 2019, "Lai Châu", OPTS)
  local notes
  levers, notes = T.levers(ctx, {}, {})
  t.ok(#levers == 1 and levers[1].kind == "total" and near(levers[1].points, 79.51) and near(levers[1].max, 100),
    "Lai Châu 2019: the total is the only lever")
  t.ok(notes[1] and notes[1]:find("Only the total", 1, true) ~= nil, "Lai Châu 2019: and the report says so")
end

-- ---------------------------------------------------------------------------
-- A hand-checked methodology with a step, a rate and a yes/no

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p '" .. dir .. "'"))
local function write(name, text)
  local f = assert(io.open(dir .. "/" .. name, "w"))
  f:write(text)
  f:close()
  return dir .. "/" .. name
end
local rules = write("mini.lua", [[
return index { code = "MINI", name = "Mini", max = 10, unit = "department",
  groups = { { "Tốt", 80 }, { "Khá", 50 }, { "Yếu" } },
  area { code = "1", name = "Một", max = 10, owner = "Sở Nội vụ",
    sub { code = "A", name = "Bậc", max = 4,
          score = steps { column = "a", { above = 90, points = 4 }, { from = 70, points = 2 }, { otherwise = 0 } } },
    sub { code = "B", name = "Tỷ lệ", max = 4, score = rate { column = "b" } },
    sub { code = "C", name = "Có/không", max = 2, score = yes_no { column = "c" } },
  },
}
]])
local csv = write("mini.csv", "unit,a,b,c\nU1,75,0.5,không\nU2,95,0.75,có\nU3,50,0.25,không\n")
do
  local ctx = T.own_context(rules, csv, "U1", OPTS)
  t.ok(near(ctx.unit.score, 40), "mini: U1 scores 4 of 10 = 40%")
  local levers = T.levers(ctx, {}, {})
  local A, B, C
  for _, lv in ipairs(levers) do
    if lv.code == "A" then A = lv elseif lv.code == "B" then B = lv elseif lv.code == "C" then C = lv end
  end
  t.ok(A and A.levels and #A.levels == 3 and near(A.factor, 10), "mini: A has levels 0 / 2 / 4; a point is 10%")
  t.ok(B and not B.levels and near(B.points, 2), "mini: B is continuous at 2 of 4")
  t.ok(C and C.levels and #C.levels == 2, "mini: C is yes/no")

  -- Need 55%: +1.5 points.  Continuous B (1.5 at 1 a point) beats the step
  -- of A (+2, cost 2) and C (+2, cost 2).
  local r = T.compute(ctx, { score = 55 }, {}, {})
  t.ok(#r.solution.rows == 1 and r.solution.rows[1].lever.code == "B" and near(r.solution.cost, 1.5)
    and near(r.solution.rows[1].to, 3.5), "mini 55%: B 2 → 3.5, cost 1.5")

  -- A's step to 4 at cost 1: the whole step (margin 5%), not 1.5 points of B.
  local _, costs = T.check_owners_costs({ decl = "directive", file = "x.lua", line = 1,
    costs = { A = { [4] = 1 }, B = 0.9 } })
  r = T.compute(ctx, { score = 55 }, {}, costs)
  local row = r.solution.rows[1]
  t.ok(#r.solution.rows == 1 and row.lever.code == "A" and near(row.to, 4) and near(row.cost, 1)
    and near(r.margin, 5) and row.level.text == "a > 90",
    "mini 55%, A's step at 1: A 2 → 4 (a > 90), cost 1, margin 5.00 — B would cost 1.35")

  -- Need 75% (+3.5 points): A +2 (cost 2) and 1.5 of B (1.5) = 3.5; C instead of A costs the same:
  -- fewest nodes tie (2), the earlier node wins.
  r = T.compute(ctx, { score = 75 }, {}, {})
  local codes = {}
  for _, x in ipairs(r.solution.rows) do codes[#codes + 1] = x.lever.code .. "=" .. string.format("%.2f", x.to) end
  t.eq(table.concat(codes, " "), "A=4.00 B=3.50", "mini 75%: A to 4 and B to 3.5 (ties: the earlier node)")
  t.ok(near(r.solution.cost, 3.5) and near(r.new_score, 75), "mini 75%: cost 3.5, new score 75")

  -- Rank ≤ 1 on a complete table: U2 has 9 of 10 = 90%: needs 90 exactly (a tie shares rank 1).
  r = T.compute(ctx, { rank = 1 }, {}, {})
  t.ok(near(r.need.score, 90) and r.new_rank_max == 1 and near(r.new_score, 90),
    "mini rank 1: needs 90.00 (a tie with U2 shares rank 1)")

  -- Group: "Tốt" from 80%.
  r = T.compute(ctx, { group = "tot" }, {}, {})
  t.ok(near(r.need.score, 80) and r.need.group == "Tốt", "mini: group 'tot' matches 'Tốt', 80%")

  -- Unreachable: 101%.
  r = T.compute(ctx, { score = 101 }, {}, {})
  t.ok(r.status == "unreachable" and near(r.best_score, 100) and #r.solution.rows == 3,
    "mini 101%: unreachable, every node at its maximum (3 nodes)")
end
os.remove(rules)
os.remove(csv)
os.remove(dir)

-- ---------------------------------------------------------------------------
-- Nghệ An departments (synthetic): exact over stepped sub-criteria

do
  local ctx = T.own_context("rules/provinces/nghean-2023.lua", "datasets/synthetic/nghean_departments_2023.csv",
    "Sở Y tế", OPTS)
  local r = T.compute(ctx, { rank = 18 }, {}, {})
  t.ok(near(r.need.score, 62.6), "Nghệ An, Sở Y tế rank ≤ 18: needs 62.60 (Sở Kế hoạch và Đầu tư's score)")
  t.ok(math.abs(r.gap - 8.2) < 1e-9, "Sở Y tế: 54.40 → 62.60, gap 8.20")
  t.ok(math.abs(r.solution.cost - 8.2) < 1e-9, "Sở Y tế: cost 8.20 (no overshoot is needed)")
  local on_levels, within, stepped = true, true, 0
  for _, row in ipairs(r.solution.rows) do
    if row.lever.levels and not row.lever.note then
      stepped = stepped + 1
      local hit = false
      for _, l in ipairs(row.lever.levels) do if math.abs(l.points - row.to) < 1e-9 then hit = true end end
      if not hit then on_levels = false end
    end
    if row.lever.max and row.to > row.lever.max + 1e-9 then within = false end
  end
  t.ok(stepped > 0 and on_levels, "Sở Y tế: every stepped node lands on one of its levels")
  t.ok(within, "Sở Y tế: no node above its maximum")
  t.eq(#r.solution.rows, 8, "Sở Y tế: 8 nodes (the fewest at that cost)")

  -- Ban Dân tộc is scored out of 84 (area 3 not applicable): a point is 100/84 of the index.
  ctx = T.own_context("rules/provinces/nghean-2023.lua", "datasets/synthetic/nghean_departments_2023.csv",
    "Ban Dân tộc", OPTS)
  local levers = T.levers(ctx, {}, {})
  local any3, f = false, nil
  for _, lv in ipairs(levers) do
    if lv.code:match("^3%.") then any3 = true end
    if lv.code == "1.1.1" then f = lv.factor end
  end
  t.ok(not any3, "Ban Dân tộc: no lever in area 3 (not applicable)")
  t.ok(f and math.abs(f - 100 / 84) < 1e-9, "Ban Dân tộc: a point counts 100/84 of the index")
end

-- Deterministic: the same plan twice.
do
  local ctx = T.own_context("rules/provinces/nghean-2023.lua", "datasets/synthetic/nghean_departments_2023.csv",
    "Sở Tư pháp", OPTS)
  local a = T.compute(ctx, { rank = 10 }, {}, {})
  local b = T.compute(ctx, { rank = 10 }, {}, {})
  local sa, sb = {}, {}
  for _, x in ipairs(a.solution.rows) do sa[#sa + 1] = x.lever.code .. string.format("%.4f", x.to) end
  for _, x in ipairs(b.solution.rows) do sb[#sb + 1] = x.lever.code .. string.format("%.4f", x.to) end
  t.eq(table.concat(sa, ","), table.concat(sb, ","), "the same plan twice")
end

t.done()
