#!/usr/bin/env python3
"""sipas_baseline.py — the benchmark's baseline: the SIPAS computation of
rules/sipas/bench.lua in plain Python 3 (standard library only, csv module).

    python3 bench/sipas_baseline.py FILE.csv > out.csv

Per province: each question's rate = answers 4-5 / answers given x 100 (an
empty cell is no answer; a `weight` column, when present, weights each
respondent); element = mean of its questions' rates (questions nobody
answered are skipped); index = mean of the five elements.  Prints
"province,index,respondents" in the order provinces first appear.  Exits 1
with "FILE:LINE: message" on an answer outside 1-5.

Written the way a careful analyst would: one pass, a dict per province, no
tricks, so that the comparison measures the engine and not a strawman.
"""
import csv
import sys

ELEMENTS = {
    "access": ["q01", "q02", "q03", "q04"],
    "procedures": ["q05", "q06", "q07", "q08", "q09"],
    "staff": ["q10", "q11", "q12", "q13", "q14"],
    "results": ["q15", "q16", "q17", "q18"],
    "feedback": ["q19", "q20", "q21", "q22"],
}
QUESTIONS = [q for qs in ELEMENTS.values() for q in qs]


def main(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        ucol = header.index("province")
        wcol = header.index("weight") if "weight" in header else None
        qcols = [header.index(q) for q in QUESTIONS]
        nq = len(QUESTIONS)
        units = {}  # province -> [respondents, answered[nq], satisfied[nq]]
        for row in reader:
            if not row:
                continue
            unit = units.get(row[ucol])
            if unit is None:
                unit = units[row[ucol]] = [0, [0.0] * nq, [0.0] * nq]
            w = float(row[wcol]) if wcol is not None else 1.0
            unit[0] += 1
            answered, satisfied = unit[1], unit[2]
            for k, c in enumerate(qcols):
                cell = row[c].strip()
                if not cell:
                    continue
                v = int(cell)
                if v < 1 or v > 5:
                    sys.stderr.write("%s:%d: column '%s': answer %s is outside the scale 1-5\n"
                                     % (path, reader.line_num, QUESTIONS[k], cell))
                    sys.exit(1)
                answered[k] += w
                if v >= 4:
                    satisfied[k] += w
    out = ["province,index,respondents"]
    pos = {q: k for k, q in enumerate(QUESTIONS)}
    for name, (n, answered, satisfied) in units.items():
        elements = []
        for qs in ELEMENTS.values():
            rates = [satisfied[pos[q]] / answered[pos[q]] * 100 for q in qs if answered[pos[q]] > 0]
            if rates:
                elements.append(sum(rates) / len(rates))
        index = sum(elements) / len(elements) if elements else float("nan")
        out.append('"%s",%.6f,%d' % (name, index, n))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: sipas_baseline.py FILE.csv\n")
        sys.exit(2)
    main(sys.argv[1])
