-- a plain declaration
return {
  code = "PAR2017", max = 100, ratio = 0.5, whole = 2.0,
  areas = { { code = "1", max = 10 }, { code = "2", max = 15.5 } },
  flags = { yes = true, no = false },
}
