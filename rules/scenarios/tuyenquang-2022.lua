-- rules/scenarios/tuyenquang-2022.lua — ILLUSTRATIVE: Tuyên Quang, PAR INDEX
-- 2021 as the base, +1.5 points in 2022.
--
-- Published (datasets/published/par_index_2021.csv, dofa.tuyenquang.gov.vn):
--   PAR 2021 86.57, rank 34/63 ("tăng 1 bậc so với năm 2020").
-- Seed article 004 (NOT data: not found elsewhere, so not in the datasets):
--   PAR 2017 and 2018 rank 22/63, 2019 rank 16/63; SIPAS 2019 "trên 85%", 22/63.
-- No component of Tuyên Quang's 2021 score is published: the total changes.
return scenario {
  name = "Tuyên Quang 2022: +1.5 points",
  status = "illustrative",
  source = "https://dofa.tuyenquang.gov.vn/cai-cach-hanh-chinh/trang-4.html",
  base = { index = "par", year = 2021 },
  change = {
    ["Tuyên Quang"] = "+1.5",
  },
  others = "unchanged",
  horizon = 2022,
  ranks = { 20, 30 },
  draws = 20000, seed = 2022,
}
