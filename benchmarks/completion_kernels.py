"""Benchmark: the multigraded completion's kernels by the float LU modulo primes below 2^21
(``modp.kernel_rows``, the default from ``multigraded.FLOAT_FROM`` columns on) against flint's
``nullspace`` modulo a prime below 2^31 with its conversion from numpy (the previous method),
in one run: first on random matrices with two planted dependencies, then the completion
itself through a degree, by the float LU and by the previous code (a float rank test of each
piece from 200 columns, then flint's kernel on the pieces without full rank).

    .venv/bin/python benchmarks/completion_kernels.py [--quick] [--repeat 3]

Writes ``benchmarks/completion_kernels.md`` and ``.json``.  Times are the minimum of
``--repeat`` runs in this process (one BLAS thread); ratios are ``flint / float`` (> 1: the
float LU is faster; for the completion, the previous code against the float LU).  ``same``: the same free columns and kernel vectors (matrices; both
modulo the same prime below 2^21) or the same generators (completion).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent

#: (matrix size), (architecture, degree) of the completion
SIZES, QUICK_SIZES = (1000, 2000, 4000), (1000, 2000)
COMPLETIONS = [(((10, 3), (3, 1)), 7), (((7, 3, 2), (2, 2, 1)), 7)]
QUICK_COMPLETIONS = COMPLETIONS[:1]


def _best(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return min(times), value


def matrices(sizes, repeat: int) -> list[dict]:
    from lcnalg.implicit import modp
    from lcnalg.implicit.multigraded import PRIMES, _kernel_rows
    rng = np.random.default_rng(0)
    rows = []
    for n in sizes:
        p = modp.SMALL_PRIME
        a = rng.integers(0, p, (n + 1, n))
        a[:, n // 2] = (a[:, 0] + 3 * a[:, 1]) % p
        a[:, n - 1] = (a[:, :5].sum(axis=1)) % p
        t_float, (free, K) = _best(lambda: modp.kernel_rows(a, p), repeat)
        b = a % PRIMES[0]  # the same integer matrix modulo the previous prime
        t_flint, _ = _best(lambda: _kernel_rows(modp.nmod_matrix(b, PRIMES[0]), n, PRIMES[0]),
                           repeat)
        same_free, same_K = _kernel_rows(modp.nmod_matrix(a, p), n, p)
        rows.append({"case": f"{n + 1} x {n}, nullity 2", "float": round(t_float, 3),
                     "flint": round(t_flint, 3), "flint/float": round(t_flint / t_float, 2),
                     "same": "yes" if free == same_free and np.array_equal(K, same_K) else "NO"})
        print(rows[-1], flush=True)
    return rows


def _previous(c, T, cols):
    """The previous code's piece: a float rank test from 200 columns (certified when full),
    else flint's kernel modulo primes below 2^31 (``FLOAT_FROM`` out of reach)."""
    from lcnalg.implicit import modp
    from lcnalg.implicit import multigraded as mg
    if len(cols) >= 200 and modp.full_column_rank(
            c.points.evaluate(T.combos[cols], len(cols) + 1, modp.SMALL_PRIME).T):
        return []
    old, mg.FLOAT_FROM = mg.FLOAT_FROM, 10 ** 9
    try:
        return mg._Completion._new_generators(c, T, cols)
    finally:
        mg.FLOAT_FROM = old


def completions(cases, repeat: int) -> list[dict]:
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.implicit import multigraded as mg
    mg._preload()
    rows = []
    for (k, s), top in cases:
        arch, out = Architecture(k, s), {}
        for label in ("float", "flint"):
            def run():
                c = mg._Completion(arch, [], 0)
                if label == "flint":
                    c._new_generators = lambda T, cols: _previous(c, T, cols)
                for t in range(2, top + 1):
                    c.degree(t)
                return sorted(str(g) for _, g in c.gens)
            out[label] = _best(run, repeat)
        rows.append({"case": f"{arch} through degree {top}", "float": round(out["float"][0], 2),
                     "flint": round(out["flint"][0], 2),
                     "flint/float": round(out["flint"][0] / out["float"][0], 2),
                     "same": "yes" if out["float"][1] == out["flint"][1] else "NO",
                     "generators": len(out["float"][1])})
        print(rows[-1], flush=True)
    return rows


def to_markdown(results) -> str:
    lines = ["# The completion's kernels: float LU mod p < 2^21 vs flint nullspace mod p < 2^31",
             "", f"Quick run: {results['quick']}; repeat {results['repeat']} (minimum); one BLAS "
             f"thread; load at the end {results['load_at_end']}.", "",
             "Matrices: `flint` is flint's nullspace with its conversion from numpy. Completion: "
             "`flint` is the previous code (a float rank test of each piece from 200 columns, "
             "flint's kernel on the pieces without full rank).", ""]
    lines += table(["case", "float LU (s)", "flint (s)", "flint/float", "same"],
                   ["case", "float", "flint", "flint/float", "same"],
                   results["matrices"] + results["completions"])
    return "\n".join(lines) + "\n"


def table(headers: list, keys: list, rows: list) -> list[str]:
    """A Markdown table: ``headers``, then the values of ``keys`` in each row."""
    return (["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            + ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="two sizes and one completion")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from lcnalg import _sage
    _sage.init()
    results = {"quick": args.quick, "repeat": args.repeat,
               "matrices": matrices(QUICK_SIZES if args.quick else SIZES, args.repeat),
               "completions": completions(QUICK_COMPLETIONS if args.quick else COMPLETIONS,
                                          args.repeat)}
    return write(results, args.out, "completion_kernels", to_markdown)


def write(results: dict, out: str, name: str, to_markdown) -> int:
    """Note the load, write ``out/name.json`` and ``out/name.md`` atomically; 0."""
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    from lcnalg.tables.cache import atomic_write_text
    out = Path(out)
    atomic_write_text(out / f"{name}.json", json.dumps(results, indent=1))
    atomic_write_text(out / f"{name}.md", to_markdown(results))
    print(f"wrote {out / (name + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
