-- rules/scenarios/laichau-2021.lua — ILLUSTRATIVE: Lai Châu, PAR INDEX 2019
-- as the base, +2.5 points, the others continuing their own trend.
--
-- Published (datasets/published/par_index_2018.csv and 2019.csv, baophapluat.vn):
--   PAR 2018 72.23, rank 58/63; PAR 2019 79.51, rank 51/63.
-- Seed article 002 (NOT data: not found elsewhere, so not in the datasets):
--   PAR 2021 86.69, rank 31/63, "tăng 7 bậc" on 2020; SIPAS 2021 86.81%.
--   Compare the projection with it by eye only.
-- Few units have two published scores ending in 2019: the others without a
-- trend stay as published (the output lists them).
return scenario {
  name = "Lai Châu 2020–2021: +2.5 points, others on their trend",
  status = "illustrative",
  source = "https://m.baophapluat.vn/lai-chau-tang-vuot-bac-ve-chi-so-cai-cach-hanh-chinh-va-su-hai-long-cua-nguoi-dan-post346974.html",
  base = { index = "par", year = 2019 },
  change = {
    ["Lai Châu"] = { total = "+2.5" },
  },
  others = trend { years = 2 },
  horizon = { 2020, 2021 },
  ranks = { 30, 50 },
  draws = 20000, seed = 2021,
}
