-- Running a command through io.
-- expect: 3: io.popen is not available in rule files
return io.popen("id"):read("a")
