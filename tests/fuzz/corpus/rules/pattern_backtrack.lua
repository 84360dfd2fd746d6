-- A Lua pattern that backtracks catastrophically (O(n^4) in C).
-- expect: 3: instruction budget exceeded
return string.find(string.rep("a", 100000), ".-.-.-.-b")
