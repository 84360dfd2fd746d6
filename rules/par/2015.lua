-- PAR INDEX 2015 of the provinces (Chỉ số CCHC cấp tỉnh năm 2015).
-- Methodology: QĐ 1294/QĐ-BNV (3/12/2012), the Đề án that set up the PAR
-- INDEX of ministries and provinces: the province self-assesses and scores
-- itself, and that score is combined with a sociological survey.
--
-- Structure as reported for 2015: 8 areas, 34 criteria, 104 sub-criteria, of
-- which 33 were assessed through the survey.  The list of the eight areas,
-- their maxima and the split between self-assessed and survey points were not
-- found, so the file declares no parts: it scores the published table by its
-- totals (column "score").
--   official:   the decision and the 100-point scale
--   secondary:  the 8 / 34 / 104 / 33 counts (a national newspaper)
--   not public: areas, criteria, maxima, rules
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70 (A 6, B 49, C 8, none below 70).

local par = require "lib.par"

return index {
  code = "PAR2015", name = "Chỉ số CCHC cấp tỉnh năm 2015", name_en = "Provincial PAR INDEX 2015",
  max = 100, unit = "province", year = 2015, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "8 areas, 34 criteria, 104 sub-criteria, 33 of them assessed by survey (" .. par.SRC.structure_2015
    .. "); area names and maxima not found",
  groups = par.groups "90", -- par.SRC.groups_2015; par.SRC.structure_2015
}
