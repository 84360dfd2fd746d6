-- functions are handed out and called later
local calls = 0
local M = {}
function M.add(a, b) calls = calls + 1; return a + b end
function M.fail(x)
  error("bad input " .. tostring(x))
end
function M.spin()
  while true do end
end
function M.count() return calls end
function M.echo(...) return ... end
function M.sum(t) local s = 0 for _, v in ipairs(t) do s = s + v end return s end
return M
