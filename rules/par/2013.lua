-- PAR INDEX 2013 of the provinces (Chỉ số CCHC cấp tỉnh năm 2013).
-- Methodology: QĐ 1294/QĐ-BNV (3/12/2012), the Đề án that set up the PAR
-- INDEX of ministries and provinces: the province self-assesses and scores
-- itself, and that score is combined with a sociological survey.
--
-- The area list, maxima and point split were not found for 2013 (the 2015
-- round is reported with 8 areas, 34 criteria, 104 sub-criteria), so the file
-- declares no parts and scores the published table by its totals.
--   official:   the decision and the 100-point scale
--   not public: areas, criteria, maxima, rules
-- Survey sample per province in 2012–2013: 30 People's Council deputies, 3
-- leaders per department, 3 leaders in each of 3 districts, 30 citizens in
-- each of 3 communes per district, 100 enterprises (same source).
-- Groups: none found for 2013.

local par = require "lib.par"

return index {
  code = "PAR2013", name = "Chỉ số CCHC cấp tỉnh năm 2013", name_en = "Provincial PAR INDEX 2013",
  max = 100, unit = "province", year = 2013, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "groups not found",
}
