-- load of text works, mode forced to "t", environment = this file's
answer = 41
local f = assert(load("return answer + 1"))
local g = load("return 1", "=chunk", "b")
local h = load(function() return nil end)
return { f(), g(), type(h) }
