-- A string that doubles without end.
-- expect: 4: memory limit (64 MiB) exceeded
local s = "x"
while true do s = s .. s end
