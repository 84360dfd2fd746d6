-- PAR INDEX 2018 of the provinces (Chỉ số CCHC cấp tỉnh năm 2018), announced
-- in May 2019.  Methodology: QĐ 2948/QĐ-BNV (28/12/2017), the Đề án for
-- 2017–2020: 8 areas with official maxima (see 2017.lua and par.AREAS_2948).
--
-- Main tree: the points by method, as Lạng Sơn's report publishes them, so
-- the breakdown is checked against its total (47.75 + 9.15 + 16.85 + 3.5 =
-- 77.25).
--   official:   the decision, the 100-point scale and the eight area maxima
--               10 + 10 + 14.5 + 11 + 16 + 7 + 16 + 15.5
--   secondary:  the breakdown (Lạng Sơn); SIPAS 12 and leaders' survey 23.5,
--               and 64.5 for everything assessed by area (Bắc Kạn's report,
--               whose URL was not kept; no other source confirms the split)
--   not public: the appraisal and socio-economic maxima on their own; criteria
--               and sub-criteria maxima
-- View by_source: Bắc Kạn's three parts; that the 64.5 include the
-- socio-economic impact is derived (its three figures add up to its total).
-- The eight areas are not a view here: no 2018 table publishes area points.
-- Groups: A ≥ 80, B 75–80, C 70–75, D < 70 (viet-jo: A 9, B 36, C 15, D 3,
-- against VietnamPlus's "29 localities above 80"; kept, conflict noted).

local par = require "lib.par"

return index {
  code = "PAR2018", name = "Chỉ số CCHC cấp tỉnh năm 2018", name_en = "Provincial PAR INDEX 2018",
  max = 100, unit = "province", year = 2018, column = "score",
  decision = "QĐ 2948/QĐ-BNV (28/12/2017)", source = par.SRC.qd2948_provinces, status = "official",
  max_reason = "the appraisal and socio-economic maxima are not public on their own",
  note = "Areas (QĐ 2948, official maxima): 1 direction 10, 2 legal documents 10, 3 procedures 14.5, "
    .. "4 apparatus 11, 5 civil service 16, 6 public finance 7, 7 modernisation 16, 8 impact 15.5 ("
    .. par.SRC.qd2948_provinces .. "). The project's data notes report 41 criteria and 96 sub-criteria "
    .. "for 2018, without a source",
  groups = par.groups "80", -- par.SRC.groups_2018; other count: par.SRC.groups_2018_other

  par.appraisal { source = par.SRC.langson_2018, note = "with the socio-economic impact (TAC.3): 64.5 (Bắc Kạn)" },
  par.impact {
    source = par.SRC.langson_2018,
    note = "no impact total is published for 2018; it is the sum of its three parts",
    sipas = { max = 12, source = par.BACKAN_2018 },
    survey = { max = 23.5, source = par.BACKAN_2018, note = "khảo sát công chức, lãnh đạo quản lý" },
  },

  view {
    code = "by_source", name = "Theo phương pháp đánh giá", name_en = "By assessment method",
    status = "secondary", source = par.BACKAN_2018,
    note = "Bắc Kạn 2018: 47.4299/64.5 + 9.6697/12 + 17.51922/23.5 = 74.62, its total",
    group { code = "DOC", name = "Điểm đánh giá trên tất cả các lĩnh vực cải cách hành chính",
            name_en = "Assessed across the PAR areas", max = 64.5, of = { "TD", "TAC.3" },
            max_reason = "TD and TAC.3 have no separate maxima", status = "secondary", source = par.BACKAN_2018,
            note = "TAC.3 is counted here because Bắc Kạn's three figures add up to its total with no "
              .. "separate socio-economic line [derived]" },
    group { code = "SIPAS", name = "Điểm đánh giá qua Chỉ số SIPAS", name_en = "SIPAS", max = 12,
            of = { "TAC.1" }, status = "secondary", source = par.BACKAN_2018 },
    group { code = "KS", name = "Điểm khảo sát công chức, lãnh đạo quản lý",
            name_en = "Survey of civil servants and leaders", max = 23.5, of = { "TAC.2" },
            status = "secondary", source = par.BACKAN_2018 },
  },

  -- The eight official areas of QĐ 2948; no published table of the year
  -- carries area points, so the view scores only a table that has them.
  par.area_view(par.AREAS_2948, nil, {
    code = "by_area", status = "official", source = par.SRC.qd2948_provinces,
    max_note = "official maximum (QĐ 2948/QĐ-BNV)",
    note = "The areas do not nest in the method parts above.",
  }),
}
