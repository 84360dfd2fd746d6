-- report/html.lua — the profile page and the index page: one self-contained
-- HTML file each (inline CSS and SVG, no script, no external asset), every
-- figure followed by the numbers of its sources, anything derived,
-- unverified, synthetic or projected marked.
--
--   local html = require "report.html"
--   local page = html.profile(P, L)          -- P from report.profile, L from report.i18n
--   local index = html.index(rows, L, meta)

local svg = require "report.svg"

local html = {}

local esc = svg.esc
html.esc = esc

local CSS = [[
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1d2733;font:15px/1.45 "Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 28px 40px;background:#fff}
h1{font-size:26px;margin:0 0 2px}
h2{font-size:18px;margin:30px 0 8px;padding-bottom:4px;border-bottom:2px solid #d9e1ec}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0}
.sub{color:#4b5b6e;margin:0 0 16px}
.nav{font-size:13px;margin-bottom:10px}
a{color:#1f5fa8}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}
.card{flex:1 1 200px;border:1px solid #d9e1ec;border-radius:6px;padding:10px 14px;background:#fbfcfe}
.card .k{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6b7e}
.card .v{font-size:28px;font-weight:700;margin:2px 0}
.card .d{font-size:13px;color:#3c4a5b}
.up{color:#1d7a3a}.down{color:#b3261e}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:14px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6ebf2;vertical-align:top}
th{font-size:12px;color:#4b5b6e;font-weight:600;background:#f3f6fa}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.bar{width:230px}
.ref{font-size:11px;color:#1f5fa8;white-space:nowrap}
.ref a{text-decoration:none}
.mark{display:inline-block;font-size:10.5px;line-height:1.2;padding:1px 5px;margin-left:4px;border-radius:8px;border:1px dashed #8a6d00;color:#6b5400;background:#fff8dc;white-space:nowrap;vertical-align:1px}
.m-synthetic,.m-illustrative{border-color:#a33;color:#8a1c1c;background:#fdeeee}
.m-unverified{border-color:#777;color:#444;background:#f1f1f1}
.m-projected{border-color:#3a5fa0;color:#234;background:#eaf1fb}
.muted{color:#6b7a8c}
.note{font-size:13px;color:#4b5b6e;background:#f7f9fc;border-left:3px solid #c8d3e1;padding:6px 10px;margin:8px 0}
svg{display:block;max-width:100%;height:auto}
svg .track{fill:#e8edf3}
svg .bar{fill:#2f6db5}
svg .bar.derived{fill:#2f6db5}
svg .lostbar{fill:#c4512f}
svg .median{stroke:#111;stroke-width:2}
svg .grid{stroke:#e3e8ef;stroke-width:1}
svg .axis{font-size:11px;fill:#5b6b7e}
svg .axis.nodata{fill:#b8c2ce}
svg .line{fill:none;stroke:#2f6db5;stroke-width:2.2}
svg .dot{fill:#2f6db5;stroke:#fff;stroke-width:1.5}
svg .val{font-size:11px;fill:#1d2733;font-weight:600}
svg .range{fill:#f0b429;opacity:.85}
svg .hbar{fill:#7a9cc6}
svg .median-bar{fill:#1f4f8f}
ol.sources{font-size:12.5px;padding-left:28px;word-break:break-all}
ol.sources li{margin:2px 0}
ol.sources .what{color:#5b6b7e;word-break:normal}
footer{font-size:12px;color:#6b7a8c;margin-top:26px;border-top:1px solid #e6ebf2;padding-top:8px}
@media print{body{background:#fff}main{padding:0}}
]]

html.CSS = CSS

local function refs(list)
  if not list or #list == 0 then return "" end
  local parts = {}
  for _, k in ipairs(list) do parts[#parts + 1] = string.format('<a href="#s%d">%d</a>', k, k) end
  return '<sup class="ref">[' .. table.concat(parts, ",") .. "]</sup>"
end
html.refs = refs

local MARK_KEYS = { "derived", "unverified", "synthetic", "illustrative", "imputed", "projected" }

local function mark(L, kind)
  if not kind then return "" end
  return string.format('<span class="mark m-%s" title="%s">%s</span>', kind, esc(L:t("mark_" .. kind .. "_long")),
    esc(L:t("mark_" .. kind)))
end
html.mark = mark

local function page(L, title, body)
  return table.concat({
    "<!DOCTYPE html>\n",
    string.format('<html lang="%s">\n<head>\n<meta charset="utf-8">\n', L:t("lang_attr")),
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    "<title>", esc(title), "</title>\n<style>", CSS, "</style>\n</head>\n<body>\n<main>\n",
    body, "\n</main>\n</body>\n</html>\n" })
end
html.page = page

local function item_name(L, it)
  return esc(L:name(it.name, it.name_en))
end

-- ------------------------------------------------------------- sections --

local function headline(P, L)
  local H, d = P.headline, P.headline.decimals or 2
  local out = {}
  out[#out + 1] = string.format("<h2>%s</h2>", esc(L:t("headline", P.year)))
  out[#out + 1] = '<div class="cards">'
  -- score
  out[#out + 1] = string.format('<div class="card"><div class="k">%s</div><div class="v">%s%s</div>',
    esc(L:t("score")), H.score and esc(L:num(H.score, d)) or "–", H.score and refs(H.score_refs) or "")
  if H.average then
    out[#out + 1] = string.format('<div class="d">%s: %s%s%s</div>', esc(L:t("national_average")),
      esc(L:num(H.average, d)), refs(H.average_refs), H.average_unverified and mark(L, "unverified") or "")
  elseif not H.score then
    out[#out + 1] = string.format('<div class="d">%s</div>', esc(L:t(H.listed and "not_published" or "no_figure")))
  end
  out[#out + 1] = "</div>"
  -- rank
  local rank_v, rank_d
  if H.rank then
    rank_v = esc(L:t("rank_of", L:int(H.rank), H.of_known and L:int(H.of) or "?")) .. refs(H.rank_refs)
  elseif H.lo then
    rank_v = esc(L:int(H.lo) .. "–" .. L:int(H.hi)) .. mark(L, "derived")
    rank_d = L:t("rank_interval", L:int(H.lo), L:int(H.hi))
  else
    rank_v = "–"
    rank_d = L:t(H.listed and "not_published" or "no_figure")
  end
  out[#out + 1] = string.format('<div class="card"><div class="k">%s</div><div class="v">%s</div>%s</div>',
    esc(L:t("rank")), rank_v, rank_d and ('<div class="d">' .. esc(rank_d) .. "</div>") or "")
  -- change
  local ch = {}
  if H.prev and (H.d_score or H.d_rank) then
    if H.d_score then
      local s = math.abs(H.d_score) < 0.5 * 10 ^ -d and L:t("points_same")
        or L:t(H.d_score > 0 and "points_up" or "points_down", L:num(math.abs(H.d_score), d))
      ch[#ch + 1] = string.format('<span class="%s">%s</span>', H.d_score > 0 and "up" or H.d_score < 0 and "down" or "", esc(s))
    end
    if H.d_rank then
      local s = H.d_rank == 0 and L:t("places_same")
        or math.abs(H.d_rank) == 1 and L:t(H.d_rank > 0 and "place_up" or "place_down")
        or L:t(H.d_rank > 0 and "places_up" or "places_down", math.abs(H.d_rank))
      ch[#ch + 1] = string.format('<span class="%s">%s</span>', H.d_rank > 0 and "up" or H.d_rank < 0 and "down" or "", esc(s))
    end
    out[#out + 1] = string.format('<div class="card"><div class="k">%s</div><div class="v" style="font-size:18px">%s%s%s</div></div>',
      esc(L:t("change", H.prev.year)), table.concat(ch, "<br>"), mark(L, "derived"), refs(H.prev_refs))
  else
    out[#out + 1] = string.format('<div class="card"><div class="k">%s</div><div class="d">%s</div></div>',
      esc(L:t("change", P.year - 1)), esc(L:t("no_previous", P.year - 1)))
  end
  -- group
  if H.group then
    out[#out + 1] = string.format('<div class="card"><div class="k">%s</div><div class="v">%s%s</div><div class="d">%s</div></div>',
      esc(L:t("group")), esc(H.group), mark(L, "derived"), esc(L:t("group_from", P.rules or "")))
  end
  out[#out + 1] = "</div>"
  if H.basis and H.basis ~= "explicit" then
    out[#out + 1] = string.format('<p class="muted">%s: %s</p>', esc(L:t("rank_basis")), esc(L:basis(H.basis)))
  end
  if P.units2025 then
    out[#out + 1] = string.format('<div class="note">%s</div>', esc(L:t("units2025", P.units2025.weight_name
      and L:t("units2025_weighted", P.units2025.weight_name .. ", " .. P.units2025.weight_source) or L:t("units2025_equal"))))
  end
  if H.note and H.note ~= "" then
    out[#out + 1] = string.format('<div class="note">%s%s: %s</div>',
      H.note:match("CONFLICT") and (esc(L:t("conflict")) .. " — ") or "", esc(L:t("note")), esc(H.note))
  end
  if H.average_unverified and H.average_note then
    out[#out + 1] = string.format('<div class="note">%s: %s</div>', esc(L:t("national_average")), esc(H.average_note))
  end
  return table.concat(out, "\n")
end

local function item_table(L, items, d)
  local out = { "<table>", string.format(
    '<tr><th>%s</th><th></th><th class="n">%s</th><th class="n">%s</th><th class="n">%s</th><th class="n">%s</th><th class="n">%s</th></tr>',
    esc(L:t("col_item")), esc(L:t("col_points")), esc(L:t("col_max")), esc(L:t("col_pct")), esc(L:t("col_median")),
    esc(L:t("col_rank"))) }
  for _, it in ipairs(items) do
    local indent = (it.depth or 1) > 1 and string.rep("&#160;&#160;&#160;", it.depth - 1) or ""
    local bar = it.percent and svg.bar(it.percent, { mark = it.median, label = L:name(it.name, it.name_en) .. ": "
      .. L:num(it.percent, 1) .. "%" }) or ('<span class="muted">' .. esc(L:t("max_not_public")) .. "</span>")
    local med = it.median and esc(L:t("median_of", L:num(it.median, 1), it.median_n)) .. mark(L, "derived")
      or ('<span class="muted">' .. esc(it.median_n > 0 and L:t("too_few") or "–") .. "</span>")
    out[#out + 1] = string.format(
      '<tr><td>%s%s%s</td><td class="bar">%s</td><td class="n">%s%s%s</td><td class="n">%s</td><td class="n">%s%s</td><td class="n">%s</td><td class="n">%s%s</td></tr>',
      indent, item_name(L, it), it.mark and mark(L, it.mark) or "", bar,
      it.points and esc(L:num(it.points, d)) or "–", it.points and refs(it.refs) or "", it.computed and mark(L, "derived") or "",
      it.max and esc(L:num(it.max, d)) or "–",
      it.percent and esc(L:num(it.percent, 1)) or "–", it.percent and mark(L, "derived") or "",
      med, it.rank and esc(L:int(it.rank)) or "–", it.rank and refs(it.rank_refs) or "")
  end
  out[#out + 1] = "</table>"
  return table.concat(out, "\n")
end

local function areas(P, L)
  local d = P.headline.decimals or 2
  local out = { string.format("<h2>%s</h2>", esc(L:t("areas"))) }
  if #P.areas == 0 and #P.parts == 0 then
    out[#out + 1] = "<p>" .. esc(L:t("no_areas", L:name(P.unit.name, P.unit.name_en), P.year)) .. "</p>"
    if not P.rules then out[#out + 1] = '<p class="muted">' .. esc(L:t("no_rules", P.index, P.year)) .. "</p>" end
    if P.rules_error then out[#out + 1] = '<div class="note">' .. esc(P.rules .. ": " .. P.rules_error) .. "</div>" end
    return table.concat(out, "\n")
  end
  out[#out + 1] = "<p>" .. esc(L:t("areas_intro")) .. "</p>"
  if #P.areas > 0 then
    out[#out + 1] = "<h3>" .. esc(L:t("by_area")) .. "</h3>"
    out[#out + 1] = item_table(L, P.areas, d)
  end
  if #P.parts > 0 then
    out[#out + 1] = "<h3>" .. esc(L:t("by_part")) .. "</h3>"
    out[#out + 1] = item_table(L, P.parts, d)
  end
  return table.concat(out, "\n")
end

local function history(P, L)
  local out = { string.format("<h2>%s</h2>", esc(L:t("history"))), "<p>" .. esc(L:t("history_intro")) .. "</p>" }
  local points, of = {}, 0
  for _, f in ipairs(P.history) do
    of = math.max(of, f.of or 0)
    if f.rank then
      points[f.year] = { rank = f.rank, title = string.format("%d: %s", f.year, L:t("rank_of", L:int(f.rank), L:int(f.of))) }
    elseif f.lo then
      points[f.year] = { lo = f.lo, hi = f.hi, title = string.format("%d: %s", f.year, L:t("rank_interval", L:int(f.lo), L:int(f.hi))) }
    end
  end
  if of < 2 then of = 63 end
  out[#out + 1] = svg.history(P.years, points, of, { axis = L:t("chart_rank_axis"),
    label = L:t("history") .. " — " .. L:name(P.unit.name, P.unit.name_en) })
  out[#out + 1] = string.format('<table><tr><th>%s</th><th class="n">%s</th><th class="n">%s</th><th>%s</th></tr>',
    esc(L:t("col_year")), esc(L:t("col_score")), esc(L:t("col_rank")), esc(L:t("col_basis")))
  for _, f in ipairs(P.history) do
    if P.units2025 and (f.row or f.bounds) then
      -- Derived rows carry their predecessors' figures in the note.
      local rank = f.rank and esc(L:t("rank_of", L:int(f.rank), L:int(f.of))) .. mark(L, "derived")
        or f.lo and (esc(L:int(f.lo) .. "–" .. L:int(f.hi)) .. mark(L, "derived")) or "–"
      local score = f.score and (esc(L:num(f.score, f.decimals)) .. mark(L, "derived") .. refs(f.score_refs))
        or (esc(L:num(f.bounds[1], f.decimals) .. "–" .. L:num(f.bounds[2], f.decimals)) .. mark(L, "derived"))
      out[#out + 1] = string.format('<tr><td>%d</td><td class="n">%s</td><td class="n">%s</td><td>%s</td></tr>',
        f.year, score, rank, esc(f.note or L:basis(f.basis)))
    elseif f.row then
      local rank = f.rank and (esc(L:t("rank_of", L:int(f.rank), f.of_known and L:int(f.of) or "?")) .. refs(f.rank_refs))
        or f.lo and (esc(L:int(f.lo) .. "–" .. L:int(f.hi)) .. mark(L, "derived"))
        or (f.rank_text and esc(f.rank_text) or "–")
      out[#out + 1] = string.format('<tr><td>%d</td><td class="n">%s%s</td><td class="n">%s</td><td>%s%s</td></tr>',
        f.year, f.score and esc(L:num(f.score, f.decimals)) or "–", f.score and refs(f.score_refs) or "", rank,
        esc(L:basis(f.basis)), (f.note and f.note:match("CONFLICT")) and (' <span class="muted">' .. esc(L:t("conflict")) .. "</span>") or "")
    end
  end
  out[#out + 1] = "</table>"
  return table.concat(out, "\n")
end

local function lost_table(L, rows, d, with_owner)
  local maxl = 0
  for _, r in ipairs(rows) do maxl = math.max(maxl, r.lost) end
  local out = { "<table>", string.format('<tr><th>%s</th><th></th><th class="n">%s</th>%s</tr>', esc(L:t("col_item")),
    esc(L:t("col_lost")), with_owner and ("<th>" .. esc(L:t("col_owner")) .. "</th>") or "") }
  for _, r in ipairs(rows) do
    out[#out + 1] = string.format('<tr><td>%s</td><td class="bar">%s</td><td class="n">%s%s</td>%s</tr>',
      esc(r.code .. " " .. L:name(r.name, r.name_en)),
      svg.bar(maxl > 0 and r.lost / maxl * 100 or 0, { class = "lostbar", label = L:num(r.lost, d) }),
      esc(L:num(r.lost, d)), refs(r.refs),
      with_owner and ("<td>" .. esc(r.owner or L:t("no_owner")) .. "</td>") or "")
  end
  out[#out + 1] = "</table>"
  return table.concat(out, "\n")
end

local function lost(P, L)
  local d = P.headline.decimals or 2
  local out = { string.format("<h2>%s%s</h2>", esc(L:t("lost")), (#P.lost_areas + #P.lost_parts > 0) and mark(L, "derived") or "") }
  if #P.lost_areas + #P.lost_parts == 0 then
    out[#out + 1] = "<p>" .. esc(L:t("no_lost")) .. "</p>"
  else
    out[#out + 1] = "<p>" .. esc(L:t("lost_intro")) .. "</p>"
    local owners = P.owners ~= nil
    if #P.lost_areas > 0 then
      out[#out + 1] = "<h3>" .. esc(L:t("by_area")) .. "</h3>"
      out[#out + 1] = lost_table(L, P.lost_areas, d, owners)
    end
    if #P.lost_parts > 0 then
      out[#out + 1] = "<h3>" .. esc(L:t("by_part")) .. "</h3>"
      out[#out + 1] = lost_table(L, P.lost_parts, d, owners)
    end
  end
  if P.directive then
    out[#out + 1] = string.format("<h3>%s%s</h3>", esc(L:t("lost_by_owner", P.directive.path)),
      P.directive.mark and mark(L, P.directive.mark) or "")
    if P.directive.note then out[#out + 1] = '<p class="muted">' .. esc(P.directive.note) .. "</p>" end
    if P.lost_owners and #P.lost_owners > 0 then
      out[#out + 1] = string.format('<table><tr><th>%s</th><th class="n">%s</th><th>%s</th></tr>', esc(L:t("col_owner")),
        esc(L:t("col_lost")), esc(L:t("col_item")))
      for _, o in ipairs(P.lost_owners) do
        out[#out + 1] = string.format('<tr><td>%s</td><td class="n">%s</td><td>%s</td></tr>',
          esc(o.owner or L:t("no_owner")), esc(L:num(o.lost, d)), esc(table.concat(o.codes, ", ")))
      end
      out[#out + 1] = "</table>"
    end
  elseif #P.lost_areas + #P.lost_parts > 0 then
    out[#out + 1] = '<p class="muted">' .. esc(L:t("owners_none")) .. "</p>"
  end
  return table.concat(out, "\n")
end

local function sources(P, L)
  local out = { string.format("<h2>%s</h2>", esc(L:t("sources"))), "<p>" .. esc(L:t("sources_intro")) .. "</p>",
                '<ol class="sources">' }
  for _, s in ipairs(P.sources) do
    local link = s.url:match("^https?://") and string.format('<a href="%s">%s</a>', esc(s.url), esc(s.url)) or esc(s.url)
    out[#out + 1] = string.format('<li id="s%d">%s <span class="what">— %s</span></li>', s.n, link,
      esc(table.concat(s.what, "; ")))
  end
  out[#out + 1] = "</ol>"
  local used = {}
  for _, k in ipairs(MARK_KEYS) do
    if P.marks[k] then used[#used + 1] = string.format("<li>%s %s</li>", mark(L, k), esc(L:t("mark_" .. k .. "_long"))) end
  end
  if #used > 0 then
    out[#out + 1] = "<h3>" .. esc(L:t("marks")) .. "</h3><ul>" .. table.concat(used) .. "</ul>"
  end
  return table.concat(out, "\n")
end

-- The profile page.  extra: optional HTML sections (scenario, target) placed before the sources.
function html.profile(P, L, extra, opts)
  opts = opts or {}
  local uname = L:name(P.unit.name, P.unit.name_en)
  local title = L:t("profile_title", uname, P.title, P.year)
  local body = {}
  if opts.index_href then
    body[#body + 1] = string.format('<div class="nav"><a href="%s">%s</a></div>', esc(opts.index_href), esc(L:t("back_to_index")))
  end
  body[#body + 1] = string.format("<h1>%s</h1>", esc(uname))
  body[#body + 1] = string.format('<p class="sub">%s %d%s</p>', esc(L.lang == "vi" and (P.title_vi or P.title) or P.title),
    P.year, P.unit.region and (" · " .. esc(L:t("region")) .. ": " .. esc(P.unit.region)) or "")
  body[#body + 1] = headline(P, L)
  body[#body + 1] = areas(P, L)
  body[#body + 1] = history(P, L)
  body[#body + 1] = lost(P, L)
  for _, s in ipairs(extra or {}) do body[#body + 1] = s end
  body[#body + 1] = sources(P, L)
  body[#body + 1] = string.format("<footer>%s%s</footer>", esc(L:t("generated", chiso.version)),
    P.rules and (" " .. esc(P.rules)) or "")
  return page(L, title, table.concat(body, "\n"))
end

-- The index page: rows = { { name, href, rank, score, d_rank, group, listed, decimals } } in display order.
function html.index(rows, L, meta)
  local title = L:t(meta.kind == "ministry" and "index_title_ministries" or "index_title",
    L.lang == "vi" and (meta.title_vi or meta.title) or meta.title, meta.year)
  local out = { string.format("<h1>%s</h1>", esc(title)),
    "<p>" .. esc(L:t("index_intro", #rows, meta.listed, meta.year)) .. "</p>",
    string.format('<table><tr><th class="n">%s</th><th>%s</th><th class="n">%s</th><th class="n">%s</th><th>%s</th><th>%s</th></tr>',
      esc(L:t("col_rank")), esc(L:t("col_unit")), esc(L:t("col_score")), esc(L:t("col_change")), esc(L:t("col_group")),
      esc(L:t("region"))) }
  for _, r in ipairs(rows) do
    local rank = r.rank and esc(L:int(r.rank)) or r.lo and (esc(L:int(r.lo) .. "–" .. L:int(r.hi)) .. mark(L, "derived")) or "–"
    out[#out + 1] = string.format(
      '<tr><td class="n">%s</td><td><a href="%s">%s</a></td><td class="n">%s</td><td class="n">%s</td><td>%s</td><td>%s</td></tr>',
      rank, esc(r.href), esc(r.name), r.score and esc(L:num(r.score, r.decimals or 2)) or "–",
      r.d_rank and (esc(L:signed(r.d_rank, 0)) .. mark(L, "derived")) or "", esc(r.group or ""), esc(r.region or ""))
  end
  out[#out + 1] = "</table>"
  out[#out + 1] = string.format("<footer>%s</footer>", esc(L:t("generated", chiso.version)))
  return page(L, title, table.concat(out, "\n"))
end

return html
