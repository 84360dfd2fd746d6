-- Coroutines created without end.
-- expect: 4: memory limit (64 MiB) exceeded
local all = {}
for i = 1, 1e9 do all[i] = coroutine.create(function() end) end
