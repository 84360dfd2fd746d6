-- PAR INDEX 2019 of the ministries and ministry-level agencies (Chỉ số CCHC
-- cấp bộ năm 2019).  Methodology: QĐ 2948/QĐ-BNV (28/12/2017), the Đề án
-- for 2017–2020, which gives the seven areas of the ministries' index with
-- official maxima: 12 + 17 + 16 + 13 + 17 + 7.5 + 17.5 = 100, with 37 criteria
-- and 79 sub-criteria, 28 criteria assessed by survey.
--
-- Main tree: the seven areas.  No published table gives a ministry's points
-- by area; the areas name area columns, so the published table (totals
-- only) scores by its "score" column, and a table of area points by the areas.
--   official:   areas, maxima, criteria and sub-criteria counts
--   not public: criteria maxima and rules; the points split between the
--               ministry's self-assessment and the survey
-- No groups of ministries were found.  19 were ranked in 2019: the Ministries
-- of Public Security and of Defence and the Government Office are not assessed.

local par = require "lib.par"

return index {
  code = "PARMIN2019", name = "Chỉ số CCHC cấp bộ năm 2019", name_en = "PAR INDEX of ministries 2019",
  max = 100, unit = "ministry", year = 2019, column = "score",
  decision = "QĐ 2948/QĐ-BNV (28/12/2017)", source = par.SRC.qd2948_ministries, status = "official",
  note = "7 areas, 37 criteria, 79 sub-criteria; 28 criteria assessed by survey",

  par.areas(par.MINISTRY_AREAS_2948, {
    status = "official", source = par.SRC.qd2948_ministries,
  }),
}
