-- misspelt step condition
return index {
  code = "T", name = "x", max = 2,
  sub { code = "1", name = "a", max = 2,
    score = steps { column = "x", { abvoe = 90, points = 2 }, { otherwise = 0 } } },
}
