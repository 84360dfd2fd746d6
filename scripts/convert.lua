-- convert.lua — a file in a legacy Vietnamese encoding (Windows-1258,
-- TCVN3/ABC, VNI) to UTF-8, the only encoding chiso reads.

local cli = require "cli"

return {
  summary = "Convert a file from a legacy Vietnamese encoding (cp1258, tcvn3, vni) to UTF-8",
  usage = "chiso convert FILE [--from cp1258|tcvn3|vni] -o OUT.csv",
  help = [[
Spreadsheets made with the old Vietnamese fonts are saved in Windows-1258,
TCVN3 (ABC, the .VnTime fonts) or VNI (the VNI-Times fonts).  chiso reads
UTF-8 only and names the encoding it recognises when a file is not UTF-8.
Without --from the encoding is recognised from the Vietnamese words in the
file.  The result is UTF-8 with precomposed letters (NFC); CSV structure is
unchanged.  A byte the encoding does not define stops the conversion with its
line and column; OUT is then not written.  Windows-1258 can also be converted
with iconv -f CP1258 -t UTF-8.  TCVN3 has capitals only for Ă Â Ê Ô Ơ Ư Đ:
text written in the capital (.VnTimeH) fonts comes out in lowercase.]],
  args = { min = 1, max = 1 },
  options = {
    { "from", arg = "ENC", choices = { "cp1258", "tcvn3", "vni" },
      help = "the file's encoding: cp1258 (Windows-1258), tcvn3 (ABC) or vni (default: recognised)" },
    cli.OUTPUT,
  },
  run = function(opts, args)
    local path = args[1]
    local kind = chiso.filetype(path)
    if kind ~= "file" then cli.fail(path .. ": cannot open: " .. (kind and "not a regular file" or "no such file")) end
    local from = opts.from
    local f = io.open(path, "rb")
    local head = f and f:read(2) or ""
    if f then f:close() end
    if head == "\xFF\xFE" or head == "\xFE\xFF" then
      cli.fail(path .. ":1:1: the file is UTF-16, not a legacy 8-bit encoding; convert it with "
        .. "'iconv -f UTF-16 -t UTF-8 " .. path .. "' or re-save it as 'CSV UTF-8'")
    end
    if not from then
      local key, name = chiso.encoding.detect(path)
      if not key then
        cli.fail(path .. ": cannot tell the encoding (no Vietnamese words in Windows-1258, TCVN3 " ..
          "or VNI found, or the file is UTF-8 already); name it with --from cp1258|tcvn3|vni")
      end
      from = key
      io.stderr:write(string.format("chiso: %s: reading it as %s\n", path, name))
    end
    chiso.encoding.convert(path, opts.output, from)
  end,
}
