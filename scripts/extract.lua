-- extract.lua — index figures stated in Vietnamese news text, as dataset rows.
--
--   chiso extract article.txt                      one row per figure, with its file:line
--   chiso extract a.txt b.txt --format csv -o rows.csv
--   chiso extract a.txt --merge datasets/published/   new rows, conflicts, confirmations

local cli = require "cli"
local extract = require "extract"

local FORMAT = { "format", arg = "FMT", choices = { "table", "csv", "json", "md", "xlsx" },
                 help = "output format: table (the default), csv (the default with -o), json, md, or xlsx (a workbook: with -o FILE)" }

-- Refuse to write proposals into the datasets themselves: compared as real
-- paths, so "./pub", an absolute path or a link to the folder are all seen.
local function inside_dir(path, dir)
  local d = chiso.realpath(dir)
  if not d then return false end
  local parent = path:match("^(.*)/[^/]*$")
  if parent == "" then parent = "/" end
  local p = chiso.realpath(path) or chiso.realpath(parent or ".")
  if not p then return false end
  return p == d or p:sub(1, #d + 1) == d .. "/" or d == "/"
end

local function skipped_summary(skipped)
  if #skipped == 0 then return nil end
  local by, order = {}, {}
  for _, s in ipairs(skipped) do
    local k = s.why:gsub(" %(.*$", ""):gsub(" %('.*$", "")
    if not by[k] then by[k] = 0; order[#order + 1] = k end
    by[k] = by[k] + 1
  end
  local parts = {}
  for _, k in ipairs(order) do parts[#parts + 1] = string.format("%s: %d", k, by[k]) end
  return string.format("%d figure-like phrase%s not taken (%s); --format json lists them.", #skipped,
    #skipped == 1 and " was" or "s were", table.concat(parts, "; "))
end

local function skipped_objects(skipped)
  local out = {}
  for i, s in ipairs(skipped) do
    out[i] = { evidence = s.where.file .. ":" .. s.where.line, text = s.text, why = s.why }
  end
  return out
end

local function extract_mode(opts, ex, rows, skipped)
  local fmt = opts.format
  if fmt == "json" then
    cli.emit(opts, chiso.json({ rows = extract.objects(rows), skipped = skipped_objects(skipped) }))
    return
  end
  if fmt == "csv" or fmt == "md" or fmt == "xlsx" then
    cli.emit_table(opts, extract.table(rows), "extract")
    return
  end
  local out = {}
  if #rows == 0 then
    out[#out + 1] = "No index figures found."
  else
    out[#out + 1] = (extract.text_view(rows):gsub("\n$", ""))
  end
  out[#out + 1] = ""
  out[#out + 1] = string.format("%d row%s from %s (rules: %s).", #rows, #rows == 1 and "" or "s",
    table.concat(opts.files, ", "), ex.path:gsub("^" .. chiso.home:gsub("%p", "%%%0") .. "/", ""))
  local s = skipped_summary(skipped)
  if s then out[#out + 1] = s end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

local STATUS_ORDER = { conflict = 1, new = 2, adds = 3, confirmed = 4 }

local function merge_mode(opts, ex, rows, dir)
  if opts.output and inside_dir(opts.output, dir) then
    cli.usage_error("extract: --merge never writes into " .. dir .. ": write the proposals elsewhere (-o FILE) and "
      .. "edit the dataset by hand after review")
  end
  local results = ex:merge(rows, dir)
  local sorted = {}
  for i, r in ipairs(results) do r.i = i; sorted[i] = r end
  table.sort(sorted, function(a, b)
    if a.status ~= b.status then return STATUS_ORDER[a.status] < STATUS_ORDER[b.status] end
    return a.i < b.i
  end)
  local prows, status, pub_value, pub_rank, pub_where, pub_source = {}, {}, {}, {}, {}, {}
  for i, r in ipairs(sorted) do
    prows[i] = r.row
    status[i] = r.status
    if r.published then
      pub_value[i] = type(r.published.score) == "number" and r.published.score or nil
      pub_rank[i] = r.published.rank ~= nil and tostring(math.tointeger(tonumber(r.published.rank)) or r.published.rank) or nil
      pub_where[i] = r.published.path:gsub("^" .. chiso.home:gsub("%p", "%%%0") .. "/", "") .. ":" .. r.published.line
      pub_source[i] = r.published.source
    end
  end
  local counts = { new = 0, adds = 0, confirmed = 0, conflict = 0 }
  for _, r in ipairs(results) do counts[r.status] = counts[r.status] + 1 end
  if opts.format == "json" then
    local objs = extract.objects(prows)
    for i, o in ipairs(objs) do
      o.status = status[i]
      o.published_value, o.published_rank, o.published_at, o.published_source = pub_value[i], pub_rank[i],
        pub_where[i], pub_source[i]
    end
    cli.emit(opts, chiso.json({ merge = dir, counts = counts, rows = objs }))
    return
  end
  local t = extract.table(prows)
  if opts.format == "csv" or opts.format == "md" or opts.format == "xlsx" then
    -- The proposals for review: status first, then the published values beside.
    local names = t:names()
    local spec = { n = #prows, { name = "status", type = "text", values = status } }
    for _, c in ipairs(names) do
      local col = t:column(c)
      local info = t:info(c)
      spec[#spec + 1] = { name = c, type = info.type, values = col, decimals = info.decimals, plus = c == "rank_change" }
    end
    spec[#spec + 1] = { name = "published_value", type = "number", values = pub_value, decimals = -1 }
    spec[#spec + 1] = { name = "published_rank", type = "text", values = pub_rank }
    spec[#spec + 1] = { name = "published_at", type = "text", values = pub_where }
    spec[#spec + 1] = { name = "published_source", type = "text", values = pub_source }
    cli.emit_table(opts, chiso.table(spec), "extract")
    return
  end
  local out = {}
  out[#out + 1] = string.format("Against %s: %d new, %d adding to a published row, %d confirmed, %d in conflict.",
    dir, counts.new, counts.adds, counts.confirmed, counts.conflict)
  local groups = { { "conflict", "Conflicts (the published value is kept; review both sources)" },
                   { "new", "New rows proposed" }, { "adds", "Rows that add figures to a published row" },
                   { "confirmed", "Confirmed (the published row says the same)" } }
  for _, g in ipairs(groups) do
    local sel = {}
    local idx = {}
    for i, r in ipairs(sorted) do
      if r.status == g[1] then sel[#sel + 1] = r.row; idx[#idx + 1] = i end
    end
    if #sel > 0 then
      out[#out + 1] = ""
      out[#out + 1] = string.format("%s (%d):", g[2], #sel)
      out[#out + 1] = (extract.text_view(sel):gsub("\n$", ""))
      if g[1] == "conflict" then
        for _, i in ipairs(idx) do
          local r = sorted[i]
          for _, d in ipairs(r.diffs) do
            local what = r.row.entity .. " " .. r.row.index .. (r.row.component and (" " .. r.row.component) or "")
                         .. " " .. tostring(r.row.year)
            out[#out + 1] = string.format("  %s: %s: %s %s here; %s at %s (%s)", r.row.evidence_text, what, d.field,
              extract.fmt_num(d.here) or "?", tostring(d.there), pub_where[i], pub_source[i] or "no source")
          end
        end
      end
    end
  end
  out[#out + 1] = ""
  out[#out + 1] = "Nothing was written to " .. dir .. ".  -o FILE writes these proposals as CSV for review."
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

return {
  summary = "Extract index figures (PAR INDEX, SIPAS, PAPI, PCI) from Vietnamese news text into dataset rows",
  usage = "chiso extract FILE... [--merge DIR] [--year Y] [--publication-year Y] [options]",
  help = [[
Reads plain-text news items (UTF-8) and prints one row per figure stated in
them, in the schema of datasets/published/: unit (province or ministry,
matched to the canonical unit), index, component (an area or sub-index, when
the figure is about one), year measured, value, unit (percent or points),
max, rank, rank_of, rank_basis, rank_change, the year a change is compared
with, value_change, the evidence (file:line) and a note (bounds such as
"hơn 85%", ambiguous numbers, conflicts between statements).

The phrasings are rules, not code: rules/extract/vi.lua (PCRE2 patterns; see
its header to add one).  A figure counts when its sentence, or an earlier
sentence of its paragraph, names an index or a component (or says "chỉ số
này"); the unit and the year may come from earlier sentences.  Figures about
a national or regional average are left out.  The year is the year measured
("Chỉ số CCHC năm 2017", announced in 2018, is 2017); when a text names none,
--year supplies it, else --publication-year (or a "Ngày đăng" date in the
text) gives the year before.

--merge DIR compares the rows with the published tables in DIR (same unit,
index, year): new rows, rows adding a figure, confirmed rows, and conflicts
with both values and both sources.  It never writes into DIR.]],
  args = { min = 1 },
  options = {
    { "merge", arg = "DIR", help = "compare with the published tables in DIR (e.g. datasets/published/)" },
    { "year", arg = "Y", type = "integer", help = "the year measured, for texts that name none" },
    { "publication-year", arg = "Y", type = "integer", help = "when the text was published (figures without a year are about Y-1)" },
    { "rules", arg = "FILE", help = "another extraction rule file (default rules/extract/vi.lua)" },
    FORMAT, cli.OUTPUT, cli.MAX_MEMORY, cli.MAX_INSTRUCTIONS,
  },
  run = function(opts, args)
    opts.format = opts.format or (opts.output and "csv" or "table")
    for _, y in ipairs({ "year", "publication_year" }) do
      if opts[y] and (opts[y] < 1990 or opts[y] > 2100) then
        cli.usage_error(string.format("extract: --%s must be a year such as 2023, not %d", y:gsub("_", "-"), opts[y]))
      end
    end
    for _, f in ipairs(args) do
      cli.need_file(f)
    end
    if opts.merge and chiso.filetype(opts.merge) ~= "dir" then
      cli.fail(opts.merge .. ": cannot open: not a directory")
    end
    local rules = opts.rules or (chiso.home .. "/rules/extract/vi.lua")
    local ex = extract.load(rules, { sandbox = cli.sandbox_options(opts, rules) })
    local rows, skipped = ex:files(args, { year = opts.year, publication_year = opts.publication_year })
    opts.files = args
    if opts.merge then
      return merge_mode(opts, ex, rows, (opts.merge:gsub("/+$", "")))
    end
    return extract_mode(opts, ex, rows, skipped)
  end,
}
