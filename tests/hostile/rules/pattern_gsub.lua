-- gsub with a backtracking pattern.
-- expect: 3: instruction budget exceeded
return (string.rep("a", 5000):gsub("a-a-a-a-b", ""))
