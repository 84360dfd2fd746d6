-- PAR INDEX 2014 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2014).  Methodology: QĐ 1294/QĐ-BNV (3/12/2012).
--
-- Not found for this year: the areas, their maxima, the split between
-- self-assessed and survey points, and any grouping of ministries.
--   official:   the decision and the 100-point scale
--   not public: areas and maxima, criteria, rules
-- The file declares no parts: the published table (totals only) scores by
-- its "score" column.  No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2014", name = "Chỉ số CCHC cấp bộ năm 2014", name_en = "PAR INDEX of ministries 2014",
  max = 100, unit = "ministry", year = 2014, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "structure not found for 2014",
}
