-- Nested pcalls, each catching whatever the inner one raised.
-- expect: 6: instruction budget exceeded
local function spin()
  local ok = pcall(pcall, pcall, function()
    local x = 0
    while true do x = x + 1 end
  end)
  return ok
end
while true do spin() end
