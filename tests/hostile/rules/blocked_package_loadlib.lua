-- Loading a C library.
-- expect: 3: package.loadlib is not available in rule files
local system = package.loadlib("libc.so.6", "system")
return system("id")
