-- report.lua — one-page profiles people read: a province's (or ministry's)
-- score, rank and change, its areas against the other provinces, its rank
-- history, the points it lost and who owns them, a scenario's or a target
-- plan's result; every figure with its source.
--
--   chiso report "Quảng Ninh" --year 2023 -o quang-ninh.html
--   chiso report "Kon Tum" --lang en -o kon-tum.html
--   chiso report --all --year 2023 -o profiles/
--
-- The page is one HTML file: inline CSS and SVG, no script, no external
-- asset, the same bytes for the same data.

local cli = require "cli"
local units2025 = require "units2025"
local data = require "data"
local profile = require "report.profile"
local html = require "report.html"
local i18n = require "report.i18n"
local plans = require "report.plans"

local function slug(reg, code)
  local info = reg:info(code) or {}
  local s = tostring(info.name_ascii or info.name_en or code):lower():gsub("[^%w]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
  return s ~= "" and s or tostring(code)
end

-- The profile as plain data for --format json (docs/formats.md).
local function export(P)
  local H = P.headline
  local function figure_list(items)
    local out = {}
    for i, it in ipairs(items) do
      out[i] = { code = it.code, name = it.name, name_en = it.name_en, points = it.points, max = it.max,
                 percent = it.percent, median = it.median, median_units = it.median_n, rank = it.rank,
                 state = it.state, status = it.status, sources = it.refs, rank_sources = it.rank_refs }
    end
    return out
  end
  local function lost_list(rows)
    local out = {}
    for i, r in ipairs(rows) do out[i] = { code = r.code, name = r.name, lost = r.lost, owner = r.owner } end
    return out
  end
  local hist = {}
  for _, f in ipairs(P.history) do
    hist[#hist + 1] = { year = f.year, listed = f.row ~= nil, score = f.score, rank = f.rank, rank_text = f.rank_text,
                        score_min = f.bounds and cli.round(f.bounds[1], 6), score_max = f.bounds and cli.round(f.bounds[2], 6),
                        rank_min = f.lo, rank_max = f.hi, of = f.of, basis = f.basis, note = f.note,
                        sources = f.row and (function()
                          local s, seen = {}, {}
                          for _, l in ipairs({ f.score_refs or {}, f.rank_refs or {} }) do
                            for _, k in ipairs(l) do if not seen[k] then seen[k] = true s[#s + 1] = k end end
                          end
                          table.sort(s)
                          return s
                        end)() or {} }
  end
  local owners
  if P.lost_owners then
    owners = {}
    for i, o in ipairs(P.lost_owners) do owners[i] = { owner = o.owner, lost = o.lost, codes = o.codes } end
  end
  local sources = {}
  for i, s in ipairs(P.sources) do sources[i] = { n = s.n, url = s.url, about = s.what } end
  local marks = {}
  for k in pairs(P.marks) do marks[#marks + 1] = k end
  table.sort(marks)
  return {
    index = P.index, year = P.year, rules = P.rules,
    units = P.units2025 and 2025 or nil, derived = P.units2025 and true or nil,
    weighting = P.units2025 and (P.units2025.weight_name or "equal") or nil,
    unit = { code = P.unit.code, name = P.unit.name, region = P.unit.region },
    headline = { score = H.score, rank = H.rank, rank_min = H.lo, rank_max = H.hi, of = H.of, of_known = H.of_known,
                 basis = H.basis, group = H.group, previous = H.prev, score_change = cli.round(H.d_score, 6), rank_change = H.d_rank,
                 national_average = H.average, national_average_unverified = H.average_unverified or false,
                 note = H.note, sources = H.score_refs, rank_sources = H.rank_refs },
    areas = figure_list(P.areas), components = figure_list(P.parts), history = hist,
    lost = { areas = lost_list(P.lost_areas), components = lost_list(P.lost_parts), owners = owners,
             owners_basis = P.lost_owners_basis, directive = P.directive and P.directive.path or nil },
    scenario = P.scenario_data, target = P.target_data,
    marks = marks, sources = sources,
  }
end

local function one(opts, unit)
  local L = i18n.new(opts.lang)
  local P = profile.build({ index = opts.index, unit = unit, year = opts.year }, opts)
  local extra = plans.sections(P, L, opts)
  if opts.format == "json" then return chiso.json(export(P)) end
  return html.profile(P, L, extra, {})
end

local function all(opts)
  local dir = opts.output
  if not dir then cli.usage_error("report --all: name the folder for the pages with -o DIR/") end
  dir = dir:gsub("/+$", "")
  if dir == "" then dir = "/" end
  if chiso.filetype(dir) ~= "dir" then
    cli.fail(string.format("%s: no such folder (create it first)", dir))
  end
  if opts.scenario or opts.target then cli.usage_error("report --all: --scenario and --target are for one unit") end
  local L = i18n.new(opts.lang)
  local spec = data.INDEXES[opts.index]
  if not spec then cli.usage_error("report: unknown index '" .. tostring(opts.index) .. "' (par, sipas or ministries)") end
  local reg = data.units(spec.kind)
  local year = opts.year
  if not year then
    local ys = data.years(opts.index)
    year = ys[#ys]
  end
  local rows, listed = {}, 0
  local ext = opts.format == "json" and ".json" or ".html"
  for _, code in ipairs(reg:codes()) do
    local P = profile.build({ index = opts.index, unit = code, year = year }, opts)
    local file = slug(reg, code) .. ext
    local text
    if opts.format == "json" then
      text = chiso.json(export(P))
    else
      text = html.profile(P, L, {}, { index_href = "index.html" })
    end
    chiso.output(dir .. "/" .. file, text)
    local H = P.headline
    if H.listed then listed = listed + 1 end
    rows[#rows + 1] = { name = L:name(P.unit.name, P.unit.name_en), href = file, rank = H.rank, lo = H.lo, hi = H.hi,
                        score = H.score, d_rank = H.d_rank, group = H.group, region = P.unit.region,
                        decimals = H.decimals, listed = H.listed, code = code }
  end
  table.sort(rows, function(a, b)
    local ka = a.rank and 0 or a.score and 1 or 2
    local kb = b.rank and 0 or b.score and 1 or 2
    if ka ~= kb then return ka < kb end
    if ka == 0 and a.rank ~= b.rank then return a.rank < b.rank end
    if ka == 1 and a.score ~= b.score then return a.score > b.score end
    return chiso.text.fold(a.name) < chiso.text.fold(b.name) or
      (chiso.text.fold(a.name) == chiso.text.fold(b.name) and a.code < b.code)
  end)
  if opts.format == "json" then
    chiso.output(dir .. "/index.json", chiso.json({ index = opts.index, year = year, units = rows }))
  else
    chiso.output(dir .. "/index.html", html.index(rows, L, { kind = spec.kind, title = spec.title,
      title_vi = spec.title_vi, year = year, listed = listed }))
  end
  io.stderr:write(string.format("chiso: %d profiles and index%s written to %s/\n", #rows, ext, dir))
end

return {
  summary = "A one-page profile (HTML, no script) of a province or ministry: score, rank, areas, history, sources",
  usage = "chiso report UNIT [--index par] [--year Y] [--lang vi|en] [-o profile.html]\n"
    .. "       chiso report --all [--year Y] -o DIR/",
  help = [[
The profile shows the headline (score, rank of N, the change against the
previous year, the group), each area's and component's share of its maximum
beside the median of the provinces that published it, the rank history over
every year with data (gaps stay gaps), the points lost, largest first, by
area and by owner agency when a directive names owners (--directive, or the
file of rules/directives/ for the unit), a scenario's result and its
projected rank distribution (--scenario FILE), a target plan (--target
rank=30 | score=90 | group=A), and the sources of every figure.  Anything
chiso computed (a share, a difference, a median, a group, a rank range) is
marked "derived"; unverified, illustrative and synthetic figures are marked
too.

Labels are in Vietnamese (decimal comma) unless --lang en.  Without -o the
page goes to standard output.  --all writes one page per unit and an
index.html ranking them to the folder DIR.  --format json gives the same
content as data (docs/formats.md).]],
  args = { min = 0, max = 1 },
  options = {
    { "index", arg = "INDEX", choices = { "par", "sipas", "ministries" }, default = "par",
      help = "par (default), sipas or ministries" },
    { "year", arg = "Y", type = "integer", help = "the year assessed (default: the latest with a figure for the unit)" },
    { "lang", arg = "LANG", choices = { "vi", "en" }, default = "vi", help = "vi (default) or en" },
    { "all", help = "every unit, and an index page: -o DIR/" },
    { "directive", arg = "FILE", help = "the owners of areas and components from this directive" },
    { "scenario", arg = "FILE", help = "a scenario's result and projected rank distribution" },
    { "target", arg = "GOAL", help = "a target plan: rank=K, score=S or group=G (a number alone is a rank)" },
    { "draws", arg = "N", type = "integer", help = "with --scenario: Monte Carlo draws (default: the scenario's, or 2000)" },
    { "format", arg = "FMT", choices = { "html", "json" }, default = "html", help = "html (default) or json" },
    units2025.OPTIONS[1], units2025.OPTIONS[2], units2025.OPTIONS[3],
    cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    if opts.draws and opts.draws < 1 then cli.usage_error("report: --draws must be 1 or more") end
    if opts.draws and not opts.scenario then cli.usage_error("report: --draws goes with --scenario") end
    if units2025.apply(opts, "report") and data.INDEXES[opts.index].kind ~= "province" then
      cli.usage_error("report: --units 2025 regroups provinces; " .. data.INDEXES[opts.index].title .. " has none")
    end
    if opts.all then
      if #args > 0 then cli.usage_error("report: --all takes no UNIT") end
      return all(opts)
    end
    if #args == 0 then
      cli.usage_error("report: missing UNIT (usage: chiso report UNIT [options], or chiso report --all -o DIR/)")
    end
    cli.emit(opts, one(opts, args[1]))
  end,
}
