-- Replacing a library's metatable.
-- expect: 3: cannot change a protected metatable
setmetatable(string, { __index = function() return "pwned" end })
