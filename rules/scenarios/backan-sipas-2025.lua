-- rules/scenarios/backan-sipas-2025.lua — ILLUSTRATIVE: Bắc Kạn, SIPAS 2024
-- as the base: what if it reached the national level in 2025?
--
-- Published (datasets/published/sipas_2024.csv): Bắc Kạn SIPAS 2024 78.17%,
-- rank 63/63 (last, as in 2023: 75.03, 63/63).  The national SIPAS 2024 is
-- 83.94 (datasets/published/editions.csv).
-- Seed article 001 (NOT data: not found elsewhere, so not in the datasets):
--   PAR 2018 "74,62/100", rank 49/63; PAR 2017 73.92.
-- There is no methodology file for SIPAS 2024, so only the total changes.
return scenario {
  name = "Bắc Kạn SIPAS 2025 at the 2024 national level (83.94%)",
  name_en = "Bắc Kạn's SIPAS at the national 2024 average",
  status = "illustrative",
  source = "https://baobackan.vn/diem-bao-in-bac-kan-ngay-2342025-post70409.html",
  base = { index = "sipas", year = 2024 },
  change = {
    ["Bắc Kạn"] = "= 83.94",
  },
  others = "unchanged",
  horizon = 2025,
  ranks = { 40, 62 },
  draws = 20000, seed = 2025,
}
