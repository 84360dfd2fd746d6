-- PAR INDEX 2016 of the provinces (Chỉ số CCHC cấp tỉnh năm 2016), announced
-- 30/5/2017.  Methodology: QĐ 1294/QĐ-BNV (3/12/2012): the province
-- self-assesses and scores itself; the score is combined with a sociological
-- survey.  (A QĐ 4361/QĐ-BNV is cited around 2016 for the ministries'
-- criteria; its date and any provincial content are unverified.)
--
-- The area list, maxima and point split were not found for 2016 (the 2015
-- round had 8 areas, 34 criteria, 104 sub-criteria), so the file declares no
-- parts and scores the published table by its totals.
--   official:   the decision and the 100-point scale
--   not public: areas, criteria, maxima, rules
-- Groups: only "A (> 90%): Đà Nẵng alone" is stated for 2016, which fits the
-- 2015 scheme (A ≥ 90, B 80–90, C 70–80, D < 70) used here; the data notes
-- instead date the A ≥ 80 scheme to every year up to 2018 but 2015, which
-- would have put more provinces in A (the national average was 74.64).  The
-- B–D limits for 2016 are not stated.

local par = require "lib.par"

return index {
  code = "PAR2016", name = "Chỉ số CCHC cấp tỉnh năm 2016", name_en = "Provincial PAR INDEX 2016",
  max = 100, unit = "province", year = 2016, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "structure not found for 2016; groups: only A (> 90%) stated (" .. par.SRC.groups_2016 .. ")",
  groups = par.groups "90",
}
