-- PAR INDEX 2019 of the provinces (Chỉ số CCHC cấp tỉnh năm 2019), announced
-- 19/5/2020.  Methodology: QĐ 2948/QĐ-BNV (28/12/2017), the Đề án for
-- 2017–2020: 8 areas with official maxima (see 2017.lua and par.AREAS_2948).
--
-- Main tree: the points by method, as provincial reports publish them, so a
-- published breakdown is checked against its total (Lào Cai: 52.90 + 29.95 =
-- 82.85; impact 8.30 + 17.65 + 4 = 29.95).
--   official:   the decision, the 100-point scale and the eight area maxima
--               10 + 10 + 14.5 + 11 + 16 + 7 + 16 + 15.5
--   secondary:  the breakdown by method (Lào Cai's report)
--   not public: the maxima of the method parts in 2019; criteria and
--               sub-criteria maxima
-- The eight official areas are a view reading area columns, which no 2019
-- table publishes (Lào Cai and Quảng Bình give area ranks only).
-- Groups: A ≥ 90, B 80–90, C 70–80, D < 70, the scheme the data notes date
-- from 2019; no 2019 group counts were found.

local par = require "lib.par"

return index {
  code = "PAR2019", name = "Chỉ số CCHC cấp tỉnh năm 2019", name_en = "Provincial PAR INDEX 2019",
  max = 100, unit = "province", year = 2019, column = "score",
  decision = "QĐ 2948/QĐ-BNV (28/12/2017)", source = par.SRC.qd2948_provinces, status = "official",
  max_reason = "the method parts' maxima for 2019 are not public (the official maxima are per area)",
  note = "Areas (QĐ 2948, official maxima): 1 direction 10, 2 legal documents 10, 3 procedures 14.5, "
    .. "4 apparatus 11, 5 civil service 16, 6 public finance 7, 7 modernisation 16, 8 impact 15.5 ("
    .. par.SRC.qd2948_provinces .. ")",
  groups = par.groups "90",

  par.appraisal { source = par.SRC.laocai_2019, note = "maximum not public for 2019" },
  par.impact { column = "impact_total_pts", source = par.SRC.laocai_2019 },

  -- The eight official areas of QĐ 2948; no published table of the year
  -- carries area points, so the view scores only a table that has them.
  par.area_view(par.AREAS_2948, nil, {
    code = "by_area", status = "official", source = par.SRC.qd2948_provinces,
    max_note = "official maximum (QĐ 2948/QĐ-BNV)",
    note = "The areas do not nest in the method parts above.",
  }),
}
