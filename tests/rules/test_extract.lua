-- test_extract.lua — `re` and the extraction rules (rules/extract/vi.lua with
-- scripts/lib/extract.lua): one sentence of our own for every phrasing the
-- rules know, one assertion per expected row; then every figure of the five
-- seed articles (read from $CHISO_SEEDS or ../shared/seeds, never copied
-- here), with precision and recall.
-- Run by tests/cli/test_rules.sh: chiso run tests/rules/test_extract.lua

package.path = "tests/rules/?.lua;" .. package.path
local t = require "tap"
local extract = require "extract"

local re = chiso.re
local FIX = "tests/fixtures/extract/"

-- ---------------------------------------------------------------------------
-- re

do
  local rx = re.compile([[xếp (?:thứ|hạng) (?<rank>\d+)/(?<of>\d+)]], "i")
  t.eq(rx:match("Tỉnh XẾP THỨ 27/63 tỉnh"), "27", "re: caseless Vietnamese, first capture")
  local m = rx:exec("Lạng Sơn xếp hạng 52/63")
  t.ok(m and m.rank == "52" and m.of == "63" and m[0] == "xếp hạng 52/63", "re: exec gives named captures")
  t.ok(m and m.start == 13 and m["end"] == 30, "re: exec gives 1-based byte positions",
    m and (m.start .. "-" .. m["end"]))
  local got = {}
  for r, o in rx:gmatch("xếp thứ 1/63; xếp hạng 2/19") do got[#got + 1] = r .. "/" .. o end
  t.eq(table.concat(got, " "), "1/63 2/19", "re: gmatch iterates captures")
  t.eq(select(1, re.compile([[\p{L}+]]):gsub("Tăng 7 bậc", "<%0>")), "<Tăng> 7 <bậc>", "re: gsub with %0 on letters")
  t.eq(select(2, re.compile("x*"):gsub("abc", "-")), 4, "re: empty matches as in Lua 5.4")
  t.eq(re.compile([[(?<d>\d+)]]):gsub("a1b22", "[%{d}]"), "a[1]b[22]", "re: gsub with %{name}")
  t.eq(re.compile("x"):find("axbx", 3), 4, "re: find from init")
  t.ok(re.compile("a") == re.compile("a"), "re: compile caches by pattern and flags")
  t.raises(function() re.compile("ab(c") end, "test_extract.lua:", "re: a compile error names the caller's line")
  t.raises(function() re.compile("ab(c") end, "invalid pattern at offset 4: missing closing parenthesis",
    "re: a compile error gives the offset and PCRE2's message")
  t.raises(function() re.compile("a", "q") end, "unknown flag 'q'", "re: unknown flag")
  t.raises(function() re.compile("(a+)+$"):test(string.rep("a", 50) .. "!") end,
    "pattern '(a+)+$' exceeded the match limit", "re: catastrophic backtracking stops at the limit")
  t.eq(re.compile([[\p{L}+]]):match("\255\254Sơn"), "Sơn", "re: invalid UTF-8 in the subject is skipped over")
  t.eq(re.escape("a.b(c)"), [[a\.b\(c\)]], "re: escape")
end

-- Rule files get `re` in the sandbox.
do
  local decl = require("extract").rules(FIX .. "rules/ok.lua")
  t.ok(decl.rank:test("xếp thứ 5/63"), "sandbox: a pattern compiled by a rule file works in the script")
  t.eq(decl.rank:info().where, FIX .. "rules/ok.lua:3", "sandbox: the pattern keeps its rule file line")
  t.eq(decl.twice(21), 42, "sandbox: a rule function is callable")
  t.eq(decl.rank_of("đứng thứ 12/63"), 12, "sandbox: a rule function can match with re")
  t.raises(function() require("extract").rules(FIX .. "rules/bad_pattern.lua") end,
    FIX .. "rules/bad_pattern.lua:4: invalid pattern at offset 4: missing closing parenthesis",
    "sandbox: a bad pattern stops at its rule line")
  local d2 = require("extract").rules(FIX .. "rules/backtrack.lua")
  t.raises(function() d2.hang() end, "exceeded the match limit", "sandbox: a backtracking rule function is stopped")
  t.raises(function() require("extract").rules(FIX .. "rules/many_patterns.lua", { memory_mib = 8 }) end,
    "memory limit (8 MiB) exceeded", "sandbox: compiled patterns count toward the memory cap")
  t.raises(function() require("extract").rules(FIX .. "rules/not_table.lua") end,
    "must return a table", "sandbox: the rule file must return a table")
  t.raises(function() extract.load(FIX .. "rules/misspelt.lua") end, "unknown key 'sett' (did you mean 'set'?)",
    "loader: a misspelt key is named, with a suggestion")
end

-- ---------------------------------------------------------------------------
-- Sentences of our own, one per phrasing

local ex = extract.load()

-- Does an actual row match an expected one?  Every field of the expected row
-- must be equal (value within half a unit of its last decimal); fields the
-- expected row leaves out are not checked, except the figures, which must be
-- absent when not expected.
local FIGURES = { "value", "rank", "rank_change", "value_change" }
local function matches(row, want)
  for k, v in pairs(want) do
    local got = row[k]
    if k == "value" or k == "max" or k == "value_change" then
      if type(got) ~= "number" or math.abs(got - v) > 1e-6 then return false end
    elseif k == "component_prefix" then
      if type(row.component) ~= "string" or row.component:sub(1, #v) ~= v then return false end
    elseif k == "note_has" then
      if type(row.note) ~= "string" or not row.note:find(v, 1, true) then return false end
    elseif got ~= v then
      return false
    end
  end
  for _, k in ipairs(FIGURES) do
    if want[k] == nil and row[k] ~= nil then return false end
  end
  if want.component == nil and want.component_prefix == nil and row.component ~= nil then return false end
  return true
end

local function describe(w)
  local parts = { w.entity, w.index }
  if w.component or w.component_prefix then parts[#parts + 1] = w.component or (w.component_prefix .. "…") end
  parts[#parts + 1] = tostring(w.year)
  if w.value then parts[#parts + 1] = "value " .. extract.fmt_num(w.value) .. (w.unit == "percent" and "%" or "") end
  if w.max then parts[#parts + 1] = "/" .. extract.fmt_num(w.max) end
  if w.rank then parts[#parts + 1] = "rank " .. tostring(w.rank) .. (w.rank_of and ("/" .. w.rank_of) or "") end
  if w.rank_change then parts[#parts + 1] = string.format("change %+d", w.rank_change) end
  if w.value_change then parts[#parts + 1] = "value change " .. extract.fmt_num(w.value_change) end
  return table.concat(parts, " ")
end

local function dump(rows)
  local out = {}
  for _, r in ipairs(rows) do out[#out + 1] = describe(r) end
  return #out > 0 and table.concat(out, " | ") or "no rows"
end

local function case(name, text, want, opts)
  local rows = ex:text(text, "sentence", opts)
  if #want == 0 then
    t.ok(#rows == 0, name .. ": no row", dump(rows))
    return
  end
  local used = {}
  for _, w in ipairs(want) do
    local found
    for i, r in ipairs(rows) do
      if not used[i] and matches(r, w) then found = i break end
    end
    if found then used[found] = true end
    t.ok(found ~= nil, name .. ": " .. describe(w), "got " .. dump(rows))
  end
  local extra = {}
  for i, r in ipairs(rows) do if not used[i] then extra[#extra + 1] = r end end
  t.ok(#extra == 0, name .. ": nothing else", "extra: " .. dump(extra))
end

local P, S = "PAR_INDEX", "SIPAS"

-- Numbers
case("decimal comma", "Chỉ số SIPAS năm 2022 của tỉnh Hòa Bình đạt 84,36%.",
  { { entity = "Hòa Bình", index = S, year = 2022, value = 84.36, unit = "percent" } })
case("decimal dot beside points", "Chỉ số PAPI năm 2022 của tỉnh Yên Bái đạt 43.83 điểm.",
  { { entity = "Yên Bái", index = "PAPI", year = 2022, value = 43.83, unit = "points" } })
case("a count with a thousands dot is not a figure",
  "Cuộc điều tra SIPAS năm 2022 tại Trà Vinh đã lấy ý kiến của 15.833 người.", {})
case("an ambiguous dot number says so in a note", "Chỉ số PAPI năm 2021 của Hà Tĩnh là 41.250.",
  { { entity = "Hà Tĩnh", index = "PAPI", year = 2021, value = 41.25, note_has = "ambiguous" } })
case("value with a maximum", "Năm 2019, Chỉ số CCHC của tỉnh Điện Biên đạt được 78,12/100 điểm.",
  { { entity = "Điện Biên", index = P, year = 2019, value = 78.12, max = 100, unit = "points" } })
case("value in brackets", "Chỉ số hài lòng năm 2020 của Bình Phước đạt (82,05/100%).",
  { { entity = "Bình Phước", index = S, year = 2020, value = 82.05, max = 100, unit = "percent" } })
case("a lower bound", "Chỉ số PAR INDEX năm 2022 của Gia Lai đạt hơn 84%.",
  { { entity = "Gia Lai", index = P, year = 2022, value = 84, bound = "lower", note_has = "hơn 84%" } })
case("a target not met is not a figure", "Về Chỉ số CCHC năm 2022, tỉnh Sơn La vẫn chưa đạt 100% ở nhiều tiêu chí.", {})
case("a rate of something else is not a figure",
  "Theo Chỉ số CCHC năm 2022 của Lào Cai, tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.", {})

-- Ranks
case("xếp thứ N/M", "Năm 2022, Chỉ số CCHC của tỉnh Hà Giang xếp thứ 8/63.",
  { { entity = "Hà Giang", index = P, year = 2022, rank = 8, rank_of = 63, rank_basis = "explicit" } })
case("xếp hạng N/M", "Chỉ số SIPAS năm 2022 của tỉnh Kon Tum xếp hạng 24/63 tỉnh, thành phố.",
  { { entity = "Kon Tum", index = S, year = 2022, rank = 24, rank_of = 63 } })
case("xếp thứ hạng N/M", "Chỉ số CCHC năm 2016 của Tây Ninh xếp thứ hạng 9/63.",
  { { entity = "Tây Ninh", index = P, year = 2016, rank = 9, rank_of = 63 } })
case("xếp N/M", "Chỉ số PAR INDEX năm 2020 của tỉnh Ninh Bình xếp 17/63 tỉnh, thành phố.",
  { { entity = "Ninh Bình", index = P, year = 2020, rank = 17, rank_of = 63 } })
case("thứ N trong M", "Về Chỉ số PAPI năm 2020, tỉnh Bình Định đứng thứ 12 trong 63 tỉnh, thành phố.",
  { { entity = "Bình Định", index = "PAPI", year = 2020, rank = 12, rank_of = 63 } })
case("vị trí số N", "Chỉ số PCI năm 2021 của Sóc Trăng ở vị trí số 44.",
  { { entity = "Sóc Trăng", index = "PCI", year = 2021, rank = 44 } })
case("đứng thứ N", "Chỉ số CCHC năm 2015 của Phú Thọ đứng thứ 21.",
  { { entity = "Phú Thọ", index = P, year = 2015, rank = 21 } })
case("ordinals in words", "Theo Chỉ số CCHC năm 2019, Đà Nẵng xếp thứ hai, Hải Phòng xếp thứ ba.",
  { { entity = "Đà Nẵng", index = P, year = 2019, rank = 2 }, { entity = "Hải Phòng", index = P, year = 2019, rank = 3 } })
case("ordinal counted from the bottom", "Chỉ số SIPAS năm 2021 của Bến Tre đứng thứ hai từ dưới lên.",
  { { entity = "Bến Tre", index = S, year = 2021, rank = 62, rank_of = 63, rank_basis = "from_bottom" } })
case("dẫn đầu", "Quảng Ninh tiếp tục dẫn đầu Chỉ số CCHC năm 2020 với 91,04%.",
  { { entity = "Quảng Ninh", index = P, year = 2020, rank = 1, value = 91.04, unit = "percent" } })
case("đứng đầu, a ministry", "Bộ Tư pháp đứng đầu Chỉ số CCHC các bộ năm 2021 với 91,90 điểm.",
  { { entity = "Bộ Tư pháp", kind = "ministry", code = "MOJ", index = P, year = 2021, rank = 1, value = 91.9 } })
case("đứng đầu ... là X", "Đứng đầu bảng xếp hạng Chỉ số SIPAS năm 2019 là Quảng Ninh.",
  { { entity = "Quảng Ninh", index = S, year = 2019, rank = 1 } })
case("quán quân and á quân", "Chỉ số PCI năm 2017: Quảng Ninh là quán quân, Đồng Tháp là á quân.",
  { { entity = "Quảng Ninh", index = "PCI", year = 2017, rank = 1 }, { entity = "Đồng Tháp", index = "PCI", year = 2017, rank = 2 } })
case("đứng cuối", "Chỉ số SIPAS năm 2023 của Bắc Kạn đứng cuối bảng xếp hạng.",
  { { entity = "Bắc Kạn", index = S, year = 2023, rank = 63, rank_of = 63, rank_basis = "from_bottom" } })
case("đứng cuối, a ministry with an unknown count", "Chỉ số CCHC năm 2024 của Bộ Y tế đứng cuối.",
  { { entity = "Bộ Y tế", index = P, year = 2024, rank = "last", rank_basis = "from_bottom_text" } })
case("an earlier year in brackets",
  "Chỉ số CCHC năm 2023 của Lâm Đồng xếp hạng 18/63 (năm 2022 xếp hạng 25/63).",
  { { entity = "Lâm Đồng", index = P, year = 2023, rank = 18, rank_of = 63 },
    { entity = "Lâm Đồng", index = P, year = 2022, rank = 25, rank_of = 63 } })
case("the head of an agency is not a rank", "Về Chỉ số CCHC năm 2022, người đứng đầu các sở ở Sơn La phải giải trình.", {})
case("a meeting's number is not a rank", "Phiên họp thứ 4 bàn về Chỉ số SIPAS năm 2022 của Yên Bái.", {})
case("several indices, respectively", "Chỉ số PAR INDEX và SIPAS năm 2023 của tỉnh Phú Yên lần lượt đạt 85,1% và 79,2%.",
  { { entity = "Phú Yên", index = P, year = 2023, value = 85.1 }, { entity = "Phú Yên", index = S, year = 2023, value = 79.2 } })
case("several indices, ranks respectively", "Năm 2023, Chỉ số CCHC và SIPAS của Vĩnh Long lần lượt xếp thứ 30 và thứ 20.",
  { { entity = "Vĩnh Long", index = P, year = 2023, rank = 30 }, { entity = "Vĩnh Long", index = S, year = 2023, rank = 20 } })

-- Rank changes
case("tăng N bậc", "Chỉ số CCHC năm 2022 của Hà Giang tăng 5 bậc so với năm 2021.",
  { { entity = "Hà Giang", index = P, year = 2022, rank_change = 5, compared_to = 2021 } })
case("giảm N hạng", "Chỉ số PAR INDEX năm 2023 của Kiên Giang giảm 14 hạng.",
  { { entity = "Kiên Giang", index = P, year = 2023, rank_change = -14 } })
case("từ A lên B", "Chỉ số CCHC năm 2019 của Hậu Giang tăng từ 51 lên 31.",
  { { entity = "Hậu Giang", index = P, year = 2019, rank = 31, rank_change = 20 } })
case("từ vị trí A xuống B", "Chỉ số SIPAS năm 2020 của Quảng Ngãi tụt từ vị trí 12 xuống vị trí 30.",
  { { entity = "Quảng Ngãi", index = S, year = 2020, rank = 30, rank_change = -18 } })
case("giữ nguyên", "Chỉ số SIPAS năm 2020 của Hưng Yên giữ nguyên vị trí so với năm 2019.",
  { { entity = "Hưng Yên", index = S, year = 2020, rank_change = 0, compared_to = 2019 } })
case("so với năm trước", "Chỉ số CCHC năm 2021 của Cao Bằng tăng 3 bậc so với năm trước.",
  { { entity = "Cao Bằng", index = P, year = 2021, rank_change = 3, compared_to = 2020 } })
case("a value change before its index", "Thái Nguyên tăng 1,5% Chỉ số hài lòng về sự phục vụ hành chính năm 2022.",
  { { entity = "Thái Nguyên", index = S, year = 2022, value_change = 1.5 } })

-- Years
case("the year measured, not published",
  "Chỉ số CCHC năm 2017 của Nghệ An được công bố vào tháng 5/2018, đạt 78,55%.",
  { { entity = "Nghệ An", index = P, year = 2017, value = 78.55 } })
case("a year list", "Năm 2017, 2018 Chỉ số CCHC của tỉnh Bình Thuận xếp thứ 40/63.",
  { { entity = "Bình Thuận", index = P, year = 2017, rank = 40 }, { entity = "Bình Thuận", index = P, year = 2018, rank = 40 } })
case("year in the index name", "Kết quả PAR INDEX 2021: Hải Dương xếp thứ 14/63.",
  { { entity = "Hải Dương", index = P, year = 2021, rank = 14 } })
case("a date is not the year measured", "Ngày 5 tháng 4 năm 2024, Chỉ số CCHC của Long An xếp thứ 8/63.",
  { { entity = "Long An", index = P, rank = 8, note_has = "year not named" } })
case("no year: --year", "Chỉ số CCHC của tỉnh Thái Bình xếp thứ 15/63.",
  { { entity = "Thái Bình", index = P, year = 2022, rank = 15, note_has = "--year" } }, { year = 2022 })
case("no year: the publication year", "Chỉ số CCHC của tỉnh Thái Bình xếp thứ 15/63.",
  { { entity = "Thái Bình", index = P, year = 2023, rank = 15, note_has = "publication" } }, { publication_year = 2024 })
case("no year: a posting date in the text", "Ngày đăng: 20/04/2024\nChỉ số CCHC của tỉnh Hà Nam xếp thứ 33/63.",
  { { entity = "Hà Nam", index = P, year = 2023, rank = 33 } })
case("no year at all", "Chỉ số CCHC của tỉnh Thái Bình xếp thứ 15/63.",
  { { entity = "Thái Bình", index = P, rank = 15, note_has = "year not named" } })
case("the year carries to the next sentence",
  "Kết quả Chỉ số CCHC năm 2022 của Nam Định đã được công bố. Trong đó, Chỉ số CCHC của tỉnh xếp thứ 11/63.",
  { { entity = "Nam Định", index = P, year = 2022, rank = 11 } })

-- Units, indices, averages
case("several units in one sentence",
  "Về Chỉ số PAR INDEX năm 2023, Quảng Trị đạt 84,1 điểm, xếp thứ 40/63; Quảng Bình đạt 85,2 điểm, xếp thứ 35/63.",
  { { entity = "Quảng Trị", index = P, year = 2023, value = 84.1, rank = 40, rank_of = 63 },
    { entity = "Quảng Bình", index = P, year = 2023, value = 85.2, rank = 35, rank_of = 63 } })
case("values in brackets after names",
  "Dẫn đầu bảng xếp hạng Chỉ số CCHC năm 2021 là Hải Phòng (91,87%), tiếp theo là Quảng Ninh (91,81%).",
  { { entity = "Hải Phòng", index = P, year = 2021, rank = 1, value = 91.87 },
    { entity = "Quảng Ninh", index = P, year = 2021, value = 91.81 } })
case("several indices in one text",
  "Chỉ số PCI năm 2022 của Long An đạt 68,4 điểm. Chỉ số PAPI năm 2022 của tỉnh đạt 42,1 điểm, xếp thứ 20/63.",
  { { entity = "Long An", index = "PCI", year = 2022, value = 68.4 },
    { entity = "Long An", index = "PAPI", year = 2022, value = 42.1, rank = 20, rank_of = 63 } })
case("a component", "Chỉ số thành phần cải cách tài chính công năm 2022 của Quảng Nam xếp hạng 5/63, tăng 3 hạng.",
  { { entity = "Quảng Nam", index = P, component = "area_public_finance", year = 2022, rank = 5, rank_change = 3 } })
case("a component named after the value",
  "Về Chỉ số CCHC năm 2020, tỉnh Vĩnh Phúc đạt 8,75 điểm về cải cách thủ tục hành chính.",
  { { entity = "Vĩnh Phúc", index = P, component = "area_admin_procedures", year = 2020, value = 8.75 } })
case("a SIPAS element", "Chỉ số SIPAS năm 2022 của Đắk Lắk: Chỉ số hài lòng về tiếp cận dịch vụ đạt 88,2%.",
  { { entity = "Đắk Lắk", index = S, component = "sipas_access", year = 2022, value = 88.2 } })
case("SIPAS in points is the SIPAS part of the PAR INDEX",
  "Năm 2019, Chỉ số SIPAS của tỉnh Lai Châu được 8,5/10 điểm.",
  { { entity = "Lai Châu", index = P, component = "impact_sipas_pts", year = 2019, value = 8.5, max = 10 } })
case("a national average is not a unit's figure", "Điểm trung bình Chỉ số CCHC năm 2023 của cả nước là 85,06%.", {})
case("a region is not a unit", "Vùng Đồng bằng sông Cửu Long có Chỉ số SIPAS năm 2022 đạt 80,5%.", {})
case("a unit beside an average",
  "Chỉ số CCHC năm 2022 của An Giang đạt 85,2%, trong khi điểm trung bình cả nước là 84,79%.",
  { { entity = "An Giang", index = P, year = 2022, value = 85.2 } })
case("the unit of the earlier sentence, an average after the figure",
  "Chỉ số SIPAS năm 2022 của tỉnh Bạc Liêu đạt 85,2%. Năm 2023, tỉnh đạt 86,1%, cao hơn mức trung bình cả nước.",
  { { entity = "Bạc Liêu", index = S, year = 2022, value = 85.2 }, { entity = "Bạc Liêu", index = S, year = 2023, value = 86.1 } })
case("a province's department is not a ministry",
  "Chỉ số CCHC năm 2017 của Hòa Bình xếp thứ 30/63; lĩnh vực cải cách tổ chức bộ máy do Sở Nội vụ tham mưu đạt 9,5 điểm.",
  { { entity = "Hòa Bình", index = P, year = 2017, rank = 30, rank_of = 63 },
    { entity = "Hòa Bình", index = P, component = "area_apparatus", year = 2017, value = 9.5 } })
case("the ministry announcing is not the unit",
  "Bộ Nội vụ công bố Chỉ số CCHC năm 2018: Đồng Tháp xếp thứ 3/63.",
  { { entity = "Đồng Tháp", index = P, year = 2018, rank = 3 } })
case("another index is left out", "Chỉ số DDCI năm 2022 của Sở Tài chính Lạng Sơn đạt 85,5 điểm.", {})
case("an index needs naming in its paragraph", "Năm 2022, tỉnh Hà Giang đạt 84,5 điểm, xếp thứ 40/63.", {})
case("a list goes on in the next sentences of its paragraph",
  "Quảng Ninh dẫn đầu Chỉ số CCHC năm 2023 với 92,18 điểm. Hải Phòng đứng thứ hai với 91,87 điểm. Hà Nội xếp thứ ba.",
  { { entity = "Quảng Ninh", index = P, year = 2023, value = 92.18, rank = 1 },
    { entity = "Hải Phòng", index = P, year = 2023, value = 91.87, rank = 2 },
    { entity = "Hà Nội", index = P, year = 2023, rank = 3 } })
case("an index does not carry to the next paragraph",
  "Chỉ số CCHC năm 2023 của Hà Giang xếp thứ 40/63.\nHà Giang đạt 84,5 điểm.",
  { { entity = "Hà Giang", index = P, year = 2023, rank = 40, rank_of = 63 } })
case("a rate in a sentence about an index is not a figure",
  "Theo Chỉ số CCHC năm 2022, tỷ lệ hồ sơ trực tuyến của Lào Cai đạt 60%. Tỉnh xếp thứ 7/63.",
  { { entity = "Lào Cai", index = P, year = 2022, rank = 7, rank_of = 63 } })
case("aliases and prefixes of unit names", "Chỉ số CCHC năm 2023 của TP. Hồ Chí Minh đạt 86,97%. TP.HCM xếp thứ 33/63 về Chỉ số CCHC năm 2023.",
  { { entity = "TP. Hồ Chí Minh", code = "79", index = P, year = 2023, value = 86.97, rank = 33, rank_of = 63 } })
case("headline and body agree: one row",
  "Yên Bái tăng 6 bậc Chỉ số CCHC năm 2022\nChỉ số CCHC năm 2022 của Yên Bái xếp thứ 20/63, tăng 6 bậc.",
  { { entity = "Yên Bái", index = P, year = 2022, rank = 20, rank_change = 6 } })
case("two statements disagree: both kept, marked",
  "Chỉ số SIPAS năm 2021 của Sơn La đạt 90,13%.\nChỉ số SIPAS năm 2021 của Sơn La đạt 90,30%.",
  { { entity = "Sơn La", index = S, year = 2021, value = 90.13, note_has = "CONFLICT" },
    { entity = "Sơn La", index = S, year = 2021, value = 90.30, note_has = "CONFLICT" } })
case("precision differs, the same value", "Điểm SIPAS trong Chỉ số CCHC năm 2018 của Bắc Giang đạt 9,6697/12 điểm. "
  .. "Chỉ số CCHC năm 2018 của Bắc Giang có điểm SIPAS đạt 9,67/12 điểm.",
  { { entity = "Bắc Giang", index = P, component = "impact_sipas_pts", year = 2018, value = 9.6697, max = 12 } })

-- Limits reach the text's line.
t.raises(function()
  local hang = extract.load(FIX .. "rules/hang_figure.lua")
  hang:text("dòng một\nChỉ số CCHC năm 2020: " .. string.rep("a", 40) .. "!", "limit.txt")
end, "limit.txt:2: pattern 'figure.hang' exceeded the match limit", "a pattern hitting the limit names the text line")

-- ---------------------------------------------------------------------------
-- The seed articles: every figure, transcribed by hand

local SEEDS = {
  ["000"] = {
    { entity = "Lạng Sơn", index = P, year = 2017, rank = 27, rank_of = 63, rank_change = 27, compared_to = 2016 },
    { entity = "Lạng Sơn", index = P, year = 2016, rank = 52, rank_of = 63 },
    { entity = "Lạng Sơn", index = P, component = "area_leadership", year = 2017, rank = 7, rank_of = 63 },
    { entity = "Lạng Sơn", index = P, component = "area_civil_service", year = 2017, rank = 20, rank_of = 63 },
    { entity = "Lạng Sơn", index = P, component = "area_apparatus", year = 2017, rank = 27, rank_of = 63 },
    { entity = "Lạng Sơn", index = S, year = 2017, value = 87.57, unit = "percent", rank = 11, rank_of = 63 },
  },
  ["001"] = {
    { entity = "Bắc Kạn", index = P, year = 2018, value = 74.62, max = 100, unit = "points", rank = 49, rank_of = 63 },
    { entity = "Bắc Kạn", index = P, year = 2017, value = 73.92, max = 100, rank = 49 },
    { entity = "Bắc Kạn", index = P, component = "appraisal_pts", year = 2018, value = 47.4299, max = 64.5 },
    { entity = "Bắc Kạn", index = P, component = "impact_sipas_pts", year = 2018, value = 9.6697, max = 12 },
    { entity = "Bắc Kạn", index = P, component = "impact_leaders_survey_pts", year = 2018, value = 17.51922, max = 23.5 },
    { entity = "Bắc Kạn", index = S, year = 2018, value = 79.87, max = 100, unit = "percent", rank = 42, rank_of = 63 },
    { entity = "Bắc Kạn", index = S, component_prefix = "Thành phần hồ sơ", year = 2018, value = 90.40 },
    { entity = "Bắc Kạn", index = S, component_prefix = "Trang thiết bị", year = 2018, value = 62.21 },
  },
  ["002"] = {
    { entity = "Lai Châu", index = P, year = 2021, value = 86.69, rank = 31, rank_of = 63, rank_change = 7, compared_to = 2020 },
    { entity = "Lai Châu", index = S, year = 2021, value = 86.81, unit = "percent", value_change = 2.47 },
    { entity = "Lai Châu", index = S, year = 2021, value = 86.81, value_change = 2.67 },
    { entity = "Lai Châu", index = P, component = "area_institutions_legal_docs", year = 2021, rank = 24, rank_of = 63, rank_change = 5 },
    { entity = "Lai Châu", index = P, component = "area_public_finance", year = 2021, rank = 12, rank_of = 63, rank_change = 4 },
    { entity = "Lai Châu", index = P, component = "area_apparatus", year = 2021, rank = 21, rank_of = 63, rank_change = 29 },
    { entity = "Lai Châu", index = P, component = "area_civil_service", year = 2021, rank = 58, rank_of = 63, rank_change = 1 },
    { entity = "Lai Châu", index = P, component = "area_modernisation_egov", year = 2021, rank = 27, rank_of = 63, rank_change = 27 },
    { entity = "Lai Châu", index = P, component = "area_admin_procedures", year = 2021, rank = 34, rank_of = 63, rank_change = 0 },
    { entity = "Lai Châu", index = P, component = "area_leadership", year = 2021, rank = 46, rank_of = 63, rank_change = -14 },
    { entity = "Lai Châu", index = P, component = "area_impact", year = 2021, rank = 53, rank_of = 63, rank_change = -49 },
    { entity = "Lai Châu", index = S, component = "sipas_access", year = 2021, value = 90.50, rank = 13, rank_of = 63 },
    { entity = "Lai Châu", index = S, component = "sipas_procedures", year = 2021, value = 89.66, rank = 21, rank_of = 63 },
    { entity = "Lai Châu", index = S, component = "sipas_civil_servants", year = 2021, value = 88.13, rank = 32, rank_of = 63 },
    { entity = "Lai Châu", index = S, component = "sipas_results", year = 2021, value = 89.98, rank = 27, rank_of = 63 },
    { entity = "Lai Châu", index = S, component = "sipas_feedback", year = 2021, value = 75.79, rank = 50, rank_of = 63 },
  },
  ["003"] = {
    { entity = "Lạng Sơn", index = P, year = 2023, value = 85, bound = "lower", rank = 47, rank_of = 63, rank_change = 7, compared_to = 2022 },
    { entity = "Lạng Sơn", index = S, year = 2023, value = 79, bound = "lower", rank = 55, rank_of = 63, rank_change = 4, compared_to = 2022 },
    { entity = "Lạng Sơn", index = P, component = "area_leadership", year = 2023, rank_change = -33 },
    { entity = "Lạng Sơn", index = P, component = "area_institutions_legal_docs", year = 2023, rank_change = -20 },
    { entity = "Lạng Sơn", index = P, component = "area_public_finance", year = 2023, rank_change = -18 },
  },
  ["004"] = {
    { entity = "Tuyên Quang", index = P, year = 2017, rank = 22, rank_of = 63 },
    { entity = "Tuyên Quang", index = P, year = 2018, rank = 22, rank_of = 63 },
    { entity = "Tuyên Quang", index = P, year = 2019, rank = 16, rank_of = 63 },
    { entity = "Tuyên Quang", index = S, year = 2019, value = 85, bound = "lower", rank = 22, rank_of = 63, rank_change = 27,
      compared_to = 2017, value_change = 11 },
  },
}

local dir = os.getenv("CHISO_SEEDS") or "../shared/seeds"
local files = {}
for _, f in ipairs(chiso.listdir(dir) or {}) do
  local id = f:match("^(%d%d%d)_.*%.txt$")
  if id and SEEDS[id] then files[id] = dir .. "/" .. f end
end
local ids = {}
for id in pairs(SEEDS) do ids[#ids + 1] = id end
table.sort(ids)
local complete = true
for _, id in ipairs(ids) do if not files[id] then complete = false end end
if not complete then
  t.ok(true, "# SKIP seed articles not available")
else
  local expected, found, extracted, correct = 0, 0, 0, 0
  for _, id in ipairs(ids) do
    local rows = ex:files({ files[id] })
    local used = {}
    for _, w in ipairs(SEEDS[id]) do
      expected = expected + 1
      local hit
      for i, r in ipairs(rows) do
        if not used[i] and matches(r, w) then hit = i break end
      end
      if hit then used[hit] = true; found = found + 1 end
      t.ok(hit ~= nil, "seed " .. id .. ": " .. describe(w), "got " .. dump(rows))
    end
    for i, r in ipairs(rows) do
      extracted = extracted + 1
      if used[i] then correct = correct + 1 else print("# seed " .. id .. ": unexpected row: " .. describe(r)) end
    end
  end
  local precision, recall = correct / math.max(extracted, 1), found / math.max(expected, 1)
  print(string.format("# seeds: %d rows expected, %d extracted, %d correct: precision %.3f, recall %.3f",
    expected, extracted, correct, precision, recall))
  t.ok(precision >= 0.95 and recall >= 0.95, string.format("seeds: precision %.3f and recall %.3f at least 0.95",
    precision, recall))
end

t.done()
