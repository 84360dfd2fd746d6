-- io is not available: the message names what was called
local f = io.open("/etc/passwd")
return f
