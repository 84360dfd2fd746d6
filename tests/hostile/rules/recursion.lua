-- Deep recursion.
-- expect: 3: stack overflow (more than 100000 nested calls)
local function f(n) return f(n + 1) + 1 end
return f(1)
