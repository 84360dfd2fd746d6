-- scoring.lua — what `chiso score`, `check`, `diff` share: loading a
-- methodology and the data it scores, naming the units, and turning a score
-- into tables people read.
--
--   local scoring = require "scoring"
--   local m = scoring.rules("rules/par/2023.lua", opts)
--   local d = scoring.data("scores.csv", m, opts)       -- { table, names, codes, … }
--   local res = scoring.run(m, d)                       -- totals, percent, rank, group per unit

local cli = require "cli"
local data = require "data"

local scoring = {}

function scoring.rules(path, opts)
  cli.need_file(path)
  return chiso.rules(path, cli.sandbox_options(opts, path))
end


-- Load DATA for methodology m: find the unit column, resolve names to the
-- canonical units when the methodology ranks provinces or ministries.
function scoring.data(path, m, opts)
  local info = m:info()
  local t = chiso.read(path, { decimal_comma = opts.decimal_comma or nil,
                               columns = { code_gso = { type = "text" } } })
  -- Points outside [0, max] of their node: scored as given, each reported.
  if m.out_of_range then
    for _, w in ipairs(m:out_of_range(t)) do chiso.warn("warning: " .. w) end
  end
  local ucol = cli.pick_column(t, opts.unit_column, data.UNIT_COLUMNS, "unit names", "unit-column")
  local kind = info.unit
  local reg = (kind == "province" or kind == "ministry") and data.units(kind) or nil
  local codes, names = data.unit_rows(t, ucol, path, reg)
  return { table = t, path = path, unit_column = ucol, names = names, codes = codes, registry = reg, kind = kind }
end

-- A published table (data.published) as data for methodology m: its shipped
-- file, or, for the 34 units of 2025, the derived table itself.
function scoring.published(pub, m, opts)
  if not pub.units2025 then
    return scoring.data(data.path("published/" .. pub.spec.file:format(pub.year)), m, opts)
  end
  local names, codes = {}, {}
  for i, r in ipairs(pub.rows) do names[i], codes[i] = r.name, r.unit end
  return { table = pub.table, path = pub.file, unit_column = pub.spec.unit_column, names = names, codes = codes,
           registry = data.units(pub.spec.kind), kind = pub.spec.kind }
end

-- The root code of a methodology and the nodes of its main tree and views.
function scoring.layout(m)
  local nodes = m:nodes()
  local by_code = {}
  for _, n in ipairs(nodes) do by_code[n.code] = n end
  return { nodes = nodes, by_code = by_code, root = nodes[1].code, info = m:info() }
end

-- Owner of a node: its own, or the nearest ancestor's.
function scoring.owner(layout, code)
  local n = layout.by_code[code]
  while n do
    if n.owner then return n.owner end
    n = n.parent and layout.by_code[n.parent]
  end
end

-- Score the data: per unit total, percent, rank (competition, at the
-- published precision), group; `given_rank` when the data carry a rank column.
function scoring.run(m, d, opts)
  d = scoring.inputs(m, d, opts or {})
  local s = m:score(d.table)
  local L = scoring.layout(m)
  local root = L.root
  local info = L.info
  local units = {}
  local pct = {}
  for u = 1, #d.table do
    local p = s:get(root, u, "percent")
    units[u] = {
      i = u, name = d.names[u], code = d.codes[u], line = d.table:line(u),
      total = s:get(root, u, "points"), max = s:get(root, u, "max"), percent = p,
      state = s:get(root, u, "state"),
      given_rank = d.table:has("rank") and math.tointeger(tonumber(d.table:get("rank", u))) or nil,
    }
    pct[u] = p
  end
  local ranks = chiso.rank.competition(pct, { n = #d.table, decimals = info.decimals })
  local scored = 0
  for u, x in ipairs(units) do
    x.rank = ranks[u]
    if x.percent then
      scored = scored + 1
      x.group = m:band(x.percent)
    end
  end
  return { score = s, layout = L, units = units, scored = scored, info = info, data = d, methodology = m }
end

-- Columns to show: the main tree down to `depth` (1 = the index's parts), and
-- view groups; only nodes with at least one known value.
function scoring.columns(res, depth, with_views)
  local cols = {}
  for _, n in ipairs(res.layout.nodes) do
    local show = false
    if n.view then
      show = with_views and n.kind == "group"
    else
      show = n.depth >= 1 and n.depth <= depth
    end
    if show then
      for u = 1, res.score:units() do
        if res.score:get(n.code, u) ~= nil then cols[#cols + 1] = n break end
      end
    end
  end
  return cols
end

-- Every published value checked against its parts: { unit, code, given, parts, diff, tolerance, verdict }.
function scoring.verify(res)
  local out = {}
  for _, x in ipairs(res.units) do
    for _, n in ipairs(res.layout.nodes) do
      local verdict, diff, tol = res.score:verify(n.code, x.i)
      if verdict then
        out[#out + 1] = { unit = x, node = n, given = res.score:get(n.code, x.i),
                          parts = res.score:get(n.code, x.i, "parts"), diff = diff, tolerance = tol, verdict = verdict }
      end
    end
  end
  return out
end

-- How many index points one point of a node is worth for unit u: 1 through
-- sums; in a mean, the parent's max over (the part's max × applicable parts);
-- in a weighted mean, the part's share of the weights as well.
function scoring.factor(res, code, u)
  local s, L = res.score, res.layout
  local f = 1
  local n = L.by_code[code]
  while n and n.parent do
    local p = L.by_code[n.parent]
    if p.aggregate ~= "sum" and p.max and n.max and n.max > 0 then
      local k, wsum = 0, 0
      for _, c in ipairs(p.children) do
        local st = s:get(c, u, "state")
        if st ~= "na_excluded" and st ~= "unknown" then
          k = k + 1
          wsum = wsum + (L.by_code[c].weight or 1)
        end
      end
      if p.aggregate == "mean" then
        f = f * p.max / (n.max * math.max(k, 1))
      else
        f = f * ((n.weight or 1) / (wsum > 0 and wsum or 1)) * p.max / n.max
      end
    end
    n = p
  end
  return f
end

-- A unit's breakdown: the deepest nodes with known points (rule leaves, or
-- published components), sorted by the index points they lost, largest
-- first (a part of a mean loses less of the index than of itself).
function scoring.explain(res, u)
  local s, L = res.score, res.layout
  local rows = {}
  for _, n in ipairs(L.nodes) do
    local st = (not n.view and n.depth >= 1) and s:get(n.code, u, "state")
    local parent_st = n.parent and s:get(n.parent, u, "state")
    if st == "na_excluded" and parent_st ~= "na_excluded" then
      -- The topmost part left out as not applicable: listed, nothing lost.
      rows[#rows + 1] = { code = n.code, name = n.name, lost = 0, state = st, owner = scoring.owner(L, n.code),
                          status = n.status, order = n.index }
    elseif st and st ~= "na_excluded" then
      local pts = s:get(n.code, u)
      local deepest = pts ~= nil
      if deepest then
        for _, c in ipairs(n.children) do
          if s:get(c, u) ~= nil then deepest = false break end
        end
      end
      if deepest then
        local mx = s:get(n.code, u, "max")
        local value
        local t = res.data.table
        if n.value_column and t:has(n.value_column) then
          value = t:get(n.value_column, u)
          -- A rate reads better as the fraction it is: 45 / 50.
          if n.den_column and t:has(n.den_column) and value ~= nil and t:get(n.den_column, u) ~= nil then
            value = string.format("%s / %s", tostring(value), tostring(t:get(n.den_column, u)))
          end
        end
        rows[#rows + 1] = {
          code = n.code, name = n.name, points = pts, max = mx,
          lost = mx and (mx - pts) * scoring.factor(res, n.code, u) or nil,
          state = s:get(n.code, u, "state"), decided = s:get(n.code, u, "decided"),
          owner = scoring.owner(L, n.code), value = value, rule = n.rule, status = n.status, order = n.index,
        }
      end
    end
  end
  table.sort(rows, function(a, b)
    local la, lb = a.lost or -1, b.lost or -1
    if math.abs(la - lb) > 1e-9 then return la > lb end
    return a.order < b.order
  end)
  return rows
end

-- Find a unit of the scored data by name (or code); raises with a suggestion.
function scoring.find_unit(res, name)
  local d = res.data
  local code
  if d.registry then
    code = select(1, d.registry:find(name))
  end
  for _, x in ipairs(res.units) do
    if x.code == code or x.code == name or x.name == name then return x end
  end
  local folded = chiso.text.fold(name)
  for _, x in ipairs(res.units) do
    if chiso.text.fold(x.name) == folded then return x end
  end
  local best, bd
  for _, x in ipairs(res.units) do
    local dd = chiso.text.distance(folded, chiso.text.fold(x.name))
    if not bd or dd < bd then best, bd = x, dd end
  end
  cli.fail(string.format("%s: no unit '%s'%s", d.path, name,
    (best and bd <= math.max(2, #folded // 3)) and (" (did you mean '" .. best.name .. "'?)") or ""))
end

-- A copy of data record d whose table has the columns of `cols` added or
-- replaced ({ name = values per row }, applied in name order).
function scoring.with_columns(d, cols, source)
  local t = d.table
  local n = #t
  local out, order = {}, {}
  for _, c in ipairs(t:names()) do
    local vals = t:column(c)
    out[c] = vals
    order[#order + 1] = c
  end
  local keys = {}
  for k in pairs(cols) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if not out[k] then order[#order + 1] = k end
    out[k] = cols[k]
  end
  local spec = { n = n, source = source or t:source() }
  for _, c in ipairs(order) do spec[#spec + 1] = { name = c, values = out[c] } end
  local nd = {}
  for k, v in pairs(d) do nd[k] = v end
  nd.table = chiso.table(spec)
  return nd
end

-- Leaves declared from_rules { rules = "x" } take another methodology's
-- result per unit: score rules/x.lua on the data named by --input x=FILE and
-- add its % of maximum as the column "from:x".
function scoring.inputs(m, d, opts)
  local need, names = {}, {}
  for _, n in ipairs(m:nodes()) do
    local c = n.value_column
    if c and c:sub(1, 5) == "from:" and not d.table:has(c) and not need[c] then
      need[c] = n
      names[#names + 1] = c
    end
  end
  if #names == 0 then return d end
  table.sort(names)
  local given = {}
  for item in (opts.input or ""):gmatch("[^,]+") do
    local k, f = item:match("^%s*([^=]+)=(.+)$")
    if not k then cli.usage_error("--input NAME=FILE.csv (several: a=x.csv,b=y.csv), not '" .. item .. "'") end
    given[k] = f
  end
  local cols = {}
  for _, col in ipairs(names) do
    local n, name = need[col], col:sub(6)
    local file = given[name]
    if not file then
      cli.fail(string.format("%s:%d: '%s' takes its points from rules/%s.lua: give that index's data with --input %s=FILE.csv",
        n.file, n.line, n.code, name, name))
    end
    local other = scoring.rules(chiso.home .. "/rules/" .. name .. ".lua", opts)
    local mt = getmetatable(other)
    local pct = {}
    if mt and mt.__name == "chiso.Survey" then
      local kind = other:info().unit
      local reg = (kind == "province" or kind == "ministry") and data.units(kind) or nil
      local r = other:run(file, { units = reg and reg.units or nil, decimal_comma = opts.decimal_comma or nil })
      for i = 1, r:count() do pct[r:unit(i)] = r:index(i) end
    else
      for _, x in ipairs(scoring.run(other, scoring.data(file, other, opts)).units) do pct[x.code] = x.percent end
    end
    local vals = {}
    for i = 1, #d.table do vals[i] = pct[d.codes[i]] end
    cols[col] = vals
  end
  return scoring.with_columns(d, cols)
end

-- A mapping file (sandboxed) says how to read data laid out for one year's
-- rules under another's: { from = "PAR2022", to = "PAR2023",
--   columns = { new_column = "old_column", other = function(u) return u.a + u.b end } }.
-- Returns a new data record whose table has the mapped columns added (or
-- replaced); unmapped columns pass through.
function scoring.apply_mapping(d, mapfile, opts)
  local sb = chiso.sandbox(cli.sandbox_options(opts, mapfile))
  local map = sb:dofile(mapfile)
  if type(map) ~= "table" or type(map.columns) ~= "table" then
    cli.fail(mapfile .. ": a mapping file returns { columns = { new = \"old\" | function(u) … end }, from =, to = }")
  end
  local t = d.table
  local n = #t
  local rows = {}
  for i = 1, n do rows[i] = t:row(i) end
  local cols = {}
  local keys = {}
  for k in pairs(map.columns) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, new in ipairs(keys) do
    local how = map.columns[new]
    local vals = {}
    if type(how) == "string" then
      if not t:has(how) then
        cli.fail(string.format("%s: column '%s' (mapped to '%s') is not in %s", mapfile, how, new, d.path))
      end
      for i = 1, n do vals[i] = rows[i][how] end
    elseif chiso.is_rule_function(how) then
      for i = 1, n do
        local v = how(rows[i])
        if v ~= nil and type(v) ~= "number" and type(v) ~= "string" then
          cli.fail(string.format("%s: the function for '%s' returned a %s for %s", mapfile, new, type(v), d.names[i]))
        end
        vals[i] = v
      end
    else
      cli.fail(string.format("%s: columns.%s must be a column name or a function", mapfile, new))
    end
    cols[new] = vals
  end
  local nd = scoring.with_columns(d, cols, d.path .. " (mapped by " .. mapfile .. ")")
  nd.mapping = map
  return nd
end

function scoring.fmt(v, decimals)
  if v == nil then return "" end
  return string.format("%." .. (decimals or 2) .. "f", v)
end

return scoring
