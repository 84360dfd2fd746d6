-- attribution.lua — why a unit's rank changed between two tables: the change
-- split into the unit's own changes and the other units' moves, the own part
-- split over its components (Shapley), and who overtook it.
--
--   local A = require "attribution"
--   local t1 = A.from_published(data.published("par", 2022))
--   local t2 = A.from_published(data.published("par", 2023))
--   local d = A.decompose(t1, t2, "48")           -- Đà Nẵng
--   -- d.own = { lo = -1, hi = -1 }, d.others = { lo = 8, hi = 8 }, d.total = { lo = 7, hi = 7 }
--
-- Ranks are rank numbers (1 = best), so a positive change is a move DOWN the
-- table.  On a partial table every rank the unit "would take" is an interval
-- (chiso.rank.interval, the unit's own entry excluded), so each effect is an
-- interval { lo, hi }; lo == hi where the published neighbours pin it down.
--
-- A table here is { of = N, decimals = d, rows = { { unit =, name =, score =,
-- rank =, comp = { column = value }, line = } }, label =, file = }: the
-- published tables (from_published) and one's own complete tables
-- (from_table) both become one.

local A = {}

-- Scores compare as published: rounded half away from zero to `decimals`
-- places, with the same 1e-12 relative guard as the engine's rank keys.
local function key(v, d)
  if d == nil or d < 0 then return v end
  local x = v * 10.0 ^ d
  local ax = math.abs(x)
  local r = math.floor(ax + 0.5 + ax * 1e-12)
  return x < 0 and -r or r
end
A.key = key

-- Index rows by unit; `entries` are what chiso.rank.* take.
local function prepare(t)
  if t.by_unit then return t end
  t.by_unit, t.entries, t.pos = {}, {}, {}
  for i, r in ipairs(t.rows) do
    t.by_unit[r.unit] = r
    t.entries[i] = { score = r.score, rank = r.rank }
    t.pos[r.unit] = i
  end
  return t
end
A.prepare = prepare

-- A published table (data.published) as an attribution table.  `components`
-- lists the component columns to read (all numeric columns when nil).
function A.from_published(pub)
  local d = 2
  if pub.table:has("score") then
    local info = pub.table:info("score")
    if info.decimals and info.decimals >= 0 then d = info.decimals end
  end
  local t = { of = pub.of, of_known = pub.of_known, decimals = d, rows = {}, file = pub.file,
              year = pub.year, index = pub.index, label = string.format("%s %d", pub.spec.title, pub.year),
              edition = pub.edition, columns = {} }
  for _, c in ipairs(pub.table:names()) do
    if pub.table:info(c).type == "number" and c ~= "score" and c ~= "rank" then t.columns[#t.columns + 1] = c end
  end
  for i, r in ipairs(pub.rows) do
    local comp = {}
    for _, c in ipairs(t.columns) do comp[c] = r.row[c] end
    t.rows[i] = { unit = r.unit, name = r.name, score = r.score, rank = r.rank, basis = r.basis,
                  line = r.line, comp = comp }
  end
  -- The 34 units of 2025: a unit without a derived score lies within bounds.
  if pub.units2025 then t.bounds = require("units2025").bounds(pub) end
  return prepare(t)
end

-- The rank a score takes among table t, the unit `self` left out (its slot is
-- not refilled; its published score still bounds its neighbours).
function A.rank_of(t, score, self)
  prepare(t)
  if t.bounds then
    local lo, hi = require("units2025").interval(t.rows, t.bounds, score, self, t.decimals)
    return { lo = lo, hi = hi }
  end
  local lo, hi = chiso.rank.interval(t.entries, t.of, score,
    { exclude = self and t.pos[self] or nil, decimals = t.decimals })
  return { lo = lo, hi = hi }
end

-- The unit's own rank in t: as published, or, with only a score, the
-- interval that score takes.  nil when neither is published.
function A.position(t, unit)
  prepare(t)
  local r = t.by_unit[unit]
  if not r then return nil end
  if r.rank then return { lo = r.rank, hi = r.rank, published = true } end
  if r.score then
    local p = A.rank_of(t, r.score, unit)
    p.published = false
    return p
  end
  return nil
end

local function sub(a, b) -- interval a − b
  return { lo = a.lo - b.hi, hi = a.hi - b.lo }
end
A.sub = sub

local function exact(iv) return iv and iv.lo == iv.hi end
A.exact = exact

-- The split of a rank change (rank numbers; + = down the table):
--   total  = r2 − r1
--   own    = cf − r1   where cf is the rank its Y2 score would take in Y1's table (others as they were)
--   others = r2 − cf
-- Returns { r1, r2, s1, s2, cf, total, own, others, missing = { "…" } }.
function A.decompose(t1, t2, unit)
  prepare(t1); prepare(t2)
  local a, b = t1.by_unit[unit], t2.by_unit[unit]
  local d = { unit = unit, r1 = A.position(t1, unit), r2 = A.position(t2, unit),
              s1 = a and a.score, s2 = b and b.score, missing = {} }
  if not d.r1 then d.missing[#d.missing + 1] = string.format("its %s rank and score", t1.label or "first") end
  if not d.r2 then d.missing[#d.missing + 1] = string.format("its %s rank and score", t2.label or "second") end
  if d.r1 and d.r2 then d.total = sub(d.r2, d.r1) end
  if d.s2 == nil then
    if d.r2 then
      d.missing[#d.missing + 1] = string.format("its %s score (to place it in %s's table)", t2.label or "second",
        t1.label or "the first")
    end
  elseif d.r1 then
    d.cf = A.rank_of(t1, d.s2, unit)
    d.own = sub(d.cf, d.r1)
    -- When its Y1 rank is itself only the rank its Y1 score takes in the same
    -- table, the two intervals move together: a higher score never ranks
    -- lower, so the own effect has the sign of the score change.
    if not d.r1.published and d.s1 then
      local k1, k2 = key(d.s1, t1.decimals), key(d.s2, t1.decimals)
      if k2 >= k1 then d.own.hi = math.min(d.own.hi, 0) end
      if k2 <= k1 then d.own.lo = math.max(d.own.lo, 0) end
    end
    if d.r2 then
      d.others = sub(d.r2, d.cf)
      -- others = total − own: each bounds the other.
      if d.total then
        local o = sub(d.total, d.own)
        d.others.lo, d.others.hi = math.max(d.others.lo, o.lo), math.min(d.others.hi, o.hi)
        local w = sub(d.total, d.others)
        d.own.lo, d.own.hi = math.max(d.own.lo, w.lo), math.min(d.own.hi, w.hi)
      end
    end
  end
  return d
end

-- Exact Shapley values of a k-player game whose value v(mask) is an interval
-- (lo, hi).  Player i's value is the average over all orders of its marginal
-- contribution v(S ∪ {i}) − v(S); with interval values each marginal is
-- bounded by interval arithmetic, so phi[i] = { lo, hi } always contains the
-- Shapley value of any exact game inside the bounds, and the lo == hi case
-- is the ordinary Shapley value.  sum(phi) = v(all) − v(none) when exact.
function A.shapley(k, v)
  assert(k >= 1 and k <= 16, "shapley: 1 to 16 players")
  local fact = { [0] = 1 }
  for i = 1, k do fact[i] = fact[i - 1] * i end
  local vals = {}
  local full = (1 << k) - 1
  for m = 0, full do
    local lo, hi = v(m)
    vals[m] = { lo = lo, hi = hi or lo }
  end
  local function size(m)
    local c = 0
    while m ~= 0 do c = c + (m & 1); m = m >> 1 end
    return c
  end
  local phi = {}
  for i = 1, k do
    local bit = 1 << (i - 1)
    local lo, hi = 0.0, 0.0
    for m = 0, full do
      if m & bit == 0 then
        local s = size(m)
        local w = fact[s] * fact[k - s - 1] / fact[k]
        local with, without = vals[m | bit], vals[m]
        lo = lo + w * (with.lo - without.hi)
        hi = hi + w * (with.hi - without.lo)
      end
    end
    phi[i] = { lo = lo, hi = hi }
  end
  return phi, vals
end

-- Component sets, best first, for the provincial PAR INDEX tables: a set is
-- used when both years publish every one of its columns for the unit.  The
-- total is the sum of the parts (points out of 100 = %).  A set entry may
-- name alternatives ({ "area_impact", "impact_total_pts" }: the impact area).
A.PAR_SETS = {
  { name = "areas", label = "by area",
    columns = { "area_leadership", "area_institutions_legal_docs", "area_admin_procedures", "area_apparatus",
                "area_civil_service", "area_public_finance", "area_modernisation_egov",
                { "area_impact", "impact_total_pts" } } },
  { name = "parts", label = "appraisal and the three impact surveys",
    columns = { "appraisal_pts", "impact_sipas_pts", "impact_leaders_survey_pts", "impact_socioecon_pts" } },
  { name = "appraisal_impact", label = "appraisal and impact",
    columns = { "appraisal_pts", "impact_total_pts" } },
}

-- The value of column spec c (a name or a list of alternatives) in a row.
local function comp_value(row, c)
  if type(c) == "string" then return row and row.comp and row.comp[c], c end
  for _, alt in ipairs(c) do
    local v = row and row.comp and row.comp[alt]
    if v ~= nil then return v, alt end
  end
  return nil, c[#c]
end

local function spec_name(c) return type(c) == "string" and c or table.concat(c, " or ") end

-- Pick the first set whose columns both years publish for the unit.
-- Returns set, { { name =, a =, b = } … } or nil, report (what each set lacks).
function A.find_components(t1, t2, unit, sets)
  prepare(t1); prepare(t2)
  local r1, r2 = t1.by_unit[unit], t2.by_unit[unit]
  local report = {}
  for _, set in ipairs(sets) do
    local comps, lack1, lack2 = {}, {}, {}
    for _, c in ipairs(set.columns) do
      local a, na = comp_value(r1, c)
      local b, nb = comp_value(r2, c)
      if a == nil then lack1[#lack1 + 1] = spec_name(c) end
      if b == nil then lack2[#lack2 + 1] = spec_name(c) end
      comps[#comps + 1] = { name = (a ~= nil and na) or nb, column1 = na, column2 = nb, a = a, b = b }
    end
    if #lack1 == 0 and #lack2 == 0 then return set, comps end
    report[#report + 1] = { set = set, lack1 = lack1, lack2 = lack2, n = #set.columns }
  end
  return nil, report
end

-- The own effect split over components.  comps: { { name =, a =, b = } }
-- (a: Y1 points, b: Y2 points).  The score with the components in S at their
-- Y2 values is s1 + Σ_{i∈S} (b_i − a_i); a published total differs from the
-- sum of its rounded parts, so the residual (s2 − s1) − Σ(b − a) is one more
-- player, "rounding", when it is not zero.  The game's value is the rank that
-- score takes in Y1's table (the unit's own entry left out), so the Shapley
-- values add up to rank_of(s2) − rank_of(s1).
-- Returns { players = { { name, a, b, delta, phi = { lo, hi } } }, v0, vN,
--           sum_a, sum_b, exact = bool } or nil, reason.
function A.component_split(t1, unit, s1, s2, comps, opts)
  opts = opts or {}
  local d = t1.decimals or 2
  local sum_a, sum_b = 0.0, 0.0
  for _, c in ipairs(comps) do sum_a = sum_a + c.a; sum_b = sum_b + c.b end
  -- Parts of a published total agree with it within their rounding.
  local tol = #comps * 0.5 * 10.0 ^ -d + 1e-9
  if opts.check_sums ~= false then
    local f = "%." .. d .. "f"
    if math.abs(sum_a - s1) > tol then
      return nil, string.format("the components add up to " .. f .. ", not the total " .. f, sum_a, s1), "a"
    end
    if math.abs(sum_b - s2) > tol then
      return nil, string.format("the components add up to " .. f .. ", not the total " .. f, sum_b, s2), "b"
    end
  end
  local players = {}
  for _, c in ipairs(comps) do
    players[#players + 1] = { name = c.name, a = c.a, b = c.b, delta = c.b - c.a }
  end
  local resid = (s2 - s1) - (sum_b - sum_a)
  if math.abs(resid) > 1e-9 then
    players[#players + 1] = { name = "rounding", delta = resid, rounding = true }
  end
  local k = #players
  local function v(mask)
    local s = s1
    for i = 1, k do
      if mask & (1 << (i - 1)) ~= 0 then s = s + players[i].delta end
    end
    local r = A.rank_of(t1, s, unit)
    return r.lo, r.hi
  end
  local phi, vals = A.shapley(k, v)
  local ex = true
  for i, p in ipairs(players) do
    p.phi = phi[i]
    if math.abs(p.phi.lo - p.phi.hi) > 1e-9 then ex = false end
  end
  return { players = players, v0 = vals[0], vN = vals[(1 << k) - 1], sum_a = sum_a, sum_b = sum_b,
           residual = resid, exact = ex }
end

-- ---- who moved past whom ------------------------------------------------

-- Bounds on the score of a ranked entry without a score: strictly above the
-- best known score ranked below it, strictly below the worst known score
-- ranked above it (competition ranking: a better rank means a higher score).
local function score_bounds(t, r)
  local lo, hi
  for _, e in ipairs(t.rows) do
    if e ~= r and e.rank and e.score then
      if e.rank > r.rank and (not lo or e.score > lo) then lo = e.score end
      if e.rank < r.rank and (not hi or e.score < hi) then hi = e.score end
    end
  end
  return lo, hi
end

-- Is row x above the reference in table t?  ref = { row = the unit's own row }
-- (compare rank with rank, else score with score) or { score = s } (a
-- score placed in the table).  true / false / nil (cannot tell).
local function above(t, x, ref)
  local d = t.decimals
  local rrow = ref.row
  if rrow and x.rank and rrow.rank then return x.rank < rrow.rank end
  -- Score intervals: exact, or strict bounds from the ranks.
  local function iv(row, s)
    if s ~= nil then return key(s, d), key(s, d), false end
    if row and row.bounds then return key(row.bounds[1], d), key(row.bounds[2], d), false end
    if row and row.score ~= nil then return key(row.score, d), key(row.score, d), false end
    if row and row.rank then
      local lo, hi = score_bounds(t, row)
      return lo and key(lo, d), hi and key(hi, d), true
    end
    return nil, nil, true
  end
  local xlo, xhi, xstrict = iv(x)
  local rlo, rhi, rstrict = iv(rrow, ref.score)
  if xlo and rhi and (xlo > rhi or (xlo == rhi and (xstrict or rstrict))) then return true end
  if xhi and rlo and xhi <= rlo then return false end
  return nil
end

-- For every unit of `universe` other than `unit`: is it above the reference
-- in t?  Listed units by their rank/score; the unlisted (and listed ones that
-- cannot be told) by counting: the reference has (rank − 1) units above it,
-- so when the named ones already fill that count the rest are below, and when
-- they leave exactly as many places as there are unknowns the rest are above.
-- Returns status { [code] = true|false|nil }, info { unknown = { codes },
-- above_lo, above_hi (how many of the unknowns are above) }.
function A.statuses(t, unit, universe, ref, rank)
  prepare(t)
  local st, known_above, unknown = {}, 0, {}
  for _, code in ipairs(universe) do
    if code ~= unit then
      local x = t.by_unit[code]
      if not x and t.bounds and t.bounds[code] then x = { unit = code, bounds = t.bounds[code] } end
      local s
      if x and (x.rank or x.score or x.bounds) then s = above(t, x, ref) end
      st[code] = s
      if s == true then known_above = known_above + 1 end
      if s == nil then unknown[#unknown + 1] = code end
    end
  end
  local info = { unknown = unknown, known_above = known_above }
  if rank then
    local lo = math.max(0, rank.lo - 1 - known_above)
    local hi = math.min(#unknown, math.max(0, rank.hi - 1 - known_above))
    info.above_lo, info.above_hi = math.min(lo, #unknown), hi
    if hi == 0 then
      for _, c in ipairs(unknown) do st[c] = false end
      info.resolved = "below"
    elseif lo >= #unknown then
      for _, c in ipairs(unknown) do st[c] = true end
      info.resolved = "above"
    end
  end
  return st, info
end

-- Who overtook the unit (not above it in Y1, above in Y2), who fell behind
-- (above in Y1, not above in Y2), and who moved past its Y2 score (not above
-- s2 in Y1's table, above it in Y2: the others' effect), by name where the
-- published figures tell, counted where they do not.
function A.moves(t1, t2, unit, universe, dec)
  prepare(t1); prepare(t2)
  local me1, me2 = t1.by_unit[unit], t2.by_unit[unit]
  local a1, i1 = A.statuses(t1, unit, universe, { row = me1 }, dec.r1)
  local a2, i2 = A.statuses(t2, unit, universe, { row = me2 }, dec.r2)
  local c1, ic
  if dec.s2 then c1, ic = A.statuses(t1, unit, universe, { score = dec.s2 }, dec.cf) end
  local out = { overtook = {}, fell_behind = {}, passed_s2 = {}, fell_below_s2 = {},
                unknown_y1 = {}, unknown_y2 = {}, info1 = i1, info2 = i2, infocf = ic, a1 = a1, a2 = a2, c1 = c1 }
  for _, code in ipairs(universe) do
    if code ~= unit then
      local x1, x2 = a1[code], a2[code]
      if x1 == false and x2 == true then out.overtook[#out.overtook + 1] = code end
      if x1 == true and x2 == false then out.fell_behind[#out.fell_behind + 1] = code end
      if c1 then
        if c1[code] == false and x2 == true then out.passed_s2[#out.passed_s2 + 1] = code end
        if c1[code] == true and x2 == false then out.fell_below_s2[#out.fell_below_s2 + 1] = code end
      end
    end
  end
  -- The units whose Y2 side is unknown: how many of them are above, and what
  -- their Y1 side was.
  local function group(unknown_codes, other_status)
    local g = { n = #unknown_codes, other_false = 0, other_true = 0, other_nil = 0 }
    for _, c in ipairs(unknown_codes) do
      local s = other_status and other_status[c]
      if s == false then g.other_false = g.other_false + 1
      elseif s == true then g.other_true = g.other_true + 1
      else g.other_nil = g.other_nil + 1 end
    end
    return g
  end
  if i2.resolved == nil then out.unknown_y2 = group(i2.unknown, a1) end
  if i1.resolved == nil then out.unknown_y1 = group(i1.unknown, a2) end
  return out
end

return A
