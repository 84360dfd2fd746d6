-- report/i18n.lua — the words and numbers of the province profile, in
-- Vietnamese (the default, with diacritics, decimal comma) and English.
--
--   local i18n = require "report.i18n"
--   local L = i18n.new("vi")
--   L:t("rank_of", 3, 63)        --> "hạng 3/63"
--   L:num(92.18, 2)              --> "92,18"     (en: "92.18")
--   L:signed(-1.5, 2)            --> "−1,50"
--
-- Every label is one entry of STRINGS with both languages side by side, so a
-- missing translation shows in review and fails the test that renders both.

local i18n = {}

local STRINGS = {
  -- page
  lang_attr = { vi = "vi", en = "en" },
  profile_title = { vi = "Hồ sơ %s — %s %d", en = "%s — %s %d profile" },
  index_title = { vi = "%s %d — bảng xếp hạng và hồ sơ các tỉnh, thành phố", en = "%s %d — ranking and province profiles" },
  index_title_ministries = { vi = "%s %d — bảng xếp hạng và hồ sơ các bộ, ngành", en = "%s %d — ranking and ministry profiles" },
  generated = { vi = "Tạo bởi chiso %s từ dữ liệu công bố trong datasets/published; không có số liệu nào được điền thêm.",
                en = "Made by chiso %s from the published data in datasets/published; no figure was filled in." },
  back_to_index = { vi = "← Bảng xếp hạng", en = "← Ranking" },
  region = { vi = "Vùng", en = "Region" },
  -- headline
  headline = { vi = "Kết quả năm %d", en = "Results for %d" },
  score = { vi = "Điểm", en = "Score" },
  rank = { vi = "Xếp hạng", en = "Rank" },
  rank_of = { vi = "%s/%s", en = "%s of %s" },
  change = { vi = "So với năm %d", en = "Against %d" },
  group = { vi = "Nhóm", en = "Group" },
  national_average = { vi = "Trung bình cả nước", en = "National average" },
  not_published = { vi = "chưa công bố", en = "not published" },
  no_figure = { vi = "không có số liệu công bố", en = "no published figure" },
  points_up = { vi = "tăng %s điểm", en = "up %s points" },
  points_down = { vi = "giảm %s điểm", en = "down %s points" },
  points_same = { vi = "không đổi", en = "unchanged" },
  places_up = { vi = "tăng %d bậc", en = "up %d places" },
  places_down = { vi = "giảm %d bậc", en = "down %d places" },
  places_same = { vi = "giữ nguyên hạng", en = "same rank" },
  place_up = { vi = "tăng 1 bậc", en = "up 1 place" },
  place_down = { vi = "giảm 1 bậc", en = "down 1 place" },
  no_previous = { vi = "không có số liệu năm %d để so sánh", en = "no %d figure to compare with" },
  rank_interval = { vi = "hạng %s–%s (suy từ điểm)", en = "rank %s–%s (from the score)" },
  rank_basis = { vi = "Cơ sở xếp hạng", en = "Rank basis" },
  basis_explicit = { vi = "nguồn nêu rõ", en = "stated" },
  basis_listing_order = { vi = "theo thứ tự liệt kê", en = "listing order" },
  basis_from_bottom = { vi = "đếm từ cuối bảng", en = "counted from the bottom" },
  basis_from_bottom_text = { vi = "đếm từ cuối bảng", en = "counted from the bottom" },
  basis_group_only = { vi = "chỉ biết thuộc nhóm", en = "group only" },
  basis_explicit_year_ambiguous = { vi = "nêu rõ, năm chưa chắc chắn", en = "stated, year ambiguous" },
  basis_conflict_unresolved = { vi = "các nguồn mâu thuẫn", en = "sources conflict" },
  group_from = { vi = "theo ngưỡng nhóm của %s", en = "by the group bands of %s" },
  -- area profile
  areas = { vi = "Điểm theo lĩnh vực và thành phần", en = "Areas and components" },
  areas_intro = { vi = "Mỗi thanh là tỷ lệ điểm đạt được so với điểm tối đa; vạch đứng là trung vị của các tỉnh có số liệu công bố cùng năm.",
                  en = "Each bar is the share of the maximum achieved; the vertical mark is the median of the provinces with published figures that year." },
  by_area = { vi = "Theo lĩnh vực", en = "By area" },
  by_part = { vi = "Theo thành phần điểm", en = "By component" },
  col_item = { vi = "Nội dung", en = "Item" },
  col_points = { vi = "Điểm", en = "Points" },
  col_max = { vi = "Tối đa", en = "Maximum" },
  col_pct = { vi = "% tối đa", en = "% of max" },
  col_median = { vi = "Trung vị (số tỉnh)", en = "Median (provinces)" },
  col_rank = { vi = "Hạng", en = "Rank" },
  col_source = { vi = "Nguồn", en = "Source" },
  max_not_public = { vi = "điểm tối đa chưa công bố", en = "maximum not public" },
  median_of = { vi = "%s (%d tỉnh)", en = "%s (%d provinces)" },
  too_few = { vi = "ít hơn 3 tỉnh có số liệu", en = "fewer than 3 provinces published" },
  no_areas = { vi = "Không có số liệu công bố về lĩnh vực hoặc thành phần điểm của %s năm %d.",
               en = "No area or component figures of %s for %d are published." },
  no_rules = { vi = "Chưa có tệp phương pháp %s cho năm %d.", en = "No methodology file %s for %d." },
  -- history
  history = { vi = "Lịch sử xếp hạng", en = "Rank history" },
  history_intro = { vi = "Các năm không có số liệu để trống, không nối qua; thanh đứng là khoảng hạng suy từ điểm khi hạng chưa công bố.",
                    en = "Years without data are left as gaps, not bridged; a vertical bar is the rank range a score implies where the rank is not published." },
  col_year = { vi = "Năm", en = "Year" },
  col_score = { vi = "Điểm", en = "Score" },
  col_basis = { vi = "Cơ sở", en = "Basis" },
  chart_rank_axis = { vi = "hạng", en = "rank" },
  -- points lost
  lost = { vi = "Điểm bị mất", en = "Points lost" },
  lost_intro = { vi = "Điểm tối đa trừ điểm đạt được, lớn nhất trước.", en = "Maximum less points achieved, largest first." },
  lost_by_owner = { vi = "Theo cơ quan chủ trì (%s)", en = "By owner agency (%s)" },
  col_lost = { vi = "Điểm mất", en = "Lost" },
  col_owner = { vi = "Cơ quan chủ trì", en = "Owner" },
  no_owner = { vi = "(chưa giao)", en = "(unassigned)" },
  no_lost = { vi = "Không tính được điểm bị mất: cần cả điểm đạt được và điểm tối đa.",
              en = "Points lost cannot be computed: both the points and the maximum are needed." },
  owners_none = { vi = "Không có văn bản chỉ đạo nào giao cơ quan chủ trì cho đơn vị này.",
                  en = "No directive names owner agencies for this unit." },
  -- scenario and target
  scenario = { vi = "Kịch bản", en = "Scenario" },
  projection = { vi = "Phân bố hạng dự báo năm %d", en = "Projected rank distribution, %d" },
  projection_intro = { vi = "%s lần mô phỏng; trung vị hạng %s, khoảng 5–95%%: %s–%s.",
                       en = "%s draws; median rank %s, 5–95%% band %s–%s." },
  scenario_result = { vi = "Kết quả kịch bản năm %d", en = "Scenario result for %d" },
  target = { vi = "Kế hoạch đạt mục tiêu", en = "Target plan" },
  target_goal = { vi = "Mục tiêu: %s", en = "Target: %s" },
  target_rank = { vi = "hạng %d", en = "rank %d" },
  target_score = { vi = "%s điểm", en = "a score of %s" },
  target_group = { vi = "nhóm %s", en = "group %s" },
  target_need = { vi = "Cần thêm %s điểm", en = "%s more points needed" },
  target_feasible = { vi = "Khả thi", en = "Feasible" },
  target_infeasible = { vi = "Không đạt được dù mọi nội dung đạt tối đa", en = "Out of reach even with every item at its maximum" },
  col_gain = { vi = "Điểm tăng", en = "Gain" },
  col_from = { vi = "Hiện tại", en = "Now" },
  col_to = { vi = "Cần đạt", en = "To" },
  -- marks and sources
  marks = { vi = "Ký hiệu", en = "Marks" },
  mark_derived = { vi = "suy ra", en = "derived" },
  mark_synthetic = { vi = "tổng hợp", en = "synthetic" },
  mark_imputed = { vi = "ước tính", en = "imputed" },
  mark_unverified = { vi = "chưa kiểm chứng", en = "unverified" },
  mark_illustrative = { vi = "minh họa", en = "illustrative" },
  mark_projected = { vi = "dự báo", en = "projected" },
  mark_derived_long = { vi = "tính bởi chiso từ các số liệu công bố (tỷ lệ, chênh lệch, trung vị, nhóm, khoảng hạng)",
                        en = "computed by chiso from published figures (shares, differences, medians, groups, rank ranges)" },
  mark_synthetic_long = { vi = "dữ liệu tạo ra bằng chương trình, không phải số liệu công bố",
                          en = "made up by a program, not a published figure" },
  mark_imputed_long = { vi = "điền thay cho số liệu không có", en = "filled in for a missing figure" },
  mark_unverified_long = { vi = "có ghi nhận nhưng nguồn chưa được xác nhận", en = "recorded, but its source could not be confirmed" },
  mark_illustrative_long = { vi = "giả định để minh họa, không phải văn bản thật", en = "assumed for illustration, not a real instrument" },
  mark_projected_long = { vi = "kết quả mô phỏng theo kịch bản", en = "simulated under a scenario" },
  sources = { vi = "Nguồn số liệu", en = "Sources" },
  sources_intro = { vi = "Mỗi con số trên trang có chỉ dẫn [n] tới nguồn của nó.", en = "Every figure on the page points [n] to its source." },
  source_no_url = { vi = "(không lưu địa chỉ)", en = "(no URL kept)" },
  note = { vi = "Ghi chú", en = "Note" },
  units2025 = { vi = "34 đơn vị hành chính năm 2025: mọi số liệu ở đây đều SUY RA từ số liệu công bố của các tỉnh trước sắp xếp (%s); một đơn vị hợp nhất chỉ có điểm khi mọi tỉnh trước đó đều được công bố, nếu không chỉ có khoảng điểm.",
                en = "34 units of 2025: every figure here is DERIVED from the published figures of the provinces before the merger (%s); a merged unit has a score only when all its predecessors were published, otherwise only a range." },
  units2025_equal = { vi = "trọng số bằng nhau", en = "equal weights" },
  units2025_weighted = { vi = "trọng số theo %s", en = "weighted by %s" },
  conflict = { vi = "Các nguồn không thống nhất", en = "Sources disagree" },
  -- index page
  col_unit = { vi = "Đơn vị", en = "Unit" },
  col_change = { vi = "Thay đổi hạng", en = "Rank change" },
  col_group = { vi = "Nhóm", en = "Group" },
  col_profile = { vi = "Hồ sơ", en = "Profile" },
  open_profile = { vi = "xem", en = "open" },
  index_intro = { vi = "%d đơn vị; %d có điểm hoặc hạng công bố năm %d. Bảng công bố không đầy đủ: đơn vị không có số liệu được liệt kê cuối bảng.",
                  en = "%d units; %d with a published score or rank for %d. The published table is partial: units without figures are listed last." },
}

local Lang = {}
Lang.__index = Lang

function i18n.new(lang)
  if lang ~= "vi" and lang ~= "en" then error("report.i18n: language must be vi or en", 2) end
  return setmetatable({ lang = lang }, Lang)
end

-- The label `key` in this language, formatted with the arguments.
function Lang:t(key, ...)
  local e = STRINGS[key]
  if not e then error("report.i18n: no label '" .. tostring(key) .. "'", 2) end
  local s = e[self.lang]
  if select("#", ...) > 0 then s = string.format(s, ...) end
  return s
end

-- A number with d decimals: decimal comma and dot thousands in Vietnamese,
-- decimal point and comma thousands in English; no "-0".
function Lang:num(v, d)
  if v == nil then return "–" end
  d = d or 2
  local s = string.format("%." .. d .. "f", v)
  if s:match("^%-0%.?0*$") then s = s:sub(2) end
  local sign, int, frac = s:match("^(%-?)(%d+)%.?(%d*)$")
  if not int then return s end
  local th, dec = ",", "."
  if self.lang == "vi" then th, dec = ".", "," end
  if #int > 3 then int = int:reverse():gsub("(%d%d%d)", "%1" .. th):reverse():gsub("^%" .. th, "") end
  return (sign == "-" and "−" or "") .. int .. (frac ~= "" and (dec .. frac) or "")
end

-- With an explicit sign: "+1,50", "−2", "0".
function Lang:signed(v, d)
  if v == nil then return "–" end
  local s = self:num(v, d)
  if v > 0 and s:match("[1-9]") then s = "+" .. s end
  return s
end

function Lang:int(v)
  if v == nil then return "–" end
  return self:num(v, 0)
end

-- How a rank was obtained (datasets/README.md, rank_basis), in words.
function Lang:basis(b)
  if b == nil or b == "" then return "" end
  local e = STRINGS["basis_" .. b]
  return e and e[self.lang] or b
end

-- A node's or a unit's name in this language (Vietnamese names stay when no English one is known).
function Lang:name(vi, en)
  if self.lang == "en" and en and en ~= "" then return en end
  return vi
end

i18n.STRINGS = STRINGS
return i18n
