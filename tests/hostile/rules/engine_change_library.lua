-- Replacing a library function every rule file shares.
-- expect: 3: attempt to modify read-only table 'string'
string.format = function() return "pwned" end
