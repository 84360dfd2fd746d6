-- rules/directives/lai-chau.lua — Lai Châu: Chỉ thị 08/CT-UBND (2022) on
-- raising the PAR INDEX, SIPAS and PAPI.
--
-- The instrument is real: the province's PAR portal listed "Tỉnh Lai Châu ban
-- hành Chỉ thị 08/CT-UBND về việc nâng cao Chỉ số cải cách hành chính (PAR
-- INDEX), Chỉ số hài lòng về sự phục vụ hành chính (SIPAS), Chỉ số Quản trị và
-- Hành chính công (PAPI)" on 15/07/2022 (project seed 002, cchc.laichau.gov.vn).
-- Its text, and therefore its targets and its assignment of agencies, are not
-- public: EVERY TARGET AND EVERY OWNER BELOW IS ILLUSTRATIVE.
--
-- Built on the published figures only (datasets/published): PAR INDEX 2018
-- 72.23, rank 58; 2019 79.51, rank 51; SIPAS rank 55 (2018) and 44 (2019), no
-- SIPAS score.  No component of Lai Châu's PAR INDEX is published, so the
-- points it lost cannot be split between agencies (they are "unassigned").
-- The seed's 2021 figures (86.69, rank 31; SIPAS 86.81 %) are not confirmed
-- and are not used.
--
-- Scenario: rules/scenarios/laichau-2021.lua (Lai Châu 2020–2021: +2.5 points, others on their trend; base PAR INDEX 2019) is a what-if on the same
-- published figures; run it with `chiso project`.  It is not named below as
-- this directive's projection because its horizon ends before the deadlines:
-- the targets are projected from the latest published table, every unit on
-- its own trend (the default of `chiso directive`).

return directive {
  unit = "Lai Châu",
  name = "Chỉ thị về nâng cao Chỉ số CCHC (PAR INDEX), SIPAS và PAPI",
  issued = "Chỉ thị 08/CT-UBND (2022)",
  source = "https://cchc.laichau.gov.vn (news of 15/07/2022: the directive's issue; its text was not found)",
  status = "illustrative",
  note = "The directive is real; its targets and owners are not public: those below are illustrative.",
  index = "par",
  targets = {
    { by = 2024, rank = 40, note = "illustrative" },
    { by = 2025, rank = 30, note = "illustrative" },
    { by = 2025, sipas = 85, note = "illustrative" },
    { by = 2025, group = "B", note = "illustrative" },
    { by = 2030, rank = 20, note = "illustrative" },
  },
  -- Owners by node code of the PAR methodologies (rules/par/*.lua): the method
  -- parts TD / TAC.1–3 (2018–2024) and the areas 1–8 (2012–2021).  Illustrative.
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
