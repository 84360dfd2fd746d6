-- misspelt key
return index {
  code = "T", name = "x", max = 10,
  area { code = "1", name = "a", mxa = 10 },
}
