-- A module path climbing out of rules/.
-- expect: 3: module '../../etc/passwd' not found: module names are dotted identifiers
return require "../../etc/passwd"
