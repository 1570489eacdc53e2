"""How far real quantifier elimination (QEPCAD B) goes on M_{k,s}: the not-closed architectures
of the default catalogue with two layers (all ten) and with three layers up to n = MAX_N, by
increasing n, each in a subprocess killed after SECONDS (one run on the disjunction of the gauges,
then, if that fails, one run per gauge within SECONDS), its answer
compared with the structure route on points of V and with exact membership on points of V and
random rational points off V.  Writes benchmarks/semialgebraic_qe.md.

    .venv/bin/python benchmarks/semialgebraic_qe.py [SECONDS] [MAX_N]     (defaults 120, 6)
"""
import os
import sys
import time

import numpy as np

from lcnalg.geometry.function_space import FunctionSpace
from lcnalg.geometry.semialgebraic import compare_formulas, qe_formula, sample_points, structure_formula
from lcnalg.geometry.zariski import criterion
from lcnalg.tables.catalogue import catalogue


def off_V_points(arch, count, seed=0):
    rng = np.random.default_rng(seed)
    return [[int(x) for x in rng.integers(-3, 4, size=arch.n)] for _ in range(count)]


def main(seconds=120.0, max_n=6):
    archs = sorted((a for a in catalogue("default") if not criterion(a)[0] and (a.L <= 2 or a.n <= max_n)),
                   key=lambda a: (a.n, a.L, a.k, a.s))
    rows = []
    for a in archs:
        r = qe_formula(a, seconds)
        note = ""
        if r.formula is None:  # one QEPCAD run per gauge instead
            note = "joint: " + " ".join((r.error or "no answer").split())[:80] + "; split: "
            r = qe_formula(a, seconds, split=True)
        row = {"arch": a.label, "n": a.n, "gauges": r.gauges, "seconds": round(r.seconds, 2)}
        if r.formula is None:
            row["result"] = " ".join((r.error or "no answer").split())[:160]
        else:
            f = structure_formula(a)[0]
            cmp = compare_formulas(a, f, r.formula, 200)
            M = FunctionSpace(a)
            off = off_V_points(a, 200)
            bad = sum(r.formula.holds(P) != M.contains(P, method="periodic", filters=False).member
                      for P in off + sample_points(a, 200, seed=1))
            row["result"] = (f"{len(r.formula.atoms())} atoms; vs structure on 200 points of V: "
                             f"{cmp['disagree']} disagree; vs exact membership on 400 points: {bad} disagree")
        row["result"] = note + row["result"]
        rows.append(row)
        print(row, flush=True)
    with open(os.path.join(os.path.dirname(__file__), "semialgebraic_qe.md"), "w") as fh:
        fh.write(f"# QEPCAD B on M_(k,s): not-closed default-catalogue entries, L = 2 or n <= {max_n}\n\n"
                 f"Limit {seconds:g} s each (forked, killed on expiry); load {os.getloadavg()[0]:.2f} "
                 f"at the end; {time.strftime('%Y-%m-%d')}.\n\n"
                 "| architecture | n | gauges | seconds | result |\n|---|---|---|---|---|\n")
        for row in rows:
            fh.write(f"| {row['arch']} | {row['n']} | {row['gauges']} | {row['seconds']} | {row['result']} |\n")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 120.0, int(sys.argv[2]) if len(sys.argv) > 2 else 6)
