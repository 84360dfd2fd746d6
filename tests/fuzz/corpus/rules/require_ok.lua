local h = require "lib.helpers"
local again = require("lib.helpers")
return { same = (h == again), double = h.double(21), loads = h.loads() }
