-- report/plans.lua — the profile's scenario and target sections, through the
-- scenario core (scripts/lib/scenario.lua), the projection kernel
-- (chiso.project, as scripts/project.lua sets it up) and the target solver
-- (scripts/target.lua's library).
--
--   local extra = plans.sections(P, L, opts)   -- HTML sections; P.scenario_data / P.target_data set

local cli = require "cli"
local html = require "report.html"
local svg = require "report.svg"

local plans = {}

local esc, mark = html.esc, html.mark

local function script_lib(name)
  local chunk, err = loadfile(chiso.home .. "/scripts/" .. name .. ".lua", "t")
  if not chunk then cli.fail(err) end
  local m = chunk()
  return type(m) == "table" and m.lib or nil
end

-- ---------------------------------------------------------------- scenario --

local function scenario_section(P, L, opts)
  local scenario = require "scenario"
  local sc = scenario.load(opts.scenario, opts)
  local base = scenario.base(sc, opts)
  local code = P.unit.code
  local me
  for _, x in ipairs(base.units) do if x.code == code then me = x end end
  if not me then
    cli.fail(string.format("%s: the scenario's base (%s) has no %s", opts.scenario, base.title or "?", P.unit.name))
  end
  local d = base.decimals or 2
  local S = { file = opts.scenario, name = sc.name, status = sc.status, base_year = base.year, years = {} }
  local smark = (sc.status == "illustrative" or sc.status == "synthetic") and sc.status or nil
  if smark then P.marks[smark] = true end
  P.marks.projected = true
  local out = { string.format("<h2>%s: %s%s</h2>", esc(L:t("scenario")), esc(sc.name or ""), smark and mark(L, smark) or "") }
  out[#out + 1] = string.format('<p class="muted">%s · %s %d → %s</p>', esc(opts.scenario), esc(base.title or ""), base.year,
    esc(table.concat((function() local ys = {} for i, y in ipairs(sc.horizon) do ys[i] = tostring(y) end return ys end)(), ", ")))
  local rows = { string.format('<table><tr><th>%s</th><th class="n">%s</th><th class="n">%s</th><th>%s</th></tr>',
    esc(L:t("col_year")), esc(L:t("col_score")), esc(L:t("col_rank")), esc(L:t("group"))) }
  local function rank_text(lo, hi, of)
    if not lo then return "–" end
    local r = lo == hi and L:int(lo) or (L:int(lo) .. "–" .. L:int(hi))
    return L:t("rank_of", r, L:int(of))
  end
  local blo, bhi = scenario.rank(base.units, code)
  rows[#rows + 1] = string.format('<tr><td>%d</td><td class="n">%s</td><td class="n">%s</td><td>%s</td></tr>', base.year,
    me.score and esc(L:num(me.score, d)) or "–", esc(rank_text(blo, bhi, base.of)),
    esc(scenario.group(base.groups, me.score) or ""))
  local last_proj, changes
  for _, year in ipairs(sc.horizon) do
    local proj = scenario.project(sc, base, year)
    local y
    for _, u in ipairs(proj) do if u.code == code then y = u end end
    local lo, hi = scenario.rank(proj, code)
    local grp = scenario.group(base.groups, y and y.score)
    rows[#rows + 1] = string.format('<tr><td>%d</td><td class="n">%s%s</td><td class="n">%s%s</td><td>%s</td></tr>', year,
      y and y.score and esc(L:num(y.score, d)) or "–", mark(L, "projected"), esc(rank_text(lo, hi, base.of)),
      mark(L, "projected"), esc(grp or ""))
    S.years[#S.years + 1] = { year = year, score = y and y.score, rank_min = lo, rank_max = hi, group = grp }
    last_proj = proj
    changes = y and y.applied
  end
  rows[#rows + 1] = "</table>"
  out[#out + 1] = "<h3>" .. esc(L:t("scenario_result", sc.horizon[#sc.horizon])) .. "</h3>"
  out[#out + 1] = table.concat(rows, "\n")
  if changes and #changes > 0 then
    local li = {}
    for _, c in ipairs(changes) do
      li[#li + 1] = string.format("<li>%s: %s → %s (%s)</li>", esc(c.node or "?"), esc(L:num(c.from, d)), esc(L:num(c.to, d)),
        esc(L:signed(c.delta, d)))
    end
    out[#out + 1] = "<ul>" .. table.concat(li) .. "</ul>"
    S.changes = changes
  end
  -- The projection: the unit's rank distribution in the last horizon year.
  local lib = script_lib("project")
  local noise = scenario.noise(sc, base)
  local covered = true
  if noise.median == nil then
    for _, x in ipairs(base.units) do
      if not (noise[x.code] and noise[x.code].sd) then covered = false end
    end
  end
  if lib and lib.kernel_spec and covered and last_proj then
    local draws = opts.draws or sc.draws or 2000
    local spec = lib.kernel_spec(sc, base, last_proj, noise, { draws = draws, seed = sc.seed or 1, threads = 1 })
    spec.histogram = true
    spec.progress = false
    local r = chiso.project(spec)
    local idx
    for i, u in ipairs(last_proj) do if u.code == code then idx = i end end
    local u = r.units[idx]
    local probs, of = {}, #last_proj
    for k = 1, of do probs[k] = (u.hist and u.hist[k] or 0) / r.draws end
    local year = last_proj.year or sc.horizon[#sc.horizon]
    out[#out + 1] = "<h3>" .. esc(L:t("projection", year)) .. mark(L, "projected") .. "</h3>"
    out[#out + 1] = "<p>" .. esc(L:t("projection_intro", L:int(r.draws), L:int(u.median), L:int(u.p5), L:int(u.p95))) .. "</p>"
    out[#out + 1] = svg.histogram(probs, of, { median = u.median, axis = L:t("chart_rank_axis"),
      label = L:t("projection", year) .. " — " .. L:name(P.unit.name, P.unit.name_en),
      tip = function(k, p) return string.format("%s %d: %s%%", L:t("col_rank"), k, L:num(p * 100, 1)) end })
    S.projection = { year = year, draws = r.draws, seed = sc.seed or 1, median_rank = u.median, rank_p5 = u.p5,
                     rank_p95 = u.p95, histogram = probs }
  end
  P.scenario_data = S
  return table.concat(out, "\n")
end

-- ------------------------------------------------------------------ target --

local function parse_goal(s)
  local k, v = tostring(s):match("^%s*(%a+)%s*=%s*(.-)%s*$")
  if not k then k, v = "rank", s end
  if k == "rank" then
    local n = math.tointeger(tonumber(v))
    if not n or n < 1 then cli.usage_error("report: --target rank=K needs a whole number K ≥ 1, not '" .. tostring(v) .. "'") end
    return { rank = n }
  elseif k == "score" then
    local n = tonumber((v:gsub(",", ".")))
    if not n then cli.usage_error("report: --target score=S needs a number, not '" .. tostring(v) .. "'") end
    return { score = n }
  elseif k == "group" then
    return { group = v }
  end
  cli.usage_error("report: --target rank=K, score=S or group=G, not '" .. tostring(s) .. "'")
end

local function target_section(P, L, opts)
  local T = script_lib("target")
  if not T then cli.fail("report: --target needs scripts/target.lua") end
  local what = parse_goal(opts.target)
  local decls = {}
  local dpath = opts.directive or (P.directive and (chiso.home .. "/" .. P.directive.path))
  if dpath then decls.directive = T.load_decl(dpath, opts, "directive") end
  if opts.scenario then
    decls.sc = require("scenario").load(opts.scenario, opts)
    decls.scenario = decls.sc.decl
    decls.scenario.path = opts.scenario
  end
  local owners, costs = {}, {}
  for _, key in ipairs { "scenario", "directive" } do
    if decls[key] then
      local o, c = T.check_owners_costs(decls[key])
      for k, v in pairs(o) do owners[k] = v end
      for k, v in pairs(c) do costs[k] = v end
    end
  end
  local topts = {}
  for k, v in pairs(opts) do topts[k] = v end
  topts.index, topts.year = P.index, P.year
  if decls.sc then topts.year = nil end
  local ctx = T.context(topts, P.unit.name, decls)
  local r = T.compute(ctx, what, owners, costs)
  local d = ctx.decimals or 2
  local goal = what.rank and L:t("target_rank", what.rank) or what.score and L:t("target_score", L:num(what.score, d))
    or L:t("target_group", what.group)
  local out = { string.format("<h2>%s%s</h2>", esc(L:t("target")), mark(L, "derived")) }
  P.marks.derived = true
  out[#out + 1] = string.format("<p><b>%s</b> — %s %s: %s → %s</p>", esc(L:t("target_goal", goal)),
    esc(ctx.title or ""), ctx.year or "", esc(L:num(r.current and r.current.score, d)),
    esc(L:num(r.new_score, d)))
  local feasible = r.status ~= "infeasible" and r.status ~= "unreachable"
  out[#out + 1] = string.format("<p>%s%s</p>", esc(L:t(feasible and "target_feasible" or "target_infeasible")),
    r.gap and (" · " .. esc(L:t("target_need", L:num(r.gap, d)))) or "")
  local rows = { string.format('<table><tr><th>%s</th><th class="n">%s</th><th class="n">%s</th><th class="n">%s</th><th>%s</th></tr>',
    esc(L:t("col_item")), esc(L:t("col_from")), esc(L:t("col_to")), esc(L:t("col_gain")), esc(L:t("col_owner"))) }
  local plan = {}
  for _, row in ipairs(r.solution and r.solution.rows or {}) do
    rows[#rows + 1] = string.format('<tr><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td>%s</td></tr>',
      esc(row.lever.code .. " " .. (row.lever.name or "")), esc(L:num(row.from, d)), esc(L:num(row.to, d)),
      esc(L:signed(row.gain, d)), esc(row.lever.owner or L:t("no_owner")))
    plan[#plan + 1] = { node = row.lever.code, name = row.lever.name, from = row.from, to = row.to, gain = row.gain,
                        owner = row.lever.owner }
  end
  rows[#rows + 1] = "</table>"
  out[#out + 1] = table.concat(rows, "\n")
  local notes = {}
  for _, n in ipairs(ctx.notes or {}) do notes[#notes + 1] = "<li>" .. esc(n) .. "</li>" end
  for _, n in ipairs(r.notes or {}) do notes[#notes + 1] = "<li>" .. esc(n) .. "</li>" end
  if #notes > 0 then out[#out + 1] = '<ul class="muted">' .. table.concat(notes) .. "</ul>" end
  P.target_data = { goal = what, status = r.status, current = r.current and r.current.score, new_score = r.new_score,
                    new_rank_min = r.new_rank_min, new_rank_max = r.new_rank_max, gap = r.gap, plan = plan }
  return table.concat(out, "\n")
end

function plans.sections(P, L, opts)
  local out = {}
  if opts.scenario then out[#out + 1] = scenario_section(P, L, opts) end
  if opts.target then out[#out + 1] = target_section(P, L, opts) end
  return out
end

return plans
