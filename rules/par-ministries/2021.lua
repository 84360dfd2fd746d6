-- PAR INDEX 2021 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2021).  Methodology: QĐ 1149/QĐ-BNV (30/12/2020); QĐ 1150/QĐ-BNV.
--
-- Reported for the ministries under 1149/1150: 40 criteria and 87 (one
-- source, under 1150) or 99 (another, under 1149) sub-criteria; survey 36.5
-- of the 100 points; 7 areas (the 1150 summary), not named, maxima not
-- public.
--   official:   the decision and the 100-point scale
--   secondary:  the counts and the 36.5 survey points
--   not public: areas and maxima, criteria, rules
-- The file declares no parts: the published table (totals only) scores by
-- its "score" column.  No groups of ministries were found.

local par = require "lib.par"

return index {
  code = "PARMIN2021", name = "Chỉ số CCHC cấp bộ năm 2021", name_en = "PAR INDEX of ministries 2021",
  max = 100, unit = "ministry", year = 2021, column = "score",
  decision = "QĐ 1149/QĐ-BNV (30/12/2020); QĐ 1150/QĐ-BNV", source = par.SRC.qd1150, status = "official",
  note = "7 areas and 40 criteria; 87 (" .. par.SRC.qd1150 .. ") or 99 (" .. par.SRC.qd876
    .. ") sub-criteria; survey 36.5 of 100 points (" .. par.SRC.qd876 .. ")",
}
