-- report/svg.lua — the profile's charts as inline SVG (valid XML, no script,
-- no external font or image): a bar for a share of a maximum, the rank
-- history with gaps left open, and a histogram of projected ranks.
--
-- Coordinates are rounded to one decimal so that the same figures give the
-- same bytes.

local svg = {}

function svg.esc(s)
  return (tostring(s):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
                                         ["'"] = "&#39;" }))
end
local esc = svg.esc

local function n1(v)
  local s = string.format("%.1f", v)
  s = s:gsub("%.0$", "")
  if s == "-0" then s = "0" end
  return s
end

local function open(w, h, label)
  return string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s">'
    .. '<title>%s</title>', n1(w), n1(h), n1(w), n1(h), esc(label), esc(label))
end

-- A horizontal bar: pct (0–100) of the width, an optional marker at `mark`
-- (the median), a class for the fill ("bar", "bar derived", "bar lost").
function svg.bar(pct, opts)
  opts = opts or {}
  local w, h = opts.width or 220, opts.height or 14
  local out = { open(w, h, opts.label or "") }
  out[#out + 1] = string.format('<rect class="track" x="0" y="0" width="%s" height="%s" rx="2"/>', n1(w), n1(h))
  if pct then
    local p = math.max(0, math.min(100, pct))
    out[#out + 1] = string.format('<rect class="%s" x="0" y="0" width="%s" height="%s" rx="2"/>',
      opts.class or "bar", n1(w * p / 100), n1(h))
  end
  if opts.mark then
    local x = w * math.max(0, math.min(100, opts.mark)) / 100
    out[#out + 1] = string.format('<line class="median" x1="%s" y1="-1" x2="%s" y2="%s"/>', n1(x), n1(x), n1(h + 1))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out)
end

-- The rank history.  years: every year of the index, ascending; points:
-- { [year] = { rank = k } | { lo = a, hi = b } }; of: units ranked (the
-- axis bottom).  Consecutive years with a rank are joined; a year without
-- one breaks the line.  A range (a rank implied by a score) is a vertical bar.
function svg.history(years, points, of, opts)
  opts = opts or {}
  local W, H = opts.width or 760, opts.height or 280
  local L, R, T, B = 44, 16, 16, 34
  local pw, ph = W - L - R, H - T - B
  local n = #years
  local pad = 14 -- keep the first and last years off the axes
  local function x(i) return L + pad + (n > 1 and (i - 1) * (pw - 2 * pad) / (n - 1) or (pw - 2 * pad) / 2) end
  local function y(r) return T + (of > 1 and (r - 1) * ph / (of - 1) or 0) end
  local out = { open(W, H, opts.label or "") }
  -- grid: rank 1, every 10, the last
  local ticks = { 1 }
  for k = 10, of - 5, 10 do ticks[#ticks + 1] = k end
  if of > 1 then ticks[#ticks + 1] = of end
  for _, k in ipairs(ticks) do
    out[#out + 1] = string.format('<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>', n1(L), n1(y(k)), n1(W - R), n1(y(k)))
    out[#out + 1] = string.format('<text class="axis" x="%s" y="%s" text-anchor="end">%d</text>', n1(L - 6), n1(y(k) + 4), k)
  end
  out[#out + 1] = string.format('<text class="axis" x="%s" y="%s" text-anchor="start">%s</text>', n1(2), n1(T - 4),
    esc(opts.axis or "rank"))
  for i, yr in ipairs(years) do
    local p = points[yr]
    out[#out + 1] = string.format('<text class="axis%s" x="%s" y="%s" text-anchor="middle">%d</text>',
      p and "" or " nodata", n1(x(i)), n1(H - B + 18), yr)
  end
  -- line segments between consecutive known ranks
  local seg = {}
  local function flush()
    if #seg >= 2 then
      out[#out + 1] = '<polyline class="line" points="' .. table.concat(seg, " ") .. '"/>'
    end
    seg = {}
  end
  for i, yr in ipairs(years) do
    local p = points[yr]
    if p and p.rank then
      seg[#seg + 1] = n1(x(i)) .. "," .. n1(y(p.rank))
    else
      flush()
    end
  end
  flush()
  for i, yr in ipairs(years) do
    local p = points[yr]
    if p and p.rank then
      out[#out + 1] = string.format('<circle class="dot" cx="%s" cy="%s" r="4"><title>%s</title></circle>',
        n1(x(i)), n1(y(p.rank)), esc(p.title or ""))
      out[#out + 1] = string.format('<text class="val" x="%s" y="%s" text-anchor="middle">%d</text>',
        n1(x(i)), n1(y(p.rank) + (p.rank > of / 2 and -9 or 16)), p.rank)
    elseif p and p.lo and p.hi then
      out[#out + 1] = string.format('<rect class="range" x="%s" y="%s" width="6" height="%s" rx="3"><title>%s</title></rect>',
        n1(x(i) - 3), n1(y(p.lo) - 3), n1(y(p.hi) - y(p.lo) + 6), esc(p.title or ""))
    end
  end
  out[#out + 1] = "</svg>"
  return table.concat(out)
end

-- A histogram of projected ranks: probs[k] = share of draws at rank k
-- (1..of); the unit's median is marked.
function svg.histogram(probs, of, opts)
  opts = opts or {}
  local W, H = opts.width or 760, opts.height or 200
  local L, R, T, B = 44, 16, 12, 30
  local pw, ph = W - L - R, H - T - B
  local maxp = 0
  for k = 1, of do maxp = math.max(maxp, probs[k] or 0) end
  if maxp <= 0 then maxp = 1 end
  local bw = pw / of
  local out = { open(W, H, opts.label or "") }
  out[#out + 1] = string.format('<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>', n1(L), n1(T + ph), n1(W - R), n1(T + ph))
  for k = 1, of do
    local p = probs[k] or 0
    if p > 0 then
      local h = ph * p / maxp
      out[#out + 1] = string.format('<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>',
        k == opts.median and "hbar median-bar" or "hbar", n1(L + (k - 1) * bw + 0.5), n1(T + ph - h),
        n1(math.max(bw - 1, 0.5)), n1(h), esc((opts.tip and opts.tip(k, p)) or ""))
    end
  end
  local ticks = { 1 }
  for k = 10, of - 5, 10 do ticks[#ticks + 1] = k end
  ticks[#ticks + 1] = of
  for _, k in ipairs(ticks) do
    out[#out + 1] = string.format('<text class="axis" x="%s" y="%s" text-anchor="middle">%d</text>',
      n1(L + (k - 0.5) * bw), n1(H - B + 16), k)
  end
  out[#out + 1] = string.format('<text class="axis" x="%s" y="%s" text-anchor="end">%s</text>', n1(W - R), n1(H - 2),
    esc(opts.axis or "rank"))
  out[#out + 1] = "</svg>"
  return table.concat(out)
end

return svg
