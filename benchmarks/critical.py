"""Benchmark: complex critical point counts, msolve binary vs Singular ``std`` + ``vdim`` vs
Sage (msolve F4 through Sage, then multiplication matrices by Sage reduction) vs numerical
monodromy (Macaulay2 MonodromySolver, :mod:`lcnalg.training.monodromy`), same run,
same systems (seed 0), with ratios ``baseline seconds / msolve seconds``.

    .venv/bin/python benchmarks/critical.py [--quick] [--timeout 120]

Writes ``benchmarks/critical.md`` and ``benchmarks/critical.json``.  Each count is checked
against gEDdeg (Shahverdi's theorem).  Timings depend on the load; compare the ratios.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lcnalg.errors import EngineError
from lcnalg.geometry.architecture import Architecture
from lcnalg.training.critical import count_complex
from lcnalg.training.eddegree import ged_degree

HERE = Path(__file__).parent
CASES = [((2, 2, 2), (2, 2, 1)), ((3, 3), (2, 1)), ((2, 2, 3), (2, 2, 1)), ((4, 4), (2, 1)),
         ((2, 3, 3), (2, 2, 1)), ((2, 3, 4), (2, 2, 1)), ((3, 3, 3), (2, 2, 1))]
#: ``make bench``: through gEDdeg 1226 (the baselines capped at 60 s; about 7 minutes)
QUICK = CASES[:6]
METHODS = ("msolve", "singular", "sage", "monodromy")


def _count(arch, m, timeout):
    if m == "monodromy":
        from lcnalg.training.monodromy import monodromy_count
        return monodromy_count(arch, seed=0, timeout=timeout)["count"]
    return count_complex(arch, seed=0, timeout=timeout, method=m, images=False,
                         distinct=False).complex


def run(cases, timeout: float, monodromy_max: int = 200) -> list[dict]:
    """Counts by every method; monodromy only where gEDdeg <= ``monodromy_max`` (it is
    78x-244x slower than msolve from gEDdeg 6 to 39)."""
    for m in METHODS:  # warm up: imports and the first msolve call are not timed
        _count(Architecture((2, 2), (2, 1)), m, timeout)
    rows = []
    for k, s in cases:
        arch = Architecture(k, s)
        row = {"k": list(k), "s": list(s), "ged_degree": ged_degree(k)}
        for m in METHODS:
            if m == "monodromy" and row["ged_degree"] > monodromy_max:
                row[m], row[m + "_count"] = None, f"skipped: gEDdeg > {monodromy_max}"
                continue
            start = time.perf_counter()
            try:
                c = _count(arch, m, timeout)
                row[m] = round(time.perf_counter() - start, 3)
                row[m + "_count"] = c
            except EngineError as e:
                row[m], row[m + "_count"] = None, f"{type(e).__name__}: {e}"[:80]
        for m in METHODS[1:]:
            row[f"{m}/msolve"] = (round(row[m] / row["msolve"], 1)
                                  if row[m] and row["msolve"] else None)
        row["agrees"] = all(row[m + "_count"] == row["ged_degree"] for m in METHODS
                            if row[m] is not None)
        rows.append(row)
        print(row, flush=True)
    return rows


def write(rows, timeout):
    (HERE / "critical.json").write_text(json.dumps(rows, indent=1) + "\n")
    lines = ["# Complex critical point counts: msolve vs Singular std vs Sage vs monodromy", "",
             f"Seed 0, per-method limit {timeout:g} s (`-` = over the limit, `skipped` = not "
             "run: monodromy only up to the gEDdeg in the JSON). Ratios: baseline seconds / "
             "msolve seconds.", "",
             "| k | s | gEDdeg | msolve s | Singular std s | Sage s | monodromy s | std/msolve | "
             "Sage/msolve | monodromy/msolve | counts = gEDdeg |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    f = lambda x: "-" if x is None else f"{x:g}"  # noqa: E731

    def seconds(r, m):
        if r.get(m) is None and str(r.get(m + "_count", "")).startswith("skipped"):
            return "skipped"
        return f(r.get(m))

    def ratio(r, m):  # a timed-out baseline gives a lower bound
        if r[f"{m}/msolve"] is not None:
            return f"{r[f'{m}/msolve']:g}"
        if r["msolve"] and "Timeout" in str(r[m + "_count"]):
            return f"> {timeout / r['msolve']:.0f}"
        return "skipped" if seconds(r, m) == "skipped" else "-"
    for r in rows:
        lines.append(f"| {tuple(r['k'])} | {tuple(r['s'])} | {r['ged_degree']} | {f(r['msolve'])} | "
                     f"{seconds(r, 'singular')} | {seconds(r, 'sage')} | {seconds(r, 'monodromy')} | "
                     f"{ratio(r, 'singular')} | {ratio(r, 'sage')} | "
                     f"{ratio(r, 'monodromy') if 'monodromy' in r else '-'} | {r['agrees']} |")
    (HERE / "critical.md").write_text("\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per method (default 60 with --quick, else 120)")
    ap.add_argument("--rewrite", action="store_true", help="only rewrite critical.md from critical.json")
    a = ap.parse_args(argv)
    if a.rewrite:
        a.timeout = a.timeout or 120.0
        return write(json.loads((HERE / "critical.json").read_text()), a.timeout)
    a.timeout = a.timeout or (60.0 if a.quick else 120.0)
    rows = run(QUICK if a.quick else CASES, a.timeout, 40 if a.quick else 200)
    write(rows, a.timeout)


if __name__ == "__main__":
    main()
