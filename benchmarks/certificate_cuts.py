"""Benchmark: the chart certificate with cuts (``J`` cut by variables regular modulo it before
the Hilbert-driven basis of ``J + g``) against the same certificate without them (the previous
method), in one run, on the completion's generators.  The cuts are forced on every case here;
the default makes them only when ``deg g >= chartcert.CUT_FROM``, which this table is for.

    .venv/bin/python benchmarks/certificate_cuts.py [--quick]

Writes ``benchmarks/certificate_cuts.md`` and ``.json``.  ``J`` is the multigraded
completion's answer (minimal generators of ``I(V)``; the certificate is what proves it), so
both runs certify the same ``J``; times are :func:`chartcert.certify` alone, one run each in
this process, the chart built once outside the timing.  Ratio ``without / with`` (> 1: the
cuts are faster); ``same``: both certified, with the same Hilbert numerator.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

CASES = [((4, 4, 4), (2, 3, 1)), ((5, 3, 4), (2, 2, 1)), ((4, 4, 4), (2, 2, 1)),
         ((7, 3, 2), (2, 2, 1))]
QUICK_CASES = CASES[:2]


def bench(cases) -> list[dict]:
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.implicit import chartcert, multigraded
    rows = []
    for k, s in cases:
        arch = Architecture(k, s)
        gens = [str(f) for f in multigraded.complete(arch).gens]
        chart = chartcert.best_chart(arch)
        out = {}
        for label, bound in (("with cuts", 0), ("without", 10 ** 9)):
            old, chartcert.CUT_FROM = chartcert.CUT_FROM, bound
            try:
                t = time.perf_counter()
                cert = chartcert.certify(arch, gens, 0, chart)
                out[label] = (time.perf_counter() - t, cert)
            finally:
                chartcert.CUT_FROM = old
        a, b = out["with cuts"], out["without"]
        rows.append({"case": str(arch), "chart": chart.engine, "delta": chart.delta,
                     "generators": len(gens), "with cuts": round(a[0], 2),
                     "without": round(b[0], 2), "without/with": round(b[0] / a[0], 2),
                     "same": "yes" if a[1].ok and b[1].ok and a[1].numerator == b[1].numerator
                     else "NO"})
        print(rows[-1], flush=True)
    return rows


def to_markdown(results) -> str:
    lines = ["# The chart certificate with and without cuts by regular variables", "",
             f"Quick run: {results['quick']}; one run each; one BLAS thread; load at the end "
             f"{results['load_at_end']}.", ""]
    from completion_kernels import table
    keys = ["case", "chart", "delta", "generators", "with cuts", "without", "without/with", "same"]
    lines += table(["case", "chart", "deg g", "generators", "with cuts (s)", "without (s)",
                    "without/with", "same"], keys, results["rows"])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the two smaller cases")
    p.add_argument("--out", default=str(HERE))
    args = p.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from lcnalg import _sage
    _sage.init()
    from completion_kernels import write
    return write({"quick": args.quick, "rows": bench(QUICK_CASES if args.quick else CASES)},
                 args.out, "certificate_cuts", to_markdown)


if __name__ == "__main__":
    sys.exit(main())
