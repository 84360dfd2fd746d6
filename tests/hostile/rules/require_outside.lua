-- A module outside rules/: the engine's own scripts.
-- expect: 3: module 'scripts.lib.cli' not found under
return require "scripts.lib.cli"
