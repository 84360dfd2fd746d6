-- tap.lua — assertions for rule-file tests (tests/rules/test_*.lua), run by
-- tests/cli/test_rules.sh through `chiso run`.  Prints "ok N - name" or
-- "not ok N - name" lines that tests/run.sh counts.
--
--   package.path = "tests/rules/?.lua;" .. package.path
--   local t = require "tap"
--   t.near(total, 86.14, 0.005, "Kon Tum 2023 totals 86.14")
--   t.done()

local t = { n = 0, failed = 0 }

local function report(ok, name, detail)
  t.n = t.n + 1
  if ok then
    print(string.format("ok %d - %s", t.n, name))
  else
    t.failed = t.failed + 1
    print(string.format("not ok %d - %s", t.n, name))
    if detail then print("#   " .. detail) end
  end
  return ok
end

function t.ok(cond, name, detail)
  return report(cond and true or false, name, detail)
end

function t.eq(got, want, name)
  return report(got == want, name, string.format("got %s, want %s", tostring(got), tostring(want)))
end

function t.near(got, want, eps, name)
  local ok = type(got) == "number" and math.abs(got - want) <= eps
  return report(ok, name, string.format("got %s, want %s (±%s)", tostring(got), tostring(want), tostring(eps)))
end

-- Expect fn() to raise an error containing `text`.
function t.raises(fn, text, name)
  local ok, err = pcall(fn)
  if type(err) == "table" then err = err.msg end
  return report(not ok and tostring(err):find(text, 1, true) ~= nil, name,
    ok and "no error" or ("error: " .. tostring(err)))
end

function t.done()
  if t.failed > 0 then os.exit(1) end
end

return t
