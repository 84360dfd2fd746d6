-- rank.lua — published rankings, and the rank a score would take.
--
--   chiso rank par 2023                 the published table, ordered by rank
--   chiso rank par 2023 --score 87      which rank would 87.0 take? (an interval on partial data)
--   chiso rank scores.csv               a table of your own: ranks computed (competition ranking)

local cli = require "cli"
local data = require "data"

local function fmt_score(v, decimals)
  if v == nil then return "?" end
  return string.format("%." .. math.max(decimals, 0) .. "f", v)
end

-- Entries for chiso.rank.* from rows.
local function entries_of(rows)
  local e = {}
  for i, r in ipairs(rows) do e[i] = { score = r.score, rank = r.rank } end
  return e
end

-- Describe one disagreement found by chiso.rank.check in words.
local function describe_issue(p, rows, file, d)
  local a, b = rows[p.a], rows[p.b]
  local function who(r, line)
    return string.format("%s (%srank %s, %s)", r.name, line and ("line " .. r.line .. ", ") or "", r.rank or "?",
      fmt_score(r.score, d))
  end
  local msg
  if p.kind == "order" then
    msg = string.format("%s ranks above %s with a lower score", who(a), who(b, true))
  elseif p.kind == "tie_split" then
    msg = string.format("%s and %s have equal scores but different ranks", who(a), who(b, true))
  elseif p.kind == "tie_score" then
    msg = string.format("%s and %s share a rank but have different scores", who(a), who(b, true))
  elseif p.kind == "range" then
    msg = string.format("%s has a rank outside 1..N", who(a))
  elseif p.kind == "no_slot" then
    msg = string.format("%s: no free rank between the published neighbours fits this score", who(a))
  elseif p.kind == "crowded" then
    msg = string.format("rank %s is shared by more units than the next listed rank (%s, %s) leaves room for",
      a.rank, b and b.name or "?", b and b.rank or "?")
  else
    msg = p.kind
  end
  return { kind = p.kind, line = a.line, message = msg, text = string.format("%s:%d: %s", file, a.line, msg) }
end

local BASIS = {
  explicit = "", listing_order = "listing order", from_bottom = "from bottom",
  from_bottom_text = "from bottom", group_only = "group only", conflict_unresolved = "conflict",
  explicit_year_ambiguous = "year ambiguous",
}

-- Rows ordered for display: ranked by rank, then scored by score, then the rest by name.
local function display_order(rows)
  local out = {}
  for _, r in ipairs(rows) do out[#out + 1] = r end
  table.sort(out, function(a, b)
    local ka = a.rank and 0 or a.score and 1 or 2
    local kb = b.rank and 0 or b.score and 1 or 2
    if ka ~= kb then return ka < kb end
    if ka == 0 and a.rank ~= b.rank then return a.rank < b.rank end
    if (a.score or 0) ~= (b.score or 0) then return (a.score or 0) > (b.score or 0) end
    return a.name < b.name
  end)
  return out
end

-- Rank change against the previous year's published table (positive = moved up).
local function changes(index, year, rows)
  local prev_years = data.years(index)
  local has_prev = false
  for _, y in ipairs(prev_years) do if y == year - 1 then has_prev = true end end
  local ch = {}
  if not has_prev then return ch end
  local prev = data.published(index, year - 1)
  local prank = {}
  for _, r in ipairs(prev.rows) do prank[r.unit] = r.rank end
  for _, r in ipairs(rows) do
    if r.rank and prank[r.unit] then ch[r.unit] = prank[r.unit] - r.rank end
  end
  return ch
end

local function build_table(rows, opts, with_region, change, decimals, reg)
  local cols = {
    rank = {}, unit = {}, score = {}, region = {}, change = {}, basis = {}, source = {}, line = {},
  }
  for i, r in ipairs(rows) do
    cols.rank[i] = r.rank
    cols.unit[i] = r.name
    cols.score[i] = r.score
    if with_region then
      local info = reg:info(r.unit)
      cols.region[i] = info and info.region_6
    end
    cols.change[i] = change and change[r.unit]
    local basis = r.basis and (BASIS[r.basis] or r.basis) or nil
    if r.rank_text then
      -- A rank published as words: say what it was, and whether it could be placed.
      basis = string.format("%s \"%s\"%s", basis or "rank", r.rank_text, r.rank and "" or " (count of units unknown)")
      if r.rank_text:match("^bottom") then basis = "in the " .. r.rank_text:gsub("-", " ") end
    end
    cols.basis[i] = basis
    cols.source[i] = r.source
    cols.line[i] = r.line
  end
  local spec = { n = #rows,
    { name = "rank", type = "number", values = cols.rank, decimals = 0 },
    { name = "unit", type = "text", values = cols.unit },
    { name = "score", type = "number", values = cols.score, decimals = decimals },
  }
  if with_region then spec[#spec + 1] = { name = "region", type = "text", values = cols.region } end
  if change then
    spec[#spec + 1] = { name = "change", type = "number", values = cols.change, decimals = 0, plus = true }
    spec[#spec + 1] = { name = "basis", type = "text", values = cols.basis }
  end
  if opts.sources or (change and opts.format ~= "table") then
    spec[#spec + 1] = { name = "source", type = "text", values = cols.source }
  end
  return chiso.table(spec)
end

-- --format xlsx: the table, and the disagreements (if any) on a second sheet.
local function xlsx_sheets(name, t, issues)
  local sheets = { { name = name, table = t } }
  if #issues > 0 then
    local c = { kind = {}, line = {}, message = {} }
    for i, p in ipairs(issues) do c.kind[i], c.line[i], c.message[i] = p.kind, tonumber(p.line), p.text end
    sheets[2] = { name = "disagreements", table = chiso.table{ n = #issues,
      { name = "kind", type = "text", values = c.kind }, { name = "line", type = "number", values = c.line, decimals = 0 },
      { name = "message", type = "text", values = c.message } } }
  end
  return sheets
end

-- "rank 30–32 of 63" for a score on a published table.
local function score_query(pub, opts, decimals)
  local rows, exclude = pub.rows, nil
  local label = string.format("A score of %s", fmt_score(opts.score, decimals))
  if opts.unit then
    local reg = data.units(pub.spec.kind)
    local code, name = reg:resolve(opts.unit)
    for i, r in ipairs(rows) do if r.unit == code then exclude = i end end
    label = string.format("%s with a score of %s", name, fmt_score(opts.score, decimals))
  end
  local function interval(of)
    return chiso.rank.interval(entries_of(rows), of, opts.score, { exclude = exclude, decimals = decimals })
  end
  local lo, hi = interval(pub.of)
  -- An unknown count of units: anywhere from the listed ones to every unit of
  -- the list (provinces, ministries) the year could have assessed; the rank
  -- is what either end allows.
  local of_max = pub.of
  if not pub.of_known then
    of_max = math.max(pub.of, data.units(pub.spec.kind):count())
    if of_max > pub.of then
      local lo2, hi2 = interval(of_max)
      lo, hi = math.min(lo, lo2), math.max(hi, hi2)
    end
  end
  if opts.format == "json" then
    cli.emit(opts, chiso.json({ rank_min = lo, rank_max = hi, of = pub.of, of_known = pub.of_known,
                                of_max = of_max }))
    return
  end
  if opts.format == "csv" or opts.format == "xlsx" then
    local q = chiso.table{
      { name = "rank_min", values = { lo }, decimals = 0 },
      { name = "rank_max", values = { hi }, decimals = 0 },
      { name = "of", values = { pub.of }, decimals = 0 },
      { name = "of_max", values = { of_max }, decimals = 0 } }
    cli.emit(opts, q:format("csv"), { { name = "rank", table = q } })
    return
  end
  -- Nearest published scores on either side, for context.
  local above, below
  for i, r in ipairs(rows) do
    if i ~= exclude and r.score then
      if r.score > opts.score and (not above or r.score < above.score) then above = r end
      if r.score <= opts.score and (not below or r.score > below.score) then below = r end
    end
  end
  local of_text = pub.of_known and tostring(pub.of)
    or (of_max > pub.of and string.format("at least %d (at most %d)", pub.of, of_max) or ("at least " .. pub.of))
  local out = {}
  out[#out + 1] = string.format("%s in %s %d would rank %s of %s.", label, pub.spec.title, pub.year,
    lo == hi and tostring(lo) or (lo .. "–" .. hi), of_text)
  if above then
    out[#out + 1] = string.format("  nearest published score above: %s %s (rank %s)", above.name,
      fmt_score(above.score, decimals), above.rank or "not published")
  end
  if below then
    out[#out + 1] = string.format("  nearest published score at or below: %s %s (rank %s)", below.name,
      fmt_score(below.score, decimals), below.rank or "not published")
  end
  if lo ~= hi then
    out[#out + 1] = "  The table is partial: the unpublished ranks between the neighbours leave this interval."
  end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

local function published_mode(opts, index, year)
  local pub = data.published(index, year)
  local decimals = pub.table:has("score") and pub.table:info("score").decimals or 2
  if decimals < 0 then decimals = 2 end
  if opts.score then return score_query(pub, opts, decimals) end
  local reg = data.units(pub.spec.kind)
  local rows = display_order(pub.rows)
  local issues = {}
  for _, p in ipairs(chiso.rank.check(entries_of(pub.rows), pub.of, { decimals = decimals })) do
    issues[#issues + 1] = describe_issue(p, pub.rows, pub.file, decimals)
  end
  local with_region = pub.spec.kind == "province"
  local t = build_table(rows, opts, with_region, changes(index, year, pub.rows), decimals, reg)
  local nscored, nranked = 0, 0
  for _, r in ipairs(pub.rows) do
    if r.score then nscored = nscored + 1 end
    if r.rank then nranked = nranked + 1 end
  end
  local complete = nscored == pub.of and #pub.rows == pub.of
  if opts.format == "json" then
    local iss = {}
    for _, p in ipairs(issues) do iss[#iss + 1] = { kind = p.kind, line = p.line, message = p.message } end
    cli.emit(opts, chiso.json({ index = index, year = year, title = pub.spec.title, of = pub.of,
      of_known = pub.of_known, listed = #pub.rows, complete = complete, file = pub.file,
      rows = t, disagreements = iss }))
    return
  end
  if opts.format == "xlsx" then
    return cli.emit(opts, nil, xlsx_sheets(string.format("%s %d", pub.spec.title, year), t, issues))
  end
  if opts.format ~= "table" then
    cli.emit(opts, t:format(opts.format))
    for _, p in ipairs(issues) do chiso.warn("warning: " .. p.text) end
    return
  end
  local unitword = pub.spec.kind == "province" and "provinces" or "ministries"
  local out = {}
  out[#out + 1] = string.format("%s %d — %d of %s %s listed%s", pub.spec.title, year, #pub.rows,
    pub.of_known and tostring(pub.of) or "?", unitword,
    complete and "" or string.format(" (partial: %d with a score, %d with a rank)", nscored, nranked))
  out[#out + 1] = ""
  out[#out + 1] = (t:format("table"):gsub("\n$", ""))
  out[#out + 1] = ""
  out[#out + 1] = "Ranks are as published; 'change' is the move since the previous year (+ = up), where both ranks are known."
  if #issues > 0 then
    out[#out + 1] = ""
    out[#out + 1] = string.format("Disagreements in the published data (%d), kept as published:", #issues)
    for _, p in ipairs(issues) do out[#out + 1] = "  " .. p.text end
  end
  if not opts.sources then
    out[#out + 1] = ""
    out[#out + 1] = "Every row's source URL: --sources, or --format csv/json (" .. pub.file .. ")."
  end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

-- A table of one's own: compute competition ranks from the scores.
local function file_mode(opts, path)
  local t = chiso.read(path, { decimal_comma = opts.decimal_comma or nil })
  local ucol = cli.pick_column(t, opts.unit_column, data.UNIT_COLUMNS, "unit names", "unit-column")
  local scol = cli.pick_column(t, opts.score_column, { "score", "diem", "điểm", "chi_so", "index" }, "scores",
    "score-column")
  cli.need_numbers(t, scol, path, "scores")
  local rcol = opts.rank_column or (t:has("rank") and "rank" or nil)
  local decimals = t:info(scol).decimals
  -- Province names resolve to the canonical list when they are provinces.
  local reg = data.units("province")
  local provinces = reg:names_most(t, ucol)
  local codes, names = data.unit_rows(t, ucol, path, provinces and reg or nil)
  local rows = {}
  for i = 1, #t do
    local code, name = codes[i], names[i]
    rows[i] = { unit = code, name = name, score = t:get(scol, i), line = t:line(i),
                given = rcol and math.tointeger(t:get(rcol, i)) or nil }
  end
  local scores = {}
  for i, r in ipairs(rows) do scores[i] = r.score end
  local ranks = chiso.rank.competition(scores, { n = #rows, decimals = decimals })
  local issues, unscored = {}, 0
  for i, r in ipairs(rows) do
    r.rank = ranks[i]
    if not r.score then unscored = unscored + 1 end
    if r.given and r.rank and r.given ~= r.rank then
      issues[#issues + 1] = string.format("%s:%d: %s is given rank %d but its score %s ranks %d",
        path, r.line, r.name, r.given, fmt_score(r.score, decimals), r.rank)
    end
  end
  rows = display_order(rows)
  local t2 = build_table(rows, { sources = false, format = "table" }, provinces, nil, decimals, reg)
  if opts.format == "json" then
    cli.emit(opts, chiso.json({ file = path, units = #rows, unscored = unscored, rows = t2, disagreements = issues }))
    return
  end
  if opts.format == "xlsx" then
    local iss = {}
    for i, m in ipairs(issues) do iss[i] = { kind = "rank", line = m:match("^[^:]*:(%d+):"), text = m } end
    return cli.emit(opts, nil, xlsx_sheets("rank", t2, iss))
  end
  if opts.format ~= "table" then
    cli.emit(opts, t2:format(opts.format))
    for _, m in ipairs(issues) do chiso.warn("warning: " .. m) end
    return
  end
  local out = { (t2:format("table"):gsub("\n$", "")) }
  out[#out + 1] = ""
  out[#out + 1] = string.format("%d units; ranks computed from '%s' (competition ranking: equal scores share a rank).",
    #rows, scol)
  if unscored > 0 then
    out[#out + 1] = string.format("%d units have no score and are not ranked.", unscored)
  end
  if #issues > 0 then
    out[#out + 1] = ""
    out[#out + 1] = string.format("The file's own '%s' column disagrees with the computed ranks in %d %s:", rcol,
      #issues, #issues == 1 and "place" or "places")
    for _, m in ipairs(issues) do out[#out + 1] = "  " .. m end
  end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

return {
  summary = "Rankings: a published table in rank order, your own table ranked, or the rank a score would take",
  usage = "chiso rank INDEX YEAR [--score S [--unit NAME]] [options]\n       chiso rank FILE.csv [options]",
  help = [[
INDEX is par (provinces), sipas or ministries; YEAR the year assessed (the
results are announced the next spring).  Published tables are partial: ranks
are shown as published, and every disagreement between published scores and
ranks is listed below the table, never fixed.

--score S answers "which rank would a score of S take?".  On a partial table the
published neighbours bound the unpublished slots, so the answer is an interval
("rank 30–32 of 63"), exact where the neighbours are known.  With --unit the
unit's own published entry is left out (it is the one moving).

Given a CSV file instead, the scores are ranked with competition ranking (equal
scores share a rank, the next rank skips); a 'rank' column in the file is
checked against the computed ranks.]],
  args = { min = 1, max = 2 },
  options = {
    { "score", arg = "S", type = "number", help = "the rank a score of S would take" },
    { "unit", arg = "NAME", help = "with --score: the unit asking (its own entry is left out)" },
    { "sources", help = "show each row's source URL in the table" },
    { "unit-column", arg = "COL", help = "FILE mode: the column with unit names" },
    { "score-column", arg = "COL", help = "FILE mode: the column with scores (default 'score')" },
    { "rank-column", arg = "COL", help = "FILE mode: a column of given ranks to check" },
    { "units", arg = "2025", type = "integer", help = "re-express the table for the 34 units of 2025 (derived values; see scripts/lib/units2025.lua)" },
    { "weight", arg = "COLUMN", help = "with --units: weight the predecessors by COLUMN (of FILE, or of --weight-file); default equal" },
    { "weight-file", arg = "FILE", help = "with --units --weight: a CSV of weights per province (none ships with chiso)" },
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT,
  },
  run = function(opts, args)
    if opts.units or opts.weight or opts.weight_file then return require("units2025").rank_command(opts, args) end
    if opts.unit and not opts.score then cli.usage_error("rank: --unit goes with --score") end
    if #args == 1 then
      if chiso.filetype(args[1]) ~= "file" then
        if data.INDEXES[args[1]] then cli.usage_error("rank: missing YEAR (usage: chiso rank " .. args[1] .. " YEAR)") end
        cli.need_file(args[1])
      end
      if opts.score then cli.usage_error("rank: --score works on a published table (chiso rank INDEX YEAR --score S)") end
      return file_mode(opts, args[1])
    end
    local year = math.tointeger(tonumber(args[2]))
    if not year then cli.usage_error("rank: YEAR must be a year such as 2023, not '" .. args[2] .. "'") end
    return published_mode(opts, args[1], year)
  end,
}
