-- a function leaf reading a column that does not exist
return index {
  code = "T", name = "x", max = 2,
  sub { code = "1", name = "a", max = 2, score = function(u) return u.scroe end },
}
