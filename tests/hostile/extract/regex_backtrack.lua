-- An extraction rule file whose regular expression backtracks
-- catastrophically, retried without end under pcall: each match stops at
-- PCRE2's match limit, and the work must count toward the budget.
-- expect: 7: instruction budget exceeded
local rx = re.compile("(a+)+$")
local s = string.rep("a", 40) .. "!"
while true do pcall(rx.test, rx, s) end
