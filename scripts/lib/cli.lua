-- cli.lua — what every command script shares: option parsing, usage errors,
-- and writing results in the format the user asked for.
--
-- A command script returns a table:
--   return {
--     summary = "one line for 'chiso --help'",
--     usage   = "chiso show FILE.csv [options]",
--     help    = "longer text for 'chiso help show' (optional)",
--     args    = { min = 1, max = 1 },            -- positional arguments
--     options = { cli.FORMAT, cli.OUTPUT, { "score", arg = "S", type = "number", help = "…" } },
--     run     = function(opts, args) … end,      -- return nothing (exit 0) or an exit code
--   }
-- Option names use dashes on the command line and underscores in `opts`.

local cli = {}

-- Errors that end the command.  Exit 2 for usage, 1 for data/rule problems.
function cli.usage_error(msg)
  error({ exit = 2, msg = msg }, 0)
end

function cli.fail(msg)
  error({ exit = 1, msg = msg }, 0)
end

-- Options most commands take.
cli.FORMAT = { "format", arg = "FMT", choices = { "table", "csv", "json", "md", "xlsx" }, default = "table",
               help = "output format: table (aligned, the default), csv, json, md, or xlsx (an Excel workbook: with -o FILE)" }
cli.OUTPUT = { "output", short = "o", arg = "FILE",
               help = "write the result to FILE (whole or not at all) instead of standard output" }
cli.DECIMAL_COMMA = { "decimal-comma",
               help = "read numbers in the Vietnamese format: decimal comma (87,57), dot thousands (15.833)" }
cli.MAX_MEMORY = { "max-memory", arg = "MIB", type = "integer", default = 64,
               help = "memory cap for rule files, in MiB (default 64)" }
cli.MAX_INSTRUCTIONS = { "max-instructions", arg = "N", type = "integer", default = 50000000,
               help = "instruction budget for each run of a rule file (default 50000000)" }

local function option_table(spec)
  local by_long, by_short = {}, {}
  for _, o in ipairs(spec.options or {}) do
    by_long[o[1]] = o
    if o.short then by_short[o.short] = o end
  end
  return by_long, by_short
end

local function convert(cmd, o, value)
  if o.type == "number" or o.type == "integer" then
    -- Accept a decimal comma too: users type "--score 87,5".
    local v = tonumber((value:gsub(",", ".", 1)))
    if not v or (o.type == "integer" and math.type(v) ~= "integer" and v ~= math.floor(v)) then
      cli.usage_error(string.format("%s: --%s expects %s, not '%s'", cmd, o[1],
        o.type == "integer" and "a whole number" or "a number", value))
    end
    if o.type == "integer" then v = math.tointeger(v) end
    return v
  end
  if o.choices then
    for _, c in ipairs(o.choices) do
      if c == value then return value end
    end
    cli.usage_error(string.format("%s: --%s must be one of %s, not '%s'", cmd, o[1],
      table.concat(o.choices, ", "), value))
  end
  return value
end

-- Fail unless PATH is a regular file: "no such file", or "not a regular file"
-- for a directory or a device (which would otherwise be read without end).
function cli.need_file(path)
  local kind = chiso.filetype(path)
  if kind == "file" then return end
  cli.fail(path .. ": cannot open: " .. (kind == "dir" and "is a directory" or kind and "not a regular file"
    or "no such file"))
end

-- Fail unless column COL of table T, read from PATH, holds numbers (WHAT:
-- "scores", "weights" …): at the first cell that is not a number, with its
-- line, its text and why, since one stray cell makes the whole column text.
function cli.need_numbers(t, col, path, what)
  if t:info(col).type == "number" then return end
  local style = t:meta().style == "vi" and "vi" or "plain"
  for i = 1, #t do
    local v = t:get(col, i)
    if v ~= nil then
      local ok, kind, why = chiso.parse_number(tostring(v), style)
      if not ok and kind ~= "empty" then
        cli.fail(string.format("%s:%d: column '%s': '%s' is not a number%s, so the column holds text, not %s",
          path, t:line(i), col, tostring(v), why ~= kind and (" (" .. why .. ")") or "", what))
      end
    end
  end
  cli.fail(string.format("%s: column '%s' holds text, not %s", path, col, what))
end

-- The keys of T as a sorted list (keys of mixed types compare as strings):
-- for deterministic iteration over a set.
function cli.sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
  return ks
end

-- The string of list CANDIDATES nearest to WORD by edit distance (ties go to
-- the first in sort order), when at most MAXD (default 2) edits away: the
-- "did you mean" of every error about a misspelt name.
function cli.nearest(word, candidates, maxd)
  local best, bd
  for _, c in ipairs(candidates) do
    local d = chiso.text.distance(word, c)
    if not bd or d < bd or (d == bd and c < best) then best, bd = c, d end
  end
  if bd and bd <= (maxd or 2) then return best end
end

-- Parse argv against the command's spec.  Returns opts, args.
function cli.parse(cmd, spec, argv)
  local by_long, by_short = option_table(spec)
  local opts, args = {}, {}
  for _, o in ipairs(spec.options or {}) do
    if o.default ~= nil then opts[(o[1]:gsub("-", "_"))] = o.default end
  end
  local i, only_args = 1, false
  while i <= #argv do
    local a = argv[i]
    local o, value, name
    if only_args or a == "-" or not a:match("^%-") or a:match("^%-%d") or a:match("^%-%.%d") then
      args[#args + 1] = a
    elseif a == "--" then
      only_args = true
    else
      if a:match("^%-%-") then
        name, value = a:match("^%-%-([^=]+)=(.*)$")
        name = name or a:sub(3)
        o = by_long[name]
      else
        name = a:sub(2)
        o = by_short[name]
        if not o and #name > 1 then
          -- "-ofile" style
          o = by_short[name:sub(1, 1)]
          if o and o.arg then value = name:sub(2) else o = nil end
        end
      end
      if name == "help" or name == "h" then
        opts.help = true
      elseif not o then
        local near = cli.nearest(name, cli.sorted_keys(by_long))
        cli.usage_error(string.format("%s: unknown option '%s'%s (try 'chiso %s --help')", cmd, a,
          near and (" (did you mean '--" .. near .. "'?)") or "", cmd))
      elseif o.arg then
        if value == nil then
          i = i + 1
          value = argv[i]
          if value == nil then
            cli.usage_error(string.format("%s: option '%s' needs a value (%s)", cmd, a, o.arg))
          end
        end
        opts[(o[1]:gsub("-", "_"))] = convert(cmd, o, value)
      else
        if value ~= nil then
          cli.usage_error(string.format("%s: option '--%s' takes no value", cmd, o[1]))
        end
        opts[(o[1]:gsub("-", "_"))] = true
      end
    end
    i = i + 1
  end
  if opts.help then return opts, args end
  if opts.format == "xlsx" and not opts.output and by_long.output then
    cli.usage_error(string.format("%s: --format xlsx writes a workbook: name it with -o FILE.xlsx", cmd))
  end
  local want = spec.args or { min = 0, max = 0 }
  if #args < (want.min or 0) then
    cli.usage_error(string.format("%s: missing arguments (usage: %s)", cmd, spec.usage or cmd))
  end
  if want.max and #args > want.max then
    cli.usage_error(string.format("%s: too many arguments: '%s' (usage: %s)", cmd, args[want.max + 1],
      spec.usage or cmd))
  end
  return opts, args
end

-- The text of 'chiso help CMD'.
function cli.help_text(cmd, spec)
  local out = { "Usage: " .. (spec.usage or ("chiso " .. cmd)), "" }
  out[#out + 1] = spec.summary or ""
  if spec.help then
    out[#out + 1] = ""
    out[#out + 1] = (spec.help:gsub("%s+$", ""))
  end
  if spec.options and #spec.options > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "Options:"
    local rows, w = {}, 0
    for _, o in ipairs(spec.options) do
      local left = (o.short and ("-" .. o.short .. ", ") or "    ") .. "--" .. o[1] .. (o.arg and (" " .. o.arg) or "")
      rows[#rows + 1] = { left, o.help or "" }
      w = math.max(w, chiso.text.width(left))
    end
    rows[#rows + 1] = { "    --help", "show this help" }
    for _, r in ipairs(rows) do
      out[#out + 1] = "  " .. chiso.text.pad(r[1], w) .. "  " .. r[2]
    end
  end
  return table.concat(out, "\n") .. "\n"
end

-- The column of table t holding `what`: the one the user named (`wanted`,
-- from option --FLAG), else the first of `candidates` present.  Raises a
-- data error naming the columns there are.
function cli.pick_column(t, wanted, candidates, what, flag)
  if wanted then
    if not t:has(wanted) then
      cli.fail(string.format("%s: no column '%s' (columns: %s)", t:source(), wanted, table.concat(t:names(), ", ")))
    end
    return wanted
  end
  for _, c in ipairs(candidates) do
    if t:has(c) then return c end
  end
  cli.fail(string.format("%s: cannot tell which column holds the %s; name it with --%s (columns: %s)",
    t:source(), what, flag, table.concat(t:names(), ", ")))
end

-- The lines of a text file (none when it cannot be read): for pointing at
-- the line of a declaration in a rule file.
function cli.file_lines(path)
  local f = io.open(path, "r")
  if not f then return {} end
  local lines = {}
  for l in f:lines() do lines[#lines + 1] = l end
  f:close()
  return lines
end

-- Write the result: text to opts.output (atomically) or standard output.
-- With --format xlsx the workbook opts.output is written instead, one sheet
-- per entry of `sheets`: { { name = "score", table = t, formulas = { … } }, … }
-- (a single chiso.Table is one sheet); text is then not used and may be nil.
-- See docs/formats.md.
function cli.emit(opts, text, sheets)
  if opts.format == "xlsx" then return cli.emit_xlsx(opts, sheets) end
  chiso.output(opts.output, text)
end

function cli.emit_xlsx(opts, sheets)
  if sheets == nil then
    cli.usage_error("--format xlsx: this result is not a table (use --format json or csv)")
  end
  if not opts.output or opts.output == "-" then
    cli.usage_error("--format xlsx writes a workbook: name it with -o FILE.xlsx")
  end
  if type(sheets) == "userdata" then sheets = { { table = sheets } } end
  local list = {}
  for _, s in ipairs(sheets) do
    if type(s) == "userdata" then s = { table = s } end
    if s.table then list[#list + 1] = s end
  end
  chiso.xlsx(opts.output, list)
end

-- A result that is one table (or a few): the table in the asked format, or
-- with --format xlsx a workbook of one sheet per table.
--   cli.emit_table(opts, t)                      -- sheet named after the command
--   cli.emit_table(opts, t, "plan", { total = "SUM({a}:{c})" })
function cli.emit_table(opts, t, name, formulas)
  if opts.format == "xlsx" then
    return cli.emit_xlsx(opts, { { name = name, table = t, formulas = formulas } })
  end
  chiso.output(opts.output, t:format(opts.format))
end

-- A number rounded to d decimals as the writers print it (nil stays nil):
-- what a formula in a workbook computes from, to check it gives the value shown.
function cli.round(v, d)
  if v == nil then return nil end
  if not d or d < 0 then return v end
  return tonumber(string.format("%." .. d .. "f", v))
end

-- Per-row formulas for an xlsx sheet: fn(i) returns a template and the value
-- it computes from the row's cells (as stored: full precision); the template
-- is kept where that value, shown with d decimals, is the cell's own
-- (t:get(col, i)), so that a workbook never shows a total other than the one
-- printed.  A published total that its rounded parts do not give stays a value.
function cli.checked_formulas(t, col, d, fn)
  local out = {}
  for i = 1, #t do
    local tpl, v = fn(i)
    local own = t:get(col, i)
    out[i] = (tpl and v and own and math.abs(cli.round(v, d) - cli.round(own, d)) < 0.5 * 10 ^ -(d + 2)) and tpl or false
  end
  return out
end

-- Options for chiso.sandbox() from the common limit flags.  Rule files may
-- require modules from the engine's rules/ and, for a file kept in a folder
-- named "rules" of one's own, from that folder.
function cli.sandbox_options(opts, file)
  local roots = {}
  local d = file and (file:match("^(.*)/[^/]*$") or ".")
  while d and d ~= "" do
    if d == "rules" or d:match("/rules$") then
      roots[#roots + 1] = d
      break
    end
    d = d:match("^(.*)/[^/]*$")
  end
  roots[#roots + 1] = chiso.home .. "/rules"
  return { memory_mib = opts.max_memory, instructions = opts.max_instructions, roots = roots }
end

return cli
