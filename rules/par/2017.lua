-- PAR INDEX 2017 of the provinces (Chỉ số CCHC cấp tỉnh năm 2017), announced
-- 2/5/2018.  Methodology: QĐ 2948/QĐ-BNV (28/12/2017), the Đề án for
-- 2017–2020, and QĐ 22/QĐ-BNV (5/1/2018), the plan for the 2017 round.
--
-- Main tree: the eight areas of QĐ 2948 with their official maxima, which
-- add up to 100.  No 2017 source publishes a province's points by area or by
-- method, so the areas name the columns a table of area points would have
-- (area_leadership, …): the file scores such a table when one exists, and the
-- published 2017 table by its totals.  (2018.lua and 2019.lua, same decision, use the
-- breakdown by method that their tables publish instead.)
--   official:   the eight areas and maxima; 6/4/5/4/9/3/5/3 criteria and
--               6/6/16/10/16/6/18/3 sub-criteria (the source says 38 criteria,
--               though its areas add up to 39; 81 sub-criteria)
--   secondary:  65.5 points by self-assessment and 34.5 by survey (the
--               project's data notes; URL not retained)
--   not public: criteria and sub-criteria maxima and rules
-- Groups: A ≥ 80, B 75–80, C 70–75, D < 70: the data notes date this scheme
-- to the years up to 2018 other than 2015; the only counts found are 2018's.

local par = require "lib.par"

return index {
  code = "PAR2017", name = "Chỉ số CCHC cấp tỉnh năm 2017", name_en = "Provincial PAR INDEX 2017",
  max = 100, unit = "province", year = 2017, column = "score",
  decision = "QĐ 2948/QĐ-BNV (28/12/2017); QĐ 22/QĐ-BNV (5/1/2018)", source = par.SRC.qd2948_provinces,
  status = "official",
  note = "Plan for the 2017 round: " .. par.SRC.qd2948_plan .. ". Reported split: 65.5 self-assessment, "
    .. "34.5 survey (data notes, URL not retained)",
  groups = par.groups "80",

  par.areas(par.AREAS_2948, { status = "official", source = par.SRC.qd2948_provinces }),
}
