-- Table growth inside pcall, retried: the memory error cannot be swallowed.
-- expect: 4: memory limit (64 MiB) exceeded
for _ = 1, 100 do
  pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
end
return "escaped"
