"""Estimate the time of ``lcnalg tables --catalogue large --only neurovarieties`` from a random
sample of its architectures, without running all of them.

    .venv/bin/python benchmarks/large_sample.py [--size 30] [--seed 0]

The sample (``random.Random(seed).sample``) runs as the table runs it (default engine plus
the Sage and Macaulay2 cross-checks, the table's time limits, one job, a fresh cache in a
temporary directory); prints the sample's wall time, the statuses and certifications, and
the estimate ``wall / size * 2535 / jobs`` for the whole catalogue (``--jobs`` of the real run;
an estimate, not a measurement: the large entries dominate and a sample of 30 may miss them).
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=2, help="jobs of the real run (the estimate)")
    args = p.parse_args(argv)
    from lcnalg import _sage
    from lcnalg.tables.catalogue import catalogue
    from lcnalg.tables.make import run_tables
    _sage.init()
    archs = catalogue("large")
    sample = random.Random(args.seed).sample(archs, args.size)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = run_tables(sample, only="neurovarieties", out=out, jobs=1, progress=False,
                            figures=False)
    wall = time.perf_counter() - start
    rows = result["neurovarieties"]["rows"]
    print(f"sample of {args.size} (seed {args.seed}) of {len(archs)}: {wall:.0f} s")
    print("status:", dict(collections.Counter(r["status"] for r in rows)))
    print("certification:", dict(collections.Counter(r.get("certification") for r in rows)))
    print("engine:", dict(collections.Counter(r.get("engine") for r in rows)))
    slow = sorted(rows, key=lambda r: -float(r.get("seconds_default") or 0))[:5]
    print("slowest (default engine):", [(r["k"], r["s"], r.get("seconds_default"),
                                          r.get("engine"), r.get("certification")) for r in slow])
    print(f"estimate for the catalogue: {wall / args.size * len(archs) / args.jobs / 3600:.1f} h "
          f"with --jobs {args.jobs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
