-- A methodology file that returns a plain table.
-- expect: 7: a methodology file must return index { … } or survey { … }, not table
local t = {
  code = "PAR",
  max = 100,
}
return t
