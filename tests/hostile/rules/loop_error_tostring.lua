-- An error object whose __tostring loops: the message handler calls it.
-- expect: 3: instruction budget exceeded
error(setmetatable({}, { __tostring = function() while true do end end }))
