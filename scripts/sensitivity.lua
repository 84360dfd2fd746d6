-- sensitivity.lua — uncertainty and sensitivity analysis of a methodology:
-- how far do the ranks move when its uncertain choices (weights, thresholds,
-- aggregation, the methodology itself) take their other declared values?
--
--   chiso sensitivity rules/sensitivity/example.lua [--runs 8000] [--unit NAME] [--record runs.csv]
--
-- The sensitivity file (sandboxed) declares the alternatives with checked
-- handles; this script compiles the base methodology and any variant,
-- scores the data once with each, and hands everything to the C engine
-- (chiso.sensitivity, engine/core/sensitivity.c), which runs the N(d+2)
-- design.  See docs/sensitivity.md.

local cli = require "cli"
local scoring = require "scoring"

local OUTPUTS = {
  shift = "the mean absolute rank shift (units' places away from their base rank, averaged)",
  rank = "the rank of %s",
  score = "the score of %s (%% of the applicable maximum)",
}

local function fmt(v, d)
  if v == nil then return nil end
  local s = string.format("%." .. (d or 2) .. "f", v)
  return s:match("^%-[0.]+$") and s:sub(2) or s -- no "-0.000"
end

-- A methodology name ("par/2023") as a file under one of the sandbox roots,
-- in the order the sandbox's require searches them.
local function rules_path(name, roots, file, line)
  for _, r in ipairs(roots) do
    local p = r .. "/" .. name .. ".lua"
    if chiso.filetype(p) == "file" then return p end
  end
  cli.fail(string.format("%s:%d: methodology '%s': no %s.lua under %s", file, line, name, name,
    table.concat(roots, ", ")))
end

-- data = "path": as written (from the current directory), else beside the
-- sensitivity file, else in chiso's own tree (datasets/… of an installation).
-- "a/b/../c" as "a/c" (for messages and the report; the file is the same).
local function tidy(path)
  local prev
  repeat
    prev = path
    path = path:gsub("^%./", ""):gsub("/%./", "/"):gsub("([^/]+)/%.%./", function(seg)
      if seg == ".." then return nil end
      return ""
    end, 1)
  until path == prev
  return path
end

local function data_path(decl, file)
  local p = decl.data
  local dir = file:match("^(.*)/[^/]*$") or "."
  local tried = { p }
  if chiso.filetype(p) == "file" then return p end
  if not p:match("^/") then
    for _, q in ipairs { tidy(dir .. "/" .. p), chiso.home .. "/" .. p } do
      tried[#tried + 1] = q
      if chiso.filetype(q) == "file" then return q end
    end
  end
  cli.fail(string.format("%s:%d: sensitivity: data '%s' not found (looked for %s)", decl.file, decl.line, p,
    table.concat(tried, ", ")))
end

-- Labels of an alternative's values, for tables and the record.
local function value_labels(a, base_rules)
  local out = {}
  if a.decl == "variant" then
    if a.values then
      for i, v in ipairs(a.values) do out[i] = v.rules end
    else
      out = { base_rules, a.methodology.rules }
    end
  else
    for i, v in ipairs(a.values) do
      out[i] = math.type(v) == "float" and (string.format("%.6g", v)) or tostring(v)
    end
  end
  return out
end

local function load_file(file, opts)
  cli.need_file(file)
  local sopts = cli.sandbox_options(opts, file)
  sopts.language = true
  local sb = chiso.sandbox(sopts)
  local decl = sb:dofile(file)
  if type(decl) ~= "table" or decl.decl ~= "sensitivity" then
    cli.fail(file .. ": a sensitivity file must return sensitivity { … }, not " ..
      (type(decl) == "table" and tostring(decl.decl or "a table") or type(decl)))
  end
  return decl, sopts.roots
end

local function analyse(file, opts)
  local decl, roots = load_file(file, opts)
  local base = decl.base
  local path = rules_path(base.rules, roots, base.file, base.line)
  local m = scoring.rules(path, opts)
  local d = scoring.data(data_path(decl, file), m, opts)
  local res = scoring.run(m, d)

  -- Variant methodologies, each scored once on the same data.
  local variants, labels = {}, {}
  for k, a in ipairs(decl.alternatives) do
    labels[k] = value_labels(a, base.rules)
    if a.decl == "variant" then
      for _, h in ipairs(a.values or { a.methodology }) do
        if h.rules ~= base.rules and not variants[h.rules] then
          local vm = scoring.rules(rules_path(h.rules, roots, h.file, h.line), opts)
          variants[h.rules] = vm:score(d.table)
        end
      end
    end
  end

  local unit
  if opts.unit then unit = scoring.find_unit(res, opts.unit) end
  local nalt = #decl.alternatives
  local runs = opts.runs or decl.runs or 1000 * (nalt + 2)
  if runs < 2 * (nalt + 2) then
    local msg = string.format("%d runs are too few for %d alternatives: the N(d+2) design needs at least %d",
      runs, nalt, 2 * (nalt + 2))
    if opts.runs then cli.usage_error("sensitivity: --runs: " .. msg) end
    cli.fail(string.format("%s:%d: sensitivity: runs = %s", decl.file, decl.line, msg))
  end
  local r = chiso.sensitivity {
    score = res.score, data = d.table, methodology = base.rules,
    alternatives = decl.alternatives, variants = variants,
    runs = runs, seed = opts.seed or decl.seed or 1, threads = opts.threads, boot = opts.boot,
    unit = unit and unit.i or nil, ranks = decl.ranks, record = opts.record ~= nil,
  }
  return { decl = decl, res = res, data = d, r = r, unit = unit, labels = labels, path = path }
end

local function ranks_table(A)
  local r, res = A.r, A.res
  local order = {}
  for i = 1, #res.units do order[i] = i end
  table.sort(order, function(a, b)
    local ra, rb = r.units[a].base_rank, r.units[b].base_rank
    if (ra ~= nil) ~= (rb ~= nil) then return ra ~= nil end
    if ra and ra ~= rb then return ra < rb end
    return a < b
  end)
  local c = { unit = {}, rank = {}, score = {}, median = {}, p5 = {}, p95 = {}, mean = {} }
  local tops = {}
  for _, k in ipairs(A.decl.ranks or {}) do tops[#tops + 1] = { k = k, values = {} } end
  local dec = res.info.decimals or 2
  for i, u in ipairs(order) do
    local x = r.units[u]
    c.unit[i], c.rank[i], c.score[i] = res.units[u].name, x.base_rank, x.base_percent
    c.median[i], c.p5[i], c.p95[i], c.mean[i] = x.median, x.q05, x.q95, x.mean
    for _, t in ipairs(tops) do t.values[i] = x.top and x.top[t.k] and 100 * x.top[t.k] end
  end
  local spec = { n = #order, source = "sensitivity",
    { name = "unit", type = "text", values = c.unit },
    { name = "rank", type = "number", values = c.rank, decimals = 0 },
    { name = "score", type = "number", values = c.score, decimals = dec },
    { name = "median", type = "number", values = c.median, decimals = 0 },
    { name = "p5", type = "number", values = c.p5, decimals = 0 },
    { name = "p95", type = "number", values = c.p95, decimals = 0 },
    { name = "mean", type = "number", values = c.mean, decimals = 2 },
  }
  for _, t in ipairs(tops) do
    spec[#spec + 1] = { name = "top" .. t.k .. "_pct", type = "number", values = t.values, decimals = 1 }
  end
  return chiso.table(spec)
end

-- One row per (output, alternative).  text: CI columns as "[lo, hi]" for reading.
local function indices_table(A, text)
  local r = A.r
  local c = { output = {}, alt = {}, kind = {}, node = {}, values = {}, s1 = {}, s1_lo = {}, s1_hi = {},
              st = {}, st_lo = {}, st_hi = {}, s1_ci = {}, st_ci = {} }
  local n = 0
  for _, out in ipairs { "shift", "rank", "score" } do
    local o = r.outputs[out]
    if o then
      for k, a in ipairs(A.decl.alternatives) do
        local x = o.indices[k]
        n = n + 1
        c.output[n], c.alt[n], c.kind[n] = out, a.name, a.decl
        c.node[n] = a.node and a.node.code or nil
        c.values[n] = table.concat(A.labels[k], ", ")
        c.s1[n], c.s1_lo[n], c.s1_hi[n] = x.s1, x.s1_lo, x.s1_hi
        c.st[n], c.st_lo[n], c.st_hi[n] = x.st, x.st_lo, x.st_hi
        if x.s1_lo then c.s1_ci[n] = string.format("[%s, %s]", fmt(x.s1_lo, 3), fmt(x.s1_hi, 3)) end
        if x.st_lo then c.st_ci[n] = string.format("[%s, %s]", fmt(x.st_lo, 3), fmt(x.st_hi, 3)) end
      end
    end
  end
  local spec = { n = n, source = "sensitivity" }
  local function col(name, values, ty, dec) spec[#spec + 1] = { name = name, values = values, type = ty, decimals = dec } end
  col("output", c.output, "text")
  col("alternative", c.alt, "text")
  col("kind", c.kind, "text")
  col("node", c.node, "text")
  col("values", c.values, "text")
  col("S1", c.s1, "number", 3)
  if text then col("S1 95% CI", c.s1_ci, "text") else col("S1_lo", c.s1_lo, "number", 3); col("S1_hi", c.s1_hi, "number", 3) end
  col("ST", c.st, "number", 3)
  if text then col("ST 95% CI", c.st_ci, "text") else col("ST_lo", c.st_lo, "number", 3); col("ST_hi", c.st_hi, "number", 3) end
  return chiso.table(spec)
end

-- The record: one row per run, its block of the design, each alternative's
-- value, and the outputs.
local function record(A, path)
  local r, rec = A.r, A.r.record
  local spec = { n = r.runs, source = "sensitivity record" }
  local run, varied = {}, {}
  for i = 1, r.runs do
    run[i] = i
    varied[i] = rec.of[i] > 0 and A.decl.alternatives[rec.of[i]].name or nil
  end
  spec[#spec + 1] = { name = "run", type = "number", values = run, decimals = 0 }
  spec[#spec + 1] = { name = "block", type = "text", values = rec.block }
  spec[#spec + 1] = { name = "from_B", type = "text", values = varied }
  for k, a in ipairs(A.decl.alternatives) do
    local labels, v = A.labels[k], {}
    for i = 1, r.runs do v[i] = labels[rec.level[k][i]] end
    spec[#spec + 1] = { name = a.name, type = "text", values = v }
  end
  spec[#spec + 1] = { name = "shift", type = "number", values = rec.shift, decimals = 6 }
  if rec.rank then
    spec[#spec + 1] = { name = "rank", type = "number", values = rec.rank, decimals = 0 }
    spec[#spec + 1] = { name = "score", type = "number", values = rec.score, decimals = 6 }
  end
  chiso.output(path, chiso.table(spec):format("csv"))
end

local function describe(A, out)
  return out == "shift" and OUTPUTS.shift or string.format(OUTPUTS[out], A.unit.name)
end

local function text_report(A, opts)
  local r, res, decl = A.r, A.res, A.decl
  local info = res.info
  local lines = {}
  local function w(s) lines[#lines + 1] = s end
  w(string.format("Sensitivity%s", decl.name and (" — " .. decl.name) or ""))
  w(string.format("base: %s (%s); data: %s (%d units)", info.name or info.code, A.path, A.data.path, #res.units))
  w(string.format("%d runs: N = %d × (d + 2), d = %d alternatives; seed %d", r.runs, r.n, r.d, r.seed))
  if decl.note then w(decl.note) end
  w("")
  w(string.format("Ranks over the %d runs (base: the methodology as declared; p5–p95: 90%% of the runs)", r.runs))
  w("")
  w((ranks_table(A):format("table"):gsub("\n$", "")))
  local it = indices_table(A, true)
  for _, out in ipairs { "shift", "rank", "score" } do
    local o = r.outputs[out]
    if o then
      w("")
      w(string.format("Sobol indices of %s: mean %s, sd %s", describe(A, out), fmt(o.mean, 3) or "—",
        fmt(o.sd, 3) or "—"))
      if A.unit and out == "rank" then
        local x = r.units[A.unit.i]
        w(string.format("  %s: base rank %s, median %s, 5–95%% %s–%s", A.unit.name, x.base_rank or "—",
          x.median or "—", x.q05 or "—", x.q95 or "—"))
      end
      if not o.sd or o.sd == 0 or o.indices[1].s1 == nil then
        w("  The output does not vary over the runs: no indices.")
      else
        -- Rows of this output only.
        local rows, keep = {}, {}
        for i = 1, #it do
          if it:get("output", i) == out then keep[#keep + 1] = i end
        end
        local spec = { n = #keep }
        for _, name in ipairs(it:names()) do
          if name ~= "output" then
            local info_c = it:info(name)
            local vals = {}
            for j, i in ipairs(keep) do vals[j] = it:get(name, i) end
            spec[#spec + 1] = { name = name, values = vals, type = info_c.type, decimals = info_c.decimals }
          end
        end
        w("")
        w((chiso.table(spec):format("table"):gsub("\n$", "")))
        local s1sum = 0
        for _, x in ipairs(o.indices) do s1sum = s1sum + (x.s1 or 0) end
        rows[#rows + 1] = string.format("  Sum of S1: %.3f (1 − sum: the share of the variance from interactions, "
          .. "up to sampling error).", s1sum)
        w(rows[1])
      end
    end
  end
  w("")
  w("S1: first-order index (Saltelli 2010); ST: total index (Jansen); 95% CI: percentile bootstrap of the "
    .. "N base rows" .. (opts.boot == 0 and " (not computed: --boot 0)." or string.format(", %d resamples.", opts.boot)))
  return table.concat(lines, "\n") .. "\n"
end

local function json_report(A)
  local r, res = A.r, A.res
  local units = {}
  for i, x in ipairs(r.units) do
    local top
    if x.top then
      top = {}
      for k, v in pairs(x.top) do top[tostring(k)] = v end
    end
    units[i] = { unit = res.units[i].name, base_rank = x.base_rank, base_percent = x.base_percent,
                 median = x.median, p5 = x.q05, p95 = x.q95, mean = x.mean, top = top }
  end
  local alts = {}
  for k, a in ipairs(A.decl.alternatives) do
    local e = { name = a.name, kind = a.decl, node = a.node and a.node.code or nil, step = a.step,
                values = A.labels[k], file = a.file, line = a.line }
    for out, o in pairs(r.outputs) do e[out] = o.indices[k] end
    alts[k] = e
  end
  local outputs = {}
  for out, o in pairs(r.outputs) do outputs[out] = { mean = o.mean, sd = o.sd, what = describe(A, out) } end
  return chiso.json({ name = A.decl.name, methodology = A.path, data = A.data.path, runs = r.runs, n = r.n,
    d = r.d, seed = r.seed, unit = A.unit and A.unit.name or nil, units = units, alternatives = alts,
    outputs = outputs })
end

return {
  summary = "Uncertainty and sensitivity of the ranks: median rank and 5–95% band, Sobol indices per alternative",
  usage = "chiso sensitivity FILE.lua [--runs N] [--seed S] [--threads T] [--unit NAME] [--record FILE.csv] [options]",
  help = [[
FILE declares the analysis (see rules/sensitivity/example.lua):

  local m = methodology "sensitivity/par_synthetic"
  return sensitivity { base = m, data = "scores.csv", alternatives = {
      weight      { node = m.node "8", values = { 0.8, 1, 1.2 } },
      threshold   { node = m.node "1.1.4", step = 1, values = { 85, 90, 95 } },
      aggregation { node = m.root, values = { "sum", "mean" } },
      variant     { methodology = methodology "sensitivity/par_synthetic_alt" } } }

Each run gives every alternative one of its values (uniformly), scores and
ranks all units.  The runs follow the N(d+2) design of Saltelli (2010), for d
alternatives: --runs R gives N = R / (d + 2).  Printed: each unit's base rank,
median rank and the 5–95% band of its ranks over all runs; for each
alternative the first-order (S1) and total (ST) Sobol indices of the mean
absolute rank shift — and, with --unit, of that unit's rank and score — with
bootstrap 95% intervals.  --record writes every run's values and outputs.

Results depend only on the file, the data and --seed/--runs, never on
--threads.  Details and estimators: docs/sensitivity.md.]],
  args = { min = 1, max = 1 },
  options = {
    { "runs", arg = "N", type = "integer", help = "about N runs: N(d+2) with N = ⌊runs/(d+2)⌋ (default: the file's runs, else 1000 × (d+2))" },
    { "seed", arg = "S", type = "integer", help = "random seed (default: the file's seed, else 1)" },
    { "threads", arg = "T", type = "integer", default = 2, help = "threads (results do not depend on it; default 2)" },
    { "unit", arg = "NAME", help = "also the indices of this unit's rank and score" },
    { "record", arg = "FILE.csv", help = "write each run's alternative values and outputs to FILE.csv" },
    { "boot", arg = "B", type = "integer", default = 500, help = "bootstrap resamples for the intervals (0: none)" },
    { "show", arg = "WHAT", choices = { "ranks", "indices" }, default = "ranks",
      help = "with --format csv: the ranks table (default) or the indices" },
    { "timing", help = "print the engine's time and runs per second on stderr" },
    { "unit-column", arg = "COL", help = "the column of the data naming the units" },
    cli.DECIMAL_COMMA, cli.FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    if opts.runs and opts.runs < 1 then cli.usage_error("sensitivity: --runs must be at least 1") end
    if opts.threads < 1 or opts.threads > 64 then cli.usage_error("sensitivity: --threads must be 1 to 64") end
    if opts.boot < 0 then cli.usage_error("sensitivity: --boot must be 0 or more") end
    local A = analyse(args[1], opts)
    if opts.timing then
      chiso.warn(string.format("%d runs in %.3f s (%.0f runs/s), %d thread%s", A.r.runs, A.r.seconds,
        A.r.runs / math.max(A.r.seconds, 1e-9), A.r.threads, A.r.threads == 1 and "" or "s"))
    end
    if opts.record then record(A, opts.record) end
    if opts.format == "json" then return cli.emit(opts, json_report(A)) end
    if opts.format == "xlsx" then
      return cli.emit(opts, nil, { { name = "ranks", table = ranks_table(A) },
                                   { name = "indices", table = indices_table(A, false) } })
    end
    if opts.format == "csv" then
      return cli.emit(opts, (opts.show == "indices" and indices_table(A, false) or ranks_table(A)):format("csv"))
    end
    if opts.format == "md" then
      return cli.emit(opts, "## Ranks\n\n" .. ranks_table(A):format("md") .. "\n## Sobol indices\n\n"
        .. indices_table(A, true):format("md"))
    end
    cli.emit(opts, text_report(A, opts))
  end,
}
