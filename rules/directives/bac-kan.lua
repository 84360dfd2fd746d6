-- rules/directives/bac-kan.lua — Bắc Kạn: PAR INDEX and SIPAS targets.
--
-- ILLUSTRATIVE.  No directive of Bắc Kạn with numeric targets was found.  The
-- project's seed article 001 (the provincial PAR conference of 11/7/2019)
-- reports that the Department of Home Affairs' report named, for every
-- shortfall, the unit that leads the sub-criterion and asked it to explain —
-- the practice this file's owners stand for; which agency owns which part is
-- illustrative here.  Every target below is illustrative.
--
-- Built on the published figures only (datasets/published): PAR INDEX 2014
-- rank 63 (no score); SIPAS 2023 75.03 % and 2024 78.17 %, rank 63 both years.
-- No PAR INDEX score of Bắc Kạn is published, so the points it lost cannot
-- be attributed.  The seed's 2017–2018 figures (73.92; 74.62, rank 49; SIPAS
-- 79.87 %) are not confirmed and are not used.
--
-- Scenario: rules/scenarios/backan-sipas-2025.lua (SIPAS 2025 at the 2024 national
-- level, 83.94 %, others unchanged; base SIPAS 2024) projects the SIPAS targets:
-- the probabilities say whether that plan meets them.  PAR INDEX targets are
-- projected by the default (every unit on its own trend).

return directive {
  unit = "Bắc Kạn",
  name = "Mục tiêu cải thiện PAR INDEX và SIPAS (minh họa)",
  status = "illustrative",
  note = "No Bắc Kạn directive with targets was found: targets and owners are illustrative.",
  index = "par",
  scenario = "scenarios/backan-sipas-2025",
  targets = {
    { by = 2025, sipas = 80, note = "illustrative" },
    { by = 2025, rank = 55, note = "illustrative" },
    { by = 2026, group = "B", note = "illustrative" },
    { by = 2030, sipas = 85, note = "illustrative" },
  },
  owners = {
    TD = "Sở Nội vụ",
    ["TAC.1"] = "Văn phòng UBND tỉnh",
    ["TAC.2"] = "Sở Nội vụ",
    ["TAC.3"] = "Sở Kế hoạch và Đầu tư",
    ["1"] = "Văn phòng UBND tỉnh",
    ["2"] = "Sở Tư pháp",
    ["3"] = "Văn phòng UBND tỉnh",
    ["4"] = "Sở Nội vụ",
    ["5"] = "Sở Nội vụ",
    ["6"] = "Sở Tài chính",
    ["7"] = "Sở Thông tin và Truyền thông",
    ["8"] = "Sở Kế hoạch và Đầu tư",
  },
}
