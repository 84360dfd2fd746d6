#!/bin/sh
# Command-level tests of `chiso target`: the numbers of the plans (Kon Tum's
# four published PAR INDEX 2023 components; a Nghệ An department over stepped
# sub-criteria), costs and owners from a directive, unreachable targets, the
# output formats, and usage and data errors.
. "$(dirname "$0")/../lib/cli.sh"
NA="--rules rules/provinces/nghean-2023.lua --data datasets/synthetic/nghean_departments_2023.csv"

# --- Kon Tum, PAR INDEX 2023, rank ≤ 30 --------------------------------------
run target "Kon Tum" --year 2023 --rank 30
expect_code "Kon Tum rank 30: exit 0" 0
expect_err_empty "Kon Tum rank 30: nothing on stderr"
expect_out_has "Kon Tum: the target line" "Kon Tum — PAR INDEX 2023: rank ≤ 30 of 63"
expect_out_has "Kon Tum: published now" "now      86.14 (published rank 43)"
expect_out_has "Kon Tum: 87.32 needed for certain" "needed   87.32: the least score certain to rank ≤ 30 on the partial table (at 87.32: rank 29)"
expect_out_has "Kon Tum: rank 30's score is only bounded" "rank ≤ 30 is possible from 86.97 and certain from 87.32"
expect_out_has "Kon Tum: gap" "to gain  1.18 points"
expect_out_has "Kon Tum: levers" "levers   4 (TD, TAC.1, TAC.2, TAC.3) from rules/par/2023.lua"
expect_out_has "Kon Tum: one node" "Plan: 1 node, cost 1.18 (effort in points: no costs declared)"
if grep -q '^TD .* 54\.95 *56\.13 *+1\.18 *1\.18 *—$' "$T/out"; then pass "Kon Tum: TD 54.95 → 56.13, cost 1.18"
else fail "Kon Tum: TD 54.95 → 56.13, cost 1.18" "$(cat "$T/out")"; fi
expect_out_has "Kon Tum: new rank and margin" "New score 87.32, rank 29; margin 0.00 above the 87.32 needed."

# The default year: 2024 has no Kon Tum score, so its latest (2023) is used and said.
run target "Kon Tum" --rank 30
expect_out_has "default year: falls back, with a note" "note: Kon Tum has no published score in PAR INDEX 2024 (the latest table); its latest published score is 2023's."
expect_out_has "default year: same plan" "New score 87.32, rank 29"
run target "Kon Tum" --year 2024 --rank 30
expect_code "explicit year without a score: exit 1" 1
expect_err_has "explicit year without a score: says which years have one" "Kon Tum has no published score in PAR INDEX 2024 (years with one: 2023)"

# Other targets on the same components.
run target "Kon Tum" --year 2023 --rank 10 --format json
expect_out_has "rank 10: 88.86 needed (Yên Bái, rank 10)" '"needed": 88.86'
expect_out_has "rank 10: gap 2.72" '"gap": 2.72'
expect_out_has "rank 10: new rank 10" '"new_rank_max": 10'
run target "Kon Tum" --year 2023 --group A --format json
expect_out_has "group A: 90" '"needed": 90'
expect_out_has "group A: cost 3.86" '"cost": 3.86'
run target "Kon Tum" --year 2023 --score 101
expect_code "score 101: exit 0 (a result, not an error)" 0
expect_out_has "score 101: unreachable, best reachable" "Cannot reach score ≥ 101.00: the best reachable score is 100.00 with every node at its maximum (rank 1)."
expect_out_has "score 101: every node at its maximum" "Every node at its maximum:"
run target "Kon Tum" --year 2023 --score 80
expect_out_has "score 80: already met" "Already met: 86.14 is 6.14 above the 80.00 needed; nothing to change."

# --- costs and owners from a directive ----------------------------------------
cat >"$T/kt.lua" <<'EOF'
return directive {
  unit = "Kon Tum",
  targets = { { by = 2025, rank = 30 } },
  owners = { ["TAC.1"] = "Văn phòng UBND tỉnh", TD = "Sở Nội vụ" },
  costs = { ["TAC.1"] = 0.5, ["TAC.3"] = { per_point = 3 } },
}
EOF
run target --directive "$T/kt.lua" --year 2023 --rank 30
expect_code "directive costs: exit 0" 0
expect_out_has "directive costs: the unit comes from the directive" "Kon Tum — PAR INDEX 2023: rank ≤ 30 of 63"
if grep -q '^TAC\.1 .* 8\.50 *9\.68 *+1\.18 *0\.59 *Văn phòng UBND tỉnh$' "$T/out"; then
  pass "directive costs: SIPAS at 0.5 a point: TAC.1 8.50 → 9.68, cost 0.59, owner"
else fail "directive costs: SIPAS at 0.5 a point" "$(cat "$T/out")"; fi
run target --directive "$T/kt.lua" --year 2023 --rank 20 --format csv
expect_out_has "rank 20 (88.38 certain): TAC.1 full, then TD" "TAC.1,Chỉ số hài lòng về sự phục vụ hành chính (SIPAS),8.50,10.00,+1.50,0.75,Văn phòng UBND tỉnh"
expect_out_has "rank 20: TD takes the rest" "54.95,55.69,+0.74,0.74,Sở Nội vụ"

# --- a scenario for what everyone else does --------------------------------------
cat >"$T/same.lua" <<'EOF'
return scenario {
  name = "others unchanged", base = { index = "par", year = 2023 }, others = "unchanged", horizon = 2024,
  owners = { TD = "Sở Nội vụ" }, costs = { TD = 2 },
}
EOF
run target "Kon Tum" --scenario "$T/same.lua" --rank 30 --format json
expect_code "scenario: exit 0" 0
expect_out_has "scenario, others unchanged: the same 87.32" '"needed": 87.32'
expect_out_has "scenario: its costs (TD at 2 a point): TAC.1, the earliest node at 1 with room" '"node": "TAC.1"'
expect_out_has "scenario: 1.18 from TAC.1 (1.50 room) at cost 1.18" '"cost": 1.18'
cat >"$T/sc_dir.lua" <<'EOF'
return directive {
  unit = "Kon Tum",
  targets = { { by = 2025, rank = 30 } },
  scenario = "same.lua",
}
EOF
run target --directive "$T/sc_dir.lua" --rank 30
expect_out_has "the directive's scenario is used" "others projected to 2024"
expect_out_has "the directive's scenario: same plan" "New score 87.32, rank 29"

# --- Nghệ An departments: exact over steps -----------------------------------
run target "Sở Y tế" $NA --rank 18
expect_code "Nghệ An: exit 0" 0
expect_out_has "Nghệ An: needed exactly (complete table)" "needed   62.60: exact on a complete table"
expect_out_has "Nghệ An: gap" "to gain  8.20 points"
expect_out_has "Nghệ An: 8 nodes at cost 8.20" "Plan: 8 nodes, cost 8.20"
expect_out_has "Nghệ An: a step taken whole" "3.3.1  Tỷ lệ hồ sơ giải quyết đúng hạn"
if grep -q '^3\.3\.1 .*1\.00 *2\.00 *+1\.00 *1\.00 *Văn phòng UBND tỉnh *dossiers_on_time_pct ≥ 100$' "$T/out"; then
  pass "Nghệ An: 3.3.1 from the 1-point step to the 2-point step (≥ 100%)"
else fail "Nghệ An: 3.3.1 step" "$(grep '^3.3.1' "$T/out")"; fi
expect_out_has "Nghệ An: yes/no taken as a level" "yes"
expect_out_has "Nghệ An: new rank" "New score 62.60, rank 18; margin 0.00 above the 62.60 needed."
run target "Ban Dân tộc" $NA --rank 5 --format json
expect_out_has "Ban Dân tộc: scored out of 84, index gain scaled" '"factor": 1.190476'
run target "Sở Y tế" $NA --group "kha"
expect_out_has "group by folded name" "group Khá (≥ 65.00%)"
expect_out_has "group Khá: 10.60 points" "to gain  10.60 points"
run target "Sở Y tế" $NA --group "Xuất sắc"
expect_code "unknown group: exit 2" 2
expect_err_has "unknown group: lists the groups" "target: no group 'Xuất sắc' in Chỉ số CCHC các sở, ban, ngành tỉnh Nghệ An 2023 (minh họa) (groups: Tốt, Khá, Trung bình, Yếu)"

# --- outputs ---------------------------------------------------------------------
run target "Kon Tum" --year 2023 --rank 30 -o "$T/plan.csv" --format csv
expect_code "-o: exit 0" 0
if [ -f "$T/plan.csv" ] && grep -q '^TD,' "$T/plan.csv"; then pass "-o: the plan written"; else fail "-o: the plan written"; fi
run target "Kon Tun" --rank 30 -o "$T/none.csv"
expect_file_absent "-o: nothing written on an error" "$T/none.csv"
run target "Kon Tum" --year 2023 --rank 30 --format json
A=$(cat "$T/out")
run target "Kon Tum" --year 2023 --rank 30 --format json
if [ "$A" = "$(cat "$T/out")" ]; then pass "deterministic output"; else fail "deterministic output"; fi

# --- errors ------------------------------------------------------------------------
run target "Kon Tun" --rank 30
expect_code "unknown unit: exit 1" 1
expect_err_has "unknown unit: suggestion" "unknown province 'Kon Tun' (did you mean 'Kon Tum'?)"
run target "Kon Tum" --rank 3 --score 90
expect_code "two targets: exit 2" 2
expect_err_has "two targets: usage" "target: give one of --rank K, --score S or --group A"
run target --rank 3
expect_code "no unit: exit 2" 2
run target "Kon Tum" --rank 0
expect_code "rank 0: exit 2" 2
# a rank past the last: a usage error (a score past 100 is an answer: unreachable)
run target "Kon Tum" --year 2023 --rank 70
expect_err_has "--rank beyond the units ranked" "target: --rank 70 is beyond the 63 units ranked"
# csv shows rows only: whether they reach the target goes to standard error
run target "Kon Tum" --year 2023 --score 80 --format csv
expect_err_has "csv of a target already met: said on stderr" "target: Kon Tum, score ≥ 80.00: met (nothing to change)"
run target "Kon Tum" --year 2023 --score 101 --format csv
expect_err_has "csv of an unreachable target: said on stderr" "target: Kon Tum, score ≥ 101.00: unreachable (the rows are every node at its maximum)"

# a unit scored out of less than the maximum (an area not applicable): its
# levers' gains are fractions of a unit, and 100.00 is still reachable
run target "Ban Dân tộc" $NA --score 100 --format json
expect_out_has "every node at its maximum reaches 100 on a rescaled score" '"status": "reachable"'
run target "Kon Tum" --rank 3 --rules rules/provinces/nghean-2023.lua
expect_code "--rules without --data: exit 2" 2
cat >"$T/bad_cost.lua" <<'EOF'
return directive {
  unit = "Kon Tum",
  targets = { { by = 2025, rank = 30 } },
  owners = { TD = "Sở Nội vụ" },
  costs = { TD = -1 },
}
EOF
run target --directive "$T/bad_cost.lua" --rank 30
expect_code "negative cost: exit 1" 1
expect_err_has "negative cost: at the costs line" "bad_cost.lua:5: directive: costs[\"TD\"] must be a number ≥ 0 (effort per point)"
cat >"$T/bad_owner.lua" <<'EOF'
return directive {
  unit = "Kon Tum",
  targets = { { by = 2025, rank = 30 } },
  owners = { TD = 3 },
}
EOF
run target --directive "$T/bad_owner.lua" --rank 30
expect_err_has "owner not text: at the owners line" "bad_owner.lua:4: directive: owners[\"TD\"] must name an agency (text)"
run target "Kon Tum" --rank 30 --directive "$T/missing.lua"
expect_code "missing directive file: exit 1" 1
expect_err_has "missing directive file" "missing.lua: cannot open: no such file"
finish
