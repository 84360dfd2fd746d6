-- rules_prelude.lua — the rule language: the functions a methodology file
-- uses to declare an index.  Embedded in the chiso binary and run inside each
-- rule sandbox before the rule file; the functions it returns become read-only
-- globals of rule files.
--
-- Every constructor checks its keys and records where it was called, so a
-- misspelt key is an error at the rule file's line with a suggestion, and the
-- engine can report problems of the methodology at the line that declared them.
--
-- Declarations are plain tables { decl = "area", file = ..., line = ..., ... };
-- the engine (api_rules.c) compiles them into C structures.

local where, key_line = ...   -- engine-provided: where(level) -> file, line of a
                               -- caller; key_line(file, line, key) -> the line of
                               -- "key =" from a declaration's line on

local LEVEL = 2     -- where(LEVEL): the rule code that called a constructor (1 = the constructor)

local function fail(file, line, fmt, ...)
  if line and line > 0 then
    error(string.format("%s:%d: " .. fmt, file, line, ...), 0)
  end
  error(string.format("%s: " .. fmt, file, ...), 0)
end

-- Edit distance where swapping two neighbouring letters counts once ("mxa" → "max").
local function distance(a, b)
  local la, lb = #a, #b
  local d = {}
  for i = 0, la do d[i] = { [0] = i } end
  for j = 0, lb do d[0][j] = j end
  for i = 1, la do
    for j = 1, lb do
      local cost = (a:byte(i) == b:byte(j)) and 0 or 1
      local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and a:byte(i) == b:byte(j - 1) and a:byte(i - 1) == b:byte(j) then
        v = math.min(v, d[i - 2][j - 2] + 1)
      end
      d[i][j] = v
    end
  end
  return d[la][lb]
end

local function suggestion(word, allowed)
  local best, bestd
  for k in pairs(allowed) do
    local d = distance(word, k)
    if not bestd or d < bestd or (d == bestd and k < best) then best, bestd = k, d end
  end
  -- two edits for words of four letters or more ("maks" → "max")
  if best and bestd <= math.max(#word >= 4 and 2 or 1, #word // 3) then
    return " (did you mean '" .. best .. "'?)"
  end
  local names = {}
  for k in pairs(allowed) do names[#names + 1] = k end
  table.sort(names)
  return " (known keys: " .. table.concat(names, ", ") .. ")"
end

local function set(list)
  local s = {}
  for _, k in ipairs(list) do s[k] = true end
  return s
end

-- Keys every node may have.
local NODE_KEYS = {
  "code", "name", "name_en", "max", "owner", "column", "status", "source", "note",
  "na", "na_when", "max_reason", "weight", "aggregate", "score",
}

local KEYS = {
  index = set { "code", "name", "name_en", "max", "unit", "year", "decision", "source", "status", "note",
                "groups", "decimals", "aggregate", "column", "max_reason", "owner", "na", "na_when" },
  part = set(NODE_KEYS),
  area = set(NODE_KEYS),
  criterion = set(NODE_KEYS),
  sub = set(NODE_KEYS),
  view = set { "code", "name", "name_en", "status", "source", "note" },
  group = set { "code", "name", "name_en", "max", "of", "column", "status", "source", "note", "max_reason", "owner" },
}

local STATUS = set { "official", "illustrative", "secondary", "derived", "not public", "synthetic" }

local function check_string(d, key, required)
  local v = d[key]
  if v == nil then
    if required then fail(d.file, d.line, "%s needs '%s'", d.decl, key) end
    return
  end
  if math.type(v) == "integer" and key == "code" then
    d[key] = tostring(v)   -- code = 1 reads as "1"
  elseif type(v) ~= "string" then
    fail(d.file, d.line, "%s: '%s' must be text, not %s", d.decl, key, type(v))
  end
end

local function check_number(d, key)
  local v = d[key]
  if v ~= nil and type(v) ~= "number" then
    fail(d.file, d.line, "%s '%s': '%s' must be a number, not %s", d.decl, tostring(d.code), key, type(v))
  end
end

local function is_decl(v, kind)
  return type(v) == "table" and rawget(v, "decl") ~= nil and (kind == nil or rawget(v, "decl") == kind)
end

local RULES = set { "steps", "rate", "percent", "linear", "on_time", "yes_no", "schedule", "penalty", "from_rules" }

local function make_node(kind)
  return function(t)
    local file, line = where(LEVEL, kind)
    if type(t) ~= "table" then
      fail(file, line, "%s expects a table: %s { code = \"1\", name = \"…\", max = 10 }", kind, kind)
    end
    local d = { decl = kind, file = file, line = line, children = {} }
    local allowed = KEYS[kind]
    local n = #t
    for k, v in pairs(t) do
      if math.type(k) == "integer" and k >= 1 and k <= n then
        -- parts, checked below
      elseif type(k) ~= "string" then
        fail(file, key_line(file, line, tostring(k)), "%s: unexpected key %s", kind, tostring(k))
      elseif not allowed[k] then
        fail(file, key_line(file, line, tostring(k)), "%s: unknown key '%s'%s", kind, k, suggestion(k, allowed))
      else
        d[k] = v
      end
    end
    check_string(d, "code", true)
    if kind ~= "view" then check_string(d, "name", kind ~= "group") end
    check_string(d, "name_en")
    check_string(d, "owner")
    check_string(d, "column")
    check_string(d, "source")
    check_string(d, "note")
    check_string(d, "max_reason")
    check_number(d, "max")
    check_number(d, "weight")
    if d.status ~= nil and not STATUS[d.status] then
      fail(file, line, "%s '%s': status must be one of official, illustrative, secondary, derived, not public, synthetic%s",
        kind, d.code, type(d.status) == "string" and suggestion(d.status, STATUS) or "")
    end
    if d.na ~= nil and d.na ~= "full" and d.na ~= "exclude" then
      fail(file, line, "%s '%s': na must be \"full\" (full points) or \"exclude\" (left out of the max)", kind, d.code)
    end
    if d.na_when ~= nil then
      local w = d.na_when
      if type(w) ~= "table" or type(w.column) ~= "string" or (type(w.is) ~= "string" and type(w.is) ~= "number") then
        fail(file, line, "%s '%s': na_when = { column = \"…\", is = \"no\" }", kind, d.code)
      end
      for k in pairs(w) do
        if k ~= "column" and k ~= "is" then fail(file, key_line(file, line, tostring(k)), "na_when: unknown key '%s'", tostring(k)) end
      end
    end
    if d.aggregate ~= nil and d.aggregate ~= "sum" and d.aggregate ~= "mean" and d.aggregate ~= "weighted_mean" then
      fail(file, line, "%s '%s': aggregate must be \"sum\", \"mean\" or \"weighted_mean\"", kind, d.code)
    end
    if d.score ~= nil and type(d.score) ~= "function" and not is_decl(d.score, "rule") then
      fail(file, line, "%s '%s': score must be a rule (steps { … }, rate { … }, …) or a function", kind, d.code)
    end
    if d.of ~= nil then
      if type(d.of) ~= "table" or #d.of == 0 then
        fail(file, line, "group '%s': of = { \"code\", … } lists the nodes it regroups", d.code)
      end
      for i, c in ipairs(d.of) do
        if type(c) ~= "string" and math.type(c) ~= "integer" then
          fail(file, line, "group '%s': of[%d] must be a code", d.code, i)
        end
        d.of[i] = tostring(c)
      end
    end
    if d.groups ~= nil then
      if type(d.groups) ~= "table" then fail(file, line, "groups = { { \"A\", 90 }, { \"B\", 80 }, { \"C\" } }") end
      for i, g in ipairs(d.groups) do
        if type(g) ~= "table" or type(g[1]) ~= "string" or (g[2] ~= nil and type(g[2]) ~= "number") then
          fail(file, line, "groups[%d] must be { \"label\", lower_bound } (the last may omit the bound)", i)
        end
      end
    end
    check_number(d, "decimals")
    for i = 1, n do
      local c = t[i]
      if not is_decl(c) or c.decl == "rule" or c.decl == "index" then
        fail(file, line, "%s '%s': part %d is not an area, criterion, sub or group (%s)", kind, d.code, i,
          is_decl(c) and c.decl or type(c))
      end
      if c.decl == "view" and kind ~= "index" then
        fail(c.file, c.line, "a view belongs directly in the index")
      end
      d.children[i] = c
    end
    return d
  end
end

-- Rules ---------------------------------------------------------------------

local RULE_KEYS = {
  steps = set { "column", "missing" },
  rate = set { "column", "num", "den", "scale", "zero", "missing" },
  percent = set { "column", "missing" },
  linear = set { "column", "from", "to", "missing" },
  on_time = set { "column", "on_time", "late", "not_done", "missing" },
  yes_no = set { "column", "yes", "no", "missing" },
  schedule = set { "column", "otherwise", "missing" },
  penalty = set { "column", "per", "cap", "missing" },
  from_rules = set { "rules", "missing" },
}

local STEP_OPS = { above = ">", from = ">=", below = "<", upto = "<=", equals = "=" }

local function make_rule(kind)
  return function(t)
    local file, line = where(LEVEL)
    if type(t) ~= "table" then fail(file, line, "%s expects a table: %s { column = \"…\", … }", kind, kind) end
    local d = { decl = "rule", rule = kind, file = file, line = line }
    local allowed = RULE_KEYS[kind]
    local n = #t
    for k, v in pairs(t) do
      if math.type(k) == "integer" and k >= 1 and k <= n then
        if kind ~= "steps" and kind ~= "schedule" then fail(file, line, "%s takes named keys only", kind) end
      elseif type(k) ~= "string" or not allowed[k] then
        fail(file, key_line(file, line, tostring(k)), "%s: unknown key '%s'%s", kind, tostring(k), suggestion(tostring(k), allowed))
      else
        d[k] = v
      end
    end
    if kind == "from_rules" then
      -- Points from another methodology's result for the same unit: its
      -- index as a % of its maximum, times this leaf's maximum.  The engine
      -- reads it as the percentage column "from:<rules>".
      if type(d.rules) ~= "string" or not d.rules:match("^[%w_%-]+[/%w_%-]*$") then
        fail(file, line, "from_rules { rules = \"sipas/bench\" } names a rule file under rules/")
      end
      d.column = "from:" .. d.rules
      d.rule = "percent"
    end
    if kind == "rate" and d.num then
      if d.column then fail(file, line, "rate: give either column or num/den, not both") end
      d.column = d.num
      if type(d.den) ~= "string" then fail(file, line, "rate: num = \"…\" needs den = \"…\"") end
    elseif kind == "rate" and d.den then
      fail(file, line, "rate: den needs num (the numerator column)")
    end
    if type(d.column) ~= "string" then fail(file, line, "%s needs column = \"name of the data column\"", kind) end
    if d.missing ~= nil and d.missing ~= 0 and d.missing ~= "na" and d.missing ~= "unknown" then
      fail(file, line, "%s: missing must be 0, \"na\" or \"unknown\"", kind)
    end
    if kind == "rate" and d.zero ~= nil and d.zero ~= 0 and d.zero ~= "full" and d.zero ~= "na" then
      fail(file, line, "rate: zero (a zero denominator) must be 0, \"full\" or \"na\"")
    end
    for _, k in ipairs { "scale", "from", "to", "on_time", "late", "not_done", "yes", "no", "per", "cap", "otherwise" } do
      if d[k] ~= nil and type(d[k]) ~= "number" then fail(file, line, "%s: '%s' must be a number", kind, k) end
    end
    if kind == "linear" and (d.from == nil or d.to == nil) then
      fail(file, line, "linear needs from = … and to = … (the values that earn 0 and full points)")
    end
    if kind == "on_time" and d.late == nil then
      fail(file, line, "on_time needs late = points for a late result (on_time defaults to the max, not_done to 0)")
    end
    if kind == "penalty" and d.per == nil then fail(file, line, "penalty needs per = points deducted per case") end
    if kind == "steps" then
      local steps = {}
      for i = 1, n do
        local s = t[i]
        if type(s) ~= "table" then fail(file, line, "steps: step %d must be a table like { above = 90, points = 2 }", i) end
        local op, at
        for k, v in pairs(s) do
          if STEP_OPS[k] then
            if op then fail(file, line, "steps: step %d has two conditions", i) end
            op, at = STEP_OPS[k], v
          elseif k == "otherwise" then
            if op then fail(file, line, "steps: step %d has two conditions", i) end
            op, at = "else", nil
            s = { points = v }
          elseif k ~= "points" then
            fail(file, key_line(file, line, tostring(k)), "steps: step %d: unknown key '%s'%s", i, tostring(k),
              suggestion(tostring(k), set { "above", "from", "below", "upto", "equals", "otherwise", "points" }))
          end
        end
        if not op then fail(file, line, "steps: step %d needs above/from/below/upto/equals or otherwise", i) end
        if op ~= "else" and type(at) ~= "number" then fail(file, line, "steps: step %d: the bound must be a number", i) end
        if type(s.points) ~= "number" then fail(file, line, "steps: step %d needs points = a number", i) end
        steps[i] = { op = op, at = at, points = s.points }
      end
      if n == 0 then fail(file, line, "steps needs at least one step") end
      d.steps = steps
    elseif kind == "schedule" then
      local steps = {}
      for i = 1, n do
        local s = t[i]
        if type(s) ~= "table" or type(s[1]) ~= "number" or type(s[2]) ~= "number" then
          fail(file, line, "schedule: entry %d must be { count, points }, e.g. { 4, 20 }", i)
        end
        steps[i] = { op = ">=", at = s[1], points = s[2] }
      end
      if n == 0 then fail(file, line, "schedule needs at least one { count, points } entry") end
      if d.otherwise ~= nil then steps[#steps + 1] = { op = "else", points = d.otherwise } end
      d.steps = steps
    end
    return d
  end
end

-- Respondent-level surveys (SIPAS) -----------------------------------------

local SURVEY_KEYS = set { "code", "name", "name_en", "unit", "unit_column", "weight_column", "scale", "satisfied",
                          "element_formula", "index_formula", "decision", "source", "status", "note", "year",
                          "groups", "decimals" }
local ELEMENT_KEYS = set { "code", "name", "name_en", "questions", "weight", "note", "status" }

local function element(t)
  local file, line = where(LEVEL)
  if type(t) ~= "table" then fail(file, line, "element expects a table") end
  local d = { decl = "element", file = file, line = line }
  for k, v in pairs(t) do
    if type(k) ~= "string" or not ELEMENT_KEYS[k] then
      fail(file, key_line(file, line, tostring(k)), "element: unknown key '%s'%s", tostring(k), suggestion(tostring(k), ELEMENT_KEYS))
    end
    d[k] = v
  end
  check_string(d, "code", true)
  check_string(d, "name", true)
  check_number(d, "weight")
  if type(d.questions) ~= "table" or #d.questions == 0 then
    fail(file, line, "element '%s' needs questions = { \"q01\", … }", d.code)
  end
  for i, q in ipairs(d.questions) do
    if type(q) ~= "string" then fail(file, line, "element '%s': question %d must be a column name", d.code, i) end
  end
  return d
end

local function survey(t)
  local file, line = where(LEVEL, "survey")
  if type(t) ~= "table" then fail(file, line, "survey expects a table") end
  local d = { decl = "survey", file = file, line = line, elements = {} }
  local n = #t
  for k, v in pairs(t) do
    if math.type(k) == "integer" and k >= 1 and k <= n then
      if not is_decl(v, "element") then fail(file, line, "survey: part %d is not an element { … }", k) end
      d.elements[k] = v
    elseif type(k) ~= "string" or not SURVEY_KEYS[k] then
      fail(file, key_line(file, line, tostring(k)), "survey: unknown key '%s'%s", tostring(k), suggestion(tostring(k), SURVEY_KEYS))
    else
      d[k] = v
    end
  end
  check_string(d, "code", true)
  check_string(d, "name", true)
  check_string(d, "unit_column", true)
  check_string(d, "weight_column")
  if n == 0 then fail(file, line, "survey needs at least one element { … }") end
  local function pair(key, default)
    local v = d[key] or default
    if type(v) ~= "table" or type(v[1]) ~= "number" or type(v[2]) ~= "number" or v[1] > v[2] then
      fail(file, line, "survey: %s = { low, high }", key)
    end
    d[key] = { v[1], v[2] }
  end
  pair("scale", { 1, 5 })
  pair("satisfied", { 4, 5 })
  d.element_formula = d.element_formula or "mean"
  d.index_formula = d.index_formula or "mean"
  if d.element_formula ~= "mean" and d.element_formula ~= "pooled" then
    fail(file, line, "survey: element_formula must be \"mean\" (of its questions' rates) or \"pooled\"")
  end
  if d.index_formula ~= "mean" and d.index_formula ~= "weighted_mean" and d.index_formula ~= "pooled" then
    fail(file, line, "survey: index_formula must be \"mean\", \"weighted_mean\" or \"pooled\"")
  end
  return d
end


-- Scenarios, directives, sensitivity ----------------------------------------
-- These declare; the commands (whatif, project, target, directive, explain,
-- sensitivity) give them meaning.

local function keyed(kind, allowed, required)
  return function(t)
    local file, line = where(LEVEL, kind)
    if type(t) ~= "table" then fail(file, line, "%s expects a table", kind) end
    local d = { decl = kind, file = file, line = line }
    for k, v in pairs(t) do
      if type(k) ~= "string" or not allowed[k] then
        fail(file, key_line(file, line, tostring(k)), "%s: unknown key '%s'%s", kind, tostring(k), suggestion(tostring(k), allowed))
      end
      d[k] = v
    end
    for _, k in ipairs(required or {}) do
      if d[k] == nil then fail(file, line, "%s needs '%s'", kind, k) end
    end
    return d
  end
end

-- Changes written as text: "+2", "-1.5", "x1.05" / "×1.05", "= 85%", "= 8.5".
local function check_change(file, line, unit, code, v)
  if type(v) == "function" or type(v) == "number" then return end
  if type(v) ~= "string" then
    fail(file, line, "change for %s, %s: \"+2\", \"x1.05\", \"= 85%%\" or a function", unit, code)
  end
  local s = v:gsub("%s", ""):gsub("×", "x"):gsub(",", ".")
  if not (s:match("^[+-]%d+%.?%d*$") or s:match("^x%d+%.?%d*$") or s:match("^=%d+%.?%d*%%?$")) then
    fail(file, key_line(file, line, v, "\"'"), "change for %s, %s: '%s' is not \"+2\", \"-1\", \"x1.05\", \"= 85%%\" or \"= 8.5\"", unit, code, v)
  end
end

local trend = keyed("trend", set { "years", "kind" })
local function own_trend(t)
  local d = trend(t or {})
  d.kind = "own"
  d.years = d.years or 3
  return d
end
local function regional_trend(t)
  local d = trend(t or {})
  d.kind = "regional"
  d.years = d.years or 3
  return d
end

local SCENARIO_KEYS = set { "name", "name_en", "note", "status", "source", "base", "horizon", "change", "others",
                            "noise", "ranks", "costs", "owners", "draws", "seed" }

local function scenario(t)
  local file, line = where(LEVEL, "scenario")
  if type(t) ~= "table" then fail(file, line, "scenario expects a table") end
  local d = { decl = "scenario", file = file, line = line }
  for k, v in pairs(t) do
    if type(k) ~= "string" or not SCENARIO_KEYS[k] then
      fail(file, key_line(file, line, tostring(k)), "scenario: unknown key '%s'%s", tostring(k), suggestion(tostring(k), SCENARIO_KEYS))
    end
    d[k] = v
  end
  if type(d.name) ~= "string" then fail(file, line, "scenario needs name = \"…\"") end
  local b = d.base
  if type(b) ~= "table" or not ((b.index and b.year) or b.rules) then
    fail(file, line, "scenario: base = { index = \"par\", year = 2023 } or { rules = \"par/2023\", data = \"…\" }")
  end
  for k in pairs(b) do
    if k ~= "index" and k ~= "year" and k ~= "rules" and k ~= "data" and k ~= "units" then
      fail(file, key_line(file, line, tostring(k)), "scenario: base: unknown key '%s'%s", tostring(k),
        suggestion(tostring(k), set { "index", "year", "rules", "data", "units" }))
    end
  end
  if d.horizon ~= nil and type(d.horizon) ~= "number" and type(d.horizon) ~= "table" then
    fail(file, key_line(file, line, "horizon"), "scenario: horizon = 2025 or { 2024, 2025 }")
  end
  if d.change ~= nil then
    if type(d.change) ~= "table" then fail(file, key_line(file, line, "change"), "scenario: change = { [\"unit\"] = { [\"code\"] = \"+2\" } }") end
    for unit, ch in pairs(d.change) do
      if type(unit) ~= "string" then fail(file, line, "scenario: change is keyed by unit names") end
      if type(ch) == "table" then
        for code, v in pairs(ch) do check_change(file, line, unit, tostring(code), v) end
      else
        check_change(file, line, unit, "total", ch)
      end
    end
  end
  local o = d.others
  if o ~= nil and o ~= "unchanged" and type(o) ~= "function" and not is_decl(o, "trend") then
    fail(file, key_line(file, line, "others"), "scenario: others = \"unchanged\", trend { years = 3 }, regional_trend { years = 3 } or a function")
  end
  if d.ranks ~= nil then
    if type(d.ranks) ~= "table" then fail(file, key_line(file, line, "ranks"), "scenario: ranks = { 10, 30 }") end
    for _, k in ipairs(d.ranks) do
      if math.type(k) ~= "integer" or k < 1 then fail(file, line, "scenario: ranks must be whole numbers ≥ 1") end
    end
  end
  if d.noise ~= nil and d.noise ~= "history" and type(d.noise) ~= "table" then
    fail(file, line, "scenario: noise = \"history\" or { sd = 1.0 } (points, per unit and year)")
  end
  return d
end

local TARGET_KEYS = set { "by", "rank", "score", "sipas", "area_min", "group", "note" }

local function directive(t)
  local file, line = where(LEVEL, "directive")
  if type(t) ~= "table" then fail(file, line, "directive expects a table") end
  local allowed = set { "unit", "name", "issued", "source", "status", "note", "index", "targets", "owners", "costs",
                        "scenario" }
  local d = { decl = "directive", file = file, line = line }
  for k, v in pairs(t) do
    if type(k) ~= "string" or not allowed[k] then
      fail(file, key_line(file, line, tostring(k)), "directive: unknown key '%s'%s", tostring(k), suggestion(tostring(k), allowed))
    end
    d[k] = v
  end
  if type(d.unit) ~= "string" then fail(file, line, "directive needs unit = \"province name\"") end
  if type(d.targets) ~= "table" or #d.targets == 0 then
    fail(file, line, "directive needs targets = { { by = 2025, rank = 30 }, … }")
  end
  for i, tg in ipairs(d.targets) do
    if type(tg) ~= "table" then fail(file, line, "directive: target %d must be a table", i) end
    local what = 0
    for k, v in pairs(tg) do
      if not TARGET_KEYS[k] then
        fail(file, key_line(file, line, tostring(k)), "directive: target %d: unknown key '%s'%s", i, tostring(k), suggestion(tostring(k), TARGET_KEYS))
      end
      if k ~= "by" and k ~= "note" then what = what + 1 end
    end
    if math.type(tg.by) ~= "integer" then fail(file, line, "directive: target %d needs by = a year", i) end
    if what ~= 1 then fail(file, line, "directive: target %d: one of rank, score, sipas, area_min, group", i) end
  end
  if d.owners ~= nil and type(d.owners) ~= "table" then
    fail(file, line, "directive: owners = { [\"1\"] = \"Văn phòng UBND tỉnh\", … }")
  end
  return d
end

-- Handles on methodologies and their nodes, checked where they are written:
--   local m = methodology "par/2023"        -- rules/par/2023.lua, loaded here
--   weight { node = m.node "TD", values = { 0.8, 1, 1.2 } }
local function methodology(name)
  local file, line = where(LEVEL)
  if type(name) ~= "string" or not name:match("^[%w_%-]+[/%w_%-]*$") then
    fail(file, line, "methodology \"par/2023\" names a rule file under rules/")
  end
  local ok, decl = pcall(require, (name:gsub("/", ".")))
  if not ok then fail(file, line, "methodology '%s': %s", name, tostring(decl)) end
  if not is_decl(decl, "index") then fail(file, line, "methodology '%s' is not an index { … }", name) end
  local codes = {}
  local function walk(n)
    codes[n.code] = n
    for _, c in ipairs(n.children or {}) do walk(c) end
  end
  walk(decl)
  local handle = { decl = "methodology", rules = name, code = decl.code, file = file, line = line }
  handle.root = { decl = "node_ref", rules = name, code = decl.code, file = file, line = line }
  handle.node = function(code)
    local f, l = where(LEVEL)
    if type(code) ~= "string" and math.type(code) ~= "integer" then fail(f, l, "node \"code\"") end
    code = tostring(code)
    if not codes[code] then
      local near = suggestion(code, codes)
      fail(f, l, "methodology '%s' has no node '%s'%s", name, code, near:match("did you mean") and near or "")
    end
    return { decl = "node_ref", rules = name, code = code, file = f, line = l }
  end
  return handle
end

-- Alternatives of a sensitivity analysis: each takes one of its values in
-- every run.  Checked here, at the line that declares them:
--   weight      { name, node = m.node "1", values = { 0.8, 1, 1.2 } }      multipliers ≥ 0
--   threshold   { name, node = m.node "1.1.4", step = 1, values = { 85, 90, 95 } }
--   aggregation { name, node = m.root, values = { "sum", "mean" } }
--   variant     { name, methodology = methodology "par/2022" }             the base or this one
--   variant     { name, values = { methodology "a", methodology "b", … } } one of these
local AGGREGATIONS = set { "sum", "mean", "weighted_mean" }

local function alternative(kind, allowed, need)
  local make = keyed(kind, allowed, need)
  return function(t)
    local d = make(t)
    if d.name ~= nil and type(d.name) ~= "string" then fail(d.file, d.line, "%s: name must be text", kind) end
    if d.node ~= nil and not is_decl(d.node, "node_ref") then
      fail(d.file, d.line, "%s: node = m.node \"code\" (a handle, not a text path)", kind)
    end
    if d.methodology ~= nil and not is_decl(d.methodology, "methodology") then
      fail(d.file, d.line, "%s: methodology = methodology \"par/2022\"", kind)
    end
    if d.values ~= nil and (type(d.values) ~= "table" or #d.values < 2) then
      fail(d.file, d.line, "%s: values = { … } needs at least two alternatives", kind)
    end
    local label = d.name or (d.node and (kind .. " " .. d.node.code)) or kind
    for i, v in ipairs(d.values or {}) do
      if kind == "weight" and (type(v) ~= "number" or v < 0 or v ~= v or v == math.huge) then
        fail(d.file, d.line, "weight '%s': value %d must be a multiplier ≥ 0 (1 = as declared)", label, i)
      elseif kind == "threshold" and (type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge) then
        fail(d.file, d.line, "threshold '%s': value %d must be a number (the step's bound)", label, i)
      elseif kind == "aggregation" and (type(v) ~= "string" or not AGGREGATIONS[v]) then
        fail(d.file, d.line, "aggregation '%s': value %d must be \"sum\", \"mean\" or \"weighted_mean\"%s", label, i,
          type(v) == "string" and suggestion(v, AGGREGATIONS):gsub(" %(known keys.*", "") or "")
      elseif kind == "variant" and not is_decl(v, "methodology") then
        fail(d.file, d.line, "variant '%s': value %d must be methodology \"…\"", label, i)
      end
    end
    if d.step ~= nil and (math.type(d.step) ~= "integer" or d.step < 1) then
      fail(d.file, d.line, "threshold '%s': step = 1, 2, … (the step of the rule whose bound moves)", label)
    end
    if kind == "variant" and (d.methodology == nil) == (d.values == nil) then
      fail(d.file, d.line, "variant: give methodology = methodology \"…\" (the base or it) or values = { … }, not %s",
        d.methodology and "both" or "neither")
    end
    d.name = label
    return d
  end
end

local SENS_KEYS = set { "name", "note", "base", "data", "alternatives", "runs", "seed", "ranks" }

local function sensitivity(t)
  local file, line = where(LEVEL, "sensitivity")
  local d = { decl = "sensitivity", file = file, line = line }
  if type(t) ~= "table" then fail(file, line, "sensitivity expects a table") end
  for k, v in pairs(t) do
    if type(k) ~= "string" or not SENS_KEYS[k] then
      fail(file, key_line(file, line, tostring(k)), "sensitivity: unknown key '%s'%s", tostring(k), suggestion(tostring(k), SENS_KEYS))
    end
    d[k] = v
  end
  if not is_decl(d.base, "methodology") then fail(file, line, "sensitivity: base = methodology \"par/2023\"") end
  if type(d.data) ~= "string" then fail(file, line, "sensitivity: data = \"path of the data to score\"") end
  if type(d.alternatives) ~= "table" or #d.alternatives == 0 then
    fail(file, line, "sensitivity: alternatives = { weight { … }, threshold { … }, … }")
  end
  check_string(d, "name")
  check_string(d, "note")
  if d.runs ~= nil and (math.type(d.runs) ~= "integer" or d.runs < 1) then
    fail(file, line, "sensitivity: runs = a whole number of runs (e.g. 8000)")
  end
  if d.seed ~= nil and math.type(d.seed) ~= "integer" then fail(file, line, "sensitivity: seed = a whole number") end
  if d.ranks ~= nil then
    if type(d.ranks) ~= "table" then fail(file, line, "sensitivity: ranks = { 10, 30 }") end
    for _, k in ipairs(d.ranks) do
      if math.type(k) ~= "integer" or k < 1 then fail(file, line, "sensitivity: ranks must be whole numbers ≥ 1") end
    end
  end
  local names, variants = {}, 0
  for i, a in ipairs(d.alternatives) do
    if not is_decl(a) or not (a.decl == "weight" or a.decl == "threshold" or a.decl == "aggregation"
        or a.decl == "variant") then
      fail(file, line, "sensitivity: alternative %d is not weight/threshold/aggregation/variant { … }", i)
    end
    if names[a.name] then
      fail(a.file, a.line, "sensitivity: two alternatives are named '%s' (also line %d): give each its own name",
        a.name, names[a.name])
    end
    names[a.name] = a.line
    if a.decl == "variant" then
      variants = variants + 1
      if variants > 1 then
        fail(a.file, a.line, "sensitivity: one variant per analysis (list the methodologies in values = { … })")
      end
    end
  end
  return d
end

local extra = {
  scenario = scenario,
  trend = own_trend,
  regional_trend = regional_trend,
  directive = directive,
  methodology = methodology,
  sensitivity = sensitivity,
  weight = alternative("weight", set { "name", "node", "values" }, { "node", "values" }),
  threshold = alternative("threshold", set { "name", "node", "step", "values" }, { "node", "values" }),
  aggregation = alternative("aggregation", set { "name", "node", "values" }, { "node", "values" }),
  variant = alternative("variant", set { "name", "methodology", "values" }),
}

local vocabulary = {
  index = make_node("index"),
  part = make_node("part"),
  area = make_node("area"),
  criterion = make_node("criterion"),
  sub = make_node("sub"),
  view = make_node("view"),
  group = make_node("group"),
  survey = survey,
  element = element,
}
for k in pairs(RULES) do
  vocabulary[k] = make_rule(k)
end
for k, v in pairs(extra) do
  vocabulary[k] = v
end
return vocabulary
