-- PAR INDEX 2012 of the provinces (Chỉ số CCHC cấp tỉnh năm 2012).
-- Methodology: QĐ 1294/QĐ-BNV (3/12/2012), the Đề án that set up the PAR
-- INDEX of ministries and provinces: the province self-assesses and scores
-- itself, and that score is combined with a sociological survey.
--
-- The area list, maxima and point split were not found for 2012 (the 2015
-- round is reported with 8 areas, 34 criteria, 104 sub-criteria), so the file
-- declares no parts and scores the published table by its totals.
--   official:   the decision and the 100-point scale
--   not public: areas, criteria, maxima, rules
-- First year of the index (the 2013 round was the second).
-- Groups: none formal.  The published bands are "above 80%" (19 provinces),
-- "70–80%" (33, "rather good"), "67.68–70%" (5, "moderate") and
-- "62.58–67.68%" (6, "poor"); the odd limits look like the range of the
-- scores themselves, so they are kept in the note, not as groups.

local par = require "lib.par"

return index {
  code = "PAR2012", name = "Chỉ số CCHC cấp tỉnh năm 2012", name_en = "Provincial PAR INDEX 2012",
  max = 100, unit = "province", year = 2012, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "bands published for 2012: > 80% 19; 70–80% 33 (rather good); 67.68–70% 5 (moderate); "
    .. "62.58–67.68% 6 (poor) (" .. par.SRC.groups_2012 .. ")",
}
