-- %b over a long unbalanced subject, many times.
-- expect: 4: instruction budget exceeded
local s = string.rep("(", 1000000)
while true do string.find(s, "%b()") end
