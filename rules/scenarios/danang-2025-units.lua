-- rules/scenarios/danang-2025-units.lua — ILLUSTRATIVE: the new Thành phố
-- Đà Nẵng (Đà Nẵng and Quảng Nam, merged on 1 July 2025) on the 34 units of
-- 2025, from PAR INDEX 2023 re-expressed for them, as its base says.
--
-- The base score is DERIVED, not published: the equal-weight mean of
-- Đà Nẵng 88.68 (rank 12/63) and Quảng Nam 84.60 (rank 56/63), PAR INDEX
-- 2023 (datasets/published/par_index_2023.csv), = 86.64.  Only 4 of the 34
-- units have a derived 2023 score; the others lie within bounds made from
-- their predecessors' published neighbours, so ranks are intervals.
-- The +3 points are an assumption for illustration, not a target of the city.
return scenario {
  name = "Đà Nẵng (2025 unit): +3 points by 2026",
  name_en = "Đà Nẵng (2025 unit): +3 points by 2026",
  status = "illustrative",
  base = { index = "par", year = 2023, units = 2025 },
  change = {
    ["Thành phố Đà Nẵng"] = "+3",
  },
  others = "unchanged",
  horizon = { 2025, 2026 },
  ranks = { 5, 10 },
  draws = 20000, seed = 2025,
}
