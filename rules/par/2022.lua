-- PAR INDEX 2022 of the provinces (Chỉ số CCHC cấp tỉnh năm 2022), announced
-- 19/4/2023.  Methodology: QĐ 876/QĐ-BNV (10/11/2022), the Đề án for
-- 2022–2030, first applied this year; self-assessment guidance in CV
-- 6203/BNV-CCHC (8/12/2022), whose annex could not be read.
--
-- Main tree: the points by method, as provincial Departments of Home Affairs
-- publish them, so a published breakdown is checked against its total
-- (Ninh Thuận: 54.2 + 31.59 = 85.79 against a published 85.78, within the
-- rounding of two parts; 8.23 + 18.05 + 5.31 = 31.59).
--   official:   the decision and the 100-point scale
--   secondary:  8 areas / 37 criteria / 88 sub-criteria (no MoHA text found);
--               TD 61.5, TAC 38.5 = 10 + 22 + 6.5 (Ninh Thuận portal, 2022);
--               68 documents / 32 surveys (Lạng Sơn newspaper); area names
--   not public: every criterion and sub-criterion; the area maxima
-- Views: by_source (68 + 32) and by_area, which holds only the one area score
-- a 2022 source publishes (Đắk Nông, direction and management: 8.94).
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70 (2 provinces in A, 56 in B, 5 in C).

local par = require "lib.par"

return index {
  code = "PAR2022", name = "Chỉ số CCHC cấp tỉnh năm 2022", name_en = "Provincial PAR INDEX 2022",
  max = 100, unit = "province", year = 2022, column = "score",
  decision = "QĐ 876/QĐ-BNV (10/11/2022)", source = par.SRC.qd876, status = "official",
  note = "8 areas, 37 criteria, 88 sub-criteria; 68 points from reports and documents, 32 from surveys ("
    .. par.SRC.langson_2022 .. "). The national average fell to 84.79, which the Sơn La report puts down "
    .. "mainly to the new structure: more points appraised by MoHA, fewer from the surveys and the impact "
    .. "assessment (" .. par.SRC.sonla_2022 .. ")",
  groups = par.groups "90", -- A 2, B 56, C 5: par.SRC.groups_2022 and datasets/published/groups.csv

  par.appraisal_876 { column = "appraisal_pts" },
  par.impact_876 { column = "impact_total_pts" },

  par.by_source_view_876(),
  par.area_view(par.AREAS_876, { "area_leadership" }, {
    source = par.SRC.daknong_2022,
    note = "Khánh Hòa's 2022 areas are published as % of their maxima only (" .. par.SRC.khanhhoa_2022
      .. "), which without the maxima cannot be turned into points.",
  }),
}
