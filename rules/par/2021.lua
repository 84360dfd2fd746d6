-- PAR INDEX 2021 of the provinces (Chỉ số CCHC cấp tỉnh năm 2021), announced
-- 25/5/2022 (Lai Châu portal, project seed article 002).  Methodology:
-- QĐ 1149/QĐ-BNV (30/12/2020) and QĐ 1150/QĐ-BNV (the set of PAR indicators
-- of ministries and provinces): 8 areas, 43 criteria, 95 sub-criteria; the
-- provinces self-assess and MoHA appraises.
--
-- Main tree: the eight areas, the only breakdown a 2021 source publishes
-- (Thanh Hóa: 7.82 + 8.93 + 12.70 + 9.23 + 11.49 + 9.88 + 14.18 + 13.61 = 87.84
-- against a published 87.83, within the rounding of eight parts).
--   official:   the decisions, the 100-point scale, the 8 / 43 / 95 counts
--   secondary:  the area names, as the 2021 results were reported
--   not public: the area maxima, the criteria, and the split between
--               appraisal, SIPAS and survey points (published for 2020, not 2021)
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70 — the scheme the data notes date
-- from 2019; for 2021 only "3 provinces above 90%" is stated.

local par = require "lib.par"

return index {
  code = "PAR2021", name = "Chỉ số CCHC cấp tỉnh năm 2021", name_en = "Provincial PAR INDEX 2021",
  max = 100, unit = "province", year = 2021, column = "score",
  decision = "QĐ 1149/QĐ-BNV (30/12/2020); QĐ 1150/QĐ-BNV", source = par.SRC.qd1150, status = "official",
  max_reason = "the area maxima of QĐ 1150 are not public",
  note = "8 areas, 43 criteria, 95 sub-criteria (" .. par.SRC.qd1150 .. "); the project's data notes give "
    .. "102 sub-criteria for 2021 without a source. Three provinces scored above 90% (" .. par.SRC.groups_2021 .. ")",
  groups = par.groups "90",

  par.areas(par.AREAS_1150, { source = par.SRC.thanhhoa_2021 }),
}
