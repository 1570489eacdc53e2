"""Benchmarks: every fast path timed side by side with its baseline, in the same run.

    make bench                       # or: .venv/bin/python benchmarks/run.py [--quick]

Writes ``benchmarks/results.md`` and ``benchmarks/results.json``.  Ratios are
``baseline seconds / fast seconds`` (> 1: the fast path wins).  Each timing is the best of
``--repeat`` runs in a fresh subprocess-free setting (ideal caches are per object, so every
repetition recomputes).  Timings depend on the machine and its load; the ratios are what
to compare.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from lcnalg import _sage
from lcnalg.geometry.architecture import Architecture
from lcnalg.errors import EngineError

HERE = Path(__file__).parent

IDEAL_CASES = [((3, 3), (2, 1)), ((4, 4), (2, 1)), ((4, 4), (3, 1)), ((3, 2, 2), (2, 2, 1)),
               ((2, 2, 2, 2), (2, 2, 2, 1)), ((3, 3, 3), (1, 2, 1)), ((3, 3, 3), (2, 2, 1))]
SINGULAR_CASES = [((3, 2), (2, 1)), ((3, 3), (2, 1)), ((4, 3), (2, 1)), ((3, 2, 2), (2, 2, 1))]
GED_CASES = [(2, 2), (3, 3), (2, 2, 2), (3, 4), (2, 3, 4)]


def best_of(fn, repeat: int, timeout: float):
    """Best wall time of ``repeat`` calls (a failure or timeout is reported, not raised)."""
    best, value = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            value = fn(timeout)
        except (EngineError, ValueError) as e:
            return None, f"{type(e).__name__}: {e}"
        t = time.perf_counter() - start
        best = t if best is None else min(best, t)
    return best, value


def ratio(base, fast):
    return round(base / fast, 2) if base and fast else None


def bench_ideals(repeat, timeout, quick):
    from lcnalg.geometry.neurovariety import Neurovariety
    rows = []
    for k, s in IDEAL_CASES[:4] if quick else IDEAL_CASES:
        arch = Architecture(k, s)
        row = {"k": k, "s": s, "n": arch.n}
        ideals = {}
        # baseline: Sage's plain kernel of the ring map (standard grading, no gap removal)
        from lcnalg.geometry.parameterization import parameterization_map
        from lcnalg.procs import call_with_time_limit
        t, value = best_of(lambda tl: call_with_time_limit(
            lambda: parameterization_map(arch).kernel().ngens(), tl, "plain kernel"), repeat, timeout)
        row["sage_plain"] = round(t, 3) if t is not None else value
        for backend in ("sage", "m2", "interpolation"):
            t, value = best_of(lambda tl, b=backend: Neurovariety(arch).ideal(b, timeout=tl), repeat, timeout)
            row[backend] = round(t, 3) if t is not None else value
            if t is not None:
                ideals[backend] = value
        base = ideals.get("sage")
        row["agree"] = all(I == base for I in ideals.values()) if base is not None else None
        row["sage_plain/sage"] = ratio(row["sage_plain"] if isinstance(row["sage_plain"], float) else None,
                                       row["sage"] if isinstance(row["sage"], float) else None)
        for b in ("m2", "interpolation"):
            row[f"sage/{b}"] = ratio(row["sage"] if isinstance(row["sage"], float) else None,
                                     row[b] if isinstance(row[b], float) else None)
        rows.append(row)
        print("ideal", row, flush=True)
    return rows


def bench_singular(repeat, timeout, quick):
    from lcnalg.geometry.singular_locus import singular_locus
    rows = []
    for k, s in SINGULAR_CASES[:2] if quick else SINGULAR_CASES:
        arch = Architecture(k, s)
        row = {"k": k, "s": s}
        for method in ("theorem", "jacobian", "m2"):
            t, value = best_of(lambda tl, m=method: singular_locus(arch, method=m, timeout=tl, compare=False),
                               repeat, timeout)
            row[method] = round(t, 3) if t is not None else value
        for m in ("jacobian", "m2"):
            row[f"{m}/theorem"] = ratio(row[m] if isinstance(row[m], float) else None,
                                        row["theorem"] if isinstance(row["theorem"], float) else None)
        rows.append(row)
        print("singular", row, flush=True)
    return rows


def bench_ged(repeat, timeout, quick):
    from lcnalg.training.eddegree import ged_degree
    rows = []
    try:
        from lcnalg.implicit.m2 import run_script
    except ImportError:
        run_script = None
    for k in GED_CASES[:3] if quick else GED_CASES:
        row = {"k": k}
        t, value = best_of(lambda tl: ged_degree(k), repeat, timeout)
        row["formula"], row["value"] = t, value
        if run_script is not None and len(k) <= 3 and sum(k) <= 8:
            t2, v2 = best_of(lambda tl: run_script("ed_degree.m2", [",".join(map(str, k))], timeout=tl),
                             1, timeout)
            row["m2_edDeg"] = round(t2, 3) if t2 is not None else v2
            row["m2/formula"] = ratio(t2, t)
        rows.append(row)
        print("ged", row, flush=True)
    return rows


def to_markdown(results) -> str:
    lines = [f"# Benchmarks\n\nMachine: {platform.machine()}, Python {platform.python_version()}; "
             f"best of {results['repeat']}, timeout {results['timeout']} s per call.  "
             "Ratios are baseline time / fast time (> 1: faster than the baseline).\n"]
    for title, key in [("Vanishing ideal: plain Sage kernel (baseline) vs our weighted, gap-free Sage elimination vs M2 vs interpolation", "ideals"),
                       ("Singular locus: theorem (fast) vs Jacobian criterion vs M2 singularLocus", "singular"),
                       ("Generic ED degree: Chern-class formula vs M2 ToricInvariants", "ged")]:
        rows = results[key]
        if not rows:
            continue
        cols = list(rows[0])
        for r in rows:
            cols += [c for c in r if c not in cols]
        lines += [f"## {title}\n", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for r in rows:
            lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--quick", action="store_true", help="a few small cases only")
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    _sage.init()
    results = {"repeat": args.repeat, "timeout": args.timeout,
               "ideals": bench_ideals(args.repeat, args.timeout, args.quick),
               "singular": bench_singular(args.repeat, args.timeout, args.quick),
               "ged": bench_ged(args.repeat, args.timeout, args.quick)}
    out = Path(args.out)
    from lcnalg.tables.cache import atomic_write_text
    atomic_write_text(out / "results.json", json.dumps(results, indent=1, default=str))
    atomic_write_text(out / "results.md", to_markdown(results))
    print(f"wrote {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
