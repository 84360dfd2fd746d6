-- extract.lua — index figures out of news text.
--
-- The phrasings live in an extraction rule file (rules/extract/vi.lua), run
-- in the rule sandbox with `re`; this file does what is the same for every
-- phrasing:
--   1. mentions: in each line (a paragraph) find the units (the name matcher
--      of data.lua over runs of capitalised words), averages and regions,
--      indices and components, years, and figures, each from the rule lists;
--      in every list a longer match wins over an overlapping shorter one;
--   2. binding, sentence by sentence: a figure takes the unit, the index (or
--      component) and the year named nearest before it in its sentence (or
--      after it, when nothing comes before); a unit and a year carry over
--      from earlier sentences, an index only within its paragraph; a year in
--      brackets holds only inside them ("(Năm 2016 xếp hạng 52/63)");
--   3. rows: the captures become fields (value, max, unit, rank, rank_of,
--      rank_change …); the rule's fn and adjust functions run in the sandbox;
--   4. consolidation: rows about the same unit, index, component and year
--      merge when they agree (the headline and the body say the same thing),
--      and stay apart, marked CONFLICT, when they do not.
--
--   local extract = require "extract"
--   local ex = extract.load()                      -- rules/extract/vi.lua of the installation
--   local rows, skipped = ex:files({ "a.txt" }, { year = 2023 })
--   local rows = ex:text("Lạng Sơn xếp thứ 27/63 …", "sentence")  -- one text, consolidated
--   extract.table(rows), ex:merge(rows, "datasets/published")

local cli = require "cli"
local data = require "data"

local M = {}

M.INDEXES = { PAR_INDEX = true, SIPAS = true, PAPI = true, PCI = true }

local Engine = {}
Engine.__index = Engine

-- ---------------------------------------------------------------------------
-- Small helpers

local function norm(s)
  local f = chiso.text.fold(s)
  if f == "" then return s end
  return f
end

local function is_regex(v)
  if type(v) ~= "userdata" then return false end
  local ok, f = pcall(function() return v.info end)
  return ok and type(f) == "function"
end

local function is_function(v)
  return type(v) == "function" or (type(v) == "userdata" and tostring(v):match("^<rule function") ~= nil)
end

local sorted_keys = cli.sorted_keys

-- ---------------------------------------------------------------------------
-- Loading and checking a rule file

local KEYS = {
  top = { sentence_end = "regex", entity = "table", aggregates = "list", indexes = "list", components = "list",
          years = "list", publication = "list", figures = "list", not_figures = "list", ordinals = "table",
          directions = "table", bounds = "table", units = "table", default_unit = "table", adjust = "function" },
  entity = { word = "regex", head = "regex", max_words = "number", not_after = "list", not_before = "list",
             not_kinds = "table" },
  indexes = { index = "any", re = "regex" },
  components = { index = "string", code = "string", name = "string", re = "regex" },
  years = { role = "string", re = "regex" },
  figures = { re = "regex", set = "table", bind = "table", after = "string", strict = "boolean", fn = "function",
              note = "string", respectively = "regex" },
}
local REQUIRED = { "sentence_end", "entity", "indexes", "years", "figures" }
local FIELDS_SET = { rank = true, rank_of = true, rank_change = true, from_bottom = true, index = true,
                     component = true, unit = true, note = true, value = true, max = true }

local function check_type(v, want)
  if want == "any" then return true end
  if want == "regex" then return is_regex(v) end
  if want == "function" then return is_function(v) end
  if want == "list" then return type(v) == "table" end
  return type(v) == want
end

local function describe(want)
  return ({ regex = "a pattern (re.compile)", list = "a list", table = "a table", ["function"] = "a function" })[want]
         or ("a " .. want)
end

function Engine:fail(where, msg)
  cli.fail(string.format("%s: %s", where or self.path, msg))
end

-- The rule file's line for a list entry: where its pattern was compiled.
function Engine:where_of(entry)
  if type(entry) == "table" and is_regex(entry.re) then return entry.re:info().where end
  if is_regex(entry) then return entry:info().where end
  return nil
end

function Engine:check_keys(t, keys, what, where)
  for _, k in ipairs(sorted_keys(t)) do
    local want = keys[k]
    if type(k) ~= "string" or not want then
      local near = type(k) == "string" and cli.nearest(k, sorted_keys(keys))
      self:fail(where, string.format("%s: unknown key '%s'%s", what, tostring(k),
        near and (" (did you mean '" .. near .. "'?)") or ""))
    end
    if not check_type(t[k], want) then
      self:fail(where, string.format("%s: '%s' must be %s, not %s", what, k, describe(want), type(t[k])))
    end
  end
end

function Engine:check()
  local d = self.decl
  self:check_keys(d, KEYS.top, "extraction rules")
  for _, k in ipairs(REQUIRED) do
    if d[k] == nil then self:fail(nil, "extraction rules: '" .. k .. "' is missing") end
  end
  self:check_keys(d.entity, KEYS.entity, "entity")
  for _, k in ipairs({ "word", "head" }) do
    if not d.entity[k] then self:fail(nil, "entity: '" .. k .. "' is missing") end
  end
  for _, list in ipairs({ "not_after", "not_before" }) do
    for i, r in ipairs(d.entity[list] or {}) do
      if not is_regex(r) then self:fail(nil, string.format("entity.%s[%d] must be a pattern", list, i)) end
    end
  end
  for _, list in ipairs({ "aggregates", "publication", "not_figures" }) do
    for i, r in ipairs(d[list] or {}) do
      if not is_regex(r) then self:fail(nil, string.format("%s[%d] must be a pattern (re.compile)", list, i)) end
    end
  end
  for _, list in ipairs({ "indexes", "components", "years", "figures" }) do
    for i, e in ipairs(d[list] or {}) do
      local where = self:where_of(e)
      local what = string.format("%s[%d]", list, i)
      if type(e) ~= "table" then self:fail(where, what .. " must be a table") end
      self:check_keys(e, KEYS[list], what, where)
      if not e.re then self:fail(where, what .. ": 're' is missing") end
      if list == "indexes" and not (e.index == false or e.index == "same" or M.INDEXES[e.index]) then
        self:fail(where, string.format("%s: index '%s' is not one of PAR_INDEX, SIPAS, PAPI, PCI, false, \"same\"",
          what, tostring(e.index)))
      end
      if list == "components" and not (M.INDEXES[e.index] and e.code) then
        self:fail(where, what .. ": needs index (PAR_INDEX, SIPAS, PAPI or PCI) and code")
      end
      if list == "years" and not (e.role == "measured" or e.role == "compared" or e.role == "ignore") then
        self:fail(where, what .. ": role must be \"measured\", \"compared\" or \"ignore\"")
      end
      if list == "figures" then
        for k in pairs(e.set or {}) do
          if not FIELDS_SET[k] then
            local near = cli.nearest(tostring(k), sorted_keys(FIELDS_SET))
            self:fail(where, string.format("%s: set: unknown field '%s'%s", what, tostring(k),
              near and (" (did you mean '" .. near .. "'?)") or ""))
          end
        end
        for k, v in pairs(e.bind or {}) do
          if (k ~= "entity" and k ~= "index") or (v ~= "next" and v ~= "prev") then
            self:fail(where, what .. ": bind takes entity = \"next\" and index = \"next\"")
          end
        end
        if e.after and e.after ~= "entity" then self:fail(where, what .. ": after must be \"entity\"") end
      end
    end
  end
  -- Word tables are looked up without diacritics or case.
  for _, k in ipairs({ "ordinals", "directions", "bounds", "units" }) do
    local t = {}
    for word, v in pairs(d[k] or {}) do t[norm(word)] = v end
    self[k] = t
  end
  self.default_unit = d.default_unit or {}
end

-- Run an extraction rule file in a sandbox with `re`; its patterns come back
-- compiled and its functions callable.  Returns the declaration and the sandbox.
function M.rules(path, sandbox_opts)
  local o = { re = true }
  for k, v in pairs(sandbox_opts or cli.sandbox_options({}, path)) do o[k] = v end
  local sb = chiso.sandbox(o)
  local decl = sb:dofile(path)
  if type(decl) ~= "table" then
    local line = sb:return_line()
    cli.fail(string.format("%s%s: an extraction rule file must return a table, not %s", path,
      line > 0 and (":" .. line) or "", type(decl)))
  end
  return decl, sb
end

-- Load an extraction rule file (default: the installation's rules/extract/vi.lua).
-- opts.sandbox: options for the sandbox (memory_mib, instructions, roots).
function M.load(path, opts)
  opts = opts or {}
  path = path or (chiso.home .. "/rules/extract/vi.lua")
  cli.need_file(path)
  local decl, handle = M.rules(path, opts.sandbox)
  local e = setmetatable({ path = path, decl = decl, handle = handle }, Engine)
  e:check()
  e.provinces = data.units("province")
  e.ministries = data.units("ministry")
  e.caps = chiso.re.compile([[^[\p{Lu}\p{N}&.\-]+$]], "", "all capitals")
  e.gap = chiso.re.compile([[^[\s\-–—]*$]], "", "name gap")
  return e
end

-- ---------------------------------------------------------------------------
-- Matching, with limit errors reported at the text's line

function Engine:matches(rx, s, where)
  local out = {}
  local ok, err = pcall(function()
    for m in rx:gexec(s) do out[#out + 1] = m end
  end)
  if not ok then
    if type(err) == "table" then error(err, 0) end
    local msg = tostring(err):gsub("^[^\n]-:%d+: ", "", 1)
    local rw = rx:info().where
    cli.fail(string.format("%s:%d: %s%s", where.file, where.line, msg, rw and (" (rule at " .. rw .. ")") or ""))
  end
  return out
end

function Engine:test_at(rx, s, init, where)
  local ok, res = pcall(rx.test, rx, s, init)
  if not ok then
    local msg = tostring(res):gsub("^[^\n]-:%d+: ", "", 1)
    local rw = rx:info().where
    cli.fail(string.format("%s:%d: %s%s", where.file, where.line, msg, rw and (" (rule at " .. rw .. ")") or ""))
  end
  return res
end

-- Keep the longest of overlapping mentions (then the earliest rule), sorted by position.
local function resolve_overlaps(list)
  table.sort(list, function(a, b)
    local la, lb = a.stop - a.start, b.stop - b.start
    if la ~= lb then return la > lb end
    if a.order ~= b.order then return a.order < b.order end
    return a.start < b.start
  end)
  local kept = {}
  for _, m in ipairs(list) do
    local clash = false
    for _, k in ipairs(kept) do
      if m.start <= k.stop and k.start <= m.stop then clash = true break end
    end
    if not clash then kept[#kept + 1] = m end
  end
  table.sort(kept, function(a, b) return a.start < b.start end)
  return kept
end

-- ---------------------------------------------------------------------------
-- Mentions in one line

function Engine:sentences(s, where)
  local out, a = {}, 1
  for _, m in ipairs(self:matches(self.decl.sentence_end, s, where)) do
    out[#out + 1] = { start = a, stop = m["end"] }
    a = m["end"] + 1
  end
  if a <= #s then out[#out + 1] = { start = a, stop = #s } end
  return out
end

local function paren_groups(s)
  local groups, stack = {}, {}
  for i = 1, #s do
    local c = s:byte(i)
    if c == 40 then
      stack[#stack + 1] = i
    elseif c == 41 and #stack > 0 then
      groups[#groups + 1] = { open = stack[#stack], close = i }
      stack[#stack] = nil
    end
  end
  for _, o in ipairs(stack) do groups[#groups + 1] = { open = o, close = #s + 1 } end
  return groups
end

local function inside(g, pos) return pos > g.open and pos < g.close end

-- The innermost bracket group around pos, or nil.
local function group_at(groups, pos)
  local best
  for _, g in ipairs(groups) do
    if inside(g, pos) and (not best or g.open > best.open) then best = g end
  end
  return best
end

-- A name is looked up on runs of words that begin with a capital (up to
-- max_words, joined by spaces or hyphens only), longest first.
function Engine:resolve_name(text, single, token)
  local code, name = self.provinces:find(text)
  if code then return "province", code, name end
  -- A ministry's code ("MOT") folds like ordinary words ("Một"): a single
  -- word counts only when written in capitals.
  if single and not self.caps:test(token) then return nil end
  code, name = self.ministries:find(text)
  if not code then return nil end
  -- "Sở Nội vụ" (a province's department) must not reach "Bộ Nội vụ" through
  -- its distinctive words: a ministry is named with its head word ("Bộ",
  -- "Ngân hàng", "Ủy ban" …) or an acronym.
  local head = chiso.text.fold(name:match("^(%S+)") or name)
  local folded = chiso.text.fold(text)
  if self.caps:test(token) or folded:sub(1, #head) == head or not chiso.text.fold(name):find(folded, 1, true) then
    return "ministry", code, name
  end
end

function Engine:entity_mentions(s, where)
  local ent = self.decl.entity
  local toks = self:matches(ent.word, s, where)
  local out, i, maxw = {}, 1, math.tointeger(ent.max_words) or 6
  while i <= #toks do
    local t = toks[i]
    local found
    if ent.head:test(t[0]) then
      local last = i
      while last < #toks and last - i + 1 < maxw and
            self.gap:test(s:sub(toks[last]["end"] + 1, toks[last + 1].start - 1)) do
        last = last + 1
      end
      for j = last, i, -1 do
        local kind, code, name = self:resolve_name(s:sub(t.start, toks[j]["end"]), j == i, t[0])
        if kind then
          found = { start = t.start, stop = toks[j]["end"], kind = kind, code = code, name = name,
                    text = s:sub(t.start, toks[j]["end"]) }
          i = j
          break
        end
      end
    end
    if found and ent.not_kinds and ent.not_kinds[found.kind] then
      for _, r in ipairs(ent.not_after or {}) do
        for _, m in ipairs(self:matches(r, s, where)) do
          if m["end"] + 1 == found.start then found.ignored = "not the unit a figure is about" end
        end
      end
      for _, r in ipairs(ent.not_before or {}) do
        if self:test_at(r, s, found.stop + 1, where) then found.ignored = "not the unit a figure is about" end
      end
    end
    if found and not found.ignored then out[#out + 1] = found end
    i = i + 1
  end
  for order, r in ipairs(self.decl.aggregates or {}) do
    for _, m in ipairs(self:matches(r, s, where)) do
      out[#out + 1] = { start = m.start, stop = m["end"], kind = "aggregate", text = m[0], order = order }
    end
  end
  -- An average phrase that contains a unit's name ("trung bình vùng …") wins.
  for _, e in ipairs(out) do e.order = e.order or 0 end
  return resolve_overlaps(out)
end

function Engine:context_mentions(s, where)
  local list, years = {}, {}
  local order = 0
  for _, e in ipairs(self.decl.indexes) do
    order = order + 1
    for _, m in ipairs(self:matches(e.re, s, where)) do
      local kind = e.index == false and "other" or e.index == "same" and "same" or "index"
      list[#list + 1] = { start = m.start, stop = m["end"], kind = kind, index = e.index or nil, order = order,
                          text = m[0], year = m.year }
    end
  end
  for _, e in ipairs(self.decl.components or {}) do
    order = order + 1
    for _, m in ipairs(self:matches(e.re, s, where)) do
      list[#list + 1] = { start = m.start, stop = m["end"], kind = "component", index = e.index, code = e.code,
                          order = order, text = m[0], year = m.year }
    end
  end
  local kept = resolve_overlaps(list)
  for _, c in ipairs(kept) do
    if c.year then
      years[#years + 1] = { start = c.start, stop = c.stop, role = "measured", years = { math.tointeger(tonumber(c.year)) },
                            from_index = true }
    end
  end
  return kept, years
end

function Engine:year_mentions(s, where, extra)
  local list = {}
  for order, e in ipairs(self.decl.years) do
    for _, m in ipairs(self:matches(e.re, s, where)) do
      local ys = {}
      for y in tostring(m.years or m.year or ""):gmatch("%d%d%d%d") do ys[#ys + 1] = math.tointeger(tonumber(y)) end
      list[#list + 1] = { start = m.start, stop = m["end"], role = e.role, years = ys, order = order }
    end
  end
  local kept = resolve_overlaps(list)
  for _, y in ipairs(extra or {}) do
    local clash = false
    for _, k in ipairs(kept) do
      if y.start <= k.stop and k.start <= y.stop then clash = true end
    end
    if not clash then kept[#kept + 1] = y end
  end
  table.sort(kept, function(a, b) return a.start < b.start end)
  return kept
end

function Engine:figure_mentions(s, where, skipped)
  local list = {}
  for order, e in ipairs(self.decl.figures) do
    for _, m in ipairs(self:matches(e.re, s, where)) do
      list[#list + 1] = { start = m.start, stop = m["end"], m = m, rule = e, order = order, text = m[0],
                          name = e.re:info().name }
    end
  end
  local kept = resolve_overlaps(list)
  -- Numbers inside phrases about something else (rates, targets).
  local blocked = {}
  for _, r in ipairs(self.decl.not_figures or {}) do
    for _, m in ipairs(self:matches(r, s, where)) do blocked[#blocked + 1] = m end
  end
  local out = {}
  for _, f in ipairs(kept) do
    local why
    for _, b in ipairs(blocked) do
      if f.start >= b.start and f.start <= b["end"] and not f.m.component then
        why = "inside a phrase about something else ('" .. b[0] .. "')"
      end
    end
    if why then
      skipped[#skipped + 1] = { where = where, text = f.text, why = why }
    else
      out[#out + 1] = f
    end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Numbers

local function fmt_num(v)
  if v == nil then return nil end
  if math.type(v) == "integer" then return tostring(v) end
  if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
  local s = string.format("%.10g", v)
  return s
end
M.fmt_num = fmt_num

-- A number as written in the text: decimal comma, or decimal dot, or dot as
-- thousands separator.  Returns value, decimals, note.
function Engine:number(text, score_like)
  if text:find(",") then
    local v, dec = chiso.parse_number(text, "vi")
    return v, dec
  end
  if text:find("^%d+%.%d%d%d$") then
    -- "15.833": a thousands dot or a decimal dot.  A score is at most 100,
    -- so in a score's place it is a decimal; elsewhere it stays ambiguous.
    local v, dec = chiso.parse_number(text, "plain")
    local thousands = chiso.parse_number(text, "vi")
    if score_like then return v, dec end
    return v, dec, string.format("'%s' is ambiguous: read as %s (decimal dot); with a thousands dot it would be %s",
      text, fmt_num(v), fmt_num(thousands))
  end
  if text:find("%.") then
    local v, dec = chiso.parse_number(text, "plain")
    return v, dec
  end
  local v = chiso.parse_number(text, "plain")
  return v, 0
end


-- ---------------------------------------------------------------------------
-- Binding a figure to unit, index and year

local function last_before(list, pos, pred)
  local best
  for _, x in ipairs(list) do
    if x.stop < pos and (not pred or pred(x)) then best = x end
  end
  return best
end

local function first_after(list, pos, pred)
  for _, x in ipairs(list) do
    if x.start > pos and (not pred or pred(x)) then return x end
  end
end

-- The last mention inside the figure's own text ("Dẫn đầu bảng xếp hạng Chỉ
-- số CCHC năm 2021 là …" names its index within the phrase).
local function last_inside(list, f, pred)
  local best
  for _, x in ipairs(list) do
    if x.start >= f.start and x.stop <= f.stop and (not pred or pred(x)) then best = x end
  end
  return best
end

local function within(list, sen)
  local out = {}
  for _, x in ipairs(list) do
    if x.start >= sen.start and x.start <= sen.stop then out[#out + 1] = x end
  end
  return out
end

-- Whether a mention at pos can be seen from a figure at fpos: not hidden in
-- a bracket group that does not also hold the figure.
local function visible(groups, pos, fpos)
  for _, g in ipairs(groups) do
    if inside(g, pos) and not inside(g, fpos) then return false end
  end
  return true
end

function Engine:bind_year(f, yrs, groups, st)
  local measured = function(y) return y.role == "measured" and #y.years > 0 and visible(groups, y.start, f.start) end
  local g = group_at(groups, f.start)
  if g then
    local ing = function(y) return measured(y) and inside(g, y.start) end
    local y = last_before(yrs, f.start, ing) or first_after(yrs, f.stop, ing)
    if y then return y.years, "text" end
  end
  local y = last_inside(yrs, f, measured) or last_before(yrs, f.start, measured) or first_after(yrs, f.stop, measured)
  if y then return y.years, "text" end
  if st.carry.year then return st.carry.year, "text" end
  if st.opts.year then return { st.opts.year }, "option" end
  if st.publication then return { st.publication - 1 }, "publication" end
  return { false }, "none"
end

-- ---------------------------------------------------------------------------
-- Turning a figure into a row

function Engine:lookup(tbl, word)
  if word == nil then return nil end
  return tbl[norm(word)]
end

function Engine:fill(row, f)
  local m, rule = f.m, f.rule
  local notes = row.notes
  local score_like = m.unit ~= nil or m.max ~= nil
  if m.value then
    local v, dec, note = self:number(m.value, score_like)
    row.value, row.value_decimals = v, dec
    if note then notes[#notes + 1] = note end
  end
  if m.max then row.max = (self:number(m.max, true)) end
  if m.unit then row.unit = self:lookup(self.units, m.unit) or m.unit end
  if m.bound then
    row.bound = self:lookup(self.bounds, m.bound)
    notes[#notes + 1] = string.format("%s bound: the text says '%s %s%s'", row.bound or "approximate", m.bound,
      m.value or "", m.unit == "%" and "%" or m.unit and (" " .. m.unit) or "")
  end
  if m.rank then row.rank = math.tointeger(tonumber(m.rank)) end
  if m.word then row.rank = self:lookup(self.ordinals, m.word) end
  if m.of then row.rank_of = math.tointeger(tonumber(m.of)) end
  if m.change then
    local sign = self:lookup(self.directions, m.dir) or 1
    row.rank_change = sign * math.tointeger(tonumber(m.change))
    if m.cbound then notes[#notes + 1] = string.format("rank change '%s %s' is a bound", m.cbound, m.change) end
  end
  if m.from and m.to then
    local a, b = math.tointeger(tonumber(m.from)), math.tointeger(tonumber(m.to))
    row.rank_change = a - b
    row.rank = b
    notes[#notes + 1] = string.format("previous rank %d", a)
  end
  if m.since then row.compared_to = math.tointeger(tonumber(m.since)) end
  if m.prev then row.compared_prev = true end
  if m.vchange then
    local sign = self:lookup(self.directions, m.vdir) or 1
    local v = self:number(m.vchange, true)
    row.value_change = sign * v
    row.value_change_unit = self:lookup(self.units, m.vunit)
    if m.vbound then
      notes[#notes + 1] = string.format("value change is a bound: the text says '%s %s'", m.vbound, m.vchange)
    end
  end
  if m.component then row.component = (m.component:gsub("^%s+", ""):gsub("%s+$", "")) end
  for k, v in pairs(rule.set or {}) do
    if k == "note" then notes[#notes + 1] = v else row[k] = v end
  end
  if rule.note then notes[#notes + 1] = rule.note end
end

local function has_figure(row)
  return row.value ~= nil or row.rank ~= nil or row.rank_change ~= nil or row.value_change ~= nil
end

-- Ranks counted from the bottom become numbers when the number of units
-- ranked that year is known (every province each year; ministries from editions.csv).
function Engine:bottom_rank(row, word_pos)
  local of = row.rank_of
  if not of then
    if row.kind == "province" then
      of = self.provinces:count()
    elseif row.kind == "ministry" and row.year then
      local ed = data.edition("ministries", row.year)
      of = ed and math.tointeger(ed.units)
    end
  end
  local back = word_pos or 1
  if of then
    row.rank = of - back + 1
    row.rank_of = row.rank_of or of
    row.rank_basis = "from_bottom"
    row.notes[#row.notes + 1] = string.format("counted from the bottom of %d", of)
  else
    row.rank = back == 1 and "last" or (back == 2 and "second-last" or back == 3 and "third-last" or nil)
    row.rank_basis = "from_bottom_text"
  end
end

-- ---------------------------------------------------------------------------
-- One line, sentence by sentence

function Engine:line(st, s, lineno)
  if not s:find("%S") then return end
  st.paragraph_index = nil
  local where = { file = st.file, line = lineno }
  local sentences = self:sentences(s, where)
  local groups = paren_groups(s)
  local ents = self:entity_mentions(s, where)
  local ctxs, index_years = self:context_mentions(s, where)
  local years = self:year_mentions(s, where, index_years)
  local figs = self:figure_mentions(s, where, st.skipped)

  for _, sen in ipairs(sentences) do
    local E, C, Y = within(ents, sen), within(ctxs, sen), within(years, sen)
    st.sentence_rows = {}
    for _, f in ipairs(within(figs, sen)) do
      self:figure(st, f, E, C, Y, groups, where)
    end
    -- One sentence is one statement: its figures about the same unit, index
    -- and year make one row before rows of different sentences are compared.
    for _, r in ipairs(M.merge_statement(st.sentence_rows)) do st.rows[#st.rows + 1] = r end
    -- What carries over to the next sentences.
    local real = last_before(E, math.huge, function(e) return e.kind ~= "aggregate" end)
    if real then st.carry.entity = real end
    local main = last_before(C, math.huge, function(c) return c.kind == "index" end)
    if main then
      st.carry.index = main.index
      st.paragraph_index = main.index
    elseif last_before(C, math.huge, function(c) return c.kind == "other" end) then
      st.paragraph_index = nil
    end
    local yr = last_before(Y, math.huge, function(y)
      return y.role == "measured" and #y.years > 0 and (not group_at(groups, y.start) or y.from_index)
    end)
    if yr then st.carry.year = yr.years end
  end
end

function Engine:skip(st, f, where, why)
  st.skipped[#st.skipped + 1] = { where = where, text = f.text, why = why }
end

function Engine:figure(st, f, E, C, Y, groups, where)
  local rule = f.rule
  if not rule.respectively then return self:figure_one(st, f, E, C, Y, groups, where) end
  -- "Chỉ số PAR INDEX và SIPAS … lần lượt đạt 85,1% và 79,2%": the items go
  -- to the indices named before, in order.
  local items = {}
  for _, it in ipairs(self:matches(rule.respectively, f.m.list or "", where)) do items[#items + 1] = it end
  local named = {}
  for _, c in ipairs(C) do
    if (c.kind == "index" or c.kind == "component") and c.stop < f.start then named[#named + 1] = c end
  end
  if #items < 2 or #named < #items then
    return self:skip(st, f, where, string.format("respectively: %d figures for %d indices named before", #items, #named))
  end
  for i, it in ipairs(items) do
    local m = {}
    for k, v in pairs(f.m) do if k ~= "list" then m[k] = v end end
    for k, v in pairs(it) do if type(k) == "string" and k ~= "start" and k ~= "end" then m[k] = v end end
    local sub = { start = f.start, stop = f.stop, m = m, rule = rule, text = f.text, name = f.name,
                  ctx = named[#named - #items + i] }
    self:figure_one(st, sub, E, C, Y, groups, where)
  end
end

function Engine:figure_one(st, f, E, C, Y, groups, where)
  local rule = f.rule
  if rule.strict and f.m.value and not (f.m.unit or f.m.max or f.m.value:find("[.,]")) then
    return self:skip(st, f, where, "a bare number (no unit, maximum or decimals)")
  end
  -- The unit
  local ent
  if rule.after == "entity" then
    ent = last_before(E, f.start)
    if not ent or not self.gap:test(st.line_text:sub(ent.stop + 1, f.start - 1)) then
      return self:skip(st, f, where, "not right after a unit's name")
    end
  elseif rule.bind and rule.bind.entity == "next" then
    ent = first_after(E, f.stop) or last_before(E, f.start)
  else
    -- An average named after the figure ("… cao hơn trung bình cả nước")
    -- does not take it from the unit of the earlier sentences.
    ent = last_before(E, f.start) or first_after(E, f.stop, function(e) return e.kind ~= "aggregate" end)
  end
  ent = ent or st.carry.entity
  if not ent then return self:skip(st, f, where, "no unit named") end
  if ent.kind == "aggregate" then
    return self:skip(st, f, where, "about an average or a region ('" .. ent.text .. "'), not a unit")
  end
  -- The index or component
  local index, component
  local set = rule.set or {}
  if set.index then
    index, component = set.index, set.component
  else
    -- Given (respectively), named inside the phrase, or the nearest in the sentence.
    local c = f.ctx or last_inside(C, f)
    if not c and rule.bind and rule.bind.index == "next" then
      c = first_after(C, f.stop) or last_before(C, f.start)
    elseif not c then
      c = last_before(C, f.start) or first_after(C, f.stop)
    end
    -- A list goes on in the next sentences of its paragraph: "Quảng Ninh dẫn
    -- đầu Chỉ số CCHC … Hải Phòng đứng thứ hai …".
    if not c and st.paragraph_index then
      c = { kind = "index", index = st.paragraph_index }
    end
    if not c then return self:skip(st, f, where, "no index named in its paragraph") end
    if c.kind == "other" then return self:skip(st, f, where, "about another index ('" .. c.text .. "')") end
    if c.kind == "same" then
      local main = last_before(C, f.start, function(x) return x.kind == "index" end)
      index = main and main.index or st.carry.index
      if not index then return self:skip(st, f, where, "'" .. c.text .. "' refers to no index named before") end
    else
      index, component = c.index, c.code
    end
  end
  -- The year(s)
  local ys, ysource = self:bind_year(f, Y, groups, st)
  for _, y in ipairs(ys) do
    local row = { entity = ent.name, code = ent.code, kind = ent.kind, index = index, component = component,
                  year = y or nil, notes = {}, evidence = { { file = st.file, line = where.line, pos = f.start } },
                  pattern = f.name, text = f.text }
    self:fill(row, f)
    if rule.fn then
      local plain = {}
      for k, v in pairs(f.m) do plain[k] = v end
      row = rule.fn(plain, row)
      if type(row) ~= "table" then
        self:fail(where.file .. ":" .. where.line, "rule function " .. tostring(rule.fn) .. " must return the row")
      end
    end
    if self.decl.adjust then
      row = self.decl.adjust(row)
      if type(row) ~= "table" then self:fail(nil, "adjust must return the row") end
    end
    if type(row.note) == "string" then
      row.notes[#row.notes + 1] = row.note
      row.note = nil
    end
    if row.rank == "last" or row.from_bottom then
      self:bottom_rank(row, row.from_bottom and row.rank or 1)
      row.from_bottom = nil
    elseif row.rank then
      row.rank_basis = "explicit"
    end
    if row.value ~= nil and not row.unit then row.unit = self.default_unit[row.index] end
    if row.compared_prev then
      if row.year then row.compared_to = row.year - 1 end
      row.compared_prev = nil
    end
    if ysource == "option" then
      row.notes[#row.notes + 1] = "year not named in the text: taken from --year"
    elseif ysource == "publication" then
      row.notes[#row.notes + 1] = string.format("year not named in the text: the year before publication (%d)",
        st.publication)
    elseif ysource == "none" then
      row.notes[#row.notes + 1] = "year not named in the text (give --year or --publication-year)"
    end
    if has_figure(row) then
      st.sentence_rows[#st.sentence_rows + 1] = row
    else
      self:skip(st, f, where, "no figure in the phrase")
    end
  end
end

-- ---------------------------------------------------------------------------
-- Texts and files

local function split_lines(text)
  local lines = {}
  if text:sub(1, 3) == "\239\187\191" then text = text:sub(4) end
  for l in (text .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = (l:gsub("\r$", ""))
  end
  if lines[#lines] == "" then lines[#lines] = nil end
  return lines
end

-- Partial rows of one text (not consolidated), and the phrases skipped.
function Engine:scan_text(text, file, opts)
  opts = opts or {}
  local st = { file = file, opts = opts, carry = {}, rows = {}, skipped = {},
               publication = opts.publication_year }
  local lines = split_lines(text)
  for i, l in ipairs(lines) do
    local ok, bad = chiso.text.valid(l)
    if not ok then
      cli.fail(string.format("%s:%d:%d: not valid UTF-8 (save the text as UTF-8; legacy Vietnamese encodings "
        .. "such as TCVN3 or VNI are not read)", file, i, bad))
    end
    local nul = l:find("\0", 1, true)
    if nul then
      cli.fail(string.format("%s:%d:%d: a NUL byte: not a text file (save the article as plain UTF-8 text)",
        file, i, utf8.len(l:sub(1, nul - 1)) + 1))
    end
    lines[i] = chiso.text.nfc(l)
  end
  if not st.publication then
    for i, l in ipairs(lines) do
      for _, r in ipairs(self.decl.publication or {}) do
        local m = self:matches(r, l, { file = file, line = i })[1]
        if m and m.year and not st.publication then st.publication = math.tointeger(tonumber(m.year)) end
      end
    end
  end
  for i, l in ipairs(lines) do
    st.line_text = l
    self:line(st, l, i)
  end
  return st.rows, st.skipped
end

-- Consolidated rows of one text (for tests and small uses).
function Engine:text(text, name, opts)
  local rows, skipped = self:scan_text(text, name or "(text)", opts)
  return M.consolidate(rows), skipped
end

function Engine:files(paths, opts)
  local all, skipped = {}, {}
  for _, p in ipairs(paths) do
    cli.need_file(p)
    local f, err = io.open(p, "rb")
    if not f then cli.fail(p .. ": cannot open: " .. tostring(err)) end
    local text = f:read("a")
    f:close()
    local rows, sk = self:scan_text(text, p, opts)
    for _, r in ipairs(rows) do all[#all + 1] = r end
    for _, s in ipairs(sk) do skipped[#skipped + 1] = s end
  end
  return M.consolidate(all), skipped
end

-- ---------------------------------------------------------------------------
-- Consolidation

local FIELDS = { "unit", "max", "rank", "rank_of", "rank_change", "compared_to", "value_change" }

local function same_value(a, ad, b, bd)
  local d = math.min(ad or 0, bd or 0)
  return math.abs(a - b) <= 0.5 * 10 ^ -d + 1e-9
end

-- Whether an exact value fits a bound ("hơn 85" and 85.6).
local function fits(exact, boundv, kind)
  if kind == "lower" then return exact > boundv end
  if kind == "upper" then return exact < boundv end
  return math.abs(exact - boundv) <= 1
end

local function compatible(a, b)
  if a.value ~= nil and b.value ~= nil then
    if a.bound == b.bound then
      if not same_value(a.value, a.value_decimals, b.value, b.value_decimals) then return false, "value" end
    elseif a.bound and b.bound then
      return false, "value"
    elseif a.bound then
      if not fits(b.value, a.value, a.bound) then return false, "value" end
    elseif not fits(a.value, b.value, b.bound) then
      return false, "value"
    end
  end
  for _, k in ipairs(FIELDS) do
    if a[k] ~= nil and b[k] ~= nil and a[k] ~= b[k] then return false, k end
  end
  return true
end

local function absorb(a, b)
  if b.value ~= nil then
    if a.value == nil or (a.bound and not b.bound) or
       (not a.bound and not b.bound and (b.value_decimals or 0) > (a.value_decimals or 0)) then
      if a.value ~= nil and not a.bound then
        a.notes[#a.notes + 1] = "also stated as " .. fmt_num(a.value)
      end
      a.value, a.value_decimals, a.bound = b.value, b.value_decimals, b.bound
    elseif not same_value(a.value, a.value_decimals, b.value, b.value_decimals) or a.bound ~= b.bound then
      if not b.bound then a.notes[#a.notes + 1] = "also stated as " .. fmt_num(b.value) end
    end
  end
  for _, k in ipairs(FIELDS) do
    if a[k] == nil then a[k] = b[k] end
  end
  a.rank_basis = a.rank_basis or b.rank_basis
  a.value_change_unit = a.value_change_unit or b.value_change_unit
  for _, n in ipairs(b.notes) do
    local dup = false
    for _, m in ipairs(a.notes) do if m == n then dup = true end end
    if not dup then a.notes[#a.notes + 1] = n end
  end
  for _, e in ipairs(b.evidence) do a.evidence[#a.evidence + 1] = e end
end

local function key_of(r)
  return table.concat({ r.code or r.entity, r.index, r.component or "", tostring(r.year or "") }, "\0")
end

local function evidence_text(ev)
  local out, cur, lines = {}, nil, {}
  local seen = {}
  for _, e in ipairs(ev) do
    local k = e.file .. ":" .. e.line
    if not seen[k] then
      seen[k] = true
      if e.file ~= cur then
        if cur then out[#out + 1] = cur .. ":" .. table.concat(lines, ",") end
        cur, lines = e.file, {}
      end
      lines[#lines + 1] = tostring(e.line)
    end
  end
  if cur then out[#out + 1] = cur .. ":" .. table.concat(lines, ",") end
  return table.concat(out, "; ")
end
M.evidence_text = evidence_text

local function describe_field(r, k)
  if k == "value" then return (r.bound == "lower" and ">" or r.bound == "upper" and "<" or "") .. fmt_num(r.value) end
  local v = r[k]
  if k == "rank_change" or k == "value_change" then
    return (type(v) == "number" and v > 0 and "+" or "") .. fmt_num(v)
  end
  return tostring(v)
end

-- Merge rows about the same unit, index, component and year that agree;
-- keep disagreeing ones apart, each noting the others (CONFLICT).
function M.consolidate(rows)
  local groups, order = {}, {}
  for _, r in ipairs(rows) do
    local k = key_of(r)
    if not groups[k] then
      groups[k] = {}
      order[#order + 1] = k
    end
    local placed = false
    for _, c in ipairs(groups[k]) do
      if compatible(c, r) then
        absorb(c, r)
        placed = true
        break
      end
    end
    if not placed then
      local c = {}
      for kk, v in pairs(r) do c[kk] = v end
      c.notes, c.evidence = {}, {}
      for _, n in ipairs(r.notes) do c.notes[#c.notes + 1] = n end
      for _, e in ipairs(r.evidence) do c.evidence[#c.evidence + 1] = e end
      groups[k][#groups[k] + 1] = c
    end
  end
  local out = {}
  for _, k in ipairs(order) do
    local cl = groups[k]
    for i, c in ipairs(cl) do
      for j, o in ipairs(cl) do
        if i ~= j then
          local _, field = compatible(c, o)
          if field then
            c.notes[#c.notes + 1] = string.format("CONFLICT: %s %s here, %s at %s", field, describe_field(c, field),
              describe_field(o, field), evidence_text(o.evidence))
          end
        end
      end
      c.evidence_text = evidence_text(c.evidence)
      c.note = #c.notes > 0 and table.concat(c.notes, "; ") or nil
      out[#out + 1] = c
    end
  end
  -- Rows in the order of their first evidence.
  local files, fi = {}, 0
  for _, r in ipairs(out) do
    local f = r.evidence[1].file
    if not files[f] then fi = fi + 1; files[f] = fi end
  end
  for i, r in ipairs(out) do r.seq = i end
  table.sort(out, function(a, b)
    local ea, eb = a.evidence[1], b.evidence[1]
    if ea.file ~= eb.file then return files[ea.file] < files[eb.file] end
    if ea.line ~= eb.line then return ea.line < eb.line end
    if ea.pos ~= eb.pos then return ea.pos < eb.pos end
    return a.seq < b.seq
  end)
  return out
end

-- Rows of one sentence: the same key and compatible fields make one row.
function M.merge_statement(rows)
  local out = {}
  for _, r in ipairs(rows) do
    local placed = false
    for _, c in ipairs(out) do
      if key_of(c) == key_of(r) and compatible(c, r) then
        absorb(c, r)
        placed = true
        break
      end
    end
    if not placed then out[#out + 1] = r end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Output

M.COLUMNS = { "entity", "kind", "code", "index", "component", "year", "value", "unit", "max", "bound", "rank",
              "rank_of", "rank_basis", "rank_change", "compared_to", "value_change", "evidence", "note" }

local NUMERIC = { year = true, value = true, max = true, rank_of = true, rank_change = true, compared_to = true,
                  value_change = true }

local function cell(r, c)
  if c == "evidence" then return r.evidence_text end
  if c == "rank" then
    if type(r.rank) == "number" then return r.rank end
    return r.rank
  end
  return r[c]
end

-- A chiso.Table of rows in the published schema plus evidence and note.
function M.table(rows, columns)
  columns = columns or M.COLUMNS
  local spec = { n = #rows }
  local ranks_text = false
  for _, r in ipairs(rows) do if type(r.rank) == "string" then ranks_text = true end end
  for _, c in ipairs(columns) do
    local vals = {}
    for i, r in ipairs(rows) do
      local v = cell(r, c)
      if c == "rank" and ranks_text and v ~= nil then v = tostring(v) end
      vals[i] = v
    end
    local numeric = NUMERIC[c] or (c == "rank" and not ranks_text)
    spec[#spec + 1] = { name = c, type = numeric and "number" or "text", values = vals,
                        decimals = (c == "value" or c == "max" or c == "value_change") and -1 or 0, plus = c == "rank_change" or c == "value_change" }
  end
  return chiso.table(spec)
end

-- Rows as plain objects (JSON).
function M.objects(rows)
  local out = {}
  for i, r in ipairs(rows) do
    local o = {}
    for _, c in ipairs(M.COLUMNS) do o[c] = cell(r, c) end
    out[i] = o
  end
  return out
end

local function short_file(path)
  return path:match("([^/]+)$") or path
end

-- The aligned text view: one line per row, the figures written compactly.
function M.text_view(rows)
  local head = { "unit", "index", "component", "year", "value", "rank", "change", "evidence", "note" }
  local lines = {}
  for _, r in ipairs(rows) do
    local value
    if r.value ~= nil then
      value = (r.bound == "lower" and ">" or r.bound == "upper" and "<" or r.bound == "approx" and "~" or "")
              .. fmt_num(r.value) .. (r.max and ("/" .. fmt_num(r.max)) or "")
              .. (r.unit == "percent" and "%" or r.unit == "points" and " pts" or "")
    end
    local rank
    if r.rank ~= nil then rank = tostring(r.rank) .. (r.rank_of and ("/" .. r.rank_of) or "") end
    local change = {}
    if r.rank_change ~= nil then
      change[#change + 1] = (r.rank_change > 0 and "+" or "") .. r.rank_change
    end
    if r.value_change ~= nil then
      change[#change + 1] = (r.value_change > 0 and "+" or "") .. fmt_num(r.value_change)
                            .. (r.value_change_unit == "percent" and "%" or r.value_change_unit == "points" and " pts" or "")
    end
    if r.compared_to and #change > 0 then change[#change] = change[#change] .. " vs " .. r.compared_to end
    local ev = {}
    for part in r.evidence_text:gmatch("[^;]+") do ev[#ev + 1] = short_file(part:gsub("^%s+", "")) end
    lines[#lines + 1] = { r.entity, r.index, r.component or "", r.year and tostring(r.year) or "?", value or "",
                          rank or "", table.concat(change, ", "), table.concat(ev, "; "), r.note or "" }
  end
  local w = {}
  for i, h in ipairs(head) do w[i] = chiso.text.width(h) end
  for _, l in ipairs(lines) do
    for i, v in ipairs(l) do w[i] = math.max(w[i], chiso.text.width(v)) end
  end
  local out = {}
  local function emit(l)
    local parts = {}
    for i, v in ipairs(l) do
      parts[i] = i == #l and v or chiso.text.pad(v, w[i])
    end
    out[#out + 1] = (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  emit(head)
  local rule = {}
  for i = 1, #head do rule[i] = string.rep("-", w[i]) end
  emit(rule)
  for _, l in ipairs(lines) do emit(l) end
  return table.concat(out, "\n") .. "\n"
end

-- ---------------------------------------------------------------------------
-- Merging with published datasets

local TABLES = {
  PAR_INDEX = { province = { file = "par_index_%d.csv", column = "province" },
                ministry = { file = "ministries_par_%d.csv", column = "ministry" } },
  SIPAS = { province = { file = "sipas_%d.csv", column = "province" } },
}

local function read_published(dir, rel)
  local path = dir .. "/" .. rel
  if chiso.filetype(path) ~= "file" then return nil end
  return chiso.read(path, { columns = { code_gso = { type = "text" } } }), path
end

-- Published rows of one table, by unit code.
function Engine:published(cache, dir, index, kind, year)
  local spec = TABLES[index] and TABLES[index][kind]
  if not spec or not year then return nil end
  local rel = spec.file:format(year)
  local key = rel
  if cache[key] == nil then
    local t, path = read_published(dir, rel)
    if not t then
      cache[key] = false
    else
      local reg = kind == "province" and self.provinces or self.ministries
      local by = {}
      for i = 1, #t do
        local code = reg:find(tostring(t:get(spec.column, i) or ""))
        if code then by[code] = { row = t:row(i), line = t:line(i), path = path, table = t } end
      end
      cache[key] = { by = by, path = path, table = t }
    end
  end
  return cache[key] or nil, rel
end

-- Components: a column of the per-year table named by the code, else the
-- long file, whose component names are matched with the rule's own patterns.
function Engine:published_component(cache, dir, r)
  local tbl = self:published(cache, dir, r.index, r.kind, r.year)
  if tbl and tbl.table:has(r.component) then
    local p = tbl.by[r.code]
    if p then return { score = p.row[r.component], line = p.line, path = p.path, source = p.row.source } end
    return nil
  end
  if r.kind ~= "province" then return nil end
  if cache.long == nil then
    local t, path = read_published(dir, "par_sipas_components_long.csv")
    cache.long = false
    if t then
      local list = {}
      for i = 1, #t do
        local row = t:row(i)
        local code = self.provinces:find(tostring(row.province or ""))
        local idx = ({ PAR = "PAR_INDEX", SIPAS = "SIPAS" })[tostring(row.index)] or tostring(row.index)
        local comp
        local text = chiso.text.nfc(tostring(row.component or ""))
        for _, c in ipairs(self.decl.components or {}) do
          if c.index == idx and c.re:test(text) then comp = c.code break end
        end
        if code and comp then
          list[#list + 1] = { code = code, index = idx, component = comp, year = math.tointeger(row.year),
                              score = row.score, rank = row.rank, line = t:line(i), path = path, source = row.source }
        end
      end
      cache.long = list
    end
  end
  for _, p in ipairs(cache.long or {}) do
    if p.code == r.code and p.index == r.index and p.component == r.component and p.year == r.year then return p end
  end
end

local function num(v) return type(v) == "number" and v or nil end

-- Compare extracted rows with the published tables in dir.  Returns a list
-- of { status = "new"|"adds"|"confirmed"|"conflict", row, published = {…}, diffs = {…} }.
function Engine:merge(rows, dir)
  local cache, out = {}, {}
  for _, r in ipairs(rows) do
    local res = { row = r, diffs = {}, adds = {} }
    local pub
    if r.year and r.component then
      pub = self:published_component(cache, dir, r)
    elseif r.year then
      local tbl = self:published(cache, dir, r.index, r.kind, r.year)
      local p = tbl and tbl.by[r.code]
      if p then
        pub = { score = p.row.score, rank = p.row.rank, line = p.line, path = p.path,
                source = p.row.source, rank_source = p.row.rank_source }
      end
    end
    if not pub then
      res.status = "new"
      if not r.year then
        res.why = "year unknown"
      elseif not TABLES[r.index] then
        res.why = "no published table of " .. r.index
      end
    else
      res.published = pub
      -- score: the published score is % of the maximum; compare like with like
      local comparable = r.value ~= nil and (r.component or r.unit == "percent" or (r.max == nil or r.max == 100))
      local ps = num(pub.score)
      if comparable and ps then
        local ok
        if r.bound then
          ok = fits(ps, r.value, r.bound)
        else
          local pd = #(tostring(pub.score):match("%.(%d+)$") or "")
          ok = same_value(r.value, r.value_decimals, ps, math.max(pd, (tostring(ps):match("%.(%d+)$") or ""):len()))
        end
        if not ok then res.diffs[#res.diffs + 1] = { field = "value", here = r.value, there = ps } end
      elseif comparable then
        res.adds[#res.adds + 1] = "value"
      end
      if r.rank ~= nil then
        local pr = pub.rank
        if pr == nil or pr == "" then
          res.adds[#res.adds + 1] = "rank"
        elseif tostring(math.tointeger(tonumber(pr)) or pr) ~= tostring(r.rank) then
          res.diffs[#res.diffs + 1] = { field = "rank", here = r.rank, there = pr }
        end
      end
      if #res.diffs > 0 then
        res.status = "conflict"
      elseif #res.adds > 0 then
        res.status = "adds"
      else
        res.status = "confirmed"
      end
    end
    out[#out + 1] = res
  end
  return out
end

return M
