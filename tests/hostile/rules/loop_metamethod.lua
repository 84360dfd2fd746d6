-- An infinite loop inside an __index metamethod, reached through pcall.
-- expect: 3: instruction budget exceeded
local t = setmetatable({}, { __index = function() while true do end end })
while true do pcall(function() return t.x end) end
