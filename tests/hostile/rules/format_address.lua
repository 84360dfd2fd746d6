-- Printing an address, different in every run.
-- expect: 3: '%p' in a format is not available in rule files
return string.format("%p", {})
