-- Coroutines resumed without end, each one dead at once.
-- expect: 3: instruction budget exceeded
while true do coroutine.resume(coroutine.create(function() end)) end
