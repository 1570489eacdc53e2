"""Where the time of one ``neurovarieties`` table entry goes: the default engine, the minimal
generators, the Hilbert data, deg mu, the table's reduced Gröbner basis, and the Sage and
Macaulay2 cross-checks under the table's limit.

    .venv/bin/python benchmarks/entry_profile.py [--limit 300] K S [K S ...]

e.g. ``benchmarks/entry_profile.py 3,4,3,4 3,3,1,1 4,2,3,4 2,1,3,1``.  Each architecture's
default-engine part runs in one forked process under ``--limit`` seconds; one line per
architecture.
"""
from __future__ import annotations

import argparse
import sys
import time


def _default_parts(arch) -> dict:
    from lcnalg.geometry.neurovariety import Neurovariety
    V, out = Neurovariety.of(arch), {}

    def timed(name, f):
        t = time.perf_counter()
        value = f()
        out[name] = round(time.perf_counter() - t, 2)
        return value
    r = timed("default_engine", V.ideal_result)
    out.update(engine=r.engine, certification=r.certification, generators=len(r.gens))
    timed("minimal_generators", V.minimal_generators)
    timed("hilbert", V.hilbert_data)
    timed("deg_mu", V.deg_mu)
    R = V.ring()
    timed("reduced_groebner", lambda: R.ideal([R(str(g)) for g in V.minimal_generators()]).groebner_basis())
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=float, default=300.0)
    p.add_argument("archs", nargs="+", help="K S pairs, e.g. 3,4,3,4 3,3,1,1")
    args = p.parse_args(argv)
    if len(args.archs) % 2:
        p.error("give K S pairs")
    from lcnalg.errors import EngineTimeout
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.procs import call_with_time_limit
    from lcnalg.tables.cache import EntryKey
    from lcnalg.tables.make import preload
    from lcnalg.tables.neurovarieties import CROSS_CHECK_SHARE, neurovariety_entry
    from lcnalg.tables.runner import Task, run_isolated
    from lcnalg.tables.make import TABLES
    preload()
    share = TABLES["neurovarieties"].timeout * CROSS_CHECK_SHARE
    for i in range(0, len(args.archs), 2):
        arch = Architecture.parse(args.archs[i], args.archs[i + 1])
        try:
            out = call_with_time_limit(lambda: _default_parts(arch), args.limit, f"profile of {arch}")
        except EngineTimeout:
            out = {"default": f"timeout ({args.limit:g} s)"}
        for b in ("sage", "m2"):
            t = time.perf_counter()
            rec = run_isolated(Task(EntryKey(arch, "neurovarieties", b), neurovariety_entry,
                                    {"backend": b, "timeout": share}, share))
            out[b] = f"{rec['status']} {time.perf_counter() - t:.1f}"
        print(f"{arch} n={arch.n}: {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
