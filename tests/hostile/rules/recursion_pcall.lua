-- Deep recursion inside pcall, retried.
-- expect: 3: stack overflow (more than 100000 nested calls)
local function f(n) return 1 + f(n + 1) end
while true do pcall(f, 1) end
