-- A finalizer, which would run with the hook off.
-- expect: 3: __gc metamethods are not available in rule files
setmetatable({}, { __gc = function() while true do end end })
