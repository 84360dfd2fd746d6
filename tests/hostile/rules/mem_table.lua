-- A table that grows without end.
-- expect: 4: memory limit (64 MiB) exceeded
local t, i = {}, 0
while true do i = i + 1; t[i] = { i } end
