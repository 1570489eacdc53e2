"""Benchmark: architectures without a constant phase of ``w_1`` (``k_1 >= 2 s_1`` after
reduction), and the issue's ``(4,4,4),(3,2,1)`` — the structure engine the default chooses
(``engine``: the subresultant chart, its last-layer version, or the pivot phase) against the previous engine for them
(the multigraded completion) and Macaulay2's ``ker`` with the homogeneous grading (every
``c_j`` of degree ``L``: benchmarks/ker.m2), in one run.

    .venv/bin/python benchmarks/three_phase.py [--quick] [--case 7,7 3,1 ...]

Writes ``benchmarks/three_phase.md`` and ``benchmarks/three_phase.json``.  Each computation
runs in a forked child (lcnalg engines) or a subprocess (M2) under its own limit, one at a
time; the engines' times are their own computation, M2's is its timing of ``ker`` alone.
Ratios are ``baseline / structure`` (> 1: the structure engine is faster); ``> r``: the
baseline timed out at its limit and ``r`` is a lower bound.  ``agree``: the two lcnalg ideals
compared as ideals (Gröbner bases, 120 s), when both finished.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from run import _engine_runner, _num, _ratio, _timeout_text, m2_ker, timed  # noqa: E402

from lcnalg import _sage  # noqa: E402
from lcnalg.errors import EngineError  # noqa: E402
from lcnalg.geometry.architecture import Architecture  # noqa: E402

#: the issue's cases (three phases, or two phases under an upper layer), small first
CASES = [((7, 3), (3, 1)), ((6, 4), (3, 1)), ((5, 2, 2), (2, 3, 1)), ((6, 6), (3, 1)),
         ((7, 7), (3, 1)), ((4, 4, 2), (2, 2, 1)), ((4, 3, 4), (2, 3, 1)),
         ((4, 4, 4), (2, 2, 1)), ((4, 4, 4), (2, 3, 1)), ((4, 4, 4), (3, 2, 1)),
         ((6, 2, 2), (2, 2, 1)), ((7, 2, 2), (2, 2, 1))]
QUICK_CASES = CASES[:4]  # about a minute; (7,7),(3,1) alone takes minutes (multigraded)


def _agree(arch, a, b) -> str:
    from lcnalg.geometry.parameterization import coordinate_ring
    from lcnalg.procs import call_with_time_limit
    if a is None or b is None or a.gens is None or b.gens is None:
        return "not compared"
    C = coordinate_ring(arch)
    try:
        same = call_with_time_limit(
            lambda: C.ideal([C(g) for g in a.gens] or [C.zero()])
            == C.ideal([C(g) for g in b.gens] or [C.zero()]), 120, "comparison")
    except EngineError:
        return "not compared (120 s)"
    return "yes" if same else "NO"


def bench(args) -> list[dict]:
    from lcnalg.implicit import registry
    from lcnalg.request import Request
    for k, s in [((6, 4), (3, 1)), ((4, 2, 2), (2, 2, 1))]:  # imports before forking
        registry.run(Architecture(k, s), Request("subresultant"))
        registry.run(Architecture(k, s), Request("multigraded"))
    rows = []
    cases = [(tuple(map(int, k.split(","))), tuple(map(int, s.split(",")))) for k, s in args.case]
    for k, s in cases or (QUICK_CASES if args.quick else CASES):
        arch = Architecture(k, s)
        engine = registry.default_plan(arch).engine
        row = {"k": k, "s": s, "n": arch.n, "engine": engine}
        values = {}
        for column, name, limit in (("structure", engine, args.limit),
                                    ("multigraded", "multigraded", args.previous_limit)):
            t, value = timed(_engine_runner(arch, name), limit, args.repeat)
            row[column] = round(t, 3) if t is not None else _timeout_text(value, limit)
            values[column] = value if t is not None else None
            if t is not None:
                row[f"{column}_cert"] = value.certification
        row.update(m2_ker(arch, args.m2_limit))
        row["multigraded/structure"] = _ratio(row["multigraded"], _num(row["structure"]))
        row["m2_ker/structure"] = _ratio(row["m2_ker"], _num(row["structure"]))
        row["agree"] = _agree(arch, values["structure"], values["multigraded"])
        rows.append(row)
        print("three-phase", row, flush=True)
    return rows


def to_markdown(results) -> str:
    rows = results["rows"]
    cols = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    load = results["load_at_end"]
    lines = ["# Three or more phases without a constant phase: the structure engine vs "
             "multigraded vs M2 ker\n",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average at the end "
             f"{load[0]:g} / {load[1]:g} / {load[2]:g}; limits: structure engine {results['limit']:g} "
             f"s, multigraded {results['previous_limit']:g} s, M2 `ker` {results['m2_limit']:g} "
             "s.  Ratios baseline / structure engine from the same run (`> r`: the baseline timed "
             "out, a lower bound).  M2 `ker` with every `c_j` of degree `L` (homogeneous "
             "map).\n",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the four smallest cases only")
    p.add_argument("--case", nargs=2, action="append", default=[], metavar=("K", "S"),
                   help="only this architecture (repeatable), e.g. --case 7,7 3,1")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--limit", type=float, default=300.0, help="seconds for the structure engine")
    p.add_argument("--previous-limit", type=float, default=400.0, help="multigraded")
    p.add_argument("--m2-limit", type=float, default=120.0)
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    _sage.init()
    results = {"limit": args.limit, "previous_limit": args.previous_limit,
               "m2_limit": args.m2_limit, "quick": args.quick, "rows": bench(args)}
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    from lcnalg.tables.cache import atomic_write_text
    out = Path(args.out)
    atomic_write_text(out / "three_phase.json", json.dumps(results, indent=1, default=str))
    atomic_write_text(out / "three_phase.md", to_markdown(results))
    print(f"wrote {out / 'three_phase.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
