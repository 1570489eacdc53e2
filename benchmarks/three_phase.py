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


def compare(arch, args, row: dict, new: tuple, old: tuple) -> dict:
    """``row`` completed with the times of engine ``new = (column, engine)`` (under
    ``args.limit``) and the baseline ``old`` (under ``args.previous_limit``), Macaulay2's
    ``ker``, the ratios ``old/new`` and ``m2_ker/new``, and whether the two ideals agree."""
    values = {}
    for (column, name), limit in ((new, args.limit), (old, args.previous_limit)):
        t, value = timed(_engine_runner(arch, name), limit, args.repeat)
        row[column] = round(t, 3) if t is not None else _timeout_text(value, limit)
        values[column] = value if t is not None else None
        if t is not None:
            row[f"{column}_cert"] = value.certification
    row.update(m2_ker(arch, args.m2_limit))
    row[f"{old[0]}/{new[0]}"] = _ratio(row[old[0]], _num(row[new[0]]))
    row[f"m2_ker/{new[0]}"] = _ratio(row["m2_ker"], _num(row[new[0]]))
    row["agree"] = _agree(arch, values[new[0]], values[old[0]])
    return row


def cases_of(args, quick, full) -> list:
    """The architectures of ``--case``, else ``quick`` with ``--quick``, else ``full``."""
    cases = [(tuple(map(int, k.split(","))), tuple(map(int, s.split(",")))) for k, s in args.case]
    return [Architecture(k, s) for k, s in cases or (quick if args.quick else full)]


#: small cases on which the compared engines run once before the benchmark (imports before
#: forking)
WARM = [((6, 4), (3, 1)), ((4, 2, 2), (2, 2, 1))]


def run_cases(args, quick, full, warm: list, label: str, row_of, warm_cases=WARM) -> list[dict]:
    """Run the engines ``warm`` (names) once on ``warm_cases`` (imports before forking), then
    ``row_of(arch)`` for each case of :func:`cases_of`, printing each row."""
    from lcnalg.implicit import registry
    from lcnalg.request import Request
    for k, s in warm_cases:
        for name in warm:
            registry.run(Architecture(k, s), Request(name))
    rows = []
    for arch in cases_of(args, quick, full):
        rows.append(row_of(arch))
        print(label, rows[-1], flush=True)
    return rows


def bench(args) -> list[dict]:
    from lcnalg.implicit import registry

    def row_of(arch):
        engine = registry.default_plan(arch).engine
        return compare(arch, args, {"k": arch.k, "s": arch.s, "n": arch.n, "engine": engine},
                       ("structure", engine), ("multigraded", "multigraded"))
    return run_cases(args, QUICK_CASES, CASES, ["subresultant", "multigraded"], "three-phase",
                     row_of)


def markdown(results, title: str, new: str, old: str) -> str:
    """The table of a :func:`compare` benchmark, with the machine, the load and the limits."""
    rows = results["rows"]
    cols = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    load = results["load_at_end"]
    lines = [f"# {title}\n",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average at the end "
             f"{load[0]:g} / {load[1]:g} / {load[2]:g}; limits: {new} {results['limit']:g} "
             f"s, {old} {results['previous_limit']:g} s, M2 `ker` {results['m2_limit']:g} "
             f"s.  Ratios baseline / {new} from the same run (`> r`: the baseline timed "
             "out, a lower bound).  M2 `ker` with every `c_j` of degree `L` (homogeneous "
             "map).\n",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def to_markdown(results) -> str:
    return markdown(results, "Three or more phases without a constant phase: the structure "
                    "engine vs multigraded vs M2 ker", "structure engine", "multigraded")


def bench_main(argv, description: str, bench_fn, markdown_fn, stem: str, quick_help: str,
               example: str, limit_help: str, previous_help: str, previous_limit: float) -> int:
    """The command line shared by the engine-against-baselines benchmarks: parse ``argv``, run
    ``bench_fn(args)``, write ``<out>/<stem>.json`` and ``<out>/<stem>.md``."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help=quick_help)
    p.add_argument("--case", nargs=2, action="append", default=[], metavar=("K", "S"),
                   help=f"only this architecture (repeatable), e.g. --case {example}")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--limit", type=float, default=300.0, help=limit_help)
    p.add_argument("--previous-limit", type=float, default=previous_limit, help=previous_help)
    p.add_argument("--m2-limit", type=float, default=120.0)
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    _sage.init()
    results = {"limit": args.limit, "previous_limit": args.previous_limit,
               "m2_limit": args.m2_limit, "quick": args.quick, "rows": bench_fn(args)}
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    from lcnalg.tables.cache import atomic_write_text
    out = Path(args.out)
    atomic_write_text(out / f"{stem}.json", json.dumps(results, indent=1, default=str))
    atomic_write_text(out / f"{stem}.md", markdown_fn(results))
    print(f"wrote {out / (stem + '.md')}")
    return 0


def main(argv=None) -> int:
    return bench_main(argv, __doc__.splitlines()[0], bench, to_markdown, "three_phase",
                      "the four smallest cases only", "7,7 3,1",
                      "seconds for the structure engine", "multigraded", 400.0)


if __name__ == "__main__":
    sys.exit(main())
