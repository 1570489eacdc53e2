"""Estimate the time of ``lcnalg tables --catalogue large --only neurovarieties`` from a random
sample of its architectures, without running all of them.

    .venv/bin/python benchmarks/large_sample.py [--size 20] [--seed 0] [--jobs 2]

The sample (``random.Random(seed).sample``) runs as the table runs it (the default engine's
entry per reduced architecture, deg mu per non-reduced one, the Sage and Macaulay2 cross-checks
up to the large catalogue's bound on ``n``, the table's time limits, one job, a fresh cache in
a temporary directory).  The estimate for the whole catalogue adds, for each sampled
architecture, its entries' seconds (a timeout counts its limit), the default entry divided by
the number of catalogue architectures with the same reduced architecture (the table computes it
once for all of them), and scales by ``2535 / size / jobs``: an unbiased estimate of the total,
not a measurement (the large entries dominate, and a sample of 20 may miss them; the real run
also skips entries dominated by a timeout, which this ignores).
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
    p.add_argument("--size", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=2, help="jobs of the real run (the estimate)")
    args = p.parse_args(argv)
    from lcnalg import _sage
    from lcnalg.tables.cache import Cache, EntryKey
    from lcnalg.tables.catalogue import catalogue
    from lcnalg.tables.make import run_tables
    from lcnalg.tables.neurovarieties import (BACKENDS, CROSS_CHECK_MAX_N_LARGE, _cross_checked,
                                              _default_key)
    _sage.init()
    archs = catalogue("large")
    shared = collections.Counter(a.reduced() for a in archs)
    sample = random.Random(args.seed).sample(archs, args.size)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = run_tables(sample, only="neurovarieties", out=out, jobs=1, progress=False,
                            figures=False, params={"cross_check_max_n": CROSS_CHECK_MAX_N_LARGE})
        cache = Cache(f"{out}/.cache")
        cost, parts = [], collections.Counter()
        for a in sample:
            keys = {"deg_mu": EntryKey(a, "neurovarieties", "deg_mu")}
            keys.update({b: _default_key(a) if b == "default" else EntryKey(a, "neurovarieties", b)
                         for b in BACKENDS if _cross_checked(a, b, CROSS_CHECK_MAX_N_LARGE)})
            c = 0.0
            for part, key in keys.items():
                rec = cache.get(key)
                if rec is None:
                    continue
                s = float(rec.get("seconds") or 0.0) / (shared[a.reduced()] if part == "default" else 1)
                parts[part] += s
                c += s
            cost.append(c)
    wall = time.perf_counter() - start
    rows = result["neurovarieties"]["rows"]
    total = sum(cost) * len(archs) / args.size
    print(f"sample of {args.size} (seed {args.seed}) of {len(archs)}: {wall:.0f} s wall")
    print("status:", dict(collections.Counter(r["status"] for r in rows)))
    print("certification:", dict(collections.Counter(r.get("certification") for r in rows)))
    print("engine:", dict(collections.Counter(r.get("engine") for r in rows)))
    print("seconds by part (default shared by its reduced architecture):",
          {k: round(v, 1) for k, v in parts.items()})
    slow = sorted(rows, key=lambda r: -float(r.get("seconds_default") or 0))[:5]
    print("slowest (default engine):", [(r["k"], r["s"], r.get("seconds_default"),
                                          r.get("engine"), r.get("certification")) for r in slow])
    print("not ok:", [(r["k"], r["s"], r["status"]) for r in rows if r["status"] != "ok"])
    print(f"estimate for the catalogue: {total / 3600:.1f} h of entries, "
          f"{total / args.jobs / 3600:.1f} h with --jobs {args.jobs} "
          f"(the sample's wall time scaled without sharing: "
          f"{wall / args.size * len(archs) / args.jobs / 3600:.1f} h)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
