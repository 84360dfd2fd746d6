-- Ending the process.
-- expect: 3: os.exit is not available in rule files
os.exit(0)
