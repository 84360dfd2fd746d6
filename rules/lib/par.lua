-- lib/par.lua — what the PAR INDEX rule files share (rules/par/*.lua for the
-- provinces, rules/par-ministries/*.lua for the ministries): the sources, the
-- group bands, the area lists of each methodology as far as they are public,
-- and small constructors for the parts that repeat from year to year.
--
--   local par = require "lib.par"
--   return index { …, groups = par.groups "90",                   -- by method (2019.lua)
--     par.appraisal { source = par.SRC.laocai_2019 },              --   TD
--     par.impact { column = "impact_total_pts", source = … },      --   TAC, TAC.1–3
--   }
--   return index { …, par.areas(par.AREAS_2948, { … }) }         -- by area (2017.lua)
-- and for QĐ 876 (2022–2030): par.appraisal_876 {}, par.impact_876 {},
-- par.by_source_view_876(), par.area_view(par.AREAS_876, columns, {}).
--
-- Figures come from the project's research notes, each with the page it was
-- read on.  Nothing here is filled in: a maximum that no source gives is left
-- out (nil), and the constructors then leave the node's max out too.
--
-- Node codes are the same in every year so that `chiso diff` can match them:
--   TD     điểm thẩm định (points appraised by MoHA from reports and documents)
--   TAC    điểm đánh giá tác động (the impact part), with
--   TAC.1  SIPAS points, TAC.2 survey of leaders and managers,
--   TAC.3  impact on socio-economic development
--   1 … 8  the areas (lĩnh vực), in the order of the decision.
-- Constructors return fresh tables on every call: the rule language keeps
-- what it is given, so nothing is shared between two declarations.

local par = {}

-- Sources -------------------------------------------------------------------

par.SRC = {
  -- Decisions and structures
  qd1294 = "https://baodongthap.vn/cai-cach-hanh-chinh/xac-dinh-chi-so-cai-cach-hanh-chinh-cap-tinh-nam-2013-38804.aspx",
  structure_2015 = "https://m.baophapluat.vn/ngan-hang-nha-nuoc-da-nang-dan-dau-ve-cai-cach-hanh-chinh-post224282.html",
  ministries_2013 = "https://vietnamnews.vn/opinion/260379/index-improves-administration-reform.html",
  qd2948_provinces = "https://bonoivu.cls.vn/BoNoiVuTemplate/ChiTietKhoaHoc/22610",
  qd2948_ministries = "https://bonoivu.cls.vn/BoNoiVuTemplate/ChiTietKhoaHoc/20330",
  qd2948_plan = "https://ls1.hethongphapluat.com/quyet-dinh-216-qd-ubnd-nam-2018-ve-ke-hoach-trien-khai-xac-dinh-chi-so-cai-cach-hanh-chinh-tinh-nghe-an-nam-2017.html",
  qd1150 = "https://sonoivu.namdinh.gov.vn/van-ban-chinh-sach/quyet-dinh-so-1150qd-bnv-phe-duyet-bo-chi-so-cchc-cac-bo-co-quan-ngang-bo-uy-ban-nhan-dan-tinh-thanh-pho-truc-thuoc-863",
  qd876 = "https://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/43855/tieu-chi-xac-dinh-chi-so-cchc-cap-bo-giai-doan-2022-2030",
  qd876_ministries = "https://baochinhphu.vn/print/tieu-chi-xac-dinh-chi-so-cai-cach-hanh-chinh-cap-bo-giai-doan-2022-2030-10222111515102449.htm",
  qd876_methods = "https://baophapluat.vn/danh-gia-chi-so-cai-cach-hanh-chinh-qua-hai-phuong-phap-post458794.html",
  cv6203 = "https://vanbanphapluat.co/cong-van-6203-bnv-cchc-2022-huong-dan-tu-danh-gia-de-xac-dinh-chi-so-cai-cach-hanh-chinh-cap-tinh",
  qd268_2024 = "https://vhttdl.sonla.gov.vn/tong-hop-cchc/ket-qua-chi-so-cai-cach-hanh-chinh-tinh-son-la-nam-2024-922815",
  -- Provincial reports that give component points or maxima
  langson_2018 = "http://baolangson.vn/xa-hoi/218859-chi-so-par-index-nam-2018-lang-son-xep-thu-26-63-tinh-thanh-pho.html",
  laocai_2019 = "http://ddcilaocai.vn/tin-tuc/duy-tri-cai-thien-va-nang-cao-chi-so-cai-cach-hanh-chinh-cap-tinh-par-index-cua-tinh-lao-cai-nam-2020/",
  top10_2020 = "http://211.88.39.63/article/gb/tjsj/202106/549782.html",
  thanhhoa_2021 = "http://truyenhinhthanhhoa.vn/tin-tuc/xa-hoi/202205/thanh-hoa-xep-thu-1463-tinh-thanh-pho-ve-chi-so-cai-cach-hanh-chinh-par-index-8390806",
  ninhthuan_2022 = "https://sonv.ninhthuan.gov.vn/portal/pages/print.aspx?p=31918",
  daknong_2022 = "https://bqlkcn.daknong.gov.vn/xuat-ban-tin-tuc-cac-khu-cong-nghiep/-/view_content/145716305-chi-so-cai-cach-hanh-chinh-par-index-nam-2022-dak-nong-xep-thu-2-khu-vuc-tay-nguyen.html",
  khanhhoa_2022 = "https://phapykhanhhoa.vn/tang-23-bac-chi-so-cchc-par-index-tinh-khanh-hoa-xep-hang-25-63-tinh-thanh-thuoc-trung-uong/",
  langson_2022 = "https://old.baolangson.vn/en/society/41083-public-administration-reform-index-looking-at-the-limitations-gradually-raising-the-ranking.html",
  sonla_2022 = "https://susta.vn/da-chieu/chi-so-cchc-va-chi-so-hai-long-sipas-2022-cua-tinh-son-la-25445",
  kontum_2023 = "https://snv.kontum.gov.vn/pages/detail/11382/Chi-so-cai-cach-hanh-chinh-nam-2023-tinh-Kon-Tum-tang-12-bac-so-voi-nam-2022-xep-thu-4363-tinh-thanh..html",
  quangnam_2023 = "https://www.vietnam.vn/ja/quang-nam-tang-diem-thang-hang-par-index-va-sipas",
  egov_name = "https://marimbapop.com/news/483f799248.html",
  area_names_2023 = "https://vietnam.vn/en/thay-gi-qua-2-bo-chi-so-quan-trong-bac-nhat-ve-cai-cach-hanh-chinh-do-chinh-phu-cong-bo-ngay-6-4",
  quangbinh_2024 = "https://qbtv.vn/portal/pages/2025-04-14/Ket-qua-Chi-so-PAR-INDEX-va-Chi-so-SIPAS-tinh-Quan.aspx",
  -- Group counts
  groups_2012 = "https://en.vietnamplus.vn/da-nang-tops-nation-in-administrative-reforms/56332.vnp",
  groups_2015 = "https://bqlkktcn.thuathienhue.gov.vn/?cn=115&gd=20&tc=1350",
  groups_2016 = "https://en.vietnamplus.vn/central-bank-da-nang-city-top-par-index-2016/112535.vnp",
  groups_2018 = "https://viet-jo.com/news/social/190528080825.html",
  groups_2018_other = "https://en.vietnamplus.vn/da-nang-remains-in-top-4-in-administrative-reforms/157078.vnp",
  groups_2021 = "https://en.vietnamplus.vn/justice-ministry-hai-phong-top-par-index-rankings-2021/229174.vnp",
  groups_2022 = "https://www.sggp.org.vn/nguoi-dan-quan-tam-nhieu-nhat-den-chinh-sach-kham-chua-benh-post686349.html",
  groups_2023 = "https://en.doanhnghiephoinhap.vn/hai-phong-ranks-2nd-out-of-63-provinces-and-cities-in-the-par-index-with-91-81.html",
  groups_2024 = "https://baomoi.net.vn/hai-tinh-nao-co-chi-so-cai-cach-hanh-chinh-cao-nhat-c51908021.epi",
}
local SRC = par.SRC

-- The Bắc Kạn 2018 split (64.5 / 12 / 23.5) comes from a provincial portal
-- report of the 11/7/2019 conference (the project's seed article 001); its URL
-- was not kept, so nodes citing it say so instead of a URL.
par.BACKAN_2018 = "Bắc Kạn provincial portal, report of the conference of 11/7/2019 "
  .. "(project seed article 001; URL not retained)"

-- Groups --------------------------------------------------------------------
-- Bands on the % of the maximum, best first.  Two schemes are documented:
--   "90": A ≥ 90, B 80–90, C 70–80, D < 70.  Stated with counts for 2015
--         (A 6, B 49, C 8, none below 70: SRC.groups_2015), 2020, 2022, 2023
--         and 2024 (datasets/published/groups.csv); the data notes date it
--         "2015 and from 2019".
--   "80": A ≥ 80, B 75–80, C 70–75, D < 70.  Stated with counts for 2018 only
--         (viet-jo: A 9, B 36, C 15, D 3: SRC.groups_2018, which VietnamPlus
--         contradicts with "29 localities above 80"); the data notes apply it
--         to the years up to 2018 other than 2015.
-- Each year file says which it uses and why.
function par.groups(scheme)
  if scheme == "90" then
    return { { "A", 90 }, { "B", 80 }, { "C", 70 }, { "D" } }
  elseif scheme == "80" then
    return { { "A", 80 }, { "B", 75 }, { "C", 70 }, { "D" } }
  end
  error("par.groups: scheme must be \"90\" or \"80\", not " .. tostring(scheme), 2)
end

-- A leaf (or inner node) reading its points from a column (t.column, else the
-- default).  The column is optional: a table without it leaves the node to its
-- parts or unknown, and `chiso check` only notes it.
local function points_from(node, t, column)
  if t.column ~= false then
    node.column = t.column or column
  end
  return node
end

-- Areas ---------------------------------------------------------------------
-- Each entry: code, Vietnamese name, English name, data column, max (nil when
-- not public), criteria and sub-criteria counts (nil when not public).

-- QĐ 2948/QĐ-BNV (28/12/2017), provinces: official maxima, SRC.qd2948_provinces.
-- The source states 38 criteria and 81 sub-criteria; its per-area criteria add
-- up to 39, so one of its numbers is wrong.
par.AREAS_2948 = {
  { "1", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR",
    "area_leadership", 10, 6, 6 },
  { "2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh",
    "Making and implementing legal normative documents in the province", "area_institutions_legal_docs", 10, 4, 6 },
  { "3", "Cải cách thủ tục hành chính", "Administrative procedure reform", "area_admin_procedures", 14.5, 5, 16 },
  { "4", "Cải cách tổ chức bộ máy hành chính", "Reform of the administrative apparatus", "area_apparatus", 11, 4, 10 },
  { "5", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "Building and improving the civil service", "area_civil_service", 16, 9, 16 },
  { "6", "Cải cách tài chính công", "Public finance reform", "area_public_finance", 7, 3, 6 },
  { "7", "Hiện đại hóa hành chính", "Modernising the administration", "area_modernisation_egov", 16, 5, 18 },
  { "8", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội của tỉnh",
    "Impact of PAR on people, organisations and the province's socio-economic development", "area_impact", 15.5, 3, 3 },
}

-- QĐ 2948/QĐ-BNV, ministries: official maxima, SRC.qd2948_ministries
-- (37 criteria, 79 sub-criteria, 28 criteria assessed by survey).
par.MINISTRY_AREAS_2948 = {
  { "1", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR",
    "area_leadership", 12, 6, 6 },
  { "2", "Xây dựng và tổ chức thực hiện thể chế thuộc phạm vi quản lý nhà nước của bộ",
    "Making and implementing the institutions under the ministry's remit", "area_institutions_legal_docs", 17, 6, 12 },
  { "3", "Cải cách thủ tục hành chính", "Administrative procedure reform", "area_admin_procedures", 16, 5, 13 },
  { "4", "Cải cách tổ chức bộ máy hành chính", "Reform of the administrative apparatus", "area_apparatus", 13, 4, 10 },
  { "5", "Xây dựng và nâng cao chất lượng đội ngũ công chức, viên chức", "Building and improving the civil service",
    "area_civil_service", 17, 8, 13 },
  { "6", "Cải cách tài chính công", "Public finance reform", "area_public_finance", 7.5, 3, 6 },
  { "7", "Hiện đại hóa hành chính", "Modernising the administration", "area_modernisation_egov", 17.5, 5, 19 },
}

-- QĐ 1149 / 1150/QĐ-BNV (2020–2021), provinces: 8 areas, 43 criteria, 95
-- sub-criteria (SRC.qd1150); names as the 2021 results were reported
-- (SRC.thanhhoa_2021); maxima not public.
par.AREAS_1150 = {
  { "1", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR", "area_leadership" },
  { "2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "Legal normative documents",
    "area_institutions_legal_docs" },
  { "3", "Cải cách thủ tục hành chính", "Administrative procedure reform", "area_admin_procedures" },
  { "4", "Cải cách tổ chức bộ máy", "Reform of the apparatus", "area_apparatus" },
  { "5", "Xây dựng, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "Building the civil service",
    "area_civil_service" },
  { "6", "Cải cách tài chính công", "Public finance reform", "area_public_finance" },
  { "7", "Hiện đại hóa hành chính", "Modernising the administration", "area_modernisation_egov" },
  { "8", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
    "Impact of PAR on people, organisations and socio-economic development", "area_impact" },
}

-- QĐ 876/QĐ-BNV (2022–2030), provinces: 8 areas, 37 criteria, 88
-- sub-criteria (SRC.langson_2022, a provincial newspaper).  No official list
-- of the eight was found; the names are as provincial reports of 2022–2024
-- give them, and the only maxima found are Kon Tum's for three areas in 2023
-- (SRC.kontum_2023).  The last field says where each name was read; area 8 is
-- worded as in the 2021 reports, its 2022–2024 source being in English.
par.AREAS_876 = {
  { "1", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR",
    "area_leadership", nil, nil, nil, SRC.daknong_2022 },
  { "2", "Cải cách thể chế", "Institutional reform", "area_institutions_legal_docs", 10, nil, nil, SRC.kontum_2023 },
  { "3", "Cải cách thủ tục hành chính", "Administrative procedure reform", "area_admin_procedures", 13, nil, nil,
    SRC.kontum_2023 },
  { "4", "Cải cách tổ chức bộ máy", "Reform of the administrative apparatus", "area_apparatus", 10.5, nil, nil,
    SRC.kontum_2023 },
  { "5", "Cải cách chế độ công vụ", "Civil service reform", "area_civil_service", nil, nil, nil, SRC.daknong_2022 },
  { "6", "Cải cách tài chính công", "Public finance reform", "area_public_finance", nil, nil, nil,
    SRC.area_names_2023 },
  { "7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "E-government and digital government",
    "area_modernisation_egov", nil, nil, nil, SRC.egov_name },
  { "8", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
    "Impact of PAR on people and local socio-economic development", "area_impact", nil, nil, nil,
    SRC.area_names_2023 },
}

-- QĐ 876/QĐ-BNV, ministries: 7 areas, 38 criteria, 97 sub-criteria, survey
-- 31.5 of 100 points; criteria / sub-criteria per area as two sources give
-- them (SRC.qd876, SRC.qd876_ministries).  The sources are English-language
-- summaries; the Vietnamese names are the usual wording of these areas in
-- 2022 reports, not quoted from the decision.  Maxima not public.
par.MINISTRY_AREAS_876 = {
  { "1", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR", "area_leadership",
    nil, 7, 6 },
  { "2", "Cải cách thể chế", "Institutional reform", "area_institutions_legal_docs", nil, 9, 15 },
  { "3", "Cải cách thủ tục hành chính", "Administrative procedure reform", "area_admin_procedures", nil, 6, 19 },
  { "4", "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the state administrative apparatus",
    "area_apparatus", nil, 4, 14 },
  { "5", "Cải cách chế độ công vụ", "Civil service reform", "area_civil_service", nil, 6, 16 },
  { "6", "Cải cách tài chính công", "Public finance reform", "area_public_finance", nil, 3, 13 },
  { "7", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "E-government and digital government",
    "area_modernisation_egov", nil, 3, 14 },
}

local function counts(a)
  if a[6] then return string.format("%d criteria, %d sub-criteria", a[6], a[7]) end
end

-- A node's status from its maximum: the status of the source when the max is
-- known, "not public" when it is not (the name may still come from a source).
local function status_of(max, known)
  if max == nil then return "not public" end
  return known or "secondary"
end

-- The areas of `list` as parts of the main tree.  Returns several values, so
-- put the call last in the index's list of parts.
--   t.status: of the areas whose max is known ("official" for QĐ 2948)
--   t.source: of every area (an entry's own source wins)
function par.areas(list, t)
  local out = {}
  for i, a in ipairs(list) do
    local note = counts(a)
    if a[5] == nil then
      note = (note and note .. "; " or "") .. "maximum not public"
    end
    out[i] = points_from(area {
      code = a[1], name = a[2], name_en = a[3], max = a[5],
      status = status_of(a[5], t.status), source = a[8] or t.source, note = note,
    }, t, a[4])
  end
  return table.unpack(out)
end

-- A view of the areas of `list`, each group reading its area column.  The
-- areas do not nest in the method parts, so the groups regroup no node; a
-- year's table that lacks an area's column leaves that group unknown.
--   columns: the area columns the year's published table carries (listed in
--     the view's note; nil: none)
--   t.code, t.name, t.status, t.source, t.note as for a view; t.status is
--   also the status of the areas whose maximum is known, t.max_note their note
function par.area_view(list, columns, t)
  local groups, carried = {}, {}
  local known = {}
  for _, a in ipairs(list) do known[a[4]] = true end
  for _, c in ipairs(columns or {}) do
    if not known[c] then error("par.area_view: no area reads column '" .. c .. "'", 2) end
  end
  local wanted = {}
  for _, c in ipairs(columns or {}) do wanted[c] = true end
  for _, a in ipairs(list) do
    groups[#groups + 1] = group {
      code = a[1], name = a[2], name_en = a[3], max = a[5], column = a[4],
      status = status_of(a[5], t.status), source = a[8] or t.source,
      note = a[5] and (t.max_note or "maximum as a provincial report gives it") or "maximum not public",
    }
    if wanted[a[4]] then carried[#carried + 1] = a[1] end
  end
  local note = t.note
  note = (note and note .. " " or "") .. (#carried > 0
    and ("The year's published table carries the points of areas " .. table.concat(carried, ", ") .. ".")
    or "No published table of the year carries area points.")
  groups.code = t.code or "by_area"
  groups.name = t.name or "Theo lĩnh vực"
  groups.name_en = t.name_en or "By area"
  groups.status = t.status or "secondary"
  groups.source = t.source
  groups.note = note
  return view(groups)
end

-- Points by method ----------------------------------------------------------
-- Published tables from 2018 report the total as appraisal + impact, and
-- the impact as SIPAS + survey of leaders + socio-economic impact.

-- TD: the appraised points.
--   t.max, t.status, t.source, t.note, t.max_reason
--   t.column: default "appraisal_pts"
function par.appraisal(t)
  return points_from(part {
    code = "TD", name = "Điểm thẩm định (đánh giá qua báo cáo, tài liệu kiểm chứng)",
    name_en = "Appraised points (reports and evidence, appraised by MoHA)",
    max = t.max, max_reason = t.max_reason, status = t.status or status_of(t.max), source = t.source,
    note = t.note,
  }, t, "appraisal_pts")
end

-- TAC: the impact part and its three components.
--   t.max, t.status, t.source, t.note, t.max_reason
--   t.column: the impact total's column ("impact_total_pts") when the year's
--     table has it; leave out to compute the impact from its parts
--   t.sipas, t.survey, t.socioecon: { max =, status =, source =, note = } of TAC.1–TAC.3
function par.impact(t)
  local function comp(code, name, name_en, column, c)
    c = c or {}
    return points_from(criterion {
      code = code, name = name, name_en = name_en, max = c.max,
      status = c.status or status_of(c.max), source = c.source or t.source, note = c.note,
    }, {}, column)
  end
  return part {
    code = "TAC", name = "Điểm đánh giá tác động của cải cách hành chính", name_en = "Impact of PAR",
    max = t.max, max_reason = t.max_reason, column = t.column, status = t.status or status_of(t.max),
    source = t.source, note = t.note,
    comp("TAC.1", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "Satisfaction with public administration (SIPAS)",
      "impact_sipas_pts", t.sipas),
    comp("TAC.2", "Điều tra xã hội học lãnh đạo, quản lý", "Survey of leaders and managers",
      "impact_leaders_survey_pts", t.survey),
    comp("TAC.3", "Tác động đến phát triển kinh tế - xã hội", "Impact on socio-economic development",
      "impact_socioecon_pts", t.socioecon),
  }
end

-- QĐ 876 (2022–2030) ---------------------------------------------------------
-- Appraisal 61.5 + impact 38.5 (SIPAS 10, leaders' survey 22, socio-economic
-- impact 6.5): stated by the Ninh Thuận Department of Home Affairs for 2022
-- (SRC.ninhthuan_2022) and the Kon Tum one for 2023 (SRC.kontum_2023).

function par.appraisal_876(t)
  t = t or {}
  return par.appraisal {
    max = 61.5, status = "secondary", source = SRC.ninhthuan_2022 .. " ; " .. SRC.kontum_2023,
    note = t.note or "61.5 points, as the Ninh Thuận (2022) and Kon Tum (2023) Departments of Home Affairs report "
      .. "it; its criteria and their maxima (annex of CV 6203/BNV-CCHC) are not public",
    column = t.column,
  }
end

function par.impact_876(t)
  t = t or {}
  local src = SRC.ninhthuan_2022 .. " ; " .. SRC.kontum_2023
  return par.impact {
    max = 38.5, column = t.column, status = "secondary", source = src,
    note = t.note or "38.5 points = SIPAS 10 + survey of leaders and managers 22 + socio-economic impact 6.5",
    sipas = { max = 10 },
    survey = { max = 22 },
    socioecon = { max = 6.5 },
  }
end

-- The 100 points as reported by source: 68 from reports and documents
-- (appraisal 61.5 + socio-economic impact 6.5) and 32 from surveys (SIPAS 10 +
-- leaders 22).  The 68 / 32 split is from a provincial newspaper
-- (SRC.langson_2022); which parts make up each is derived from the maxima.
function par.by_source_view_876()
  return view {
    code = "by_source", name = "Theo phương pháp đánh giá", name_en = "By assessment method",
    status = "secondary", source = SRC.langson_2022,
    note = "68 + 32 points as the Lạng Sơn newspaper reports them for 2022; that the 68 are TD + TAC.3 and the 32 "
      .. "TAC.1 + TAC.2 is derived (61.5 + 6.5 = 68, 10 + 22 = 32)",
    group { code = "DOC", name = "Đánh giá qua báo cáo, tài liệu kiểm chứng", name_en = "From reports and documents",
            max = 68, of = { "TD", "TAC.3" }, status = "secondary", source = SRC.langson_2022 },
    group { code = "SURVEY", name = "Điều tra xã hội học", name_en = "From surveys",
            max = 32, of = { "TAC.1", "TAC.2" }, status = "secondary", source = SRC.langson_2022 },
  }
end

return par
