-- PAR INDEX 2020 of the provinces (Chỉ số CCHC cấp tỉnh năm 2020), announced
-- in 2021.  Methodology: QĐ 1149/QĐ-BNV (30/12/2020) and QĐ 1150/QĐ-BNV: 8
-- areas, 43 criteria, 95 sub-criteria; the provinces self-assess and MoHA
-- appraises.
--
-- Main tree: the points by method, as the published top-10 table gives them
-- (appraisal, SIPAS, leaders' survey, socio-economic impact), so each row is
-- checked against its total: Quảng Ninh 57.66 + 9.56 + 18.83 + 5 = 91.05
-- against 91.04, Đồng Tháp and Phú Thọ 0.01 the other way, all within rounding.
--   official:   the decisions, the 100-point scale, the 8 / 43 / 95 counts
--   secondary:  the breakdown (a Chinese commercial-counsellor page citing
--               Báo Đầu tư of 28/6/2021)
--   not public: every maximum below the total; the area list and maxima (the
--               2021 results name the eight areas, see 2021.lua)
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70; the data notes give A 2, B 56,
-- C 5 for 2020, counts identical to 2022's, which the methodology research
-- lists as not found — treat them with care.

local par = require "lib.par"

return index {
  code = "PAR2020", name = "Chỉ số CCHC cấp tỉnh năm 2020", name_en = "Provincial PAR INDEX 2020",
  max = 100, unit = "province", year = 2020, column = "score",
  decision = "QĐ 1149/QĐ-BNV (30/12/2020); QĐ 1150/QĐ-BNV", source = par.SRC.qd1150, status = "official",
  max_reason = "the maxima of the appraisal and impact parts under QĐ 1150 are not public",
  note = "8 areas, 43 criteria, 95 sub-criteria (" .. par.SRC.qd1150 .. "); areas not listed here because no 2020 "
    .. "table publishes area points",
  groups = par.groups "90",

  par.appraisal { source = par.SRC.top10_2020, note = "maximum not public" },
  par.impact {
    source = par.SRC.top10_2020,
    note = "no impact total is published for 2020; it is the sum of its three parts",
  },
}
