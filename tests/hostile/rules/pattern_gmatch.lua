-- gmatch with a backtracking pattern on a long subject.
-- expect: 3: instruction budget exceeded
for x in string.rep("ab", 50000):gmatch("(a*.-)*b*c") do end
