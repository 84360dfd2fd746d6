-- A methodology file that returns nothing.
-- expect: 3: a methodology file must return index { … } or survey { … }, not nil
local x = 1
