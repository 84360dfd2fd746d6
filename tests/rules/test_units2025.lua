-- test_units2025.lua — the 2025 reorganisation (63 provinces → 34 units) and
-- the re-expression of a table for the new units (scripts/lib/units2025.lua).
-- Run by tests/cli/test_rules.sh: chiso run tests/rules/test_units2025.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local U = require "units2025"
local data = require "data"

local reg = data.units("province")
local function code(name) return (reg:resolve(name)) end

-- The mapping -------------------------------------------------------------------
local m = U.mapping()
t.eq(#m.units, 34, "34 units after the 2025 reorganisation")
local unchanged, members = 0, 0
for _, u in ipairs(m.units) do
  if u.type == "unchanged" then unchanged = unchanged + 1 end
  members = members + #u.members
end
t.eq(unchanged, 11, "11 units unchanged")
t.eq(members, 63, "every one of the 63 provinces belongs to exactly one new unit")

-- The law (Nghị quyết 202/2025/QH15), written out independently of provinces.csv:
-- each new unit and its predecessors.
local LAW = {
  { "Tuyên Quang", "Tuyên Quang", "Hà Giang" },
  { "Lào Cai", "Lào Cai", "Yên Bái" },
  { "Thái Nguyên", "Thái Nguyên", "Bắc Kạn" },
  { "Phú Thọ", "Phú Thọ", "Vĩnh Phúc", "Hòa Bình" },
  { "Bắc Ninh", "Bắc Ninh", "Bắc Giang" },
  { "Hưng Yên", "Hưng Yên", "Thái Bình" },
  { "Thành phố Hải Phòng", "Hải Phòng", "Hải Dương" },
  { "Ninh Bình", "Ninh Bình", "Hà Nam", "Nam Định" },
  { "Quảng Trị", "Quảng Trị", "Quảng Bình" },
  { "Thành phố Đà Nẵng", "Đà Nẵng", "Quảng Nam" },
  { "Quảng Ngãi", "Quảng Ngãi", "Kon Tum" },
  { "Gia Lai", "Gia Lai", "Bình Định" },
  { "Khánh Hòa", "Khánh Hòa", "Ninh Thuận" },
  { "Lâm Đồng", "Lâm Đồng", "Đắk Nông", "Bình Thuận" },
  { "Đắk Lắk", "Đắk Lắk", "Phú Yên" },
  { "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu" },
  { "Đồng Nai", "Đồng Nai", "Bình Phước" },
  { "Tây Ninh", "Tây Ninh", "Long An" },
  { "Thành phố Cần Thơ", "Cần Thơ", "Sóc Trăng", "Hậu Giang" },
  { "Vĩnh Long", "Vĩnh Long", "Bến Tre", "Trà Vinh" },
  { "Đồng Tháp", "Đồng Tháp", "Tiền Giang" },
  { "Cà Mau", "Cà Mau", "Bạc Liêu" },
  { "An Giang", "An Giang", "Kiên Giang" },
  { "Thành phố Hà Nội", "Hà Nội" }, { "Thành phố Huế", "Thừa Thiên Huế" }, { "Lai Châu", "Lai Châu" },
  { "Điện Biên", "Điện Biên" }, { "Sơn La", "Sơn La" }, { "Lạng Sơn", "Lạng Sơn" },
  { "Quảng Ninh", "Quảng Ninh" }, { "Thanh Hóa", "Thanh Hóa" }, { "Nghệ An", "Nghệ An" },
  { "Hà Tĩnh", "Hà Tĩnh" }, { "Cao Bằng", "Cao Bằng" },
}
t.eq(#LAW, 34, "the law's list has 34 units")
for _, row in ipairs(LAW) do
  local first = code(row[2])
  local u = m.of_old[first]
  local want = {}
  for k = 2, #row do want[#want + 1] = code(row[k]) end
  table.sort(want)
  local got = {}
  for _, c in ipairs(u.members) do got[#got + 1] = c end
  table.sort(got)
  t.eq(u.name, row[1], row[1] .. ": the new unit's name")
  t.eq(table.concat(got, ","), table.concat(want, ","), row[1] .. ": its predecessors")
  t.eq(u.type, #row == 2 and "unchanged" or "merged", row[1] .. ": " .. (#row == 2 and "unchanged" or "merged"))
end
t.eq(m.of_old[code("Yên Bái")].code, "15", "the new Lào Cai keeps old Yên Bái's code 15")
t.eq(U.find("Thành phố Đà Nẵng").code, "48", "a new unit found by its name")
t.eq(U.find("Quảng Nam").code, "48", "a new unit found by a predecessor's name")

-- Equal-weight arithmetic on a small synthetic table ---------------------------
local function find(rows, c)
  for _, r in ipairs(rows) do if r.code == c then return r end end
end
local V = {
  [code("Đà Nẵng")] = 88.68, [code("Quảng Nam")] = 84.60,
  [code("TP. Hồ Chí Minh")] = 90, [code("Bình Dương")] = 80, [code("Bà Rịa - Vũng Tàu")] = 70,
  [code("Cần Thơ")] = 86.15, [code("Sóc Trăng")] = 81.70, -- Hậu Giang left out: partial
  [code("Quảng Ninh")] = 92.18,
}
local rows = U.derive(V)
t.eq(#rows, 34, "derive: one row per new unit")
local dn = find(rows, "48")
t.near(dn.value, 86.64, 1e-9, "Đà Nẵng (2025) = (88.68 + 84.60) / 2 = 86.64")
t.eq(dn.basis, "derived (2025 units)", "a merged unit's value is marked derived")
t.eq(dn.published, 2, "Đà Nẵng (2025): 2 predecessors with a value")
t.ok(dn.note:find("Đà Nẵng 88.68", 1, true) and dn.note:find("Quảng Nam 84.60", 1, true),
  "the note names the predecessors with their values")
local hcm = find(rows, "79")
t.near(hcm.value, 80, 1e-9, "TP. Hồ Chí Minh (2025) = (90 + 80 + 70) / 3")
local qn = find(rows, "22")
t.near(qn.value, 92.18, 1e-9, "an unchanged unit keeps its own value")
t.eq(qn.basis, "as published (unit unchanged in 2025)", "an unchanged unit's value is its published one")

-- The partial case: a predecessor without a value leaves the value empty.
local ct = find(rows, "92")
t.eq(ct.value, nil, "Cần Thơ (2025) with Hậu Giang unpublished: no value (never the mean of a subset)")
t.eq(ct.complete, false, "Cần Thơ (2025) is partial")
t.eq(ct.published, 2, "Cần Thơ (2025): 2 of 3 predecessors")
t.ok(ct.note:find("partial: 2 of 3 predecessors have a published score", 1, true) and ct.note:find("Hậu Giang not published", 1, true),
  "the note says which predecessor is missing and how many have values")
t.ok(ct.basis:find("partial", 1, true) ~= nil, "the basis says partial")
local none = find(rows, "86")
t.eq(none.published, 0, "Vĩnh Long (2025): no predecessor published")
t.eq(none.value, nil, "Vĩnh Long (2025): no value")

-- Weights: a weighted mean, and a missing weight is an error.
local W = { [code("TP. Hồ Chí Minh")] = 1, [code("Bình Dương")] = 1, [code("Bà Rịa - Vũng Tàu")] = 2 }
local V2 = { [code("TP. Hồ Chí Minh")] = 90, [code("Bình Dương")] = 80, [code("Bà Rịa - Vũng Tàu")] = 70 }
local wrows = U.derive(V2, { weights = W, weight_name = "w" })
local qrows = U.derive({ [code("Quảng Ninh")] = 92.18 }, { weights = W, weight_name = "w" })
t.near(find(qrows, "22").value, 92.18, 1e-9, "an unchanged unit needs no weight")
t.near(find(wrows, "79").value, 77.5, 1e-9, "weights 1, 1, 2: (90 + 80 + 2 × 70) / 4 = 77.5")
t.raises(function() U.derive({ [code("Đà Nẵng")] = 88.68, [code("Quảng Nam")] = 84.6 }, { weights = W,
  weight_name = "w", weight_source = "w.csv" }) end, "w.csv: no 'w' weight for Đà Nẵng", "a missing weight is an error naming the province")

-- Ranks among the 34: only with all 34 values.
local r0, missing = U.rank(rows, 2)
t.eq(r0, nil, "no ranks while values are missing")
t.eq(missing, 34 - 3, "31 of 34 derived values missing in the small table (3 complete)")
local all = {}
for i, c in ipairs(reg:codes()) do all[c] = 50 + i end -- 51 … 113, by dataset order
local full = U.derive(all)
local ranks = U.rank(full, 2)
t.ok(ranks ~= nil, "ranks with all 63 predecessors valued")
local best, bestv
for i, r in ipairs(full) do if not bestv or r.value > bestv then best, bestv = i, r.value end end
t.eq(ranks[best], 1, "the highest derived value ranks 1")
local cm = find(full, "96") -- Cà Mau (96, the 63rd) + Bạc Liêu (95, the 62nd): (113 + 112) / 2
t.near(cm.value, 112.5, 1e-9, "Cà Mau (2025) = (112 + 113) / 2 in the synthetic table")

t.done()
