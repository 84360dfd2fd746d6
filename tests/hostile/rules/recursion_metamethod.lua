-- __index calling itself through the table: C-level recursion.
-- expect: 3: C stack overflow
local t = setmetatable({}, { __index = function(t, k) return t[k] end })
return t.x
