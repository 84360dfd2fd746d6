-- table.concat of a growing list of strings.
-- expect: 4: memory limit (64 MiB) exceeded
local parts, s = {}, string.rep("y", 4096)
for i = 1, 1e9 do parts[i] = s end
return table.concat(parts)
