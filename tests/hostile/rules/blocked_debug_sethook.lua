-- Removing the instruction hook.
-- expect: 3: debug.sethook is not available in rule files
debug.sethook()
while true do end
