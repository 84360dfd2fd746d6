-- gen-sipas.lua — a synthetic respondent-level SIPAS file in the benchmark
-- format (rules/sipas/bench.lua):
--
--   province,respondent,field,q01,…,q22      answers 1–5, empty = not answered
--
--   chiso gen-sipas 1000000 1      -> datasets/synthetic/sipas_bench_1000000_1.csv
--
-- SYNTHETIC: no row is real survey data.  The same ROWS and SEED always give
-- the same bytes (a SplitMix64 generator written here; no clock, no
-- math.random).  The model, chosen to look like published SIPAS results:
--   - each province gets a level between 76 and 91 (% satisfied) and a sample
--     size weight between 0.7 and 1.3; rows pick their province at random, so
--     provinces are interleaved through the file;
--   - elements shift the level (feedback lowest, staff highest), each
--     question a little more;
--   - each respondent has a mood (20% critical, 60% neutral, 20% pleased: a
--     shift of −1.0, 0, +0.8 on the logit of the chance to be satisfied,
--     calibrated so that the moods average out to the level), shared by all
--     their answers, so answers of one respondent are correlated, as in real
--     surveys;
--   - a satisfied answer is 5 or 4 (45:55), otherwise 3, 2 or 1 (60:30:10);
--   - about 3% of answers are blank.
-- Answers are drawn 8 bits at a time through 256-entry tables, one per
-- satisfaction level in whole percent (probabilities are multiples of 1/256);
-- levels in between mix the neighbouring tables row by row.

local cli = require "cli"
local data = require "data"

local FIELDS = {
  "Đất đai", "Xây dựng", "Hộ tịch", "Chứng thực", "Kinh doanh", "Đầu tư", "Lao động",
  "Thuế", "BHXH", "Giao thông", "Môi trường", "Công thương",
  "Nông nghiệp", "Y tế", "Giáo dục", "Tư pháp",
}

-- Element of each question (q01–q04 access, q05–q09 procedures, q10–q14 staff,
-- q15–q18 results, q19–q22 feedback) and each element's shift in points.
local ELEMENT_OF = { 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5 }
local ELEMENT_SHIFT = { 1.5, -0.5, 2.5, 0.0, -3.5 }
-- Moods shift a respondent's answers on the logit scale.
local MOODS = { { p = 0.2, shift = -1.0 }, { p = 0.6, shift = 0 }, { p = 0.2, shift = 0.8 } }
local BLANK = 0.03

-- SplitMix64: integers wrap on overflow in Lua 5.4, and >> is a logical shift.
local function rng(seed)
  local state = seed
  return function()
    state = state + 0x9e3779b97f4a7c15
    local z = state
    z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
    z = (z ~ (z >> 27)) * 0x94d049bb133111eb
    return z ~ (z >> 31)
  end
end

local function sigmoid(x)
  return 1 / (1 + math.exp(-x))
end

local function uniform(next)
  return (next() >> 11) * (1.0 / 9007199254740992.0)
end

-- A 256-entry table mapping 8 random bits to an answer ("" = blank).
local function answer_table(sat)
  local probs = {
    { "", BLANK },
    { "5", (1 - BLANK) * sat * 0.45 }, { "4", (1 - BLANK) * sat * 0.55 },
    { "3", (1 - BLANK) * (1 - sat) * 0.6 }, { "2", (1 - BLANK) * (1 - sat) * 0.3 },
    { "1", (1 - BLANK) * (1 - sat) * 0.1 },
  }
  local t, k, cum = {}, 0, 0
  for _, p in ipairs(probs) do
    cum = cum + p[2]
    local upto = math.floor(cum * 256 + 0.5)
    while k < upto and k < 256 do
      t[k] = p[1]
      k = k + 1
    end
  end
  while k < 256 do t[k] = "1"; k = k + 1 end
  return t
end

local function generate(rows, seed, path)
  local next = rng(seed)
  local reg = data.read("provinces.csv", { columns = { code_gso = { type = "text" } } })
  local names, level, size = {}, {}, {}
  for i = 1, #reg do
    names[i] = reg:get("name_vi", i)
    level[i] = 76 + 15 * uniform(next)
    size[i] = 0.7 + 0.6 * uniform(next)
  end
  local np = #names
  -- Province pick: 1024 slots shared out by sample-size weight.
  local total = 0
  for i = 1, np do total = total + size[i] end
  local pick, k, cum = {}, 0, 0
  for i = 1, np do
    cum = cum + size[i]
    local upto = math.floor(cum / total * 1024 + 0.5)
    while k < upto do pick[k] = i; k = k + 1 end
  end
  while k < 1024 do pick[k] = np; k = k + 1 end
  local qshift = {}
  for q = 1, 22 do qshift[q] = ELEMENT_SHIFT[ELEMENT_OF[q]] + 3 * (uniform(next) - 0.5) end
  -- Answer tables are shared by satisfaction level in whole percent: a
  -- hundred of them stay in the processor's cache (one per province, mood and
  -- question would not, and lookups would be several times slower).  A level
  -- between two whole percents mixes the two tables: each row draws one of 16
  -- mixes, so rates vary continuously between provinces.
  local by_pct = {}
  local function at(pct)
    pct = math.min(99, math.max(2, pct))
    by_pct[pct] = by_pct[pct] or answer_table(pct / 100)
    return by_pct[pct]
  end
  -- base[p][q]: the logit whose mood mixture gives level + question shift.
  local base = {}
  for p = 1, np do
    base[p] = {}
    for q = 1, 22 do
      local target = (level[p] + qshift[q]) / 100
      local lo, hi = -10.0, 10.0
      for _ = 1, 50 do
        local mid, mean = (lo + hi) / 2, 0
        for _, md in ipairs(MOODS) do mean = mean + md.p * sigmoid(mid + md.shift) end
        if mean < target then lo = mid else hi = mid end
      end
      base[p][q] = (lo + hi) / 2
    end
  end
  local tables = {}
  for p = 1, np do
    tables[p] = {}
    for m = 1, #MOODS do
      local mixes = {}
      for mix = 0, 15 do
        local per_q = {}
        for q = 1, 22 do
          local level_q = 100 * sigmoid(base[p][q] + MOODS[m].shift)
          local lo = math.floor(level_q)
          per_q[q] = at((mix + 0.5) / 16 < level_q - lo and lo + 1 or lo)
        end
        mixes[mix] = per_q
      end
      tables[p][m] = mixes
    end
  end
  local mood_pick = {}
  do
    local m, c = 1, MOODS[1].p
    for j = 0, 255 do
      while (j + 0.5) / 256 > c and m < #MOODS do m = m + 1; c = c + MOODS[m].p end
      mood_pick[j] = m
    end
  end

  -- A temporary beside path, renamed over it at the end: an error or an
  -- interrupt (SIGINT, SIGTERM) leaves no partial file and no temporary.
  local f = chiso.open_output(path)
  local ok, werr = pcall(function()
    local header = { "province", "respondent", "field" }
    for q = 1, 22 do header[#header + 1] = string.format("q%02d", q) end
    f:write(table.concat(header, ","), "\n")
    local lines, row, nf = {}, {}, #FIELDS
    local concat = table.concat
    for r = 1, rows do
      local a = next()
      local p = pick[a & 1023]
      local t = tables[p][mood_pick[(a >> 10) & 255]][(a >> 34) & 15]
      row[1] = names[p]
      row[2] = r
      row[3] = FIELDS[((a >> 18) & 0xffff) % nf + 1]
      local bits, avail = 0, 0
      for q = 1, 22 do
        if avail == 0 then bits = next(); avail = 8 end
        row[q + 3] = t[q][bits & 255]
        bits = bits >> 8
        avail = avail - 1
      end
      lines[#lines + 1] = concat(row, ",")
      if #lines == 8192 then
        lines[#lines + 1] = ""
        f:write(concat(lines, "\n"))
        lines = {}
      end
    end
    if #lines > 0 then
      lines[#lines + 1] = ""
      f:write(concat(lines, "\n"))
    end
    f:close()
  end)
  if not ok then
    f:abort()
    error(werr, 0)
  end
end

return {
  summary = "Write a synthetic respondent-level SIPAS file (benchmark format; not real survey data)",
  usage = "chiso gen-sipas ROWS SEED [--out FILE]",
  help = [[
Writes ROWS respondents of 63 provinces, answers q01–q22 on the 1–5 scale with
about 3% blanks, in the format of rules/sipas/bench.lua.  The data are
synthetic (see datasets/synthetic/README.md): the same ROWS and SEED always
give the same file.  Default output:
datasets/synthetic/sipas_bench_ROWS_SEED.csv under the chiso home.]],
  args = { min = 2, max = 2 },
  options = {
    { "out", arg = "FILE", help = "write to FILE instead of datasets/synthetic/sipas_bench_ROWS_SEED.csv" },
  },
  run = function(opts, args)
    local rows, seed = tonumber(args[1]), tonumber(args[2])
    if not rows or math.type(rows) ~= "integer" or rows < 1 then
      cli.usage_error("gen-sipas: ROWS must be a whole number >= 1, not '" .. args[1] .. "'")
    end
    if not seed or math.type(seed) ~= "integer" or seed < 0 then
      cli.usage_error("gen-sipas: SEED must be a whole number >= 0, not '" .. args[2] .. "'")
    end
    local path = opts.out or string.format("%s/sipas_bench_%d_%d.csv", data.path("synthetic"), rows, seed)
    generate(rows, seed, path)
    io.write(string.format("%s: %d synthetic respondents, 63 provinces, seed %d\n", path, rows, seed))
  end,
}
