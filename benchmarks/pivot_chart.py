"""Benchmark: the pivot chart's two expensive steps, each against its previous method, in one
run — the Gröbner basis of ``J`` at ``f = 1`` (Singular ``slimgb``, ``std``, and the race of
:func:`lcnalg.implicit.pivot.chart_basis`) and the minimal generators of ``I(V)`` from that
basis (Singular ``minbase`` and the previous truncation by ``std`` against
:func:`lcnalg.polynomials.minimal_from_basis`, which truncates by ``slimgb``).

    .venv/bin/python benchmarks/pivot_chart.py [--quick] [--limit 400] [--case 4,7,3 3,3,1 ...]

Writes ``benchmarks/pivot_chart.md`` and ``.json``.  Every step runs in a forked child under
its own limit, one at a time (the race uses two processes after ``pivot.STD_DELAY`` s).
Ratios are ``previous / new`` (> 1: the new method is faster; ``> r``: the previous one timed
out and ``r`` is a lower bound).  ``same``: both minimal generating sets have the same number of
generators in each degree and generate the same ideal (Gröbner bases compared).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from run import _ratio  # noqa: E402

from lcnalg import _sage  # noqa: E402
from lcnalg.errors import EngineError  # noqa: E402
from lcnalg.geometry.architecture import Architecture  # noqa: E402

#: pivot charts where slimgb is the faster (first two) and where std is (last two)
CASES = [((4, 4, 4), (3, 3, 1)), ((3, 3, 4, 3), (2, 2, 2, 1)), ((3, 3, 3, 4), (2, 2, 2, 1)),
         ((4, 7, 3), (3, 3, 1)), ((4, 6, 4), (3, 2, 1)), ((4, 4, 6), (3, 3, 1))]
QUICK_CASES = CASES[:1]


def chart(arch):
    """The ring ``R`` (``f`` last), ``J`` at ``f = 1`` in ``R1``, and the map ``R1 -> R``."""
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from lcnalg.implicit import pivot
    red = arch.reduced()
    up = pivot.upper_result(Architecture(red.k[1:], red.s[1:]), 0)
    n, (_, j) = red.n, pivot.pivot(arch)
    names = [f"c{i}" for i in range(n) if i != j] + [f"c{j}"]
    R = PolynomialRing(QQ, names, order="degrevlex")
    R1 = PolynomialRing(QQ, names[:-1], order="degrevlex")
    at_one = R.hom(list(R1.gens()) + [R1.one()], R1)
    return R, R1.ideal([at_one(g) for g in pivot.equations(arch, up.gens, R)])


def timed_child(fn, limit, what):
    """``(seconds, value)`` of ``fn()`` in a forked child, ``(> limit, None)`` on timeout."""
    from lcnalg.procs import call_with_time_limit

    def run():
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value
    try:
        seconds, value = call_with_time_limit(run, limit, what)
        return round(seconds, 2), value
    except EngineError as e:
        return (f"> {limit:g}" if "timed out" in str(e) else str(e)[:80]), None


def bench(args) -> list[dict]:
    from sage.libs.singular.function import singular_function
    from lcnalg.implicit import pivot
    from lcnalg.polynomials import from_terms, minimal_from_basis, to_terms
    rows = []
    for k, s in args.cases:
        arch = Architecture(k, s)
        R, ideal = chart(arch)
        row = {"k": str(k), "s": str(s), "n": arch.n}
        basis = None
        for name, fn in [("slimgb", lambda: singular_function("slimgb")(ideal)),
                         ("std", lambda: singular_function("std")(ideal)),
                         ("race", lambda: pivot.chart_basis(ideal, True, str(arch)))]:
            t, gb = timed_child(lambda: [to_terms(g) for g in fn()], args.limit, f"{name} {arch}")
            row[name] = t
            if gb is not None:
                basis = basis or gb
        row["basis"] = len(basis) if basis else None
        row["slimgb/race"] = _ratio(row["slimgb"], row["race"])
        row["std/race"] = _ratio(row["std"], row["race"])
        if basis:
            lift = ideal.ring().hom(list(R.gens()[:-1]), R)
            G = [lift(from_terms(ideal.ring(), g)).homogenize(R.ngens() - 1) for g in basis]
            t1, old = timed_child(lambda: [to_terms(g) for g in singular_function("minbase")(R.ideal(G))],
                                  args.limit, f"minbase {arch}")
            t3, prev = timed_child(lambda: [to_terms(g) for g in minimal_from_basis(G, "std")],
                                   args.limit, f"minimal_from_basis by std {arch}")
            t2, new = timed_child(lambda: [to_terms(g) for g in minimal_from_basis(G)],
                                  args.limit, f"minimal_from_basis {arch}")
            row.update({"minbase": t1, "by std": t3, "minimal_from_basis": t2,
                        "minbase/new": _ratio(t1, t2), "std/new": _ratio(t3, t2),
                        "generators": len(new) if new else None})
            if prev and new and sorted(prev) != sorted(new):
                row["same"] = "NO (std truncation)"
            elif old and new:
                A, B = ([from_terms(R, g) for g in x] for x in (old, new))
                deg = lambda L: sorted(g.degree() for g in L)  # noqa: E731
                same = deg(A) == deg(B) and (list(singular_function("std")(R.ideal(A)))
                                             == list(singular_function("std")(R.ideal(B))))
                row["same"] = "yes" if same else "NO"
        print(row, flush=True)
        rows.append(row)
    return rows


def write(rows, args):
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    cols = ["k", "s", "n", "slimgb", "std", "race", "slimgb/race", "std/race", "basis",
            "minbase", "by std", "minimal_from_basis", "minbase/new", "std/new", "generators", "same"]
    lines = ["# Pivot chart: Gröbner basis (slimgb, std, their race) and minimal generators "
             "(minbase vs minimal_from_basis)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average at the end "
             f"{load}; limit {args.limit:g} s per step{'; --quick: the first case only' if args.quick else ''}.  "
             "Seconds; ratios previous / new.  `by std`: `minimal_from_basis` truncating by "
             "`std` (the previous method) instead of `slimgb`.", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in cols) + " |")
    out = HERE / "pivot_chart"
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(json.dumps(rows, indent=1))
    print("wrote", out.with_suffix(".md"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--limit", type=float, default=400)
    p.add_argument("--case", nargs=2, action="append", metavar=("K", "S"))
    args = p.parse_args()
    _sage.init()
    if args.case:
        args.cases = [(tuple(map(int, k.split(","))), tuple(map(int, s.split(",")))) for k, s in args.case]
    else:
        args.cases = QUICK_CASES if args.quick else CASES
    write(bench(args), args)


if __name__ == "__main__":
    main()
