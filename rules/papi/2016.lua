-- rules/papi/2016.lua — PAPI, the Provincial Governance and Public
-- Administration Performance Index (Chỉ số Hiệu quả Quản trị và Hành chính
-- công cấp tỉnh), on its six-dimension structure (used up to PAPI 2017).
--
-- PAPI is not a government index: UNDP, CECODES and the VFF-CRT run a citizen
-- survey of about 14,000 randomly chosen people a year, in all 63 provinces
-- since 2011 (https://papi.org.vn/eng/hoi-dap/?title=papi-chon-nguoi-tra-loi-phong-van-nhu-the-nao ;
-- http://papi.vn/en/faq.html).
--
-- What is public (research-methodology §8):
--   * six dimensions up to 2017: participation at local levels; transparency;
--     vertical accountability; control of corruption; public administrative
--     procedures; public service delivery (http://papi.vn/en/faq.html);
--   * PAPI 2016: 6 dimensions, 22 sub-dimensions, more than 90 indicators
--     (http://giamsatxahoi.vn/ra-mat-chi-so-hieu-qua-quan-tri-va-hanh-chinh-cong-cap-tinh-o-viet-nam-nam-2016-papi-2016-ev309);
--   * each dimension scores 1–10 and the aggregate is their sum, from 6 to 60
--     (http://origin.papi.org.vn/du-lieu?y=2014).
-- The names of the 22 sub-dimensions and how indicators become dimension
-- scores are not in the research; this file takes the dimension scores from
-- the data (one column each) and adds them up.
--
-- Grouping: PAPI puts provinces into four groups by quartile of that year's
-- distribution (≥ 75th percentile, 50th–75th, 25th–50th, < 25th;
-- http://origin.papi.org.vn/du-lieu?y=2014).  The engine's groups are fixed
-- bands on the % of the maximum, so they cannot express quartiles of the
-- year's own scores: no `groups` are declared here.  Compute the quartile
-- groups from the scored table of all 63 provinces instead.
--
-- The English dimension names are PAPI's (papi.vn FAQ); the Vietnamese names
-- are the ones PAPI's Vietnamese reports use for them (a translation check is
-- welcome: they are not quoted in the research file).

local FAQ = "http://papi.vn/en/faq.html"

return index {
  code = "PAPI2016", year = 2016, unit = "province",
  name = "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (PAPI) 2016",
  name_en = "Provincial Governance and Public Administration Performance Index (PAPI) 2016",
  source = FAQ .. " ; http://origin.papi.org.vn/du-lieu?y=2014 ; "
    .. "http://giamsatxahoi.vn/ra-mat-chi-so-hieu-qua-quan-tri-va-hanh-chinh-cong-cap-tinh-o-viet-nam-nam-2016-papi-2016-ev309",
  status = "secondary",
  note = "Six dimensions of 1–10 points, summed: 6–60. Structure used up to PAPI 2017 (eight dimensions "
    .. "from 2018: rules/papi/2018.lua). Quartile groups of each year's distribution cannot be declared "
    .. "as fixed bands; none are given.",
  max = 60, column = "score",

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
}
