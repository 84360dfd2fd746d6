-- An infinite loop.
-- expect: 3: instruction budget exceeded
while true do end
