-- Long strings copied without end (each copy freed at once).
-- expect: 4: instruction budget exceeded
local s = string.rep("x", 1 << 24)
while true do local t = s .. "y" end
