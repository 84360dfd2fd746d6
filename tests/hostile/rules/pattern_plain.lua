-- A plain search with a long needle that almost matches everywhere.
-- expect: 4: instruction budget exceeded
local hay, needle = string.rep("a", 4000000), string.rep("a", 100000) .. "b"
while true do string.find(hay, needle, 1, true) end
