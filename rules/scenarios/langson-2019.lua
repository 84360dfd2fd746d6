-- rules/scenarios/langson-2019.lua — ILLUSTRATIVE: Lạng Sơn, PAR INDEX 2018
-- as the base, two survey-fed parts improved for 2019.
--
-- Published (datasets/published/par_index_2018.csv, baolangson.vn 218859):
--   PAR 2018 77.25, rank 26/63; appraisal 47.75; impact: SIPAS 9.15 (of 12),
--   leaders' survey 16.85 (of 23.5), socio-economic 3.5.
-- This is the only year with a published Lạng Sơn PAR score in the datasets.
-- Seed articles, NOT data (see /work/shared/data/README.md "Seed facts"):
--   * 000: PAR 2017 rank 27/63, "tăng 27 bậc", 2016 rank 52/63 — consistent
--     with the 2018 article ("tăng 1 bậc"), not stated as a figure there;
--   * 003: PAR 2023 "hơn 85%", rank 47/63; SIPAS 2023 "trên 79%", 55/63 —
--     not found elsewhere, so not in par_index_2023.csv.
-- The changes are assumptions for illustration, not targets of the province.
return scenario {
  name = "Lạng Sơn 2019: SIPAS part to 85%, leaders' survey +1",
  name_en = "Lạng Sơn 2019: SIPAS component at 85% of its maximum, +1 in the leaders' survey",
  status = "illustrative",
  source = "http://baolangson.vn/xa-hoi/218859-chi-so-par-index-nam-2018-lang-son-xep-thu-26-63-tinh-thanh-pho.html",
  base = { index = "par", year = 2018 },      -- methodology rules/par/2018.lua
  change = {
    ["Lạng Sơn"] = {
      ["TAC.1"] = "= 85%",                    -- SIPAS part: 9.15 → 10.2 of 12
      ["TAC.2"] = "+1",                       -- leaders' survey: 16.85 → 17.85 of 23.5
    },
  },
  others = "unchanged",
  horizon = 2019,
  ranks = { 20, 30 },
  draws = 20000, seed = 2019,
}
