-- misspelt helper
return index {
  code = "T", name = "x", max = 2,
  sub { code = "1", name = "a", max = 2,
    score = stesp { column = "x", { otherwise = 0 } } },
}
