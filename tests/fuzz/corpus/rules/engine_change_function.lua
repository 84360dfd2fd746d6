-- Replacing a function of the rule language.
-- expect: 3: attempt to modify read-only global 'index'
index = function() return {} end
