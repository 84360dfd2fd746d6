-- Reading the environment.
-- expect: 3: os.getenv is not available in rule files
return os.getenv("HOME")
