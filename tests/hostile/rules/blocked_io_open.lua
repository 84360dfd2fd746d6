-- Reading a file.
-- expect: 3: io.open is not available in rule files
local f = io.open("/etc/passwd")
return f:read("a")
