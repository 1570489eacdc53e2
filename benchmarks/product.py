"""Benchmark: the Segre-product engine (``product``: the lower layers' filter inside one period
of a layer) against the engine that was the default for these architectures before it (the
pivot phase, one saturation) and Macaulay2's ``ker`` with the homogeneous grading (every
``c_j`` of degree ``L``: benchmarks/ker.m2), in one run.

    .venv/bin/python benchmarks/product.py [--quick] [--case 3,4,4,4 3,3,3,1 ...]

Writes ``benchmarks/product.md`` and ``benchmarks/product.json``.  Each computation runs in a
forked child (lcnalg engines) or a subprocess (M2) under its own limit, one at a time; the
engines' times are their own computation, M2's is its timing of ``ker`` alone.  Ratios are
``baseline / product`` (> 1: the product engine is faster); ``> r``: the baseline timed out at
its limit and ``r`` is a lower bound.  ``agree``: the two lcnalg ideals compared as ideals
(Gröbner bases, 120 s), when both finished.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from three_phase import bench_main, compare, markdown, run_cases  # noqa: E402


#: default-catalogue cases (the largest where the product engine is the default), then
#: large-catalogue four-layer cases where the pivot saturation did not finish in 320-480 s
CASES = [((3, 4, 3), (3, 3, 1)), ((2, 4, 4), (3, 3, 1)), ((3, 4, 4), (3, 3, 1)),
         ((4, 2, 4, 3), (2, 3, 2, 1)), ((3, 4, 3, 3), (3, 2, 3, 1)), ((3, 3, 4, 3), (3, 3, 3, 1)),
         ((3, 4, 4, 4), (3, 3, 3, 1))]
QUICK_CASES = CASES[:3]  # under a minute


def bench(args) -> list[dict]:
    from lcnalg.implicit import registry

    def row_of(arch):
        before = registry.default_plan(arch, after="product").engine
        return compare(arch, args, {"k": arch.k, "s": arch.s, "n": arch.n, "before": before},
                       ("product", "product"), ("previous", before))
    return run_cases(args, QUICK_CASES, CASES, ["product", "pivot"], "product", row_of,
                     [((2, 3, 3), (2, 2, 1))])


def to_markdown(results) -> str:
    return markdown(results, "The Segre-product engine vs the previous default (pivot or subresultant) vs M2 ker",
                    "product engine", "previous engine")


def main(argv=None) -> int:
    return bench_main(argv, __doc__.splitlines()[0], bench, to_markdown, "product",
                      "the three default-catalogue cases only", "3,4,4,4 3,3,3,1",
                      "seconds for the product engine", "the previous engine", 300.0)


if __name__ == "__main__":
    sys.exit(main())
