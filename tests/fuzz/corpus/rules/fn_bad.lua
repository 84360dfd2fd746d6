-- a function leaf returning text
return index {
  code = "T", name = "x", max = 2,
  sub { code = "1", name = "a", max = 2, score = function(u) return "two" end },
}
