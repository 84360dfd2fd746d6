-- explain.lua — why a unit's rank changed between two years.
--
--   chiso explain "Đà Nẵng" --from 2022 --to 2023
--   chiso explain "Sở B" --from a.csv --to b.csv          (tables of one's own)
--
-- The change in rank (rank numbers: + = down the table) is split into
--   own changes    the rank its Y2 score would take in Y1's table (others as
--                  they were) minus its Y1 rank;
--   others' moves  its Y2 rank minus that;
--   methodology    when the two years' rules differ: its Y1 figures re-scored
--                  under Y2's rules (needs its Y1 components and, when the
--                  columns differ, a --mapping), placed in Y1's table;
-- and the own part is split over its components (Shapley) where both years
-- publish them.  On partial tables each effect is an interval.

local cli = require "cli"
local units2025 = require "units2025"
local data = require "data"
local A = require "attribution"
local md = require "methodology_diff"
local scoring = require "scoring"

-- ---- formatting ---------------------------------------------------------

local function num(v, d)
  if v == nil then return "–" end
  return string.format("%." .. (d or 2) .. "f", v)
end

local function signed(v, d)
  if v == nil then return "?" end
  if math.abs(v) < 1e-9 then return "0" end
  if d == 0 or (math.abs(v - math.floor(v + 0.5)) < 1e-9) then
    return string.format("%+d", math.floor(v + 0.5))
  end
  return string.format("%+." .. (d or 2) .. "f", v)
end

-- "+8", or "+5 to +8" on partial data.
local function iv_text(iv)
  if not iv then return "?" end
  if math.abs(iv.lo - iv.hi) < 1e-9 then return signed(iv.lo) end
  return signed(iv.lo) .. " to " .. signed(iv.hi)
end

local function rank_text(p)
  if not p then return "?" end
  if p.lo == p.hi then return tostring(p.lo) end
  return p.lo .. "–" .. p.hi
end

local function places(iv)
  if not iv then return "" end
  if iv.lo == iv.hi then
    local n = iv.lo
    if n == 0 then return "unchanged" end
    return string.format("%d place%s %s", math.abs(n), math.abs(n) == 1 and "" or "s", n > 0 and "lower" or "higher")
  end
  return string.format("between %s and %s places (+ = lower)", signed(iv.lo), signed(iv.hi))
end

-- ---- loading the two tables ---------------------------------------------

-- A table of one's own: unit, score, optional rank, numeric component columns.
-- Provinces' names resolve to the canonical list when most names are provinces.
local function own_table(path, opts)
  cli.need_file(path)
  local t = chiso.read(path, { decimal_comma = opts.decimal_comma or nil, columns = { code_gso = { type = "text" } } })
  local ucol = cli.pick_column(t, opts.unit_column, data.UNIT_COLUMNS, "unit names", "unit-column")
  local scol = cli.pick_column(t, opts.score_column, { "score", "diem", "điểm", "chi_so", "index" }, "scores", "score-column")
  cli.need_numbers(t, scol, path, "scores")
  local d = t:info(scol).decimals
  if not d or d < 0 then d = 2 end
  local reg = data.units("province")
  local provinces = reg:names_most(t, ucol)
  local comps = {}
  for _, c in ipairs(t:names()) do
    if c ~= scol and c ~= "rank" and c ~= ucol and t:info(c).type == "number" then comps[#comps + 1] = c end
  end
  local out = { rows = {}, decimals = d, file = path, label = path, columns = comps, provinces = provinces }
  local has_rank = t:has("rank") and t:info("rank").type == "number"
  local codes, names = data.unit_rows(t, ucol, path, provinces and reg or nil)
  for i = 1, #t do
    local code, name = codes[i], names[i]
    local comp = {}
    for _, c in ipairs(comps) do comp[c] = t:get(c, i) end
    local rank = has_rank and t:get("rank", i) or nil
    if rank ~= nil then
      rank = math.tointeger(rank)
      if not rank or rank < 1 then
        cli.fail(string.format("%s:%d: rank '%s' is not a whole number ≥ 1", path, t:line(i), tostring(t:get("rank", i))))
      end
    end
    out.rows[i] = { unit = code, name = name, score = t:get(scol, i), rank = rank, line = t:line(i), comp = comp }
  end
  out.of = opts.of or #out.rows
  out.of_known = true
  if out.of < #out.rows then
    cli.usage_error(string.format("explain: --of %d is less than the %d units in %s", out.of, #out.rows, path))
  end
  -- A complete table without a rank column: competition ranks from the scores.
  if not has_rank and out.of == #out.rows then
    local scores = {}
    for i, r in ipairs(out.rows) do scores[i] = r.score end
    local ranks = chiso.rank.competition(scores, { n = #out.rows, decimals = d })
    for i, r in ipairs(out.rows) do r.rank = ranks[i] end
    out.ranks_computed = true
  end
  return A.prepare(out)
end

local function is_year(s) return s and s:match("^%d%d%d%d$") ~= nil end

local function load_side(spec, opts)
  if is_year(spec) then
    local pub = data.published(opts.index, math.tointeger(tonumber(spec)))
    local t = A.from_published(pub)
    t.pub = pub
    return t, math.tointeger(tonumber(spec))
  end
  return own_table(spec, opts), nil
end

-- ---- methodology --------------------------------------------------------

-- The data without the column the index's total is read from: a re-scored
-- total must come from the components, never from the published total.
local function without_total(d, m)
  local col = m:nodes()[1].column
  if not col or not d.table:has(col) then return d end
  local t = d.table
  local spec = { n = #t, source = t:source() }
  for _, c in ipairs(t:names()) do
    if c ~= col then spec[#spec + 1] = { name = c, values = (t:column(c)) } end
  end
  local nd = {}
  for k, v in pairs(d) do nd[k] = v end
  nd.table = chiso.table(spec)
  return nd
end

-- Re-score the unit's Y1 figures under Y2's rules.  Returns the score (% of
-- the applicable maximum) or nil, reason.
local function rescore(mb, t1, unit, opts)
  local function go()
    local d
    if t1.pub then
      d = scoring.published(t1.pub, mb, {})
    else
      d = scoring.data(t1.file, mb, { decimal_comma = opts.decimal_comma or nil, unit_column = opts.unit_column or nil })
    end
    d.path = t1.file
    if opts.mapping then d = scoring.apply_mapping(d, opts.mapping, opts) end
    d = without_total(d, mb)
    local res = scoring.run(mb, d)
    for _, x in ipairs(res.units) do
      if x.code == unit then return x end
    end
  end
  local ok, x = pcall(go)
  if not ok then
    -- A mapping the user wrote that fails is their error; without one, the
    -- failure is the answer: the data do not fit the other rules.
    if opts.mapping then error(x, 0) end
    return nil, type(x) == "table" and x.msg or tostring(x)
  end
  if not x then return nil, "the unit is not in " .. t1.file end
  if x.percent == nil then
    -- Which of the columns the other rules read the first table has for it.
    local want, seen = {}, {}
    local root = mb:nodes()[1].code
    for _, n in ipairs(mb:nodes()) do
      if not n.view and n.code ~= root then
        for _, c in ipairs({ n.column, n.value_column, n.den_column }) do
          if c and not seen[c] then seen[c] = true; want[#want + 1] = c end
        end
      end
    end
    local row, have = t1.by_unit[unit], {}
    for _, c in ipairs(want) do
      if row and row.comp and row.comp[c] ~= nil then have[#have + 1] = c end
    end
    return nil, string.format("the rules read %s; %s has %s for %s", table.concat(want, ", "), t1.file,
      #have == 0 and "none of them" or ("only " .. table.concat(have, ", ")), t1.names and t1.names[unit] or unit)
  end
  return x.percent
end

local function methodology(t1, t2, y1, y2, unit, dec, opts)
  local m = { compared = false }
  local pa, pb, na, nb
  if opts.rules_from or opts.rules_to then
    if not (opts.rules_from and opts.rules_to) then
      cli.usage_error("explain: --rules-from and --rules-to go together")
    end
    pa, na, pb, nb = opts.rules_from, opts.rules_from, opts.rules_to, opts.rules_to
  elseif y1 and y2 then
    pa, na = md.rule_file(opts.index, y1)
    pb, nb = md.rule_file(opts.index, y2)
  end
  m.file_a, m.file_b = na, nb
  if not (pa and pb) then
    if na or nb then
      m.reason = string.format("%s not found: the two years' rules were not compared", (not pa) and na or nb)
    else
      m.reason = "no rule files (give --rules-from and --rules-to): the two methodologies were not compared"
    end
    return m
  end
  local ma, mb = scoring.rules(pa, opts), scoring.rules(pb, opts)
  for _, x in ipairs({ { ma, na }, { mb, nb } }) do
    local mt = getmetatable(x[1])
    if not (mt and mt.__name == "chiso.Methodology") then
      m.reason = x[2] .. " is not a methodology (index { … }): the two years' rules were not compared"
      return m
    end
  end
  local cmp = md.compare(ma, mb)
  m.compared, m.cmp, m.same = true, cmp, cmp.same
  m.decision_a, m.decision_b = cmp.a.decision, cmp.b.decision
  if cmp.same then
    m.effect = { lo = 0, hi = 0 }
    return m
  end
  -- Different rules: the unit's own Y1 figures under Y2's rules.
  local s1b, why = rescore(mb, t1, unit, opts)
  if not s1b then
    m.reason = why
    return m
  end
  m.s1_under_b = s1b
  if dec.r1 then
    m.cf0 = A.rank_of(t1, s1b, unit)
    m.effect = A.sub(m.cf0, dec.r1)
    if dec.cf then m.own = A.sub(dec.cf, m.cf0) end
  end
  return m
end

-- ---- the pieces of the report ------------------------------------------

local function components(t1, t2, unit, dec, opts)
  local sets
  if opts.components then
    local cols = {}
    for c in opts.components:gmatch("[^,%s]+") do cols[#cols + 1] = c end
    if #cols == 0 then cli.usage_error("explain: --components needs column names, comma separated") end
    sets = { { name = "given", label = "the given components", columns = cols } }
  elseif t1.pub then
    if opts.index ~= "par" then
      return { reason = "the published " .. t1.pub.spec.title .. " tables have no component columns" }
    end
    sets = A.PAR_SETS
  else
    local shared, has = {}, {}
    for _, c in ipairs(t2.columns or {}) do has[c] = true end
    for _, c in ipairs(t1.columns or {}) do if has[c] then shared[#shared + 1] = c end end
    if #shared == 0 then return { reason = "the two tables share no component columns (--components)" } end
    sets = { { name = "shared", label = "the columns both tables share", columns = shared } }
  end
  local set, comps = A.find_components(t1, t2, unit, sets)
  if not set then return { reason = "missing", report = comps } end
  if dec.s1 == nil or dec.s2 == nil then
    return { set = set, reason = "the unit's total is not published in both years" }
  end
  if #comps > 15 then
    return { set = set, reason = string.format("%d components: exact Shapley values take at most 15", #comps) }
  end
  local split, why, side = A.component_split(t1, unit, dec.s1, dec.s2, comps)
  if not split then
    local cols = {}
    for _, c in ipairs(comps) do cols[#cols + 1] = c.name end
    return { set = set, side = side, reason = string.format("%s (%s) — %s; name additive components with --components",
      set.label, table.concat(cols, ", "), why) }
  end
  split.set = set
  return split
end

-- "9–10, 13, 15–26" from a sorted list of numbers.
local function ranges(list)
  local out, i = {}, 1
  while i <= #list do
    local j = i
    while j < #list and list[j + 1] == list[j] + 1 do j = j + 1 end
    out[#out + 1] = j > i and (list[i] .. "–" .. list[j]) or tostring(list[i])
    i = j + 1
  end
  return table.concat(out, ", ")
end

-- Free rank numbers (no listed unit holds them) before `upto`.
local function free_ranks(t, upto)
  local held = {}
  for _, r in ipairs(t.rows) do
    if r.rank then held[r.rank] = true end
  end
  local free = {}
  for k = 1, upto - 1 do if not held[k] then free[#free + 1] = k end end
  return free
end

-- ---- run ----------------------------------------------------------------

local function run(opts, args)
  if not opts.from or not opts.to then
    cli.usage_error("explain: --from and --to are required (usage: chiso explain UNIT --from Y1 --to Y2)")
  end
  opts.index = opts.index or "par"
  if units2025.apply(opts, "explain") then
    if not (is_year(opts.from) and is_year(opts.to)) then
      cli.usage_error("explain: --units 2025 re-expresses the published tables; --from and --to must be years")
    end
    if data.INDEXES[opts.index].kind ~= "province" then
      cli.usage_error("explain: --units 2025 regroups provinces; " .. data.INDEXES[opts.index].title .. " has none")
    end
  end
  local t1, y1 = load_side(opts.from, opts)
  local t2, y2 = load_side(opts.to, opts)
  if y1 and y2 and y1 == y2 then cli.usage_error("explain: --from and --to are the same year") end
  local published = t1.pub ~= nil and t2.pub ~= nil
  -- Years label themselves; tables of one's own by their file name.
  local function label(y, path)
    if y then return tostring(y) end
    return (path:match("([^/]+)$"):gsub("%.[Cc][Ss][Vv]$", ""))
  end
  local l1, l2 = label(y1, opts.from), label(y2, opts.to)
  if l1 == l2 then l1, l2 = opts.from, opts.to end
  local d = math.max(t1.decimals or 2, t2.decimals or 2)

  -- The unit, and every unit that could move past it.
  local unit, uname
  local universe, names = {}, {}
  local kind = t1.pub and t1.pub.spec.kind or (t1.provinces and "province") or nil
  if kind then
    local reg = data.units(kind)
    if t1.pub or t1.provinces then
      unit, uname = reg:resolve(args[1])
    end
    for _, c in ipairs(reg:codes()) do
      universe[#universe + 1] = c
      names[c] = reg:info(c).name_vi
    end
  end
  if not unit then
    local folded = chiso.text.fold(args[1])
    for _, t in ipairs({ t1, t2 }) do
      for _, r in ipairs(t.rows) do
        if r.unit == args[1] or chiso.text.fold(r.name) == folded then unit, uname = r.unit, r.name end
      end
    end
    if not unit then cli.fail(string.format("%s: no unit '%s'", t1.file, args[1])) end
    local seen = {}
    for _, t in ipairs({ t1, t2 }) do
      for _, r in ipairs(t.rows) do
        if not seen[r.unit] then seen[r.unit] = true; universe[#universe + 1] = r.unit; names[r.unit] = r.name end
      end
    end
    -- Units a partial table of one's own does not list still count.
    local of = math.max(t1.of, t2.of)
    for k = #universe + 1, of do
      local c = "#" .. k
      universe[#universe + 1] = c
      names[c] = "(unlisted)"
    end
  end
  for _, r in ipairs(t1.rows) do names[r.unit] = names[r.unit] or r.name end
  t1.names, t2.names = names, names
  if not t1.by_unit[unit] and not t2.by_unit[unit] then
    cli.fail(string.format("%s is in neither %s nor %s", uname, t1.file, t2.file))
  end

  local dec = A.decompose(t1, t2, unit)
  local meth = methodology(t1, t2, y1, y2, unit, dec, opts)
  -- With a methodology effect, the own part is what is left of it.
  local own = dec.own
  if meth.effect and meth.own then own = meth.own end
  local comp = components(t1, t2, unit, dec, opts)
  local moves = (dec.r1 and dec.r2) and A.moves(t1, t2, unit, universe, dec) or nil
  local ed1 = t1.pub and t1.pub.edition
  local ed2 = t2.pub and t2.pub.edition
  local avg
  if ed1 and ed2 and type(ed1.average) == "number" and type(ed2.average) == "number" then
    avg = { a = ed1.average, b = ed2.average, change = ed2.average - ed1.average,
            unverified_a = (ed1.average_note or ""):match("UNVERIFIED") ~= nil,
            unverified_b = (ed2.average_note or ""):match("UNVERIFIED") ~= nil }
  end

  -- ---- the decomposition table ----
  local rows = {}
  local function addrow(effect, iv, note)
    rows[#rows + 1] = { effect = effect, iv = iv, note = note }
  end
  local r1row, r2row = t1.by_unit[unit], t2.by_unit[unit]
  if dec.own then
    local base = meth.cf0 and string.format("its %s figures under %s's rules (%s) would rank %s", l1, l2,
      num(meth.s1_under_b, d), rank_text(meth.cf0)) or string.format("rank %s", rank_text(dec.r1))
    addrow("own changes", own, string.format("its %s score %s would rank %s in %s's table (others as they were), against %s%s",
      l2, num(dec.s2, d), rank_text(dec.cf), l1, base,
      (meth.compared and not meth.same and not meth.effect) and "; includes the methodology's effect on its score" or ""))
  end
  if meth.compared and meth.same then
    addrow("methodology", { lo = 0, hi = 0 }, "the two years' rules score alike: 0 by construction")
  elseif meth.effect then
    addrow("methodology", meth.effect, string.format("its own %s figures re-scored under %s's rules: %s → %s (the other units' re-scoring stays in their moves)",
      l1, l2, num(dec.s1, d), num(meth.s1_under_b, d)))
  else
    addrow("methodology", nil, meth.compared and ("the rules differ; not separable with " ..
      (published and "the published data" or "these tables") .. " (below)")
      or (meth.reason or "not computable"))
  end
  if dec.others then
    addrow("others' moves", dec.others, string.format("rank %s → %s with its own score fixed at %s", rank_text(dec.cf),
      rank_text(dec.r2), num(dec.s2, d)))
  end
  addrow("total", dec.total, dec.total and string.format("rank %s → %s (%s)", rank_text(dec.r1), rank_text(dec.r2),
    (dec.r1 and dec.r1.published and dec.r2 and dec.r2.published) and (published and "as published" or "as given")
      or "from the scores") or
    "not computable")

  local function effect_table()
    local c = { effect = {}, change = {}, lo = {}, hi = {}, note = {} }
    -- The component split follows the own effect, one row per component.
    local all = {}
    for _, r in ipairs(rows) do
      all[#all + 1] = r
      if r.effect == "own changes" and comp.players then
        for _, p in ipairs(comp.players) do
          all[#all + 1] = { effect = "own: " .. p.name, iv = p.phi,
            note = p.rounding and string.format("rounding residual %s points", signed(p.delta, d))
              or string.format("%s → %s (%s points), Shapley value", num(p.a, d), num(p.b, d), signed(p.delta, d)) }
        end
      end
    end
    local rows = all
    for i, r in ipairs(rows) do
      c.effect[i] = r.effect
      c.change[i] = r.iv and iv_text(r.iv) or "?"
      c.lo[i] = r.iv and r.iv.lo
      c.hi[i] = r.iv and r.iv.hi
      c.note[i] = r.note
    end
    return chiso.table{ n = #rows,
      { name = "effect", type = "text", values = c.effect },
      { name = "rank_change", type = "text", values = c.change },
      { name = "min", type = "number", values = c.lo },
      { name = "max", type = "number", values = c.hi },
      { name = "how", type = "text", values = c.note } }
  end

  local function component_table()
    if not comp.players then return nil end
    local c = { comp = {}, a = {}, b = {}, delta = {}, lo = {}, hi = {}, txt = {} }
    for i, p in ipairs(comp.players) do
      c.comp[i] = p.name
      c.a[i], c.b[i], c.delta[i] = p.a, p.b, p.delta
      c.lo[i], c.hi[i] = p.phi.lo, p.phi.hi
      c.txt[i] = iv_text(p.phi)
    end
    local spec = { n = #comp.players,
      { name = "component", type = "text", values = c.comp },
      { name = l1, type = "number", values = c.a, decimals = d },
      { name = l2, type = "number", values = c.b, decimals = d },
      { name = "points", type = "number", values = c.delta, decimals = d, plus = true },
      { name = "rank_effect", type = "text", values = c.txt } }
    if not comp.exact then
      spec[#spec + 1] = { name = "rank_effect_min", type = "number", values = c.lo, decimals = 2 }
      spec[#spec + 1] = { name = "rank_effect_max", type = "number", values = c.hi, decimals = 2 }
    end
    return chiso.table(spec)
  end

  -- Units named in the moves, with their published figures.
  local function who(code)
    local a, b = t1.by_unit[code], t2.by_unit[code]
    return { unit = names[code] or code, rank_from = a and a.rank, score_from = a and a.score,
             rank_to = b and b.rank, score_to = b and b.score }
  end
  local function moves_table(list)
    local c = { unit = {}, ra = {}, sa = {}, rb = {}, sb = {}, move = {} }
    for i, e in ipairs(list) do
      local w = who(e.code)
      c.unit[i], c.ra[i], c.sa[i], c.rb[i], c.sb[i], c.move[i] = w.unit, w.rank_from, w.score_from, w.rank_to,
        w.score_to, e.move
    end
    return chiso.table{ n = #list,
      { name = "unit", type = "text", values = c.unit },
      { name = "rank_" .. l1, type = "number", values = c.ra, decimals = 0 },
      { name = "score_" .. l1, type = "number", values = c.sa, decimals = d },
      { name = "rank_" .. l2, type = "number", values = c.rb, decimals = 0 },
      { name = "score_" .. l2, type = "number", values = c.sb, decimals = d },
      { name = "move", type = "text", values = c.move } }
  end

  local move_rows = {}
  if moves then
    local listed = {}
    for _, code in ipairs(moves.overtook) do
      listed[code] = true
      move_rows[#move_rows + 1] = { code = code, move = "overtook it" }
    end
    for _, code in ipairs(moves.fell_behind) do
      listed[code] = true
      move_rows[#move_rows + 1] = { code = code, move = "fell behind it" }
    end
    for _, code in ipairs(moves.passed_s2) do
      if not listed[code] then
        move_rows[#move_rows + 1] = { code = code,
          move = string.format("above it both years; its %s score was below %s", l1, num(dec.s2, d)) }
      end
    end
    for _, code in ipairs(moves.fell_below_s2) do
      if not listed[code] then
        move_rows[#move_rows + 1] = { code = code,
          move = string.format("below it both years; its %s score was above %s", l1, num(dec.s2, d)) }
      end
    end
    table.sort(move_rows, function(x, y)
      local rx, ry = t2.by_unit[x.code] and t2.by_unit[x.code].rank, t2.by_unit[y.code] and t2.by_unit[y.code].rank
      if (rx ~= nil) ~= (ry ~= nil) then return rx ~= nil end
      if rx and rx ~= ry then return rx < ry end
      return (names[x.code] or x.code) < (names[y.code] or y.code)
    end)
  end

  -- Lines about the units the published tables do not name.
  local function unnamed_lines()
    local out = {}
    if not moves then return out end
    local g2, i2 = moves.unknown_y2, moves.info2
    if g2 and g2.n and g2.n > 0 then
      local lo, hi = i2.above_lo or 0, i2.above_hi or g2.n
      local slots = dec.r2 and dec.r2.lo == dec.r2.hi and free_ranks(t2, dec.r2.lo) or nil
      local where = slots and #slots > 0 and string.format(" (the unpublished rank%s %s)", #slots == 1 and "" or "s",
        ranges(slots)) or ""
      local count = lo == hi and tostring(lo) or (lo .. " to " .. hi)
      local before
      if g2.other_false == g2.n then before = string.format("all %d were below it in %s, so %s overtook it", g2.n, l1,
          (lo == hi and lo == 1) and "that one" or "those")
      elseif g2.other_true == g2.n then before = string.format("all %d were above it in %s", g2.n, l1)
      else before = string.format("%d of them were below it in %s, %d above, %d cannot be told", g2.other_false, l1,
          g2.other_true, g2.other_nil) end
      out[#out + 1] = string.format("Of the %d units the %s figures do not place against it, %s %s above it%s; %s.",
        g2.n, l2, count, (lo == hi and lo == 1) and "is" or "are", where, before)
    end
    local g1, i1 = moves.unknown_y1, moves.info1
    if g1 and g1.n and g1.n > 0 then
      local lo, hi = i1.above_lo or 0, i1.above_hi or g1.n
      out[#out + 1] = string.format("Of the %d units the %s figures do not place against it, %s %s above it in %s.",
        g1.n, l1, lo == hi and tostring(lo) or (lo .. " to " .. hi), (lo == hi and lo == 1) and "was" or "were", l1)
    end
    return out
  end

  -- What is missing for exact answers.
  local function exactness()
    local out = {}
    if dec.cf and dec.cf.lo ~= dec.cf.hi then
      local above, below
      for _, r in ipairs(t1.rows) do
        if r.unit ~= unit and r.score then
          if A.key(r.score, t1.decimals) > A.key(dec.s2, t1.decimals) and (not above or r.score < above.score) then above = r end
          if A.key(r.score, t1.decimals) <= A.key(dec.s2, t1.decimals) and (not below or r.score > below.score) then below = r end
        end
      end
      out[#out + 1] = string.format("Own and others' effects are exact once %s's scores between %s and %s are published (the units that took the ranks between them).",
        l1, above and string.format("%s %s (%s)", above.name, num(above.score, d),
          above.rank and ("rank " .. above.rank) or "rank not published") or "the top",
        below and string.format("%s %s (%s)", below.name, num(below.score, d),
          below.rank and ("rank " .. below.rank) or "rank not published") or "the bottom")
    end
    if dec.r1 and not dec.r1.published and dec.r1.lo ~= dec.r1.hi then
      out[#out + 1] = string.format("Its %s rank is not published; its score places it at %s.", l1, rank_text(dec.r1))
    end
    if dec.r2 and not dec.r2.published and dec.r2.lo ~= dec.r2.hi then
      out[#out + 1] = string.format("Its %s rank is not published; its score places it at %s.", l2, rank_text(dec.r2))
    end
    return out
  end

  local function comp_lines()
    local out = {}
    if comp.players then
      out[#out + 1] = string.format("Own changes by component (%s): Shapley values — each component's rank effect averaged over every order of switching the components from %s to %s values, in %s's table.",
        comp.set.label, l1, l2, l1)
      out[#out + 1] = ""
      out[#out + 1] = (component_table():format("table"):gsub("\n$", ""))
      out[#out + 1] = ""
      local total = { lo = 0, hi = 0 }
      for _, p in ipairs(comp.players) do total.lo = total.lo + p.phi.lo; total.hi = total.hi + p.phi.hi end
      out[#out + 1] = string.format("The rank effects add up to %s: the rank %s would take in %s's table (%s) minus the rank %s takes there (%s).",
        comp.exact and iv_text(total) or ("the own effect (" .. iv_text(total) .. " by interval bounds)"),
        num(dec.s2, d), l1, rank_text(comp.vN), num(dec.s1, d), rank_text(comp.v0))
      if comp.v0 and dec.r1 and (comp.v0.lo ~= dec.r1.lo or comp.v0.hi ~= dec.r1.hi) then
        out[#out + 1] = string.format("Its own %s score %s takes rank %s there, the published rank is %s: the difference (%s) is the published table's own disagreement.",
          l1, num(dec.s1, d), rank_text(comp.v0), rank_text(dec.r1), iv_text(A.sub(comp.v0, dec.r1)))
      end
      if comp.residual and math.abs(comp.residual) > 1e-9 then
        out[#out + 1] = string.format("'rounding' is the published totals' change minus the sum of the parts' changes (%s points).",
          signed(comp.residual, d))
      end
      if not comp.exact then
        out[#out + 1] = "On a partial table each rank effect is bounded by interval arithmetic on the ranks each score could take."
      end
      if meth.compared and not meth.same then
        out[#out + 1] = "The two years' rules differ: the components' changes include the methodology's."
      end
    elseif comp.reason == "missing" then
      out[#out + 1] = string.format("Own changes by component: not computable — %s and %s do not both publish %s's components:",
        l1, l2, uname)
      for _, rep in ipairs(comp.report) do
        local miss = {}
        if #rep.lack1 > 0 then
          miss[#miss + 1] = string.format("%s lacks %s", l1, #rep.lack1 == rep.n and ("all " .. rep.n) or table.concat(rep.lack1, ", "))
        end
        if #rep.lack2 > 0 then
          miss[#miss + 1] = string.format("%s lacks %s", l2, #rep.lack2 == rep.n and ("all " .. rep.n) or table.concat(rep.lack2, ", "))
        end
        local cols = {}
        for _, c in ipairs(rep.set.columns) do cols[#cols + 1] = type(c) == "string" and c or table.concat(c, "|") end
        out[#out + 1] = string.format("  %s (%s): %s", rep.set.label, table.concat(cols, ", "), table.concat(miss, "; "))
      end
    else
      out[#out + 1] = "Own changes by component: not computable — " .. comp.reason .. "."
    end
    return out
  end

  local function meth_lines()
    local out = {}
    if meth.compared then
      local dec_text = ""
      if meth.decision_a and meth.decision_b then
        dec_text = meth.decision_a == meth.decision_b and string.format(" (both: %s)", meth.decision_a)
          or string.format(" (%s → %s)", meth.decision_a, meth.decision_b)
      end
      if meth.same then
        out[#out + 1] = string.format("Methodology: %s and %s score alike%s — no node added, removed, re-weighted or re-ruled; the methodology effect is 0 by construction.",
          meth.file_a, meth.file_b, dec_text)
        if #meth.cmp.wording > 0 then
          out[#out + 1] = string.format("  (%d difference%s of wording or layout only, e.g. %s)", #meth.cmp.wording,
            #meth.cmp.wording == 1 and "" or "s", meth.cmp.wording[1].text)
        end
      else
        out[#out + 1] = string.format("Methodology: %s and %s differ%s: %s.", meth.file_a, meth.file_b, dec_text,
          md.summary(meth.cmp))
        for i, c in ipairs(meth.cmp.scoring) do
          if i > 12 then
            out[#out + 1] = string.format("  … and %d more (chiso diff %s %s)", #meth.cmp.scoring - 12, meth.file_a, meth.file_b)
            break
          end
          out[#out + 1] = "  " .. c.text
        end
        if meth.effect then
          out[#out + 1] = string.format("Re-scored: %s's %s figures give %s under %s's rules (%s %s), rank %s in %s's table.",
            uname, l1, num(meth.s1_under_b, d), l2, num(dec.s1, d), published and "as published" or "as given",
            rank_text(meth.cf0), l1)
          out[#out + 1] = "The other units' re-scoring needs their own components; what it would move stays in the others' moves."
        else
          out[#out + 1] = string.format("Re-scoring %s's %s figures under %s's rules is not possible with %s: %s.",
            uname, l1, l2, published and "the published data" or "these tables", meth.reason or "?")
          out[#out + 1] = "  It needs the unit's components for the first year and, when the columns differ, a --mapping (see chiso help diff); the own effect then still holds both."
        end
      end
    else
      out[#out + 1] = "Methodology: " .. (meth.reason or "not compared") .. "."
    end
    return out
  end

  -- ---- json ----
  if opts.format == "json" then
    local mv = {}
    for _, e in ipairs(move_rows) do
      local w = who(e.code)
      w.move = e.move
      mv[#mv + 1] = w
    end
    local eff = {}
    for _, r in ipairs(rows) do
      eff[#eff + 1] = { effect = r.effect, min = r.iv and r.iv.lo, max = r.iv and r.iv.hi, note = r.note }
    end
    local cj
    if comp.players then
      cj = { set = comp.set.name, exact = comp.exact, components = {} }
      for _, p in ipairs(comp.players) do
        cj.components[#cj.components + 1] = { component = p.name, from = p.a, to = p.b, points = p.delta,
                                              rank_effect_min = p.phi.lo, rank_effect_max = p.phi.hi }
      end
    else
      cj = { missing = comp.reason == "missing" and "the unit's components are not published in both years" or comp.reason }
      if comp.report then
        cj.lacking = {}
        for _, rep in ipairs(comp.report) do
          cj.lacking[#cj.lacking + 1] = { set = rep.set.name, from = rep.lack1, to = rep.lack2 }
        end
      end
    end
    return cli.emit(opts, chiso.json({
      unit = uname, index = published and opts.index or nil, from = l1, to = l2,
      score_from = dec.s1, score_to = dec.s2,
      rank_from = dec.r1 and { min = dec.r1.lo, max = dec.r1.hi, published = dec.r1.published } or nil,
      rank_to = dec.r2 and { min = dec.r2.lo, max = dec.r2.hi, published = dec.r2.published } or nil,
      of = t2.of, effects = eff, components = cj, moves = mv,
      units = t1.pub and t1.pub.units2025 and 2025 or nil, derived = t1.pub and t1.pub.units2025 or nil,
      unnamed_above_to = (moves and moves.unknown_y2 and moves.unknown_y2.n) and {
        min = moves.info2.above_lo, max = moves.info2.above_hi, among = moves.unknown_y2.n,
        below_before = moves.unknown_y2.other_false } or nil,
      national_average = avg and { from = avg.a, to = avg.b, change = tonumber(string.format("%.2f", avg.change)),
                                   unverified = avg.unverified_a or avg.unverified_b } or nil,
      methodology = { compared = meth.compared, same = meth.same, rules_from = meth.file_a, rules_to = meth.file_b,
                      reason = meth.reason, score_from_under_to_rules = meth.s1_under_b },
      missing = dec.missing,
    }))
  end
  if opts.format == "xlsx" and moves and #move_rows > 0 then
    return cli.emit_xlsx(opts, { { name = "explain", table = effect_table() },
                                 { name = "who moved", table = moves_table(move_rows) } })
  end
  if opts.format ~= "table" then
    return cli.emit_table(opts, effect_table(), "explain")
  end

  -- ---- text ----
  local out = {}
  local title = published and t1.pub.spec.title or "explain"
  out[#out + 1] = string.format("%s — %s %s → %s", uname, title, l1, l2)
  if t1.pub and t1.pub.units2025 then out[#out + 1] = units2025.banner() end
  out[#out + 1] = ""
  local function side_line(label, t, row, pos)
    if not row then return string.format("  %s: not in the published table (%s)", label, t.file) end
    return string.format("  %s: score %s, rank %s of %s%s  (%s:%d)", label, num(row.score, d),
      pos and rank_text(pos) or "not published", t.of_known == false and ("at least " .. t.of) or tostring(t.of),
      pos and not pos.published and " (from its score; rank not published)" or
        (row.basis and row.basis ~= "explicit" and row.basis ~= "" and (" (" .. row.basis:gsub("_", " ") .. ")") or ""),
      t.file, row.line or 0)
  end
  out[#out + 1] = side_line(l1, t1, r1row, dec.r1)
  out[#out + 1] = side_line(l2, t2, r2row, dec.r2)
  if dec.total then
    out[#out + 1] = string.format("  change: score %s, rank %s → %s: %s",
      (dec.s1 and dec.s2) and signed(dec.s2 - dec.s1, d) or "?", rank_text(dec.r1), rank_text(dec.r2), places(dec.total))
  end
  out[#out + 1] = ""
  out[#out + 1] = "The change in rank, split (rank numbers: + = lower in the table):"
  out[#out + 1] = ""
  local c = { effect = {}, change = {}, how = {} }
  for i, r in ipairs(rows) do c.effect[i], c.change[i], c.how[i] = r.effect, r.iv and iv_text(r.iv) or "?", r.note end
  out[#out + 1] = (chiso.table{ n = #rows,
    { name = "effect", type = "text", values = c.effect },
    { name = "rank", type = "text", values = c.change },
    { name = "how", type = "text", values = c.how } }:format("table"):gsub("\n$", ""))
  if own and dec.others and dec.total then
    local parts = { string.format("own %s", iv_text(own)) }
    if meth.effect then parts[#parts + 1] = string.format("methodology %s", iv_text(meth.effect)) end
    parts[#parts + 1] = string.format("others %s", iv_text(dec.others))
    local exact_all = A.exact(own) and A.exact(dec.others) and (not meth.effect or A.exact(meth.effect)) and A.exact(dec.total)
    out[#out + 1] = ""
    if exact_all then
      out[#out + 1] = string.format("  %s = %s, the %s change.", table.concat(parts, " + "), iv_text(dec.total),
        published and "published" or "whole")
    else
      out[#out + 1] = string.format("  %s; together they equal the change %s (the intervals move together: a lower own effect means a higher others' effect).",
        table.concat(parts, ", "), iv_text(dec.total))
    end
  end
  for _, m in ipairs(dec.missing) do
    out[#out + 1] = "  Not published: " .. m .. "."
  end
  out[#out + 1] = ""
  for _, l in ipairs(comp_lines()) do out[#out + 1] = l end
  out[#out + 1] = ""
  if moves then
    out[#out + 1] = (published and not t1.pub.units2025) and "Who moved (the figures as published):"
      or published and "Who moved (the derived figures):" or "Who moved:"
    if #move_rows > 0 then
      out[#out + 1] = ""
      out[#out + 1] = (moves_table(move_rows):format("table"):gsub("\n$", ""))
      out[#out + 1] = ""
    end
    local n_over, n_fell = #moves.overtook, #moves.fell_behind
    out[#out + 1] = string.format("  named: %d overtook it, %d fell behind it%s.", n_over, n_fell,
      (#moves.passed_s2 > 0 or #moves.fell_below_s2 > 0) and string.format("; against its %s score %s: %d moved above it, %d below (the others' effect counts these)",
        l2, num(dec.s2, d), #moves.passed_s2, #moves.fell_below_s2) or "")
    for _, l in ipairs(unnamed_lines()) do out[#out + 1] = "  " .. l end
  else
    out[#out + 1] = "Who moved: not computable without its rank (or score) in both years."
  end
  if avg then
    out[#out + 1] = ""
    local mine = "its score change is not known"
    if dec.s1 and dec.s2 then
      local diff = (dec.s2 - dec.s1) - avg.change
      mine = string.format("%s's score %s, %s points %s the average's change", uname, signed(dec.s2 - dec.s1, d),
        num(math.abs(diff), 2), diff >= 0 and "above" or "below")
    end
    out[#out + 1] = string.format("National average: %s (%s) → %s (%s%s), %s; %s.",
      num(avg.a, 2), l1 .. (avg.unverified_a and ", UNVERIFIED" or ""), num(avg.b, 2), l2,
      avg.unverified_b and ", UNVERIFIED" or "", signed(avg.change, 2), mine)
    if avg.unverified_a or avg.unverified_b then
      out[#out + 1] = "  (UNVERIFIED: see the average_note in datasets/published/editions.csv)"
    end
  elseif published then
    out[#out + 1] = ""
    out[#out + 1] = "National average: not published for both years (datasets/published/editions.csv)."
  end
  out[#out + 1] = ""
  for _, l in ipairs(meth_lines()) do out[#out + 1] = l end
  local ex = exactness()
  if #ex > 0 then
    out[#out + 1] = ""
    for _, l in ipairs(ex) do out[#out + 1] = l end
  end
  if t1.ranks_computed or t2.ranks_computed then
    out[#out + 1] = ""
    out[#out + 1] = "Ranks of a table without a rank column are computed from its scores (competition ranking)."
  end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

return {
  summary = "Why a unit's rank changed: its own changes, the other units' moves, the methodology",
  usage = "chiso explain UNIT --from Y1 --to Y2 [--index par] [options]\n       chiso explain UNIT --from A.csv --to B.csv [options]",
  help = [[
The change in rank between two years (rank numbers: + = lower in the table)
is split into:
  own changes    the rank the unit's Y2 score would take in Y1's table, the
                 other units as they were, minus its Y1 rank;
  others' moves  its Y2 rank minus that rank: the units that moved past it;
  methodology    0 by construction when the two years' rule files
                 (rules/INDEX/YEAR.lua) score alike; when they differ, its Y1
                 figures re-scored under Y2's rules (its components, and a
                 --mapping when the columns differ), placed in Y1's table.
They add up to the change.  On a partial table each "would take" rank is an
interval bounded by the published neighbours (the unit's own entry left out),
so each effect is an interval; the output says what would make it exact.

The own changes are split over the unit's components where both years publish
them (PAR: the areas, the appraisal and the three impact surveys, or
appraisal and impact): Shapley values, each component's rank effect averaged
over every order in which the components could switch to their new values.
They add up to the own effect.  Otherwise the missing figures are listed.

The units that overtook it and fell behind it are named where the published
scores and ranks place them, and counted where they do not; the national
average's change is given when editions.csv has both years.

--from and --to also take tables of one's own (a unit column, a score column,
optionally rank and component columns); with --rules-from/--rules-to the two
methodologies are compared as for the published years.]],
  args = { min = 1, max = 1 },
  options = {
    { "from", arg = "Y1", help = "the first year (or a CSV table of one's own)" },
    { "to", arg = "Y2", help = "the second year (or a CSV table)" },
    { "index", arg = "INDEX", choices = { "par", "sipas", "ministries" }, help = "par (default), sipas or ministries" },
    { "components", arg = "COLS", help = "the component columns to split the own effect over (comma separated; they must add up to the score)" },
    { "rules-from", arg = "FILE.lua", help = "the first year's rule file (default rules/INDEX/Y1.lua)" },
    { "rules-to", arg = "FILE.lua", help = "the second year's rule file (default rules/INDEX/Y2.lua)" },
    { "mapping", arg = "MAP.lua", help = "how the first year's columns read under the second year's rules (see chiso help diff)" },
    { "of", arg = "N", type = "integer", help = "tables of one's own: how many units the table ranks (default: its rows)" },
    { "unit-column", arg = "COL", help = "tables of one's own: the column with unit names" },
    { "score-column", arg = "COL", help = "tables of one's own: the column with scores (default 'score')" },
    units2025.OPTIONS[1], units2025.OPTIONS[2], units2025.OPTIONS[3],
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = run,
}
