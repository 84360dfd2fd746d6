-- string.rep with a huge count and a separator, inside pcall.
-- expect: 3: memory limit (64 MiB) exceeded
local ok = pcall(string.rep, "ab", 1e9, string.rep(",", 100))
return "escaped"
