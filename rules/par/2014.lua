-- PAR INDEX 2014 of the provinces (Chỉ số CCHC cấp tỉnh năm 2014).
-- Methodology: QĐ 1294/QĐ-BNV (3/12/2012), the Đề án that set up the PAR
-- INDEX of ministries and provinces: the province self-assesses and scores
-- itself, and that score is combined with a sociological survey.
--
-- The area list, maxima and point split were not found for 2014 (the 2015
-- round is reported with 8 areas, 34 criteria, 104 sub-criteria), so the file
-- declares no parts and scores the published table by its totals.
--   official:   the decision and the 100-point scale
--   not public: areas, criteria, maxima, rules
-- Groups: none found for 2014.

local par = require "lib.par"

return index {
  code = "PAR2014", name = "Chỉ số CCHC cấp tỉnh năm 2014", name_en = "Provincial PAR INDEX 2014",
  max = 100, unit = "province", year = 2014, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "groups not found",
}
