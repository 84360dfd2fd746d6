-- gen-departments.lua — synthetic self-assessment data for the departments of
-- Nghệ An, with every column rules/provinces/nghean-2023.lua reads.
--
--   chiso gen-departments -o datasets/synthetic/nghean_departments_2023.csv
--
-- The numbers are SYNTHETIC: drawn from a seeded generator, the same on every
-- machine for the same seed, and checked against the rule file before they are
-- written.  Only the department names are real.

local cli = require "cli"

-- Provincial departments (sở, ban, ngành) of Nghệ An.  Ban Dân tộc is given no
-- administrative procedures, so the methodology's area 3 does not apply to it
-- (a synthetic assumption, to exercise the "not applicable" rule).
local DEPARTMENTS = {
  "Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương",
  "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
  "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
  "Sở Văn hóa và Thể thao", "Sở Du lịch", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo",
  "Sở Y tế", "Sở Ngoại vụ", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Ban Dân tộc",
  "Ban Quản lý Khu kinh tế Đông Nam Nghệ An",
}
local NO_PROCEDURES = { ["Ban Dân tộc"] = true }

-- The columns, in the order of the rule file.  Kinds:
--   ontime       "đúng hạn" / "chậm" / "không"
--   yesno        "có" / "không"
--   pct LO HI    a percentage between LO and HI, better departments higher
--   bad N        a count of failures (late reports, violations…), up to about N
--   good N       a count of achievements (initiatives, meetings…), up to about N
--   pair LO HI   two columns { num, den }: den between LO and HI, num = den × rate
--   free LO HI   a percentage between LO and HI unrelated to quality
-- `tthc = true`: administrative-procedure data, blank where area 3 does not apply.
local COLUMNS = {
  -- 1 direction
  { "plan_issued", "ontime" }, { "plan_clear", "yesno" }, { "plan_done_pct", "pct", 70, 100 },
  { "reports_late", "bad", 3 }, { "reports_content_full", "yesno" }, { "inspection_plan", "yesno" },
  { { "units_inspected", "units_to_inspect" }, "pair", 0, 6 }, { "issues_fixed_pct", "pct", 50, 100 },
  { "outreach_plan", "yesno" }, { "outreach_done_pct", "pct", 60, 100 }, { "par_initiatives", "good", 3 },
  { { "tasks_on_time", "tasks_assigned" }, "pair", 4, 25 }, { "tasks_overdue", "bad", 3 },
  { "head_chairs_par", "yesno" }, { "par_in_emulation", "yesno" },
  -- 2 institutions
  { { "legal_docs_on_plan", "legal_docs_planned" }, "pair", 0, 6 }, { "legal_docs_appraised", "yesno" },
  { "legal_docs_unlawful", "bad", 1 }, { "review_plan", "ontime" }, { "review_followup_pct", "pct", 40, 100 },
  { "law_monitoring_plan", "yesno" }, { "law_monitoring_done_pct", "pct", 60, 100 },
  { "legal_education_plan", "yesno" }, { "legal_education_pct", "pct", 40, 100 },
  { "public_consultation", "yesno" }, { { "doc_findings_fixed", "doc_findings" }, "pair", 0, 4 },
  -- 3 administrative procedures
  { "tthc_review_plan", "ontime", tthc = true },
  { { "tthc_reviewed", "tthc_to_review" }, "pair", 2, 40, tthc = true },
  { "tthc_simplified", "yesno", tthc = true }, { "tthc_list_published", "ontime", tthc = true },
  { "tthc_publicised", "yesno", tthc = true }, { "tthc_publicity_errors", "bad", 3, tthc = true },
  { "dossiers_on_time_pct", "pct", 92, 100, tthc = true },
  { "dossiers_overdue", "bad", 8, tthc = true }, { "apology_letters", "apology", tthc = true },
  { "digitised_pct", "pct", 30, 100, tthc = true },
  { { "petitions_handled", "petitions" }, "pair", 0, 12, tthc = true },
  { "petition_results_public", "yesno", tthc = true }, { "tthc_at_centre_pct", "pct", 60, 100, tthc = true },
  { "one_stop_staffing", "yesno", tthc = true }, { "linked_procedure_groups", "good", 3, tthc = true },
  { "online_dossiers_pct", "pct", 10, 95, tthc = true }, { "online_payment_pct", "pct", 5, 80, tthc = true },
  { "tthc_violations", "bad", 2, tthc = true }, { "repeat_requests", "bad", 6, tthc = true },
  -- 4 organisation
  { "functions_rule", "ontime" }, { "internal_units_ok", "yesno" }, { "staff_within_quota", "yesno" },
  { { "staff_reduced", "staff_reduction_target" }, "pair", 0, 5 }, { "staffing_plan_followed", "yesno" },
  { "excess_deputies", "bad", 2 }, { "division_heads_ok", "yesno" }, { "self_financing_pct", "pct", 0, 100 },
  { "psu_rearranged", "yesno" }, { "delegated_tasks_done", "yesno" }, { "delegation_report", "ontime" },
  -- 5 civil service
  { "job_positions_submitted", "ontime" }, { "staff_in_position_pct", "pct", 75, 100 },
  { "recruitment_lawful", "yesno" }, { "recruitment_public", "yesno" }, { "appraisal_done", "ontime" },
  { "excellent_pct", "free", 8, 28 }, { "training_done_pct", "pct", 50, 100 }, { "disciplined_staff", "bad", 2 },
  { "office_culture", "yesno" }, { "harassment_cases", "bad", 2 },
  { { "staff_complaints_handled", "staff_complaints" }, "pair", 0, 5 }, { "talent_policy", "yesno" },
  { "hr_database_pct", "pct", 60, 100 }, { "hr_report", "ontime" }, { "asset_declaration", "yesno" },
  -- 6 public finance
  { "disbursement_pct", "pct", 60, 100 }, { "budget_disclosed", "ontime" }, { "audit_breaches", "bad", 2 },
  { "spending_rules", "yesno" }, { "asset_rules", "yesno" }, { { "psu_autonomous", "psu_count" }, "pair", 0, 8 },
  { "asset_report", "ontime" }, { "property_rearranged", "yesno" }, { "savings_programme", "yesno" },
  { "savings_pct", "pct", 0, 14 }, { { "audit_recs_done", "audit_recs" }, "pair", 0, 10 },
  { "audit_recs_report", "ontime" },
  -- 7 e-government
  { "dx_plan", "ontime" }, { "docs_signed_pct", "pct", 70, 100 }, { "e_docs_pct", "pct", 55, 100 },
  { "staff_with_computer_pct", "pct", 80, 100 }, { "dedicated_network", "yesno" }, { "website_updated", "yesno" },
  { "website_par_section", "yesno" }, { "online_meetings", "good", 16 }, { "sector_database", "yesno" },
  { "data_shared", "yesno" }, { "security_level_approved", "yesno" }, { "security_incidents", "bad", 1 },
  { "it_officer", "yesno" }, { "digital_skills_pct", "pct", 30, 100 }, { "reporting_system", "yesno" },
  { "dx_report", "ontime" },
  -- survey part
  { "survey_officials_pct", "pct", 70, 95 }, { "survey_people_pct", "pct", 72, 96 },
}

-- A 64-bit linear congruential generator (Knuth's MMIX constants): Lua's
-- integers wrap, so the sequence is the same everywhere.
local function generator(seed)
  local s = seed
  return function()
    s = s * 6364136223846793005 + 1442695040888963407
    return ((s >> 11) & ((1 << 53) - 1)) / (1 << 53)   -- uniform in [0, 1)
  end
end

local function clamp(x, lo, hi) return x < lo and lo or x > hi and hi or x end

local function round(x, d)
  local m = 10 ^ (d or 0)
  return math.floor(x * m + 0.5) / m
end

-- Values for one department of quality q (0.45–0.95).
local function department_values(rnd, q, has_procedures)
  local row = {}
  local function rate() return clamp(q + (rnd() - 0.5) * 0.3, 0, 1) end
  for _, c in ipairs(COLUMNS) do
    local name, kind, a, b = c[1], c[2], c[3], c[4]
    if c.tthc and not has_procedures then
      -- area 3 does not apply: leave its cells empty
    elseif kind == "ontime" then
      local x = rnd()
      row[name] = x < q and "đúng hạn" or x < q + (1 - q) * 0.7 and "chậm" or "không"
    elseif kind == "yesno" then
      row[name] = rnd() < q + 0.08 and "có" or "không"
    elseif kind == "pct" then
      local r = rate()
      row[name] = r > 0.93 and b or round(a + (b - a) * r, 1)
    elseif kind == "free" then
      row[name] = round(a + (b - a) * rnd(), 1)
    elseif kind == "bad" then
      row[name] = math.floor(a * (1 - rate()) * 1.6 + rnd() * 0.6)
    elseif kind == "good" then
      row[name] = math.floor(a * rate() + rnd() * 0.8)
    elseif kind == "pair" then
      local den = a + math.floor((b - a + 1) * rnd())
      row[name[2]] = den
      row[name[1]] = math.min(den, math.floor(den * rate() + 0.5))
    elseif kind == "apology" then
      local overdue = row.dossiers_overdue or 0
      row[name] = rnd() < q and overdue or math.floor(overdue * rnd())
    end
  end
  return row
end

-- The flat column list of the CSV.
local function column_names()
  local names = { "department", "has_procedures" }
  for _, c in ipairs(COLUMNS) do
    if type(c[1]) == "table" then
      names[#names + 1] = c[1][1]
      names[#names + 1] = c[1][2]
    else
      names[#names + 1] = c[1]
    end
  end
  names[#names + 1] = "data_status"
  return names
end

local function build(seed, blanks)
  local rnd = generator(seed)
  local rows = {}
  for i, dept in ipairs(DEPARTMENTS) do
    local has = not NO_PROCEDURES[dept]
    local q = 0.45 + 0.5 * rnd()
    local row = department_values(rnd, q, has)
    row.department = dept
    row.has_procedures = has and "có" or "không"
    row.data_status = "synthetic"
    rows[i] = row
  end
  -- A few cells left empty, as in real self-assessments (never the unit name,
  -- the applicability flag or the label).
  local names = column_names()
  local emptied = 0
  for _, row in ipairs(rows) do
    for k = 3, #names - 1 do
      if row[names[k]] ~= nil and rnd() < blanks then
        row[names[k]] = nil
        emptied = emptied + 1
      end
    end
  end
  return rows, names, emptied
end

local function to_table(rows, names)
  local spec = { n = #rows, source = "gen-departments" }
  for _, name in ipairs(names) do
    local values, numeric = {}, nil
    for i, row in ipairs(rows) do
      values[i] = row[name]
      if values[i] ~= nil then numeric = (numeric ~= false) and type(values[i]) == "number" end
    end
    local col = { name = name, values = values, type = numeric and "number" or "text" }
    if numeric then
      local whole = true
      for i = 1, #rows do
        if values[i] and values[i] ~= math.floor(values[i]) then whole = false end
      end
      col.decimals = whole and 0 or 1
    end
    spec[#spec + 1] = col
  end
  return chiso.table(spec)
end

return {
  summary = "Synthetic self-assessment data for Nghệ An's departments (rules/provinces/nghean-2023.lua)",
  usage = "chiso gen-departments [-o FILE] [--seed S]",
  help = [[
Writes one row per provincial department of Nghệ An (21 sở, ban, ngành) with
every column rules/provinces/nghean-2023.lua reads.  The names are real; every
number is synthetic, drawn from a seeded generator (the same output for the
same seed on every machine).  Ban Dân tộc is given no administrative
procedures (has_procedures = không), and a few cells are left empty.  The
result is checked against the rule file before it is written.]],
  args = { min = 0, max = 0 },
  options = {
    { "seed", arg = "S", type = "integer", default = 2023, help = "generator seed (default 2023)" },
    { "blanks", arg = "P", type = "number", default = 0.006, help = "share of cells left empty (default 0.006)" },
    { "rules", arg = "RULES.lua", default = chiso.home .. "/rules/provinces/nghean-2023.lua",
      help = "the rule file the data must satisfy" },
    cli.OUTPUT,
  },
  run = function(opts)
    local rows, names = build(opts.seed, opts.blanks)
    local t = to_table(rows, names)
    local m = chiso.rules(opts.rules, cli.sandbox_options({}, opts.rules))
    local problems = m:check(t)
    if #problems > 0 then
      cli.fail("the generated data do not fit " .. opts.rules .. ":\n  " .. table.concat(problems, "\n  "))
    end
    cli.emit(opts, t:format("csv"))
  end,
}
