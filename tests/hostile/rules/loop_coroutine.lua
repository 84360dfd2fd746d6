-- An infinite loop of coroutine switches, under pcall.
-- expect: 3: instruction budget exceeded
local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do pcall(co) end
