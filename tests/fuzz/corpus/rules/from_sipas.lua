-- A leaf whose points come from another methodology: the SIPAS benchmark
-- index (% satisfied) scored on respondent data, converted to 10 points.
return index {
  code = "T", name = "Thử nghiệm", max = 20, unit = "province",
  sub { code = "A", name = "Thẩm định", max = 10, column = "appraisal" },
  sub { code = "S", name = "SIPAS", max = 10, score = from_rules { rules = "sipas/bench" } },
}
