-- A string doubled by gsub until memory runs out.
-- expect: 4: instruction budget exceeded
local s = string.rep("a", 1024)
while true do s = s:gsub("a", "aa") end
