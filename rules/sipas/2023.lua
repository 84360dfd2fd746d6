-- rules/sipas/2023.lua — SIPAS under QĐ 1001/QĐ-BNV (11/12/2023), the method
-- for measuring satisfaction with state administrative agencies in 2023–2026.
-- One file for the four years: the decision sets one method for the period.
--
-- What is public (research-methodology §3.1):
--   QĐ 1001 measures three aspects
--     1. people's opinions and assessments: interest in public policies;
--        information channels used; whether the ways of reaching policy
--        information suit people; willingness to give opinions; harassment by
--        civil servants; informal payments; whether the ways of submitting
--        applications and receiving results suit people; experience of
--        policies, administrative services and essential public services;
--     2. satisfaction, with two contents: the making and carrying out of
--        public policy, and the provision of services;
--     3. needs and expectations.
--   http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/56987/do-luong-su-hai-long-cua-nguoi-dan-voi-su-phuc-vu-cua-co-quan-hanh-chinh-nha-nuoc-tu-2023-2026
--   SIPAS 2024 used 42 opinion/assessment indicators, 51 satisfaction
--   indicators and 10 needs/expectations indicators
--   (https://www.vietnam.vn/en/cong-bo-chi-so-sipas-2024-co-9006-cho-rang-cong-chuc-khong-gay-phien-ha).
--
-- What is NOT public: which indicators make the published index and how.
-- This file therefore:
--   * takes the published index as given (`column = "score"`);
--   * when it is missing, computes the mean of the two satisfaction contents.
--     That is a guess [derived], not a rule: it reproduces Hà Nội 2024
--     (policy 86.51, services 86.49 → 86.50, published 86.50), but not the
--     national 2024 figures (83.84 and 84.09 → 83.965 against 83.94 published),
--     which may be averaged over provinces instead;
--   * keeps aspects 1 and 3 as nodes that the total leaves out (their function
--     returns "na"): they are measured, but how they enter the index is not public.
--
-- Years: SIPAS 2023 itself was announced on the five elements of QĐ 2640
-- (national 2023 element values 83.00 / 83.02 / 83.12 / 83.03 / 82.27 in the data
-- README; Lạng Sơn's 2023 report, seed article 003), which fits a survey run
-- before QĐ 1001 was signed on 11/12/2023 [hypothesis].  Score 2023 element
-- values with the structure of rules/sipas/2021.lua; the first published
-- values of this structure are SIPAS 2024's (datasets/published/sipas_2024.csv).
-- Note that the mean of those national 2023 elements is 82.888, not the
-- published 82.66: at national level the plain mean does not hold either.
--
-- Data: one row per province; `score`, `sipas_policy_satisfaction` and
-- `sipas_public_service_satisfaction`, as in datasets/published/sipas_2024.csv.

local QD1001 = "http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/56987/do-luong-su-hai-long-cua-nguoi-dan-voi-su-phuc-vu-cua-co-quan-hanh-chinh-nha-nuoc-tu-2023-2026"
local QD1001_TEXT = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1001-QD-BNV-2023-Phuong-phap-Do-luong-hai-long-nguoi-dan-phuc-vu-co-quan-Nha-nuoc-590186.aspx?anchor=dieu_5_1"
local SIPAS2024 = "https://www.vietnam.vn/en/cong-bo-chi-so-sipas-2024-co-9006-cho-rang-cong-chuc-khong-gay-phien-ha"
local HANOI2024 = "https://vjs.vietnam.vn/chi-so-sipas-cua-thanh-pho-ha-noi-xep-thu-11-63-tinh-thanh-pho"
local ACCESS2024 = "https://news.laodong.vn/thoi-su/5-tinh-thap-nhat-ve-chi-so-hai-long-cua-nguoi-dan-voi-co-quan-hanh-chinh-1487593.ldo"

-- Aspects measured but left out of the computed total: the rule that would put
-- them into the index is not public, so they are "not applicable" to the sum.
local function not_in_total() return "na" end

return index {
  code = "SIPAS2023", year = 2023, unit = "province",
  name = "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) 2023–2026",
  name_en = "Satisfaction Index of Public Administrative Services, 2023–2026 method",
  decision = "QĐ 1001/QĐ-BNV (11/12/2023)",
  source = QD1001 .. " ; " .. QD1001_TEXT .. " ; " .. SIPAS2024,
  status = "secondary",
  note = "For 2023–2026. What makes the published index is not public: the published value is taken "
    .. "as given; without it the mean of the two satisfaction contents is shown (a guess that matches "
    .. "Hà Nội 2024). SIPAS 2023 results were announced on QĐ 2640's five elements: use the "
    .. "rules/sipas/2021.lua structure for them. National 2024: 83.94%.",
  max = 100, aggregate = "mean", column = "score",

  part { code = "1", name = "Ý kiến, đánh giá của người dân", name_en = "Opinions and assessments",
    max = 100, status = "not public", source = QD1001, score = not_in_total,
    note = "42 indicators in SIPAS 2024 (e.g. 90.06% said civil servants caused no harassment). "
      .. "How they count in the index is not public: left out of the computed total." },

  part { code = "2", name = "Sự hài lòng", name_en = "Satisfaction",
    max = 100, aggregate = "mean", status = "secondary", source = QD1001,
    note = "51 indicators in SIPAS 2024, split between the two contents in a way not public. "
      .. "The plain mean of the two contents is an assumption.",
    part { code = "2.1", name = "Hài lòng về xây dựng, tổ chức thực hiện chính sách",
      name_en = "Satisfaction with making and carrying out public policy",
      max = 100, column = "sipas_policy_satisfaction", status = "secondary", source = HANOI2024,
      note = "National 2024: 83.84% (provinces 78.16–90.59)." },
    part { code = "2.2", name = "Hài lòng về cung ứng dịch vụ hành chính công",
      name_en = "Satisfaction with the provision of public administrative services",
      max = 100, column = "sipas_public_service_satisfaction", status = "secondary", source = ACCESS2024,
      note = "National 2024: 84.09%. Access to services is measured on three contents (clear signs and "
        .. "instructions; enough seats and desks; enough good equipment), administrative procedures "
        .. "on four (not listed in the excerpt found)." },
  },

  part { code = "3", name = "Nhu cầu, mong đợi của người dân", name_en = "Needs and expectations",
    max = 100, status = "not public", source = SIPAS2024, score = not_in_total,
    note = "10 indicators in SIPAS 2024. Not part of the computed total (how it counts is not public)." },
}
