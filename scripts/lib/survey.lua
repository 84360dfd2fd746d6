-- survey.lua — `chiso score RULES.lua DATA.csv` when RULES is a survey { … }:
-- DATA has one row per respondent; per unit, the element rates, the index,
-- the rank (competition ranking) and the number of respondents; with --ci a
-- bootstrap 95% interval of the index and the unit's rank band.
--
--   require("survey").score(methodology, opts, args)
--
-- opts (parsed by score.lua): format, output, ci, draws, seed, threads,
-- decimal_comma, unit_column, and criteria (per-question rates) when present.
-- Units are listed by rank, ties in the registry's order (datasets/provinces.csv
-- for provinces; first appearance in DATA for units of other kinds).

local cli = require "cli"
local data = require "data"

local survey = {}

-- The group of an index: bands best first, { label, lower bound }; the last may omit the bound.
local function band(groups, v)
  if v == nil then return nil end
  for _, g in ipairs(groups) do
    if g[2] == nil or v >= g[2] then return g[1] end
  end
  return nil
end

local function run(m, opts, path)
  local info = m:info()
  cli.need_file(path)
  local kind = info.unit
  local reg = (kind == "province" or kind == "ministry") and data.units(kind) or nil
  local ci
  if opts.ci then
    if opts.draws ~= nil and (opts.draws < 1 or opts.draws > 1000000) then
      cli.usage_error("score: --draws must be from 1 to 1000000")
    end
    if opts.threads ~= nil and (opts.threads < 0 or opts.threads > 64) then
      cli.usage_error("score: --threads must be from 0 (one per processor) to 64")
    end
    ci = { draws = opts.draws, seed = opts.seed or 1, threads = opts.threads }
  elseif opts.draws or opts.threads then
    cli.usage_error("score: --draws and --threads go with --ci")
  end
  local r = m:run(path, { units = reg and reg.units or nil, decimal_comma = opts.decimal_comma or nil,
                          unit_column = opts.unit_column, ci = ci })
  return info, r
end

-- Units by rank; unranked units last; ties in result order.
local function ordered(r)
  local out = {}
  for i = 1, r:count() do out[i] = i end
  table.sort(out, function(a, b)
    local ra, rb = r:rank(a), r:rank(b)
    if (ra ~= nil) ~= (rb ~= nil) then return ra ~= nil end
    if ra and ra ~= rb then return ra < rb end
    return a < b
  end)
  return out
end

local function build(info, r, opts)
  local d = info.decimals or 2
  local order = ordered(r)
  local n = #order
  local c = { rank = {}, unit = {}, code = {}, index = {}, respondents = {}, weight = {}, group = {},
              lo = {}, hi = {}, rlo = {}, rhi = {} }
  local el, q = {}, {}
  for k = 1, #info.elements do el[k] = {} end
  for k = 1, #info.questions do q[k] = {} end
  local rinfo = r:info()
  local groups = info.groups or {}
  for row, i in ipairs(order) do
    local code, name, respondents, weight = r:unit(i)
    c.rank[row], c.unit[row], c.code[row] = r:rank(i), name, code
    c.index[row], c.respondents[row], c.weight[row] = r:index(i), respondents, weight
    c.group[row] = band(groups, r:index(i))
    for k, e in ipairs(info.elements) do el[k][row] = r:element(i, e.code) end
    if opts.criteria then
      for k, qn in ipairs(info.questions) do q[k][row] = r:rate(i, qn) end
    end
    if rinfo.draws then
      c.lo[row], c.hi[row], c.rlo[row], c.rhi[row] = r:ci(i)
    end
  end
  local spec = { n = n, source = "score" }
  spec[#spec + 1] = { name = "rank", type = "number", values = c.rank, decimals = 0 }
  spec[#spec + 1] = { name = "unit", type = "text", values = c.unit }
  if opts.format ~= "table" then
    spec[#spec + 1] = { name = "code", type = "text", values = c.code }
  end
  for k, e in ipairs(info.elements) do
    spec[#spec + 1] = { name = e.code, type = "number", values = el[k], decimals = d }
  end
  if opts.criteria then
    for k, qn in ipairs(info.questions) do
      spec[#spec + 1] = { name = qn, type = "number", values = q[k], decimals = d }
    end
  end
  spec[#spec + 1] = { name = "index", type = "number", values = c.index, decimals = d }
  if rinfo.draws then
    spec[#spec + 1] = { name = "index_lo", type = "number", values = c.lo, decimals = d }
    spec[#spec + 1] = { name = "index_hi", type = "number", values = c.hi, decimals = d }
    spec[#spec + 1] = { name = "rank_lo", type = "number", values = c.rlo, decimals = 0 }
    spec[#spec + 1] = { name = "rank_hi", type = "number", values = c.rhi, decimals = 0 }
  end
  if #groups > 0 then spec[#spec + 1] = { name = "group", type = "text", values = c.group } end
  spec[#spec + 1] = { name = "respondents", type = "number", values = c.respondents, decimals = 0 }
  if rinfo.weighted then
    spec[#spec + 1] = { name = "weight", type = "number", values = c.weight, decimals = d }
  end
  return chiso.table(spec), rinfo
end

local function ci_text(rinfo)
  return string.format("95%% bootstrap intervals: %d draws (each respondent resampled with a Poisson(1) count, "
    .. "within its unit), seed %d; index_lo–index_hi and rank_lo–rank_hi are the 2.5 and 97.5 percentiles "
    .. "across draws, every draw ranked by competition ranking.", rinfo.draws, rinfo.seed)
end

function survey.score(m, opts, args)
  local path = args[2]
  local info, r = run(m, opts, path)
  local t, rinfo = build(info, r, opts)
  local formula = string.format("rates = answers %d–%d of those answered on the %d–%d scale; element = %s; index = %s",
    info.satisfied[1], info.satisfied[2], info.scale[1], info.scale[2],
    info.element_formula == "pooled" and "all its answers pooled" or "mean of its questions' rates",
    info.index_formula == "pooled" and "all answers pooled"
      or info.index_formula == "weighted_mean" and "weighted mean of the elements" or "mean of the elements")
  if opts.format == "json" then
    local meta = { code = info.code, name = info.name, file = info.file, unit = info.unit, status = info.status,
                   decision = info.decision, scale = info.scale, satisfied = info.satisfied,
                   element_formula = info.element_formula, index_formula = info.index_formula,
                   decimals = info.decimals, elements = {} }
    for k, e in ipairs(info.elements) do
      meta.elements[k] = { code = e.code, name = e.name, name_en = e.name_en, questions = e.questions,
                           weight = info.index_formula == "weighted_mean" and e.weight or nil }
    end
    local out = { methodology = meta, data = path, respondents = rinfo.rows, units = rinfo.units,
                  weighted = rinfo.weighted, rows = t, notes = rinfo.notes }
    if rinfo.draws then
      out.ci = { draws = rinfo.draws, seed = rinfo.seed, resampling = "poisson", level = 0.95,
                 percentiles = { 2.5, 97.5 } }
    end
    return cli.emit(opts, chiso.json(out))
  end
  if opts.format ~= "table" then
    cli.emit_table(opts, t, "score")
    for _, note in ipairs(rinfo.notes) do chiso.warn("note: " .. note) end
    return
  end
  local out = {}
  out[#out + 1] = string.format("%s (%s) — %s: %d units, %d respondents, %s", info.name or info.code, info.file,
    path, rinfo.units, rinfo.rows, rinfo.weighted and ("weighted by '" .. info.weight_column .. "'") or "unweighted")
  out[#out + 1] = ""
  out[#out + 1] = (t:format("table"):gsub("\n$", ""))
  out[#out + 1] = ""
  local els = {}
  for _, e in ipairs(info.elements) do els[#els + 1] = e.code .. " = " .. (e.name_en or e.name) end
  out[#out + 1] = "Elements: " .. table.concat(els, "; ") .. "."
  out[#out + 1] = "In percent: " .. formula .. "; rank by competition ranking at " .. (info.decimals or 2)
    .. " decimals."
  if rinfo.draws then out[#out + 1] = ci_text(rinfo) end
  for _, note in ipairs(rinfo.notes) do out[#out + 1] = "Note: " .. note end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

return survey
