-- PAR INDEX 2023 of the provinces (Chỉ số CCHC cấp tỉnh năm 2023), announced
-- 17/4/2024.  Methodology: QĐ 876/QĐ-BNV (10/11/2022), the Đề án for
-- 2022–2030; self-assessment guidance in CV 6203/BNV-CCHC (8/12/2022), whose
-- annex (criteria, sub-criteria, thresholds) could not be read.
--
-- Main tree: the points by method, as provincial Departments of Home Affairs
-- publish them (appraisal + impact = SIPAS + leaders' survey + socio-economic
-- impact), so a published breakdown is checked against its published total
-- (Kon Tum: 54.95 + 31.19 = 86.14; 8.5 + 18.33 + 4.36 = 31.19).
--   official:   the decision and the 100-point scale
--   secondary:  8 areas / 37 criteria / 88 sub-criteria (no MoHA text found);
--               TD 61.5, TAC 38.5 = 10 + 22 + 6.5 (Ninh Thuận 2022, Kon Tum 2023
--               portals); 68 documents / 32 surveys (Lạng Sơn newspaper, 2022);
--               area names; three area maxima (Kon Tum 2023)
--   not public: every criterion and sub-criterion, and five of the area maxima
-- Views: by_source (68 + 32, regrouping the main tree) and by_area (the area
-- scores the 2023 sources publish: Quảng Nam seven, Kon Tum three).
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70 (7 provinces in A, 56 in B).

local par = require "lib.par"

return index {
  code = "PAR2023", name = "Chỉ số CCHC cấp tỉnh năm 2023", name_en = "Provincial PAR INDEX 2023",
  max = 100, unit = "province", year = 2023, column = "score",
  decision = "QĐ 876/QĐ-BNV (10/11/2022)", source = par.SRC.qd876, status = "official",
  note = "8 areas, 37 criteria, 88 sub-criteria (Lạng Sơn newspaper on the 2022 round, " .. par.SRC.langson_2022
    .. "); results announced 17/4/2024",
  groups = par.groups "90", -- A 7, B 56 in 2023: par.SRC.groups_2023 and datasets/published/groups.csv

  par.appraisal_876 { column = "appraisal_pts" },
  par.impact_876 { column = "impact_total_pts" },

  par.by_source_view_876(),
  par.area_view(par.AREAS_876, {
    "area_leadership", "area_institutions_legal_docs", "area_admin_procedures", "area_apparatus",
    "area_civil_service", "area_public_finance", "area_modernisation_egov",
  }, {
    source = par.SRC.quangnam_2023 .. " ; " .. par.SRC.kontum_2023,
    note = "The areas do not nest in the method parts (Quảng Nam's seven published areas add up to 73.15 "
      .. "[derived], more than the 61.5 of the appraisal), so they regroup no node of the main tree and "
      .. "take their points from the area columns.",
  }),
}
