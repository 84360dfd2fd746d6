-- PAR INDEX 2013 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2013).  Methodology: QĐ 1294/QĐ-BNV (3/12/2012).
--
-- Reported for about 2013 (Deputy Minister Nguyễn Tiến Dĩnh, interview of
-- 20/9/2014): a 100-point scale, 60 points self-assessed by the ministry and
-- 40 assessed from outside (independent or other government bodies).  The
-- areas and their maxima were not found.
--   official:   the decision and the 100-point scale
--   secondary:  the 60 / 40 split
--   not public: areas and maxima, criteria, rules
-- The file declares no parts: the published table (totals only) scores by
-- its "score" column.  No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2013", name = "Chỉ số CCHC cấp bộ năm 2013", name_en = "PAR INDEX of ministries 2013",
  max = 100, unit = "ministry", year = 2013, column = "score",
  decision = "QĐ 1294/QĐ-BNV (3/12/2012)", source = par.SRC.qd1294, status = "official",
  note = "60 points self-assessed, 40 assessed from outside (" .. par.SRC.ministries_2013 .. ")",
}
