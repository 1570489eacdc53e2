"""Benchmark: the multigraded completion certified by the chart certificate
(``lcnalg/implicit/chartcert.py``) against the chart engine's own saturation (the pivot,
subresultant or last-layer chart the certificate uses: the certified route before it) and
Macaulay2's ``ker`` with the homogeneous grading (every ``c_j`` of degree ``L``:
benchmarks/ker.m2), in one run.

    .venv/bin/python benchmarks/chart_certificate.py [--quick] [--case 5,3,4 2,2,1 ...]

Writes ``benchmarks/chart_certificate.md`` and ``.json``.  Each computation runs in a forked
child (lcnalg engines) or a subprocess (M2) under its own limit, one at a time; the engines'
times are their own computation, M2's is its timing of ``ker`` alone.  Ratios are
``baseline / completion`` (> 1: the certified completion is faster); ``> r``: the baseline
timed out at its limit and ``r`` is a lower bound.  ``completion_cert`` is the completion's
label (before the chart certificate it was ``checked`` on the default-catalogue cases here:
``benchmarks/three_phase.md``); ``agree``: the two ideals compared as ideals (Gröbner bases,
120 s), when both finished.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from three_phase import bench_main, compare, markdown, run_cases  # noqa: E402


#: default-catalogue three-layer cases without a constant phase, then large-catalogue cases
#: whose chart saturation did not finish in 320 s
CASES = [((4, 3, 4), (2, 3, 1)), ((4, 4, 4), (2, 3, 1)), ((4, 4, 4), (2, 2, 1)),
         ((5, 3, 4), (2, 2, 1)), ((5, 4, 3), (2, 2, 1)), ((4, 4, 3, 2), (2, 2, 2, 1))]
QUICK_CASES = CASES[:2]  # about a minute


def bench(args) -> list[dict]:
    from lcnalg.implicit import chartcert

    def row_of(arch):
        chart = chartcert.best_chart(arch).engine
        return compare(arch, args, {"k": arch.k, "s": arch.s, "n": arch.n, "chart_engine": chart},
                       ("completion", "multigraded"), ("chart", chart))
    return run_cases(args, QUICK_CASES, CASES, ["subresultant", "multigraded"],
                     "chart certificate", row_of)


def to_markdown(results) -> str:
    return markdown(results, "The completion certified by the chart certificate vs the chart's "
                    "own saturation vs M2 ker", "completion", "chart saturation")


def main(argv=None) -> int:
    return bench_main(argv, __doc__.splitlines()[0], bench, to_markdown, "chart_certificate",
                      "the two default-catalogue cases only", "5,3,4 2,2,1",
                      "seconds for the certified completion", "the chart's saturation", 300.0)


if __name__ == "__main__":
    sys.exit(main())
