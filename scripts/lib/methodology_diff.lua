-- methodology_diff.lua — do two methodologies score alike?  The question
-- `chiso explain` asks before it attributes a rank change: when the two
-- years' rule files differ in anything that moves points, part of the change
-- may be the methodology's.
--
--   local md = require "methodology_diff"
--   local path = md.rule_file("par", 2022)           -- rules/par/2022.lua or nil
--   local cmp = md.compare(ma, mb)                    -- chiso.rules objects
--   cmp.same                                          -- no change that moves points
--   cmp.scoring, cmp.wording                          -- the changes of each kind
--
-- Nodes are matched by code.  What moves points ("scoring" changes): a node
-- added or removed, its maximum, its parent, its leaf rule, how its parts
-- aggregate, its weight, what "not applicable" means and when it applies, and
-- the index's maximum and precision.  What does not ("wording"): the index's
-- own code, name, year, decision and sources (every year has its own), node
-- names, owners, notes, statuses, the data column a published component is
-- read from, views (they regroup, the total stays) and the group bands
-- (labels on the % — they do not change a score or a rank).  `chiso diff`
-- shows the full structural table; this module only classifies.

local md = {}

-- Where each index keeps its rule files, under the engine's rules/.
md.RULE_DIRS = { par = "par", sipas = "sipas", ministries = "par-ministries" }

-- The shipped rule file of an index and year: absolute path, display name;
-- nil, display name when there is none.
function md.rule_file(index, year)
  local dir = md.RULE_DIRS[index]
  if not dir then return nil end
  local rel = string.format("rules/%s/%d.lua", dir, year)
  local path = chiso.home .. "/" .. rel
  if chiso.filetype(path) == "file" then return path, rel end
  return nil, rel
end

local function fold(s) return s and chiso.text.fold(s) or "" end

local function fmt(v)
  if v == nil then return "–" end
  if type(v) == "number" then
    if math.type(v) == "integer" or v == math.floor(v) then return string.format("%d", math.tointeger(v) or v) end
    return (string.format("%.4f", v):gsub("0+$", ""))
  end
  -- Paths inside the installation are shown relative to it.
  local home = chiso.home .. "/"
  local str = tostring(v)
  local i = str:find(home, 1, true)
  while i do
    str = str:sub(1, i - 1) .. str:sub(i + #home)
    i = str:find(home, 1, true)
  end
  return str
end

-- The fields of a node that move points, as { field, value_a, value_b } pairs.
local SCORING_FIELDS = { "max", "rule", "aggregate", "weight", "na", "na_column" }

local function parent_key(n, root)
  if n.parent == nil or n.parent == root then return "(index)" end
  return n.parent
end

-- Compare two methodologies.  Returns { same = bool, scoring = { change… },
-- wording = { change… }, a = info_a, b = info_b }; a change is { code =,
-- name =, kind = "added"|"removed"|"max"|"rule"|…, a =, b =, text = }.
function md.compare(ma, mb)
  local ia, ib = ma:info(), mb:info()
  local na, nb = ma:nodes(), mb:nodes()
  local root_a, root_b = na[1].code, nb[1].code
  local A, B = {}, {}
  for _, n in ipairs(na) do if n.code ~= root_a then A[n.code] = n end end
  for _, n in ipairs(nb) do if n.code ~= root_b then B[n.code] = n end end
  local scoring, wording = {}, {}
  local function add(list, kind, n, a, b, text)
    if n and n.view then text = "view " .. n.view .. ": " .. text end
    list[#list + 1] = { kind = kind, code = n and n.code, name = n and n.name, a = a, b = b,
                        text = text, view = n and n.view ~= nil }
  end
  local function maxtext(v) return v ~= nil and (" (max " .. fmt(v) .. ")") or "" end
  -- The index itself.
  if na[1].max ~= nb[1].max then
    add(scoring, "max", { code = "(index)", name = ib.name }, na[1].max, nb[1].max,
      string.format("index maximum %s → %s", fmt(na[1].max), fmt(nb[1].max)))
  end
  if (ia.decimals or 2) ~= (ib.decimals or 2) then
    add(scoring, "decimals", { code = "(index)", name = ib.name }, ia.decimals, ib.decimals,
      string.format("published precision %s → %s decimals", fmt(ia.decimals or 2), fmt(ib.decimals or 2)))
  end
  if (na[1].aggregate or "sum") ~= (nb[1].aggregate or "sum") then
    add(scoring, "aggregate", { code = "(index)", name = ib.name }, na[1].aggregate, nb[1].aggregate,
      string.format("index aggregate %s → %s", na[1].aggregate, nb[1].aggregate))
  end
  local function bands(info)
    local parts = {}
    for _, g in ipairs(info.groups or {}) do
      parts[#parts + 1] = tostring(g[1] or g.name or "?") .. (g[2] and (" ≥ " .. fmt(g[2])) or "")
    end
    return table.concat(parts, ", ")
  end
  if bands(ia) ~= bands(ib) then
    add(wording, "groups", { code = "(index)", name = ib.name }, bands(ia), bands(ib),
      string.format("group bands %s → %s", bands(ia) ~= "" and bands(ia) or "none", bands(ib) ~= "" and bands(ib) or "none"))
  end
  -- Nodes in A's order, then the ones only B has in B's order.
  for _, a in ipairs(na) do
    if a.code ~= root_a then
      local b = B[a.code]
      local list = a.view and wording or scoring
      if not b then
        add(list, "removed", a, a.max, nil, string.format("%s %s removed%s", a.code, a.name or "", maxtext(a.max)))
      else
        local pa, pb = parent_key(a, root_a), parent_key(b, root_b)
        if (a.view ~= nil) ~= (b.view ~= nil) then
          -- Into or out of a view: its points stop (or start) counting.
          add(scoring, a.view and "entered" or "left", nil, a.view, b.view,
            a.view and string.format("%s %s entered the main tree (was in view %s)", a.code, b.name or "", a.view)
              or string.format("%s %s left the main tree (now only in view %s)", a.code, a.name or "", b.view))
        elseif pa ~= pb then
          add(list, "moved", b, pa, pb, string.format("%s moved: parent %s → %s", a.code, pa, pb))
        end
        for _, f in ipairs(SCORING_FIELDS) do
          local va, vb = a[f], b[f]
          -- A node with parts has no rule of its own to compare.
          if f == "rule" and (#a.children > 0 or #b.children > 0) then va, vb = nil, nil end
          if va ~= vb then
            local text = string.format("%s %s: %s %s → %s", a.code, b.name or "", f, fmt(va), fmt(vb))
            if f == "rule" and (a.rule_kind == "function" or b.rule_kind == "function") then
              -- What a Lua function computes cannot be read off; it may well
              -- return the same column, but that cannot be shown here.
              text = text .. " (a function cannot be compared: counted as a change)"
            end
            add(list, f, b, va, vb, text)
          end
        end
        if fold(a.name) ~= fold(b.name) then
          add(wording, "renamed", b, a.name, b.name, string.format("%s renamed: %s → %s", a.code, a.name or "", b.name or ""))
        end
        if (a.column or "") ~= (b.column or "") then
          add(wording, "column", b, a.column, b.column,
            string.format("%s read from column %s → %s", a.code, fmt(a.column), fmt(b.column)))
        end
      end
    end
  end
  for _, b in ipairs(nb) do
    if b.code ~= root_b and not A[b.code] then
      add(b.view and wording or scoring, "added", b, nil, b.max,
        string.format("%s %s added%s", b.code, b.name or "", maxtext(b.max)))
    end
  end
  return { same = #scoring == 0, scoring = scoring, wording = wording, a = ia, b = ib }
end

-- One line: "12 changes that move points: 3 max, 2 added, …".
function md.summary(cmp)
  local counts, keys = {}, {}
  for _, c in ipairs(cmp.scoring) do
    if not counts[c.kind] then keys[#keys + 1] = c.kind end
    counts[c.kind] = (counts[c.kind] or 0) + 1
  end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = counts[k] .. " " .. k end
  return string.format("%d %s that move%s points (%s)", #cmp.scoring, #cmp.scoring == 1 and "change" or "changes",
    #cmp.scoring == 1 and "s" or "", table.concat(parts, ", "))
end

return md
