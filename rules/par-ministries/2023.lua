-- PAR INDEX 2023 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2023).  Methodology: QĐ 876/QĐ-BNV (10/11/2022), the Đề án for
-- 2022–2030: 7 areas, 38 criteria, 97 sub-criteria; 31.5 of the 100 points
-- come from the sociological survey.  Its scope names 19 ministries and
-- ministry-level agencies (not the Ministries of Public Security and Defence
-- or the Government Office), but 17 were ranked in 2023.
--
-- Main tree: the seven areas with their criteria / sub-criteria counts
-- (direction 7/6, institutions 9/15, procedures 6/19, apparatus 4/14, civil
-- service 6/16, public finance 3/13, e-/digital government 3/14 = 38/97).
-- No published table gives a ministry's points by area; the areas name area
-- columns for a table that has them.
--   official:   the decision; the 7 / 38 / 97 counts and the 31.5 survey
--               points (legal-news summaries of the decision)
--   secondary:  the Vietnamese area names (wording of 2022 reports)
--   not public: the area maxima, the criteria, the rules; the 31.5 survey
--               points cut across the areas and cannot be placed in them
-- No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2023", name = "Chỉ số CCHC cấp bộ năm 2023", name_en = "PAR INDEX of ministries 2023",
  max = 100, unit = "ministry", year = 2023, column = "score",
  decision = "QĐ 876/QĐ-BNV (10/11/2022)", source = par.SRC.qd876, status = "official",
  max_reason = "the area maxima of QĐ 876 are not public",
  note = "7 areas, 38 criteria, 97 sub-criteria; survey 31.5 of 100 points (" .. par.SRC.qd876_ministries .. ")",

  par.areas(par.MINISTRY_AREAS_876, {
    source = par.SRC.qd876 .. " ; " .. par.SRC.qd876_ministries,
  }),
}
