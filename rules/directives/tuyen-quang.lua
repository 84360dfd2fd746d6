-- rules/directives/tuyen-quang.lua — Tuyên Quang: PAR INDEX targets.
--
-- ILLUSTRATIVE.  No directive of Tuyên Quang with numeric targets was found:
-- the project's seed article 004 (the Ministry of Home Affairs' check of 26/6
-- on how the province uses its SIPAS and PAR INDEX results) names no
-- instrument.  Every target and owner below is illustrative.
--
-- Built on the published figures only (datasets/published): PAR INDEX 2021
-- 86.57, rank 34 (no component published).  The seed's ranks for 2017–2019
-- (22, 22, 16; SIPAS 2019 rank 22) are not confirmed and are not used.
--
-- Scenario: rules/scenarios/tuyenquang-2022.lua (Tuyên Quang 2022: +1.5 points; base PAR INDEX 2021) is a what-if on the same
-- published figures; run it with `chiso project`.  It is not named below as
-- this directive's projection because its horizon ends before the deadlines:
-- the targets are projected from the latest published table, every unit on
-- its own trend (the default of `chiso directive`).

return directive {
  unit = "Tuyên Quang",
  name = "Mục tiêu nâng cao Chỉ số CCHC (minh họa)",
  status = "illustrative",
  note = "No Tuyên Quang directive with targets was found: targets and owners are illustrative.",
  index = "par",
  targets = {
    { by = 2025, rank = 25, note = "illustrative" },
    { by = 2025, score = 90, note = "illustrative" },
    { by = 2030, rank = 15, note = "illustrative" },
    { by = 2030, group = "A", note = "illustrative" },
  },
  owners = {
    TD = "Sở Nội vụ",
    ["TAC.1"] = "Văn phòng UBND tỉnh",
    ["TAC.2"] = "Sở Nội vụ",
    ["TAC.3"] = "Sở Kế hoạch và Đầu tư",
    ["1"] = "Sở Nội vụ",
    ["2"] = "Sở Tư pháp",
    ["3"] = "Văn phòng UBND tỉnh",
    ["4"] = "Sở Nội vụ",
    ["5"] = "Sở Nội vụ",
    ["6"] = "Sở Tài chính",
    ["7"] = "Sở Thông tin và Truyền thông",
    ["8"] = "Sở Kế hoạch và Đầu tư",
  },
}
