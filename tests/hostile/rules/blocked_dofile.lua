-- Running another file.
-- expect: 3: dofile is not available in rule files
return dofile("/etc/passwd")
