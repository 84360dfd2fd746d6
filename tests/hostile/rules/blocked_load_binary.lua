-- A binary chunk given to load as a string.
-- expect: 3: load of binary chunks is not available in rule files
return load("\27Lua\84\0\25\147\r\n\26\n\4\8\8")
