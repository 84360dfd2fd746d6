local t = { zeta = 1, alpha = 2, mid = 3, [10] = "ten", [2] = "two", [true] = "yes" }
local out = {}
for k, v in pairs(t) do out[#out + 1] = tostring(k) end
return table.concat(out, " ")
