-- PAR INDEX 2015 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2015).  Methodology: QĐ 1294/QĐ-BNV (3/12/2012).
--
-- Structure as reported for 2015: 7 areas, 31 criteria, 80 sub-criteria,
-- of which 24 were assessed through the survey; the area names and maxima
-- were not found.  All 19 ministries scored above 80%.
--   official:   the decision and the 100-point scale
--   secondary:  the 7 / 31 / 80 / 24 counts
--   not public: areas and maxima, criteria, rules
-- The file declares no parts: the published table (totals only) scores by
-- its "score" column.  No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2015", name = "Chỉ số CCHC cấp bộ năm 2015", name_en = "PAR INDEX of ministries 2015",
  max = 100, unit = "ministry", year = 2015, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "7 areas, 31 criteria, 80 sub-criteria, 24 assessed by survey (" .. par.SRC.structure_2015 .. ")",
}
