-- rules/sipas/bench.lua — the BENCHMARK survey format of chiso: respondent-level
-- answers scored SIPAS-style.  This is NOT an official SIPAS questionnaire.
--
-- Data (one row per respondent; answers 1–5 or empty):
--   province,respondent,field,q01,…,q22[,weight]
-- as written by `chiso gen-sipas ROWS SEED` (synthetic data, see
-- datasets/synthetic/README.md).  A `weight` column, when present, is the
-- respondent's sample weight.
--
-- What is official (QĐ 2640/QĐ-BNV, 10/10/2017; research-methodology §3.1):
-- the five elements (yếu tố) and their names, and that there are 22 criteria
-- for people who dealt with an agency directly.
-- https://luatvietnam.vn/tin-phap-luat/co-quan-hanh-chinh-co-du-cho-ngoi-cho-tieu-chi-nang-su-hai-long-cua-nguoi-dan-230-15688-article.html
--
-- What is this benchmark's own (the numbered list of the 22 criteria, the
-- answer scale and the formulas are not public):
--   * the grouping of q01–q22 into the elements: access q01–q04, procedures
--     q05–q09, staff q10–q14, results q15–q18, feedback q19–q22;
--   * the scale 1–5 with 4–5 counted as satisfied (the top-box reading of
--     "% satisfied", which is how SIPAS results are reported);
--   * element = mean of its criteria's rates; SIPAS = mean of the five
--     elements (the common reading of 2017–2021 material, not confirmed).

local OFFICIAL = "QĐ 2640/QĐ-BNV (10/10/2017): "
  .. "https://luatvietnam.vn/tin-phap-luat/co-quan-hanh-chinh-co-du-cho-ngoi-cho-tieu-chi-nang-su-hai-long-cua-nguoi-dan-230-15688-article.html"
local GROUPING = "Name: official (QĐ 2640/QĐ-BNV). Questions: the benchmark format's grouping, not QĐ 2640's "
  .. "(its numbered list of criteria is not public)."

return survey {
  code = "SIPAS-BENCH", unit = "province",
  name = "SIPAS — định dạng benchmark (dữ liệu cấp người trả lời)",
  name_en = "SIPAS, benchmark format (respondent-level)",
  decision = "QĐ 2640/QĐ-BNV (10/10/2017): element names only",
  source = OFFICIAL,
  status = "illustrative",
  note = "Benchmark format, not an official SIPAS questionnaire. Element names follow QĐ 2640/QĐ-BNV; "
    .. "the grouping of q01–q22, the 1–5 scale with 4–5 satisfied, and the formulas (element = mean of "
    .. "its criteria's rates, SIPAS = mean of the five elements) are the benchmark's.",
  unit_column = "province", weight_column = "weight",
  scale = { 1, 5 }, satisfied = { 4, 5 },
  element_formula = "mean", index_formula = "mean",
  decimals = 2,

  element { code = "access", name = "Hài lòng về tiếp cận dịch vụ", name_en = "Access to services",
    questions = { "q01", "q02", "q03", "q04" }, note = GROUPING },
  element { code = "procedures", name = "Hài lòng về thủ tục hành chính", name_en = "Administrative procedures",
    questions = { "q05", "q06", "q07", "q08", "q09" }, note = GROUPING },
  element { code = "staff", name = "Hài lòng về công chức giải quyết thủ tục hành chính",
    name_en = "Civil servants handling the case",
    questions = { "q10", "q11", "q12", "q13", "q14" }, note = GROUPING },
  element { code = "results", name = "Hài lòng về kết quả dịch vụ", name_en = "Service results",
    questions = { "q15", "q16", "q17", "q18" }, note = GROUPING },
  element { code = "feedback", name = "Hài lòng về việc tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị",
    name_en = "Receiving and handling feedback and petitions",
    questions = { "q19", "q20", "q21", "q22" }, note = GROUPING },
}
