-- rules/papi/2018.lua — PAPI, the Provincial Governance and Public
-- Administration Performance Index (Chỉ số Hiệu quả Quản trị và Hành chính
-- công cấp tỉnh), on its eight-dimension structure (from PAPI 2018 on).
--
-- PAPI is not a government index: UNDP, CECODES and the VFF-CRT run a citizen
-- survey of about 14,000 randomly chosen people a year in all 63 provinces
-- (https://papi.org.vn/eng/hoi-dap/?title=papi-chon-nguoi-tra-loi-phong-van-nhu-the-nao).
--
-- What is public (research-methodology §8):
--   * from 2018, eight dimensions: the six of rules/papi/2016.lua plus
--     environmental governance and e-governance, 10 points each, maximum 80
--     (http://news.gov.vn/print/quang-ninh-leads-in-papi-2020-rankings-11140879.htm);
--   * PAPI 2022: 28 sub-dimensions and 102 indicators; provincial average
--     41.56 (https://susta.vn/da-chieu/papi-nam-2022-cua-tinh-son-la-25386).
-- Sub-dimension names and the indicator formulas are not in the research;
-- this file takes the eight dimension scores from the data and adds them up.
--
-- Precision: totals are published to three decimals (Quảng Ninh PAPI 2020:
-- 48.811 in news.gov.vn, 48.881 in VietnamPlus — the sources disagree,
-- research-methodology §9), hence `decimals = 3`.
--
-- Grouping: four groups by quartile of the year's distribution (≥ 75th
-- percentile, 50th–75th, 25th–50th, < 25th; http://origin.papi.org.vn/du-lieu?y=2014).
-- Fixed bands on the % of the maximum cannot express quartiles of the year's
-- own scores, so no `groups` are declared: compute the quartiles from the
-- scored table of all 63 provinces.
--
-- English dimension names: PAPI's (papi.vn FAQ, news.gov.vn); the Vietnamese
-- names are those of PAPI's Vietnamese reports (not quoted in the research file).

local FAQ = "http://papi.vn/en/faq.html"
local EIGHT = "http://news.gov.vn/print/quang-ninh-leads-in-papi-2020-rankings-11140879.htm"

return index {
  code = "PAPI2018", year = 2018, unit = "province",
  name = "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (PAPI) 2018",
  name_en = "Provincial Governance and Public Administration Performance Index (PAPI) 2018",
  source = EIGHT .. " ; " .. FAQ .. " ; https://susta.vn/da-chieu/papi-nam-2022-cua-tinh-son-la-25386",
  status = "secondary",
  note = "Eight dimensions of 10 points each, summed: maximum 80. Used from PAPI 2018 on. Quartile "
    .. "groups of each year's distribution cannot be declared as fixed bands; none are given.",
  max = 80, column = "score", decimals = 3,

  area { code = "1", name = "Tham gia của người dân ở cấp cơ sở", name_en = "Participation at local levels",
    max = 10, column = "papi_participation", source = FAQ, status = "secondary" },
  area { code = "2", name = "Công khai, minh bạch", name_en = "Transparency",
    max = 10, column = "papi_transparency", source = FAQ, status = "secondary" },
  area { code = "3", name = "Trách nhiệm giải trình với người dân", name_en = "Vertical accountability",
    max = 10, column = "papi_accountability", source = FAQ, status = "secondary" },
  area { code = "4", name = "Kiểm soát tham nhũng trong khu vực công", name_en = "Control of corruption",
    max = 10, column = "papi_corruption_control", source = FAQ, status = "secondary" },
  area { code = "5", name = "Thủ tục hành chính công", name_en = "Public administrative procedures",
    max = 10, column = "papi_admin_procedures", source = FAQ, status = "secondary" },
  area { code = "6", name = "Cung ứng dịch vụ công", name_en = "Public service delivery",
    max = 10, column = "papi_service_delivery", source = FAQ, status = "secondary" },
  -- The two dimensions added in 2018.
  area { code = "7", name = "Quản trị môi trường", name_en = "Environmental governance",
    max = 10, column = "papi_environment", source = EIGHT, status = "secondary" },
  area { code = "8", name = "Quản trị điện tử", name_en = "E-governance",
    max = 10, column = "papi_egovernance", source = EIGHT, status = "secondary" },
}
