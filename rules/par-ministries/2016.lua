-- PAR INDEX 2016 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2016).  Methodology: QĐ 1294/QĐ-BNV (3/12/2012).
--
-- A QĐ 4361/QĐ-BNV is cited around 2016 as holding the ministries' criteria
-- ("Bảng 1"), in a copy of a MoHA guidance that could not be verified.  The
-- areas and maxima were not found (2015: 7 areas, 31 criteria, 80
-- sub-criteria).
--   official:   the decision and the 100-point scale
--   not public: areas and maxima, criteria, rules
-- The file declares no parts: the published table (totals only) scores by
-- its "score" column.  No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2016", name = "Chỉ số CCHC cấp bộ năm 2016", name_en = "PAR INDEX of ministries 2016",
  max = 100, unit = "ministry", year = 2016, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "QĐ 4361/QĐ-BNV cited for the criteria, unverified; structure not found",
}
