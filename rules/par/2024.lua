-- PAR INDEX 2024 of the provinces (Chỉ số CCHC cấp tỉnh năm 2024), approved
-- and announced by QĐ 268/QĐ-BNV (28/3/2025), published 6/4/2025, still for
-- the 63 provinces before the 2025 merger.
--
-- Methodology: QĐ 876/QĐ-BNV, whose Đề án covers 2022–2030.  No 2024 source
-- found describes the point split, so the structure below is the one 2022 and
-- 2023 reports give, assumed to hold because the decision still applies; each
-- node says so.  The published 2024 table carries totals only; the parts
-- name the component columns of 2022–2023, which score a table that has them.
--   official:   QĐ 268 (results) and QĐ 876 (methodology); the 100-point scale
--   secondary:  TD 61.5, TAC 38.5 = 10 + 22 + 6.5 and 68 / 32, as reported for
--               2022–2023, not confirmed for 2024
--   not public: criteria, sub-criteria and area maxima.  Quảng Bình's 2024
--               report ranks four areas under the 876 names ("Cải cách thể
--               chế", "Cải cách công vụ", "Cải cách tài chính công", "Xây dựng
--               và phát triển chính quyền điện tử, chính quyền số") without points.
-- Groups: A ≥ 90, B 80–90 (13 provinces in A, 50 in B); C 70–80 and D < 70 as
-- in the other years of the scheme.

local par = require "lib.par"

local ASSUMED = "assumed from the 2022–2023 reports (QĐ 876 applies to 2022–2030); no 2024 breakdown found"

return index {
  code = "PAR2024", name = "Chỉ số CCHC cấp tỉnh năm 2024", name_en = "Provincial PAR INDEX 2024",
  max = 100, unit = "province", year = 2024, column = "score",
  decision = "QĐ 876/QĐ-BNV (10/11/2022); results: QĐ 268/QĐ-BNV (28/3/2025)", source = par.SRC.qd268_2024,
  status = "official",
  note = "Area names in 2024 reporting: " .. par.SRC.quangbinh_2024,
  groups = par.groups "90", -- A 13, B 50: par.SRC.groups_2024 and datasets/published/groups.csv

  par.appraisal_876 { note = "61.5 points, " .. ASSUMED },
  par.impact_876 { note = "38.5 = 10 + 22 + 6.5, " .. ASSUMED },

  par.by_source_view_876(),

  -- The areas of the 2022–2030 index, as in 2022–2023 (assumed for 2024).
  par.area_view(par.AREAS_876, nil, { note = ASSUMED, source = par.SRC.qd876 }),
}
