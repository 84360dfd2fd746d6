-- project.lua — Monte Carlo projection of a scenario: many draws of the
-- table at each horizon year, each unit's score moved by noise taken from its
-- own published history (or declared), unpublished scores drawn between their
-- published neighbours; out come each unit's median rank, 5–95% band,
-- P(rank <= k) and P(group A).

local cli = require "cli"
local units2025 = require "units2025"
local scenario = require "scenario"

local fmt = scenario.fmt

local function pct(p)
  if p == nil then return nil end
  return p * 100
end

-- The kernel's input for one horizon year.
local function kernel_spec(sc, base, proj, noise, opts)
  local h = proj.year - base.year
  local f = math.sqrt(h)
  local areas = sc.noise.areas
  local A = areas and #areas or 1
  local mean, sd, offset, kind, lo, hi = {}, {}, {}, {}, {}, {}
  -- Units of unknown place that the scenario gave a score free a slot: the
  -- one nearest their new score.
  local pool, pooled = scenario.free_places(base, proj)
  for i, y in ipairs(proj) do
    local x = base.units[i]
    local n = noise[y.code] or {}
    local usd = (n.sd or 0) * f
    if y.known then
      mean[i], offset[i], kind[i] = y.score, 0, "known"
    else
      mean[i], offset[i] = 0, y.shift or 0
      kind[i] = x.slot == "rank" and "slot" or "pool"
      if kind[i] == "slot" then lo[i], hi[i] = x.lo, x.hi end
    end
    if areas then
      local m, s = { mean[i] }, {}
      for a = 2, A do m[a] = 0 end
      for a, ar in ipairs(areas) do
        s[a] = (sc.noise.units[y.code] and usd / math.sqrt(A) or ar.sd * f)
      end
      mean[i], sd[i] = m, s
    else
      sd[i] = usd
    end
  end
  local groups = base.groups
  local threshold = groups and groups[1] and groups[1][2] or nil
  return {
    mean = mean, sd = sd, offset = offset, kind = kind, lo = lo, hi = hi, pool = pool, areas = A,
    min = 0, max = 100, decimals = base.decimals, threshold = threshold, ranks = sc.ranks,
    draws = opts.draws, seed = opts.seed, threads = opts.threads, progress = true,
  }, pooled
end

local function run_year(sc, base, noise, year, opts)
  local proj = scenario.project(sc, base, year)
  local spec, pooled = kernel_spec(sc, base, proj, noise, opts)
  local r = chiso.project(spec)
  local rows = {}
  for i, y in ipairs(proj) do
    local s = r.units[i]
    local n = noise[y.code] or {}
    rows[i] = {
      code = y.code, name = y.name, changed = y.changed, base = base.units[i].score, known = y.known,
      score = y.score, mean = s.mean, median = s.median, p5 = s.p5, p95 = s.p95, le = s.le, above = s.above,
      sd = (n.sd or 0), noise = n.source, published_rank = base.units[i].rank,
    }
  end
  table.sort(rows, function(a, b)
    if a.median ~= b.median then return a.median < b.median end
    if a.mean ~= b.mean then return a.mean > b.mean end
    return a.name < b.name
  end)
  return { year = year, rows = rows, seconds = r.seconds, threads = r.threads, notes = proj.notes, pooled = pooled,
           spec = spec }
end

local function group_label(base)
  local g = base.groups and base.groups[1]
  if not g or not g[2] then return nil end
  return g[1], g[2]
end

local function result_table(sc, base, run, with_year)
  local d = base.decimals
  local n = #run.rows
  local c = { year = {}, unit = {}, changed = {}, base = {}, mean = {}, median = {}, p5 = {}, p95 = {}, above = {},
              sd = {}, noise = {} }
  local le = {}
  for k, _ in ipairs(sc.ranks) do le[k] = {} end
  for i, r in ipairs(run.rows) do
    c.year[i], c.unit[i], c.changed[i] = run.year, r.name, r.changed and "*" or nil
    c.base[i], c.mean[i], c.median[i], c.p5[i], c.p95[i] = r.base, r.mean, r.median, r.p5, r.p95
    c.above[i], c.sd[i], c.noise[i] = pct(r.above), r.sd, r.noise
    for k, rk in ipairs(sc.ranks) do le[k][i] = pct(r.le[rk]) end
  end
  local spec = { n = n }
  if with_year then spec[#spec + 1] = { name = "year", type = "number", values = c.year, decimals = 0 } end
  spec[#spec + 1] = { name = "unit", type = "text", values = c.unit }
  spec[#spec + 1] = { name = "changed", type = "text", values = c.changed }
  spec[#spec + 1] = { name = "base", type = "number", values = c.base, decimals = d }
  spec[#spec + 1] = { name = "mean", type = "number", values = c.mean, decimals = d }
  spec[#spec + 1] = { name = "median_rank", type = "number", values = c.median, decimals = 0 }
  spec[#spec + 1] = { name = "rank_p5", type = "number", values = c.p5, decimals = 0 }
  spec[#spec + 1] = { name = "rank_p95", type = "number", values = c.p95, decimals = 0 }
  for k, rk in ipairs(sc.ranks) do
    spec[#spec + 1] = { name = "p_rank_le_" .. rk, type = "number", values = le[k], decimals = 1 }
  end
  local label = group_label(base)
  if label then
    spec[#spec + 1] = { name = "p_group_" .. label, type = "number", values = c.above, decimals = 1 }
  end
  spec[#spec + 1] = { name = "noise_sd", type = "number", values = c.sd, decimals = 2 }
  spec[#spec + 1] = { name = "noise", type = "text", values = c.noise }
  return chiso.table(spec)
end

local function text_table(sc, base, run)
  local d = base.decimals
  local head = { "unit", "", "base", "mean", "median", "5–95%" }
  for _, k in ipairs(sc.ranks) do head[#head + 1] = "P(≤" .. k .. ")" end
  local label, bound = group_label(base)
  if label then head[#head + 1] = "P(" .. label .. ")" end
  head[#head + 1] = "sd"
  head[#head + 1] = "noise"
  local right = { false, false, true, true, true, true }
  for _ = 1, #sc.ranks do right[#right + 1] = true end
  if label then right[#right + 1] = true end
  right[#right + 1] = true
  right[#right + 1] = false
  local rows = { head }
  local function p(v)
    if v == nil then return "" end
    if v == 0 then return "0" end
    if v == 1 then return "100" end
    if v < 0.0005 then return "<0.1" end
    if v > 0.9995 then return ">99.9" end
    return string.format("%.1f", v * 100)
  end
  for _, r in ipairs(run.rows) do
    local row = { r.name, r.changed and "*" or "", r.base and fmt(r.base, d) or "?", fmt(r.mean, d), tostring(r.median),
                  r.p5 == r.p95 and tostring(r.p5) or (r.p5 .. "–" .. r.p95) }
    for _, k in ipairs(sc.ranks) do row[#row + 1] = p(r.le[k]) end
    if label then row[#row + 1] = p(r.above) end
    row[#row + 1] = fmt(r.sd, 2)
    row[#row + 1] = r.noise or ""
    rows[#rows + 1] = row
  end
  local w = {}
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row) do w[i] = math.max(w[i] or 0, chiso.text.width(cell)) end
  end
  local out = {}
  for ri, row in ipairs(rows) do
    local cells = {}
    for i, cell in ipairs(row) do
      local pad = string.rep(" ", w[i] - chiso.text.width(cell))
      cells[i] = right[i] and (pad .. cell) or (cell .. pad)
    end
    out[#out + 1] = (table.concat(cells, "  "):gsub("%s+$", ""))
    if ri == 1 then
      local dashes = {}
      for i = 1, #row do dashes[i] = string.rep("-", w[i]) end
      out[#out + 1] = table.concat(dashes, "  ")
    end
  end
  return table.concat(out, "\n"), label, bound
end

local function noise_note(sc, base, noise)
  local declared = sc.noise.kind == "declared"
  local lines = {}
  local nmedian, nown = 0, 0
  for _, x in ipairs(base.units) do
    local n = noise[x.code]
    if n and n.source == "median" then nmedian = nmedian + 1 end
    if n and n.source == "own" then nown = nown + 1 end
  end
  if declared then
    lines[#lines + 1] = "Noise: as declared in the scenario (points a year), × √h for h years ahead."
    if nmedian > 0 and noise.median then
      lines[#lines + 1] = string.format(
        "  %d units the declaration does not cover use the median sd of the units' own histories (%s points a year).",
        nmedian, fmt(noise.median, 2))
    end
  else
    lines[#lines + 1] = string.format(
      "Noise: the sd of each unit's published year-on-year changes of %s (%d–%d), × √h for h years ahead.",
      base.title:gsub(" %d+$", ""), (require "data").years(base.index)[1] or base.year, base.year)
    lines[#lines + 1] = string.format(
      "  %d of %d units have at least two year-on-year changes; the other %d have too little history and use the median of those sds (%s points a year).",
      nown, #base.units, nmedian, fmt(noise.median, 2))
  end
  return lines
end

local function unknown_note(base)
  local slot, pool = 0, 0
  for _, x in ipairs(base.units) do
    if x.slot == "rank" then slot = slot + 1 elseif x.slot == "pool" then pool = pool + 1 end
  end
  local lines = {}
  if slot + pool > 0 and base.units2025 then
    lines[#lines + 1] = string.format(
      "Units without a derived score (%d) are drawn uniformly within their bounds (the means of their predecessors' bounds among the 63).",
      slot + pool)
  elseif slot + pool > 0 then
    lines[#lines + 1] = string.format(
      "Unpublished scores (%d units) are drawn uniformly between the published scores around them: %d with a published rank between that rank's neighbours; %d of unknown place take the %d free ranks in a random order each draw.",
      slot + pool, slot, pool, #base.pool)
  end
  if (base.unbounded or 0) > 0 then
    lines[#lines + 1] = string.format(
      "  %d of those places have no published score below them and are bounded below by 0 only.", base.unbounded)
  end
  return lines
end

return {
  lib = { kernel_spec = kernel_spec }, -- for chiso report's projected rank histogram
  summary = "Monte Carlo projection of a scenario: median rank, 5–95% band, P(rank ≤ k), P(group A)",
  usage = "chiso project SCENARIO.lua [--draws N] [--seed S] [--threads T] [options]",
  help = [[
Draws the table at each horizon year of SCENARIO.lua many times.  In every
draw each unit's projected score (the scenario's changes, the others' trend)
moves by normal noise with the sd of the unit's own published year-on-year
changes (the median of the others' when it has fewer than two), or the noise
the scenario declares, times √h for h years ahead; a score that is not
published is drawn uniformly between the published scores around its place.
The draws are ranked (competition ranking at the published precision).

Per unit: median rank, the 5–95% band of its rank, P(rank ≤ k) for each k of
the scenario's ranks = { … }, and P(group A) by the methodology's groups.
A seed gives the same result whatever the thread count.  A progress bar
appears on stderr when it is a terminal and the run takes more than a second.]],
  args = { min = 1, max = 1 },
  options = {
    { "draws", arg = "N", type = "integer", help = "number of draws (default: the scenario's draws, else 10000)" },
    { "seed", arg = "S", type = "integer", help = "random seed (default: the scenario's seed, else 1)" },
    { "threads", arg = "T", type = "integer", help = "threads (default: the processors online); results do not depend on it" },
    { "time", help = "print the time the draws took to stderr" },
    units2025.OPTIONS[1], units2025.OPTIONS[2], units2025.OPTIONS[3],
    cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    units2025.apply(opts, "project")
    local sc = scenario.load(args[1], opts)
    local base = scenario.base(sc, opts)
    opts.draws = opts.draws or sc.draws or 10000
    opts.seed = opts.seed or sc.seed or 1
    if opts.draws < 1 then cli.usage_error("project: --draws must be at least 1") end
    if opts.threads and (opts.threads < 1 or opts.threads > 256) then
      cli.usage_error("project: --threads must be 1 to 256")
    end
    local noise = scenario.noise(sc, base)
    if noise.median == nil then
      local uncovered = 0
      for _, x in ipairs(base.units) do
        if not (noise[x.code] and noise[x.code].sd) then uncovered = uncovered + 1 end
      end
      if uncovered > 0 then
        cli.fail(string.format("%s:%d: no unit of %s has two year-on-year changes in the published tables to take noise from: declare noise = { sd = … } (points a year)",
          sc.file, sc.line, base.title))
      end
    end
    local runs = {}
    for _, year in ipairs(sc.horizon) do
      runs[#runs + 1] = run_year(sc, base, noise, year, opts)
      if opts.time then
        chiso.warn(string.format("project: %d: %d draws × %d units in %.3f s (%d threads)", year, opts.draws,
          #base.units, runs[#runs].seconds, runs[#runs].threads))
      end
    end
    local notes = scenario.notes(base, runs)
    if opts.format == "json" then
      local years = {}
      for _, r in ipairs(runs) do
        local units = {}
        for _, x in ipairs(r.rows) do
          local le = {}
          for _, k in ipairs(sc.ranks) do le[#le + 1] = { k = k, p = x.le[k] } end
          units[#units + 1] = { unit = x.name, code = x.code, changed = x.changed or false, base = x.base,
                                mean = x.mean, median_rank = x.median, rank_p5 = x.p5, rank_p95 = x.p95,
                                p_rank_le = le, p_group_a = x.above, noise_sd = x.sd, noise = x.noise }
        end
        years[#years + 1] = { year = r.year, units = units }
      end
      local label, bound = group_label(base)
      cli.emit(opts, chiso.json {
        scenario = sc.name, file = sc.file, base = { title = base.title, file = base.file, year = base.year,
        of = base.of, complete = base.complete, methodology = base.rules },
        draws = opts.draws, seed = opts.seed, ranks = sc.ranks, group_a = label and { label = label, from = bound } or nil,
        years = years, notes = notes,
      })
      return
    end
    if opts.format == "xlsx" then
      local sheets = {}
      for i, r in ipairs(runs) do sheets[i] = { name = tostring(r.year), table = result_table(sc, base, r, true) } end
      return cli.emit(opts, nil, sheets)
    end
    if opts.format ~= "table" then
      local parts = {}
      for i, r in ipairs(runs) do
        local t = result_table(sc, base, r, true):format(opts.format)
        if i > 1 and opts.format == "csv" then t = t:gsub("^[^\n]*\n", "") end
        parts[#parts + 1] = t
      end
      cli.emit(opts, table.concat(parts, opts.format == "md" and "\n" or ""))
      return
    end
    local out = {}
    out[#out + 1] = string.format("Projection: %s — %s%s", sc.name, sc.file, sc.status and (" (" .. sc.status .. ")") or "")
    out[#out + 1] = string.format("Base: %s (%s; %s)%s", base.title, base.file,
      base.complete and string.format("complete: %d units", base.of)
        or string.format("partial: %d of %d scores %s", base.scored, base.of, base.units2025 and "derived" or "published"),
      base.rules and (", methodology " .. base.rules) or "")
    out[#out + 1] = string.format("%d draws, seed %d; * = changed by the scenario", opts.draws, opts.seed)
    for _, r in ipairs(runs) do
      out[#out + 1] = ""
      local h = r.year - base.year
      out[#out + 1] = string.format("%d (%s)", r.year, h == 0 and "the base year: only unpublished scores vary"
        or (h .. (h == 1 and " year" or " years") .. " after the base"))
      out[#out + 1] = ""
      local t = text_table(sc, base, r)
      out[#out + 1] = t
    end
    out[#out + 1] = ""
    local label, bound = group_label(base)
    out[#out + 1] = "mean: the mean projected score; median, 5–95%: of the rank; P(≤k): the chance of rank k or better"
      .. (label and string.format("; P(%s): of a score of %s or more (%s)", label, string.format("%g", bound), base.groups_source) or "")
      .. "; sd: noise a year (points)."
    for _, l in ipairs(noise_note(sc, base, noise)) do out[#out + 1] = l end
    for _, l in ipairs(unknown_note(base)) do out[#out + 1] = l end
    for _, n in ipairs(notes) do out[#out + 1] = "Note: " .. n end
    cli.emit(opts, table.concat(out, "\n") .. "\n")
  end,
}
