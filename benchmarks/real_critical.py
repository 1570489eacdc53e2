"""Benchmark: all real critical points, certified complete, for the integer training data of
seed 0 — the homotopy solver (lcnalg.training.homotopy: parameter homotopy from a start
system + Krawczyk in ball arithmetic) vs msolve's exact real root isolation over QQ (the
previous method; boxes only, completeness needs the exact count) vs the exact count of real
solutions over QQ (Singular std + Sturm, the previous completeness proof) vs Macaulay2's
MonodromySolver (complex solutions for random complex data; no certificate, no real points),
same run, same systems.

    .venv/bin/python benchmarks/real_critical.py [--quick] [--timeout 120] [--fresh-starts]

Writes ``benchmarks/real_critical.md`` / ``.json``.  The homotopy's time is split into
tracking and certification; the start system (monodromy, once per multiset of filter sizes,
cached on disk) is timed separately: from scratch with ``--fresh-starts`` (a temporary
cache), else taken from the user's cache when there (0 s).  Ratios: baseline seconds /
homotopy seconds (start system excluded: it serves every stride, seed, data set and order
of those filter sizes).
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
CASES = [((3, 2), (2, 1)), ((2, 2, 2), (2, 2, 1)), ((3, 3), (2, 1)), ((2, 2, 3), (2, 2, 1)),
         ((4, 4), (2, 1)), ((2, 3, 3), (2, 2, 1)), ((2, 3, 4), (2, 2, 1)), ((3, 3, 3), (2, 2, 1))]
QUICK = CASES


def _timed(f, timeout):
    from lcnalg.errors import EngineError
    from lcnalg.procs import call_with_time_limit
    t = time.perf_counter()
    try:
        r = call_with_time_limit(f, timeout, "benchmark")
    except EngineError as e:
        return None, f"{type(e).__name__}"
    return round(time.perf_counter() - t, 3), r


def run(cases, timeout):
    from lcnalg import _sage
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.training import homotopy as H
    from lcnalg.training.certify import box_points, exact_real_count
    from lcnalg.training.loss import loss_from_data, random_training_data
    from lcnalg.training.slice import SliceSystem
    from lcnalg.training.eddegree import ged_degree
    from lcnalg.training.monodromy import monodromy_count
    _sage.init()
    from sage.rings.rational_field import QQ
    rows = []
    for k, s in cases:
        arch = Architecture(k, s)
        ell = loss_from_data(arch, *random_training_data(arch, 0))
        fam = H.TensorFamily(k, H.default_gauge(k))
        row = {"k": list(k), "s": list(s), "ged_degree": ged_degree(k)}
        sec, mono = _timed(lambda: H.start_system(fam)[2], 30 * timeout)   # monodromy seconds
        row["start"] = round(mono, 1) if sec is not None else None
        sec, h = _timed(lambda: H.solve_critical(arch, ell), 3 * timeout)   # the baselines get timeout
        row["homotopy"] = sec
        if sec is not None:
            row.update({"tracking": h.seconds_tracking, "certifying": h.seconds_certifying,
                        "certified": h.certified_count, "complete": h.complete,
                        "real": h.real_count})
        S = SliceSystem(arch, [[QQ(x) for x in r] for r in ell.Q], [QQ(x) for x in ell.b],
                        [[QQ(x) for x in a] for a in H.default_gauge(k)], QQ)
        row["msolve_real"], m = _timed(lambda: len(box_points(S, 256, None, "bench")), timeout)
        row["msolve_real_count"] = m if row["msolve_real"] is not None else None
        row["exact"], e = _timed(lambda: exact_real_count(S, None, "bench"), timeout)
        row["exact_count"] = e if row["exact"] is not None else None
        row["m2_monodromy"], c = _timed(lambda: monodromy_count(arch, seed=0, timeout=timeout)["count"],
                                        timeout + 5)
        row["m2_monodromy_count"] = c if row["m2_monodromy"] is not None else None
        for b in ("msolve_real", "exact", "m2_monodromy"):
            row[f"{b}/homotopy"] = (round(row[b] / row["homotopy"], 2)
                                    if row[b] and row["homotopy"] else None)
        row["agrees"] = all(c == row.get("real") for c in (row["msolve_real_count"], row["exact_count"])
                            if c is not None)
        rows.append(row)
        print(row, flush=True)
    return rows


def write(rows, timeout, fresh: bool = False):
    (HERE / "real_critical.json").write_text(json.dumps(rows, indent=1) + "\n")
    f = lambda x: "-" if x is None else f"{x:g}"  # noqa: E731

    def ratio(r, b):
        if r[f"{b}/homotopy"] is not None:
            return f"{r[f'{b}/homotopy']:g}"
        return f"> {timeout / r['homotopy']:.0f}" if r["homotopy"] and r[b] is None else "-"
    lines = ["# Real critical points, certified complete: homotopy vs msolve vs exact count vs M2 monodromy", "",
             f"Seed 0, per-method limit {timeout:g} s (`-` = over the limit). `homotopy` = "
             "parameter homotopy + Krawczyk (tracking + certifying, the rest is setup); `start` = "
             "the start system by monodromy (once per multiset of filter sizes, cached on disk; "
             + ("timed from scratch" if fresh else "0 = taken from the cache of an earlier run")
             + "); `msolve real` = msolve's real root isolation over QQ (boxes, no "
             "completeness); `exact` = the number of real solutions over QQ (Singular std + "
             "Sturm: the previous completeness proof); `M2 monodromy` = Macaulay2's MonodromySolver "
             "(complex solutions for random complex data, probabilistic: no certificate, no real "
             "points; its count in brackets). `track %` / `certify %`: shares of the homotopy's "
             "time. Ratios: baseline s / homotopy s.", "",
             "| k | s | gEDdeg | start s | homotopy s | track % | certify % | certified | "
             "real | msolve real s | exact s | M2 monodromy s | msolve/homotopy | exact/homotopy | "
             "M2/homotopy | counts agree |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    def share(r, part):
        return f"{100 * r[part] / r['homotopy']:.0f}" if r.get(part) is not None and r["homotopy"] else "-"
    for r in rows:
        m2c = f" [{r['m2_monodromy_count']}]" if r.get("m2_monodromy_count") is not None else ""
        lines.append(
            f"| {tuple(r['k'])} | {tuple(r['s'])} | {r['ged_degree']} | {f(r['start'])} | "
            f"{f(r['homotopy'])} | {share(r, 'tracking')} | {share(r, 'certifying')} | "
            f"{r.get('certified', '-')} | {r.get('real', '-')} | {f(r['msolve_real'])} | "
            f"{f(r['exact'])} | {f(r.get('m2_monodromy'))}{m2c} | {ratio(r, 'msolve_real')} | "
            f"{ratio(r, 'exact')} | {ratio(r, 'm2_monodromy')} | {r['agrees']} |")
    (HERE / "real_critical.md").write_text("\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--timeout", type=float, default=None)
    ap.add_argument("--fresh-starts", action="store_true",
                    help="time the start systems from scratch (a temporary cache)")
    a = ap.parse_args(argv)
    a.timeout = a.timeout or (60.0 if a.quick else 120.0)
    cases = QUICK if a.quick else CASES
    if a.fresh_starts:
        with tempfile.TemporaryDirectory(prefix="lcnalg-bench-starts-") as d:
            os.environ["LCNALG_START_CACHE"] = d
            rows = run(cases, a.timeout)
    else:
        rows = run(cases, a.timeout)
    write(rows, a.timeout, a.fresh_starts)


if __name__ == "__main__":
    main()
