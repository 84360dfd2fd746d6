-- Running a command.
-- expect: 3: os.execute is not available in rule files
os.execute("rm -rf /tmp/chiso-hostile")
