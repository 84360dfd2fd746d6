-- A methodology file that returns a number.
-- expect: 3: a methodology file must return index { … } or survey { … }, not number
return 42
