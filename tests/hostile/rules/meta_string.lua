-- Changing the metatable every string shares.
-- expect: 3: attempt to index a boolean value
getmetatable("").__index = function() return "pwned" end
