-- A catastrophic regular expression run once while the file loads.
-- expect: 5: pattern '(a+)+$' exceeded the match limit
local rx = re.compile("(a+)+$")
local s = string.rep("a", 40) .. "!"
return rx:test(s)
