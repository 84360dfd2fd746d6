-- A message handler that loops: it would run with hooks off if called
-- from inside the limit error.
-- expect: 4: instruction budget exceeded
return xpcall(function() while true do end end, function(e) while true do end end)
