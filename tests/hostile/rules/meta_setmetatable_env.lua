-- Replacing the file's environment metatable to see the engine's globals.
-- expect: 3: cannot change a protected metatable
setmetatable(_G, nil)
