-- rules/sensitivity/example.lua — how robust are the ranks of the illustrative
-- PAR-sized index to its uncertain choices?
--
--   chiso sensitivity rules/sensitivity/example.lua
--   chiso sensitivity rules/sensitivity/example.lua --unit "Đà Nẵng" --record runs.csv
--
-- ILLUSTRATIVE methodology (rules/sensitivity/par_synthetic.lua) on SYNTHETIC
-- data (datasets/synthetic/par_synthetic_63.csv): the numbers say nothing
-- about any province.  Six alternatives, so 8,000 runs = N(d + 2) with N = 1000.
--
-- Nodes are named through handles: `m.node "9"` for a node the methodology
-- does not have is an error at this file's line, with a suggestion — never
-- an alternative silently skipped.

local m = methodology "sensitivity/par_synthetic"

return sensitivity {
  name = "Độ nhạy của xếp hạng — bộ tiêu chí minh họa",
  note = "Weights of the impact and procedures areas, two step bounds, how the areas add up, "
    .. "and a variant methodology.",
  base = m,
  data = "datasets/synthetic/par_synthetic_63.csv",
  alternatives = {
    -- Area 8 (impact, from surveys) counting 80 %, 100 % or 120 % of its points.
    weight { name = "impact_weight", node = m.node "8", values = { 0.8, 1, 1.2 } },
    weight { name = "procedures_weight", node = m.node "3", values = { 0.8, 1, 1.2 } },
    -- The bound of "above 90 %" for full points on 1.1.4 (plan completion).
    threshold { name = "plan_done_bound", node = m.node "1.1.4", step = 1, values = { 85, 90, 95 } },
    threshold { name = "procedures_online_bound", node = m.node "3.1.3", step = 2, values = { 60, 70, 80 } },
    -- Areas added up (points) or averaged (each area's share counts alike).
    aggregation { name = "index_aggregation", node = m.root, values = { "sum", "mean" } },
    -- The whole methodology: the base or its variant (other area maxima and bounds).
    variant { name = "methodology_variant", methodology = methodology "sensitivity/par_synthetic_alt" },
  },
  runs = 8000,
  seed = 1,
  ranks = { 10 },
}
