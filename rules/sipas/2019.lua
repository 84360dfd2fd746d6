-- rules/sipas/2019.lua — SIPAS 2019: Chỉ số hài lòng về sự phục vụ hành chính
-- of the 63 provinces, on the structure of QĐ 2640/QĐ-BNV (10/10/2017).
--
-- What is public (research-methodology §3.1):
--   * five elements (yếu tố): access to services; administrative procedures;
--     the civil servants who handle the case; service results; receiving and
--     handling feedback and petitions —
--     https://luatvietnam.vn/tin-phap-luat/co-quan-hanh-chinh-co-du-cho-ngoi-cho-tieu-chi-nang-su-hai-long-cua-nguoi-dan-230-15688-article.html
--   * 22 criteria for people who dealt with an agency directly.  The numbered
--     list was NOT found.  The criteria that sources quote are given in the
--     note of the element their wording belongs to; no other criterion is named.
--     https://thuvienphapluat.vn/tintuc/vn/thong-bao-van-ban-moi/email/18104/22-tieu-chi-do-luong-su-hai-long-cua-dan-doi-voi-cqhc-nha-nuoc
--
-- What is NOT public: the answer scale, the criterion and element formulas and
-- the formula of the overall index.  Here each element is its published
-- % satisfied (a data column) and the index is the plain mean of the five
-- elements.  That mean is the common reading, not a sourced rule; it does
-- reproduce Lai Châu 2021 (90.50, 89.66, 88.13, 89.98, 75.79 → 86.812 against
-- the published 86.81; see rules/sipas/2021.lua).
--
-- SIPAS 2019: 84.45% nationally, 35,268 respondents, 16 fields
-- (https://moitruong.net.vn/infographic-854-nguoi-dan-to-chuc-hai-long-ve-su-phuc-vu-cua-co-quan-hanh-chinh/).
--
-- Data: one row per province (column `province`); `score` holds the published
-- index, sipas_access, sipas_procedures, sipas_staff, sipas_results and
-- sipas_feedback the element values where a source gives them.  A published
-- index is taken as given and checked against the mean of its elements.

local ELEMENTS = "https://luatvietnam.vn/tin-phap-luat/co-quan-hanh-chinh-co-du-cho-ngoi-cho-tieu-chi-nang-su-hai-long-cua-nguoi-dan-230-15688-article.html"
local CRITERIA = "https://thuvienphapluat.vn/tintuc/vn/thong-bao-van-ban-moi/email/18104/22-tieu-chi-do-luong-su-hai-long-cua-dan-doi-voi-cqhc-nha-nuoc"
-- Bắc Kạn's report on its PAR INDEX and SIPAS 2018 (provincial portal, conference
-- of 11/7/2019; project seed article 001) quotes two criteria word for word.
local BACKAN = "Bắc Kạn provincial portal, PAR/SIPAS 2018 conference of 11/7/2019 (seed article 001)"

return index {
  code = "SIPAS2019", year = 2019, unit = "province",
  name = "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) 2019",
  name_en = "Satisfaction Index of Public Administrative Services 2019",
  decision = "QĐ 2640/QĐ-BNV (10/10/2017)",
  source = ELEMENTS .. " ; " .. CRITERIA,
  status = "secondary",
  note = "The index is the mean of the five element rates: the common reading, not confirmed by a "
    .. "source (the formulas of QĐ 2640 are not public). One quoted criterion, 'processing time "
    .. "within the legal limit', is not tied to an element by the sources. "
    .. "2019: 84.45% nationally.",
  max = 100, aggregate = "mean", column = "score",

  -- The five elements: each a % satisfied, 0–100, given by the data.  Names as
  -- the provincial reports word them (Lai Châu 2021, Lạng Sơn 2023: seed
  -- articles 002 and 003).
  part { code = "1", name = "Hài lòng về tiếp cận dịch vụ", name_en = "Access to services",
    max = 100, column = "sipas_access", status = "secondary", source = ELEMENTS,
    note = "Criteria quoted by sources: enough seats where people wait; enough equipment (luatvietnam); "
      .. "'Trang thiết bị phục vụ người dân, tổ chức hiện đại' (" .. BACKAN .. "). "
      .. "The element's other criteria are not public." },

  part { code = "2", name = "Hài lòng về thủ tục hành chính", name_en = "Administrative procedures",
    max = 100, column = "sipas_procedures", status = "secondary", source = ELEMENTS,
    note = "Criteria quoted by sources: procedures publicised in full (thuvienphapluat); "
      .. "'Thành phần hồ sơ mà người dân, tổ chức phải nộp là đúng quy định' (" .. BACKAN .. "). "
      .. "The element's other criteria are not public." },

  part { code = "3", name = "Hài lòng về công chức giải quyết thủ tục hành chính", name_en = "Civil servants",
    max = 100, column = "sipas_staff", status = "secondary", source = ELEMENTS,
    note = "Criteria quoted by sources (thuvienphapluat): civil servants are polite; answer every "
      .. "question; guide people carefully; follow the rules. The element's other criteria are not public." },

  part { code = "4", name = "Hài lòng về kết quả dịch vụ", name_en = "Service results",
    max = 100, column = "sipas_results", status = "secondary", source = ELEMENTS,
    note = "No criterion of this element is quoted by the sources found." },

  part { code = "5", name = "Hài lòng về việc tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị",
    name_en = "Receiving and handling feedback and petitions",
    max = 100, column = "sipas_feedback", status = "secondary", source = ELEMENTS,
    note = "Criterion quoted by sources: people are told in time how their feedback was handled "
      .. "(thuvienphapluat). The element's other criteria are not public." },
}
