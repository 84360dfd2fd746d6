-- Deleting a file, through pcall.
-- expect: 3: os.remove is not available in rule files
local ok, err = pcall(os.remove, "/tmp/x")
error(err, 0)
