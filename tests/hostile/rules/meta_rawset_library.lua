-- Changing a library through rawset.
-- expect: 3: attempt to modify read-only table 'math'
rawset(math, "floor", function() return 0 end)
