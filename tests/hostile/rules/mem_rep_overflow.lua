-- string.rep whose size overflows: an ordinary error, caught here, then
-- a growing table that meets the cap.
-- expect: 5: memory limit (64 MiB) exceeded
local ok, err = pcall(string.rep, "abc", math.maxinteger)
local t = {} for i = 1, 1e9 do t[i] = err end
