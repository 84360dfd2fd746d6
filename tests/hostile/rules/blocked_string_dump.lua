-- Dumping a function to bytecode.
-- expect: 3: string.dump is not available in rule files
return string.dump(function() end)
