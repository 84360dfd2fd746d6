-- test_indices.lua — the SIPAS, PAPI, PCI and provincial rule files: each loads
-- and checks clean, and scores what its sources say (Cà Mau's published rules
-- at every step boundary, Lai Châu's SIPAS 2021 as the mean of its elements,
-- Nghệ An's counts, exemptions, function leaf, ranks and groups).
--
--   chiso run tests/rules/test_indices.lua     (from the repository root)

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local scoring = require "scoring"

local FIX = "tests/fixtures/rules_data/"
local NGHEAN_DATA = "datasets/synthetic/nghean_departments_2023.csv"

local function rules(path) return scoring.rules(path, {}) end

-- Score a file on a CSV without resolving unit names (test units are made up).
local function score_csv(m, path)
  local d = chiso.read(path, { columns = { code_gso = { type = "text" } } })
  return m:score(d), d
end

-- Row index of a unit by its name in column `col`.
local function row_of(d, col, name)
  for i = 1, #d do
    if d:get(col, i) == name then return i end
  end
  error("no unit " .. name)
end

-- A copy of table d with some cells replaced: changes[row][column] = value
-- (false for an empty cell).
local function with_cells(d, changes)
  local spec = { n = #d, source = "test copy" }
  for _, name in ipairs(d:names()) do
    local values, numeric = {}, true
    for i = 1, #d do
      local v = d:get(name, i)
      if changes[i] and changes[i][name] ~= nil then v = changes[i][name] or nil end
      values[i] = v
      if v ~= nil and type(v) ~= "number" then numeric = false end
    end
    spec[#spec + 1] = { name = name, values = values, type = numeric and "number" or "text" }
  end
  return chiso.table(spec)
end

---------------------------------------------------------------------------
-- Every file loads and passes `check`, with its data where data are shipped.
local FILES = {
  { "rules/sipas/2017.lua" }, { "rules/sipas/2018.lua" }, { "rules/sipas/2019.lua" },
  { "rules/sipas/2020.lua" }, { "rules/sipas/2021.lua", FIX .. "sipas_2021_laichau.csv" },
  { "rules/sipas/2023.lua", "datasets/published/sipas_2024.csv" },
  { "rules/papi/2016.lua", FIX .. "papi_2016_synthetic.csv" },
  { "rules/papi/2018.lua", FIX .. "papi_2018_synthetic.csv" },
  { "rules/pci/2019.lua", FIX .. "pci_2019.csv" },
  { "rules/provinces/camau-2013.lua", FIX .. "camau_2013.csv" },
  { "rules/provinces/nghean-2023.lua", NGHEAN_DATA },
}
for _, f in ipairs(FILES) do
  local ok, m = pcall(rules, f[1])
  if t.ok(ok, f[1] .. " loads", not ok and tostring(type(m) == "table" and m.msg or m) or nil) then
    local problems = m:check()
    t.eq(#problems, 0, f[1] .. ": check ok" .. (#problems > 0 and (" — " .. problems[1]) or ""))
    if f[2] then
      problems = m:check(chiso.read(f[2]))
      t.eq(#problems, 0, f[1] .. ": check ok with " .. f[2] .. (#problems > 0 and (" — " .. problems[1]) or ""))
    end
  end
end

---------------------------------------------------------------------------
-- Cà Mau QĐ 1880 (2013): the published rules, step by step.
do
  local m = rules("rules/provinces/camau-2013.lua")
  local d = scoring.data(FIX .. "camau_2013.csv", m, {})
  local res = scoring.run(m, d)
  local s = res.score
  local U = {}
  for _, x in ipairs(res.units) do U[x.name] = x end
  local function pts(unit, code) return s:get(code, U[unit].i) end

  -- 1.1.4: > 90% → 2; 70–90% → 1; < 70% → 0.
  t.eq(pts("Sở A", "1.1.4"), 2, "Cà Mau 1.1.4: 95% → 2")
  t.eq(pts("Sở B", "1.1.4"), 1, "Cà Mau 1.1.4: exactly 90% → 1 (not above 90)")
  t.eq(pts("Sở C", "1.1.4"), 2, "Cà Mau 1.1.4: 90.01% → 2")
  t.eq(pts("Sở D", "1.1.4"), 1, "Cà Mau 1.1.4: exactly 70% → 1")
  t.eq(pts("Sở E", "1.1.4"), 0, "Cà Mau 1.1.4: 69.9% → 0")
  t.eq(pts("Sở F", "1.1.4"), 0, "Cà Mau 1.1.4: no value → 0")
  t.eq(s:get("1.1.4", U["Sở F"].i, "state"), "missing", "Cà Mau 1.1.4: an empty cell is reported as missing")
  -- 1.1.1: on time 1, late 0.5, not issued 0.
  t.eq(pts("Sở A", "1.1.1"), 1, "Cà Mau 1.1.1: đúng hạn → 1")
  t.eq(pts("Sở C", "1.1.1"), 1, "Cà Mau 1.1.1: kịp thời → 1")
  t.eq(pts("Sở B", "1.1.1"), 0.5, "Cà Mau 1.1.1: chậm → 0.5")
  t.eq(pts("Sở D", "1.1.1"), 0, "Cà Mau 1.1.1: không ban hành → 0")
  -- 1.1.2, 1.1.3, 1.2.2: yes/no, 1 point.
  t.eq(pts("Sở C", "1.1.2"), 0, "Cà Mau 1.1.2: tasks or budget missing → 0")
  t.eq(pts("Sở B", "1.1.3"), 0, "Cà Mau 1.1.3: không đạt → 0")
  t.eq(pts("Sở E", "1.1.3"), 1, "Cà Mau 1.1.3: có → 1")
  t.eq(pts("Sở C", "1.2.2"), 0, "Cà Mau 1.2.2: không đạt → 0")
  -- 1.2.1: all reports on time 1, anything else 0 (a late report earns nothing).
  t.eq(pts("Sở A", "1.2.1"), 1, "Cà Mau 1.2.1: all on time → 1")
  t.eq(pts("Sở B", "1.2.1"), 0, "Cà Mau 1.2.1: late → 0")
  t.eq(pts("Sở D", "1.2.1"), 0, "Cà Mau 1.2.1: reports missing → 0")
  -- Criteria and the area.
  t.eq(pts("Sở A", "1.1"), 5, "Cà Mau 1.1: full marks are 5")
  t.eq(pts("Sở B", "1.1"), 2.5, "Cà Mau 1.1: 0.5 + 1 + 0 + 1")
  t.eq(pts("Sở A", "1.2"), 2, "Cà Mau 1.2: full marks are 2")
  t.eq(pts("Sở B", "1"), 13.5, "Cà Mau area 1: 2.5 + 1 + 2 (1.3 given) + 8 (rest given)")
  t.eq(U["Sở A"].total, 20, "Cà Mau: full marks are 20")
  t.eq(U["Sở F"].total, nil, "Cà Mau: without the unseen 10 points the total stays unknown")
  t.eq(s:get("1.1", U["Sở F"].i), 3, "Cà Mau: the known criteria are still scored when the total is unknown")
  t.eq(U["Sở B"].rank, 4, "Cà Mau: equal totals share a rank (Sở B)")
  t.eq(U["Sở E"].rank, 4, "Cà Mau: equal totals share a rank (Sở E)")
  local maxima = {}
  for _, n in ipairs(m:nodes()) do maxima[n.code] = n.max end
  t.eq(maxima["1.1"] + maxima["1.2"] + maxima["1.3"] + maxima["1.rest"], 20, "Cà Mau: 5 + 2 + 3 + 10 = 20")
end

---------------------------------------------------------------------------
-- SIPAS 2021: Lai Châu's index is the mean of its five published elements.
do
  local m = rules("rules/sipas/2021.lua")
  local s, d = score_csv(m, FIX .. "sipas_2021_laichau.csv")
  local root = m:nodes()[1].code
  local mean = (90.50 + 89.66 + 88.13 + 89.98 + 75.79) / 5
  t.near(s:get(root, 1, "parts"), mean, 1e-9, "SIPAS 2021: Lai Châu's elements average 86.812")
  t.near(s:get(root, 1, "parts"), 86.81, 0.005, "SIPAS 2021: 86.812 rounds to the published 86.81")
  t.eq(s:get(root, 1), 86.81, "SIPAS 2021: the published index is taken as given")
  t.eq((s:verify(root, 1)), "agree", "SIPAS 2021: published index and elements agree within rounding")
  -- Without the published index the mean is the index.
  local bare = with_cells(d, { [1] = { score = false } })
  local s2 = m:score(bare)
  t.near(s2:get(root, 1), mean, 1e-9, "SIPAS 2021: without a published value the index is the mean")
  t.near(s2:get(root, 1, "percent"), mean, 1e-9, "SIPAS 2021: the index is already a percentage")
  -- The same structure in every year 2017–2021.
  for y = 2017, 2020 do
    local my = rules("rules/sipas/" .. y .. ".lua")
    t.near(my:score(bare):get(my:nodes()[1].code, 1), mean, 1e-9, "SIPAS " .. y .. ": same five-element mean")
  end
end

-- SIPAS 2023–2026 (QĐ 1001): Hà Nội 2024 from the published table.
do
  local m = rules("rules/sipas/2023.lua")
  local s, d = score_csv(m, "datasets/published/sipas_2024.csv")
  local hn = row_of(d, "province", "Hà Nội")
  t.near(s:get("2", hn), 86.50, 1e-9, "SIPAS 2024: Hà Nội's two satisfaction contents average 86.50")
  t.eq(s:get("SIPAS2023", hn), 86.50, "SIPAS 2024: Hà Nội's published index is taken as given")
  t.eq((s:verify("SIPAS2023", hn)), "agree", "SIPAS 2024: Hà Nội's index agrees with the satisfaction mean")
  t.eq(s:get("1", hn, "state"), "na_excluded", "SIPAS 2023: opinions are left out of the computed total")
  t.eq(s:get("3", hn, "state"), "na_excluded", "SIPAS 2023: needs and expectations are left out too")
end

---------------------------------------------------------------------------
-- PAPI: the index is the sum of the dimension scores.
do
  local m = rules("rules/papi/2016.lua")
  local s = score_csv(m, FIX .. "papi_2016_synthetic.csv")
  t.eq(m:info().max, 60, "PAPI 2016: six dimensions, maximum 60")
  t.near(s:get("PAPI2016", 1), 37.04, 1e-9, "PAPI 2016: the total is the sum of six dimensions")
  t.near(s:get("PAPI2016", 1, "percent"), 37.04 / 60 * 100, 1e-9, "PAPI 2016: percent of 60")
  t.eq((s:verify("PAPI2016", 2)), "agree", "PAPI 2016: a given total equal to its dimensions agrees")

  local m8 = rules("rules/papi/2018.lua")
  local s8 = score_csv(m8, FIX .. "papi_2018_synthetic.csv")
  local dims = 0
  for _, n in ipairs(m8:nodes()) do if n.kind == "area" then dims = dims + 1 end end
  t.eq(dims, 8, "PAPI 2018: eight dimensions")
  t.eq(m8:info().max, 80, "PAPI 2018: maximum 80")
  t.near(s8:get("PAPI2018", 1), 43.103, 1e-9, "PAPI 2018: the total is the sum of eight dimensions")
  t.near(s8:get("PAPI2018", 2), 38.5, 1e-9, "PAPI 2018: second province")
  t.eq(#(m8:info().groups or {}), 0, "PAPI 2018: no fixed bands (groups are quartiles of each year)")
end

---------------------------------------------------------------------------
-- PCI 2019: equal-weight mean of ten 10-point sub-indices, scaled to 100.
do
  local m = rules("rules/pci/2019.lua")
  local s, d = score_csv(m, FIX .. "pci_2019.csv")
  local a = row_of(d, "unit", "Tỉnh thử A")
  local sum = 0
  for _, c in ipairs { "pci_entry_costs", "pci_land_access", "pci_transparency", "pci_time_costs",
                       "pci_informal_charges", "pci_equal_playing_field", "pci_proactivity",
                       "pci_business_support", "pci_labour_training", "pci_legal_institutions" } do
    sum = sum + d:get(c, a)
  end
  t.near(s:get("PCI2019", a), sum / 10 * 10, 1e-9, "PCI 2019: composite = 10 × mean of the sub-indices")
  t.near(s:get("PCI2019", a), 66.0, 1e-9, "PCI 2019: 66.0 for the test province")
  local qn = row_of(d, "unit", "Quảng Ninh")
  t.eq(s:get("PCI2019", qn), 73.40, "PCI 2019: Quảng Ninh's published 73.40 is taken as given")
  local subs, equal = 0, true
  for _, n in ipairs(m:nodes()) do
    if n.kind == "area" then
      subs = subs + 1
      if n.weight ~= 1 or n.max ~= 10 then equal = false end
    end
  end
  t.eq(subs, 10, "PCI 2019: ten sub-indices")
  t.ok(equal, "PCI 2019: equal weights, 10 points each")
  t.eq(m:info().status, "illustrative", "PCI 2019: marked illustrative (weights not public)")
end

---------------------------------------------------------------------------
-- Nghệ An QĐ 3323 (2023), illustrative leaves on the published shape.
do
  local m = rules("rules/provinces/nghean-2023.lua")
  local nodes = m:nodes()
  local by = {}
  for _, n in ipairs(nodes) do by[n.code] = n end
  local count = { area = 0, criterion = 0, sub = 0 }
  local per = {}
  for _, n in ipairs(nodes) do
    if not n.view and count[n.kind] then
      count[n.kind] = count[n.kind] + 1
      if n.kind ~= "area" then
        local a = n
        while by[a.parent].kind ~= "index" do a = by[a.parent] end
        per[a.code] = per[a.code] or { 0, 0 }
        local k = n.kind == "criterion" and 1 or 2
        per[a.code][k] = per[a.code][k] + 1
      end
    end
  end
  t.eq(count.area, 7, "Nghệ An: 7 areas")
  t.eq(count.criterion, 48, "Nghệ An: 48 criteria")
  t.eq(count.sub, 89, "Nghệ An: 89 sub-criteria")
  local want = { ["1"] = { 8, 12 }, ["2"] = { 6, 9 }, ["3"] = { 7, 18 }, ["4"] = { 5, 11 },
                 ["5"] = { 8, 13 }, ["6"] = { 5, 12 }, ["7"] = { 9, 14 } }
  for code, w in pairs(want) do
    local got = per[code] or { 0, 0 }
    t.ok(got[1] == w[1] and got[2] == w[2],
      string.format("Nghệ An area %s: %d criteria / %d sub-criteria", code, w[1], w[2]),
      string.format("got %d / %d", got[1], got[2]))
  end
  local illustrative = true
  for _, n in ipairs(nodes) do
    if not n.view and n.kind ~= "index" and n.status ~= "illustrative" then illustrative = false end
  end
  t.ok(illustrative, "Nghệ An: every node is marked illustrative")
  t.eq(by["3.3.2"].rule_kind, "function", "Nghệ An: 3.3.2 is a Lua function leaf")

  local d = scoring.data(NGHEAN_DATA, m, {})
  local res = scoring.run(m, d)
  local s = res.score
  local U = {}
  for _, x in ipairs(res.units) do U[x.name] = x end
  t.ok(#res.units >= 18 and res.scored == #res.units, "Nghệ An: about 20 departments, all scored",
    string.format("%d units, %d scored", #res.units, res.scored))

  -- Not applicable: Ban Dân tộc has no administrative procedures.
  local bdt = U["Ban Dân tộc"]
  t.eq(s:get("3", bdt.i, "state"), "na_excluded", "Nghệ An: area 3 does not apply to Ban Dân tộc")
  t.eq(bdt.max, 84, "Nghệ An: Ban Dân tộc is scored out of 100 − 16 = 84")
  t.near(bdt.percent, bdt.total / 84 * 100, 1e-9, "Nghệ An: Ban Dân tộc's index is a % of its applicable maximum")
  local leaves_na = true
  for _, n in ipairs(nodes) do
    if n.code:match("^3%.") and #n.children == 0 and s:get(n.code, bdt.i, "state") ~= "na_excluded" then
      leaves_na = false
    end
  end
  t.ok(leaves_na, "Nghệ An: every leaf of area 3 is 'not applicable' for Ban Dân tộc (nothing shown as lost)")
  t.eq(s:get("TĐ", bdt.i, "max"), 64, "Nghệ An: the self-assessment view shrinks to 64 for Ban Dân tộc")
  t.eq(U["Sở Y tế"].max, 100, "Nghệ An: a department with procedures is scored out of 100")

  -- The function leaf 3.3.2, against the rule written out here.
  local dt = d.table
  local fn_ok, fn_detail = true, nil
  for _, x in ipairs(res.units) do
    local want_pts
    if dt:get("has_procedures", x.i) == "không" then
      want_pts = nil
    else
      local overdue, letters = dt:get("dossiers_overdue", x.i), dt:get("apology_letters", x.i) or 0
      want_pts = overdue == nil and 0 or overdue == 0 and 1 or letters >= overdue and 0.5 or 0
    end
    local got = s:get("3.3.2", x.i)
    if want_pts == nil then
      if s:get("3.3.2", x.i, "state") ~= "na_excluded" then fn_ok, fn_detail = false, x.name end
    elseif got ~= want_pts then
      fn_ok, fn_detail = false, string.format("%s: got %s, want %s", x.name, tostring(got), tostring(want_pts))
    end
  end
  t.ok(fn_ok, "Nghệ An 3.3.2: 1 without overdue dossiers, 0.5 when all were apologised for, else 0", fn_detail)
  local changed = with_cells(dt, {
    [U["Sở Y tế"].i] = { dossiers_overdue = 0 },
    [U["Sở Nội vụ"].i] = { dossiers_overdue = 3, apology_letters = 3 },
    [U["Sở Tài chính"].i] = { dossiers_overdue = 3, apology_letters = 2 },
    [U["Sở Du lịch"].i] = { dossiers_overdue = false },
  })
  local s2 = m:score(changed)
  t.eq(s2:get("3.3.2", U["Sở Y tế"].i), 1, "Nghệ An 3.3.2: no overdue dossier → 1")
  t.eq(s2:get("3.3.2", U["Sở Nội vụ"].i), 0.5, "Nghệ An 3.3.2: 3 overdue, 3 letters → 0.5")
  t.eq(s2:get("3.3.2", U["Sở Tài chính"].i), 0, "Nghệ An 3.3.2: 3 overdue, 2 letters → 0")
  t.eq(s2:get("3.3.2", U["Sở Du lịch"].i), 0, "Nghệ An 3.3.2: no count reported → 0")

  -- Ranks follow the % of the applicable maximum; groups follow the bands.
  local sorted, bands_ok, detail = true, true, nil
  local BANDS = { { "Tốt", 80 }, { "Khá", 65 }, { "Trung bình", 50 }, { "Yếu", -math.huge } }
  for _, x in ipairs(res.units) do
    for _, y in ipairs(res.units) do
      if x.percent > y.percent + 0.005 and not (x.rank < y.rank) then
        sorted, detail = false, x.name .. " / " .. y.name
      end
    end
    local want_group
    for _, b in ipairs(BANDS) do
      if x.percent >= b[2] - 1e-9 then want_group = b[1] break end
    end
    if x.group ~= want_group then bands_ok = false end
  end
  t.ok(sorted, "Nghệ An: a higher % never ranks lower", detail)
  t.ok(bands_ok, "Nghệ An: groups Tốt ≥ 80, Khá ≥ 65, Trung bình ≥ 50, else Yếu")
  local first = 0
  for _, x in ipairs(res.units) do if x.rank == 1 then first = first + 1 end end
  t.eq(first, 1, "Nghệ An: one department ranks first")
  t.ok(bdt.rank > 1 and bdt.rank < #res.units, "Nghệ An: Ban Dân tộc ranks mid-table on its applicable maximum",
    "rank " .. tostring(bdt.rank))

  -- The view regroups the same total.
  local view_ok = true
  for _, x in ipairs(res.units) do
    if math.abs(s:get("TĐ", x.i) + s:get("ĐT", x.i) - x.total) > 1e-9 then view_ok = false end
  end
  t.ok(view_ok, "Nghệ An: self-assessment + survey = total for every department")

  -- --explain: sorted by points lost, each leaf with its owner.
  local rows = scoring.explain(res, U["Sở Y tế"].i)
  local ordered, owned = true, true
  for k = 2, #rows do
    if (rows[k].lost or -1) > (rows[k - 1].lost or -1) + 1e-9 then ordered = false end
  end
  for _, r in ipairs(rows) do if not r.owner then owned = false end end
  t.ok(ordered, "Nghệ An explain: largest loss first")
  t.ok(owned, "Nghệ An explain: every leaf has an owner")
end

t.done()
