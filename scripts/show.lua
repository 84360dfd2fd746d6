-- show.lua — how a CSV file is read: delimiter, number style, each column's
-- type and missing values, then the table itself as loaded.

local cli = require "cli"

-- The table of columns: name, type, missing count and notes, from each
-- column's info (type, missing, percent, decimals) and the row count.
local function column_summary(names, info, rows)
  local ctype, cmiss, cnote = {}, {}, {}
  for i in ipairs(names) do
    local c = info[i]
    ctype[i], cmiss[i] = c.type, c.missing
    local notes = {}
    if c.type == "number" then
      if c.percent then notes[#notes + 1] = "written with %" end
      if c.decimals > 0 then notes[#notes + 1] = c.decimals .. " decimals" end
      if c.missing == rows then notes[#notes + 1] = "empty" end
    end
    cnote[i] = table.concat(notes, ", ")
  end
  return chiso.table{
    { name = "column", values = names },
    { name = "type", values = ctype },
    { name = "missing", values = cmiss, decimals = 0 },
    { name = "notes", type = "text", values = cnote },
  }
end

-- A file larger than a table may be in memory (chiso.table_limit) is read
-- as a stream (chiso.scan): each column's type and missing count in one
-- pass, in bounded memory, and the first rows (--limit, default 20) shown.
local function show_streamed(opts, path, ro, size)
  ro.head = opts.limit or 20
  local sc = chiso.scan(path, ro)
  local names = {}
  for i, c in ipairs(sc.columns) do names[i] = c.name end
  local summary = column_summary(names, sc.columns, sc.rows)
  local head = sc.head
  if opts.format == "json" then
    local cols = {}
    for i, c in ipairs(sc.columns) do
      cols[i] = { name = c.name, type = c.type, missing = c.missing,
                  percent = c.type == "number" and c.percent or nil,
                  decimals = c.type == "number" and c.decimals or nil }
    end
    return cli.emit(opts, chiso.json({ file = path, rows = sc.rows, delimiter = sc.delimiter,
      numbers = sc.style == "vi" and "vietnamese" or "plain", columns = cols, streamed = true,
      first_rows = head }))
  end
  if opts.format == "csv" then
    io.stderr:write(string.format("chiso: %s: %d MiB, read as a stream: the first %d of %d rows\n",
      path, size >> 20, #head, sc.rows))
    return cli.emit(opts, head:format("csv"))
  end
  if opts.format == "xlsx" then
    return cli.emit(opts, nil, { { name = "first rows", table = head }, { name = "columns", table = summary } })
  end
  local delim = sc.delimiter == "\t" and "tab" or ("'" .. sc.delimiter .. "'")
  local out = {
    string.format("%s: %d rows, %d columns; delimiter %s; numbers %s; read as a stream (%d MiB)", path,
      sc.rows, #sc.columns, delim,
      sc.style == "vi" and "Vietnamese (decimal comma, dot thousands)" or "plain (decimal dot)", size >> 20),
    "",
    (summary:format(opts.format):gsub("\n$", "")),
    "",
    (head:format(opts.format):gsub("\n$", "")),
  }
  if sc.rows > #head then out[#out + 1] = string.format("(%d more rows)", sc.rows - #head) end
  cli.emit(opts, table.concat(out, "\n") .. "\n")
end

return {
  summary = "Show how a CSV file is read: column types, missing values, and the table as loaded",
  usage = "chiso show FILE.csv [options]",
  help = [[
Numbers are read with a decimal dot unless the file is ';'-delimited (Excel
under Vietnamese settings) or --decimal-comma is given: then 87,57 is 87.57 and
15.833 is 15833.  A column is a number column when every filled cell is a
number; codes with leading zeros ("01") stay text.  Use --text COL to keep a
column as text anyway.]],
  args = { min = 1, max = 1 },
  options = {
    cli.DECIMAL_COMMA,
    { "delimiter", arg = "CHAR", help = "field separator: ',' ';' or 'tab' (default: detected)" },
    { "text", arg = "COL", help = "read column COL as text (repeat with commas: a,b)" },
    { "limit", arg = "N", type = "integer", help = "show at most N rows of the table" },
    cli.FORMAT, cli.OUTPUT,
  },
  run = function(opts, args)
    local path = args[1]
    cli.need_file(path)
    local ro = { decimal_comma = opts.decimal_comma or nil }
    if opts.delimiter then
      ro.delimiter = (opts.delimiter == "tab" or opts.delimiter == "\\t") and "\t" or opts.delimiter
      if not (ro.delimiter == "," or ro.delimiter == ";" or ro.delimiter == "\t") then
        cli.usage_error("show: --delimiter must be ',', ';' or 'tab'")
      end
    end
    if opts.text then
      ro.columns = {}
      for c in opts.text:gmatch("[^,]+") do ro.columns[c] = { type = "text" } end
    end
    local size = chiso.filesize(path)
    if size and size > chiso.table_limit then return show_streamed(opts, path, ro, size) end
    local t = chiso.read(path, ro)
    local meta = t:meta()
    local names = t:names()
    local info = {}
    for i, n in ipairs(names) do info[i] = t:info(n) end

    if opts.format == "csv" then return cli.emit(opts, t:format("csv")) end
    if opts.format == "json" then
      local cols = {}
      for i, n in ipairs(names) do
        cols[i] = { name = n, type = info[i].type, missing = info[i].missing,
                    percent = info[i].type == "number" and info[i].percent or nil,
                    decimals = info[i].type == "number" and info[i].decimals or nil }
      end
      return cli.emit(opts, chiso.json({ file = path, rows = meta.rows, delimiter = meta.delimiter,
        numbers = meta.style == "vi" and "vietnamese" or "plain", columns = cols, data = t }))
    end

    local summary = column_summary(names, info, #t)
    if opts.format == "xlsx" then
      return cli.emit(opts, nil, { { name = "data", table = t }, { name = "columns", table = summary } })
    end
    local delim = meta.delimiter == "\t" and "tab" or ("'" .. (meta.delimiter or ",") .. "'")
    local out = {
      string.format("%s: %d rows, %d columns; delimiter %s; numbers %s", path, meta.rows, meta.columns, delim,
        meta.style == "vi" and "Vietnamese (decimal comma, dot thousands)" or "plain (decimal dot)"),
      "",
      (summary:format(opts.format):gsub("\n$", "")),
      "",
    }
    local shown = t
    if opts.limit and opts.limit < #t then
      local spec = { n = opts.limit }
      for i, n in ipairs(names) do
        local vals = {}
        for r = 1, opts.limit do vals[r] = t:get(n, r) end
        spec[i] = { name = n, type = info[i].type, values = vals,
                    decimals = info[i].type == "number" and info[i].decimals or nil }
      end
      shown = chiso.table(spec)
    end
    out[#out + 1] = (shown:format(opts.format):gsub("\n$", ""))
    if shown ~= t then
      out[#out + 1] = string.format("(%d more rows)", #t - opts.limit)
    end
    cli.emit(opts, table.concat(out, "\n") .. "\n")
  end,
}
