-- A backtracking pattern inside pcall, retried without end.
-- expect: 4: instruction budget exceeded
local s = string.rep("a", 3000)
while true do pcall(string.match, s, "(.-)(.-)(.-)$x") end
