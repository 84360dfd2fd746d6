-- A binary chunk given to load through a reader function.
-- expect: 5: attempt to load a binary chunk (mode is 't')
local sent = false
local f, err = load(function() if sent then return nil end sent = true return "\27Lua" end)
error(err)
