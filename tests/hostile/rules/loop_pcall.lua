-- An infinite loop inside pcall, retried by an outer loop.
-- expect: 4: instruction budget exceeded
while true do
  pcall(function() while true do end end)
end
