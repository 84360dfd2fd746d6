-- driver.lua — "chiso COMMAND [ARGS]": find scripts/COMMAND.lua, parse its
-- options, run it, and turn what happened into an exit status and a message.
--
-- Exit status: 0 success, 1 data or rule error, 2 usage error.
-- Messages go to stderr as "chiso: FILE:LINE[:COL]: message".

local cli = require "cli"

local SCRIPTS = chiso.home .. "/scripts"

local function script_path(name)
  return SCRIPTS .. "/" .. name .. ".lua"
end

-- Load a command script and check that it returned a command table.
local function load_command(path, name)
  local chunk, err = loadfile(path, "t")
  if not chunk then cli.fail(err) end
  local cmd = chunk()
  if type(cmd) ~= "table" or type(cmd.run) ~= "function" then
    cli.fail(path .. ": a command script must return a table with a 'run' function")
  end
  cmd.name = cmd.name or name
  return cmd
end

local function command_names()
  local names = {}
  for _, f in ipairs(chiso.listdir(SCRIPTS) or {}) do
    local n = f:match("^([%w][%w%-_]*)%.lua$")
    if n then names[#names + 1] = n end
  end
  return names
end

local BUILTIN = {
  { "help", "Show the usage of a command: chiso help COMMAND" },
  { "run", "Run any Lua script with the chiso module: chiso run FILE.lua [ARGS]" },
}

local function general_help()
  local rows, w = {}, 0
  for _, n in ipairs(command_names()) do
    local ok, cmd = pcall(load_command, script_path(n), n)
    rows[#rows + 1] = { n, ok and (cmd.summary or "") or "(cannot be loaded: see 'chiso help " .. n .. "')" }
  end
  for _, b in ipairs(BUILTIN) do rows[#rows + 1] = b end
  table.sort(rows, function(a, b) return a[1] < b[1] end)
  for _, r in ipairs(rows) do w = math.max(w, #r[1]) end
  local out = {
    "chiso " .. chiso.version .. " — analysis engine for Vietnam's PAR INDEX and SIPAS",
    "",
    "Usage: chiso COMMAND [ARGS] [OPTIONS]",
    "",
    "Commands:",
  }
  for _, r in ipairs(rows) do
    out[#out + 1] = "  " .. chiso.text.pad(r[1], w) .. "  " .. r[2]
  end
  out[#out + 1] = ""
  out[#out + 1] = "Run 'chiso help COMMAND' or 'chiso COMMAND --help' for a command's usage."
  out[#out + 1] = "Exit status: 0 success, 1 data or rule error, 2 usage error."
  return table.concat(out, "\n") .. "\n"
end

local function run_command(name, path, argv)
  local cmd = load_command(path, name)
  local opts, args = cli.parse(name, cmd, argv)
  if opts.help then
    io.write(cli.help_text(name, cmd))
    return 0
  end
  local code = cmd.run(opts, args)
  return math.tointeger(code) or 0
end

local function dispatch(argv)
  local first = argv[1]
  if first == nil or first == "--help" or first == "-h" then
    io.write(general_help())
    return first == nil and 2 or 0
  end
  if first == "--version" or first == "-V" then
    io.write("chiso " .. chiso.version .. "\n")
    return 0
  end
  local rest = { table.unpack(argv, 2) }
  if first == "help" then
    local name = rest[1]
    if not name then
      io.write(general_help())
      return 0
    end
    if name == "run" or name == "help" then
      for _, b in ipairs(BUILTIN) do
        if b[1] == name then io.write(b[2] .. "\n") end
      end
      return 0
    end
    if chiso.filetype(script_path(name)) ~= "file" then
      cli.usage_error("unknown command '" .. name .. "' (see 'chiso --help')")
    end
    io.write(cli.help_text(name, load_command(script_path(name), name)))
    return 0
  end
  if first == "run" then
    local file = rest[1]
    if not file then cli.usage_error("run: missing FILE.lua (usage: chiso run FILE.lua [ARGS])") end
    cli.need_file(file)
    local chunk, err = loadfile(file, "t")
    if not chunk then cli.fail(err) end
    local script_args = { table.unpack(rest, 2) }
    _G.arg = script_args
    local result = chunk(table.unpack(script_args))
    -- A script may also return a command table: run it as a command.
    if type(result) == "table" and type(result.run) == "function" then
      local opts, args = cli.parse(file, result, script_args)
      if opts.help then
        io.write(cli.help_text(file, result))
        return 0
      end
      result = result.run(opts, args)
    end
    return math.tointeger(result) or 0
  end
  if first:match("^%-") then
    cli.usage_error("unknown option '" .. first .. "' (see 'chiso --help')")
  end
  if not first:match("^[%w][%w%-_]*$") or chiso.filetype(script_path(first)) ~= "file" then
    local near = cli.nearest(first, command_names())
    cli.usage_error("unknown command '" .. first .. "'" ..
      (near and (" (did you mean '" .. near .. "'?)") or "") .. " (see 'chiso --help')")
  end
  return run_command(first, script_path(first), rest)
end

-- Keep the first line for users; the traceback only with CHISO_DEBUG=1.
local function handler(e)
  if type(e) == "table" then return e end
  local msg = tostring(e)
  if os.getenv("CHISO_DEBUG") then msg = debug.traceback(msg, 2) end
  return { exit = 1, msg = msg }
end

return function(argv)
  local ok, res = xpcall(dispatch, handler, argv)
  if ok then return res end
  io.stdout:flush()
  local msg = tostring(res.msg or "error")
  io.stderr:write("chiso: ", msg, msg:sub(-1) == "\n" and "" or "\n")
  return res.exit or 1
end
