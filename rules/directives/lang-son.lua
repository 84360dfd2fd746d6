-- rules/directives/lang-son.lua — Lạng Sơn: PAR INDEX and SIPAS targets.
--
-- ILLUSTRATIVE.  No directive of Lạng Sơn with numeric targets was found: the
-- project's seed articles (000: the 2017 results; 003: the provincial
-- conference of 17/5/2024 on SIPAS and PAR INDEX 2023) report results and
-- tasks, not an instrument with targets.  Every target and owner below is
-- made up for illustration.  The one hint on owners in the sources: seed 000
-- says the Department of Home Affairs (Sở Nội vụ) "tham mưu, chủ trì" the
-- criteria of direction and management, the civil service and the apparatus;
-- the owners of those areas follow it, the rest is illustrative.
--
-- Built on the published figures only (datasets/published): PAR INDEX 2018
-- 77.25, rank 26, with its four components — appraisal 47.75, SIPAS 9.15 (of
-- 12), leaders' survey 16.85 (of 23.5), socio-economic impact 3.5.  The seeds'
-- 2023 figures (rank 47, SIPAS rank 55) are not confirmed and are not used.
--
-- Scenario: rules/scenarios/langson-2019.lua (Lạng Sơn 2019: SIPAS part to 85 %, leaders' survey +1; base PAR INDEX 2018) is a what-if on the same
-- published figures; run it with `chiso project`.  It is not named below as
-- this directive's projection because its horizon ends before the deadlines:
-- the targets are projected from the latest published table, every unit on
-- its own trend (the default of `chiso directive`).

return directive {
  unit = "Lạng Sơn",
  name = "Mục tiêu nâng cao Chỉ số CCHC (PAR INDEX) và SIPAS (minh họa)",
  status = "illustrative",
  note = "No Lạng Sơn directive with targets was found: targets and owners are illustrative.",
  index = "par",
  targets = {
    { by = 2025, rank = 30, note = "illustrative" },
    { by = 2025, sipas = 85, note = "illustrative" },
    { by = 2025, area_min = 80, note = "illustrative" },
    { by = 2026, score = 88, note = "illustrative" },
    { by = 2030, group = "A", note = "illustrative" },
  },
  owners = {
    TD = "Sở Nội vụ",                         -- appraisal: the department that compiles the evidence
    ["TAC.1"] = "Văn phòng UBND tỉnh",        -- SIPAS: one-stop shops, administrative procedures
    ["TAC.2"] = "Sở Nội vụ",                  -- survey of leaders and managers
    ["TAC.3"] = "Sở Kế hoạch và Đầu tư",      -- socio-economic impact
    ["1"] = "Sở Nội vụ",                      -- direction and management (seed 000)
    ["2"] = "Sở Tư pháp",
    ["3"] = "Văn phòng UBND tỉnh",
    ["4"] = "Sở Nội vụ",                      -- apparatus (seed 000)
    ["5"] = "Sở Nội vụ",                      -- civil service (seed 000)
    ["6"] = "Sở Tài chính",
    ["7"] = "Sở Thông tin và Truyền thông",
    ["8"] = "Sở Kế hoạch và Đầu tư",
  },
  -- Effort per point, illustrative: SIPAS points come cheapest (service at the
  -- one-stop shops), socio-economic impact dearest.
  costs = { ["TAC.1"] = 0.8, ["TAC.3"] = 2, default = 1 },
}
